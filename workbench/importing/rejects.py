"""The reject report written next to the input: row number (and sheet), reason, the row as read."""

from __future__ import annotations

import csv
from pathlib import Path

from workbench.importing.sources import sheet_row
from workbench.importing.values import text

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell) -> str:
    """A cell Excel would run as a formula gets a leading apostrophe."""
    s = text(cell) if not isinstance(cell, str) else cell
    return "'" + s if s.startswith(_FORMULA_START) else s


def reject_path(source: Path) -> Path:
    return source.with_name(source.name + ".rejects.csv")


class RejectWriter:
    """Writes rejects as they come (UTF-8 with BOM so Excel reads the Chinese); opened on the first.
    A workbook read over several sheets gets a sheet column before each row's own row number."""

    def __init__(self, path: Path, header: list[str], sheets: list[str] | None = None):
        self.path = path
        self.header = header
        self.sheets = sheets if sheets and len(sheets) > 1 else None
        self.count = 0
        self._fh = None
        self._writer = None

    def add(self, row_number: int, reason: str, cells: list) -> None:
        if self._writer is None:
            self._fh = self.path.open("w", encoding="utf-8-sig", newline="")
            self._writer = csv.writer(self._fh)
            self._writer.writerow([*(["sheet"] if self.sheets else []), "row", "reason", *map(neutralise, self.header)])
        if self.sheets is None:
            place = [row_number]
        else:
            sheet, row_number = sheet_row(row_number, self.sheets)
            place = [neutralise(sheet), row_number]   # a sheet's name is the workbook author's text
        self._writer.writerow([*place, neutralise(reason), *map(neutralise, cells)])
        self.count += 1

    def close(self, *, keep: bool) -> None:
        if self._fh is not None:
            self._fh.close()
        if not keep and self.path.exists() and self._fh is not None:
            self.path.unlink()
