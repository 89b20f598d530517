"""The consoles the app draws plain glyphs on, and one it does not, for the tests that read the screen on each: a GBK
one, a UTF-8 one said to draw East-Asian-ambiguous characters wide, and a plain UTF-8 one."""

from __future__ import annotations

import unicodedata

CONSOLES = ("gbk", "ambiguous wide", "utf-8")


def use_console(monkeypatch, console: str) -> bool:
    """The app started in the test draws as on console (one of CONSOLES): whether it gets plain glyphs."""
    from workbench.screens import glyphs

    monkeypatch.setattr(glyphs, "_plain_console", False)   # decided as the app starts; put back after the test
    monkeypatch.setattr(glyphs, "output_encoding", lambda: "gbk" if console == "gbk" else "utf-8")
    if console == "ambiguous wide":
        monkeypatch.setenv("WORKBENCH_AMBIGUOUS_WIDE", "1")
    else:
        monkeypatch.delenv("WORKBENCH_AMBIGUOUS_WIDE", raising=False)
    return console != "utf-8"


def ambiguous(rows: list[str]) -> set[str]:
    """The East-Asian-ambiguous characters in the rows (a customer's name's dot aside: it is theirs)."""
    return {char for row in rows for char in row.replace("阿依古丽·", "阿依古丽")
            if unicodedata.east_asian_width(char) == "A"}
