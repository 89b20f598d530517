"""A container that scrolls its content sideways and says when some of it is out of sight, and the split of
a table into its row labels (kept in place beside it) and the rest (scrolled)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

from rich.box import Box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual.containers import HorizontalScroll
from textual.message import Message

from workbench.screens.glyphs import mark

# SIMPLE_HEAD with the header's rule carried over the edge the two parts meet at, so it reads as one line.
_LABELS_BOX = Box("    \n    \n ───\n    \n    \n    \n    \n    \n")
_FIGURES_BOX = Box("    \n    \n─── \n    \n    \n    \n    \n    \n")


def split_labels(content: RenderableType) -> tuple[RenderableType, RenderableType]:
    """A table as (its first column, the other columns), which side by side print as the table did; the
    labels are kept to one line each so the rows still line up when the labels' part is narrowed.
    Anything else is ("", itself)."""
    if not isinstance(content, Table) or len(content.columns) < 2:
        return Text(""), content
    first, *rest = content.columns
    labels, figures = copy.copy(content), copy.copy(content)
    labels.columns = [replace(first, no_wrap=True, overflow="ellipsis", _cells=list(map(_Cut, first._cells)))]
    # The labels' right padding stands for the column gap the split takes away (pad, divider, pad).
    labels.box, labels.pad_edge, labels.padding = _LABELS_BOX, True, (0, 1, 0, 0)
    figures.columns = [replace(column, _index=index) for index, column in enumerate(rest)]
    figures.box = _FIGURES_BOX
    return labels, figures


class _Cut:
    """A label of the labels' part, cut at the width it is drawn at with glyphs.mark's ellipsis (... where the
    console draws … two cells wide), not Rich's own …; measured as the label."""

    def __init__(self, label: RenderableType) -> None:
        self.label = label

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        label = self.label
        if isinstance(label, str):   # as the table would have drawn it
            label = console.render_str(label, highlight=options.highlight, markup=options.markup)
        if isinstance(label, Text) and label.cell_len > options.max_width:
            ellipsis = mark("…")
            label = label.copy()
            label.truncate(max(options.max_width - cell_len(ellipsis), 0))
            label.rstrip()
            label.append(ellipsis)
        yield label

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.label)


def column_starts(console: Console, content: RenderableType) -> tuple[list[int], int]:
    """Where each column of a table starts (its left padding) when printed at its natural width, and that
    width; a scroll that stops only there never shows a cell cut in two ("3%" of "33%") beside the labels.
    Anything else has one start, 0."""
    options = console.options.update_width(100_000)

    def width(part: RenderableType) -> int:
        return Measurement.get(console, options, part).maximum

    if not isinstance(content, Table):
        return [0], width(content)
    starts = [0]
    for k in range(1, len(content.columns)):
        first = copy.copy(content)
        first.columns = content.columns[:k]
        starts.append(width(first) + 1)   # the first k columns as a table end at their right edge: + 1 pad
    return starts, width(content)


class WideScroll(HorizontalScroll, can_focus=False):
    """The screen's arrow keys scroll it (a focused one would take them for itself alone). Overflow is
    checked on resize and once new content is laid out (its width changes no size of the scroll's own
    when no scrollbar row comes or goes, as with scrollbar-size-horizontal: 0)."""

    @dataclass
    class Overflow(Message):
        scroll: WideScroll
        cut: bool   # some of the content is out of sight

    def __init__(self, *children, **kwargs) -> None:
        super().__init__(*children, **kwargs)
        self.cut = False
        self.stops: list[int] = [0]   # where the scroll may stop: the content's column starts
        self.content_width = 0

    def set_stops(self, stops: list[int], content_width: int) -> None:
        """The content's column starts (column_starts) and width, for step() and the room past the end. A scroll
        left inside a column of the new content (another period's figures are wider) goes back to its start."""
        self.stops, self.content_width = stops, content_width
        self._fit_end()
        x = round(self.scroll_x)
        if x not in stops:
            self.scroll_to(x=max((s for s in stops if s <= x), default=0), animate=False)

    def step(self, direction: int) -> None:
        """Scroll about half the view's width (at least 8 cells) that way, stopping at a column's start."""
        x, reach = round(self.scroll_x), max(8, self.size.width // 2)
        if direction > 0:
            ahead = [s for s in self.stops if x < s <= self.max_scroll_x]
            near = [s for s in ahead if s <= x + reach]
            to = max(near) if near else min(ahead, default=None)
        else:
            behind = [s for s in self.stops if s < x]
            near = [s for s in behind if s >= x - reach]
            to = min(near) if near else max(behind, default=None)
        if to is not None:
            self.scroll_to(x=to, animate=False)

    def _fit_end(self) -> None:
        """Room past the content's end so that the last step stops at a column's start too: the content is
        made as wide as that start plus the view."""
        if not self.children:
            return
        over = self.content_width - self.size.width
        if over <= 0:   # it fits: no room to add, nor a width to hold the content at
            self.children[0].styles.min_width = None
            return
        end = min((s for s in self.stops if s >= over), default=over)
        self.children[0].styles.min_width = end + self.size.width if end > over else None

    def on_resize(self) -> None:
        self._fit_end()
        self._check()

    def watch_virtual_size(self) -> None:
        self.call_after_refresh(self.on_resize)

    def _check(self) -> None:
        cut = self.max_scroll_x > 0
        if cut != self.cut:
            self.cut = cut
            self.post_message(self.Overflow(self, cut))
