"""A container that scrolls its content sideways and says when some of it is out of sight, and the split of
a table into its row labels (kept in place beside it) and the rest (scrolled)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

from rich.box import Box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.containers import HorizontalScroll
from textual.message import Message

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
    labels.columns = [replace(first, no_wrap=True, overflow="ellipsis")]
    # The labels' right padding stands for the column gap the split takes away (pad, divider, pad).
    labels.box, labels.pad_edge, labels.padding = _LABELS_BOX, True, (0, 1, 0, 0)
    figures.columns = [replace(column, _index=index) for index, column in enumerate(rest)]
    figures.box = _FIGURES_BOX
    return labels, figures


class WideScroll(HorizontalScroll, can_focus=False):
    """The screen's arrow keys scroll it (a focused one would take them for itself alone). Overflow is
    checked on resize: a change of content that brings a scrollbar or takes it away resizes it too."""

    @dataclass
    class Overflow(Message):
        scroll: WideScroll
        cut: bool   # some of the content is out of sight

    def __init__(self, *children, **kwargs) -> None:
        super().__init__(*children, **kwargs)
        self.cut = False

    def on_resize(self) -> None:
        self._check()

    def _check(self) -> None:
        cut = self.max_scroll_x > 0
        if cut != self.cut:
            self.cut = cut
            self.post_message(self.Overflow(self, cut))
