"""One message catalogue for the CLI and the TUI, in the gettext manner.

Messages are written in English in the code and looked up in ``locale/<lang>.<part>.toml``
(``"English" = "中文"``); each part of the product keeps its own file. Codes are never translated,
only their labels. Customer data never passes through here.
"""

from __future__ import annotations

import locale
import os
import tomllib
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
            lang=lang, languages=", ".join(LANGUAGES)))
    _current = normalise(lang) if lang else language_from_environment()
    return _current


def get_language() -> str:
    return _current


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    messages: dict[str, str] = {}
    for path in sorted(_LOCALE_DIR.glob(f"{lang}.*.toml")):
        with path.open("rb") as fh:
            messages.update(tomllib.load(fh))
    return messages


def gettext(message: str, lang: str | None = None) -> str:
    lang = lang or _current
    if lang == "en":
        return message
    return catalogue(lang).get(message, message)


def ngettext(one: str, many: str, n: int, lang: str | None = None) -> str:
    """The message for n things: `one` when n is 1, else `many` (each translated on its own)."""
    return gettext(one if n == 1 else many, lang)


_ = gettext


def N_(message: str) -> str:
    """Mark message for the catalogue, untranslated: a phrase kept in English where it is stored (an audit
    entry's subject) and translated with _() where it is shown."""
    return message
