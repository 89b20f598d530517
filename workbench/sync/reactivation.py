"""Closing the loop with head office: a 'reached' call followed by activity counts as a confirmed reactivation.

A newer customer extract moves customers.last_activity_on; when that date falls on or after the day of
a logged 'reached' call made while the customer was in a dormant segment (DORMANT_SEGMENTS, the segment the entry
keeps) and at most ``sync.reactivation_window_days`` days after it, the latest such call is credited, once, in the
reactivations table (migration 40): a customer who was not asleep when called is not woken by it. Managers' own
'reactivated' outcomes stay in the outcome log; reports count both separately.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from workbench.rules import EFFECTIVE_OUTCOME
from workbench.settings import load_settings
from workbench.txn import write_transaction

# The segments of a customer asleep on one of the bank's lines (a bank sets dormancy per line): the two dormant ones
# (activity), downgraded (assets fell below a tier) and unconverted prospects (hardly any activity in a year). Not
# "Not dormant", a new customer, nor the opportunity triggers (maturity, near the next tier, birthday), whose
# customers' other segments the entry does not keep. Migration 125 applied it to the reactivations recorded before.
DORMANT_SEGMENTS = ("high_value_dormant", "low_value_dormant", "downgraded", "unconverted_prospect")

# The latest effective 'reached' call of a dormant customer on or before the activity date, inside the window;
# driven from the customers ever reached (a few thousand), not from every customer (a million after a
# large extract).
_CANDIDATES = """
SELECT credited.outcome_id, credited.customer_id, credited.at, c.last_activity_on
FROM (SELECT DISTINCT customer_id FROM outcomes WHERE line_result = 'reached') reached
JOIN customers c ON c.customer_id = reached.customer_id
JOIN outcomes credited ON credited.outcome_id = (
    SELECT o.outcome_id FROM outcomes o
    WHERE o.customer_id = c.customer_id
      AND o.line_result = 'reached'
      AND o.segment IN (""" + ", ".join(f"'{code}'" for code in DORMANT_SEGMENTS) + """)
      AND """ + EFFECTIVE_OUTCOME + """
      AND date(o.at) <= c.last_activity_on
      AND julianday(c.last_activity_on) - julianday(date(o.at)) <= :window
    ORDER BY o.at DESC, o.outcome_id DESC LIMIT 1
)
WHERE c.last_activity_on IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM reactivations r WHERE r.outcome_id = credited.outcome_id)
ORDER BY credited.customer_id
"""


# The entries a confirmation counts on (SQL, a table of outcome_id): each confirmed call and every correction of it,
# down its correction chain, so that joined with the entries in effect it lands on the chain's entry in effect. A
# confirmation belongs to the contact, not to the entry it was credited to: a call corrected after (or, on another
# desk, before) head office's extract confirmed it keeps its confirmation, the same on every desk.
CONFIRMED_ENTRIES = """(WITH RECURSIVE chain(outcome_id) AS (
    SELECT outcome_id FROM reactivations
    UNION SELECT s.outcome_id FROM chain JOIN outcomes s ON s.supersedes = chain.outcome_id)
  SELECT outcome_id FROM chain)"""


@dataclass(frozen=True)
class Reactivation:
    outcome_id: str
    customer_id: str
    contacted_at: str
    activity_on: str
    confirmed_on: str


def confirm_reactivations(conn: sqlite3.Connection, window_days: int | None = None, *,
                          today: date | None = None) -> list[Reactivation]:
    """Record newly confirmed reactivations (joins the caller's transaction); returns the new ones.

    window_days defaults to the bank's ``sync.reactivation_window_days``. confirmed_on is ``today``
    when given, else the day of the latest customer extract import (else the activity date).
    """
    if window_days is None:
        window_days = int(load_settings(conn)["sync.reactivation_window_days"])
    if today is None:
        row = conn.execute("SELECT max(substr(imported_at, 1, 10)) FROM import_log WHERE kind = 'customers'").fetchone()
        stamp = row[0]
    else:
        stamp = today.isoformat()
    with write_transaction(conn):
        found = [
            Reactivation(oid, cid, at, activity, stamp or activity)
            for oid, cid, at, activity in conn.execute(_CANDIDATES, {"window": window_days}).fetchall()
        ]
        conn.executemany(
            "INSERT OR IGNORE INTO reactivations (outcome_id, customer_id, contacted_at, activity_on, confirmed_on)"
            " VALUES (?, ?, ?, ?, ?)",
            [(r.outcome_id, r.customer_id, r.contacted_at, r.activity_on, r.confirmed_on) for r in found],
        )
    return found
