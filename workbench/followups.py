"""Follow-ups: schedule, reschedule, complete, cancel, reassign, and the manager's agenda.

Every change is an event (workbench.db.followups.append_event); the followups table is their fold.
A follow-up is pending while its status is open or rescheduled; an overdue one stays pending, and
on the agenda, until it is done, cancelled or rescheduled. Care touches (birthdays, festivals,
maturities, the new-customer cadence, the cadence that keeps a woken customer awake, head office's
campaigns), and a call to each warm lead with nothing booked (workbench.leads), are suggested
follow-ups that become real ones when accepted.
"""

from __future__ import annotations

import json
import re
import sqlite3
from difflib import get_close_matches
from calendar import isleap, monthrange
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from workbench import audit, campaigns, festivals, leads
from workbench.access import get_manager, get_staff
from workbench.ids import new_id
from workbench.codes import BUSINESS_OUTCOMES, CHANNELS, LINE_RESULTS, label
from workbench.db.followups import PENDING, PENDING_SQL, append_event
from workbench.db.meta import terminal_id
from workbench.errors import WorkbenchError
from workbench.i18n import N_, fill, get_language, gettext as _, join_list
from workbench.rules import (BAD_NUMBER_PREFIX, CALL_BLOCKS, CALLABLE, CALLS, EFFECTIVE_OUTCOME, FORBIDDEN_WHEN_BLOCKED,
                             MARKETING_BLOCK, NOT_ATTEMPTS, ContactState, Entry, block_rule, blocks_on, first_free_day,
                             holds, in_call_window, marketing_block_sql, read_contact_state, window_close)
from workbench.settings import load_settings, settings_by_branch
from workbench.text_wrap import holds_steering, shown_name
from workbench.txn import write_transaction
from workbench.when import check_not_past, check_slot, day_and_slot

# {title}: campaigns.title_sql's, in the language read in.
_COLUMNS = (
    "f.followup_id, f.customer_id, c.name, f.owner_id, f.due_on, f.slot, f.channel, f.purpose, f.status,"
    " f.created_at, f.updated_at, {title}, c.active = 0, cp.ends_on"
)


@dataclass(frozen=True)
class FollowUp:
    followup_id: str
    customer_id: str
    customer_name: str | None
    owner_id: str | None
    due_on: date
    slot: str | None
    channel: str
    purpose: str | None
    status: str
    created_at: str
    updated_at: str
    campaign_title: str | None   # a campaign follow-up's campaign title, in the language read in, when known here
    # Set on the agenda when the contact rules rest the customer past the due day (and today): the day
    # a call, SMS or WeChat is allowed again, and the rule (a rules.BLOCK_RULES key).
    not_before: date | None = None
    rest_reason: str | None = None
    # Set on the agenda for a call, SMS or WeChat when the customer's number is marked unusable: why, as
    # stored in customers.phone_problem (English; number_problem() gives its code, number_problem_label() its words).
    number_problem: str | None = None
    # Set on the agenda when the customer is inactive: left out of the latest full extract (closed, moved, or an
    # extract cut short), so the call list no longer offers them and the follow-up waits for a check.
    inactive: bool = False
    # A campaign follow-up's campaign's last day (campaigns.Campaign.ends_on), when this terminal knows the campaign.
    campaign_ends_on: date | None = None

    def campaign_over(self, today: date) -> bool:
        """A notice of a campaign whose last day is before today: no customer can be told any more."""
        return campaigns.ended(self.campaign_ends_on, today)

    @property
    def pending(self) -> bool:
        return self.status in PENDING

    def purpose_text(self, lang: str | None = None) -> str:
        return purpose_label(self.purpose, lang, title=self.campaign_title)

    def as_dict(self) -> dict:
        """For --json: the number's problem as a stable code, the English sentence and its label in the language shown."""
        code, message = number_problem(self.number_problem) if self.number_problem else (None, None)
        return {**self.__dict__, "due_on": self.due_on.isoformat(),
                "not_before": self.not_before.isoformat() if self.not_before else None,
                "campaign_ends_on": self.campaign_ends_on.isoformat() if self.campaign_ends_on else None,
                "number_problem": code, "number_problem_message": message,
                "number_problem_label": number_problem_label(self.number_problem) if self.number_problem else None}


@dataclass
class Agenda:
    """A manager's pending follow-ups by due date: overdue, today, the rest of the calendar week (to Sunday), later;
    then, whatever their day, the notices of campaigns that have ended (campaign_over), which are no work left to
    do but are not dropped unseen: they wait to be cancelled."""

    overdue: list[FollowUp] = field(default_factory=list)
    today: list[FollowUp] = field(default_factory=list)
    this_week: list[FollowUp] = field(default_factory=list)
    later: list[FollowUp] = field(default_factory=list)
    campaign_over: list[FollowUp] = field(default_factory=list)

    def buckets(self) -> dict[str, list[FollowUp]]:
        return {"overdue": self.overdue, "today": self.today, "this_week": self.this_week, "later": self.later,
                "campaign_over": self.campaign_over}


def customer_row(conn: sqlite3.Connection, customer_id: str) -> tuple:
    """(customer_id, name, manager_id, branch_id, do_not_call) or a WorkbenchError."""
    row = conn.execute(
        "SELECT customer_id, name, manager_id, branch_id, do_not_call FROM customers WHERE customer_id = ?",
        (customer_id,),
    ).fetchone()
    if row is None:
        raise WorkbenchError(_("Unknown customer {customer_id!r}.").format(customer_id=customer_id))
    return row


def check_handles(staff, customer: tuple) -> None:
    """A manager works only their own customers; a supervisor anyone's."""
    if not staff.is_supervisor and customer[2] != staff.staff_id:
        raise WorkbenchError(_("Customer {id} is not one of {manager}'s customers.").format(id=customer[0], manager=staff.staff_id))


def as_date(value: date | str, what: str = "date") -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise WorkbenchError(_("The {what} must be YYYY-MM-DD, not {value!r}.").format(what=_(what), value=value)) from None



def check_channel(channel: str) -> str:
    if channel not in CHANNELS:
        raise WorkbenchError(_("Unknown channel {code!r}; use one of: {codes}.").format(code=channel, codes=join_list(CHANNELS)))
    return channel


# A purpose's most characters, a note's (outcomes.MAX_NOTE): every entry then fits a bundle line (sync.bundle.LINE_MAX).
MAX_PURPOSE = 2000


def normalise_purpose(purpose: str | None) -> str | None:
    """A purpose as stored: its spaces trimmed and runs of them made one (None when nothing is left), and a code
    typed in another case as the code (Call_Back is call_back), so that it is labelled and matched as one."""
    if purpose is None or not (text := " ".join(purpose.split())):
        return None
    return text.lower() if text.lower() in PURPOSE_CODES else text


def check_purpose(conn: sqlite3.Connection, purpose: str | None) -> None:
    """A purpose that looks like a code (snake_case, a near miss of one, or campaign:ID) is one the agenda
    knows: an outcome code, a care touch, or a campaign imported here; a mistyped code would be listed as
    typed and never matched by the care touch it meant. Words of one's own (mortgage, 问房贷) stay free."""
    known = PURPOSE_CODES
    if purpose is None or purpose in known:
        return
    if len(purpose) > MAX_PURPOSE:
        raise WorkbenchError(_("The follow-up purpose has {n} characters; the most is {max}.").format(
            n=f"{len(purpose):,}", max=f"{MAX_PURPOSE:,}"))
    if holds_steering(purpose):
        raise WorkbenchError(_("The follow-up purpose {purpose!r} holds a control or invisible character (an escape"
                               " sequence?); write it as plain words.").format(purpose=purpose))
    code = campaigns.campaign_id(purpose)
    if code is None and not (_CODE_LIKE.fullmatch(purpose) and ("_" in purpose or get_close_matches(purpose, known))):
        return
    if code is not None and conn.execute("SELECT 1 FROM campaigns WHERE campaign_id = ?", (code,)).fetchone():
        return
    raise WorkbenchError(_("Unknown follow-up purpose {purpose!r}, which looks like a code; use an outcome code"
                           " ({outcomes}), a care touch ({care}), {prefix}ID of a campaign imported here, or words"
                           " of your own.").format(
        purpose=purpose, outcomes=join_list(BUSINESS_OUTCOMES), care=join_list(CARE_STEPS), prefix=campaigns.PREFIX))


_CODE_LIKE = re.compile(r"[a-z][a-z0-9_]*")   # get_close_matches' 0.6 likeness catches a slip, not a word


def marketing_block(conn: sqlite3.Connection, customer_id: str) -> str | None:
    """What forbids marketing to the customer, if anything (rules.MARKETING_BLOCK): 'erased' (erased here, or named by
    an erasure entry held here), 'do_not_call', 'no_consent', or None (a customer not held here too)."""
    row = conn.execute(f"SELECT {MARKETING_BLOCK} FROM customers c WHERE c.customer_id = ?", (customer_id,)).fetchone()
    return row[0] if row else None


# A block's refusal of a notice of head office's campaign: marketing, whatever the channel.
_CAMPAIGN_REFUSED = {
    "do_not_call": N_("Customer {id} asked not to be called, and a campaign notice is marketing: it cannot be planned"
                      " by any channel, a visit included; a service visit with another purpose still can."),
    "no_consent": N_("Customer {id} has not consented to marketing, and a campaign notice is marketing: it cannot be"
                     " planned by any channel, a visit included; a service visit with another purpose still can."),
}

def check_not_blocked(conn: sqlite3.Connection, customer_id: str, channel: str, purpose: str | None = None) -> None:
    """Nothing is booked for an erased customer, and for one on do-not-call or without marketing consent only a visit
    that is not a campaign's notice (head office's marketing): the agenda never asks for a contact the call list would
    not offer."""
    from workbench.privacy import erased_refusal   # late: privacy loads this module late too

    block = marketing_block(conn, customer_id)
    if block == "erased":
        raise erased_refusal(customer_id, logging=False)
    if block is not None and campaigns.campaign_id(purpose) is not None:
        raise WorkbenchError(_(_CAMPAIGN_REFUSED[block]).format(id=customer_id))
    if channel == "visit" or block is None:
        return
    if block == "do_not_call":
        raise WorkbenchError(_("Customer {id} asked not to be called; only a visit can be planned.").format(id=customer_id))
    raise WorkbenchError(_("Customer {id} has not consented to marketing; only a visit can be planned.").format(
        id=customer_id))


def check_contact_rules(conn: sqlite3.Connection, customer: tuple, due_on: date, slot: str | None, channel: str, *,
                        kept: bool = False) -> None:
    """A call, SMS or WeChat follow-up may not fall on a day the contact rules rest the customer for that channel,
    nor at a time outside the call window of the customer's branch (contact_rules_refusal, with the rules as stored;
    a message reads the customer's contacts too, in case calls made the block stored).
    kept: the slot is the one a moved follow-up keeps, which only a new time replaces."""
    if channel in NOT_ATTEMPTS:
        return
    refusal = contact_rules_refusal(load_settings(conn, customer[3]),
                                    read_contact_state(conn, customer[0], entries=channel not in CALLS),
                                    customer[1] or customer[0], due_on, slot, channel, kept=kept)
    if refusal:
        raise WorkbenchError(refusal)


def contact_rules_refusal(settings: Mapping[str, Any], state: ContactState, name: str, due_on: date, slot: str | None,
                          channel: str, *, contact: Entry | None = None, kept: bool = False) -> str | None:
    """The sentence a call, SMS or WeChat follow-up at this day and time is refused with, None if allowed: outside the
    call window of the customer's branch (`settings`; a visit may be, a day without a time is any time that day), or
    before the block in `state` on that channel ends (ContactState.on: a block calls made holds no SMS or WeChat, and
    its sentence names the call alone), once `contact` (a contact about to be logged; None: none) is folded in. For
    an SMS or WeChat, `state` holds the customer's contacts in effect (read_contact_state with entries).
    kept: the slot is the one a moved follow-up keeps. Pure, for the outcome form's preview on every key typed."""
    if channel in NOT_ATTEMPTS:
        return None
    if slot and not in_call_window(datetime.combine(due_on, time.fromisoformat(slot)), settings):
        window = {"slot": slot, "start": settings["contact.window_start"], "end": settings["contact.window_end"]}
        if kept:
            return _("The follow-up keeps its time, {slot}, which is outside the call window ({start}–{end});"
                     " give a new time inside it as well, or 'all day' for the day alone.").format(**window)
        return _("A follow-up at {slot} is outside the call window ({start}–{end}); book a time inside it,"
                 " or the day alone.").format(**window)
    if contact is not None:
        state = state.after(contact, settings)
    state = state.on(channel, settings)
    free = first_free_day(state.blocked_until, settings)
    if free is None:
        return None
    rule = block_rule(state.block_reason)
    calls_only = state.block_reason in CALL_BLOCKS
    if due_on < free and calls_only:
        return fill(_("The contact rules allow no call to {name} before {day} ({rule}); book the follow-up for that"
                      " day or later, or send an SMS or WeChat, or plan a visit."),
                    name=name, day=free.isoformat(), rule=rule)
    if due_on < free:
        return fill(_("The contact rules allow no call, SMS or WeChat to {name} before {day} ({rule}); book the"
                      " follow-up for that day or later, or plan a visit."), name=name, day=free.isoformat(), rule=rule)
    # On the day the block ends (the retry delay ends at 14:00 after a missed call at 10:00) a time before its end
    # is one the call list will not offer: refused as the day is, naming the first minute allowed.
    ends = datetime.fromisoformat(state.blocked_until)
    earliest = (ends + timedelta(seconds=59)).strftime("%H:%M")   # 14:00:30 allows 14:01
    if slot and due_on == ends.date() and slot < earliest:
        words = {"slot": slot, "name": name, "day": due_on.isoformat(), "time": earliest, "rule": rule}
        if kept and calls_only:
            return fill(_("The follow-up keeps its time, {slot}, but the contact rules allow no call to {name} before"
                          " {time} on {day} ({rule}); give a new time no earlier than {time} as well, or 'all day' for"
                          " the day alone."), **words)
        if calls_only:
            return fill(_("The contact rules allow no call to {name} before {time} on {day} ({rule}); book the"
                          " follow-up for {time} or later, or the day alone, or send an SMS or WeChat, or plan"
                          " a visit."), **words)
        if kept:
            return fill(_("The follow-up keeps its time, {slot}, but the contact rules allow no call, SMS or WeChat"
                          " to {name} before {time} on {day} ({rule}); give a new time no earlier than {time} as well,"
                          " or 'all day' for the day alone."), **words)
        return fill(_("The contact rules allow no call, SMS or WeChat to {name} before {time} on {day} ({rule}); book"
                      " the follow-up for {time} or later, or the day alone, or plan a visit."), **words)
    return None


def same_pending(conn: sqlite3.Connection, customer_id: str, due_on: date, slot: str | None, channel: str,
                 purpose: str | None, *, other_than: str | None = None) -> FollowUp | None:
    """The pending follow-up the same as this one would be (customer, channel, day, time of day and purpose), if
    any. Another purpose is another task (two campaigns' notices on one day count in both funnels); other_than
    leaves out the follow-up being moved."""
    found = _rows(conn, f"f.customer_id = ? AND f.channel = ? AND f.due_on = ? AND coalesce(f.slot, '') = ?"
                        f" AND f.purpose IS ? AND f.status IN {PENDING_SQL} AND f.followup_id IS NOT ?",
                  (customer_id, channel, due_on.isoformat(), slot or "", purpose, other_than))
    return found[0] if found else None


def check_not_booked(conn: sqlite3.Connection, customer: tuple, due_on: date, slot: str | None, channel: str,
                     purpose: str | None, *, other_than: str | None = None) -> None:
    """A follow-up the same as one pending (same_pending) would be a second, identical line on the agenda:
    refused, naming the one there is, which can be moved or cancelled instead."""
    same = same_pending(conn, customer[0], due_on, slot, channel, purpose, other_than=other_than)
    if same is not None:
        raise WorkbenchError(fill(_("{name} already has this follow-up: {when}, {channel} ({id}); move or cancel that"
                                    " one instead of booking it again."),
                                  name=customer[1] or customer[0], when=day_and_slot(due_on, slot),
                                  channel=label(channel), id=same.followup_id[:SHORT_ID]))





def _event_at(conn: sqlite3.Connection, followup_id: str, at: datetime) -> str:
    """The event time, nudged one second past the follow-up's last event so events of one follow-up keep their order."""
    text = at.isoformat(timespec="seconds")
    row = conn.execute("SELECT max(at) FROM followup_events WHERE followup_id = ?", (followup_id,)).fetchone()
    if row[0] and row[0] >= text:
        return second_past(row[0])
    return text


def second_past(at: str) -> str:
    """The stored time one second after `at`: the earliest an event can follow it and still sort after it."""
    return (datetime.fromisoformat(at) + timedelta(seconds=1)).isoformat(timespec="seconds")


def _pending_row(conn: sqlite3.Connection, followup_id: str) -> tuple:
    row = conn.execute("SELECT customer_id, status, channel, slot, purpose FROM followups WHERE followup_id = ?",
                       (followup_id,)).fetchone()
    if row is None:
        raise WorkbenchError(_("Unknown follow-up {id!r}.").format(id=followup_id))
    if row[1] not in PENDING:
        said = {"done": N_("Follow-up {id} was already done."), "cancelled": N_("Follow-up {id} was already cancelled.")}
        raise WorkbenchError(_(said.get(row[1], N_("Follow-up {id} is no longer pending."))).format(
            id=followup_id[:SHORT_ID]))   # as the agenda shows it, and as `followup done` takes it
    return row


def schedule(
    conn: sqlite3.Connection,
    *,
    customer_id: str,
    owner_id: str,
    due_on: date | str,
    at: datetime,
    slot: str | None = None,
    channel: str = "phone",
    purpose: str | None = None,
    outcome_id: str | None = None,
    by_id: str | None = None,
) -> str:
    """Create a follow-up (a 'created' event) and return its id.

    Refused on a day the contact rules rest the customer, at a time before they allow a call again or
    outside the call window (see check_contact_rules), so that the agenda never promises a call the call
    list will not offer; when the same follow-up is pending already (see check_not_booked); and a campaign's notice
    for a customer its product does not suit (see campaigns.check_suits).
    """
    due = as_date(due_on, "follow-up date")
    slot = check_slot(slot) or None   # ALL_DAY is the day alone
    purpose = normalise_purpose(purpose)
    check_channel(channel)
    check_not_past(due, slot, at)
    with write_transaction(conn):
        check_purpose(conn, purpose)
        customer = customer_row(conn, customer_id)
        check_not_blocked(conn, customer_id, channel, purpose)
        campaigns.check_suits(conn, customer_id, purpose)
        check_contact_rules(conn, customer, due, slot, channel)
        check_not_booked(conn, customer, due, slot, channel, purpose)
        get_staff(conn, owner_id)
        followup_id = new_id()
        append_event(
            conn, followup_id=followup_id, customer_id=customer_id, kind="created", at=_event_at(conn, followup_id, at),
            terminal_id=terminal_id(conn), by_id=by_id or owner_id, owner_id=owner_id, due_on=due.isoformat(),
            slot=slot, channel=channel, purpose=purpose, outcome_id=outcome_id,
        )
    return followup_id


def reschedule(
    conn: sqlite3.Connection, followup_id: str, *, due_on: date | str, at: datetime, slot: str | None = None,
    by_id: str | None = None, purpose: str | None = None, outcome_id: str | None = None,
) -> tuple[date, str | None]:
    """Move a pending follow-up to a new day, returning (day, slot); it stays pending with status 'rescheduled'.

    Without a slot the follow-up keeps its time of day (10:00 on the 19th moved to tomorrow is 10:00 tomorrow), a
    new slot replaces it, and ALL_DAY (明天 全天, tomorrow all day) drops it. As when booking, a time in the past, a day
    the contact rules rest the customer, a time before they allow a call again or outside the call window is refused,
    the kept time included, and so is the time of another pending follow-up the same as this one would be.
    purpose replaces the follow-up's when given; outcome_id: the contact that moved it (an unanswered call that
    books the next try, see workbench.outcomes).
    """
    due = as_date(due_on, "follow-up date")
    check_slot(slot)
    purpose = normalise_purpose(purpose)
    with write_transaction(conn):
        customer_id, _status, channel, stored_slot, stored_purpose = _pending_row(conn, followup_id)
        if purpose is not None:
            check_purpose(conn, purpose)
        moved_purpose = purpose or stored_purpose
        kept = slot is None and stored_slot is not None
        slot = stored_slot if slot is None else slot or None   # ALL_DAY drops the time
        check_not_past(due, slot, at, kept=kept)
        customer = customer_row(conn, customer_id)
        check_not_blocked(conn, customer_id, channel, moved_purpose)
        campaigns.check_suits(conn, customer_id, moved_purpose)
        check_contact_rules(conn, customer, due, slot, channel, kept=kept)
        check_not_booked(conn, customer, due, slot, channel, moved_purpose, other_than=followup_id)
        append_event(
            conn, followup_id=followup_id, customer_id=customer_id, kind="rescheduled",
            at=_event_at(conn, followup_id, at), terminal_id=terminal_id(conn), by_id=by_id,
            due_on=due.isoformat(), slot=slot, purpose=purpose, outcome_id=outcome_id,
        )
    return due, slot


def reschedule_all(conn: sqlite3.Connection, followup_ids: list[str], *, due_on: date | str, at: datetime,
                   slot: str | None = None, by_id: str | None = None) -> tuple[list[str], dict[str, str]]:
    """Move several pending follow-ups to one day, in one transaction (the overdue ones of a manager back from days
    off): each as reschedule moves it, keeping its own time of day unless slot is given, and held to the same checks.
    One they refuse (the contact rules rest its customer then, it is no longer pending, another alike is booked
    then) is left where it is; the others move. Returns (the ids moved, in the order given; each refused id -> the
    sentence saying why)."""
    due = as_date(due_on, "follow-up date")
    check_slot(slot)
    moved: list[str] = []
    refused: dict[str, str] = {}
    with write_transaction(conn):
        for followup_id in dict.fromkeys(followup_ids):
            try:
                reschedule(conn, followup_id, due_on=due, at=at, slot=slot, by_id=by_id)
            except WorkbenchError as exc:   # its checks come before its write: nothing of it is written
                refused[followup_id] = str(exc)
            else:
                moved.append(followup_id)
    return moved, refused


def _close(conn, followup_id: str, kind: str, at: datetime, by_id: str | None, outcome_id: str | None,
           live: bool) -> str:
    """Close a pending follow-up (kind: done or cancelled); returns the kind it was closed as. One no longer live on
    the contact's day (_LIVE_SQL: a notice of a campaign over) is cancelled when marked done: it was never given, as
    the agenda's c has it, and its campaign does not count it told."""
    with write_transaction(conn):
        customer_id = _pending_row(conn, followup_id)[0]
        if kind == "done" and not live:
            kind, outcome_id = "cancelled", None
        append_event(
            conn, followup_id=followup_id, customer_id=customer_id, kind=kind, at=_event_at(conn, followup_id, at),
            terminal_id=terminal_id(conn), by_id=by_id, outcome_id=outcome_id,
        )
    return kind


# SQL true when a follow-up is still work on the day :day (campaigns.live_sql): _close's live, read with its id.
_LIVE_SQL = campaigns.live_sql("", ":day")


def complete(conn: sqlite3.Connection, followup_id: str, *, at: datetime, by_id: str | None = None,
             outcome_id: str | None = None) -> str:
    """Mark a pending follow-up done (outcome_id: the contact that kept it); returns "done", or "cancelled" for a
    notice of a campaign over by at's day (_close)."""
    with write_transaction(conn):
        row = conn.execute(f"SELECT {_LIVE_SQL} FROM followups WHERE followup_id = :id",
                           {"day": at.date().isoformat(), "id": followup_id}).fetchone()
        return _close(conn, followup_id, "done", at, by_id, outcome_id, bool(row and row[0]))


def _close_all(conn: sqlite3.Connection, followup_ids: list[str], kind: str, at: datetime, by_id: str | None) -> int:
    """Close several follow-ups (kind: done or cancelled) in one transaction; one no longer pending (closed meanwhile,
    on this terminal or another) is left as it is, and a notice of a campaign over is cancelled, not done (_close).
    Returns how many."""
    with write_transaction(conn):
        pending = conn.execute(
            f"SELECT followup_id, {_LIVE_SQL} FROM followups WHERE followup_id IN (SELECT value FROM json_each(:ids))"
            f" AND status IN {PENDING_SQL} ORDER BY followup_id",
            {"ids": json.dumps(followup_ids), "day": at.date().isoformat()}).fetchall()
        for fid, live in pending:
            _close(conn, fid, kind, at, by_id, None, live)
    return len(pending)


def complete_all(conn: sqlite3.Connection, followup_ids: list[str], *, at: datetime, by_id: str | None = None) -> int:
    """Mark several follow-ups done in one transaction (the greetings of a day, sent as a batch; _close_all)."""
    return _close_all(conn, followup_ids, "done", at, by_id)


def complete_sent(conn: sqlite3.Connection, followup_ids: list[str], *, at: datetime,
                  by_id: str | None = None) -> tuple[int, list[str]]:
    """complete_all for the messages of a batch sent outside the workbench (the agenda's C), but for the campaign
    notices among them whose product does not suit their customer (campaigns.unsuited_notices_where): those are not
    recorded as given, and stay pending for their card's warning (one sent by mistake is the manager's to say). In one
    transaction; returns how many were marked done and the ids left pending."""
    with write_transaction(conn):
        left = campaigns.unsuited_notices_where(conn, "f.followup_id IN (SELECT value FROM json_each(:ids))",
                                                {"ids": json.dumps(followup_ids)})
        kept = set(left)
        return _close_all(conn, [f for f in followup_ids if f not in kept], "done", at, by_id), left


def cancel(conn: sqlite3.Connection, followup_id: str, *, at: datetime, by_id: str | None = None,
           outcome_id: str | None = None) -> None:
    """Drop a pending follow-up that is no longer wanted (outcome_id: the contact that made it so)."""
    _close(conn, followup_id, "cancelled", at, by_id, outcome_id, live=True)


def cancel_all(conn: sqlite3.Connection, followup_ids: list[str], *, at: datetime, by_id: str | None = None) -> int:
    """Cancel several follow-ups in one transaction (the notices of a campaign that has ended; _close_all)."""
    return _close_all(conn, followup_ids, "cancelled", at, by_id)


def close_pending(conn: sqlite3.Connection, customer_id: str, *, at: datetime, by_id: str | None,
                  outcome_id: str | None, kind: str = "done", due_by: date | None = None, channel: str | None = None,
                  notices: bool | str = True) -> list[str]:
    """Close (done or cancelled) the customer's pending follow-ups, those due by due_by if given, only those of
    `channel` if given, and of the campaign notices still live only those `notices` lets through: all (True), none
    (False) or one campaign's (its id); returns their ids. Done by a contact on due_by (its day), a notice of a
    campaign over by then is closed whatever `notices` says, and cancelled instead (_close)."""
    rows = conn.execute(
        f"SELECT followup_id, {_LIVE_SQL} FROM followups WHERE customer_id = :customer"
        f" AND status IN {PENDING_SQL} AND due_on <= :due_by AND (:channel IS NULL OR channel = :channel)"
        f" AND (:all OR NOT {campaigns.names_campaign('purpose')} OR purpose IS :told OR NOT ({_LIVE_SQL}))"
        " ORDER BY due_on, followup_id",
        {"customer": customer_id, "due_by": due_by.isoformat() if due_by else "9999-12-31", "channel": channel,
         "day": (due_by or at.date()).isoformat(), "all": notices is True,
         "told": campaigns.PREFIX + notices if isinstance(notices, str) else None},
    ).fetchall()
    for followup_id, live in rows:
        _close(conn, followup_id, kind, at, by_id, outcome_id, live)
    return [followup_id for followup_id, _live in rows]


def cancel_blocked(conn: sqlite3.Connection, customer_ids: list[str], *, at: datetime, by_id: str | None,
                   outcome_id: str | None = None) -> list[str]:
    """cancel_blocked_of for these customers."""
    return cancel_blocked_of(conn, "SELECT value FROM json_each(:ids)", {"ids": json.dumps(sorted(set(customer_ids)))},
                             at=at, by_id=by_id, outcome_id=outcome_id)


def cancel_blocked_of(conn: sqlite3.Connection, customers: str, params: dict | None = None, *, at: datetime,
                      by_id: str | None, outcome_id: str | None = None) -> list[str]:
    """Cancel, inside the caller's transaction, the pending follow-ups that a block (rules.MARKETING_BLOCK) forbids
    of the customers the SQL query `customers` names (with its named params): every one of an erased customer's (or
    one an erasure entry held here names, held here or not), the call, SMS and WeChat ones and the campaign notices
    of a customer on do-not-call or without marketing consent (any other visit stays, as check_not_blocked lets one
    be booked). Each is a 'cancelled' event, which bundles carry as any other (outcome_id: the contact that brought
    the block). Returns their ids, earliest due first."""
    block = marketing_block_sql("f.customer_id")
    rows = conn.execute(
        f"SELECT f.followup_id FROM followups f LEFT JOIN customers c ON c.customer_id = f.customer_id"
        f" WHERE f.customer_id IN ({customers}) AND f.status IN {PENDING_SQL}"
        f" AND iif({FORBIDDEN_WHEN_BLOCKED}, ({block}) IS NOT NULL, ({block}) IS 'erased')"
        " ORDER BY f.due_on, f.followup_id", params or {}).fetchall()
    for (followup_id,) in rows:
        _close(conn, followup_id, "cancelled", at, by_id, outcome_id, live=True)
    return [followup_id for (followup_id,) in rows]


def cancel_unsuited_of(conn: sqlite3.Connection, customers: str, params: dict | None = None, *, at: datetime,
                       by_id: str | None) -> list[str]:
    """Cancel, inside the caller's transaction, the open campaign notices of the customers the SQL query `customers`
    names (with its named params) whose product does not suit them (campaigns.unsuited_notices_where: an extract
    assessed them below it), as cancel_blocked_of cancels what a block forbids: each a 'cancelled' event that bundles
    carry. Returns their ids, earliest due first."""
    return _cancel_unsuited_where(conn, f"f.customer_id IN ({customers})", params, at=at, by_id=by_id)


def cancel_unsuited(conn: sqlite3.Connection, followup_ids: list[str], *, at: datetime,
                    by_id: str | None) -> list[str]:
    """cancel_unsuited_of for these follow-ups alone: a bundle's, the notices it brought (booked on a desk that did not
    know the product's level). Never another notice of the same customers: one the agenda's batch left open on
    purpose (sent outside the workbench, its fate the manager's) is no bundle's to cancel."""
    return _cancel_unsuited_where(conn, "f.followup_id IN (SELECT value FROM json_each(:ids))",
                                  {"ids": json.dumps(sorted(set(followup_ids)))}, at=at, by_id=by_id)


def _cancel_unsuited_where(conn: sqlite3.Connection, where: str, params: dict | None, *, at: datetime,
                           by_id: str | None) -> list[str]:
    if not conn.execute("SELECT EXISTS (SELECT 1 FROM campaigns WHERE product_risk IS NOT NULL)").fetchone()[0]:
        return []   # no product with a risk level: no customer to read
    notices = campaigns.unsuited_notices_where(conn, where, params)
    for followup_id in notices:
        _close(conn, followup_id, "cancelled", at, by_id, None, live=True)
    return notices


def reassign_customer(conn: sqlite3.Connection, customer_id: str, new_manager_id: str, *, at: datetime,
                      by_id: str, source: str = "reassign") -> list[str]:
    """Give the customer to another manager and move their pending follow-ups along; returns the moved ids. The
    change is kept as an assignment entry (source: 'reassign', or 'pool' for pool assign) for bundles to carry."""
    from workbench import assignments

    with write_transaction(conn):
        _cid, _name, old_manager, _branch, _dnc = customer_row(conn, customer_id)
        manager = get_manager(conn, new_manager_id)
        if old_manager == manager.staff_id:
            raise WorkbenchError(_("Customer {id} already belongs to {manager}.").format(id=customer_id, manager=manager.staff_id))
        conn.execute("UPDATE customers SET manager_id = ? WHERE customer_id = ?", (manager.staff_id, customer_id))
        assignments.record(conn, customer_id, old_manager, manager.staff_id, at=at, by_id=by_id, source=source)
        moved = [r[0] for r in conn.execute(
            f"SELECT followup_id FROM followups WHERE customer_id = ? AND status IN {PENDING_SQL} ORDER BY followup_id",
            (customer_id,),
        )]
        move_followups(conn, [(followup_id, customer_id, manager.staff_id) for followup_id in moved], at, by_id)
        audit.record(conn, "reassign", at=at, actor=by_id, subject=customer_id,
                     detail={"from": old_manager, "to": manager.staff_id, "followups": moved})
    return moved


def pending_with_their_manager(conn: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    """Pending follow-ups owned by their customer's manager: followup id -> (customer, manager). Taken
    before an import that may give customers to other managers (there are a few thousand at most)."""
    return {fid: (cid, owner) for fid, cid, owner in conn.execute(
        "SELECT f.followup_id, f.customer_id, f.owner_id FROM followups f JOIN customers c USING (customer_id)"
        f" WHERE f.status IN {PENDING_SQL} AND f.owner_id = c.manager_id")}


def follow_new_managers(conn: sqlite3.Connection, before: dict[str, tuple[str, str]], *, at: datetime,
                        by_id: str | None) -> list[str]:
    """Move each follow-up of `before` whose customer now has another manager to that manager, as
    reassign_customer would (inside the caller's transaction); returns the moved ids."""
    now = dict(conn.execute("SELECT customer_id, manager_id FROM customers WHERE customer_id IN"
                            " (SELECT value FROM json_each(?)) AND manager_id IS NOT NULL",
                            (json.dumps(sorted({cid for cid, _ in before.values()})),)))
    moves = sorted((fid, cid, now[cid]) for fid, (cid, owner) in before.items() if now.get(cid, owner) != owner)
    move_followups(conn, moves, at, by_id)
    return [fid for fid, _, _ in moves]


def move_followups(conn: sqlite3.Connection, moves: list[tuple[str, str, str]], at: datetime, by_id: str | None) -> None:
    """A 'reassigned' event for each (follow-up, customer, new owner), inside the caller's transaction."""
    terminal = terminal_id(conn)
    for followup_id, customer_id, owner in moves:
        append_event(conn, followup_id=followup_id, customer_id=customer_id, kind="reassigned",
                     at=_event_at(conn, followup_id, at), terminal_id=terminal, by_id=by_id, owner_id=owner)


def _rows(conn: sqlite3.Connection, where: str, params: tuple) -> list[FollowUp]:
    # A day's follow-ups by time, then as the call list ranks their customers.
    columns = _COLUMNS.format(title=campaigns.title_sql(get_language()))
    sql = (f"SELECT {columns} FROM followups f LEFT JOIN customers c ON c.customer_id = f.customer_id"
           f" {campaigns.FOLLOWUP_CAMPAIGN_JOIN} WHERE {where}"
           " ORDER BY f.due_on, f.slot IS NULL, f.slot, c.priority DESC, f.customer_id, f.created_at, f.followup_id")
    return [FollowUp(r[0], r[1], r[2], r[3], date.fromisoformat(r[4]), *r[5:12], inactive=r[12] == 1,
                     campaign_ends_on=date.fromisoformat(r[13]) if r[13] else None)
            for r in conn.execute(sql, params)]


SHORT_ID = 8   # how much of a follow-up's id `workbench followups` shows, and the least a prefix may give


def resolve_id(conn: sqlite3.Connection, typed: str) -> str:
    """The follow-up id typed whole, or the one id it begins (at least SHORT_ID characters, as the agenda shows
    them); a WorkbenchError when none or several begin so."""
    typed = (typed or "").strip()
    if conn.execute("SELECT 1 FROM followups WHERE followup_id = ?", (typed,)).fetchone():
        return typed
    if len(typed) < SHORT_ID:
        raise WorkbenchError(_("Unknown follow-up {id!r}: give its id whole or at least its first {n} characters.").format(
            id=typed, n=SHORT_ID))
    found = [r[0] for r in conn.execute("SELECT followup_id FROM followups WHERE lower(substr(followup_id, 1, ?)) = ?"
                                        " ORDER BY followup_id LIMIT 2", (len(typed), typed.lower()))]
    if len(found) == 1:
        return found[0]
    if found:
        raise WorkbenchError(_("More than one follow-up id starts with {text}; type more of it.").format(text=typed))
    raise WorkbenchError(_("Unknown follow-up {id!r}.").format(id=typed))


def get(conn: sqlite3.Connection, followup_id: str) -> FollowUp:
    found = _rows(conn, "f.followup_id = ?", (followup_id,))
    if not found:
        raise WorkbenchError(_("Unknown follow-up {id!r}.").format(id=followup_id))
    return found[0]


def open_for_customer(conn: sqlite3.Connection, customer_id: str) -> list[FollowUp]:
    """The customer's pending follow-ups, earliest first."""
    return _rows(conn, f"f.customer_id = ? AND f.status IN {PENDING_SQL}", (customer_id,))


def agenda(conn: sqlite3.Connection, owner_id: str, today: date) -> Agenda:
    """The owner's pending follow-ups, bucketed; overdue ones stay until done, cancelled or rescheduled, and so do the
    notices of a campaign that has ended, apart (Agenda.campaign_over)."""
    result = Agenda()
    week_end = today + timedelta(days=6 - today.weekday())   # 本周 is the ISO week, Monday to Sunday
    items = _with_rests(conn, _rows(conn, f"f.owner_id = ? AND f.status IN {PENDING_SQL}", (owner_id,)), today)
    for item in items:
        if item.campaign_over(today):
            result.campaign_over.append(item)
        elif item.due_on < today:
            result.overdue.append(item)
        elif item.due_on == today:
            result.today.append(item)
        elif item.due_on <= week_end:
            result.this_week.append(item)
        else:
            result.later.append(item)
    return result


def rest_note(day: date, block_reason: str) -> str:
    """'Not before <day>: <rule>.' in the current language."""
    return _("Not before {day}: {rule}.").format(day=day.isoformat(), rule=block_rule(block_reason))


def _with_rests(conn: sqlite3.Connection, items: list[FollowUp], today: date) -> list[FollowUp]:
    """Mark each call, SMS or WeChat follow-up whose customer the contact rules rest on its channel past its day and
    today (a block calls made marks no message),
    and each whose customer's number is marked unusable (the call list no longer offers them; an inactive customer's
    follow-ups are marked as they are read, _rows)."""
    ids = json.dumps(sorted({i.customer_id for i in items if i.channel not in NOT_ATTEMPTS}))
    unusable = dict(conn.execute(
        "SELECT customer_id, coalesce(phone_problem, '') FROM customers WHERE phone_valid = 0"
        " AND customer_id IN (SELECT value FROM json_each(?))", (ids,)))
    rests = {cid: (until, reason, branch) for cid, until, reason, branch in conn.execute(
        "SELECT s.customer_id, s.blocked_until, s.block_reason, c.branch_id FROM contact_state s"
        " JOIN customers c ON c.customer_id = s.customer_id"
        " WHERE s.blocked_until IS NOT NULL AND s.customer_id IN (SELECT value FROM json_each(?))", (ids,))}
    # Where calls made the block stored, what holds an SMS or WeChat (both alike) is read from the customer's contacts.
    messaged = {i.customer_id for i in items if i.channel not in NOT_ATTEMPTS and i.customer_id in rests
                and not holds(rests[i.customer_id][1], i.channel)}
    message_rests = blocks_on(conn, messaged, "sms") if messaged else {}
    branch_settings = settings_by_branch(conn)
    out = []
    for item in items:
        rest = rests.get(item.customer_id) if item.channel not in NOT_ATTEMPTS else None
        if rest and not holds(rest[1], item.channel):
            until, reason = message_rests.get(item.customer_id, (None, None))
            rest = (until, reason, rest[2]) if until else None
        if rest:
            until, reason, branch = rest
            free = first_free_day(until, branch_settings(branch))
            if free > max(item.due_on, today):
                item = replace(item, not_before=free, rest_reason=reason)
        if item.channel not in NOT_ATTEMPTS and item.customer_id in unusable:
            item = replace(item, number_problem=unusable[item.customer_id] or NO_USABLE_NUMBER)
        out.append(item)
    return out


# Why a number cannot be called, as the importer stores it in customers.phone_problem (workbench.phones, the
# importer's store, the sample, an erasure): each sentence has its label in the catalogue and a stable code.
NO_USABLE_NUMBER = N_("no usable phone number")
STORED_NUMBER_PROBLEMS = {
    N_("no phone number"): "no_number",
    N_("no phone number in the extract"): "no_number",
    N_("no digits in the phone number"): "no_number",
    N_("written as a spreadsheet number in scientific notation; digits were lost"): "invalid_number",
    N_("not a phone number"): "invalid_number",
    N_("too few digits for a phone number"): "invalid_number",
    N_("too many digits for a phone number"): "invalid_number",
    N_("wrong number of digits for a phone number"): "invalid_number",
    N_("unknown country code"): "invalid_number",
    N_("a local landline number without its area code"): "invalid_number",
    N_("not a valid mainland mobile number"): "invalid_number",
    N_("not a valid phone number"): "invalid_number",
    N_("not a mainland mobile number in service (unallocated prefix)"): "invalid_number",
    N_("erased"): "erased",
    NO_USABLE_NUMBER: "invalid_number",
}
_LINE_RESULT_OF_LABEL = {english: code for code, english in LINE_RESULTS.items()}


def _marked_by_call(stored: str) -> str | None:
    """The line result code of a mark the log set (rules.BAD_NUMBER_PREFIX + its English label), else None."""
    return _LINE_RESULT_OF_LABEL.get(stored[len(BAD_NUMBER_PREFIX):]) if stored.startswith(BAD_NUMBER_PREFIX) else None


def number_problem(stored: str) -> tuple[str, str]:
    """(code, English sentence) of a stored phone_problem: the line result code of a mark a call set
    (no_such_number, suspended, wrong_person), no_number, erased, or invalid_number for anything else."""
    return _marked_by_call(stored) or STORED_NUMBER_PROBLEMS.get(stored, "invalid_number"), stored


def number_problem_label(stored: str, lang: str | None = None) -> str:
    """A stored phone_problem in the interface language: a call's mark by its line result's label, a known
    sentence through the catalogue, anything else as stored."""
    code = _marked_by_call(stored)
    if code is not None:
        return _("Last call result: {result}", lang).format(result=label(code, lang))
    return _(stored, lang) if stored in STORED_NUMBER_PROBLEMS else stored


def campaign_over_note(ends_on: date, lang: str | None = None) -> str:
    """The agenda's note on a notice of a campaign that has ended (FollowUp.campaign_over)."""
    return _("Campaign ended on {day}: no longer to be told; cancel it.", lang).format(day=ends_on.isoformat())


def inactive_note(lang: str | None = None) -> str:
    """The agenda's note on a follow-up whose customer the latest full extract left out."""
    return _("Not in the latest full extract (inactive): check before contacting.", lang)


def number_problem_note(stored: str, lang: str | None = None) -> str:
    """The agenda's note on a call, SMS or WeChat to a customer whose number is unusable."""
    return _("Number unusable ({problem}); a visit is still possible.", lang).format(
        problem=number_problem_label(stored, lang))


# Care touches -------------------------------------------------------------------------------

# The new-customer cadence: (purpose, first day, last day after opening, channel).
NEW_CUSTOMER_CADENCE = (
    ("welcome", 0, 6, "phone"),     # day 0: contact details, mobile banking (a few days' grace for late extracts)
    ("care_sms", 7, 14, "sms"),     # within two weeks: a care SMS that re-introduces the manager
    ("kyc", 15, 90, "phone"),       # within 90 days: a call to know the customer and recommend
)
# Keeping a woken customer awake: (purpose, first day, last day after they woke, channel). Woken is a
# logged "reactivated" outcome or a reactivation head office confirmed, whichever is later.
WOKEN_CADENCE = (
    ("woken_thanks", 1, 7, "sms"),        # within the week: thanks, and the manager's number again
    ("woken_check", 14, 30, "phone"),     # within the month: is all well, what else would help
    ("woken_review", 60, 90, "phone"),    # within three months: a review, a second product, before they drift
)
CARE_PURPOSES = ("birthday", "festival", "maturity", *(step[0] for step in (*NEW_CUSTOMER_CADENCE, *WOKEN_CADENCE)))
# Every purpose the agenda suggests besides campaigns, in the order a day's suggestions are listed: a warm
# lead's call is not a care touch (it is logged, never marked done in a batch) but is suggested like one.
SUGGESTED_PURPOSES = (leads.LEAD, *CARE_PURPOSES)
# What each care touch is, in words (translated at display).
CARE_STEPS = {
    "birthday": "birthday greeting",
    "festival": "festival greeting",
    "maturity": "maturity roll-over",
    "welcome": "welcome call",
    "care_sms": "care SMS",
    "kyc": "KYC call",
    "woken_thanks": "thank-you SMS",
    "woken_check": "check-in call",
    "woken_review": "review call",
    leads.LEAD: "warm lead call",
}
# The purposes that are codes (labelled in words, matched as codes); any other is a manager's own words.
PURPOSE_CODES = (*LINE_RESULTS, *BUSINESS_OUTCOMES, *CARE_STEPS)
def woken_on_sql(one_customer: bool = False) -> str:
    """A subquery of the day each customer woke since :first: their latest effective "reactivated" outcome or
    confirmed reactivation, as (customer_id, woken_on). one_customer: only :customer's, read through the
    outcomes_customer_at and reactivations_customer indexes (every customer's, grouped, scans both tables)."""
    outcome, reactivation = (" AND o.customer_id = :customer", " AND customer_id = :customer") if one_customer else ("", "")
    return f"""(SELECT customer_id, max(day) AS woken_on FROM (
    SELECT o.customer_id, substr(o.at, 1, 10) AS day FROM outcomes o
     WHERE o.business_outcome = 'reactivated' AND o.at >= :first{outcome} AND {EFFECTIVE_OUTCOME}
    UNION ALL
    SELECT customer_id, activity_on FROM reactivations WHERE activity_on >= :first{reactivation}
) GROUP BY customer_id)"""


@dataclass(frozen=True)
class Suggestion:
    customer_id: str
    customer_name: str
    owner_id: str
    kind: str            # birthday / maturity / welcome / care_sms / kyc (also the follow-up's purpose)
    due_on: date
    channel: str
    reason: str          # in the current language
    campaign_title: str | None = None   # a campaign's notice: its title
    in_time_by: date | None = None      # the last day the touch is still in time (a maturity's, a birthday's day)

    def purpose_text(self, lang: str | None = None) -> str:
        return purpose_label(self.kind, lang, title=self.campaign_title)

    def as_dict(self) -> dict:
        return {**self.__dict__, "due_on": self.due_on.isoformat(),
                "in_time_by": self.in_time_by.isoformat() if self.in_time_by else None}


def _next_birthday(birthday: str, today: date) -> date | None:
    try:
        born = date.fromisoformat(birthday)
    except ValueError:
        return None
    for year in (today.year, today.year + 1):
        day = min(born.day, monthrange(year, born.month)[1])  # 29 February -> 28 February
        candidate = date(year, born.month, day)
        if candidate >= today:
            return candidate
    return None


def care_suggestions(conn: sqlite3.Connection, owner_id: str, today: date, settings=None, *,
                     customer_id: str | None = None) -> list[Suggestion]:
    """Suggested care follow-ups for the owner's customers (or just customer_id), earliest first.

    Occasions: a birthday within care.birthday_lead_days (an SMS on the day); a festival within
    care.festival_lead_days of its eve, for customers at or above care.festival_min_tier (an SMS on
    the eve; festivals.occasions says which festivals share a greeting); a holding maturing
    within the longer of care.maturity_lead_days and segments.maturity_within_days (a roll-over
    call from today until the maturity day; one per customer, the earliest still in time); the
    new-customer cadence step whose window contains today (until the step's last day); for a
    customer woken in the last 90 days, the WOKEN_CADENCE step whose window contains today.

    A warm lead (workbench.leads) with nothing pending gets a call from today until their intent is
    leads.window_days old (one a window when tags alone make them warm), unless a warm-lead follow-up
    was given after the call that showed the intent.

    For each campaign of head office's running today (workbench.campaigns), a notice by the
    campaign's channel to the customers it targets, from today until its last day (or the customer's
    maturity, when that comes first and the campaign reaches them only as maturing_soon): at most
    care.campaign_at_once at a time and no more than the campaign's cap per manager (counting the
    customers already given a follow-up for it), the highest priority first.

    The contact rules decide as on the call list (rules.CALLABLE): nobody the list never shows
    (do-not-call, no consent, no usable number, not in the extract) gets a touch, and an SMS needs
    a mobile. While the rules block a customer on the touch's channel (a call: the retry delay, the
    contact budget; any: the rest after "not interested" or a complaint) a touch moves to the first
    day the block has ended by the close of the call window, and its reason says why; when that day
    is past the occasion (a greeting after the birthday, a roll-over call after the maturity) it is
    not suggested. A customer who already has a follow-up with that purpose for that occasion (in any
    status) is skipped.
    """
    if settings is None:
        settings = load_settings(conn, get_staff(conn, owner_id).branch_id)
    care = _Care(conn, owner_id, today, settings, customer_id, _care_followups(conn, owner_id, customer_id))
    out = [*_warm_leads(care), *_birthdays(care), *_festivals(care), *_maturities(care), *_cadence(care),
           *_woken(care), *_campaigns(care)]
    # Within a day and a kind, the one whose occasion is nearest first: a roll-over maturing on Sunday before
    # one due in a fortnight (all were due today, and came in customer-number order).
    out.sort(key=lambda s: (s.due_on, _care_rank(s.kind), s.in_time_by or date.max, s.customer_id))
    return out


def is_care(purpose: str | None) -> bool:
    """A care touch's purpose: one of CARE_PURPOSES, or one of head office's campaigns."""
    return purpose in CARE_PURPOSES or campaigns.campaign_id(purpose) is not None


def sent_in_batch(purpose: str | None, channel: str) -> bool:
    """A care touch sent as a message (SMS, WeChat), which may be marked done with the day's others once
    sent outside the workbench; a call, care or not, is logged on its card."""
    return is_care(purpose) and channel != "phone"


def _care_rank(kind: str) -> tuple[int, str]:
    """Suggestions in SUGGESTED_PURPOSES order, then campaigns by id."""
    return (SUGGESTED_PURPOSES.index(kind), "") if kind in SUGGESTED_PURPOSES else (len(SUGGESTED_PURPOSES), kind)


# Who may get a care touch by the close of :now: callable, and free of blocks then, or held by one calls made alone,
# which an SMS or WeChat may pass (_Care.touch works out the day the touch's channel allows).
_TOUCHABLE = (f"{CALLABLE} AND (s.blocked_until IS NULL OR s.blocked_until <= :now"
              f" OR s.block_reason IN ({', '.join(repr(reason) for reason in sorted(CALL_BLOCKS))}))")


@dataclass
class _Care:
    """What every kind of care touch is worked out from: the owner, the day, the settings, what exists."""

    conn: sqlite3.Connection
    owner_id: str
    today: date
    settings: dict
    customer_id: str | None
    taken: _Taken
    # customer -> what holds their messages where calls made the block stored (rules.blocks_on), read when first asked
    message_blocks: dict[str, tuple] = field(default_factory=dict)

    def rows(self, columns: str, where: str, last_day: date, *, join: str = "", order: str = "",
             selective: bool = False, **params):
        """The owner's customers the call list may show by the close of last_day, or whom only a block calls made
        keeps off it then (a message may go to them): (id, name, phone kind, blocked_until, block_reason, *columns).
        selective: `where` picks out few of the branch's customers, to be read first rather than all the owner's (the
        unary + keeps SQLite off the manager index)."""
        # One customer is looked up by key: an OR with the owner's rows would read them all.
        one = "" if self.customer_id is None else " AND c.customer_id = :customer"
        owner = "+c.manager_id" if selective else "c.manager_id"
        sql = (f"SELECT c.customer_id, c.name, c.phone_kind, s.blocked_until, s.block_reason, {columns}"
               f" FROM customers c LEFT JOIN contact_state s ON s.customer_id = c.customer_id {join}"
               f" WHERE {owner} = :owner{one} AND {_TOUCHABLE} AND {where} {order}")
        return self.conn.execute(sql, {"owner": self.owner_id, "customer": self.customer_id,
                                       "now": window_close(last_day, self.settings), **params})

    def by_priority(self, columns: str, where: str, last_day: date, **params):
        """rows(), the highest priority first and the unscored last, each by customer number."""
        # Two passes, so the scored rows stream in the call list index's order and a caller that stops
        # early sorts nothing (one ORDER BY over both sorted all the owner's rows first: 16 ms against
        # 0.5 ms for 60 rows of 32k in the 200k sample).
        yield from self.rows(columns, f"{where} AND c.priority IS NOT NULL", last_day,
                             order="ORDER BY c.priority DESC, c.customer_id", **params)
        yield from self.rows(columns, f"{where} AND c.priority IS NULL", last_day, order="ORDER BY c.customer_id", **params)

    def touch(self, row, kind: str, natural: date, last: date, channel: str, reason: str) -> Suggestion | None:
        """The touch on its natural day, or on the first day the customer's block allows if that is by `last`."""
        cid, name, phone_kind, blocked_until, block_reason = row[:5]
        if channel == "sms" and phone_kind != "mobile":   # a text to a landline never arrives
            return None
        if blocked_until is not None and not holds(block_reason, channel):
            if cid not in self.message_blocks:
                self.message_blocks[cid] = blocks_on(self.conn, [cid], channel).get(cid, (None, None))
            blocked_until, block_reason = self.message_blocks[cid]
        free = first_free_day(blocked_until, self.settings)
        day = natural if free is None else max(natural, free)
        if day > last:
            return None
        if day > natural:   # two sentences: Chinese sets none of the space English puts between them
            reason = _("{sentence} {next}").format(sentence=reason, next=rest_note(day, block_reason))
        return Suggestion(cid, name, self.owner_id, kind, day, channel, reason, in_time_by=last)


def _warm_leads(care: _Care):
    """A call to each warm lead with nothing pending (see care_suggestions and workbench.leads)."""
    days = int(care.settings["leads.window_days"])
    where, params = leads.candidates(care.today, care.settings)
    # The customers called in the window are few, unless tags alone can make a lead (then any customer may be).
    for row in care.rows(leads.COLUMNS, where, care.today + timedelta(days=days), join=leads.LATEST_REACHED,
                         selective=not leads.tags_alone_can_warm(care.settings), **params):
        lead = leads.score_columns(row[5:], care.settings)
        if not lead.warm(care.settings):
            continue
        # After the call that showed the intent (a follow-up due that day led to it), or within the window.
        since = lead.intent_on + timedelta(days=1) if lead.intent_on else care.today - timedelta(days=days)
        if care.taken.any(row[0], leads.LEAD, since, None):
            continue
        last = (lead.intent_on or care.today) + timedelta(days=days)
        if suggestion := care.touch(row, leads.LEAD, care.today, last, "phone", lead.reason()):
            yield suggestion


def _birthdays(care: _Care):
    """A greeting SMS on the birthday, from care.birthday_lead_days before it."""
    lead = timedelta(days=care.settings["care.birthday_lead_days"])
    # Only birthdays whose month and day fall in the window are read (74 ms -> 18 ms over 32k customers).
    days = set()
    for day in (care.today + timedelta(days=n) for n in range(lead.days + 1)):
        days.add(day.strftime("%m-%d"))
        if (day.month, day.day) == (2, 28) and not isleap(day.year):
            days.add("02-29")   # greeted on 28 February in a common year
    for row in care.rows("c.birthday", "substr(c.birthday, 6, 5) IN (SELECT value FROM json_each(:birthdays))",
                         care.today + lead, birthdays=json.dumps(sorted(days))):
        day = _next_birthday(row[5], care.today)
        if not day or day - care.today > lead or care.taken.any(row[0], "birthday", day - lead, day):
            continue
        # In the card's words (segments.reason: 今天生日, 3天后生日), as a sentence; the row shows the day itself.
        from workbench.segments import days_phrase

        reason = days_phrase((day - care.today).days, "Birthday today.", "Birthday tomorrow.",
                             "Birthday in {days} days.", None)
        if suggestion := care.touch(row, "birthday", day, day, "sms", reason):
            yield suggestion


def _festivals(care: _Care):
    """A greeting SMS on the eve of each festival (or of the first of festivals that share a greeting),
    from care.festival_lead_days before the eve until the festival, for the customers at or above
    care.festival_min_tier; a festival for the elderly (festivals.ELDERS_ONLY) only for those
    care.festival_elder_age or older."""
    settings = care.settings
    lead = settings["care.festival_lead_days"]
    found = festivals.occasions(care.today, care.today + timedelta(days=lead + 1))
    if not found:
        return
    lines = settings["tiers.lines_fen"]
    min_tier = min(max(settings["care.festival_min_tier"], 0), len(lines))
    for occasion in found:
        eve = max(occasion.first - timedelta(days=1), care.today)
        for row in care.rows("c.birthday", "c.aum_fen >= :line", occasion.first,
                             line=lines[min_tier - 1] if min_tier else 0):
            keys = festivals.greeted(occasion, _age_on(row[5], occasion.first) >= settings["care.festival_elder_age"])
            # This occasion's greeting is due from its eve; the one before is due by its own first festival,
            # at least TOGETHER_DAYS + 1 days earlier, so a window of TOGETHER_DAYS never takes it for this one.
            if not keys or care.taken.any(row[0], "festival", occasion.first - timedelta(days=festivals.TOGETHER_DAYS),
                                          occasion.last):
                continue
            reason = _("Greeting for {festival} on {day}.").format(
                festival=festivals.names(keys), day=occasion.days[occasion.keys.index(keys[0])].isoformat())
            if suggestion := care.touch(row, "festival", eve, occasion.first, "sms", reason):
                yield suggestion


def _age_on(birthday: str | None, day: date) -> int:
    """Whole years from birthday to day; -1 without a usable birthday."""
    try:
        born = date.fromisoformat(birthday or "")
    except ValueError:
        return -1
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def maturity_horizon_days(settings) -> int:
    """How many days ahead a maturity makes a roll-over call timely: the longer of care.maturity_lead_days and
    segments.maturity_within_days. The agenda suggests the call in it, and the card offers the roll-over script
    in it (workbench.scripts), never a year ahead."""
    return max(int(settings["care.maturity_lead_days"]), int(settings["segments.maturity_within_days"]))


def _maturities(care: _Care):
    """A roll-over call for each customer's earliest holding that can still be reached by its maturity day.

    Each maturity day gets its own call: a maturity follow-up counts for a holding when it is due in the holding's
    window after the customer's previous maturity (a call due by that day was that holding's), and a later holding's
    call is suggested from the day after the earlier one matures, so one call is never taken for two holdings."""
    horizon = timedelta(days=maturity_horizon_days(care.settings))
    # The customer's latest maturity before this holding's, if any (it may have passed).
    previous = ("(SELECT max(p.maturity_on) FROM holdings p"
                " WHERE p.customer_id = h.customer_id AND p.maturity_on < h.maturity_on)")
    seen = set()
    for row in care.rows(f"h.product_name, h.product_type, h.maturity_on, {previous}",
                         "h.maturity_on BETWEEN :today AND :until",
                         care.today + horizon, join="JOIN holdings h ON h.customer_id = c.customer_id",
                         order="ORDER BY h.maturity_on, c.customer_id",
                         today=care.today.isoformat(), until=(care.today + horizon).isoformat()):
        cid, product, kind, maturity, before = row[0], *row[5:]
        day = date.fromisoformat(maturity)
        after = date.fromisoformat(before) + timedelta(days=1) if before else date.min
        if cid in seen or care.taken.any(cid, "maturity", max(day - horizon, after), day):
            continue
        reason = _("{product} matures on {day}: offer the roll-over.").format(product=product or kind, day=maturity)
        if suggestion := care.touch(row, "maturity", max(care.today, after), day, "phone", reason):
            seen.add(cid)
            yield suggestion


def _cadence(care: _Care):
    """The new-customer cadence step whose window contains today, until the step's last day."""
    last_day = min(care.settings["segments.new_customer_days"], NEW_CUSTOMER_CADENCE[-1][2])
    for row in care.rows("c.opened_on", "c.opened_on BETWEEN :first AND :today", care.today + timedelta(days=last_day),
                         first=(care.today - timedelta(days=last_day)).isoformat(), today=care.today.isoformat()):
        yield from _steps(care, row, NEW_CUSTOMER_CADENCE, last_day, _("New customer since {day}: {step}."))


def _woken(care: _Care):
    """The step of WOKEN_CADENCE whose window contains today, counted from the day the customer woke."""
    last_day = WOKEN_CADENCE[-1][2]
    for row in care.rows("w.woken_on", "w.woken_on <= :today", care.today + timedelta(days=last_day),
                         join=f"JOIN {woken_on_sql(care.customer_id is not None)} w ON w.customer_id = c.customer_id",
                         first=(care.today - timedelta(days=last_day)).isoformat(), today=care.today.isoformat()):
        yield from _steps(care, row, WOKEN_CADENCE, last_day, _("Woken on {day}: {step}."))


def _steps(care: _Care, row, cadence: tuple, last_day: int, reason: str):
    """The step of a cadence counted from row's day (its sixth column) whose window contains today,
    unless a follow-up for it exists since that day; reason is the translated sentence for it."""
    since = date.fromisoformat(row[5])
    age = (care.today - since).days
    for purpose, first, last, channel in cadence:
        end = min(last, last_day)
        if not first <= age <= end or care.taken.any(row[0], purpose, since, None):
            continue
        words = reason.format(day=row[5], step=_(CARE_STEPS[purpose]))
        if suggestion := care.touch(row, purpose, care.today, since + timedelta(days=end), channel, words):
            yield suggestion


# The columns _campaigns reads of each customer: the birthday (the age) and what _last_told needs.
_CAMPAIGN_COLUMNS = "c.birthday, coalesce(c.segment, '') || ',' || coalesce(c.segments, ''), c.next_maturity_on"


def _campaigns(care: _Care):
    """A notice of each running campaign to the owner's customers it targets (see care_suggestions)."""
    for campaign in campaigns.stored(care.conn, running_on=care.today):
        purpose, picked, ranking = campaign.purpose, [], care
        where, params = campaigns.targeting(campaign)
        if care.customer_id is not None:
            # The ranking is over all the owner's customers, so only one the campaign targets needs it.
            if next(care.rows("c.birthday", where, campaign.ends_on, **params), None) is None:
                continue
            ranking = replace(care, customer_id=None, taken=_care_followups(care.conn, care.owner_id, purpose=purpose))
        room = care.settings["care.campaign_at_once"]
        if campaign.per_manager:
            room = min(room, campaign.per_manager - ranking.taken.count(purpose))
        title = campaign.title_in(get_language())   # the suggestion's words are in the current language
        for row in ranking.by_priority(_CAMPAIGN_COLUMNS, where, campaign.ends_on, **params):
            if len(picked) >= room:
                break
            if ranking.taken.any(row[0], purpose, date.min, None) or not campaign.fits_age(_age_on(row[5], care.today)):
                continue
            last = _last_told(campaign, row[6], row[7])
            reason = (_("{campaign}, until {day}.") if last == campaign.ends_on else
                      _("{campaign}, until {day}, the day the holding matures.")).format(
                campaign=title, day=last.isoformat())
            if suggestion := care.touch(row, purpose, care.today, last, campaign.channel, reason):
                picked.append(replace(suggestion, campaign_title=title))
        yield from (s for s in picked if care.customer_id in (None, s.customer_id))


def _last_told(campaign: campaigns.Campaign, segments_listed: str, maturity: str | None) -> date:
    """The last day a customer can be told of a campaign: its own last day, or, when it reaches them only as
    maturing_soon, their next maturity if that comes first. A notice of a deposit about to mature reads wrong once it
    has, and the customer is no longer the one it targets: the roll-over call ends there too (_maturities)."""
    reached_by = set(campaign.segments) & set(segments_listed.split(","))
    if reached_by != {"maturing_soon"} or not maturity:
        return campaign.ends_on
    return min(campaign.ends_on, date.fromisoformat(maturity))


def purpose_label(purpose: str | None, lang: str | None = None, *, title: str | None = None) -> str:
    """A follow-up's purpose in words, as it may be drawn: care touches and outcome codes get their label, a
    campaign its title (its code when the title is not known here), free text stays; typed text (free words, a
    title, a code) with its escape sequences and invisible characters made visible (shown_name), as a name's are:
    it may come from another desk's bundle."""
    if purpose in CARE_STEPS:
        return _(CARE_STEPS[purpose], lang)
    if (code := campaigns.campaign_id(purpose)) is not None:
        if title:
            return _("campaign “{title}”", lang).format(title=shown_name(title))
        return _("campaign {code}", lang).format(code=shown_name(code))
    return shown_name(label(purpose, lang))


class _Taken:
    """The care follow-ups that already exist: (customer, purpose) -> due dates."""

    def __init__(self, rows):
        self._by = {}
        for cid, purpose, due_on in rows:
            self._by.setdefault((cid, purpose), []).append(date.fromisoformat(due_on))

    def any(self, customer_id: str, purpose: str, start: date, end: date | None) -> bool:
        return any(start <= d and (end is None or d <= end) for d in self._by.get((customer_id, purpose), ()))

    def count(self, purpose: str) -> int:
        """How many customers have a follow-up with this purpose."""
        return sum(1 for (_cid, p) in self._by if p == purpose)


def _care_followups(conn: sqlite3.Connection, owner_id: str, customer_id: str | None = None, *,
                    purpose: str | None = None) -> _Taken:
    """The care follow-ups of the owner's customers (or of customer_id alone), in any status; only those
    with `purpose` when it is given."""
    if purpose is not None:
        which, params = "f.purpose = ?", (purpose,)
    else:
        marks = ", ".join("?" for _p in SUGGESTED_PURPOSES)
        which, params = f"(f.purpose IN ({marks}) OR {campaigns.names_campaign('f.purpose')})", SUGGESTED_PURPOSES
    one = "" if customer_id is None else " AND f.customer_id = ?"
    # Read from the follow-ups (+ keeps the planner off the manager index): the branch's follow-ups are
    # far fewer than a manager's customers (200k sample: 0.4 ms against 14.7 ms through the customers).
    return _Taken(conn.execute(
        f"SELECT f.customer_id, f.purpose, f.due_on FROM followups f JOIN customers c ON c.customer_id = f.customer_id"
        f" WHERE +c.manager_id = ?{one} AND {which}",
        (owner_id, *([customer_id] if customer_id is not None else []), *params),
    ))


def accept_suggestion(conn: sqlite3.Connection, suggestion: Suggestion, *, at: datetime, by_id: str | None = None) -> str:
    """Turn a care suggestion into a follow-up owned by the customer's manager; returns its id.

    The suggestion is worked out again as of `at` in the same transaction, so the follow-up gets the
    day the contact rules allow now, and one they no longer allow (or one already accepted) is refused.
    """
    with write_transaction(conn):
        current = [s for s in care_suggestions(conn, suggestion.owner_id, at.date(), customer_id=suggestion.customer_id)
                   if s.kind == suggestion.kind]
        if not current:
            raise WorkbenchError(fill(_("The {step} for {name} is no longer suggested: the contact rules or the number"
                                        " do not allow it now, or a follow-up already covers it."),
                                      step=suggestion.purpose_text(),
                                      name=suggestion.customer_name or suggestion.customer_id))
        return _schedule_suggested(conn, current[0], at, by_id)


def accept_suggestions(conn: sqlite3.Connection, suggestions: list[Suggestion], *, at: datetime,
                       by_id: str | None = None) -> tuple[list[str], int]:
    """Accept several suggestions at once, in one transaction: (the new follow-ups' ids, how many were left).

    Each is worked out again as of `at`, as accept_suggestion does; one no longer suggested (the rules
    refuse it now, or a follow-up covers it already) is left, not refused as a whole.
    """
    with write_transaction(conn):
        current = {(s.customer_id, s.kind): s for owner in sorted({s.owner_id for s in suggestions})
                   for s in care_suggestions(conn, owner, at.date())}
        ids = [_schedule_suggested(conn, now, at, by_id) for s in suggestions
               if (now := current.pop((s.customer_id, s.kind), None)) is not None]
    return ids, len(suggestions) - len(ids)


def _schedule_suggested(conn: sqlite3.Connection, suggestion: Suggestion, at: datetime, by_id: str | None) -> str:
    """The follow-up for a suggestion as worked out now, owned by the customer's manager."""
    return schedule(
        conn, customer_id=suggestion.customer_id, owner_id=suggestion.owner_id, due_on=suggestion.due_on, at=at,
        channel=suggestion.channel, purpose=suggestion.kind, by_id=by_id or suggestion.owner_id,
    )
