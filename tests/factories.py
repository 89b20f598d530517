"""Small seeding helpers for tests: real rows in a real database, with sensible defaults."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import datetime

import pytest
import sqlite_utils


def _conn(db: sqlite3.Connection | sqlite_utils.Database) -> sqlite3.Connection:
    return db.conn if isinstance(db, sqlite_utils.Database) else db


def add_branch(db, branch_id: str = "B1", *, name: str | None = None, parent_id: str | None = None,
               level: str = "branch") -> str:
    _conn(db).execute(
        "INSERT INTO branches (branch_id, name, parent_id, level) VALUES (?, ?, ?, ?)",
        (branch_id, name or f"Branch {branch_id}", parent_id, level),
    )
    return branch_id


def add_staff(db, staff_id: str, *, role: str = "manager", branch_id: str | None = "B1", name: str | None = None,
              active: int = 1) -> str:
    _conn(db).execute(
        "INSERT INTO staff (staff_id, name, role, branch_id, active) VALUES (?, ?, ?, ?, ?)",
        (staff_id, name or f"Staff {staff_id}", role, branch_id, active),
    )
    return staff_id


def add_customer(db, customer_id: str, *, manager_id: str | None = "M1", branch_id: str | None = "B1", **fields) -> str:
    """A callable customer; any customers column can be overridden by keyword."""
    row = {
        "customer_id": customer_id,
        "name": f"客户{customer_id}",
        "phone_raw": "13800138000",
        "phone_e164": "+8613800138000",
        "phone_valid": 1,
        "phone_kind": "mobile",
        "manager_id": manager_id,
        "branch_id": branch_id,
        "aum_fen": 100_000_00,
        "opened_on": "2020-01-01",
        **fields,
    }
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    _conn(db).execute(f"INSERT INTO customers ({columns}) VALUES ({marks})", tuple(row.values()))
    return customer_id


def add_holding(db, customer_id: str, *, product_type: str = "time_deposit", product_name: str | None = None,
                balance_fen: int = 100_000_00, maturity_on: str | None = None) -> int:
    cur = _conn(db).execute(
        "INSERT INTO holdings (customer_id, product_type, product_name, balance_fen, maturity_on) VALUES (?, ?, ?, ?, ?)",
        (customer_id, product_type, product_name, balance_fen, maturity_on),
    )
    return cur.lastrowid


def insert_outcome(db, customer_id: str, at: datetime | str, line_result: str = "no_answer", *,
                   business_outcome: str | None = None, manager_id: str = "M1", channel: str = "phone",
                   supersedes: str | None = None, reason: str | None = None, terminal_id: str = "T-test") -> str:
    """A raw outcome-log row, as another terminal's bundle would bring it (no side effects)."""
    outcome_id = str(uuid.uuid4())
    at_text = at if isinstance(at, str) else at.isoformat(timespec="seconds")
    _conn(db).execute(
        "INSERT INTO outcomes (outcome_id, customer_id, manager_id, terminal_id, at, channel, line_result,"
        " business_outcome, reason, supersedes, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (outcome_id, customer_id, manager_id, terminal_id, at_text, channel, line_result, business_outcome, reason,
         supersedes, at_text),
    )
    return outcome_id


def seed_branch(db) -> None:
    """Branch B1 with managers M1 and M2, supervisor S1; customers C1-C3 belong to M1, C4 to M2."""
    add_branch(db, "B1")
    add_staff(db, "M1")
    add_staff(db, "M2")
    add_staff(db, "S1", role="supervisor")
    for cid in ("C1", "C2", "C3"):
        add_customer(db, cid, manager_id="M1")
    add_customer(db, "C4", manager_id="M2")


def count_rows(db, *tables: str) -> dict[str, int]:
    """Row counts of these tables, to assert that a refused write changed nothing."""
    conn = _conn(db)
    return {t: conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in tables}


@pytest.fixture(name="conn")
def seeded_conn(fresh_db) -> sqlite3.Connection:
    """Fixture `conn`: the raw connection of a fresh database seeded by seed_branch (import it to use it)."""
    seed_branch(fresh_db)
    return fresh_db.conn
