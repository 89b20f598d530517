"""Follow-up state derived from its events, the same on every terminal that has the same events.

Events are folded in (at, terminal_id, event_id) order, so the newest event time wins and the
terminal id breaks ties. Two events that name the same ``based_on`` were made without seeing each
other: they are concurrent, and replay reports them so a person can look. One terminal never makes
two such events (each of its events is based on the one before), so two of them carrying the same
terminal id mean two databases share that id: one was copied from the other.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.ids import new_id

PENDING = ("open", "rescheduled")
# PENDING as an SQL list, for `status IN {PENDING_SQL}`.
PENDING_SQL = "(" + ", ".join(f"'{status}'" for status in PENDING) + ")"


def pending_exists(customer: str) -> str:
    """SQL true when a follow-up is pending for the customer the column `customer` names."""
    return f"EXISTS (SELECT 1 FROM followups p WHERE p.customer_id = {customer} AND p.status IN {PENDING_SQL})"

EVENT_KINDS = ("created", "rescheduled", "done", "cancelled", "reassigned")
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
    winner: str          # event_id that decided the state
    losers: tuple[str, ...]
    customer_id: str | None = None
    events: tuple[ConflictEvent, ...] = ()   # the winner's first, then the losers' in order

    @property
    def same_terminal(self) -> bool:
        """All made under one terminal id: two databases share it (one was copied from the other)."""
        return len({e.terminal_id for e in self.events}) == 1


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
) -> str:
    """Record one event (inside the caller's transaction) and bring the follow-up row up to date."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown follow-up event kind {kind!r}")
    row = conn.execute(
        "SELECT event_id FROM followup_events WHERE followup_id = ? ORDER BY at DESC, terminal_id DESC, event_id DESC LIMIT 1",
        (followup_id,),
    ).fetchone()
    event_id = event_id or new_id()
    conn.execute(
        f"INSERT INTO followup_events ({_EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (event_id, followup_id, customer_id, kind, owner_id, due_on, slot, channel, purpose,
         outcome_id, at, terminal_id, by_id, row[0] if row else None),
    )
    replay(conn, [followup_id])
    return event_id


def replay(conn: sqlite3.Connection, followup_ids: Iterable[str] | None = None) -> list[Conflict]:
    """Rebuild the followups rows of these follow-ups (all when None) from their events."""
    if followup_ids is None:
        ids = [r[0] for r in conn.execute("SELECT DISTINCT followup_id FROM followup_events")]
    else:
        ids = list(dict.fromkeys(followup_ids))
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
        conn.execute(
            "INSERT OR REPLACE INTO followups (followup_id, customer_id, owner_id, due_on, slot, channel,"
            " purpose, status, created_at, updated_at, last_event_id)"
            " VALUES (:followup_id, :customer_id, :owner_id, :due_on, :slot, :channel, :purpose, :status,"
            " :created_at, :updated_at, :last_event_id)",
            state,
        )
        conflicts.extend(_concurrent(fid, events))
    return conflicts


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


def _concurrent(followup_id: str, events: list[tuple]) -> list[Conflict]:
    by_parent: dict[str, list[tuple]] = {}
    for event in events:
        if event[13] is not None:
            by_parent.setdefault(event[13], []).append(event)
    conflicts = []
    for siblings in by_parent.values():
        # Made without seeing each other: on different terminals, or on copies of one database that share its id.
        if len(siblings) > 1:
            ordered = sorted(siblings, key=lambda e: (e[10], e[11], e[0]))
            decided = [ordered[-1], *ordered[:-1]]
            conflicts.append(Conflict(
                followup_id, ordered[-1][0], tuple(e[0] for e in ordered[:-1]), customer_id=ordered[-1][2],
                events=tuple(ConflictEvent(event_id=e[0], kind=e[3], at=e[10], terminal_id=e[11], by_id=e[12],
                                           owner_id=e[4], due_on=e[5], slot=e[6]) for e in decided)))
    return conflicts
