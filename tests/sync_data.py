"""Test data for the sync tests, written with plain SQL into real database files."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from contextlib import closing
from datetime import datetime
from pathlib import Path

NOW = ("--now", "2026-11-20T18:00:00")   # the CLI tests' evening of the seeded day
STAFF = (("S1", "主管王", "supervisor"), ("M1", "李经理", "manager"), ("M2", "张经理", "manager"))


def seed_branch(conn: sqlite3.Connection, customers: int = 6) -> None:
    """One branch, a supervisor, two managers and customers split between the managers."""
    conn.execute("BEGIN")
    conn.execute("INSERT INTO branches (branch_id, name) VALUES ('B1', '城东支行')")
    conn.executemany("INSERT INTO staff (staff_id, name, role, branch_id) VALUES (?, ?, ?, 'B1')", STAFF)
    for i in range(customers):
        conn.execute(
            "INSERT INTO customers (customer_id, name, phone_e164, phone_valid, manager_id, branch_id, segment,"
            " last_activity_on) VALUES (?, ?, ?, 1, ?, 'B1', ?, '2026-01-10')",
            (f"C{i:03d}", f"客户{i}", f"+86138{i:08d}", "M1" if i % 2 == 0 else "M2",
             "high_value_dormant" if i % 3 == 0 else "low_value_dormant"),
        )
    conn.execute("COMMIT")


def terminal_id(conn: sqlite3.Connection) -> str:
    return conn.execute("SELECT value FROM meta WHERE key = 'terminal_id'").fetchone()[0]


def add_outcome(conn: sqlite3.Connection, customer_id: str, at: str, *, manager_id: str = "M1",
                line_result: str = "reached", business_outcome: str | None = None, reason: str | None = None,
                note: str = "", script_id: str | None = None, supersedes: str | None = None,
                outcome_id: str | None = None, channel: str = "phone") -> str:
    outcome_id = outcome_id or str(uuid.uuid4())
    # With the customer's segment now, as log_outcome keeps it.
    conn.execute(
        "INSERT INTO outcomes (outcome_id, customer_id, manager_id, terminal_id, at, channel, line_result,"
        " business_outcome, reason, note, script_id, supersedes, recorded_at, segment) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
        " ?, ?, ?, ?, ?, (SELECT segment FROM customers WHERE customer_id = ?))",
        (outcome_id, customer_id, manager_id, terminal_id(conn), at, channel, line_result, business_outcome, reason, note,
         script_id, supersedes, at, customer_id),
    )
    return outcome_id


def as_version_3(manifest: dict, entries: list[dict]) -> None:
    """A bundle's manifest and entries as format version 3 wrote them: assignment entries without a cover's last day."""
    manifest["format_version"] = 3
    for entry in entries:
        if entry["table"] == "assignments":
            del entry["row"]["until"]


def as_version_2(manifest: dict, entries: list[dict]) -> None:
    """A bundle's manifest and entries as format version 2 wrote them: outcome entries without their segment either."""
    as_version_3(manifest, entries)
    manifest["format_version"] = 2
    for entry in entries:
        if entry["table"] == "outcomes":
            del entry["row"]["segment"]


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, to compare a database before and after."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(conn.execute(f"SELECT * FROM [{t}]").fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def two_terminals(folder: Path, names: tuple[str, str] = ("a.sqlite", "b.sqlite")) -> tuple[Path, Path]:
    """Two copies of one seeded branch database in folder, each with its own terminal id."""
    from workbench.db import open_db

    a, b = folder / names[0], folder / names[1]
    db = open_db(a)
    seed_branch(db.conn)
    db.close()
    return a, another_terminal(a, b)


def another_terminal(source: Path, copy: Path) -> Path:
    """A copy of a desk's database as another terminal's: the same data, a terminal id of its own."""
    shutil.copy(source, copy)
    with closing(sqlite3.connect(copy)) as conn, conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'terminal_id'", (str(uuid.uuid4()),))
    return copy


def branch_file(db_path: Path, *, call_at: str | None = None, pins: dict[str, str] | None = None) -> Path:
    """seed_branch's branch in a real file, with one call of M1's to C000 at call_at and the PINs given
    (staff id -> PIN), for the CLI tests that run commands against it."""
    from workbench.db import open_db
    from workbench.pins import set_pin

    conn = open_db(db_path).conn
    try:
        seed_branch(conn)
        if call_at:
            with conn:
                add_outcome(conn, "C000", call_at)
        for staff_id, pin in (pins or {}).items():
            set_pin(conn, staff_id, pin, at=datetime(2026, 11, 20, 8, 0), by_id=staff_id)
    finally:
        conn.close()
    return db_path


def refusals(path: Path) -> list[tuple]:
    """(actor, subject) of each refusal the audit log holds, oldest first."""
    with closing(sqlite3.connect(path)) as c:
        return c.execute("SELECT actor, subject FROM audit_log WHERE action = 'refusal' ORDER BY seq").fetchall()


def as_user(cli, path: Path, user: str | None, pin: str | None, *args):
    """Run a command at NOW as user (none: no --user) with WORKBENCH_PIN set to pin (none: unset)."""
    import os

    if pin is None:
        os.environ.pop("WORKBENCH_PIN", None)
    else:
        os.environ["WORKBENCH_PIN"] = pin
    try:
        return cli("--db", path, *NOW, *(("--user", user) if user else ()), *args)
    finally:
        os.environ.pop("WORKBENCH_PIN", None)
