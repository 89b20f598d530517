"""A customer's manager changed on one desk (reassign, pool assign, a hand-over) is kept as an assignment entry, one a
customer, in the change's own transaction, for bundles to carry. Real database files, the real CLI."""

from __future__ import annotations

import json
import shutil
import sqlite3
import uuid
from contextlib import closing

import pytest

import sync_data
from sync_data import terminal_id
from workbench.db import open_db
from workbench.db.followups import append_event

M3 = ("M3", "王经理", "manager", 1)


def _desks(tmp_path, *, customers: int = 6, pool: tuple[str, ...] = (), staff: tuple[tuple, ...] = (M3,),
           followups: tuple[tuple[str, str], ...] = ()):
    """Desk s (the supervisor's) and desk a, copies of one branch with their own terminal ids: customers split between
    M1 (even) and M2 (odd), those in pool in the unassigned pool, staff (id, name, role, active) added, and a pending
    follow-up of the customer's manager, due the 23rd, for each (follow-up, customer) of followups."""
    s, a = tmp_path / "s.sqlite", tmp_path / "a.sqlite"
    db = open_db(s)
    sync_data.seed_branch(db.conn, customers)
    conn = db.conn
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO staff (staff_id, name, role, branch_id, active) VALUES (?, ?, ?, 'B1', ?)", staff)
    conn.execute("UPDATE customers SET manager_id = NULL WHERE customer_id IN (SELECT value FROM json_each(?))",
                 (json.dumps(pool),))
    for fid, customer in followups:
        owner = conn.execute("SELECT coalesce(manager_id, 'S1') FROM customers WHERE customer_id = ?", (customer,)).fetchone()[0]
        append_event(conn, followup_id=fid, customer_id=customer, kind="created", at="2026-11-19T09:00:00",
                     terminal_id=terminal_id(conn), by_id=owner, owner_id=owner, due_on="2026-11-23")
    conn.execute("COMMIT")
    db.close()
    shutil.copy(s, a)
    with closing(sqlite3.connect(a)) as c, c:
        c.execute("UPDATE meta SET value = ? WHERE key = 'terminal_id'", (str(uuid.uuid4()),))
    return s, a


def _run(cli, path, now, user, *args, lang=()):
    r = cli("--db", path, *lang, "--now", f"2026-11-20T{now}:00", "--user", user, *args)
    assert r.exit_code == 0, r.stderr
    return r


def _entries(path, *where) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT customer_id, from_manager_id, to_manager_id, source, by_id, status, manager_here"
                            f" FROM assignments {' '.join(where)} ORDER BY at, rowid").fetchall()


# --- the local actions write their entries --------------------------------------------------------------------


def test_reassign_pool_assign_and_a_hand_over_each_write_one_entry_a_customer_in_their_transaction(tmp_path, cli):
    s, _a = _desks(tmp_path, pool=("C001",))
    _run(cli, s, "10:00", "S1", "reassign", "--customer", "C000", "--to", "M2")
    _run(cli, s, "10:01", "S1", "pool", "assign", "C001", "--to", "M3")
    # All or none: C003 is M2's, so C005 is not assigned either, and no entry is written.
    assert cli("--db", s, "--user", "S1", "pool", "assign", "C005", "C003", "--to", "M3").exit_code != 0
    _run(cli, s, "10:02", "S1", "staff", "hand-over", "M1", "--to", "M3", "--dry-run")
    _run(cli, s, "10:03", "S1", "staff", "hand-over", "M1", "--to-pool")
    assert _entries(s) == [
        ("C000", "M1", "M2", "reassign", "S1", "made_here", None),
        ("C001", None, "M3", "pool", "S1", "made_here", None),
        ("C002", "M1", None, "hand_over", "S1", "made_here", None),
        ("C004", "M1", None, "hand_over", "S1", "made_here", None),
    ]
    with closing(sqlite3.connect(s)) as conn:
        ids = [r[0] for r in conn.execute("SELECT assignment_id FROM assignments")]
        assert all(uuid.UUID(i).version == 4 for i in ids) and len(set(ids)) == 4
        assert {r[0] for r in conn.execute("SELECT terminal_id FROM assignments")} == {terminal_id(conn)}
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE assignments SET to_manager_id = 'M1'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM assignments")


def test_a_customers_entries_keep_their_order_within_one_second(tmp_path, cli):
    s, _a = _desks(tmp_path)
    _run(cli, s, "10:00", "S1", "staff", "hand-over", "M1", "--to-pool")
    _run(cli, s, "10:00", "S1", "pool", "assign", "C002", "--to", "M2")
    _run(cli, s, "10:00", "S1", "reassign", "--customer", "C002", "--to", "M3")
    with closing(sqlite3.connect(s)) as conn:
        assert conn.execute("SELECT at, source FROM assignments WHERE customer_id = 'C002' ORDER BY rowid").fetchall() == [
            ("2026-11-20T10:00:00", "hand_over"), ("2026-11-20T10:00:01", "pool"), ("2026-11-20T10:00:02", "reassign")]
