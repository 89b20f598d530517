"""The call list's columns: widths by terminal width, cells cut and padded by display cells (CJK = 2)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int          # 0: takes the rest of the line
    right: bool = False


NARROW = (
    Column("rank", "#", 4, True), Column("name", "Name", 10), Column("phone", "Phone", 11),
    Column("segment", "Segment", 10), Column("tier", "Tier", 5), Column("dormant", "Days", 5, True),
    Column("last", "Called", 6), Column("due", "Due", 6), Column("reason", "Reason", 0),
)
WIDE = (
    Column("rank", "#", 5, True), Column("name", "Name", 14), Column("phone", "Phone", 11),
    Column("segment", "Segment", 16), Column("tier", "Tier", 6), Column("dormant", "Dormant days", 7, True),
    Column("last", "Last call", 10), Column("due", "Follow-up due", 11), Column("reason", "Reason", 0),
)
GAP = 1


def columns_for(width: int) -> tuple[tuple[Column, int], ...]:
    """Each column with its width in cells for a line of this many cells."""
    columns = WIDE if width >= 110 else NARROW
    fixed = sum(c.width for c in columns if c.width) + GAP * (len(columns) - 1)
    rest = max(width - fixed, 6)
    return tuple((c, c.width or rest) for c in columns)


def fit(text: str, width: int, right: bool = False) -> str:
    """Exactly width cells: cut with an ellipsis when too long, padded otherwise."""
    text = " ".join(text.split())
    if cell_len(text) > width:
        kept, used = [], 0
        for char in text:   # whole characters only: a wide one that does not fit is left out
            used += cell_len(char)
            if used > width - 1:
                break
            kept.append(char)
        text = "".join(kept) + "…" if width > 1 else set_cell_size(text, width)
    pad = width - cell_len(text)
    return (" " * pad + text) if right else (text + " " * pad)
