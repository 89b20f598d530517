"""A list row whose text wraps under itself, not under the row's leading columns (a hanging indent)."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from workbench.text_wrap import WrappedText, wrap

HANG_MIN = 12   # cells the text needs beside the prefix to hang there (six Chinese characters a line)


class HangingText:
    """A Rich renderable: `prefix` on the first line, then `text` broken as WrappedText does; the lines
    after the first start under the text, not under the prefix (a hanging indent, for list rows)."""

    def __init__(self, prefix: Text, text: Text) -> None:
        self.prefix = prefix
        self.text = text

    @property
    def plain(self) -> str:
        return self.prefix.plain + self.text.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = self.prefix.cell_len
        # Only when too narrow to hang does the text wrap under the prefix: a prefix of half the line or more
        # (the agenda's 40 cells in 80 columns) still leaves the text room.
        if options.max_width - indent < HANG_MIN:
            yield WrappedText(self.prefix + self.text)
            return
        lines = wrap(self.text, options.max_width - indent) or [Text()]
        joined = Text("\n").join(Text(" " * indent) + line if n else self.prefix + line for n, line in enumerate(lines))
        joined.overflow = "fold"
        yield joined

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.prefix + self.text)
