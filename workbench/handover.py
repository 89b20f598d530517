"""Handing all of one manager's customers over at once, when they leave or change jobs.

The customers go to one manager, are shared among several (dealt by priority, so each gets a fair
part of the valuable ones), or go back to their branches' unassigned pools. It is one transaction
with one audit entry naming every customer moved; pending follow-ups move with their customers as
`reassign` moves them, and with --leave the leaver's other pending follow-ups go to their customers'
managers, since nobody sees a leaver's agenda. The customers are moved with set-based SQL: a leaver
may have a hundred thousand, and the follow-ups, a few thousand at most, are the only rows handled
one by one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from workbench import assignments, audit
from workbench.access import known_staff
from workbench.db.followups import PENDING_SQL
from workbench.errors import WorkbenchError
from workbench.followups import move_followups
from workbench.i18n import gettext as _
from workbench.staffing import StaffChange, change_staff, check_leaving
from workbench.txn import write_transaction

# The order shares are dealt in: customers on the lists first, then by priority as the pool lists them.
_DEAL_ORDER = "active DESC, priority IS NULL, priority DESC, aum_fen DESC, customer_id"


@dataclass(frozen=True)
class Share:
    """What one new keeper gets: a manager, or the unassigned pool (manager_id None)."""

    manager_id: str | None
    name: str | None
    customers: int
    active: int
    aum_fen: int
    followups: int


@dataclass(frozen=True)
class HandOver:
    from_id: str
    from_name: str
    shares: list[Share]
    followups_to: str | None     # who keeps the moved follow-ups of customers sent to the pool
    left: bool                   # from_id was marked as left in the same transaction
    dry_run: bool
    elsewhere: int = 0           # with leave: from_id's pending follow-ups on customers not handed over, moved on
    elsewhere_kept: int = 0      # of those, the ones by_id keeps: their customers have no manager at work
    by_id: str | None = None     # the supervisor acting, who keeps those

    @property
    def customers(self) -> int:
        return sum(s.customers for s in self.shares)

    @property
    def active(self) -> int:
        """Of the customers, those on a list: the rest a full extract left out, whom a hand-over moves too."""
        return sum(s.active for s in self.shares)


def not_in_extract(customers: int, active: int) -> str:
    """Of customers counted as the pool's picker counts them (active: on the lists), the rest, whom a full extract
    left out and a hand-over moves too: ' (+22 not in the latest extract)'; '' when there are none. The app's plan,
    question and notice and the CLI's table say them so."""
    rest = customers - active
    return _(" (+{n} not in the latest extract)").format(n=f"{rest:,}") if rest else ""


def hand_over(conn: sqlite3.Connection, from_id: str, to: list[str] | None, *, at: datetime, by_id: str,
              dry_run: bool = False, leave: bool = False) -> HandOver:
    """Give every customer of from_id to the managers in `to` (one takes all; several share them,
    dealt by priority), or with to=None back to their branches' pools, whose pending follow-ups
    then go to by_id (the supervisor) until the customers get a manager. With leave, from_id's other
    pending follow-ups go to their customers' managers (by_id's when there is none at work) and from_id
    is marked as left, all in the same transaction. A dry run plans, counts and refuses as the real run
    would, and writes nothing."""
    with (_rolled_back(conn) if dry_run else write_transaction(conn)):
        from_name, from_active = known_staff(conn, from_id)
        targets = _takers(conn, from_id, to)
        if leave:
            _check_leaving(conn, from_id, by_id)
        conn.execute("DROP TABLE IF EXISTS temp.hand_over")
        conn.execute("CREATE TEMP TABLE hand_over (customer_id TEXT PRIMARY KEY, manager_id TEXT) WITHOUT ROWID")
        _deal(conn, from_id, targets)
        keeper = by_id if to is None else None
        moves = _followups(conn, keeper)
        elsewhere = _elsewhere(conn, from_id, by_id) if leave else []
        shares = _shares(conn, targets, moves)
        if not dry_run and (shares or elsewhere):
            _move(conn, from_id, targets, moves + elsewhere, at=at, by_id=by_id)
            audit.record(conn, "hand_over", at=at, actor=by_id, subject=from_id, detail={
                "from": from_id, **_who_got_whom(conn),
                "followups": {fid: owner for fid, _c, _o, owner in moves + elsewhere}})
        if leave and not dry_run:
            change_staff(conn, from_id, StaffChange(active=False), at=at, by_id=by_id)
        conn.execute("DROP TABLE temp.hand_over")
    return HandOver(from_id, from_name, shares, keeper if moves else None, leave and from_active, dry_run,
                    len(elsewhere), sum(1 for *_r, owner in elsewhere if owner == by_id), by_id)


@contextmanager
def _rolled_back(conn: sqlite3.Connection) -> Iterator[None]:
    """A read transaction whose scratch table is dropped again: a dry run sees one state and keeps nothing."""
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")


def _check_leaving(conn: sqlite3.Connection, from_id: str, by_id: str) -> None:
    """The refusals of marking from_id as left, made before anything moves so that a dry run gives them
    too; the supervisor acting may not be the leaver, as they keep follow-ups nobody else would."""
    check_leaving(conn, from_id, handed_over=True)
    if from_id == by_id:
        raise WorkbenchError(_("{id} cannot hand over their own customers with --leave, since the supervisor acting keeps"
                               " the follow-ups of customers without a manager; ask another supervisor.").format(id=from_id))


def _takers(conn: sqlite3.Connection, from_id: str, to: list[str] | None) -> list[str | None]:
    """The managers who take the customers ([None]: the pool), each checked to be an active manager."""
    if to is None:
        return [None]
    if not to:
        raise WorkbenchError(_("Say who takes the customers: --to MANAGER (several, comma-separated, share them)"
                               " or --to-pool."))
    for staff_id in to:
        if to.count(staff_id) > 1:
            raise WorkbenchError(_("{id} is named twice; name each manager once.").format(id=staff_id))
        if staff_id == from_id:
            raise WorkbenchError(_("{id} cannot take over their own customers; name another manager.").format(id=staff_id))
        row = conn.execute("SELECT role, active FROM staff WHERE staff_id = ?", (staff_id,)).fetchone()
        if row is None:
            raise WorkbenchError(_("Unknown staff member {id!r}.").format(id=staff_id))
        if not row[1]:
            raise WorkbenchError(_("{id} has left; hand the customers to a manager still at work.").format(id=staff_id))
        if row[0] != "manager":
            raise WorkbenchError(_("{id} is a supervisor; customers are handed to managers.").format(id=staff_id))
    return list(to)


def _deal(conn: sqlite3.Connection, from_id: str, targets: list[str | None]) -> None:
    """Fill temp.hand_over with each customer's new manager. Several managers are dealt to in a snake
    (1, 2, 3, 3, 2, 1 ...) down the priority order, so none is always first to the best customer."""
    if len(targets) == 1:
        conn.execute("INSERT INTO temp.hand_over SELECT customer_id, ? FROM customers WHERE manager_id = ?",
                     (targets[0], from_id))
        return
    conn.execute(
        "INSERT INTO temp.hand_over SELECT customer_id, json_extract(:targets, '$[' ||"
        " CASE WHEN (r / :k) % 2 = 0 THEN r % :k ELSE :k - 1 - r % :k END || ']') FROM"
        f" (SELECT customer_id, row_number() OVER (ORDER BY {_DEAL_ORDER}) - 1 AS r FROM customers WHERE manager_id = :from)",
        {"targets": json.dumps(targets), "k": len(targets), "from": from_id},
    )


def _followups(conn: sqlite3.Connection, keeper: str | None) -> list[tuple[str, str, str | None, str]]:
    """(follow-up, customer, owner now, new owner) for each pending follow-up of a customer handed over
    that gets another owner: the customer's new manager, or the keeper for a customer sent to the pool."""
    rows = conn.execute(
        "SELECT f.followup_id, f.customer_id, f.owner_id, coalesce(h.manager_id, ?) FROM followups f"
        f" JOIN temp.hand_over h USING (customer_id) WHERE f.status IN {PENDING_SQL}"
        " ORDER BY f.followup_id", (keeper,)).fetchall()
    return [row for row in rows if row[2] != row[3]]


def _elsewhere(conn: sqlite3.Connection, from_id: str, by_id: str) -> list[tuple[str, str, str | None, str]]:
    """(follow-up, customer, from_id, new owner) for each pending follow-up of from_id's on a customer not
    handed over: it goes to the customer's manager, or to by_id when the customer has none at work."""
    return conn.execute(
        "SELECT f.followup_id, f.customer_id, f.owner_id, coalesce(s.staff_id, ?) FROM followups f"
        " LEFT JOIN customers c USING (customer_id) LEFT JOIN staff s ON s.staff_id = c.manager_id AND s.active = 1"
        f" WHERE f.owner_id = ? AND f.status IN {PENDING_SQL}"
        " AND f.customer_id NOT IN (SELECT customer_id FROM temp.hand_over) ORDER BY f.followup_id",
        (by_id, from_id)).fetchall()


def _shares(conn: sqlite3.Connection, targets: list[str | None], moves: list[tuple]) -> list[Share]:
    """What each new keeper gets, in the order they were named; empty when there is nobody to hand over."""
    counted = {manager: row for manager, *row in conn.execute(
        "SELECT h.manager_id, count(*), sum(c.active), sum(c.aum_fen) FROM temp.hand_over h"
        " JOIN customers c USING (customer_id) GROUP BY h.manager_id")}
    if not counted:
        return []
    names = dict(conn.execute("SELECT staff_id, name FROM staff WHERE staff_id IN (SELECT value FROM json_each(?))",
                              (json.dumps(targets),)))
    followups = {}
    for _f, customer_id, _o, _n in moves:
        followups[customer_id] = followups.get(customer_id, 0) + 1
    per_target = dict.fromkeys(targets, 0)
    for customer_id, manager_id in conn.execute(
            "SELECT customer_id, manager_id FROM temp.hand_over WHERE customer_id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(followups)),)):
        per_target[manager_id] += followups[customer_id]
    return [Share(t, names.get(t), *counted.get(t, (0, 0, 0)), per_target[t]) for t in targets]


def _move(conn: sqlite3.Connection, from_id: str, targets: list[str | None], moves: list[tuple], *, at: datetime,
          by_id: str) -> None:
    """Give the customers their new managers (or the pool) and move the follow-ups along, as reassign_customer does."""
    if len(targets) == 1:
        conn.execute("UPDATE customers SET manager_id = ? WHERE manager_id = ?", (targets[0], from_id))
    else:
        conn.execute("UPDATE customers SET manager_id = h.manager_id FROM temp.hand_over h"
                     " WHERE customers.customer_id = h.customer_id")
    assignments.record_hand_over(conn, from_id, at=at, by_id=by_id)   # for bundles to carry to the other desks
    move_followups(conn, [(fid, customer_id, owner) for fid, customer_id, _was, owner in moves], at, by_id)


def _who_got_whom(conn: sqlite3.Connection) -> dict:
    """The audit entry's record of every customer moved: {"to": {manager: [customers]}, "pool": [customers]}."""
    to: dict[str, list[str]] = {}
    pool: list[str] = []
    for customer_id, manager_id in conn.execute("SELECT customer_id, manager_id FROM temp.hand_over ORDER BY customer_id"):
        (pool if manager_id is None else to.setdefault(manager_id, [])).append(customer_id)
    return {"to": to, "pool": pool}
