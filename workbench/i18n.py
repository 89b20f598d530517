"""One message catalogue for the CLI and the TUI, in the gettext manner.

Messages are written in English in the code and looked up in ``locale/<lang>.<part>.toml``
(``"English" = "中文"``); each part of the product keeps its own file, and a message is in one file only.
Where one English word needs two Chinese words (an export's "Outcome" column against the call list's
"Outcome" key), the second sense goes in a TOML table named for its context and is looked up with
pgettext(), which falls back to the plain entry. Codes are never translated, only their labels. Customer data never passes through here.
"""

from __future__ import annotations

import locale
import os
import string
import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("en", "zh_CN")
_LOCALE_DIR = Path(__file__).parent / "locale"
_current = "en"


def normalise(lang: str | None) -> str:
    """Map 'zh', 'zh_CN.UTF-8', 'zh-Hans', 'en_US' ... to one of LANGUAGES."""
    if not lang:
        return "en"
    lang = lang.lower().replace("-", "_")
    if lang.startswith("zh"):
        return "zh_CN"
    return "en"


def language_from_environment() -> str:
    for var in ("WORKBENCH_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(var):
            return normalise(os.environ[var])
    try:
        return normalise(locale.getlocale()[0])
    except ValueError:
        return "en"


def set_language(lang: str | None) -> str:
    """Choose the language: the given one, else the environment's. Returns the choice."""
    global _current
    if lang is not None and normalise(lang) != "zh_CN" and not lang.lower().startswith("en"):
        from workbench.errors import WorkbenchError

        raise WorkbenchError(gettext("Unknown language {lang!r}; use one of: {languages}.").format(
            lang=lang, languages=join_list(LANGUAGES)))
    _current = normalise(lang) if lang else language_from_environment()
    return _current


def get_language() -> str:
    return _current


# Between a context and its message in a catalogue key, as GNU gettext keeps them.
CONTEXT_SEPARATOR = "\x04"


def catalogue_files(lang: str) -> list[Path]:
    return sorted(_LOCALE_DIR.glob(f"{lang}.*.toml"))


def read_catalogue_file(path: Path) -> dict[str, str]:
    """One file's messages; a table's entries are keyed context + CONTEXT_SEPARATOR + message."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    messages: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            messages.update({f"{key}{CONTEXT_SEPARATOR}{k}": v for k, v in value.items()})
        else:
            messages[key] = value
    return messages


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    messages: dict[str, str] = {}
    for path in catalogue_files(lang):
        messages.update(read_catalogue_file(path))
    return messages


def gettext(message: str, lang: str | None = None) -> str:
    lang = lang or _current
    if lang == "en":
        return message
    return catalogue(lang).get(message, message)


def pgettext(context: str, message: str, lang: str | None = None) -> str:
    """message in the sense its context gives it: the entry in the context's table, else the plain one (a
    context's table holds only the words that differ from the rest of the product)."""
    lang = lang or _current
    if lang == "en":
        return message
    return catalogue(lang).get(f"{context}{CONTEXT_SEPARATOR}{message}") or gettext(message, lang)


# join_list's words before the last item: all of them, or any one.
AND, OR = "and", "or"


def join_list(items, lang: str | None = None, *, last: str | None = None):
    """Items named in a sentence: 'reached, no_answer' in English, 'reached、no_answer' in Chinese (the
    enumeration comma, not the ASCII one nor the clause comma ，). last (AND or OR) is the word before the last
    item: 'New Year's Day, National Day and the Double Ninth Festival' (元旦、国庆节和重阳节), 'n or esc'; a Chinese
    word meets Latin letters or digits with a space, as set_in sets words beside a value (customer_id 和 name, n 或
    esc). Items may be rich Text (names kept as data), joined as Text."""
    items = list(items)
    if not items:
        return ""
    comma = pgettext("list", ", ", lang)
    final = comma if last is None else pgettext("list", " and ", lang) if last == AND else pgettext("list", " or ", lang)
    pieces = [items[0]]
    for n, item in enumerate(items[1:], start=2):
        word = _meeting(final if n == len(items) else comma, str(pieces[-1])[-1:], before=False)
        pieces += [_meeting(word, str(item)[:1], before=True), item]
    if any(hasattr(piece, "plain") for piece in pieces):   # rich Text: names kept as data, their styles with them
        from rich.text import Text

        return Text("").join(piece if isinstance(piece, Text) else Text(piece) for piece in pieces)
    return "".join(pieces)


def fill(message: str, /, **values) -> str:
    """message.format(**values), each value set into the sentence as Chinese is set beside other text (set_in)."""
    return "".join(text for text, _value in set_in(message, values))


def set_in(message: str, values) -> list[tuple[str, object]]:
    """The pieces of message with its {fields} filled in, in order: (text, None) for the message's own words, (text,
    value) for a field (value as given: a rich Text stays one). The words beside a value are set to meet it (_meeting,
    as join_list sets its words between items): no space where a value meets Chinese text in Chinese characters
    (不可给 {name} 打电话 with 谭刚: 不可给谭刚打电话; {name} 是否 with 努尔麦麦提: 努尔麦麦提是否), a space where one
    side is Chinese and the other Latin letters or digits (由{old}改派 with M3: 由 M3 改派); English, with its spaces,
    reads as written."""
    formatter = string.Formatter()
    pieces: list[list] = []
    for literal, field, spec, conversion in formatter.parse(message):
        if literal:
            pieces.append([literal, None])
        if field is not None:
            value = formatter.get_field(field, (), values)[0]
            if hasattr(value, "plain") and not spec and not conversion:   # rich Text: placed whole, as it is
                pieces.append([value.plain, value])
                continue
            spec = formatter.vformat(spec, (), values) if spec and "{" in spec else spec
            text = formatter.format_field(formatter.convert_field(value, conversion), spec or "")
            pieces.append([text, text])
    for n, (text, value) in enumerate(pieces):
        if value is None or not text:
            continue
        if n > 0 and pieces[n - 1][1] is None:
            pieces[n - 1][0] = _meeting(pieces[n - 1][0], text[0], before=True)
        if n + 1 < len(pieces) and pieces[n + 1][1] is None:
            pieces[n + 1][0] = _meeting(pieces[n + 1][0], text[-1], before=False)
    return [(text, value) for text, value in pieces]


def _meeting(words: str, edge: str, *, before: bool) -> str:
    """words (the message's own, before or after a value) set to meet the value's edge character (see set_in)."""
    spaced = words[-1:] == " " if before else words[:1] == " "
    beyond = (words[-2:-1] if before else words[1:2]) if spaced else (words[-1:] if before else words[:1])
    if not beyond or not edge:
        return words
    if spaced:
        return (words[:-1] if before else words[1:]) if _wide(beyond) and _wide(edge) else words
    if (_chinese_letter(beyond) and _latin(edge)) or (_latin(beyond) and _chinese_letter(edge)):
        return words + " " if before else " " + words
    return words


def _wide(char: str) -> bool:
    """A Chinese character or Chinese (full-width) punctuation."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def _chinese_letter(char: str) -> bool:
    return _wide(char) and char.isalpha()


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def ngettext(one: str, many: str, n: int, lang: str | None = None) -> str:
    """The message for n things: `one` when n is 1, else `many` (each translated on its own)."""
    return gettext(one if n == 1 else many, lang)


_ = gettext


def N_(message: str) -> str:
    """Mark message for the catalogue, untranslated: a phrase kept in English where it is stored (an audit
    entry's subject) and translated with _() where it is shown."""
    return message
