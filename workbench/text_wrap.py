"""Line breaking for Chinese text as it is typeset: no line starts with closing punctuation (，。；：！？）…)
and none ends with an opening bracket (（“《…); a Latin word or a number (Mr Smith, 29,624.32, 2026-11-16, 0–100)
is never cut, nor parted from the unit that follows it (165天, 5万). A list of clauses may also ask for its
lines to break after ；。，： or before （ where that still fills half the line. A no-break space or a word joiner
(U+00A0, U+2060) keeps what is either side of it on one line, as Unicode's line breaking has them do: a help
text's examples (明天, 'all day') are glued so, and WrappedText draws them as a space and as nothing.

Rich folds a run of Chinese characters wherever the width ends, so a script read aloud or a call list's
reasons could show a line beginning with "，" or a date split over two lines. ``WrappedText`` breaks the
lines itself at the width it is given and hands Rich lines that already fit (the screens and the CLI's tables).
English text (``words``) breaks only at its spaces, as Rich breaks English: a run of Chinese characters in it, a
product's or a branch's name (your 整存整取两年 with us), stays whole like any word, unless it is longer than a line.
"""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from workbench.codes import ERASED_NAME

NO_LINE_START = frozenset("，。、；：！？）》」』】〕”’…—·％,.;:!?)]}%")
NO_LINE_END = frozenset("（《「『【〔“‘([{")
# What keeps the characters either side of it on one line, and what each is drawn as: it only glues.
GLUE = {"\u00a0": " ", "\u2060": ""}
# Units and counters read with the number before them: "165天" is one word, not "165" and "天".
UNITS = frozenset("天年月日时分秒元万亿次位个岁项条户笔倍人名档")
ORDINAL = "第"   # read with the number after it: 第 3 档, 第12行
# Where a list of clauses prefers its lines to break: after a clause's end, or before a bracketed aside.
CLAUSE_ENDS = frozenset("；。！？，：")
ASIDE_OPENS = frozenset("（《「『【〔")


def _in_word(char: str) -> bool:
    """A Latin word, a number, an amount or a code: any visible character narrower than a Chinese one (José, 0–100)."""
    return not char.isspace() and cell_len(char) < 2


def _joined(plain: str, i: int) -> bool:
    """Whether no line may break before plain[i]: inside a word, between a number and its units (5万元, 6 人), or
    after the ordinal 第 before its number (第 3 档)."""
    before, after = plain[i - 1], plain[i]
    if before in GLUE or after in GLUE:
        return True
    if before == " ":   # a number set off from its unit by a space (6 人): the break is at the space
        return (after in UNITS and plain[i - 2: i - 1].isdigit()) or (after.isdigit() and plain[i - 2: i - 1] == ORDINAL)
    if after == " ":
        return (before.isdigit() and plain[i + 1: i + 2] in UNITS) or (before == ORDINAL and plain[i + 1: i + 2].isdigit())
    if before == ORDINAL and after.isdigit():
        return True
    if _in_word(before):
        return _in_word(after) or (before.isdigit() and after in UNITS)
    return before in UNITS and after in UNITS and i >= 2 and plain[i - 2].isdigit()


def _between_words(plain: str, i: int) -> bool:
    """_joined for English text: no line may break before plain[i] but at a space, so a Latin word and a run of
    Chinese characters (浦江银行城东支行) alike stay whole; the rules for Chinese punctuation do not apply."""
    if plain[i - 1] in GLUE or plain[i] in GLUE:
        return True
    return not (plain[i - 1].isspace() or plain[i].isspace())


def _breakable(plain: str, i: int) -> bool:
    """Whether a line may break before plain[i] by every rule above."""
    return plain[i] not in NO_LINE_START and plain[i - 1] not in NO_LINE_END and not _joined(plain, i)


def _clause_break(plain: str, start: int, cut: int, width: int) -> int:
    """The last break in plain[start:cut] after ；。，： or before （ that leaves the line at least half full, else cut."""
    used = cell_len(plain[start:cut])
    for j in range(cut - 1, start, -1):
        used -= cell_len(plain[j])
        if used * 2 < width:
            break
        if (plain[j - 1] in CLAUSE_ENDS or plain[j] in ASIDE_OPENS) and _breakable(plain, j):
            return j
    return cut


def line_starts(plain: str, width: int, clauses: bool = False, words: bool = False) -> list[int]:
    """Where each line after the first starts when `plain` (one paragraph, no newline) fills `width` cells;
    with `clauses`, a break after a clause or before an aside is preferred (see _clause_break); with `words`,
    the text is English and breaks only at its spaces (_between_words).

    Linear in the length whatever the width: a line goes on from where the last one stopped measuring, and
    a run of closing marks is stepped over once (see _pull_down), so 20,000 。 or one 20,000-letter word
    cost no more than ordinary text (bench/bench_text_wrap.py)."""
    joined = _between_words if words else _joined
    starts: list[int] = []
    start, used, i = 0, 0, 0
    marks = [1, 0]   # a run where no line may start (_pull_down): none found yet
    while i < len(plain):
        cells = cell_len(plain[i])
        if used + cells <= width or i == start:
            used += cells
            i += 1
            continue
        cut, moved = i, True
        while moved:   # until neither rule moves the break: keeping a word whole may leave “ at a line's end
            before = cut
            cut = cut if words else _pull_down(plain, start, cut, marks)   # English sets a bracket as a word
            if joined(plain, cut):
                word = cut - 1
                while word > start and joined(plain, word):
                    word -= 1
                cut = word if word > start else cut
            moved = cut != before
        if joined(plain, cut):   # the rules led back into a word that starts the line
            end = cut
            while end <= i and end < len(plain) and joined(plain, end):   # no further than the line could reach
                end += 1
            # Whole if it fits, though a closing mark then starts the next line; else folded where the line is full.
            cut = end if end <= i else i
        if clauses:
            cut = _clause_break(plain, start, cut, width)
        while cut < len(plain) and plain[cut] == " ":
            cut += 1   # the spaces at a break are dropped
        if cut >= len(plain):
            break
        starts.append(cut)
        if cut < i:   # plain[cut:i] fitted on this line, so it fits on the next: measured once, not again
            used -= cell_len(plain[start:cut])
        else:
            used, i = 0, cut
        start = cut
    return starts


def _pull_down(plain: str, start: int, cut: int, marks: list[int]) -> int:
    """The break pulled back, characters and all, rather than start a line with closing punctuation or end one with
    an opening bracket, though never to the line's first character. `marks` holds the last run of places no line
    may start at, [first, last], so that the next lines, all inside a run of 。, step over it instead of walking it."""
    top = cut
    while cut > start + 1 and (plain[cut] in NO_LINE_START or plain[cut - 1] in NO_LINE_END):
        cut = max(marks[0] - 1, start + 1) if marks[0] <= cut <= marks[1] else cut - 1
    if top > cut:
        marks[:] = [cut + 1, max(top, marks[1]) if marks[0] - 1 <= top <= marks[1] else top]
    return cut


def _without_widow(plain: str, starts: list[int], width: int) -> list[int]:
    """`starts` with the last break moved back a character or two, where the rules allow and the line still fits,
    when the last line would hold one Chinese character and its closing marks alone (设置 / 项。): Chinese is not
    typeset so. The line above keeps at least two characters."""
    if not starts or plain[starts[-1] - 1].isspace():
        return starts
    last = starts[-1]
    kept = [char for char in plain[last:] if char not in NO_LINE_START and not char.isspace()]
    if len(kept) != 1 or cell_len(kept[0]) < 2:
        return starts
    above = starts[-2] if len(starts) > 1 else 0
    for cut in range(last - 1, max(above + 1, last - 3), -1):
        if _breakable(plain, cut) and cell_len(plain[cut:].rstrip()) <= width:
            return [*starts[:-1], cut]
    return starts


def wrap(text: Text, width: int, clauses: bool = False, words: bool = False) -> list[Text]:
    """The lines of `text` at `width` cells, styles kept; its own newlines stay line breaks; no Chinese paragraph ends
    on a lone Chinese character (_without_widow); `words` as for line_starts."""
    lines: list[Text] = []
    width = max(width, 1)
    for paragraph in text.split("\n", allow_blank=True):
        starts = line_starts(paragraph.plain, width, clauses, words)
        for line in paragraph.divide(starts if words else _without_widow(paragraph.plain, starts, width)):
            line.rstrip()
            lines.append(line)
    return lines


class WrappedText:
    """A Rich renderable: the text broken into lines by the rules above at the width it is drawn at
    (a table cell's width in a Rich Table); `clauses` and `words` (English text) as for line_starts; more lines than
    max_lines are cut to it, the last ending with `ellipsis` (the screen's: "..." on a plain console, glyphs.mark)."""

    def __init__(self, text: Text, clauses: bool = False, words: bool = False, max_lines: int | None = None,
                 ellipsis: str = "…") -> None:
        self.text, self.clauses, self.words, self.max_lines, self.ellipsis = text, clauses, words, max_lines, ellipsis

    @property
    def plain(self) -> str:
        return self.text.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = wrap(self.text, options.max_width, self.clauses, self.words)
        if self.max_lines is not None and len(lines) > self.max_lines:   # cut short, and seen to be: an ellipsis
            lines = lines[:self.max_lines]
            lines[-1].truncate(max(options.max_width - cell_len(self.ellipsis), 0))
            lines[-1].rstrip()
            lines[-1].append(self.ellipsis)
        joined = Text("\n").join(map(_drawn, lines))
        joined.overflow = "fold"   # only a single character wider than the line is left to Rich
        yield joined

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.text)


def _drawn(line: Text) -> Text:
    """A line as it is drawn: its glue (GLUE) as a space or as nothing, styles kept; a word joiner copied from the
    screen into a command line would make the example there another word."""
    plain = line.plain
    if not any(char in plain for char in GLUE):
        return line
    line = line.copy()
    line.plain = plain.replace("\u00a0", " ")   # as long: every style stays on its characters
    cuts = [k for i, char in enumerate(plain) if char == "\u2060" for k in (i, i + 1)]
    return Text("").join(piece for piece in line.divide(cuts) if piece.plain != "\u2060") if cuts else line


def in_words(lang: str | None = None) -> bool:
    """Whether text in lang (default: the interface's) breaks between words, as English does (WrappedText's words),
    a Chinese name in it kept whole; else as Chinese is typeset."""
    if lang is None:
        from workbench.i18n import get_language   # late, as in shown_name: the interface's language when asked

        lang = get_language()
    return lang != "zh_CN"


def typeset(text: Text, lang: str, clauses: bool = False) -> Text | WrappedText:
    """A sentence in `lang` for a Rich table cell: Chinese broken as it is typeset; English left to Rich,
    which breaks only between words (a Chinese tag or name in it stays whole)."""
    return WrappedText(text, clauses) if lang == "zh_CN" else text


# What stands for a character of customer text that would act on the terminal line instead of showing.
HIDDEN_MARK = "\ufffd"
_KEPT_CONTROLS = frozenset("\t\n")   # a note's lines and tabs are laid out as such


def shown_name(text: str | None) -> str:
    """Customer text (a name, or text made from one) as it may be drawn: each character that would steer the
    line instead of showing on it becomes a visible HIDDEN_MARK (\ufffd), so a name can neither reorder nor hide
    what follows it (杨\u202e伟 would print the rest of the row backwards) and the manager sees that the stored
    name holds one. Those are Unicode's format characters (the bidi overrides, embeddings and isolates U+202A..E
    and U+2066..9, the marks U+200E/F, zero-width spaces and joiners U+200B..D, the byte order mark), control
    characters but tab and newline (an escape sequence), and the line and paragraph separators. The one place
    customer names are made safe to draw, in the app and the CLI's tables; the stored name is never changed. An
    erased customer's placeholder name is drawn in the interface language (（已删除）, not '(erased)')."""
    if not text:
        return ""
    if text == ERASED_NAME:
        from workbench.i18n import gettext   # late: only an erased customer needs the catalogue here

        return gettext(ERASED_NAME)
    if text.isprintable():   # the usual name, quickly (isprintable is false for every character replaced below)
        return text
    return "".join(HIDDEN_MARK if _steers(char) else char for char in text)


def _steers(char: str) -> bool:
    """A character that acts on the terminal line instead of showing on it (shown_name's list)."""
    return unicodedata.category(char) in ("Cf", "Cc", "Zl", "Zp") and char not in _KEPT_CONTROLS


def holds_steering(text: str) -> bool:
    """Whether text typed as words of one's own (a purpose, a campaign's title) holds a character shown_name would
    replace: an escape sequence or an invisible character, refused where such text is written."""
    return not text.isprintable() and any(map(_steers, text))
