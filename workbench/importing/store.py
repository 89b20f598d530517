"""Writing an import into the database, batch by batch, inside the caller's transaction."""

from __future__ import annotations

import json
import sqlite3
from typing import Callable

# Columns an import may set where the database keeps what it knows when the file says less.
_MERGE_RULES = {
    # An extract never clears a do-not-call flag: the customer's request stands until they withdraw it.
    "do_not_call": "max(do_not_call, ?)",
    # An empty manager cell keeps a supervisor's assignment from the unassigned pool.
    "manager_id": "coalesce(?, manager_id)",
}
META = ("source_hash", "last_import_id", "updated_at", "active")
NO_PHONE_COLUMN = "no phone number in the extract"


def insert_sql(columns: list[str], insert_only: tuple[str, ...] = ()) -> str:
    """Insert new customers; known ones are left to update_sql."""
    names = [*columns, *META, *insert_only]
    return (f"INSERT INTO customers ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
            "ON CONFLICT (customer_id) DO NOTHING")


def update_sql(columns: list[str]) -> str:
    """Update a known customer only when its imported fields changed (or it was inactive)."""
    sets = [f"{c} = {_MERGE_RULES.get(c, '?')}" for c in columns[1:]]
    sets += ["source_hash = ?", "last_import_id = ?", "updated_at = ?", "active = 1"]
    return (f"UPDATE customers SET {', '.join(sets)} "
            "WHERE customer_id = ? AND (source_hash IS NOT ? OR active = 0)")


class CustomerWriter:
    """Upserts converted rows; adds managers and branches it has not seen; counts by rowid at the end."""

    def __init__(self, conn: sqlite3.Connection, columns: list[str], import_id: int, now_text: str):
        self.conn = conn
        self.columns = columns
        # Without a phone column a new customer is not callable, and says why; known ones keep theirs.
        no_phone = "phone_raw" not in columns
        self.insert = insert_sql(columns, ("phone_problem",) if no_phone else ())
        self.update = update_sql(columns)
        self.meta = (import_id, now_text, 1) + ((NO_PHONE_COLUMN,) if no_phone else ())
        self.import_id = import_id
        self.now_text = now_text
        self.before_max = self.max_rowid = self._max_rowid()
        self.known_staff = {r[0] for r in conn.execute("SELECT staff_id FROM staff")}
        self.known_branches = {r[0] for r in conn.execute("SELECT branch_id FROM branches")}
        self.new_staff: list[str] = []
        self.new_branches: list[str] = []
        self.i_manager = columns.index("manager_id") if "manager_id" in columns else None
        self.i_branch = columns.index("branch_id") if "branch_id" in columns else None
        self.width = len(columns) + 1   # the values and their hash

    def write(self, batch: list[tuple]) -> None:
        self._add_branches(batch)
        self._add_staff(batch)
        width, meta, conn = self.width, self.meta, self.conn
        # Plain inserts are fast (an upsert with foreign keys on is three times slower); rows whose
        # customer already exists are skipped here and updated below when their hash differs.
        changes = conn.total_changes
        conn.executemany(self.insert, [row[:width] + meta for row in batch])
        inserted = conn.total_changes - changes
        if inserted < len(batch):
            new = {r[0] for r in conn.execute("SELECT customer_id FROM customers WHERE rowid > ?", (self.max_rowid,))}
            stamp = meta[:2]
            conn.executemany(
                self.update, [row[1:width] + stamp + (row[0], row[width - 1]) for row in batch if row[0] not in new]
            )
        self.max_rowid = self._max_rowid() if inserted else self.max_rowid

    def _max_rowid(self) -> int:
        return self.conn.execute("SELECT coalesce(max(rowid), 0) FROM customers").fetchone()[0]

    def _add_branches(self, batch: list[tuple]) -> None:
        i = self.i_branch
        if i is None:
            return
        known = self.known_branches
        for row in batch:
            branch = row[i]
            if branch is not None and branch not in known:
                known.add(branch)
                self.conn.execute(
                    "INSERT INTO branches (branch_id, name) VALUES (?, ?)", (branch, row[-1] or branch)
                )
                self.new_branches.append(branch)

    def _add_staff(self, batch: list[tuple]) -> None:
        i = self.i_manager
        if i is None:
            return
        known, branch_i = self.known_staff, self.i_branch
        for row in batch:
            manager = row[i]
            if manager is not None and manager not in known:
                known.add(manager)
                branch = row[branch_i] if branch_i is not None else None
                self.conn.execute(
                    "INSERT INTO staff (staff_id, name, role, branch_id, created_at) VALUES (?, ?, 'manager', ?, ?)",
                    (manager, row[-2] or manager, branch, self.now_text),
                )
                self.new_staff.append(manager)

    def changed_ids(self) -> tuple[list[str], list[str]]:
        """(inserted, updated) customer ids: new rows lie above the rowid the import started from."""
        inserted, updated = [], []
        for customer_id, rowid in self.conn.execute(
            "SELECT customer_id, rowid FROM customers WHERE last_import_id = ?", (self.import_id,)
        ):
            (inserted if rowid > self.before_max else updated).append(customer_id)
        return inserted, updated

    def inactivate_absent(self, branches: list[str] | None, present: Callable[[str], bool]) -> list[str]:
        """Mark active customers of the covered branches (None: all) that the file did not list."""
        self.conn.create_function("in_import_file", 1, lambda cid: 1 if present(cid) else 0, deterministic=True)
        where = "active = 1 AND NOT in_import_file(customer_id)"
        params: tuple = (self.now_text,)
        if branches is not None:
            where += " AND branch_id IN (SELECT value FROM json_each(?))"
            params += (json.dumps(branches),)
        rows = self.conn.execute(
            f"UPDATE customers SET active = 0, updated_at = ? WHERE {where} RETURNING customer_id", params
        ).fetchall()
        self.conn.create_function("in_import_file", 1, None)   # let go of the file's ids
        return [r[0] for r in rows]
