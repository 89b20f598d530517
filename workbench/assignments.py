"""Assignment entries (table assignments, migration 115): who a customer's manager was and became, on which desk.

reassign, pool assign and a hand-over each write one entry per customer whose manager they change, in their own
transaction; bundles carry the entries, and an import applies each where the customer still has the manager it was
taken from (compare-and-set, the pool being NULL) and the new manager is an active manager here, in time order, so
that a chain (M1 to the pool, then to M2) lands. An entry that does not apply is kept with the reason, and reported
by the import that brought it only. Head office's extracts set managers on every desk themselves and make no entry.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from workbench.db.meta import terminal_id
from workbench.ids import new_id

SOURCES = ("reassign", "pool", "hand_over")
COLUMNS = ("assignment_id", "customer_id", "from_manager_id", "to_manager_id", "at", "terminal_id", "by_id", "source")
# An entry's time: the time given, or one second past the customer's latest entry held here, so that the entries of
# one customer keep their order on every desk whatever the clocks say (as follow-up events do).
_AT = ("coalesce((SELECT CASE WHEN max(p.at) >= :at THEN strftime('%Y-%m-%dT%H:%M:%S', max(p.at), '+1 second') END"
       " FROM assignments p WHERE p.customer_id = {customer}), :at)")
_NEW_ID = "workbench_new_id"


def record(conn: sqlite3.Connection, customer_id: str, from_id: str | None, to_id: str | None, *, at: datetime,
           by_id: str, source: str) -> str:
    """One entry for a customer whose manager this desk has just changed, inside the caller's transaction."""
    assignment_id = new_id()
    conn.execute(
        "INSERT INTO assignments (assignment_id, customer_id, from_manager_id, to_manager_id, at, terminal_id, by_id,"
        f" source) VALUES (:id, :customer, :from, :to, {_AT.format(customer=':customer')}, :terminal, :by, :source)",
        {"id": assignment_id, "customer": customer_id, "from": from_id, "to": to_id,
         "at": at.isoformat(timespec="seconds"), "terminal": terminal_id(conn), "by": by_id, "source": source})
    return assignment_id


def record_hand_over(conn: sqlite3.Connection, from_id: str, *, at: datetime, by_id: str) -> int:
    """One entry for each customer of temp.hand_over (customer, new manager or NULL) taken from from_id, by one
    INSERT ... SELECT inside the caller's transaction (a leaver may have a hundred thousand); returns how many."""
    conn.create_function(_NEW_ID, 0, new_id)   # a seeded run (the sample) gets its ids from ids.seeded too
    return conn.execute(
        "INSERT INTO assignments (assignment_id, customer_id, from_manager_id, to_manager_id, at, terminal_id, by_id,"
        f" source) SELECT {_NEW_ID}(), h.customer_id, :from, h.manager_id, {_AT.format(customer='h.customer_id')},"
        " :terminal, :by, 'hand_over' FROM temp.hand_over h ORDER BY h.customer_id",
        {"from": from_id, "at": at.isoformat(timespec="seconds"), "terminal": terminal_id(conn), "by": by_id},
    ).rowcount
