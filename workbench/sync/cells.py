"""Spreadsheet cells safe from formula injection, and reversible so no accepted text is lost.

A cell whose text starts with = + - @ tab or CR is read by Excel and WPS as a formula; an apostrophe
in front makes it plain text. A leading apostrophe is itself escaped the same way, so ``restore``
gives back every original string byte for byte.
"""

from __future__ import annotations

FORMULA_STARTS = frozenset("=+-@\t\r'")


def neutralise(text: str) -> str:
    """The text with an apostrophe in front if a spreadsheet could read it as a formula."""
    if text and text[0] in FORMULA_STARTS:
        return "'" + text
    return text


def restore(cell: str) -> str:
    """The original text of a cell written by ``neutralise``."""
    if len(cell) >= 2 and cell[0] == "'" and cell[1] in FORMULA_STARTS:
        return cell[1:]
    return cell
