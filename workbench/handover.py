"""Handing all of one manager's customers over at once, when they leave or change jobs.

The customers go to one manager, are shared among several (dealt by priority, so each gets a fair
part of the valuable ones), or go back to their branches' unassigned pools. It is one transaction
with one audit entry naming every customer moved; pending follow-ups move with their customers as
`reassign` moves them, and with --leave the leaver's other pending follow-ups go to their customers'
managers, since nobody sees a leaver's agenda. The customers are moved with set-based SQL: a leaver
may have a hundred thousand, and the follow-ups, a few thousand at most, are the only rows handled
one by one.

A hand-over with a last day (`until`) is a cover for a manager's leave, to one colleague: its assignment entries carry
the last day, and the customers they moved are kept in table covers (keep_covers, the same rule on every desk that holds
the entries, one restored from an earlier backup too), so that give_back returns exactly those still with the colleague,
their pending follow-ups along, and head office's extracts naming the manager away leave them with the colleague until
the cover ends (assignments.reassigned_from).

A hand-over with --leave travels the same way: its assignment entries carry the time the leaver was marked as left
(left_at), and every desk that imports them marks the leaver as left in the same transaction as the moves
(assignments.mark_leavers), so that `staff set --inactive` is not needed there and an extract that still names the
leaver gives their customers back to them on no desk (importing.store reads a leaver as no manager).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from workbench import assignments, audit
from workbench.access import known_name, known_staff, staff_label
from workbench.db.followups import PENDING_SQL
from workbench.errors import WorkbenchError
from workbench.followups import move_followups
from workbench.i18n import fill, gettext as _, ngettext
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
    until: date | None = None    # a cover for a leave: its last day
    # (taker, customers' branch, customers, those on the lists, the first) where the taker works at another branch
    other_branch: tuple[tuple[str, str, int, int, str, str, str | None], ...] = ()

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


def shown_name(staff_id: str, name: str | None) -> str:
    """A staff member as a sentence on screen names them: the name, the id when no name is known (known_name: none,
    blank, or the id itself, as for a manager an extract added by id alone). The hand-over and give-back screens, their
    questions and their notices say every manager so."""
    return known_name(staff_id, name) or staff_id


def hand_over(conn: sqlite3.Connection, from_id: str, to: list[str] | None, *, at: datetime, by_id: str,
              dry_run: bool = False, leave: bool = False, until: date | None = None) -> HandOver:
    """Give every customer of from_id to the managers in `to` (one takes all; several share them,
    dealt by priority), or with to=None back to their branches' pools, whose pending follow-ups
    then go to by_id (the supervisor) until the customers get a manager. With leave, from_id's other
    pending follow-ups go to their customers' managers (by_id's when there is none at work) and from_id
    is marked as left, all in the same transaction. With until, to one manager only, it is a cover for
    from_id's leave up to that day (its customers kept in covers, for give_back). A dry run plans, counts and
    refuses as the real run would, and writes nothing."""
    with (_rolled_back(conn) if dry_run else write_transaction(conn)):
        from_name, from_active = known_staff(conn, from_id)
        targets = _takers(conn, from_id, to)
        if leave:
            _check_leaving(conn, from_id, by_id)
        if until is not None:
            _check_cover(conn, from_id, from_active, to, until, at=at, leave=leave)
        conn.execute("DROP TABLE IF EXISTS temp.hand_over")
        conn.execute("CREATE TEMP TABLE hand_over (customer_id TEXT PRIMARY KEY, manager_id TEXT) WITHOUT ROWID")
        _deal(conn, from_id, targets)
        keeper = by_id if to is None else None
        moves = _followups(conn, keeper)
        # A leaver's pending follow-ups that reached this desk after they left (booked on a desk not yet told) go
        # as --leave sends them: nobody sees a leaver's agenda.
        elsewhere = _elsewhere(conn, from_id, by_id) if leave or not from_active else []
        shares = _shares(conn, targets, moves)
        other_branch = _of_another_branch(conn)
        if until is not None and not shares and not _cover_open(conn, from_id):
            raise WorkbenchError(fill(_("{staff} has no customers to hand over, so no cover was recorded."),
                                      staff=staff_label(from_id, from_name)))
        if not dry_run and (shares or elsewhere):
            _move(conn, from_id, targets, moves + elsewhere, at=at, by_id=by_id, until=until, leave=leave)
        # A cover made longer counts, with no customers left to hand over.
        covered = _extend_cover(conn, from_id, until) if until and not dry_run else 0
        if not dry_run and (shares or elsewhere or covered):
            audit.record(conn, "hand_over", at=at, actor=by_id, subject=from_id, detail={
                "from": from_id, **_who_got_whom(conn),
                "followups": {fid: owner for fid, _c, _o, owner in moves + elsewhere},
                **({"until": until.isoformat()} if until is not None else {})})
        if leave and not dry_run:
            change_staff(conn, from_id, StaffChange(active=False), at=at, by_id=by_id)
        conn.execute("DROP TABLE temp.hand_over")
    return HandOver(from_id, from_name, shares, keeper if moves else None, leave and from_active, dry_run,
                    len(elsewhere), sum(1 for *_r, owner in elsewhere if owner == by_id), by_id, until, other_branch)


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
          by_id: str, whole_book: bool = True, until: date | None = None, leave: bool = False) -> None:
    """Give the customers of temp.hand_over (all of from_id's, unless not whole_book) their new managers (or the pool)
    and move the follow-ups along, as reassign_customer does; the covers follow the entries written (keep_covers), and
    with leave the entries say from_id left (assignments.mark_leavers)."""
    if len(targets) == 1 and whole_book:
        conn.execute("UPDATE customers SET manager_id = ? WHERE manager_id = ?", (targets[0], from_id))
    else:
        conn.execute("UPDATE customers SET manager_id = h.manager_id FROM temp.hand_over h"
                     " WHERE customers.customer_id = h.customer_id")
    assignments.record_hand_over(conn, from_id, at=at, by_id=by_id, until=until, leave=leave)   # for bundles to carry
    keep_covers(conn, "SELECT customer_id FROM temp.hand_over")
    move_followups(conn, [(fid, customer_id, owner) for fid, customer_id, _was, owner in moves], at, by_id)


def _of_another_branch(conn: sqlite3.Connection) -> tuple[tuple[str, str, int, int, str, str, str | None], ...]:
    """(taker, customers' branch, customers, those on the lists, the first, the taker's branch and name) for the
    customers of temp.hand_over whose new manager works at another branch than theirs (not one above it: a 支行's
    manager works its 分理处's customers), as branches.another_branch_note finds for one customer; read by branch, not
    a customer at a time."""
    from workbench.branches import covers

    found = conn.execute(
        "SELECT h.manager_id, c.branch_id, s.branch_id, count(*), sum(c.active), min(h.customer_id), s.name"
        " FROM temp.hand_over h JOIN customers c USING (customer_id) JOIN staff s ON s.staff_id = h.manager_id"
        " WHERE c.branch_id IS NOT s.branch_id AND c.branch_id IS NOT NULL AND s.branch_id IS NOT NULL"
        " GROUP BY 1, 2, 3 ORDER BY 1, 2").fetchall()
    return tuple((taker, branch, n, active, first, works_at, name) for taker, branch, works_at, n, active, first, name
                 in found if not covers(conn, works_at, branch))


def another_branch_notes(conn: sqlite3.Connection, plan: HandOver) -> list[str]:
    """A note for each taker and branch of customers the hand-over gives a manager of another branch: the one
    `reassign` gives for a customer alone, else how many stay with their branch and where the manager works."""
    from workbench.branches import another_branch_note, branch_label

    names = dict(conn.execute("SELECT branch_id, name FROM branches"))
    notes = []
    for taker, branch, n, active, first, works_at, name in plan.other_branch:
        if n == 1:
            notes.append(another_branch_note(conn, first, taker) or "")
            continue
        notes.append(fill(_("note: {n} of the customers{more} stay with {branch} and {manager} works at {other}: they"
                            " now show on the list of a manager of another branch."),
                          n=f"{active:,}", more=not_in_extract(n, active),
                          branch=branch_label(branch, names.get(branch)),
                          manager=staff_label(taker, name),
                          other=branch_label(works_at, names.get(works_at))))
    return [note for note in notes if note]


def _who_got_whom(conn: sqlite3.Connection) -> dict:
    """The audit entry's record of every customer moved: {"to": {manager: [customers]}, "pool": [customers]}."""
    to: dict[str, list[str]] = {}
    pool: list[str] = []
    for customer_id, manager_id in conn.execute("SELECT customer_id, manager_id FROM temp.hand_over ORDER BY customer_id"):
        (pool if manager_id is None else to.setdefault(manager_id, [])).append(customer_id)
    return {"to": to, "pool": pool}


# --- covers for a leave --------------------------------------------------------------------------------------------


def _check_cover(conn: sqlite3.Connection, from_id: str, from_active: bool, to: list[str] | None, until: date, *,
                 at: datetime, leave: bool) -> None:
    """The refusals of a cover, made before anything moves: one colleague takes the customers of a manager at work
    who comes back, until a day not past, and not while the colleague is away themselves or another covers from_id."""
    if to is None or len(to) != 1 or leave or not from_active:
        raise WorkbenchError(_("A cover (--until) hands a manager at work to one colleague, who gives the customers back"
                               " after the leave; a leaver's customers are handed over without --until."))
    if until < at.date():
        raise WorkbenchError(_("The cover's last day {until} is past; give today or a later day.").format(
            until=until.isoformat()))
    taker = to[0]
    for cover in open_covers(conn):
        if cover.from_id == from_id and cover.to_id != taker:
            raise WorkbenchError(fill(_("{staff}'s customers are covered by {other} until {until}; give them back"
                                        " first (`workbench staff give-back {id}`) or cover with {other_id}."),
                                      staff=cover.from_label, other=cover.to_label, until=cover.until,
                                      id=from_id, other_id=cover.to_id))
        if cover.from_id == taker and not cover.ended(at.date()):
            raise WorkbenchError(fill(_("{staff} is away until {until} ({other} covers them); name a manager at"
                                        " work."), staff=cover.from_label, until=cover.until, other=cover.to_label))


def _cover_open(conn: sqlite3.Connection, from_id: str) -> bool:
    """Whether from_id has a cover open here, which a hand-over with a later last day makes longer."""
    return conn.execute("SELECT 1 FROM covers WHERE from_id = ? AND back_at IS NULL LIMIT 1",
                        (from_id,)).fetchone() is not None


def _extend_cover(conn: sqlite3.Connection, from_id: str, until: date) -> int:
    """Make the day given the last day of from_id's open cover (a leave made longer, with or without customers handed
    over now: this desk's word alone when none were); returns how many customers the cover has."""
    return conn.execute("UPDATE covers SET until = ? WHERE from_id = ? AND back_at IS NULL",
                        (until.isoformat(), from_id)).rowcount


def keep_covers(conn: sqlite3.Connection, customers: str) -> None:
    """Keep covers as the assignment entries in force here of the customers `customers` (a SELECT of customer ids)
    names say, inside the caller's transaction: the one rule of the desk that hands over or gives back and of every
    desk a bundle brings the entries to (one restored from a backup taken before the cover too), so that all of them
    hold the same covers after one exchange, whatever order the entries come in. Each entry of a cover's hand-over
    (one with a last day) is a cover row named by the entry; a hand-over entry that gives a covered customer back from
    the colleague to the manager away, made after the cover, closes the manager's cover by that colleague (the
    customers who have another manager now too) as of the earliest such entry after it, on any desk; and an open cover
    runs to the last day of its latest entry (a leave made longer). Repeated, it changes nothing."""
    in_force = ", ".join(map(repr, assignments.IN_FORCE))
    conn.execute(
        "INSERT OR IGNORE INTO covers (cover_id, customer_id, from_id, to_id, at, until, by_id)"
        " SELECT a.assignment_id, a.customer_id, a.from_manager_id, a.to_manager_id, a.at, a.until, a.by_id"
        f" FROM assignments a WHERE a.customer_id IN ({customers}) AND a.until IS NOT NULL"
        f" AND a.from_manager_id IS NOT NULL AND a.to_manager_id IS NOT NULL AND a.status IN ({in_force})")
    conn.execute("DROP TABLE IF EXISTS temp.cover_backs")
    conn.execute("CREATE TEMP TABLE cover_backs (from_id TEXT, to_id TEXT, at TEXT, by_id TEXT,"
                 " PRIMARY KEY (from_id, to_id, at, by_id)) WITHOUT ROWID")
    conn.execute(
        "INSERT OR IGNORE INTO temp.cover_backs SELECT w.from_id, w.to_id, e.at, e.by_id FROM covers w"
        " JOIN assignments e ON e.customer_id = w.customer_id AND e.from_manager_id = w.to_id"
        " AND e.to_manager_id = w.from_id AND e.at > w.at"
        f" WHERE w.customer_id IN ({customers}) AND e.source = 'hand_over' AND e.until IS NULL"
        f" AND e.status IN ({in_force})")
    # Two desks giving one cover back at once: the earlier give-back closes it on both.
    conn.execute(
        "UPDATE covers SET (back_at, back_by) = (SELECT b.at, b.by_id FROM temp.cover_backs b"
        " WHERE b.from_id = covers.from_id AND b.to_id = covers.to_id AND b.at > covers.at ORDER BY b.at, b.by_id"
        " LIMIT 1) WHERE from_id IN (SELECT from_id FROM temp.cover_backs)"
        " AND EXISTS (SELECT 1 FROM temp.cover_backs b WHERE b.from_id = covers.from_id AND b.to_id = covers.to_id"
        " AND b.at > covers.at AND (covers.back_at IS NULL OR b.at < covers.back_at))")
    conn.execute("DROP TABLE temp.cover_backs")
    latest = conn.execute(
        "SELECT from_id, until, max(at) FROM covers WHERE back_at IS NULL AND from_id IN"
        f" (SELECT from_id FROM covers WHERE customer_id IN ({customers})) GROUP BY from_id").fetchall()
    conn.executemany("UPDATE covers SET until = ? WHERE from_id = ? AND back_at IS NULL AND until IS NOT ?",
                     [(until, from_id, until) for from_id, until, _at in latest])


# A customer a cover (v: covers) gave a colleague who has them still (c: customers): the one join, whose customers a
# give-back returns, an extract leaves with the colleague (assignments.reassigned_from) and open_covers counts.
HELD_BY_COVER = "c.customer_id = v.customer_id AND c.manager_id = v.to_id"
# The customers an open cover gave a colleague who has them still, the manager away.
COVER_HELD = f"main.covers v JOIN main.customers c ON {HELD_BY_COVER} WHERE v.back_at IS NULL"


@dataclass(frozen=True)
class Cover:
    """An open cover of a manager's customers: who is away, who covers, the last day, and how many of the customers
    the colleague still has (those a give-back returns)."""

    from_id: str
    from_name: str | None
    to_id: str
    to_name: str | None
    until: str
    customers: int
    active: int                  # of those, the ones on the lists, as a hand-over's plan counts them

    @property
    def from_label(self) -> str:
        return staff_label(self.from_id, self.from_name)

    @property
    def to_label(self) -> str:
        return staff_label(self.to_id, self.to_name)

    @property
    def to_shown(self) -> str:
        """The colleague covering as a sentence on screen names them (shown_name)."""
        return shown_name(self.to_id, self.to_name)

    def ended(self, today: date) -> bool:
        """Whether the cover's last day is past: what the colleague still has is then due back."""
        return self.until < today.isoformat()


def open_covers(conn: sqlite3.Connection) -> list[Cover]:
    """The covers not given back, of managers still at work, by manager away."""
    return [Cover(*row) for row in conn.execute(
        "SELECT v.from_id, f.name, v.to_id, t.name, max(v.until), count(c.customer_id),"
        " coalesce(sum(c.active), 0) FROM covers v"
        " JOIN staff f ON f.staff_id = v.from_id AND f.active = 1 LEFT JOIN staff t ON t.staff_id = v.to_id"
        f" LEFT JOIN customers c ON {HELD_BY_COVER}"   # every open cover, those whose colleague has none now too
        " WHERE v.back_at IS NULL GROUP BY v.from_id, v.to_id ORDER BY v.from_id, v.to_id")]


@dataclass(frozen=True)
class GiveBack:
    """What a give-back returned, or would: the customers the colleague still had, to the manager back from leave."""

    cover: Cover
    share: Share                 # the manager back, with the customers, assets and follow-ups returned
    stayed: int                  # customers the cover moved who have another manager now: they stay
    dry_run: bool

    @property
    def back_to(self) -> str:
        """The manager back from leave as a sentence on screen names them (shown_name): the plan, the question and
        the notice of a give-back."""
        return shown_name(self.share.manager_id, self.share.name)


def stayed_note(stayed: int) -> str:
    """How many customers a cover moved have another manager now, whom a give-back leaves where they are."""
    return ngettext("{n} customer the cover moved has another manager now and stays there.",
                    "{n} customers the cover moved have another manager now and stay there.", stayed).format(
                        n=f"{stayed:,}")


def give_back(conn: sqlite3.Connection, manager_id: str, *, at: datetime, by_id: str,
              dry_run: bool = False) -> GiveBack:
    """Return to manager_id, back from leave, the customers their open cover moved that the colleague still has, with
    their pending follow-ups, as a hand-over moves them (one transaction, one hand_over audit entry from the colleague
    naming every customer), and close the cover. A dry run counts and refuses as the real run would, and writes
    nothing."""
    with (_rolled_back(conn) if dry_run else write_transaction(conn)):
        name, active = known_staff(conn, manager_id)
        if not active:
            raise WorkbenchError(_("{id} has left; hand their customers over with `workbench staff hand-over`.").format(
                id=manager_id))
        cover = next((c for c in open_covers(conn) if c.from_id == manager_id), None)
        if cover is None:
            raise WorkbenchError(fill(_("No cover of {staff}'s customers is open: nothing to give back (a cover is"
                                        " `workbench staff hand-over {id} --to MANAGER --until DAY`)."),
                                      staff=staff_label(manager_id, name), id=manager_id))
        conn.execute("DROP TABLE IF EXISTS temp.hand_over")
        conn.execute("CREATE TEMP TABLE hand_over (customer_id TEXT PRIMARY KEY, manager_id TEXT) WITHOUT ROWID")
        conn.execute(f"INSERT INTO temp.hand_over SELECT v.customer_id, v.from_id FROM {COVER_HELD}"
                     " AND v.from_id = ? AND v.to_id = ?", (manager_id, cover.to_id))
        moves = _followups(conn, None)
        share = _shares(conn, [manager_id], moves) or [Share(manager_id, name, 0, 0, 0, 0)]
        stayed = conn.execute("SELECT count(*) FROM covers WHERE from_id = ? AND back_at IS NULL", (manager_id,)
                              ).fetchone()[0] - share[0].customers
        if not dry_run:
            _move(conn, cover.to_id, [manager_id], moves, at=at, by_id=by_id, whole_book=False)
            audit.record(conn, "hand_over", at=at, actor=by_id, subject=cover.to_id, detail={
                "from": cover.to_id, **_who_got_whom(conn),
                "followups": {fid: owner for fid, _c, _o, owner in moves}, "given_back": manager_id})
            conn.execute("UPDATE covers SET back_at = ?, back_by = ? WHERE from_id = ? AND back_at IS NULL",
                         (at.isoformat(timespec="seconds"), by_id, manager_id))
        conn.execute("DROP TABLE temp.hand_over")
    return GiveBack(cover, share[0], stayed, dry_run)
