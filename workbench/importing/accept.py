"""Deciding, batch by batch and in file order, which converted rows an import writes and which it rejects.

Rows arrive converted (by the reader process or in this one, see produce.converted_batches). Blank rows
are counted, bad rows and later repeats of a customer number go to the reject report, and the
managers and branches the file names are collected for the writer to add.
"""

from __future__ import annotations

from operator import itemgetter
from pathlib import Path
from typing import Iterator

from workbench.importing.rejects import RejectWriter
from workbench.importing.seen import SeenIds
from workbench.importing.values import text


class Acceptor:
    """Keeps the first row of each customer number; writes the rejects; finds new managers and branches."""

    def __init__(self, columns: list[str], id_index: int, header: list[str],
                 reject_path: Path, seen_path: Path):
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

    def take(self, numbers: list[int], batch: list[list | None], results: list):
        """(rows to write, new managers, new branches) from one converted batch.

        A batch may leave out (None) the cells of rows that converted well: they are needed
        only to quote a repeated customer number in the report, which quote_repeats does at the end.
        """
        self.rows_read += len(batch)
        if set(map(type, results)) == {tuple}:   # the usual batch: every row converted
            kept_numbers, kept_cells, kept = numbers, batch, results
        else:
            kept_numbers, kept_cells, kept = self._sort_out(numbers, batch, results)
        firsts = self.seen.first_rows(list(zip(map(itemgetter(0), kept), kept_numbers)))
        width = self.width
        if not all(firsts):
            kept = self._drop_repeats(kept_numbers, kept_cells, kept, firsts)
        rows = [values[:width] for values in kept]
        new_staff, new_branches = self._people_and_places(kept)
        self.accepted += len(rows)
        return rows, new_staff, new_branches

    def _sort_out(self, numbers: list[int], batch: list, results: list) -> tuple[list, list, list]:
        """Row numbers, cells and values of the converted rows; rejects reported and blanks counted."""
        kept_numbers, kept_cells, kept = [], [], []
        for number, cells, result in zip(numbers, batch, results):
            if result.__class__ is tuple:
                kept_numbers.append(number)
                kept_cells.append(cells)
                kept.append(result)
            elif result is None:
                self.blank += 1
            else:
                self.rejects.add(number, result, cells)
                cid = text(cells[self.id_index]) if self.id_index < len(cells) else ""
                if cid:
                    self.seen.add_rejected(cid)
        return kept_numbers, kept_cells, kept

    def _drop_repeats(self, numbers: list[int], batch: list, results: list, firsts: list[bool]) -> list[tuple]:
        """The rows that first gave their customer number; later ones go to the report."""
        kept = []
        for number, cells, values, first in zip(numbers, batch, results, firsts):
            if first:
                kept.append(values)
                continue
            reason = f"customer {values[0]} appears again (first row kept)"
            if cells is None:
                self.unquoted[number] = reason   # the reader kept this row's cells to itself
            else:
                self.rejects.add(number, reason, cells)
        return kept

    def _people_and_places(self, kept: list[tuple]) -> tuple[list[tuple], list[tuple]]:
        """Managers (id, name, branch) and branches (id, name) first named by these rows, in file order."""
        i_branch, i_manager = self.i_branch, self.i_manager
        new_staff, new_branches = [], []
        if i_branch is not None and not self.branches.issuperset(map(itemgetter(i_branch), kept)):
            for values in kept:
                branch = values[i_branch]
                if branch is not None and branch not in self.branches:
                    self.branches.add(branch)
                    new_branches.append((branch, values[-1] or branch))
        if i_manager is not None and not self.managers.issuperset(map(itemgetter(i_manager), kept)):
            for values in kept:
                manager = values[i_manager]
                if manager is not None and manager not in self.managers:
                    self.managers.add(manager)
                    new_staff.append((manager, values[-2] or manager, values[i_branch] if i_branch is not None else None))
        return new_staff, new_branches

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
