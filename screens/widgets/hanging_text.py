"""A list row whose text wraps under itself, not under the row's leading columns (a hanging indent)."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from workbench.text_wrap import WrappedText, wrap


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
        if indent >= options.max_width // 2:   # too narrow to hang: the text wraps under the prefix
            yield WrappedText(self.prefix + self.text)
            return
        lines = wrap(self.text, options.max_width - indent) or [Text()]
        joined = Text("\n").join(Text(" " * indent) + line if n else self.prefix + line for n, line in enumerate(lines))
        joined.overflow = "fold"
        yield joined

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.prefix + self.text)
