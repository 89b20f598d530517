"""Deciding, batch by batch and in file order, which converted rows an import writes and which it rejects.

Rows arrive converted (by the reader process) or as read (then they are converted here). Blank rows
are counted, bad rows and later repeats of a customer number go to the reject report, and the
managers and branches the file names are collected for the writer to add.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from workbench.importing.rejects import RejectWriter
from workbench.importing.rows import RowError
from workbench.importing.seen import SeenIds
from workbench.importing.values import text


def convert_rows(convert: Callable[[list], tuple], batch: list[list]) -> list:
    """Each row converted: its values, or the reason it is rejected (str), or None for a blank row."""
    results: list = []
    add = results.append
    for cells in batch:
        try:
            add(convert(cells))
        except RowError as exc:
            add(str(exc) if any(text(c) for c in cells) else None)
    return results


class Acceptor:
    """Keeps the first row of each customer number; writes the rejects; finds new managers and branches."""

    def __init__(self, convert: Callable[[list], tuple], columns: list[str], id_index: int, header: list[str],
                 reject_path: Path, seen_path: Path):
        self.convert = convert
        self.width = len(columns)   # the values; the manager's and branch's names follow
        self.i_manager = columns.index("manager_id") if "manager_id" in columns else None
        self.i_branch = columns.index("branch_id") if "branch_id" in columns else None
        self.id_index = id_index
        self.rejects = RejectWriter(reject_path, header)
        self.seen = SeenIds(seen_path)
        self.managers: set = set()
        self.branches: set = set()
        self.rows_read = self.blank = self.accepted = 0
        self.unquoted: dict[int, str] = {}   # row number -> reason, for repeats sent without their cells

    def take(self, numbers: list[int], batch: list[list | None], results: list | None):
        """(rows to write, new managers, new branches) from one batch; results None: convert it here.

        A converted batch may leave out (None) the cells of rows that converted well: they are needed
        only to quote a repeated customer number in the report, which quote_repeats does at the end.
        """
        if results is None:
            results = convert_rows(self.convert, batch)
        self.rows_read += len(batch)
        rejects = self.rejects
        candidates = []
        for number, cells, result in zip(numbers, batch, results):
            if result.__class__ is tuple:
                candidates.append((number, cells, result))
            elif result is None:
                self.blank += 1
            else:
                rejects.add(number, result, cells)
                cid = text(cells[self.id_index]) if self.id_index < len(cells) else ""
                if cid:
                    self.seen.add_rejected(cid)
        firsts = self.seen.first_rows([(values[0], number) for number, _, values in candidates])
        rows, new_staff, new_branches = [], [], []
        width, i_branch, i_manager = self.width, self.i_branch, self.i_manager
        for (number, cells, values), first in zip(candidates, firsts):
            if not first:
                reason = f"customer {values[0]} appears again (first row kept)"
                if cells is None:
                    self.unquoted[number] = reason   # the reader kept this row's cells to itself
                else:
                    rejects.add(number, reason, cells)
                continue
            rows.append(values[:width])
            branch = values[i_branch] if i_branch is not None else None
            if branch is not None and branch not in self.branches:
                self.branches.add(branch)
                new_branches.append((branch, values[-1] or branch))
            manager = values[i_manager] if i_manager is not None else None
            if manager is not None and manager not in self.managers:
                self.managers.add(manager)
                new_staff.append((manager, values[-2] or manager, branch))
        self.accepted += len(rows)
        return rows, new_staff, new_branches

    def quote_repeats(self, rows: Iterator[tuple[int, list]]) -> None:
        """Write the repeats that came without their cells, reading them from the file again."""
        for number, cells in rows:
            if not self.unquoted:
                return
            reason = self.unquoted.pop(number, None)
            if reason is not None:
                self.rejects.add(number, reason, cells)

    @property
    def covered_branches(self) -> list[str]:
        return sorted(b for b in self.branches if b is not None) if self.i_branch is not None else []

    def close(self, *, keep: bool) -> None:
        """Finish the scratch file (the import may attach it next) and the reject report."""
        self.seen.close()
        self.rejects.close(keep=keep)
