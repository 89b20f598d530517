"""Explicit rows for the engine's tests: a branch, managers and customers with readable defaults."""

from __future__ import annotations

import datetime as dt

WAN = 1_000_000  # 1万 CNY in fen
TODAY = dt.date(2026, 3, 10)

CUSTOMER_DEFAULTS = {
    "name": "客户",
    "gender": "F",
    "birthday": "1970-08-01",
    "phone_e164": "+8613800000000",
    "phone_valid": 1,
    "manager_id": "M1",
    "branch_id": "B1",
    "aum_fen": 10 * WAN,
    "aum_peak_fen": None,
    "opened_on": "2015-01-01",
    "first_activity_on": "2015-01-02",
    "last_activity_on": "2026-03-01",
    "last_login_on": "2026-03-01",
    "activity_count_12m": 20,
    "do_not_call": 0,
    "consent": 1,
    "active": 1,
}


def add_branch(conn, branch_id: str = "B1", name: str = "城东支行") -> None:
    conn.execute("INSERT INTO branches (branch_id, name) VALUES (?, ?)", (branch_id, name))


def add_staff(conn, staff_id: str = "M1", name: str = "王经理", branch_id: str = "B1", role: str = "manager") -> None:
    conn.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES (?, ?, ?, ?)",
                 (staff_id, name, role, branch_id))


def add_customer(conn, customer_id: str, **fields) -> None:
    row = {"customer_id": customer_id, **CUSTOMER_DEFAULTS, **fields}
    if "phone_e164" not in fields:
        row["phone_e164"] = f"+86138{int(''.join(ch for ch in customer_id if ch.isdigit()) or 0):08d}"
    cols = ", ".join(row)
    conn.execute(f"INSERT INTO customers ({cols}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))


def add_holding(conn, customer_id: str, product_type: str, maturity_on: str | None, balance_fen: int = 5 * WAN) -> None:
    conn.execute("INSERT INTO holdings (customer_id, product_type, product_name, balance_fen, maturity_on)"
                 " VALUES (?, ?, ?, ?, ?)", (customer_id, product_type, product_type, balance_fen, maturity_on))


def add_followup(conn, followup_id: str, customer_id: str, due_on: str, *, owner_id: str = "M1",
                 status: str = "open", slot: str | None = None) -> None:
    conn.execute("INSERT INTO followups (followup_id, customer_id, owner_id, due_on, slot, status, created_at,"
                 " updated_at) VALUES (?, ?, ?, ?, ?, ?, '2026-01-01T09:00:00', '2026-01-01T09:00:00')",
                 (followup_id, customer_id, owner_id, due_on, slot, status))


def set_contact(conn, customer_id: str, *, last_contact_at: str | None = None, attempts_recent: int = 0,
                blocked_until: str | None = None) -> None:
    conn.execute("INSERT INTO contact_state (customer_id, last_contact_at, attempts_recent, blocked_until,"
                 " contacts_total) VALUES (?, ?, ?, ?, ?)",
                 (customer_id, last_contact_at, attempts_recent, blocked_until, attempts_recent))


def basic_branch(conn) -> None:
    """Branch B1 with managers M1 and M2."""
    add_branch(conn)
    add_staff(conn, "M1", "王经理")
    add_staff(conn, "M2", "李经理")
