"""The call list's columns: widths by terminal width, cells cut and padded by display cells (CJK = 2)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from rich.cells import cell_len, set_cell_size

from workbench.screens.glyphs import mark


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int          # 0: takes the rest of the line
    right: bool = False


# The widest masked mainland number, whole: a four-digit area code with an eight-digit number (0512****5337), so the
# tail a manager reads back is never cut; the phone column's width for a list of such numbers.
PHONE_CELLS = 12
# The widest it gets: an international number of E.164's fifteen digits after its + (mask_phone keeps the length).
PHONE_MOST = 16
# Richest first. The reasons (why the customer is on the list) always take the rest of the line; the
# columns they repeat go first as the line narrows: the segment (the first reason starts with it), then
# the dormant days, the last call and the follow-up due (a follow-up's reason gives its day, and the
# row's colour marks it due or overdue).
WIDE = (
    Column("rank", "#", 5, True), Column("name", "Name", 14), Column("phone", "Phone", PHONE_CELLS),
    Column("segment", "Segment", 16), Column("tier", "Tier", 5), Column("dormant", "Days", 5, True),
    Column("last", "Called", 6), Column("due", "Due", 6), Column("reason", "Reason", 0),
)
MEDIUM = tuple(c for c in WIDE if c.key != "segment")
NARROW = (
    Column("rank", "#", 4, True), Column("name", "Name", 10), Column("phone", "Phone", PHONE_CELLS),
    Column("tier", "Tier", 5), Column("reason", "Reason", 0),
)
LAYOUTS = (WIDE, MEDIUM, NARROW)
REASON_MIN = 56   # cells the reasons keep before a layout with fewer columns is used
GAP = 1
TIER_CELLS = 5     # the tier column's width for the usual lines (300万); a branch's wider names widen it
TIER_MOST = 10     # the widest it gets: a longer name is cut rather than taking the reasons' room


def fixed_width(columns: tuple[Column, ...]) -> int:
    """Cells taken by the fixed-width columns and the gaps between all columns."""
    return sum(c.width for c in columns) + GAP * (len(columns) - 1)


@lru_cache(maxsize=64)
def columns_for(width: int, tier: int = TIER_CELLS, rank: int = 0,
                phone: int = PHONE_CELLS) -> tuple[tuple[Column, int], ...]:
    """Each column with its width in cells for a line of this many cells, the tier column as wide as the
    widest tier name (tier cells, within TIER_CELLS..TIER_MOST), the phone column as the widest masked number
    (phone cells, within PHONE_CELLS..PHONE_MOST), the rank column as the largest rank (rank cells, no narrower
    than the layout's): the richest layout that leaves the reasons REASON_MIN cells, else the narrowest."""
    sized = {"tier": min(max(tier, TIER_CELLS), TIER_MOST), "phone": min(max(phone, PHONE_CELLS), PHONE_MOST)}
    layouts = [tuple(replace(c, width=sized[c.key]) if c.key in sized else
                     replace(c, width=max(c.width, rank)) if c.key == "rank" else c for c in layout)
               for layout in LAYOUTS]
    columns = next((c for c in layouts if width - fixed_width(c) >= REASON_MIN), layouts[-1])
    rest = max(width - fixed_width(columns), 6)
    return tuple((c, c.width or rest) for c in columns)


def fit(text: str, width: int, right: bool = False) -> str:
    """Exactly width cells: cut with an ellipsis when too long, padded otherwise."""
    text = cut(text, width)
    pad = width - cell_len(text)
    return (" " * pad + text) if right else (text + " " * pad)


def cut(text: str, width: int) -> str:
    """At most width cells, on one line: cut with an ellipsis when too long (... where the console draws … two cells
    wide, so the mark is not lost past the edge)."""
    text = " ".join(text.split())
    if cell_len(text) > width:
        ellipsis = mark("…")
        kept, used = [], 0
        for char in text:   # whole characters only: a wide one that does not fit is left out
            used += cell_len(char)
            if used > width - cell_len(ellipsis):
                break
            kept.append(char)
        text = "".join(kept) + ellipsis if width > cell_len(ellipsis) else set_cell_size(text, width)
    return text
