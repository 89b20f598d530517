"""A number a call found bad stays marked while head office's extracts bring the same number, and a new
number lifts the mark: the mark follows the number, not whatever else the extract changes."""

from __future__ import annotations

from datetime import datetime

from import_support import HEADER_CN, refresh_contact, run_import, write_csv
from workbench.db import open_db
from workbench.outcomes import log_outcome

CALLED = datetime(2026, 3, 2, 10, 0)


def _extract(tmp_path, name: str, phone: str, aum: str):
    return write_csv(tmp_path / name, [HEADER_CN, ["K1", "王芳", "女", "1980-01-01", phone, "M1", "B1", aum, "2025-01-05"],
                                       ["K2", "李强", "男", "1975-05-05", "13900000002", "M1", "B1", "8000", "2025-02-01"]])


def _phone(db_path) -> tuple:
    with open_db(db_path) as db:
        return db.execute("SELECT phone_e164, phone_valid, phone_problem FROM customers WHERE customer_id = 'K1'").fetchone()


def test_the_same_number_keeps_its_mark_through_a_changed_extract(db_path, tmp_path):
    run_import(db_path, _extract(tmp_path, "march.csv", "13800000001", "12000"))
    with open_db(db_path) as db:
        log_outcome(db.conn, customer_id="K1", manager_id="M1", line_result="no_such_number", at=CALLED)
    marked = ("+8613800000001", 0, "Last call result: Number does not exist")
    assert _phone(db_path) == marked
    # April's extract: the same number, written another way, and new assets.
    summary = run_import(db_path, _extract(tmp_path, "april.csv", "138 0000 0001", "15000"),
                         now=datetime(2026, 4, 1, 9, 0))
    assert (summary.updated, _phone(db_path)) == (1, marked)
    refresh_contact(db_path, "K1")
    assert _phone(db_path) == marked


def test_a_new_number_lifts_the_mark_and_the_old_call_does_not_mark_it(db_path, tmp_path):
    run_import(db_path, _extract(tmp_path, "march.csv", "13800000001", "12000"))
    with open_db(db_path) as db:
        log_outcome(db.conn, customer_id="K1", manager_id="M1", line_result="wrong_person", at=CALLED)
    run_import(db_path, _extract(tmp_path, "april.csv", "13800000009", "12000"), now=datetime(2026, 4, 1, 9, 0))
    assert _phone(db_path) == ("+8613800000009", 1, None)
    refresh_contact(db_path, "K1")
    assert _phone(db_path) == ("+8613800000009", 1, None)
    with open_db(db_path) as db:
        assert db.execute("SELECT phone_changed_at FROM customers WHERE customer_id = 'K1'").fetchone() == (
            "2026-04-01T09:00:00",)


def test_a_call_logged_on_another_terminal_before_an_unrelated_change_still_marks(db_path, tmp_path):
    """The entry arrives after an extract changed the customer's assets but not the number: the terminals
    reach the same state whatever order the extract and the bundle come in."""
    run_import(db_path, _extract(tmp_path, "march.csv", "13800000001", "12000"))
    run_import(db_path, _extract(tmp_path, "april.csv", "13800000001", "15000"), now=datetime(2026, 4, 1, 9, 0))
    with open_db(db_path) as db:   # the bundle's entry, dated before the April import
        with db.conn:
            db.execute("INSERT INTO outcomes (outcome_id, customer_id, manager_id, terminal_id, at, channel,"
                       " line_result, recorded_at) VALUES ('o1', 'K1', 'M1', 'T-other', ?, 'phone', 'suspended', ?)",
                       (CALLED.isoformat(), CALLED.isoformat()))
    refresh_contact(db_path, "K1")
    assert _phone(db_path) == ("+8613800000001", 0, "Last call result: Suspended")


def test_an_older_database_keeps_what_the_rule_decided_for_customers_with_a_bad_call(tmp_path):
    import sqlite3

    from workbench.db.migrations import MIGRATIONS

    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    for migration in (m for m in MIGRATIONS if m.version < 108):   # the database as migration 107 left it
        conn.execute("BEGIN")
        migration.upgrade(conn)
        conn.execute("INSERT INTO schema_migrations VALUES (?, ?, '2026-01-01T00:00:00')", (migration.version, migration.name))
        conn.execute("COMMIT")
    conn.execute("INSERT INTO staff (staff_id, name, role) VALUES ('M1', '王经理', 'manager')")
    conn.executemany("INSERT INTO customers (customer_id, name, manager_id, updated_at) VALUES (?, ?, 'M1', ?)",
                     [("K1", "王芳", "2026-04-01T09:00:00"), ("K2", "李强", "2026-04-01T09:00:00")])
    conn.executemany("INSERT INTO outcomes (outcome_id, customer_id, manager_id, terminal_id, at, channel, line_result,"
                     " recorded_at) VALUES (?, ?, 'M1', 'T1', '2026-03-02T10:00:00', 'phone', ?, '2026-03-02T10:00:00')",
                     [("o1", "K1", "no_such_number"), ("o2", "K2", "no_answer")])
    conn.close()
    with open_db(path) as db:
        assert db.execute("SELECT customer_id, phone_changed_at FROM customers ORDER BY 1").fetchall() == [
            ("K1", "2026-04-01T09:00:00"), ("K2", None)]
