"""The rows of a web page's tables, streamed: what many bank systems export as "Excel" is an HTML
<table> in a file named .xls. The page is parsed a piece at a time with the standard library's
html.parser, so memory stays flat whatever its size."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.importing.blocks import decoded

HTML_BYTES = 1024 * 1024          # HTML read and parsed at a time (the page is streamed, never held whole)
_MAX_SPAN = 1000                  # colspan honoured up to this (a hostile colspan must not fill memory)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")   # white space as HTML collapses it (&nbsp; is kept, as Excel keeps it)


def html_rows(path: Path, encoding: str, at: list[int]) -> Iterator[tuple[int, tuple[int, list[str]]]]:
    """(row number, (table number, cells)) for each <tr> of a top-level table, numbered from 1 over the
    page; at[0] is told the bytes read."""
    parser = _TableRows()
    number = 0
    with path.open("rb") as fh:
        for text, final in decoded(fh, encoding, HTML_BYTES, path.name):
            try:
                parser.feed(text)
                if final:
                    parser.close()
            except AssertionError:   # how html.parser says it cannot parse a declaration
                raise WorkbenchError(f"{path.name} looks like a web page, but its HTML is too damaged to read; "
                                     "ask for the file again.") from None
            at[0] = fh.tell()
            for row in parser.take(final):
                number += 1
                yield number, row


class _TableRows(HTMLParser):
    """Collects the rows of each top-level <table> as they are parsed: <td>/<th> cells as text (entities
    decoded, tags inside dropped, <br> as a space, white space collapsed); a table inside a cell is read
    as that cell's text. Rows and cells whose end tag is left out end where the next begins."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[int, list[str]]] = []   # rows ended, not yet taken
        self.tables = 0                               # top-level tables begun
        self.depth = 0                                # tables open here
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = 1

    def take(self, final: bool) -> list[tuple[int, list[str]]]:
        """The rows ended since the last take (at the end, also a row whose table is never closed)."""
        if final:
            self._end_row()
        rows, self.rows = self.rows, []
        return rows

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "table":
            self.depth += 1
            self.tables += self.depth == 1
        elif self.depth > 1 or tag == "br":
            if self.cell is not None and tag in ("br", "tr", "td", "th"):
                self.cell.append(" ")   # words either side stay apart
        elif self.depth == 1 and tag == "tr":
            self._end_row()
            self.row = []
        elif self.depth == 1 and tag in ("td", "th"):
            self._end_cell()
            self.row = [] if self.row is None else self.row
            self.cell, self.span = [], _colspan(attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1
            if not self.depth:
                self._end_row()
        elif self.depth == 1 and tag in ("td", "th"):
            self._end_cell()
        elif self.depth == 1 and tag == "tr":
            self._end_row()

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def _end_cell(self) -> None:
        if self.cell is not None:
            self.row.append(_HTML_SPACE.sub(" ", "".join(self.cell)).strip(" "))
            self.row.extend([""] * (self.span - 1))   # a cell spanning columns fills them, as in Excel
            self.cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self.row is not None:
            self.rows.append((self.tables, self.row))
            self.row = None


def _colspan(attrs: list[tuple[str, str | None]]) -> int:
    value = (dict(attrs).get("colspan") or "").strip()
    return min(int(value), _MAX_SPAN) if value.isdecimal() and len(value) < 8 and int(value) > 0 else 1
