"""The reject report written next to the input: row number (and sheet), reason, the row as read. Both reports
the import writes hold customers' personal data, so they are made as the exports are: whole or not at all, and
readable by their owner only (sync.files.atomic_path). Neither replaces a file it did not write as it stands (a
corrected reject report, the README's way to mend rejected rows, or any other file with the name): the new report
goes beside it (see report_beside)."""

from __future__ import annotations

import csv
import errno
import heapq
import json
import os
import tempfile
from pathlib import Path

from workbench.errors import WorkbenchError, os_problem
from workbench.i18n import N_, _
from workbench.importing.sources import sheet_row
from workbench.importing.values import text
from workbench.sync.files import atomic_path, replaceable
from workbench.text_wrap import HIDDEN_MARK

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell) -> str:
    """The cell as the file shows it (a zero-padded code as 001002), with a leading apostrophe when
    Excel would run it as a formula, and a NUL (a damaged file's) as the visible HIDDEN_MARK: a spreadsheet shows
    none, or cuts the cell at it."""
    s = cell if isinstance(cell, str) else getattr(cell, "shown", None) or text(cell)
    if "\x00" in s:
        s = s.replace("\x00", HIDDEN_MARK)
    return "'" + s if s.startswith(_FORMULA_START) else s


def reject_path(source: Path) -> Path:
    return source.with_name(source.name + ".rejects.csv")


def uncallable_path(source: Path) -> Path:
    return source.with_name(source.name + ".uncallable.csv")


# The header of the list of customers without a callable number (an earlier report is known by what was written,
# _as_written, not by its header).
_UNCALLABLE_HEADER = (N_("Customer number"), N_("Customer name"), N_("Phone"), N_("reason"))


# The reports this user's imports wrote, by path, with the SHA-256 of what was written: a report is replaced only while
# it is as written, since a header does not tell a corrected report (which keeps it) from the one an import wrote.
_WRITTEN = "reports_written.json"   # in the data folder
_REMEMBERED = 200                   # the newest kept
_BESIDE = 100                       # NAME (2).csv … NAME (100).csv tried beside a report's own name


def _written_file() -> Path:
    from workbench.paths import data_dir

    return data_dir() / _WRITTEN


def _written() -> dict:
    try:
        found = json.loads(_written_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _as_written(path: Path) -> bool:
    """The file at path is a report this user's import wrote there, unchanged since."""
    from workbench.importing.run import file_sha256

    return _written().get(str(path.resolve())) == file_sha256(path)


def remember(path: Path) -> None:
    """Note what a report just written holds, so that a later import may replace it while it is unchanged."""
    from workbench.importing.run import file_sha256

    try:
        written = _written()
        key = str(path.resolve())
        written.pop(key, None)
        written[key] = file_sha256(path)
        kept = dict(list(written.items())[-_REMEMBERED:])
        target = _written_file()
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with atomic_path(target) as tmp:
            tmp.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
    except (OSError, WorkbenchError):
        pass   # not remembered: the next import writes its report beside this one, which loses nothing


def _places(wanted: Path):
    """wanted, then NAME (2).csv … beside it."""
    yield wanted
    for n in range(2, _BESIDE + 1):
        yield wanted.with_name(f"{wanted.stem} ({n}){wanted.suffix}")


def report_beside(wanted: Path) -> Path:
    """Where a report meant for wanted goes: wanted when nothing is there, or the earlier report an import wrote there,
    unchanged (its kind is the name's: only reports are remembered); else the first of NAME (2).csv, NAME (3).csv …
    that is so. A report someone has changed (corrected rows to import again) or another file with the name is never
    replaced: writing beside it keeps both, and the summary names the new one, where refusing would stop an import
    over a side file."""
    for place in _places(wanted):
        if not place.is_dir() and replaceable(place, _as_written):
            return place
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(wanted))


def remove_earlier(wanted: Path) -> None:
    """Remove the reports an earlier import of the file left at wanted or beside it, as written (a stale report),
    where they can be removed (not on a read-only share); a changed one stays."""
    for place in _places(wanted):
        try:
            if place.is_file() and _as_written(place):
                place.unlink()
        except OSError:
            pass


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
        writer.writerow([_(title) for title in _UNCALLABLE_HEADER])
        writer.writerows([neutralise(customer_id), neutralise(name), neutralise(phone or ""),
                          neutralise(number_problem_label(why) if why else "")] for customer_id, name, phone, why in rows)
    remember(path)


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
        self.kept: Path | None = None   # a file at the report's name left as it is (see report_beside)

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
            wanted = report_place(self.path)
            self.path = report_beside(wanted)
            self.kept = wanted if self.path != wanted else None
            with atomic_path(self.path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                place = [_("sheet"), _("row")] if self.sheets else [_("row")]
                writer.writerow([*place, _("reason"), *map(neutralise, self.header)])
                writer.writerows(row[1:] for row in ordered)
            remember(self.path)
        except OSError as exc:
            raise WorkbenchError(_("The report of the rejected rows could not be written to {path} ({reason}), so"
                                   " nothing was imported; import a copy of the file from a folder you may write.")
                                 .format(path=self.path, reason=os_problem(exc))) from None
        self._written = True
