"""The contact rules: when a customer may next be called, derived from the outcome log alone.

``refresh_contact_state`` folds each customer's effective outcome entries (those no later entry
supersedes) into one ``contact_state`` row, and applies the two rules that change the customer
record itself:

* a do-not-call request sets ``customers.do_not_call = 1`` with ``do_not_call_source = 'outcome'``;
  when corrections leave no effective do-not-call entry, a flag the log set is lifted again (one from
  head office's extract, an erasure or of unknown origin never is);
* when the latest phone call ended in "suspended", "number does not exist" or "wrong person", the
  number is marked unusable (``phone_valid = 0``, ``phone_problem`` = "Last call result: ..."),
  unless an extract changed the number after that call (``phone_changed_at``);
  a correction of that entry, or a later successful call, lifts the mark again.

Because these depend only on the log, a terminal that imports another terminal's entries and
refreshes those customers reaches the same state. The contact budget and the retry delay count calls
(CALLS) only: a visit, and an SMS or WeChat message logged here or marked sent from the agenda's batch
(which logs no contact), are no attempts. The budget counts the calls made since the customer last asked
for the next contact (ASKED_FOR_MORE), so a callback they asked for is never refused by it; the attempt days stored
for the list and the scoring (recent_attempt_days, the priority's penalty) are those of the same calls.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import groupby
from typing import Any

from workbench import campaigns
from workbench.codes import LINE_RESULTS, UNREACHABLE_NUMBER
from workbench.i18n import N_, gettext
from workbench.privacy import ERASED_CUSTOMERS
from workbench.settings import load_settings, settings_by_branch
from workbench.txn import write_transaction

RETRY_RESULTS = frozenset({"no_answer", "busy", "phone_off"})
# Channels the contact rules never block (a visit may be planned any day); see CALLS for what they count.
NOT_ATTEMPTS = frozenset({"visit"})
# The contacts the contact budget and the retry delay count, and the list's "attempts in the last N days" (those since
# the customer's latest request, as the budget counts them): calls. A message is no call, whether logged or marked
# sent with the agenda's batch, which logs no contact: the same SMS must not use up a week's calls on one path and
# nothing on the other.
CALLS = frozenset({"phone"})
# Outcomes in which the customer asks for the next contact (call back later, interested, an appointment: the signs of
# intent warm leads score). The budget counts the calls since the latest, so what they asked for is not refused.
ASKED_FOR_MORE = frozenset({"call_back", "interested", "appointment"})
COOLOFFS = {
    "not_interested": ("contact.cooloff_not_interested_days", "cooloff_not_interested"),
    "complaint": ("contact.cooloff_complaint_days", "cooloff_complaint"),
}
# Every contact_state.block_reason, in the order they are named: the short blocks, then the rests.
BLOCK_REASONS = ("retry", "budget", *(reason for _key, reason in COOLOFFS.values()))
# The blocks calls make (the retry delay, the contact budget) hold calls alone: a manager who may not ring a customer
# again this week may still send the care SMS. The rests after "not interested" or a complaint hold every channel.
CALL_BLOCKS = frozenset({"retry", "budget"})
# The contact rule behind each block reason, in words (translated at display).
BLOCK_RULES = {
    "retry": "retry delay",
    "budget": "contact budget",
    "cooloff_not_interested": "rest after 'not interested'",
    "cooloff_complaint": "rest after a complaint",
}
# Why a customer rests, by block reason (BLOCK_RULES' keys), as the call list says it: resting_parts counts them
# ("{n} not interested"), off_list_why says until when ("resting: not interested until …").
RESTING_LABELS = {
    "retry": N_("retry later"),
    "budget": N_("at the attempt limit"),
    "cooloff_not_interested": N_("not interested"),
    "cooloff_complaint": N_("complained"),
}
BAD_NUMBER_PREFIX = "Last call result: "
# Who may ever be called (SQL over customers c): the call list, the scoring and the care touches share it; no block
# on marketing, and a number to ring of a customer still in head office's extract.
_MARKETABLE = "c.do_not_call = 0 AND c.consent = 1"
_REACHABLE = "c.phone_valid = 1 AND c.active = 1"
CALLABLE = f"{_MARKETABLE} AND {_REACHABLE}"


def marketing_block_sql(customer_id: str = "c.customer_id") -> str:
    """What forbids marketing to a customer, the first that applies (SQL over customers c, NULL: nothing): 'erased'
    (erased here, or named by an erasure entry held here: privacy.ERASED_CUSTOMERS), 'do_not_call', 'no_consent'.
    customer_id: the customer's id where c may be missing (one an erasure entry alone names is erased all the same).
    Booking (followups.marketing_block), the cancelling of what a block forbids and the call list's reasons read it."""
    return f"""CASE
    WHEN {customer_id} IN ({ERASED_CUSTOMERS}) THEN 'erased'
    WHEN c.do_not_call != 0 THEN 'do_not_call'
    WHEN c.consent = 0 THEN 'no_consent'
END"""


MARKETING_BLOCK = marketing_block_sql()
# SQL true when a block on the customer forbids the follow-up f: a call, SMS or WeChat, or a campaign's notice (any
# other visit stays for a customer on do-not-call or without consent; nothing stays for the erased). Never NULL, so
# that NOT of it holds for a visit without a purpose.
FORBIDDEN_WHEN_BLOCKED = f"(f.channel != 'visit' OR f.purpose IS NOT NULL AND {campaigns.names_campaign('f.purpose')})"


def callable_for(visit: str) -> str:
    """Who may be on the call list (SQL over customers c): the CALLABLE, and, where `visit` (SQL) is true, that is for
    a due visit no block forbids (not FORBIDDEN_WHEN_BLOCKED), one on do-not-call or without marketing consent whom
    nothing else keeps off: the manager booked that visit, and every cancel kept it, on purpose."""
    return f"{_REACHABLE} AND ({_MARKETABLE} OR ({visit}) AND {MARKETING_BLOCK} IN ('do_not_call', 'no_consent'))"


def block_rule(reason: str, lang: str | None = None) -> str:
    """The contact rule behind a block reason in words ('retry delay'); one the table does not know, as stored."""
    return gettext(BLOCK_RULES.get(reason, reason), lang)


def resting_label(reason: str | None, lang: str | None = None) -> str:
    """Why a customer rests in words ('not interested'); a block reason the table does not know is 'other'."""
    return gettext(RESTING_LABELS.get(reason, N_("other")), lang)


# Two corrections of one entry (made on two desks before they exchanged bundles): the later by recorded time, then by
# terminal id, then by outcome id wins, as follow-up events are folded (db/followups.py); the other reads as corrected
# by it. CORRECTION_RANK orders corrections, the winner last (SQL over outcomes {a}).
CORRECTION_RANK = "({a}.recorded_at, {a}.terminal_id, {a}.outcome_id)"
# Corrections s of one entry, the one in effect first.
WINNER_FIRST = "s.recorded_at DESC, s.terminal_id DESC, s.outcome_id DESC"
# Correction s of the same entry as o, ranked after it (SQL over outcomes o and s).
OUTRANKED_BY = ("o.supersedes IS NOT NULL AND s.supersedes = o.supersedes AND " + CORRECTION_RANK.format(a="s")
                + " > " + CORRECTION_RANK.format(a="o"))
# Outcome o is in effect: no correction supersedes it, and no other correction of the entry it corrects outranks it
# (SQL over outcomes o).
EFFECTIVE_OUTCOME = ("(NOT EXISTS (SELECT 1 FROM outcomes s WHERE s.supersedes = o.outcome_id)"
                     " AND NOT EXISTS (SELECT 1 FROM outcomes s WHERE " + OUTRANKED_BY + "))")
# The entry that corrects outcome o: the winner of the corrections of o, else the correction that outranks o (SQL over
# outcomes o; NULL for an entry in effect).
CORRECTED_BY = ("COALESCE((SELECT s.outcome_id FROM outcomes s WHERE s.supersedes = o.outcome_id ORDER BY "
                + WINNER_FIRST + " LIMIT 1), (SELECT s.outcome_id FROM outcomes s WHERE " + OUTRANKED_BY
                + " ORDER BY " + WINNER_FIRST + " LIMIT 1))")

# Effective entries, oldest first per customer.
_EFFECTIVE_SQL = """
SELECT o.customer_id, o.at, o.channel, o.line_result, o.business_outcome
FROM outcomes o
WHERE {where} """ + EFFECTIVE_OUTCOME + """
ORDER BY o.customer_id, o.at, o.recorded_at, o.outcome_id
"""
_IDS_FILTER = "o.customer_id IN (SELECT value FROM json_each(?)) AND"


@dataclass(frozen=True)
class Entry:
    """One contact in effect, as the rules fold it."""

    at: datetime
    channel: str
    line_result: str
    business_outcome: str | None


@dataclass(frozen=True)
class ContactState:
    """A customer's block as contact_state holds it (blocked_until, a BLOCK_RULES key; none: no block), and the
    contacts in effect it was folded from (oldest first) when they were read, to fold in one about to be logged."""

    blocked_until: str | None = None
    block_reason: str | None = None
    entries: tuple[Entry, ...] = ()

    def after(self, contact: Entry, settings: Mapping[str, Any]) -> ContactState:
        """The state once `contact` is logged too, as refresh_contact_state folds it (it is the latest recorded)."""
        entries = tuple(sorted((*self.entries, contact), key=lambda entry: entry.at))
        state = contact_state_for(list(entries), settings)
        return ContactState(state["blocked_until"], state["block_reason"], entries)

    def on(self, channel: str, settings: Mapping[str, Any]) -> ContactState:
        """The block that holds a contact by `channel` (block_on): the stored one, unless calls made it and the channel
        is a message, whose block is then folded from the entries (the state must have been read with them)."""
        if holds(self.block_reason, channel):
            return self
        return ContactState(*block_on(list(self.entries), settings, channel), self.entries)


def holds(block_reason: str | None, channel: str) -> bool:
    """Whether a block for this reason holds a contact by `channel`: a call any, a message a rest (CALL_BLOCKS), a
    visit none (no reason: nothing to hold)."""
    return channel not in NOT_ATTEMPTS and (channel in CALLS or block_reason not in CALL_BLOCKS)


def read_contact_state(conn: sqlite3.Connection, customer_id: str, *, entries: bool = False) -> ContactState:
    """The customer's stored block; entries: their contacts in effect too (one indexed read), for ContactState.after."""
    row = conn.execute("SELECT blocked_until, block_reason FROM contact_state WHERE customer_id = ?",
                       (customer_id,)).fetchone()
    contacts = ()
    if entries:
        rows = conn.execute(_EFFECTIVE_SQL.format(where=_IDS_FILTER), (json.dumps([customer_id]),))
        contacts = tuple(Entry(datetime.fromisoformat(at), *rest) for _id, at, *rest in rows)
    return ContactState(*(row or (None, None)), contacts)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _clock(text: str) -> time:
    return time.fromisoformat(text)


def in_call_window(now: datetime, settings: Mapping[str, Any]) -> bool:
    """True when now falls inside the branch's call window [start, end)."""
    start = _clock(settings["contact.window_start"])
    end = _clock(settings["contact.window_end"])
    return start <= now.time() < end


def window_close(day: date, settings: Mapping[str, Any]) -> str:
    """The end of the call window on `day`, written as contact_state.blocked_until is."""
    return datetime.combine(day, _clock(settings["contact.window_end"])).isoformat(timespec="seconds")


def first_free_day(blocked_until: str | None, settings: Mapping[str, Any]) -> date | None:
    """The first day on which a block has ended by the close of the call window (None: no block)."""
    if blocked_until is None:
        return None
    day = date.fromisoformat(blocked_until[:10])
    return day if blocked_until <= window_close(day, settings) else day + timedelta(days=1)


def contact_state_for(entries: list[Entry], settings: Mapping[str, Any]) -> dict[str, Any]:
    """One customer's contact_state columns from their effective entries (oldest first): the block stored is the
    latest of all, the one that holds a call (block_on)."""
    last = entries[-1]
    calls = [e for e in entries if e.channel in CALLS]
    reached = [e for e in entries if e.line_result == "reached"]
    with_outcome = [e for e in entries if e.business_outcome]
    recent_days = None
    if calls:
        since_asked = _since_asked(calls, reached)
        # Every call the list and the scoring may count from the last one's day on (each counts in its own window): the
        # attempts the budget counts, since the customer last asked for the next contact, so that the priority's
        # penalty for them agrees with it.
        first_day = calls[-1].at.date() - timedelta(days=settings["contact.budget_days"])
        recent_days = json.dumps([a.at.date().isoformat() for a in since_asked if a.at.date() >= first_day])
    until, reason = block_on(entries, settings, "phone")
    return {
        "last_contact_at": _iso(last.at),
        "last_reached_at": _iso(reached[-1].at) if reached else None,
        "last_line_result": last.line_result,
        "last_outcome": with_outcome[-1].business_outcome if with_outcome else None,
        "contacts_total": len(entries),
        "recent_attempt_days": recent_days,
        "blocked_until": until,
        "block_reason": reason,
    }


def _since_asked(calls: list[Entry], reached: list[Entry]) -> list[Entry]:
    """The calls made since the customer last asked for the next contact (ASKED_FOR_MORE), all when never."""
    asked = [e.at for e in reached if e.business_outcome in ASKED_FOR_MORE]
    return [e for e in calls if not asked or e.at > asked[-1]]


def block_on(entries: list[Entry], settings: Mapping[str, Any], channel: str) -> tuple[str | None, str | None]:
    """The block the effective entries (oldest first) make on a contact by `channel`, as contact_state holds one
    (blocked_until, block_reason; None, None: none): the latest of those that hold it (holds)."""
    blocks: list[tuple[datetime, str]] = []
    calls = [e for e in entries if e.channel in CALLS]
    if calls:
        since_asked = _since_asked(calls, [e for e in entries if e.line_result == "reached"])
        blocks.extend(_budget_block(since_asked, settings))
        blocks.extend(_retry_block(since_asked, settings))
    with_outcome = [e for e in entries if e.business_outcome]
    if with_outcome and with_outcome[-1].business_outcome in COOLOFFS:
        key, reason = COOLOFFS[with_outcome[-1].business_outcome]
        blocks.append((with_outcome[-1].at + timedelta(days=settings[key]), reason))
    held = [block for block in blocks if holds(block[1], channel)]
    until, reason = max(held) if held else (None, None)
    return _iso(until), reason


def _budget_block(attempts: list[Entry], settings: Mapping[str, Any]) -> list[tuple[datetime, str]]:
    """At most N attempts in D days: after the Nth, wait until the oldest of the last N is D days old."""
    n = settings["contact.budget_attempts"]
    days = timedelta(days=settings["contact.budget_days"])
    if n <= 0 or len(attempts) < n:
        return []
    oldest = attempts[-n].at
    if oldest + days <= attempts[-1].at:
        return []
    return [(oldest + days, "budget")]


def _retry_block(attempts: list[Entry], settings: Mapping[str, Any]) -> list[tuple[datetime, str]]:
    """No answer, busy or phone off: retry after some hours; after a second such attempt that day, tomorrow."""
    if not attempts or attempts[-1].line_result not in RETRY_RESULTS:
        return []
    last = attempts[-1]
    same_day = 0
    for entry in reversed(attempts):
        if entry.at.date() != last.at.date() or entry.line_result not in RETRY_RESULTS:
            break
        same_day += 1
    if same_day == 1:
        return [(last.at + timedelta(hours=settings["contact.retry_no_answer_hours"]), "retry")]
    start = _clock(settings["contact.window_start"])
    return [(datetime.combine(last.at.date() + timedelta(days=1), start), "retry")]


def _folded(rows: Iterable[tuple], settings_for: Callable[[tuple], Mapping[str, Any]]
            ) -> Iterator[tuple[str, list[Entry], dict[str, Any]]]:
    """Each customer's effective entries and the state they fold to (contact_state_for): rows hold the customer first
    and an entry's at, channel, line_result and business_outcome last, oldest first per customer; the settings are
    settings_for(the customer's first row). The one fold of refresh_contact_state and recheck_blocks."""
    for customer_id, group in groupby(rows, key=lambda r: r[0]):
        held = list(group)
        entries = [Entry(datetime.fromisoformat(r[-4]), *r[-3:]) for r in held]
        yield customer_id, entries, contact_state_for(entries, settings_for(held[0]))


def refresh_contact_state(
    conn: sqlite3.Connection,
    customer_ids: Iterable[str] | None,
    settings: Mapping[str, Any] | None = None,
) -> list[str]:
    """Recompute contact_state (and the do-not-call / bad-number marks) for these customers (all when None).

    settings applies to every customer when given; otherwise each customer's branch settings.
    One set-based read of the log and one pass in Python, so thousands of ids take milliseconds.
    Returns the customers whose do-not-call flag was lifted, for the caller to audit with its own
    time and actor.
    """
    ids = None if customer_ids is None else list(dict.fromkeys(customer_ids))
    if ids == []:
        return []
    ids_json = json.dumps(ids) if ids is not None else None
    with write_transaction(conn):
        customers = _customer_facts(conn, ids_json)
        branch_settings = settings_by_branch(conn)
        states, dnc, bad, good, forget = [], [], [], [], []
        sql = _EFFECTIVE_SQL.format(where=_IDS_FILTER if ids is not None else "")
        cursor = conn.execute(sql, (ids_json,) if ids is not None else ())

        def settings_for(row: tuple) -> Mapping[str, Any]:
            facts = customers.get(row[0])
            return settings if settings is not None else branch_settings(facts[0] if facts else None)

        for customer_id, entries, state in _folded(cursor, settings_for):
            state["customer_id"] = customer_id
            states.append(state)
            facts = customers.get(customer_id)
            if facts is None:
                continue
            _do_not_call_mark(customer_id, entries, facts, dnc)
            _phone_mark(customer_id, entries, facts, bad, good, forget)
        _write(conn, ids_json, states, dnc, bad, good, forget)
    return [customer_id for flag, _source, customer_id in dnc if not flag]


# The settings contact_state_for reads: a change to one changes the stored blocks (contact.window_end is read where
# a block is shown, not where it is worked out).
FOLD_SETTINGS = frozenset({"contact.budget_attempts", "contact.budget_days", "contact.retry_no_answer_hours",
                           "contact.window_start", *(key for key, _reason in COOLOFFS.values())})

# Effective entries of the customers with a stored state whom {where} (SQL over s, their contact_state, and c, their
# customers row, NULL for one not held) selects, each with the customer's branch, oldest first per customer.
_RECHECK_SQL = """
SELECT o.customer_id, c.branch_id, o.at, o.channel, o.line_result, o.business_outcome
FROM contact_state s LEFT JOIN customers c ON c.customer_id = s.customer_id
JOIN outcomes o ON o.customer_id = s.customer_id
WHERE ({where}) AND """ + EFFECTIVE_OUTCOME + """
ORDER BY o.customer_id, o.at, o.recorded_at, o.outcome_id
"""


def recheck_blocks(conn: sqlite3.Connection, where: str = "true", params: Mapping[str, Any] | tuple = (), *,
                   told: Callable[[int], None] | None = None) -> int:
    """Fold again, under the settings of each one's branch as they are now, the stored blocks of the customers with
    one whom `where` (SQL over s, contact_state, and c, customers) selects: after a change of their branch, or of a
    setting in FOLD_SETTINGS they are read at, so that the call list, which reads the stored block, and `log`, which
    applies the rules afresh, agree. Only the blocks and the attempt days the list counts depend on the settings, so
    only they are written. told, if given, hears how many customers that is before the fold begins. Inside the
    caller's transaction; returns how many customers were folded."""
    if told is not None:
        told(conn.execute(f"SELECT count(*) FROM contact_state s LEFT JOIN customers c ON c.customer_id = s.customer_id"
                          f" WHERE {where}", params).fetchone()[0])
    settings_of = settings_by_branch(conn)
    rows = [(state["recent_attempt_days"], state["blocked_until"], state["block_reason"], customer_id)
            for customer_id, _entries, state in _folded(conn.execute(_RECHECK_SQL.format(where=where), params),
                                                        lambda row: settings_of(row[1]))]
    conn.executemany("UPDATE contact_state SET recent_attempt_days = ?, blocked_until = ?, block_reason = ?"
                     " WHERE customer_id = ?", rows)
    return len(rows)


def blocks_on(conn: sqlite3.Connection, customer_ids: Iterable[str], channel: str) -> dict[str, tuple]:
    """block_on for these customers (those with a stored state), folded afresh from the log under their branch's
    settings: where calls made the stored block, what still holds a message. One read of their entries."""
    settings_of = settings_by_branch(conn)
    settings: dict[str, Mapping[str, Any]] = {}

    def settings_for(row: tuple) -> Mapping[str, Any]:
        settings[row[0]] = settings_of(row[1])
        return settings[row[0]]

    rows = conn.execute(_RECHECK_SQL.format(where="s.customer_id IN (SELECT value FROM json_each(?))"),
                        (json.dumps(sorted(set(customer_ids))),))
    return {customer_id: block_on(entries, settings[customer_id], channel)
            for customer_id, entries, _state in _folded(rows, settings_for)}


def contact_rules(conn: sqlite3.Connection, level: str | None) -> dict[str, Any]:
    """The contact rules in force at level (None: the bank's): the settings its customers' blocks are worked out
    with."""
    return {key: value for key, value in load_settings(conn, level).items() if key in FOLD_SETTINGS}


def recheck_where_moved(conn: sqlite3.Connection, before: Mapping[str | None, Any], now: Callable[[str | None], Any],
                        told: Callable[[int], None] | None = None) -> int:
    """recheck_blocks for the customers of every level (a branch, or None for the bank) whose rules `now` reads no
    longer as `before` says: the bank's customers whole when every level moved, and at the bank's level also the
    customers of no branch or of one no longer known. Returns how many customers were folded."""
    moved = [level for level, rules in before.items() if now(level) != rules]
    if not moved:
        return 0
    if len(moved) == len(before) and None in moved:
        return recheck_blocks(conn, told=told)
    where = "c.branch_id IN (SELECT value FROM json_each(:branches))"
    if None in moved:   # the bank's value: customers of no branch, or of one no longer known, are read at it
        where += " OR c.branch_id IS NULL OR c.branch_id NOT IN (SELECT branch_id FROM branches)"
    return recheck_blocks(conn, where, {"branches": json.dumps([level for level in moved if level is not None])},
                          told=told)


def _customer_facts(conn: sqlite3.Connection, ids_json: str | None) -> dict[str, tuple]:
    """customer_id -> (branch_id, do_not_call, phone_valid, phone_problem, phone_changed_at, do_not_call_source,
    phone_bad_problem)."""
    sql = ("SELECT customer_id, branch_id, do_not_call, phone_valid, phone_problem, phone_changed_at, do_not_call_source,"
           " phone_bad_problem FROM customers")
    if ids_json is None:
        return {r[0]: r[1:] for r in conn.execute(sql)}
    sql += " WHERE customer_id IN (SELECT value FROM json_each(?))"
    return {r[0]: r[1:] for r in conn.execute(sql, (ids_json,))}


def _do_not_call_mark(customer_id: str, entries: list[Entry], facts: tuple, dnc: list) -> None:
    """Flag the customer after an effective do-not-call request, or lift a flag only the log had set."""
    flagged, source = facts[1], facts[5]
    if any(e.business_outcome == "do_not_call" for e in entries):
        if not flagged:
            dnc.append((1, "outcome", customer_id))
    elif flagged and source == "outcome":
        dnc.append((0, None, customer_id))


def _phone_mark(customer_id: str, entries: list[Entry], facts: tuple, bad: list, good: list, forget: list) -> None:
    """Mark the number unusable after a suspended / non-existent / wrong-person call, or lift our mark; and forget
    the number an import switched away from (phone_bad_e164) once no call in the log found a number bad."""
    _branch, _dnc, phone_valid, phone_problem, phone_changed_at, _dnc_source, bad_problem = facts
    calls = [e for e in entries if e.channel == "phone"]
    if bad_problem is not None and not any(e.line_result in UNREACHABLE_NUMBER for e in calls):
        forget.append((customer_id,))
    if not calls:
        return
    last = calls[-1]
    if last.line_result in UNREACHABLE_NUMBER:
        changed = (phone_changed_at or "")[:19].replace(" ", "T")
        if phone_valid and (not changed or changed <= _iso(last.at)):
            bad.append((BAD_NUMBER_PREFIX + LINE_RESULTS[last.line_result], customer_id))
    elif (phone_problem or "").startswith(BAD_NUMBER_PREFIX):
        good.append((customer_id,))


def _write(conn: sqlite3.Connection, ids_json: str | None, states: list[dict], dnc: list, bad: list, good: list,
           forget: list) -> None:
    if ids_json is None:
        conn.execute("DELETE FROM contact_state")
    else:
        conn.execute("DELETE FROM contact_state WHERE customer_id IN (SELECT value FROM json_each(?))", (ids_json,))
    conn.executemany(
        "INSERT INTO contact_state (customer_id, last_contact_at, last_reached_at, last_line_result, last_outcome,"
        " contacts_total, recent_attempt_days, blocked_until, block_reason) VALUES (:customer_id, :last_contact_at,"
        " :last_reached_at, :last_line_result, :last_outcome, :contacts_total, :recent_attempt_days, :blocked_until,"
        " :block_reason)",
        states,
    )
    conn.executemany("UPDATE customers SET do_not_call = ?, do_not_call_source = ? WHERE customer_id = ?", dnc)
    conn.executemany("UPDATE customers SET phone_valid = 0, phone_problem = ? WHERE customer_id = ?", bad)
    conn.executemany(
        "UPDATE customers SET phone_valid = (phone_e164 IS NOT NULL), phone_problem = NULL WHERE customer_id = ?", good
    )
    conn.executemany("UPDATE customers SET phone_bad_e164 = NULL, phone_bad_problem = NULL WHERE customer_id = ?", forget)
