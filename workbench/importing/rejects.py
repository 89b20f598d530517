"""The reject report written next to the input: row number, reason, the row as read."""

from __future__ import annotations

import csv
from pathlib import Path

from workbench.importing.values import text

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell) -> str:
    """A cell Excel would run as a formula gets a leading apostrophe."""
    s = text(cell) if not isinstance(cell, str) else cell
    return "'" + s if s.startswith(_FORMULA_START) else s


def reject_path(source: Path) -> Path:
    return source.with_name(source.name + ".rejects.csv")


class RejectWriter:
    """Writes rejects as they come (UTF-8 with BOM so Excel reads the Chinese); opened on the first."""

    def __init__(self, path: Path, header: list[str]):
        self.path = path
        self.header = header
        self.count = 0
        self._fh = None
        self._writer = None

    def add(self, row_number: int, reason: str, cells: list) -> None:
        if self._writer is None:
            self._fh = self.path.open("w", encoding="utf-8-sig", newline="")
            self._writer = csv.writer(self._fh)
            self._writer.writerow(["row", "reason", *map(neutralise, self.header)])
        self._writer.writerow([row_number, neutralise(reason), *map(neutralise, cells)])
        self.count += 1

    def close(self, *, keep: bool) -> None:
        if self._fh is not None:
            self._fh.close()
        if not keep and self.path.exists() and self._fh is not None:
            self.path.unlink()
