"""StatusText: a sentence for a status line of a few rows, cut with … (glyphs.mark: ... where the console draws … two
cells wide) past them rather than losing its end."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from workbench.screens.glyphs import mark
from workbench.text_wrap import line_starts, wrap


class StatusText:
    """A sentence for the status line: at most `lines` lines at the width it is drawn at, broken as text_wrap
    breaks them; a longer one (a refusal naming a long campaign title, in English) ends its last line with …
    where a line may break, rather than losing its end unseen."""

    def __init__(self, text: Text, lines: int) -> None:
        self.text, self.lines = text, lines

    @property
    def plain(self) -> str:
        return self.text.plain

    def __str__(self) -> str:
        return self.text.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width, 2)
        starts = line_starts(self.text.plain, width)
        if len(starts) < self.lines:
            yield Text("\n").join(wrap(self.text, width))
            return
        *shown, rest = self.text.divide(starts[: self.lines - 1])
        ellipsis = mark("…")
        last = rest[: line_starts(rest.plain, max(width - cell_len(ellipsis), 1))[0]]   # a line that leaves it room
        last.rstrip()
        last.append(ellipsis)
        for line in shown:
            line.rstrip()
        yield Text("\n").join([*shown, last])

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.text)
