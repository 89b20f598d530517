"""Assignment entries (table assignments, migration 115): who a customer's manager was and became, on which desk.

reassign, pool assign and a hand-over each write one entry per customer whose manager they change, in their own
transaction; bundles carry the entries. So that every desk ends with the same manager for a customer whatever order the
entries come in (a chain split over two bundles, two desks reassigning one customer at once), an import decides by one
rule: of the customer's entries that can apply here (made by an active supervisor here, giving the customer to an
active manager here or to the pool, the customer known and not erased), the latest by (at, assignment_id) decides.
When it is in force here already (made here, applied or already so), nothing moves and the new entries are kept as
'other_manager' (or 'already'); when the import brings it, or it was held as 'other_manager' before, the customer goes
to its new manager, and the entries before it apply on the way where the customer has the manager they were taken from
(compare-and-set, the pool being NULL), so a chain (M1 to the pool, then to M2) lands. Each customer's chain is
decided in one pass in memory. An entry that does not apply is kept with the reason, and reported by the import that
brought it only: named, unless a later entry of the customer's from another desk is in force here (applied, or already
so), which supersedes it on every desk alike, so that nothing it would have done is missing here (then only counted);
one that this desk's own later change overrides is named, as two desks' supervisors changed the customer at once.
Head office's extracts set managers on every desk themselves and make no entry. An extract imported within
EXTRACT_LAG_DAYS of the time of a customer's latest entry in force here that names the manager the entry took them
from, while they still have the manager the entry gave them, is older than the branch's change: the customer stays
(reassigned_from, importing.store). So an extract and an entry end alike on every desk whichever comes first: before
the entry, the customer has that manager still and the extract changes nothing, and the entry then applies; after it,
the extract changes nothing either. Past the window such an extract is head office's word, on every desk alike, as
the entry's time is the same on all of them. A cover for a leave (handover, table covers) travels as its hand-over's
entries, which carry its last day (until): every desk holding them in force keeps the cover (handover.keep_covers), and
there, until its last day, an extract naming the manager away leaves the customers with the colleague covering. So
does a leave (a hand-over with --leave): its entries carry the time the leaver was marked as left (left_at), and every
desk that imports them marks the leaver as left in the same transaction (mark_leavers), where an extract naming the
leaver then leaves the customers where the hand-over put them (importing.store), as on the desk that handed over.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from workbench.dates import to_the_minute
from workbench.db.meta import terminal_id
from workbench.i18n import fill, gettext as _
from workbench.ids import new_id
from workbench.staffing import StaffChange, change_staff

SOURCES = ("reassign", "pool", "hand_over")
COLUMNS = ("assignment_id", "customer_id", "from_manager_id", "to_manager_id", "at", "terminal_id", "by_id", "source",
           "until", "left_at")
# An entry's columns in bundles of format version 4, before a leave travelled (left_at: None).
COLUMNS_4 = COLUMNS[:-1]
# An entry's columns in bundles before format version 4, when a cover's last day did not travel either (until: None).
COLUMNS_3 = COLUMNS[:-2]
# Why an entry made elsewhere was not applied here, in the order they are checked.
REFUSALS = ("not_supervisor", "unknown_customer", "erased", "other_manager", "unknown_manager", "left", "not_manager")
# An entry's time: the time given, or one second past the customer's latest entry held here, so that the entries of
# one customer keep their order on every desk whatever the clocks say (as follow-up events do).
_AT = ("coalesce((SELECT CASE WHEN max(p.at) >= :at THEN strftime('%Y-%m-%dT%H:%M:%S', max(p.at), '+1 second') END"
       " FROM assignments p WHERE p.customer_id = {customer}), :at)")
_NEW_ID = "workbench_new_id"


def active_supervisors(conn: sqlite3.Connection) -> frozenset[str]:
    """The active supervisors on the staff here: the only staff whose assignment or erasure entry, made on another
    desk, this desk applies (privacy.apply_erasures; apply_staged picks them from the staff it reads), read once for
    all of a bundle's entries. A bundle's checksum detects damage, not forgery (anyone can rewrite a bundle and its
    checksum), so an entry's by_id is checked against this desk's own staff."""
    return frozenset(staff_id for (staff_id,) in conn.execute(
        "SELECT staff_id FROM main.staff WHERE role = 'supervisor' AND active = 1"))


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


def record_hand_over(conn: sqlite3.Connection, from_id: str, *, at: datetime, by_id: str,
                     until: date | None = None, leave: bool = False) -> int:
    """One entry for each customer of temp.hand_over (customer, new manager or NULL) taken from from_id, by one
    INSERT ... SELECT inside the caller's transaction (a leaver may have a hundred thousand); returns how many. A
    cover's entries carry its last day (until), so that the cover travels with them (handover.keep_covers); a leave's
    (leave: from_id is marked as left) the hand-over's time (left_at), so that the leave does (mark_leavers)."""
    conn.create_function(_NEW_ID, 0, new_id)   # a seeded run (the sample) gets its ids from ids.seeded too
    stamp = at.isoformat(timespec="seconds")
    return conn.execute(
        "INSERT INTO assignments (assignment_id, customer_id, from_manager_id, to_manager_id, at, terminal_id, by_id,"
        f" source, until, left_at) SELECT {_NEW_ID}(), h.customer_id, :from, h.manager_id,"
        f" {_AT.format(customer='h.customer_id')}, :terminal, :by, 'hand_over', :until, :left FROM temp.hand_over h"
        " ORDER BY h.customer_id",
        {"from": from_id, "at": stamp, "terminal": terminal_id(conn), "by": by_id,
         "until": until and until.isoformat(), "left": stamp if leave else None},
    ).rowcount


@dataclass(frozen=True)
class Left:
    """A manager a bundle's entries say left: who, the supervisor whose hand-over said so, when, and how many active
    customers they still manage here once the entries are decided (0: marked as left here)."""
    staff_id: str
    by_id: str
    left_at: str
    customers: int = 0


def mark_leavers(conn: sqlite3.Connection, *, at: datetime, actor: str | None) -> list[Left]:
    """Mark as left, inside the caller's transaction (the bundle's, once its entries are decided), each manager on the
    staff here and at work that a new hand-over entry staged says left (left_at), as the desk that handed them over did:
    an entry made by an active supervisor here (the trust rule of apply_staged), not the leaver. Their pending
    follow-ups are not counted against it, as on that desk (staffing.check_leaving, handed_over): the import gives them
    on as it gives any leaver's (followups_to_move). A leaver who still manages active customers here (entries not
    applied here: the new manager is not on the staff, say) is not marked, as `staff set --inactive` would refuse: it
    is returned with how many, which the import's audit entry keeps. An entry held here already marks nobody again, so
    a repeated bundle changes nothing, nor does one older than version 5 (no left_at). Returns them all."""
    found = [Left(*row) for row in conn.execute(
        f"SELECT s.from_manager_id, min(s.by_id), min(s.left_at), (SELECT count(*) FROM main.customers c"
        "  WHERE c.manager_id = s.from_manager_id AND c.active = 1)"
        f" FROM {_STAGED} s JOIN main.staff f ON f.staff_id = s.from_manager_id AND f.active = 1"
        " JOIN main.staff b ON b.staff_id = s.by_id AND b.role = 'supervisor' AND b.active = 1"
        " WHERE s.left_at IS NOT NULL AND s.source = 'hand_over' AND s.by_id <> s.from_manager_id"
        " GROUP BY s.from_manager_id ORDER BY s.from_manager_id")]
    for left in found:
        if not left.customers:
            change_staff(conn, left.staff_id, StaffChange(active=False), at=at, by_id=actor, handed_over=True)
    return found


# --- applying a bundle's entries -------------------------------------------------------------------------------

_STAGED = "temp.bundle_assignments"
_READ = "temp.bundle_assignments_read"
_MOVES = "temp.bundle_moves"


def stage(conn: sqlite3.Connection) -> None:
    """Scratch tables for a bundle's entries: every one as read, in file order (stage_read), and those this desk does
    not hold (sort_staged)."""
    unstage(conn)
    conn.execute(f"CREATE TEMP TABLE bundle_assignments_read (seq INTEGER PRIMARY KEY, {', '.join(COLUMNS)})")
    conn.execute(f"CREATE TEMP TABLE bundle_assignments (seq INTEGER PRIMARY KEY, {', '.join(COLUMNS)},"
                 " UNIQUE (assignment_id))")
    conn.execute("CREATE TEMP TABLE bundle_moves (customer_id TEXT PRIMARY KEY, manager_id TEXT) WITHOUT ROWID")


def stage_read(conn: sqlite3.Connection, rows: list[dict]) -> None:
    """Keep a batch of a bundle's entries as read, after the batches before it."""
    conn.executemany(f"INSERT INTO {_READ} ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                     [[row[c] for c in COLUMNS] for row in rows])


@dataclass(frozen=True)
class Staged:
    """What a bundle's entries are here, sorted once every line is read (by a few joins, not queries an entry)."""
    new: int
    known: int                # held here, or earlier in the bundle
    differing: list[str]      # of those, the ones held with other content (kept as held), in file order
    about_known: bool         # an entry, new or not, is about a customer this database holds
    unknown_customers: int    # new entries about customers this database does not hold
    made_here_at: str | None  # the time of the earliest new entry that carries this desk's terminal id (None: none)


def sort_staged(conn: sqlite3.Connection, here: str) -> Staged:
    """Stage the entries read that this desk does not hold, the first of an id the bundle repeats, in file order."""
    columns = ", ".join(COLUMNS)
    new = conn.execute(f"INSERT OR IGNORE INTO {_STAGED} (seq, {columns}) SELECT seq, {columns} FROM {_READ} r"
                       " WHERE NOT EXISTS (SELECT 1 FROM main.assignments h WHERE h.assignment_id = r.assignment_id)"
                       " ORDER BY seq").rowcount
    read = conn.execute(f"SELECT count(*) FROM {_READ}").fetchone()[0]
    # Each entry read against the one held here, else the bundle's first of its id (s is joined only where none is
    # held, so coalesce takes whichever there is, NULLs included): the line staged is the same as itself.
    differing = [r[0] for r in conn.execute(
        f"SELECT r.assignment_id FROM {_READ} r LEFT JOIN main.assignments h ON h.assignment_id = r.assignment_id"
        f" LEFT JOIN {_STAGED} s ON h.assignment_id IS NULL AND s.assignment_id = r.assignment_id"
        " WHERE " + " OR ".join(f"r.{c} IS NOT coalesce(h.{c}, s.{c})" for c in COLUMNS) + " ORDER BY r.seq")]
    known_customer = "EXISTS (SELECT 1 FROM main.customers c WHERE c.customer_id = {}.customer_id)"
    return Staged(
        new=new, known=read - new, differing=differing,
        about_known=conn.execute(
            f"SELECT EXISTS (SELECT 1 FROM {_READ} r WHERE {known_customer.format('r')})").fetchone()[0] == 1,
        unknown_customers=conn.execute(
            f"SELECT count(*) FROM {_STAGED} s WHERE NOT {known_customer.format('s')}").fetchone()[0],
        made_here_at=conn.execute(f"SELECT min(at) FROM {_STAGED} WHERE terminal_id = ?", (here,)).fetchone()[0],
    )


@dataclass
class Applied:
    """What this desk made of a bundle's new entries (and of those it held, decided again)."""
    applied: list[tuple[str, str, str | None, str | None]]   # (entry, customer, from, to), in time order
    already: list[str]           # entries whose customer had the new manager here already
    not_applied: list[NotApplied]   # those whose change is missing here: each is named
    superseded: list[NotApplied]    # not applied, but a later entry of the customer's from another desk is in force
    moved: dict[str, str]        # customer whose manager changed -> who made the change that decided it

    @property
    def customers(self) -> list[str]:
        return sorted(self.moved)


# An entry held here that is in force: made here, or applied or found already so when it came.
IN_FORCE = ("made_here", "applied", "already")
# How long after a change of manager an extract naming the manager it took the customer from is taken as older than
# the change: head office's extracts lag the branch by days, and past this a file giving a customer back is its word.
EXTRACT_LAG_DAYS = 14


def apply_staged(conn: sqlite3.Connection, *, arrived_at: str | None = None) -> Applied:
    """Decide the staged entries, and those held here as 'other_manager' for the same customers, and keep every new
    one with what came of it and when it arrived here; inside the caller's transaction.

    The rule, the same on every desk whatever order the bundles come in: of a customer's entries whose maker is an
    active supervisor here and whose new manager can take the customer here, the latest by (at, assignment_id)
    decides. When that one is in force here already (made here, or applied before), nothing moves; when it is new, or
    was held as 'other_manager', the customer goes to its new manager, and the entries before it apply on the way
    where the customer has the manager they were taken from (a chain sent in two bundles, or in the wrong order,
    lands as on the desk that made it). Each customer's chain is computed in one pass, in memory."""
    staff = {sid: (role, active) for sid, role, active in conn.execute("SELECT staff_id, role, active FROM main.staff")}
    # The active supervisors, as active_supervisors reads them, from the staff read once here.
    supervisors = {sid for sid, (role, active) in staff.items() if role == "supervisor" and active == 1}
    # customer -> (known here, manager here, do_not_call_source), read with the staged entries in one pass
    customers: dict[str, tuple] = {}
    # customer -> [at, id, from, to, by, status, manager_here, row, file order (None: held here)]
    entries: dict[str, list[list]] = {}
    for *row, seq, known, manager, source in conn.execute(
            f"SELECT {', '.join(f's.{c}' for c in COLUMNS)}, s.seq, c.customer_id IS NOT NULL, c.manager_id,"
            f" c.do_not_call_source FROM {_STAGED} s LEFT JOIN main.customers c ON c.customer_id = s.customer_id"
            " ORDER BY s.seq"):
        customers[row[1]] = (known, manager, source)
        entries.setdefault(row[1], []).append([row[4], row[0], row[2], row[3], row[6], None, None, tuple(row), seq])
    for row in conn.execute(
            f"SELECT {', '.join(COLUMNS)}, status FROM main.assignments WHERE customer_id IN"
            f" (SELECT customer_id FROM {_STAGED}) AND status IN ('other_manager', {', '.join(map(repr, IN_FORCE))})"):
        entries[row[1]].append([row[4], row[0], row[2], row[3], row[6], row[-1], None, row[:-1], None])

    def refusal(entry: list, known: bool, source: str | None) -> str | None:
        if entry[4] not in supervisors:
            return "not_supervisor"
        if not known:
            return "unknown_customer"
        if source == "erasure":
            return "erased"
        if entry[3] is None:
            return None
        role_active = staff.get(entry[3])
        return ("unknown_manager" if role_active is None else "left" if not role_active[1]
                else "not_manager" if role_active[0] != "manager" else None)

    moves, redecided, moved = [], [], {}
    for customer, held in entries.items():
        known, manager, source = customers[customer]
        held.sort(key=lambda e: (e[0], e[1]))
        candidates = []
        for entry in held:
            if entry[5] in IN_FORCE:
                continue
            why = refusal(entry, known, source)
            if entry[8] is not None and why:
                entry[5] = why
            elif not why:
                candidates.append(entry)
        valid = [e for e in held if e[5] in IN_FORCE or e in candidates]
        if not candidates:
            continue
        state, last = manager, valid[-1]
        for entry in candidates:
            if last[5] in IN_FORCE or (entry is not last and state != entry[2]):
                status = "already" if state == entry[3] else "other_manager"
            else:
                status = "already" if state == entry[3] else "applied"
                state = entry[3]
                if status == "applied":
                    moved[customer] = entry[4]
            if entry[8] is not None:
                entry[5] = status
            elif status != "other_manager":
                entry[5] = status
                redecided.append(entry)
        for entry in candidates:
            if entry[5] == "other_manager":
                entry[6] = state
        if state != manager:
            moves.append((state, customer))
        else:
            moved.pop(customer, None)
    # One UPDATE ... FROM, in customer order, rather than one a customer: a day's hand-overs move a hundred thousand.
    conn.executemany(f"INSERT INTO {_MOVES} (manager_id, customer_id) VALUES (?, ?)", moves)
    conn.execute(f"UPDATE main.customers SET manager_id = m.manager_id FROM {_MOVES} m"
                 " WHERE main.customers.customer_id = m.customer_id")
    conn.executemany("UPDATE main.assignments SET status = ?, manager_here = NULL WHERE assignment_id = ?",
                     [(e[5], e[1]) for e in redecided])
    new = sorted((e for held in entries.values() for e in held if e[8] is not None), key=lambda e: (e[0], e[8]))
    # A customer's latest entry in force here that came from another desk (applied, or already so): an entry before it
    # that did not apply is superseded, as on the desk that made them, and nothing it would have done is missing here.
    settled = {customer: max((e[0], e[1]) for e in held if e[5] in ("applied", "already"))
               for customer, held in entries.items() if any(e[5] in ("applied", "already") for e in held)}
    kept = [e for e in new if e[5] not in ("applied", "already")]
    conn.executemany(f"INSERT INTO main.assignments ({', '.join(COLUMNS)}, status, manager_here, arrived_at)"
                     f" VALUES ({', '.join('?' * (len(COLUMNS) + 3))})",
                     [(*e[7], e[5], e[6] if e[5] == "other_manager" else None, arrived_at) for e in new])
    decided = sorted([*new, *redecided], key=lambda e: (e[0], e[1]))
    return Applied(
        applied=[(e[1], e[7][1], e[2], e[3]) for e in decided if e[5] == "applied"],
        already=[e[1] for e in decided if e[5] == "already"],
        not_applied=[NotApplied(*e[7][:7], e[5], e[6]) for e in kept if not _superseded(e, settled)],
        superseded=[NotApplied(*e[7][:7], e[5], e[6]) for e in kept if _superseded(e, settled)],
        moved=moved,
    )


def _superseded(entry: list, settled: dict[str, tuple[str, str]]) -> bool:
    later = settled.get(entry[7][1])
    return later is not None and (entry[0], entry[1]) < later


def reassigned_from(conn: sqlite3.Connection, table: str, now: datetime) -> int:
    """Fill table (customer_id, from_id, until, left_at), empty, with each customer whose latest entry in force here
    (the one that decides their manager, apply_staged) was made within EXTRACT_LAG_DAYS before now, took them from a
    manager, and left them with the manager (or the pool) it gave them: an extract naming that former manager for them
    is older than the branch's change. So too, whatever its age, each customer whose latest entry is a leave's
    hand-over (left_at, given) that left them where it put them: the manager who left is no manager for them, on every
    desk that holds the entry, marked as left there or not (one who still manages other customers there); and each
    customer a cover running today (handover, table covers) gave a colleague who has them still, with the manager
    away: head office, not told of a leave, names them; until is that cover's last day (also for an entry from the
    same manager: the cover's own), NULL for the others. Returns how many."""
    from workbench.handover import COVER_HELD   # late: handover imports this module

    since = (now - timedelta(days=EXTRACT_LAG_DAYS)).isoformat(timespec="seconds")
    _entries_from(conn, table, since)
    in_force = ", ".join(map(repr, IN_FORCE))
    # A leave's entries of any age (read by their index): those since are _entries_from's, with their left_at.
    conn.execute(
        f"INSERT OR IGNORE INTO {table} (customer_id, from_id, left_at) SELECT a.customer_id, a.from_manager_id,"
        " a.left_at FROM main.assignments a JOIN main.customers c ON c.customer_id = a.customer_id"
        f" WHERE a.left_at IS NOT NULL AND a.at < ? AND a.status IN ({in_force}) AND c.manager_id IS a.to_manager_id"
        " AND NOT EXISTS (SELECT 1 FROM main.assignments l WHERE l.customer_id = a.customer_id"
        f" AND l.status IN ({in_force}) AND (l.at, l.assignment_id) > (a.at, a.assignment_id))", (since,))
    conn.execute(
        f"INSERT INTO {table} (customer_id, from_id, until) SELECT v.customer_id, v.from_id, max(v.until)"
        f" FROM {COVER_HELD} AND v.until >= ? GROUP BY v.customer_id, v.from_id"
        " ON CONFLICT (customer_id) DO UPDATE SET until = excluded.until WHERE from_id = excluded.from_id",
        (now.date().isoformat(),))
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _entries_from(conn: sqlite3.Connection, table: str, since: str) -> int:
    """reassigned_from's customers by their latest entry, made since then."""
    return conn.execute(
        f"INSERT INTO {table} (customer_id, from_id, left_at) SELECT a.customer_id, a.from_manager_id, a.left_at FROM"
        " (SELECT customer_id, from_manager_id, to_manager_id, left_at, row_number() OVER (PARTITION BY customer_id"
        " ORDER BY at DESC, assignment_id DESC) latest FROM main.assignments WHERE status IN"
        f" ({', '.join(map(repr, IN_FORCE))})"
        # A customer's entries since are all there is to know: the latest is among them, or it is older than since.
        " AND at >= ?) a JOIN main.customers c ON c.customer_id = a.customer_id"
        " WHERE a.latest = 1 AND a.from_manager_id IS NOT NULL AND c.manager_id IS a.to_manager_id", (since,)).rowcount


def followups_to_move(conn: sqlite3.Connection, followup_ids: list[str],
                      supervisor: str | None = None) -> list[tuple[str, str, str, str, str | None]]:
    """(follow-up, customer, new owner, time of the move, the leaver it is taken from or None) for each pending
    follow-up that goes along with its customer, or from an owner who has left here, of the customers the staged
    entries are about and of followup_ids (those the bundle's events touched).

    One rule, a function of what every desk comes to hold (the follow-up's events, the customer's entries), so that
    two desks agree after one exchange whichever of the two arrives first: a pending follow-up goes along when the
    customer's latest entry in force here (the one that decides their manager, apply_staged) is no earlier than the
    event that last set its owner (a same-second tie goes to the entry), to the customer's manager now, or for a
    customer sent to the pool to the supervisor who sent them, when on staff here. As reassign moves every pending
    follow-up it finds, a follow-up booked before the change on a desk that did not yet know of it goes along too;
    one booked after it stays with whom it was booked for. The move is dated the entry's time (or one second past
    the owner's event, on a tie), not the import's: a desk's 'reassigned' event then says no more than the entry
    does, and leaves the follow-up to a later entry that reaches the desk afterwards, as on a desk without it.

    A follow-up that would stay with someone who has left here (booked on a desk not yet told, say) goes, as a
    hand-over with --leave sends a leaver's other follow-ups, to the customer's manager, or for a customer without
    one at work to the supervisor given (the one importing), else to the one who made the customer's latest entry,
    dated one second past the event that gave it to the leaver; with nobody to take it, it stays."""
    from workbench.db.followups import OWNER_SET_SQL, PENDING_SQL
    from workbench.followups import second_past

    in_force = ", ".join(map(repr, IN_FORCE))
    rows = conn.execute(
        "SELECT f.followup_id, f.customer_id, f.owner_id, o.active = 0, c.manager_id, m.staff_id, s.staff_id, d.at,"
        "  (SELECT max(e.at) FROM main.followup_events e WHERE e.followup_id = f.followup_id"
        f"  AND {OWNER_SET_SQL.format(event='e')}) set_at"
        " FROM main.followups f JOIN main.customers c USING (customer_id)"
        " LEFT JOIN main.assignments d ON d.assignment_id = (SELECT l.assignment_id FROM main.assignments l"
        f"  WHERE l.customer_id = f.customer_id AND l.status IN ({in_force}) ORDER BY l.at DESC, l.assignment_id DESC"
        "  LIMIT 1)"
        " LEFT JOIN main.staff o ON o.staff_id = f.owner_id"
        " LEFT JOIN main.staff m ON m.staff_id = c.manager_id AND m.active = 1"
        " LEFT JOIN main.staff s ON m.staff_id IS NULL AND s.staff_id = d.by_id AND s.active = 1"
        f" WHERE (f.customer_id IN (SELECT customer_id FROM {_STAGED})"
        "  OR f.followup_id IN (SELECT value FROM json_each(?)))"
        f" AND f.status IN {PENDING_SQL} AND (o.active = 0 OR (d.at >= coalesce(set_at, '')"
        "  AND coalesce(c.manager_id, s.staff_id) IS NOT NULL AND f.owner_id IS NOT coalesce(c.manager_id, s.staff_id)))"
        " ORDER BY f.followup_id",
        (json.dumps(sorted(followup_ids)),)).fetchall()
    moves = []
    for fid, customer, owner, left, manager, at_work, sender, entry_at, set_at in rows:
        entry = entry_at is not None and entry_at >= (set_at or "")
        new = (manager or sender) if entry else None   # the customer's entry decides
        if left and (new is None or new == owner or (manager is not None and at_work is None)):
            new, entry = at_work or supervisor or sender, False   # else a leaver's goes, as at a hand-over
        if new is None or new == owner:
            continue
        at = entry_at if entry else None
        moves.append((fid, customer, new, at if set_at is None else max(at or "", second_past(set_at)),
                      None if entry else owner))
    return moves


def unstage(conn: sqlite3.Connection) -> None:
    for table in (_STAGED, _READ, _MOVES):
        conn.execute(f"DROP TABLE IF EXISTS {table}")


# --- saying what came of them ----------------------------------------------------------------------------------


def describe_not_applied(conn: sqlite3.Connection, entry: NotApplied, here: str | None) -> str:
    """One sentence for an entry kept without applying: whose customer, from whom to whom, who made it where and
    when (to the minute), and why not (an erased customer is named by number alone, as a conflict names them)."""
    from workbench.sync.conflicts import named_customer, named_staff, named_terminal

    def keeper(staff_id: str | None) -> str:
        return named_staff(conn, staff_id) if staff_id else _("the unassigned pool")

    new = keeper(entry.to_manager_id)
    why = {
        "not_supervisor": fill(_("{who} is not a supervisor on the staff of this terminal, and only a supervisor's"
                                 " change applies"), who=named_staff(conn, entry.by_id)),
        "unknown_customer": _("the customer is not known on this terminal"),
        "erased": _("the customer's personal data was erased on this terminal, so their record is left as it is"),
        "unknown_manager": fill(_("{manager} is not on the staff of this terminal"), manager=new),
        "left": fill(_("{manager} has left"), manager=new),
        "not_manager": fill(_("{manager} is a supervisor on this terminal, and customers are assigned to managers"),
                            manager=new),
    }.get(entry.reason)
    if why is None:   # other_manager: a later change decides
        why = (_("here the customer is in the unassigned pool, and a later change decides")
               if entry.manager_here is None else
               fill(_("here the customer's manager is {manager}, and a later change decides"),
                    manager=named_staff(conn, entry.manager_here)))
    terminal = named_terminal(entry.terminal_id, here)
    # Names and ids set into a Chinese sentence as i18n.fill sets them: 由未分配客户池改派给 M003, 由 M2 改派给…
    return fill(_("{customer} was given from {old} to {new} (by {who} on {terminal}, {at}), but not on this"
                  " terminal: {why}."), customer=named_customer(conn, entry.customer_id),
                old=keeper(entry.from_manager_id), new=new, who=named_staff(conn, entry.by_id), terminal=terminal,
                at=to_the_minute(entry.at), why=why)
