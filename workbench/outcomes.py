"""The outcome log: record a contact in one transaction, read a customer's history and the day's counts.

Two levels, as dialers do: the line result (reached, no answer, ...) and, when reached, the business
outcome (interested, complaint, ...), plus an optional dormancy reason and a note. A new entry that
reached the customer must say its business outcome (entries from older versions, arriving in
bundles, may lack it and are kept as they are). The log is append-only; a correction is a new entry
naming the one it supersedes, and every reader here (and the contact rules) ignores superseded
entries. Each entry keeps the customer's segment as it stood when the contact was logged (a correction the
segment of the entry it corrects), so the report's funnel per segment does not move when customers are rescored.

A contact marks done what it answered: one that reached the customer, and a message sent with no reply, the
customer's pending follow-ups on its own channel due on or before its day (a visit visits, a call calls, an SMS or a
WeChat those of its channel), and of a call's campaign notices only the one it told (told_campaign: its script's
campaign): another campaign's call notice stays for the call that tells it, an SMS or WeChat notice for the agenda
that sends it. Each is a 'done' event naming the contact, which bundles carry to every desk as it is. An unanswered
call marks none done, so a promised callback stays on the list
until it is kept or moved, and a visit appointment is never closed by a call nobody answered; when it
books the next follow-up on the contact's own channel, that follow-up replaces the pending one of
that channel due by that day (the earliest): the one there is moves to the new time, so the report
counts a promise moved, never one kept (see superseded_by_retry). A contact that reached the customer and books
the next step settles the next steps booked before it (superseded): whoever booked them, they are cancelled by it,
a visit only by a visit booked (see settled_by). A do-not-call request cancels
every pending follow-up of the customer; a correction that leaves no effective do-not-call entry
lifts a flag the log had set (audited), so the customer is back on the list.

A manager logs contacts with their own customers, and also with one a supervisor took from them on the day of the
contact or later (on this desk, or in a bundle that arrived then): the call was made while this desk showed the
customer as theirs, and the log records the calls made, by whom they were made. The follow-up such a contact books goes
where the customer's follow-ups go now: to their new manager (to the supervisor who sent them to the pool), who is
the one to keep the promise made to the customer.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from workbench import audit, followups, privacy
from workbench.access import get_staff, known_name, known_staff
from workbench.assignments import IN_FORCE
from workbench.ids import new_id
from workbench.db.meta import terminal_id as this_terminal
from workbench.codes import BUSINESS_OUTCOMES, DORMANCY_REASONS, LINE_RESULTS, MESSAGE_CHANNELS
from workbench.errors import WorkbenchError
from workbench.i18n import gettext as _, join_list
from workbench.rules import CORRECTED_BY, EFFECTIVE_OUTCOME, refresh_contact_state
from workbench.txn import write_transaction
from workbench.when import ALL_DAY, check_not_past, check_slot, day_and_slot

MAX_NOTE = 2000
# Business outcomes that count as "interested or better" in the day's progress: the funnel's stage, each
# stage including the ones after it (the day summary counts each outcome on its own).
POSITIVE = ("interested", "appointment", "reactivated")
# Outcomes that promise a next step: left with nothing booked, the customer is the one the branch loses.
WANT_FOLLOW_UP = ("call_back", "interested", "appointment")
# The purposes of a contact's next step: a promise, or the next try of a contact nobody answered. A later contact
# that reaches the customer and books the next step settles them (settled_by); care touches, campaign notices and a
# follow-up of the manager's own words are other work, and stay.
NEXT_STEPS = (*WANT_FOLLOW_UP, *LINE_RESULTS)
_RECORD_COLUMNS = (
    "o.outcome_id, o.customer_id, o.manager_id, o.terminal_id, o.at, o.channel, o.line_result, o.business_outcome,"
    " o.reason, o.note, o.script_id, o.supersedes, o.recorded_at,"
    " (SELECT s.outcome_id FROM outcomes s WHERE s.supersedes = o.outcome_id ORDER BY s.recorded_at DESC LIMIT 1),"
    " o.segment"
)


@dataclass(frozen=True)
class FollowUpRequest:
    due_on: date
    slot: str | None = None
    channel: str = "phone"
    purpose: str | None = None


@dataclass(frozen=True)
class LoggedOutcome:
    outcome_id: str
    followup_id: str | None
    left_by: str | None = None   # the customer's manager, when they have left and the follow-up went to the caller
    moved_from: tuple[date, str | None] | None = None   # the day and time of the callback this call missed, moved
    cancelled: tuple[str, ...] = ()   # the pending follow-ups a do-not-call request cancelled
    was_do_not_call: bool = False     # the customer was on do-not-call before this contact
    superseded: tuple[str, ...] = ()  # the next steps booked before that this contact's booking settled, cancelled
    taken: Taken | None = None        # the customer had been taken from the manager who made the contact


@dataclass(frozen=True)
class Taken:
    """The change of manager, in force here, that took a customer from the manager who made a contact."""
    at: datetime             # when this desk made it, or the bundle that brought it arrived
    manager_id: str | None   # the customer's manager now (None: the unassigned pool)
    by_id: str               # the supervisor of the customer's latest change, who keeps a pooled customer's follow-ups


@dataclass(frozen=True)
class TakenFacts:
    """What a contact logged on a customer taken from the caller leaves to say (taken_facts): whose the customer is now
    and since when, and whose the follow-up the contact booked is, as stored."""
    at: datetime                 # when the change reached this desk (Taken.at)
    manager_id: str | None       # the customer's manager now (None: the unassigned pool)
    manager_name: str | None
    owner_id: str | None         # the booked follow-up's owner (None: nothing booked)
    owner_name: str | None


@dataclass(frozen=True)
class OutcomeRecord:
    outcome_id: str
    customer_id: str
    manager_id: str
    terminal_id: str
    at: str
    channel: str
    line_result: str
    business_outcome: str | None
    reason: str | None
    note: str
    script_id: str | None
    supersedes: str | None
    recorded_at: str
    superseded_by: str | None   # the correction that replaced this entry, if any
    segment: str | None = None  # the customer's segment when the contact was logged (segment_then)

    @property
    def superseded(self) -> bool:
        return self.superseded_by is not None


@dataclass(frozen=True)
class Progress:
    called: int       # distinct customers contacted that day
    reached: int      # ... of whom reached
    interested: int   # ... with an interested, appointment or reactivated outcome
    target: int


@dataclass
class ManagerDay:
    manager_id: str
    name: str | None
    customers: int      # distinct customers contacted
    reached: int        # ... of whom reached
    outcomes: dict[str, int] = field(default_factory=dict)
    reasons: dict[str, int] = field(default_factory=dict)


def _check_code(value: str | None, table: dict[str, str], what: str) -> None:
    if value is not None and value not in table:
        raise WorkbenchError(_("Unknown {what} {code!r}; use one of: {codes}.").format(what=_(what), code=value, codes=join_list(table)))


def _validate(conn, *, customer_id, manager_id, line_result, business_outcome, reason, note, channel,
              follow_up, supersedes, at, now, script_id=None, entered_by=None) -> tuple:
    """Check everything before writing; returns (customer row, staff, Taken or None) or raises one clear sentence."""
    _check_code(line_result, LINE_RESULTS, "line result")
    _check_code(business_outcome, BUSINESS_OUTCOMES, "business outcome")
    _check_code(reason, DORMANCY_REASONS, "dormancy reason")
    followups.check_channel(channel)
    if business_outcome is not None and line_result != "reached":
        raise WorkbenchError(_("A business outcome needs the line result 'reached', not {code!r}.").format(code=line_result))
    if script_id is not None and conn.execute("SELECT 1 FROM scripts WHERE script_id = ?", (script_id,)).fetchone() is None:
        # A mistyped id would be a script of its own in the report's funnel and the export.
        raise WorkbenchError(_("There is no script {id!r}; `workbench scripts export` writes every script with its"
                               " id.").format(id=script_id))
    if len(note or "") > MAX_NOTE:
        raise WorkbenchError(_("The note has {n} characters; the most is {max}.").format(n=f"{len(note):,}", max=f"{MAX_NOTE:,}"))
    customer = followups.customer_row(conn, customer_id)
    # No number to call and no one to visit: they asked to be forgotten. Correcting an entry made before keeps the
    # funnel right, and brings back no words of anyone's.
    if (supersedes is None or note or follow_up is not None) and privacy.erased_here(conn, customer_id):
        raise privacy.erased_refusal(customer_id, logging=True)
    staff = get_staff(conn, manager_id)
    vouched = entered_by not in (None, staff.staff_id) and get_staff(conn, entered_by).is_supervisor
    taken = check_author(conn, staff, customer, at, vouched=vouched)
    if follow_up is not None:
        if business_outcome == "do_not_call" and follow_up.channel != "visit":
            raise WorkbenchError(_("A do-not-call request cannot book a call, SMS or WeChat follow-up."))
        check_slot(follow_up.slot)
        followups.check_channel(follow_up.channel)
        check_not_past(followups.as_date(follow_up.due_on, "follow-up date"), follow_up.slot, now)
    if supersedes is not None:
        row = conn.execute("SELECT customer_id FROM outcomes WHERE outcome_id = ?", (supersedes,)).fetchone()
        if row is None or row[0] != customer_id:
            raise WorkbenchError(_("There is no entry {id} for customer {customer} to correct.").format(id=supersedes, customer=customer_id))
        later = conn.execute(f"SELECT {CORRECTED_BY} FROM outcomes o WHERE o.outcome_id = ?", (supersedes,)).fetchone()
        if later[0] is not None:   # the correction in effect, where two desks corrected it
            raise WorkbenchError(_("Entry {id} was already corrected by {later}; correct that one instead.").format(id=supersedes, later=later[0]))
    # Last, so that a wrong customer, manager or follow-up is named first: a reached call says what came of it.
    if line_result == "reached" and business_outcome is None:
        raise WorkbenchError(_("A reached contact needs its business outcome; use one of: {codes}.").format(
            codes=join_list(BUSINESS_OUTCOMES)))
    return customer, staff, taken


def check_author(conn: sqlite3.Connection, staff, customer: tuple, at: datetime, *, vouched: bool = False
                 ) -> Taken | None:
    """Whether staff may be the author of a contact made at `at` with customer (a customer_row): their own customer
    (anyone's for a supervisor), or one a change of manager took from them on that day or later, the contact made
    while this desk showed the customer as theirs (or whenever, vouched: a supervisor logs it for them); returns that
    change. Otherwise one sentence: whose the customer is now, and how a contact made before the change is logged."""
    try:
        followups.check_handles(staff, customer)
        return None
    except WorkbenchError:
        taken = taken_from(conn, staff.staff_id, customer)
        if taken is None:
            raise
    if vouched or taken.at.date() >= at.date():
        return taken
    what = {"id": customer[0], "manager": staff.staff_id, "day": taken.at.date().isoformat(), "to": taken.manager_id}
    if taken.manager_id is None:
        raise WorkbenchError(_("Customer {id} was put in the unassigned pool on {day} and is no longer one of {manager}'s"
                               " customers; a contact {manager} made before then is logged by a supervisor for them"
                               " (`workbench log --manager {manager}`).").format(**what))
    raise WorkbenchError(_("Customer {id} was handed to {to} on {day} and is no longer one of {manager}'s customers: {to}"
                           " logs the contacts with them now; a contact {manager} made before then is logged by a"
                           " supervisor for them (`workbench log --manager {manager}`).").format(**what))


# The customer's changes of manager in force here (as workbench.assignments counts them), the latest first: the one
# that decides.
_IN_FORCE = ("SELECT assignment_id, from_manager_id, to_manager_id, at, by_id, status, arrived_at FROM assignments"
             f" WHERE customer_id = ? AND status IN ({', '.join(map(repr, IN_FORCE))})"
             " ORDER BY at DESC, assignment_id DESC")
# When a bundle's import applied an entry here: its audit entry names it (one held first as 'other_manager' applies
# later than it arrived).
_ARRIVED = ("SELECT max(a.at) FROM audit_log a WHERE a.action = 'bundle_assignments'"
            " AND EXISTS (SELECT 1 FROM json_each(a.detail, '$.applied') WHERE key = ?)")


def taken_from(conn: sqlite3.Connection, manager_id: str, customer: tuple) -> Taken | None:
    """The latest change of manager in force here that took the customer (a customer_row) from manager_id, when the
    changes since leave the customer with the manager they have now (an extract that moved them makes no entry, and
    then no change says whose they are); None when there is none. The same change made on several desks took them
    when the first of them reached this desk; one found already so with none before it (an extract had moved the
    customer), when it came."""
    changes = conn.execute(_IN_FORCE, (customer[0],)).fetchall()
    if not changes or changes[0][2] != customer[2]:
        return None
    first = next((i for i, c in enumerate(changes) if c[1] == manager_id), None)
    if first is None:
        return None
    same = [changes[first]]
    for earlier in changes[first + 1:]:
        if earlier[1:3] != same[0][1:3]:
            break
        same.append(earlier)
    return Taken(min(_reached(conn, c) for c in same), customer[2], changes[0][4])


def _reached(conn: sqlite3.Connection, change: tuple) -> datetime:
    """When a change in force reached this desk: its time when made here, when a bundle's import applied it, or when
    it arrived, found already so."""
    arrived = conn.execute(_ARRIVED, (change[0],)).fetchone()[0] if change[5] == "applied" else change[6]
    return datetime.fromisoformat(arrived or change[3])


def taken_facts(conn: sqlite3.Connection, logged: LoggedOutcome) -> TakenFacts:
    """The facts of logged.taken (not None) as the CLI's note and the outcome form say them: the follow-up's owner is
    the one log_outcome stored (a leaver's customer's is the caller's, one already pending keeps its own), not
    worked out again."""
    taken = logged.taken
    manager_name = known_staff(conn, taken.manager_id)[0] if taken.manager_id is not None else None
    owner_id = owner_name = None
    if logged.followup_id is not None:
        owner_id = followups.get(conn, logged.followup_id).owner_id
        owner_name = manager_name if owner_id == taken.manager_id else known_staff(conn, owner_id)[0]
    return TakenFacts(taken.at, taken.manager_id, manager_name, owner_id, owner_name)


def segment_then(conn: sqlite3.Connection, customer_id: str, supersedes: str | None = None) -> str | None:
    """The segment a new entry keeps: the customer's primary segment as it stands (the one the call list showed), or,
    for a correction, the segment of the entry it corrects, as it keeps that entry's time: the same contact, counted
    under the same segment however the customer has been rescored since."""
    if supersedes is not None:
        return conn.execute("SELECT segment FROM outcomes WHERE outcome_id = ?", (supersedes,)).fetchone()[0]
    row = conn.execute("SELECT segment FROM customers WHERE customer_id = ?", (customer_id,)).fetchone()
    return row[0] if row else None


def log_outcome(
    conn: sqlite3.Connection,
    *,
    customer_id: str,
    manager_id: str,
    line_result: str,
    at: datetime,
    business_outcome: str | None = None,
    reason: str | None = None,
    note: str = "",
    channel: str = "phone",
    script_id: str | None = None,
    follow_up: FollowUpRequest | None = None,
    supersedes: str | None = None,
    terminal_id: str | None = None,
    recorded_at: datetime | None = None,
    rescore: bool = True,
    entered_by: str | None = None,
) -> LoggedOutcome:
    """Record one contact and everything that follows from it, all in one transaction.

    entered_by is who typed it in when that is not the manager who made the contact (a supervisor logging
    for them): the audit log names the person at the keyboard and the manager in its detail.
    """
    recorded = recorded_at or at
    note = note or ""
    with write_transaction(conn):
        customer, staff, taken = _validate(
            conn, customer_id=customer_id, manager_id=manager_id, line_result=line_result,
            business_outcome=business_outcome, reason=reason, note=note, channel=channel,
            follow_up=follow_up, supersedes=supersedes, at=at, now=recorded, script_id=script_id,
            entered_by=entered_by,
        )
        outcome_id = new_id()
        conn.execute(
            "INSERT INTO outcomes (outcome_id, customer_id, manager_id, terminal_id, at, channel, line_result,"
            " business_outcome, reason, note, script_id, supersedes, recorded_at, segment)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (outcome_id, customer_id, staff.staff_id, terminal_id or this_terminal(conn),
             at.isoformat(timespec="seconds"), channel, line_result, business_outcome, reason, note, script_id,
             supersedes, recorded.isoformat(timespec="seconds"), segment_then(conn, customer_id, supersedes)),
        )
        actor = entered_by or staff.staff_id
        audit.record(conn, "outcome", at=recorded, actor=actor, subject=customer_id, detail={
            "outcome_id": outcome_id, "line_result": line_result, "business_outcome": business_outcome,
            "supersedes": supersedes, **({"manager_id": staff.staff_id} if actor != staff.staff_id else {}),
        })
        if line_result == "reached" or (channel in MESSAGE_CHANNELS and line_result == "no_answer"):
            # What it answered, on its channel: a message sent, replied to or not, every one; a call the notice it told.
            told = channel in MESSAGE_CHANNELS or (
                channel == "phone" and told_campaign(conn, customer_id, script_id, at.date())) or False
            followups.close_pending(conn, customer_id, at=recorded, by_id=actor, outcome_id=outcome_id,
                                    due_by=at.date(), channel=channel, notices=told)
        # Also sets or lifts do_not_call and the bad-number mark; first, since this contact may rest the follow-up.
        for lifted in refresh_contact_state(conn, [customer_id]):
            audit.record(conn, "do_not_call_lifted", at=recorded, actor=actor, subject=lifted,
                         detail={"outcome_id": outcome_id, "supersedes": supersedes})
        cancelled = ()
        if business_outcome == "do_not_call":   # the flag now set forbids their calls, SMS and WeChat
            cancelled = tuple(followups.cancel_blocked(conn, [customer_id], at=recorded, by_id=actor,
                                                       outcome_id=outcome_id))
        followup_id = left_by = moved_from = None
        superseded: tuple[str, ...] = ()
        if follow_up is not None:
            # The customer's manager's; a customer taken from the caller into the pool, the supervisor's who did it.
            owner_id = customer[2] or (taken.by_id if taken is not None else staff.staff_id)
            if not known_staff(conn, owner_id)[1]:   # a leaver's customer (not yet handed over): the caller follows up
                owner_id, left_by = staff.staff_id, owner_id
            retried = None if line_result == "reached" else superseded_by_retry(
                conn, customer_id, channel, follow_up.channel, at)
            purpose = (followups.normalise_purpose(follow_up.purpose)
                       or (retried.purpose if retried is not None else business_outcome or line_result))
            due, slot = followups.as_date(follow_up.due_on, "follow-up date"), follow_up.slot or None
            if retried is not None and follow_up.slot is None:   # a day alone keeps its time, as moving it does
                slot = _kept_time(conn, retried, due, recorded)
            # The contact is logged whatever the agenda holds: a follow-up the same as one already pending is
            # that one, not a refusal of the call (booking it by hand is refused, check_not_booked).
            booked = followups.same_pending(conn, customer_id, due, slot, follow_up.channel, purpose,
                                            other_than=retried.followup_id if retried is not None else None)
            if booked is not None:
                if retried is not None:   # the callback this call missed is taken over by the one booked
                    followups.cancel(conn, retried.followup_id, at=recorded, by_id=actor, outcome_id=outcome_id)
                followup_id = booked.followup_id
            elif retried is not None:   # the next try of the callback this call missed: it moves, it is not kept
                followups.reschedule(conn, retried.followup_id, due_on=due, at=recorded,
                                     slot=slot or ALL_DAY, purpose=follow_up.purpose,
                                     outcome_id=outcome_id, by_id=actor)
                if not known_staff(conn, retried.owner_id)[1]:   # its owner has left: the caller's, as a new one is
                    followups.move_followups(conn, [(retried.followup_id, customer_id, owner_id)], recorded, actor)
                followup_id, moved_from = retried.followup_id, (retried.due_on, retried.slot)
            else:
                followup_id = followups.schedule(
                    conn, customer_id=customer_id, owner_id=owner_id, due_on=due, at=recorded, slot=slot,
                    channel=follow_up.channel, purpose=purpose, outcome_id=outcome_id, by_id=actor,
                )
            if line_result == "reached":   # the customer's word now: the next steps booked before are settled
                superseded = tuple(settled_by(conn, customer_id, followup_id, follow_up.channel, at))
                for settled in superseded:
                    followups.cancel(conn, settled, at=recorded, by_id=actor, outcome_id=outcome_id)
        if rescore:  # callers that log a batch pass rescore=False and rescore the batch once
            from workbench.scoring import rescore as rescore_customers  # late: it loads numpy and scipy

            rescore_customers(conn, recorded.date(), customer_ids=[customer_id])
    return LoggedOutcome(outcome_id, followup_id, left_by, moved_from, cancelled, was_do_not_call=bool(customer[4]),
                         taken=taken, superseded=superseded)


def told_campaign(conn: sqlite3.Connection, customer_id: str, script_id: str | None, day: date) -> str | None:
    """The campaign a call on `day` with the script script_id told the customer of (its id), whose notice it marks
    done: a campaign's own script's campaign; for the campaign script all campaigns share, and for a call logged with
    no script, the campaign the card offers that day (scripts: the customer's call notice due latest by then, else the
    next). None for a script of another purpose, which told of none."""
    from workbench.scripts import CAMPAIGN_PURPOSE, _pending_campaign   # late: it loads numpy

    if script_id is not None:
        purpose, own = conn.execute(
            "SELECT s.purpose, k.campaign_id FROM scripts s LEFT JOIN script_campaigns k USING (script_id)"
            " WHERE s.script_id = ?", (script_id,)).fetchone()
        if own is not None or purpose != CAMPAIGN_PURPOSE:
            return own
    campaign = _pending_campaign(conn, customer_id, day)
    return campaign.campaign_id if campaign is not None else None


def settled_by(conn: sqlite3.Connection, customer_id: str, booked: str, channel: str, at: datetime) -> list[str]:
    """The customer's pending next steps (NEXT_STEPS) booked before a contact at `at` that reached them and booked
    `booked` on `channel`, whoever booked them and whoever holds them, earliest first: the customer has given their
    word since, and the follow-up booked is the one to keep; a colleague's callback left standing had the customer
    rung again to settle what they had settled. A visit stays unless the one booked is a visit too (a call that
    reached them keeps none, see close_pending), as do the follow-ups booked after the contact (a correction keeps
    the contact's time). The same rule on both paths: log_outcome applies it where the contact is logged, and a
    bundle's import (sync.bundle._settle) where the contact or a follow-up it settles arrives, so that a callback on
    a desk the contact never reached is settled all the same; the cancellations are events, which bundles carry."""
    made = at.isoformat(timespec="seconds")
    return [f.followup_id for f in followups.open_for_customer(conn, customer_id)
            if f.followup_id != booked and f.purpose in NEXT_STEPS and f.created_at < made
            and (f.channel != "visit" or channel == "visit")]


def settled_names(conn: sqlite3.Connection, logged: LoggedOutcome) -> list[str]:
    """The next steps logged's booking settled (LoggedOutcome.superseded), as `log`'s note and the outcome form name
    them, earliest first: '2026-11-16 10:00 Interested (张晓燕)', whose each was (a colleague's promise among them is no
    longer theirs to keep)."""
    names = []
    for followup_id in logged.superseded:
        item = followups.get(conn, followup_id)
        names.append(_("{when} {purpose} ({owner})").format(when=day_and_slot(item.due_on, item.slot),
                                                             purpose=item.purpose_text(),
                                                             owner=known_staff(conn, item.owner_id)[0]))
    return names


def superseded_by_retry(conn: sqlite3.Connection, customer_id: str, channel: str, follow_up_channel: str,
                        at: datetime) -> followups.FollowUp | None:
    """The pending follow-up that an unanswered contact on `channel` at `at`, booking its next try on the same
    channel, replaces: one of that channel already due then (an earlier day, or today at or before the contact's
    time or at no time), a promise (call back, interested, appointment) before a care touch, the earliest first.
    None when the new follow-up is on another channel (a missed call leaves a visit as it is) or none is due yet:
    a callback promised for 15:00 still stands after a call at 10:00 nobody answered."""
    if follow_up_channel != channel:
        return None
    now, day = at.strftime("%H:%M"), at.date()
    due = [f for f in followups.open_for_customer(conn, customer_id) if f.channel == channel
           and (f.due_on < day or (f.due_on == day and (f.slot is None or f.slot <= now)))]
    return min(due, key=lambda f: (f.purpose not in WANT_FOLLOW_UP, f.due_on, f.slot or "", f.created_at), default=None)


def _kept_time(conn: sqlite3.Connection, retried: followups.FollowUp, due: date, now: datetime) -> str | None:
    """The missed callback's time of day on its new day, as moving it to a day alone keeps it; none (the day alone)
    when that time is past, outside the call window or before the contact rules allow a call again."""
    if retried.slot is None:
        return None
    try:
        check_not_past(due, retried.slot, now, kept=True)
        followups.check_contact_rules(conn, followups.customer_row(conn, retried.customer_id), due, retried.slot,
                                      retried.channel, kept=True)
    except WorkbenchError:
        return None
    return retried.slot


def nothing_booked(conn: sqlite3.Connection, customer_id: str, business_outcome: str | None, day: date,
                   channel: str) -> bool:
    """Whether logging this outcome of a contact on `channel` on this day, with no follow-up, would leave a customer
    who was promised a next step with none: no follow-up pending after the day, nor one on another channel, which
    the contact does not close (a call to confirm a visit leaves the visit booked)."""
    return business_outcome in WANT_FOLLOW_UP and not any(
        f.due_on > day or f.channel != channel for f in followups.open_for_customer(conn, customer_id))


def get(conn: sqlite3.Connection, outcome_id: str) -> OutcomeRecord:
    row = conn.execute(f"SELECT {_RECORD_COLUMNS} FROM outcomes o WHERE o.outcome_id = ?", (outcome_id,)).fetchone()
    if row is None:
        raise WorkbenchError(_("Unknown outcome entry {id!r}.").format(id=outcome_id))
    return OutcomeRecord(*row)


def history(conn: sqlite3.Connection, customer_id: str) -> list[OutcomeRecord]:
    """Every entry for the customer, newest first; superseded ones carry superseded_by."""
    return [OutcomeRecord(*r) for r in conn.execute(
        f"SELECT {_RECORD_COLUMNS} FROM outcomes o WHERE o.customer_id = ? ORDER BY o.at DESC, o.recorded_at DESC",
        (customer_id,),
    )]


def made_by(conn: sqlite3.Connection, manager_id: str | None, records: list[OutcomeRecord],
            pending: list) -> dict[str, str]:
    """Who made each contact of the history and booked each pending follow-up, by the entry's or the follow-up's id,
    where that is another staff member than the customer's manager (after a cover, a hand-over, a supervisor's call):
    their name, or their id when no name is on record; the names read once for the card."""
    booked = dict(conn.execute(
        "SELECT followup_id, by_id FROM followup_events WHERE kind = 'created'"
        " AND followup_id IN (SELECT value FROM json_each(?))", (json.dumps([f.followup_id for f in pending]),)))
    made = {r.outcome_id: r.manager_id for r in records} | booked
    others = sorted({staff for staff in made.values() if staff and staff != manager_id})
    names = {staff: known_name(staff, name) for staff, name in conn.execute(
        "SELECT staff_id, name FROM staff WHERE staff_id IN (SELECT value FROM json_each(?))", (json.dumps(others),))}
    return {key: names.get(staff) or staff for key, staff in made.items() if staff in others}


def _day_bounds(day: date) -> tuple[str, str]:
    return day.isoformat(), (day + timedelta(days=1)).isoformat()


def day_progress(conn: sqlite3.Connection, manager_id: str, day: date, target: int) -> Progress:
    """How far the manager is with the day: customers called, reached and interested, against the target."""
    called, reached, interested = conn.execute(
        "SELECT count(DISTINCT o.customer_id),"
        " count(DISTINCT CASE WHEN o.line_result = 'reached' THEN o.customer_id END),"
        f" count(DISTINCT CASE WHEN o.business_outcome IN ({', '.join('?' for _p in POSITIVE)}) THEN o.customer_id END)"
        f" FROM outcomes o WHERE o.manager_id = ? AND o.at >= ? AND o.at < ? AND {EFFECTIVE_OUTCOME}",
        (*POSITIVE, manager_id, *_day_bounds(day)),
    ).fetchone()
    return Progress(called, reached, interested, target)


def day_summary(conn: sqlite3.Connection, day: date, manager_id: str | None = None) -> list[ManagerDay]:
    """Per manager for the day: customers contacted and reached, business outcomes and reasons (the calls, by
    channel: channel_counts)."""
    sql = (f"SELECT o.manager_id, st.name, o.customer_id, o.line_result, o.business_outcome, o.reason FROM outcomes o"
           f" LEFT JOIN staff st ON st.staff_id = o.manager_id WHERE o.at >= ? AND o.at < ? AND {EFFECTIVE_OUTCOME}")
    params: list = list(_day_bounds(day))
    if manager_id is not None:
        sql += " AND o.manager_id = ?"
        params.append(manager_id)
    by_manager: dict[str, ManagerDay] = {}
    outcomes: dict[str, Counter] = {}
    reasons: dict[str, Counter] = {}
    contacted: dict[str, set] = {}
    reached: dict[str, set] = {}
    for mid, name, customer_id, line_result, business_outcome, reason in conn.execute(sql, params):
        entry = by_manager.setdefault(mid, ManagerDay(mid, name, 0, 0))
        contacted.setdefault(mid, set()).add(customer_id)
        if line_result == "reached":
            reached.setdefault(mid, set()).add(customer_id)
        if business_outcome:
            outcomes.setdefault(mid, Counter())[business_outcome] += 1
        if reason:
            reasons.setdefault(mid, Counter())[reason] += 1
    for mid, entry in by_manager.items():
        entry.customers, entry.reached = len(contacted[mid]), len(reached.get(mid, ()))
        entry.outcomes = dict(outcomes.get(mid, Counter()).most_common())
        entry.reasons = dict(reasons.get(mid, Counter()).most_common())
    return sorted(by_manager.values(), key=lambda m: m.manager_id)


@dataclass(frozen=True)
class ChannelDay:
    day: date
    manager_id: str
    channel: str
    contacts: int   # contacts logged on the channel that day
    reached: int    # ... that reached the customer (on the phone: calls answered)


def channel_counts(conn: sqlite3.Connection, first: date, last: date,
                   manager_id: str | None = None) -> list[ChannelDay]:
    """Contacts, and those that reached the customer, per day, manager and channel from first to last (inclusive),
    days with none left out. The day summary counts phone calls as calls, and their answer rate, as the report's
    hours do (workbench.sync.report), and other channels' contacts on their own: a visit always reaches."""
    sql = ("SELECT substr(o.at, 1, 10), o.manager_id, o.channel, count(*), sum(o.line_result = 'reached')"
           f" FROM outcomes o WHERE o.at >= ? AND o.at < ? AND {EFFECTIVE_OUTCOME}")
    params: list = [first.isoformat(), (last + timedelta(days=1)).isoformat()]
    if manager_id is not None:
        sql += " AND o.manager_id = ?"
        params.append(manager_id)
    return [ChannelDay(date.fromisoformat(day), mid, channel, n, reached)
            for day, mid, channel, n, reached in conn.execute(sql + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3", params)]
