"""The rows of a web page's tables, streamed: what many bank systems export as "Excel" is an HTML
<table> in a file named .xls. The page is parsed a piece at a time with the standard library's
html.parser, so memory stays flat whatever its size."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.i18n import _
from workbench.importing.blocks import decoded

HTML_BYTES = 1024 * 1024          # HTML read and parsed at a time (the page is streamed, never held whole)
_MAX_SPAN = 1000                  # colspan and rowspan honoured up to this (a hostile span must not fill memory)
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
                raise WorkbenchError(_("{name} looks like a web page, but its HTML is too damaged to read; "
                                       "ask for the file again.").format(name=path.name)) from None
            at[0] = fh.tell()
            for row in parser.take(final):
                number += 1
                yield number, row


class _TableRows(HTMLParser):
    """Collects the rows of each top-level <table> as they are parsed: <td>/<th> cells as text (entities
    decoded, tags inside dropped, <br> as a space, white space collapsed); a table inside a cell is read
    as that cell's text. Rows and cells whose end tag is left out end where the next begins. A cell
    spanning rows (a branch merged over its customers) is repeated in each row it spans, in its
    column, so the cells after it stay under their headers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[int, list[str]]] = []   # rows ended, not yet taken
        self.tables = 0                               # top-level tables begun
        self.depth = 0                                # tables open here
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = self.down = 1
        self.below: dict[int, list] = {}             # column -> [rows still spanned, text], from rowspan

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
            if self.depth == 1:
                self.below = {}
        elif self.depth > 1 or tag == "br":
            if self.cell is not None and tag in ("br", "tr", "td", "th"):
                self.cell.append(" ")   # words either side stay apart
        elif self.depth == 1 and tag == "tr":
            self._end_row()
            self.row = []
        elif self.depth == 1 and tag in ("td", "th"):
            self._end_cell()
            self.row = [] if self.row is None else self.row
            while self._spanned_down():   # the cells rows above span into this one come first
                pass
            self.cell, self.span, self.down = [], _span(attrs, "colspan"), _span(attrs, "rowspan")

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
            text = _HTML_SPACE.sub(" ", "".join(self.cell)).strip(" ")
            start = len(self.row)
            self.row.append(text)
            self.row.extend([""] * (self.span - 1))   # a cell spanning columns fills them, as in Excel
            if self.down > 1:
                for column in range(start, len(self.row)):
                    self.below[column] = [self.down - 1, self.row[column]]
            self.cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self.row is not None:
            while self.below and len(self.row) <= max(self.below):   # spanned cells after the row's own
                self._spanned_down() or self.row.append("")
            self.rows.append((self.tables, self.row))
            self.row = None

    def _spanned_down(self) -> bool:
        """Put the cell spanned down from a row above into this row's next place, if one is; said."""
        spanned = self.below.get(len(self.row))
        if spanned is None:
            return False
        self.row.append(spanned[1])
        spanned[0] -= 1
        if not spanned[0]:
            del self.below[len(self.row) - 1]
        return True


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    value = (dict(attrs).get(name) or "").strip()
    return min(int(value), _MAX_SPAN) if value.isdecimal() and len(value) < 8 and int(value) > 0 else 1
