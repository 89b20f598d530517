"""Assignment entries (table assignments, migration 115): who a customer's manager was and became, on which desk.

reassign, pool assign and a hand-over each write one entry per customer whose manager they change, in their own
transaction; bundles carry the entries, and an import applies each where the customer still has the manager it was
taken from (compare-and-set, the pool being NULL) and the new manager is an active manager here, in time order, so
that a chain (M1 to the pool, then to M2) lands. An entry that does not apply is kept with the reason, and reported
by the import that brought it only. Head office's extracts set managers on every desk themselves and make no entry.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from workbench.db.meta import terminal_id
from workbench.i18n import gettext as _
from workbench.ids import new_id

SOURCES = ("reassign", "pool", "hand_over")
COLUMNS = ("assignment_id", "customer_id", "from_manager_id", "to_manager_id", "at", "terminal_id", "by_id", "source")
# Why an entry made elsewhere was not applied here, in the order they are checked.
REFUSALS = ("not_supervisor", "unknown_customer", "erased", "other_manager", "unknown_manager", "left", "not_manager")
# An entry's time: the time given, or one second past the customer's latest entry held here, so that the entries of
# one customer keep their order on every desk whatever the clocks say (as follow-up events do).
_AT = ("coalesce((SELECT CASE WHEN max(p.at) >= :at THEN strftime('%Y-%m-%dT%H:%M:%S', max(p.at), '+1 second') END"
       " FROM assignments p WHERE p.customer_id = {customer}), :at)")
_NEW_ID = "workbench_new_id"


def by_supervisor(staff: str) -> str:
    """SQL true when the column `staff` names an active supervisor on the staff here: the only one whose assignment or
    erasure entry, made on another desk, this desk applies. A bundle's checksum detects damage, not forgery (anyone
    can rewrite a bundle and its checksum), so an entry's by_id is checked against this desk's own staff."""
    return (f"EXISTS (SELECT 1 FROM main.staff b WHERE b.staff_id = {staff} AND b.role = 'supervisor'"
            " AND b.active = 1)")


@dataclass(frozen=True)
class NotApplied:
    """An entry made on another desk that this one kept without applying, and why (one of REFUSALS)."""
    assignment_id: str
    customer_id: str
    from_manager_id: str | None
    to_manager_id: str | None
    at: str
    terminal_id: str
    by_id: str
    reason: str
    manager_here: str | None   # other_manager: the customer's manager here (None: the pool)


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


# --- applying a bundle's entries -------------------------------------------------------------------------------

_STAGED = "temp.bundle_assignments"


def stage(conn: sqlite3.Connection) -> None:
    """A scratch table for the entries a bundle brings that this desk does not hold, in file order."""
    conn.execute(f"DROP TABLE IF EXISTS {_STAGED}")
    conn.execute(f"CREATE TEMP TABLE bundle_assignments (seq INTEGER PRIMARY KEY, {', '.join(COLUMNS)}, status TEXT,"
                 " manager_here TEXT, step INTEGER, UNIQUE (assignment_id))")


def staged_or_held(conn: sqlite3.Connection, row: dict) -> tuple | None:
    """Stage a bundle's entry; None when it is new here, else the entry as this desk (or the bundle, earlier) has it."""
    held = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM main.assignments WHERE assignment_id = ?",
                        (row["assignment_id"],)).fetchone()
    if held is not None:
        return held
    values = [row[c] for c in COLUMNS]
    if conn.execute(f"INSERT OR IGNORE INTO {_STAGED} ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                    values).rowcount:
        return None
    return conn.execute(f"SELECT {', '.join(COLUMNS)} FROM {_STAGED} WHERE assignment_id = ?",
                        (row["assignment_id"],)).fetchone()


@dataclass
class Applied:
    """What this desk made of a bundle's new entries."""
    applied: list[tuple[str, str, str | None, str | None]]   # (entry, customer, from, to), in time order
    already: list[str]           # entries whose customer had the new manager here already
    not_applied: list[NotApplied]

    @property
    def customers(self) -> list[str]:
        return sorted({customer for _a, customer, _f, _t in self.applied})


def apply_staged(conn: sqlite3.Connection, *, arrived_at: str | None = None) -> Applied:
    """Apply the staged entries in time order, one step of each customer's chain at a time, by set-based SQL, and
    keep every one with what came of it and when it arrived here; inside the caller's transaction."""
    conn.execute(f"UPDATE {_STAGED} SET step = r.n FROM (SELECT seq, row_number() OVER"
                 f" (PARTITION BY customer_id ORDER BY at, seq) AS n FROM {_STAGED}) r WHERE r.seq = bundle_assignments.seq")
    steps = conn.execute(f"SELECT coalesce(max(step), 0) FROM {_STAGED}").fetchone()[0]
    for step in range(1, steps + 1):
        # The customer's manager here must be the one the entry took them from; the new one an active manager here.
        conn.execute(
            f"UPDATE {_STAGED} AS t SET (status, manager_here) = (SELECT CASE"
            f" WHEN NOT {by_supervisor('t.by_id')} THEN 'not_supervisor'"
            " WHEN c.customer_id IS NULL THEN 'unknown_customer'"
            " WHEN c.do_not_call_source IS 'erasure' THEN 'erased'"
            " WHEN c.manager_id IS NOT t.from_manager_id THEN iif(c.manager_id IS t.to_manager_id, 'already', 'other_manager')"
            " WHEN t.to_manager_id IS NULL THEN 'applied'"
            " WHEN s.staff_id IS NULL THEN 'unknown_manager'"
            " WHEN NOT s.active THEN 'left'"
            " WHEN s.role IS NOT 'manager' THEN 'not_manager'"
            " ELSE 'applied' END, c.manager_id"
            " FROM (SELECT 1) LEFT JOIN main.customers c ON c.customer_id = t.customer_id"
            " LEFT JOIN main.staff s ON s.staff_id = t.to_manager_id) WHERE t.step = ?", (step,))
        conn.execute(f"UPDATE main.customers SET manager_id = t.to_manager_id FROM {_STAGED} t"
                     " WHERE t.customer_id = customers.customer_id AND t.step = ? AND t.status = 'applied'", (step,))
    conn.execute(f"INSERT INTO main.assignments ({', '.join(COLUMNS)}, status, manager_here, arrived_at)"
                 f" SELECT {', '.join(COLUMNS)}, status, iif(status = 'other_manager', manager_here, NULL), ?"
                 f" FROM {_STAGED} ORDER BY at, seq", (arrived_at,))
    order = f"FROM {_STAGED} WHERE status {{}} ORDER BY at, seq"
    return Applied(
        applied=conn.execute("SELECT assignment_id, customer_id, from_manager_id, to_manager_id "
                             + order.format("= 'applied'")).fetchall(),
        already=[r[0] for r in conn.execute("SELECT assignment_id " + order.format("= 'already'"))],
        not_applied=[NotApplied(*r) for r in conn.execute(
            "SELECT assignment_id, customer_id, from_manager_id, to_manager_id, at, terminal_id, by_id, status,"
            " iif(status = 'other_manager', manager_here, NULL) " + order.format("NOT IN ('applied', 'already')"))],
    )


def followups_to_move(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(follow-up, customer, new owner) for each pending follow-up of a customer an applied entry moved that its
    events (the bundle's own 'reassigned' ones included) leave with someone else: the customer's manager now, or
    for a customer sent to the pool the supervisor who sent them there, when on staff here; as reassign moves them."""
    from workbench.db.followups import PENDING_SQL

    return conn.execute(
        "SELECT f.followup_id, f.customer_id, coalesce(c.manager_id, s.staff_id) FROM followups f"
        " JOIN main.customers c USING (customer_id)"
        f" JOIN (SELECT customer_id, by_id FROM {_STAGED} t WHERE status = 'applied' AND step ="
        f" (SELECT max(step) FROM {_STAGED} l WHERE l.customer_id = t.customer_id AND l.status = 'applied')) k"
        " USING (customer_id) LEFT JOIN main.staff s ON s.staff_id = k.by_id AND s.active = 1"
        f" WHERE f.status IN {PENDING_SQL} AND coalesce(c.manager_id, s.staff_id) IS NOT NULL"
        " AND f.owner_id IS NOT coalesce(c.manager_id, s.staff_id) ORDER BY f.followup_id").fetchall()


def unstage(conn: sqlite3.Connection) -> None:
    conn.execute(f"DROP TABLE IF EXISTS {_STAGED}")


# --- saying what came of them ----------------------------------------------------------------------------------


def describe_not_applied(conn: sqlite3.Connection, entry: NotApplied, here: str | None) -> str:
    """One sentence for an entry kept without applying: whose customer, from whom to whom, who made it where and
    when, and why not (an erased customer is named by number alone, as a conflict names them)."""
    from workbench.sync.conflicts import _customer, _staff, short_terminal

    def keeper(staff_id: str | None) -> str:
        return _staff(conn, staff_id) if staff_id else _("the unassigned pool")

    new = keeper(entry.to_manager_id)
    why = {
        "not_supervisor": _("{who} is not a supervisor on the staff of this terminal, and only a supervisor's change"
                            " applies").format(who=_staff(conn, entry.by_id)),
        "unknown_customer": _("the customer is not known on this terminal"),
        "erased": _("the customer's personal data was erased on this terminal, so their record is left as it is"),
        "unknown_manager": _("{manager} is not on the staff of this terminal").format(manager=new),
        "left": _("{manager} has left").format(manager=new),
        "not_manager": _("{manager} is a supervisor on this terminal, and customers are assigned to managers").format(
            manager=new),
    }.get(entry.reason)
    if why is None:   # other_manager: another change reached this terminal first
        why = (_("here the customer is in the unassigned pool; another change came first")
               if entry.manager_here is None else
               _("here the customer's manager is {manager}; another change came first").format(
                   manager=_staff(conn, entry.manager_here)))
    terminal = _("this terminal") if entry.terminal_id == here else _("terminal {terminal}").format(
        terminal=short_terminal(entry.terminal_id))
    return _("{customer} was given from {old} to {new} (by {who} on {terminal}, {at}), but not on this terminal:"
             " {why}.").format(customer=_customer(conn, entry.customer_id), old=keeper(entry.from_manager_id), new=new,
                               who=_staff(conn, entry.by_id), terminal=terminal, at=entry.at, why=why)
