"""Line breaking for Chinese text as it is typeset: no line starts with closing punctuation (，。；：！？）…)
and none ends with an opening bracket (（“《…); a Latin word or a number (Mr Smith, 29,624.32) is never cut, nor parted from
the unit that follows it (165天, 5万).

Rich folds a run of Chinese characters wherever the width ends, so a script read aloud could show a
line beginning with "，" or a balance split over two lines. ``WrappedText`` breaks the lines itself at
the width it is given and hands Rich lines that already fit.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

NO_LINE_START = frozenset("，。、；：！？）》」』】〕”’…—·％,.;:!?)]}%")
NO_LINE_END = frozenset("（《「『【〔“‘([{")
# Units and counters read with the number before them: "165天" is one word, not "165" and "天".
UNITS = frozenset("天年月日时分秒元万亿次位个岁项条户笔倍")


def _in_word(char: str) -> bool:
    """A Latin word, a number, an amount or a code: any visible ASCII character."""
    return char.isascii() and not char.isspace()


def _joined(plain: str, i: int) -> bool:
    """Whether no line may break before plain[i]: inside a word, or between a number and its units (5万元)."""
    before, after = plain[i - 1], plain[i]
    if _in_word(before):
        return _in_word(after) or (before.isdigit() and after in UNITS)
    return before in UNITS and after in UNITS and i >= 2 and plain[i - 2].isdigit()


def line_starts(plain: str, width: int) -> list[int]:
    """Where each line after the first starts when `plain` (one paragraph, no newline) fills `width` cells."""
    starts: list[int] = []
    start, used, i = 0, 0, 0
    while i < len(plain):
        cells = cell_len(plain[i])
        if used + cells <= width or i == start:
            used += cells
            i += 1
            continue
        cut, moved = i, True
        while moved:   # until neither rule moves the break: keeping a word whole may leave “ at a line's end
            before = cut
            # Pull characters down rather than start a line with closing punctuation or end one with an opening bracket.
            while cut > start + 1 and (plain[cut] in NO_LINE_START or plain[cut - 1] in NO_LINE_END):
                cut -= 1
            if _joined(plain, cut):
                word = cut - 1
                while word > start and _joined(plain, word):
                    word -= 1
                cut = word if word > start else cut   # a word longer than the line is cut after all
            moved = cut != before
        while cut < len(plain) and plain[cut] == " ":
            cut += 1   # the spaces at a break are dropped
        if cut >= len(plain):
            break
        starts.append(cut)
        start, used, i = cut, 0, cut
    return starts


def wrap(text: Text, width: int) -> list[Text]:
    """The lines of `text` at `width` cells, styles kept; its own newlines stay line breaks."""
    lines: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True):
        for line in paragraph.divide(line_starts(paragraph.plain, max(width, 1))):
            line.rstrip()
            lines.append(line)
    return lines


class WrappedText:
    """A Rich renderable: the text broken into lines by the rules above at the width it is drawn at."""

    def __init__(self, text: Text) -> None:
        self.text = text

    @property
    def plain(self) -> str:
        return self.text.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        joined = Text("\n").join(wrap(self.text, options.max_width))
        joined.overflow = "fold"   # only a single character wider than the line is left to Rich
        yield joined

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.text)

