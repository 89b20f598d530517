"""The reject report written next to the input: row number (and sheet), reason, the row as read. Both reports
the import writes hold customers' personal data, so they are made as the exports are: whole or not at all, and
readable by their owner only (sync.files.atomic_path)."""

from __future__ import annotations

import csv
import heapq
import os
import tempfile
from pathlib import Path

from workbench.errors import WorkbenchError, os_problem
from workbench.i18n import _
from workbench.importing.sources import sheet_row
from workbench.importing.values import text
from workbench.sync.files import atomic_path

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell) -> str:
    """The cell as the file shows it (a zero-padded code as 001002), with a leading apostrophe when
    Excel would run it as a formula."""
    s = cell if isinstance(cell, str) else getattr(cell, "shown", None) or text(cell)
    return "'" + s if s.startswith(_FORMULA_START) else s


def reject_path(source: Path) -> Path:
    return source.with_name(source.name + ".rejects.csv")


def uncallable_path(source: Path) -> Path:
    return source.with_name(source.name + ".uncallable.csv")


def report_place(wanted: Path) -> Path:
    """Where a report meant for `wanted` (beside the input) is written: there when its folder can be written, else
    under the same name in the user's reports folder, made for them alone (an extract on a read-only share, a CD:
    one bad row must not stop its import); `wanted` still when that folder cannot be made either, so that writing
    fails for the first reason."""
    from workbench.paths import reports_dir

    if os.access(wanted.parent, os.W_OK):
        return wanted
    folder = reports_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return wanted
    return folder / wanted.name if os.access(folder, os.W_OK) else wanted


def write_uncallable(path: Path, rows: list[list]) -> None:
    """The imported customers who have no callable number, each as [customer number, name, phone as given,
    why], next to the input (beside the reject report, UTF-8 with BOM, formula-like cells neutralised): the
    list a supervisor works through, which no screen or command gives with the reasons."""
    from workbench.followups import number_problem_label

    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([_("Customer number"), _("Customer name"), _("Phone"), _("reason")])
        writer.writerows([neutralise(customer_id), neutralise(name), neutralise(phone or ""),
                          neutralise(number_problem_label(why) if why else "")] for customer_id, name, phone, why in rows)


class RejectWriter:
    """The report of rejected rows, in the file's row order (UTF-8 with BOM so Excel reads the
    Chinese), written on close when there are any. Rows come mostly in order, but the repeats of a
    customer number are quoted last, from a second read: each ordered run waits in a temporary file
    keyed by row number, and the runs are merged, so memory stays flat whatever the count. A
    workbook read over several sheets gets a sheet column before each row's own row number."""

    def __init__(self, path: Path, header: list[str], sheets: list[str] | None = None):
        self.path = path
        self.header = header
        self.sheets = sheets if sheets and len(sheets) > 1 else None
        self.count = 0
        self._runs: list = []
        self._writer = None
        self._last = -1
        self._written = False

    def add(self, row_number: int, reason: str, cells: list) -> None:
        if row_number < self._last or self._writer is None:   # a new ordered run
            run = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
            self._runs.append(run)
            self._writer = csv.writer(run)
        self._last = row_number
        if self.sheets is None:
            place = [row_number]
        else:
            sheet, own = sheet_row(row_number, self.sheets)
            place = [neutralise(sheet), own]   # a sheet's name is the workbook author's text
        self._writer.writerow([row_number, *place, neutralise(reason), *map(neutralise, cells)])
        self.count += 1

    def close(self, *, keep: bool) -> None:
        """Write the report (keep), or remove one this writer wrote (not keep: the import failed)."""
        try:
            if keep and self._runs:
                self._write_report()
            elif not keep and self._written and self.path.exists():
                self.path.unlink()
        finally:
            for run in self._runs:
                run.close()
            self._runs, self._writer = [], None

    def _write_report(self) -> None:
        """Write the report where report_place says (self.path becomes that place); a report that cannot be written
        stops the import in one sentence, as its rows would otherwise be dropped without a trace."""
        for run in self._runs:
            run.seek(0)
        ordered = heapq.merge(*map(csv.reader, self._runs), key=lambda row: int(row[0]))
        try:
            self.path = report_place(self.path)
            with atomic_path(self.path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                place = [_("sheet"), _("row")] if self.sheets else [_("row")]
                writer.writerow([*place, _("reason"), *map(neutralise, self.header)])
                writer.writerows(row[1:] for row in ordered)
        except OSError as exc:
            raise WorkbenchError(_("The report of the rejected rows could not be written to {path} ({reason}), so"
                                   " nothing was imported; import a copy of the file from a folder you may write.")
                                 .format(path=self.path, reason=os_problem(exc))) from None
        self._written = True
