"""Explicit rows for the engine's tests: a branch, managers and customers with readable defaults."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import numpy as np

from workbench.dormancy import simulate_bgnbd
from workbench.settings import set_setting

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
                 status: str = "open", slot: str | None = None, channel: str = "phone") -> None:
    conn.execute("INSERT INTO followups (followup_id, customer_id, owner_id, due_on, slot, status, channel, created_at,"
                 " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '2026-01-01T09:00:00', '2026-01-01T09:00:00')",
                 (followup_id, customer_id, owner_id, due_on, slot, status, channel))


def set_contact(conn, customer_id: str, *, last_contact_at: str | None = None, attempts_on: Sequence[str] = (),
                blocked_until: str | None = None) -> None:
    """A contact_state row; attempts_on: the days of the recent attempts (rules.contact_state_for's list)."""
    conn.execute("INSERT INTO contact_state (customer_id, last_contact_at, recent_attempt_days, blocked_until,"
                 " contacts_total) VALUES (?, ?, ?, ?, ?)",
                 (customer_id, last_contact_at, json.dumps(sorted(attempts_on)) if attempts_on else None,
                  blocked_until, len(attempts_on)))


def basic_branch(conn) -> None:
    """Branch B1 with managers M1 and M2."""
    add_branch(conn)
    add_staff(conn, "M1", "王经理")
    add_staff(conn, "M2", "李经理")


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


def varied_branch(conn, n: int = 400, seed: int = 11) -> None:
    """n customers spread over everything that moves with time: activity and login gaps around the
    thresholds, new accounts, birthdays and maturities in the coming weeks, recent contacts and
    attempts, the 12-month window edge, and a few dates in the future (bad data)."""
    rng = np.random.default_rng(seed)
    basic_branch(conn)
    age = rng.integers(20, 2500, size=n).astype(np.float64)
    repeats, recency = simulate_bgnbd(0.6, 40.0, 0.7, 2.5, age, rng)
    for i in range(n):
        first = -int(age[i])
        opened = first - int(rng.integers(0, 30))
        last = first + int(recency[i])
        if i % 40 == 0:
            last = int(rng.integers(1, 20))  # an activity date in the future
        birthday = dt.date(1970 + i % 40, 1, 1) + dt.timedelta(days=int((TODAY - dt.date(2026, 1, 1)).days
                                                                         + rng.integers(-5, 40)))
        aum = int(rng.choice([2, 30, 48, 60, 280, 700])) * WAN
        add_customer(conn, f"C{i}", opened_on=day(opened), first_activity_on=day(first), last_activity_on=day(last),
                     last_login_on=None if i % 5 == 0 else day(-int(rng.integers(0, 200))),
                     activity_count_12m=int(min(repeats[i], 60)), birthday=birthday.isoformat(), aum_fen=aum,
                     aum_peak_fen=aum * int(rng.choice([1, 1, 3])), do_not_call=int(i % 50 == 7))
        if i % 3 == 0:
            add_holding(conn, f"C{i}", "wealth" if i % 2 else "time_deposit", day(int(rng.integers(-3, 90))))
        if i % 4 == 0:
            contact, attempts = -int(rng.integers(0, 200)), int(rng.integers(0, 4))
            if i % 40 == 0:
                contact = 1 + -contact % 5   # a contact in the future
            # Attempts 3 days apart, ending with the last contact or, every other time, 5 days before a visit.
            last_attempt = contact - 5 * (i % 8 == 4)
            set_contact(conn, f"C{i}", last_contact_at=day(contact) + "T10:00:00",
                        attempts_on=[day(last_attempt - 3 * k) for k in range(attempts)])
    set_setting(conn, "dormancy.min_customers_to_fit", 100)
    set_setting(conn, "scoring.full_rescore_days", 365)
    set_setting(conn, "scoring.refit_days", 365)
