"""Follow-up state derived from its events, the same on every terminal that has the same events.

Events are folded in (at, terminal_id, event_id) order, so the newest event time wins and the
terminal id breaks ties. Two events that name the same ``based_on`` were made without seeing each
other: they are concurrent, and replay reports them so a person can look. One terminal never makes
two such events (each of its events is based on the one before), so two of them carrying the same
terminal id mean two databases share that id: one was copied from the other. Unless one of them is
dated before the event both are based on: an import's rule wrote it in the past knowing that event,
and the other was made there after it (_one_line_a_terminal).

A 'reassigned' event follows a customer's reassignment on the desk that made it, but bundles carry follow-up
events, not customers: a follow-up given elsewhere to someone who, here, does not manage its customer (while an
active manager does) stays with the customer's manager here, and replay reports it (``Held``); while it is pending:
one done or cancelled keeps the owner its events give, as on the desk that made them, so that desks agree.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.db.meta import terminal_id
from workbench.ids import new_id

PENDING = ("open", "rescheduled")
# PENDING as an SQL list, for `status IN {PENDING_SQL}`.
PENDING_SQL = "(" + ", ".join(f"'{status}'" for status in PENDING) + ")"


def pending_exists(customer: str) -> str:
    """SQL true when a follow-up is pending for the customer the column `customer` names."""
    return f"EXISTS (SELECT 1 FROM followups p WHERE p.customer_id = {customer} AND p.status IN {PENDING_SQL})"

EVENT_KINDS = ("created", "rescheduled", "done", "cancelled", "reassigned")
# SQL true when the event (alias {event}) sets the follow-up's owner, as _fold reads it.
OWNER_SET_SQL = ("({event}.kind = 'reassigned' OR ({event}.kind IN ('created', 'rescheduled')"
                 " AND coalesce({event}.owner_id, '') != ''))")
_EVENT_COLUMNS = (
    "event_id, followup_id, customer_id, kind, owner_id, due_on, slot, channel, purpose,"
    " outcome_id, at, terminal_id, by_id, based_on"
)


@dataclass(frozen=True)
class ConflictEvent:
    """One of the concurrent events, as a person checking the conflict needs it."""
    event_id: str
    kind: str
    at: str
    terminal_id: str
    by_id: str | None
    owner_id: str | None
    due_on: str | None
    slot: str | None


@dataclass(frozen=True)
class Conflict:
    followup_id: str
    customer_id: str | None = None
    events: tuple[ConflictEvent, ...] = ()   # the winner's first, then the losers' in order

    # What each side's change came to after the replay, as a person checking needs it: ``lost`` the changes another
    # desk's change overrode, ``kept`` the changes that decide what they set now (the later change on the winning
    # desk's line, a reschedule after the move that won, say), or with nothing lost, each change that stands (as it
    # stands now: a later change on the same desk's line is named instead). A reassignment held here (see Held) is in
    # neither.
    kept: tuple[ConflictEvent, ...] = ()
    lost: tuple[ConflictEvent, ...] = ()

    @property
    def same_terminal(self) -> bool:
        """All made under one terminal id: two databases share it (one was copied from the other)."""
        return len({e.terminal_id for e in self.events}) == 1


@dataclass(frozen=True)
class Held:
    """A 'reassigned' event made on another terminal, not applied here: the customer's manager here is someone else."""
    followup_id: str
    customer_id: str
    event: ConflictEvent
    manager_id: str    # who keeps the follow-up here: the customer's manager on this terminal


def append_event(
    conn: sqlite3.Connection,
    *,
    followup_id: str,
    customer_id: str,
    kind: str,
    at: str,
    terminal_id: str,
    by_id: str | None = None,
    owner_id: str | None = None,
    due_on: str | None = None,
    slot: str | None = None,
    channel: str | None = None,
    purpose: str | None = None,
    outcome_id: str | None = None,
    event_id: str | None = None,
    arrived_at: str | None = None,
) -> str:
    """Record one event (inside the caller's transaction) and bring the follow-up row up to date; arrived_at, for one
    an import makes, sends it on with what the import brought (export bundle --since)."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown follow-up event kind {kind!r}")
    row = conn.execute(
        "SELECT event_id FROM followup_events WHERE followup_id = ? ORDER BY at DESC, terminal_id DESC, event_id DESC LIMIT 1",
        (followup_id,),
    ).fetchone()
    event_id = event_id or new_id()
    conn.execute(
        f"INSERT INTO followup_events ({_EVENT_COLUMNS}, arrived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (event_id, followup_id, customer_id, kind, owner_id, due_on, slot, channel, purpose,
         outcome_id, at, terminal_id, by_id, row[0] if row else None, arrived_at),
    )
    replay(conn, [followup_id], new_events=set())   # a change made here reports no clash: nothing it brings is new
    return event_id


def replay(conn: sqlite3.Connection, followup_ids: Iterable[str] | None = None, *,
           new_events: set[str] | None = None, held: list[Held] | None = None) -> list[Conflict]:
    """Rebuild the followups rows of these follow-ups (all when None) from their events.

    Returns the concurrent changes; with new_events (the ids an import just brought) only those a new event is
    part of, so a conflict is reported once, by the import that brings it. Reassignments held here are appended
    to held when given, on the same terms.
    """
    if followup_ids is None:
        ids = [r[0] for r in conn.execute("SELECT DISTINCT followup_id FROM followup_events")]
    else:
        ids = list(dict.fromkeys(followup_ids))
    here = terminal_id(conn)
    conflicts = []
    for fid in ids:
        events = conn.execute(
            f"SELECT {_EVENT_COLUMNS} FROM followup_events WHERE followup_id = ?"
            " ORDER BY at, terminal_id, event_id",
            (fid,),
        ).fetchall()
        state = _fold(events)
        if state is None:
            conn.execute("DELETE FROM followups WHERE followup_id = ?", (fid,))
            continue
        kept_here = _held(conn, events, here) if state["status"] in PENDING else None
        if kept_here is not None:
            state["owner_id"] = kept_here[1]
            if held is not None and (new_events is None or kept_here[0][0] in new_events):
                held.append(Held(fid, kept_here[0][2], _conflict_event(kept_here[0]), kept_here[1]))
        conn.execute(
            "INSERT OR REPLACE INTO followups (followup_id, customer_id, owner_id, due_on, slot, channel,"
            " purpose, status, created_at, updated_at, last_event_id)"
            " VALUES (:followup_id, :customer_id, :owner_id, :due_on, :slot, :channel, :purpose, :status,"
            " :created_at, :updated_at, :last_event_id)",
            state,
        )
        conflicts.extend(_concurrent(fid, events, new_events, kept_here[0][0] if kept_here else None))
    return conflicts


def _held(conn: sqlite3.Connection, events: list[tuple], here: str | None) -> tuple[tuple, str] | None:
    """(the event, the manager here) when the owner the events give was set by a 'reassigned' event made under
    another terminal id to someone who does not manage the customer here, and an active manager here does."""
    setters = [e for e in events if e[3] == "reassigned" or (e[3] in ("created", "rescheduled") and e[4])]
    if not setters or setters[-1][3] != "reassigned" or setters[-1][11] == here or here is None:
        return None
    event = setters[-1]
    row = conn.execute(
        "SELECT c.manager_id FROM customers c JOIN staff s ON s.staff_id = c.manager_id"
        " WHERE c.customer_id = ? AND s.active = 1", (event[2],)).fetchone()
    if row is None or row[0] == event[4]:   # unknown here, in the pool, a leaver's, or the same manager: as given
        return None
    return event, row[0]


def _conflict_event(e: tuple) -> ConflictEvent:
    return ConflictEvent(event_id=e[0], kind=e[3], at=e[10], terminal_id=e[11], by_id=e[12], owner_id=e[4],
                         due_on=e[5], slot=e[6])


def _fold(events: list[tuple]) -> dict | None:
    state: dict | None = None
    for (event_id, fid, customer_id, kind, owner_id, due_on, slot, channel, purpose,
         _outcome, at, _terminal, _by, _based_on) in events:
        if state is None:
            # Whatever arrives first starts the record; a 'created' event fills it in fully.
            state = {"followup_id": fid, "customer_id": customer_id, "owner_id": owner_id,
                     "due_on": due_on, "slot": slot, "channel": channel or "phone",
                     "purpose": purpose, "status": "open", "created_at": at}
        if kind in ("created", "rescheduled"):
            state["due_on"] = due_on or state["due_on"]
            state["slot"] = slot
            state["channel"] = channel or state["channel"]
            state["purpose"] = purpose or state["purpose"]
            state["owner_id"] = owner_id or state["owner_id"]
            state["status"] = "open" if kind == "created" else "rescheduled"
        elif kind in ("done", "cancelled"):
            state["status"] = kind
        elif kind == "reassigned":
            state["owner_id"] = owner_id
        state["customer_id"] = customer_id
        state["updated_at"] = at
        state["last_event_id"] = event_id
    if state is not None and state["due_on"] is None:
        return None  # only partial history arrived so far; wait for the 'created' event
    return state


def _fields(event: tuple) -> set[str]:
    """What an event sets in the follow-up's state."""
    kind = event[3]
    if kind in ("created", "rescheduled"):
        return {"due", "status", "owner"} if event[4] else {"due", "status"}
    return {"status"} if kind in ("done", "cancelled") else {"owner"}


def _effect(event: tuple | ConflictEvent) -> tuple:
    """What a change does to the follow-up, whoever made it where: two changes with the same effect are one."""
    kind, owner, due, slot = ((event.kind, event.owner_id, event.due_on, event.slot) if isinstance(event, ConflictEvent)
                              else (event[3], event[4], event[5], event[6]))
    if kind in ("done", "cancelled"):
        return (kind,)
    if kind == "reassigned":
        return (kind, owner)
    return (kind, owner, due, slot)


def _concurrent(followup_id: str, events: list[tuple], new_events: set[str] | None = None,
                held_id: str | None = None) -> list[Conflict]:
    by_parent: dict[str, list[tuple]] = {}
    for event in events:
        if event[13] is not None:
            by_parent.setdefault(event[13], []).append(event)
    parent_of = {e[0]: e[13] for e in events}
    at_of = {e[0]: e[10] for e in events}
    conflicts = []
    for parent, siblings in by_parent.items():
        siblings = _one_line_a_terminal(siblings, at_of.get(parent))
        # Made without seeing each other: on different terminals, or on copies of one database that share its id.
        if len(siblings) < 2 or (new_events is not None and not any(e[0] in new_events for e in siblings)):
            continue
        ordered = sorted(siblings, key=lambda e: (e[10], e[11], e[0]))
        decided = [ordered[-1], *ordered[:-1]]
        # A reassignment held here set no owner here: the owner stands as the other changes left it (Held says why).
        applied = [e for e in events if e[0] != held_id]
        kept, lost, standing = [], [], []   # kept: (the sibling, its change as it stands); lost: (it, what won)
        for sibling in decided:
            if sibling[0] == held_id:
                continue
            line = [e for e in applied if _descends(e[0], sibling[0], parent_of)]
            last = {f: [e for e in applied if f in _fields(e)][-1] for f in _fields(sibling)}
            if all(_descends(e[0], sibling[0], parent_of) for e in last.values()):
                kept.append((sibling, _conflict_event([e for e in line if _fields(e) & _fields(sibling)][-1])))
                standing.append(_effect(sibling))
            else:
                lost.append((_conflict_event(sibling),
                             [e for e in last.values() if not _descends(e[0], sibling[0], parent_of)]))
        # The same change made on two desks (both marked it done, both moved it to one day) lost nothing.
        lost = [(e, won) for e, won in lost if _effect(e) not in standing]
        # A move made after the follow-up was closed on another desk (a close that stands) changed nothing anyone acts
        # on: the call was made, or the follow-up dropped, before the customer went to another manager.
        closed = min((s[10] for s, _e in kept if s[3] in ("done", "cancelled")), default=None)
        if closed is not None:
            kept = [(s, e) for s, e in kept if not (s[3] == "reassigned" and s[10] > closed)]
            lost = [(e, won) for e, won in lost if not (e.kind == "reassigned" and e.at > closed)]
        if not lost and len(kept) < 2:   # one change stands: no conflict (or a held reassignment, which Held says)
            continue
        # What a lost change lost to: the changes that set what it set, as the follow-up shows them now.
        won = {e[0]: e for _l, changes in lost for e in changes}
        conflicts.append(Conflict(followup_id, customer_id=ordered[-1][2], events=tuple(_conflict_event(e) for e in decided),
                                  kept=tuple(_conflict_event(e) for e in applied if e[0] in won) if lost
                                  else tuple(e for _s, e in kept),
                                  lost=tuple(e for e, _won in lost)))
    return conflicts


def _one_line_a_terminal(siblings: list[tuple], parent_at: str | None) -> list[tuple]:
    """The siblings that were made without seeing each other. A terminal's changes are each based on the follow-up's
    latest event there, so two of one terminal based on one event come from two databases sharing its id, but for one
    case: a change an import's rule dates in the past (a contact's settling at the contact's time, a move at its
    assignment entry's), written knowing the later event it is based on, and a change made there after it, based on
    that same latest event. When one of a terminal's siblings is dated before the event they are based on, they were
    made one after the other there: only the last of them (as they are folded) stands for that terminal."""
    if parent_at is None:
        return siblings
    by_terminal: dict[str, list[tuple]] = {}
    for event in siblings:
        by_terminal.setdefault(event[11], []).append(event)
    dropped = set()
    for line in by_terminal.values():
        if len(line) > 1 and any(e[10] < parent_at for e in line):
            dropped.update(e[0] for e in sorted(line, key=lambda e: (e[10], e[11], e[0]))[:-1])
    return [e for e in siblings if e[0] not in dropped]


def _descends(event_id: str | None, ancestor: str, parent_of: dict[str, str | None]) -> bool:
    """The event is the ancestor or was made after seeing it (its based_on chain reaches it)."""
    seen = set()
    while event_id is not None and event_id not in seen:
        if event_id == ancestor:
            return True
        seen.add(event_id)
        event_id = parent_of.get(event_id)
    return False
