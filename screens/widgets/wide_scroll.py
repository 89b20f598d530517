"""A container that scrolls its content sideways and says when some of it is out of sight."""

from __future__ import annotations

from dataclasses import dataclass

from textual.containers import HorizontalScroll
from textual.message import Message


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
