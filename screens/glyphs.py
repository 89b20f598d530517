"""The glyphs the app draws, and plain ones where the console cannot show them: decided once at start-up from the
encoding the screen is written in.

A console whose encoding is GBK (a Chinese Windows console, PuTTY or Xshell set to GBK) cannot write ⏎, ⌫, ▀, ▐, •
(Python writes them as the six characters \\u23ce...). One in a GB18030 or GBK locale draws the characters Unicode
leaves ambiguous (East Asian Width A: … · ─ │ ▼ “ —) two cells wide, as that locale's C library measures them, while
the app lays them out in one: a dialog lost its right border, a cut reason its mark. On both the app names keys in
words, draws borders, check boxes and its separators in ASCII of the same width (plain_glyphs.PlainGlyphs) and ends a
cut text with ... (mark). A UTF-8 console that draws them wide (PuTTY's "CJK ambiguous characters are wide", Xshell's)
cannot be told from the locale, and asking the terminal (draw … and read where the cursor went) would race Textual for
the keys: WORKBENCH_AMBIGUOUS_WIDE=1 says so (and 0 that a GB18030 console draws them narrow)."""

from __future__ import annotations

import codecs
import re
import sys
import unicodedata
from collections.abc import Mapping

from rich.cells import cell_len

from workbench.i18n import pgettext

# The app's own glyphs and Textual's, each with one any console writes and draws one cell wide: a border's line or
# corner, a bar, a check box's side, a drop-down's arrow, a bullet.
SHAPES = (("UP-POINTING", "^"), ("DOWN-POINTING", "v"), ("RIGHT-POINTING", ">"), ("LEFT-POINTING", "<"),
          ("CIRCLE", "o"), ("SQUARE", "#"), ("RECTANGLE", "#"), ("BULLET", "*"))


def _plain(char: str) -> str:
    """An ASCII stand-in for a box-drawing, block or shape character (U+2500-U+25FF) or a bullet."""
    name = unicodedata.name(char, "")
    words = set(name.replace("-", " ").split())
    if name.startswith("BOX DRAWINGS"):
        if "DIAGONAL" in words:
            return {"UPPER RIGHT TO LOWER LEFT": "/", "UPPER LEFT TO LOWER RIGHT": "\\"}.get(name.split("DIAGONAL ")[-1], "X")
        across, along = words & {"HORIZONTAL", "LEFT", "RIGHT"}, words & {"VERTICAL", "UP", "DOWN"}
        return "-" if across and not along else "|" if along and not across else "+"
    if "FULL BLOCK" in name or "SHADE" in words:
        return "#"
    if "QUADRANT" in words:
        return "+"
    if words & {"LEFT", "RIGHT"} and "BLOCK" in words:
        return "|"
    if words & {"UPPER", "LOWER"} and "BLOCK" in words:
        return "-"
    return next((plain for word, plain in SHAPES if word in name), "*")


PLAIN = {code: _plain(chr(code)) for code in (*range(0x2500, 0x2600), 0x2022, 0x2023)}

# The app's separator, a middle dot between spaces ("登记结果 · 吴晓婷") or after a closing bracket ("（先确认）· esc"),
# drawn plain as a bar; a name's dot, between letters (阿依古丽·买买提), is the customer's and stays.
SEPARATOR = re.compile(r"(?:(?<=[\s）)])|^)·(?=\s|$)")

# The app's own marks that such a console draws two cells wide, with their plain forms: a customer's text is shown
# as stored.
MARKS = {"…": "...", "·": "|", "→": "->", "←": "<-", "“": '"', "”": '"'}

# Punctuation Unicode leaves ambiguous, whoever's text holds it (a translated sentence quoting what to type: 加上“全天”,
# a customer's note, a page's range 第 501–1,000 名), drawn by the filter in ASCII of the one cell it was laid out
# in: a straight quote, not 「」, which are two cells on every console and would push the rest of the line right.
NARROW = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})

AMBIGUOUS_WIDE = "WORKBENCH_AMBIGUOUS_WIDE"

_plain_console = False   # decided at start-up (start)


def output_encoding() -> str:
    """The encoding the screen is written in: Textual draws on standard error."""
    return getattr(sys.__stderr__, "encoding", None) or "utf-8"


def writes_all(encoding: str) -> bool:
    """Whether encoding writes every glyph the app and Textual draw (UTF-8 does; GBK lacks ⏎, ⌫, ▀, ▐, •)."""
    try:
        "".join(map(chr, PLAIN)).encode(encoding)
        "⏎⌫".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def plain_console(encoding: str, environ: Mapping[str, str]) -> bool:
    """Whether the app draws plain glyphs on a console writing encoding: one that cannot write them all (GBK), else
    one said to draw ambiguous characters wide (WORKBENCH_AMBIGUOUS_WIDE=1), or not (0), else one whose encoding is
    not UTF-8 (GB18030: a Chinese locale's, whose consoles draw them wide)."""
    if not writes_all(encoding):
        return True
    said = environ.get(AMBIGUOUS_WIDE, "").strip()
    if said in ("0", "1"):
        return said == "1"
    return codecs.lookup(encoding).name != "utf-8"   # Python's own name: utf-8 for UTF8 too


def start(encoding: str, environ: Mapping[str, str]) -> bool:
    """Decide, once as the app starts, whether it draws plain glyphs; the answer."""
    global _plain_console
    _plain_console = plain_console(encoding, environ)
    return _plain_console


def mark(glyph: str) -> str:
    """One of the app's marks (… at the end of a cut text or a "Loading…", · between parts, → ← arrows, “ ” quotes),
    or its plain form where the console is plain (..., |, ->, <-, ")."""
    return MARKS[glyph] if _plain_console else glyph


def key_word(name: str) -> str | None:
    """The name of a key Textual spells with a symbol (⏎, ⌫, ↑), in words where the console is plain (enter: 回车);
    None where its symbol is drawn."""
    if not _plain_console:
        return None
    return {"enter": pgettext("key", "enter"), "backspace": pgettext("key", "backspace"), "up": pgettext("key", "up"),
            "down": pgettext("key", "down"), "left": pgettext("key", "left"), "right": pgettext("key", "right")}.get(name)


def plain_text(text: str, encoding: str) -> str:
    """text with its box-drawing, block and shape characters and the app's separator · in ASCII, and any other
    encoding cannot write as '?' (as wide as it): each cell where it was."""
    text = SEPARATOR.sub("|", text.translate(PLAIN))
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return "".join(char if _writes(char, encoding) else "?" * cell_len(char) for char in text)
    return text


def _writes(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True

