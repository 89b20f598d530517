"""Every customer's contact state folded again from the outcome log where it does not match the log.

contact_state is derived from the log alone (workbench.rules.refresh_contact_state), and each contact logged or
brought by a bundle refreshes it; but a database whose entries came another way never had it: the sample of the
first versions wrote its made-up calls without folding them, and its copies, migrated to today's schema, kept the
calls with an empty contact_state. There a customer called nine times read "never contacted", and the contact budget,
the retry delay and the rests after "not interested" or a complaint let them be called again, as if the log were not
there (727 customers on M001's list instead of 665). Databases that already migrated without it are mended too.

A customer's state is folded again when it has no row, or its row names another number of contacts or another last
contact than their effective entries (no later entry supersedes them), or they have no entry at all; the fold is the
one a contact logged made when this migration was written (the do-not-call and bad-number marks included), with the
branch's settings now, so the database ends as one that had the state all along. A do-not-call flag the fold lifts
is audited, at the time its customer's latest entry was recorded (a migration does not know today's date), with no
actor. The stored scores of the customers folded again counted no contacts, so they are marked as never scored: the
next call list or `workbench score` rescores them. A database whose contact state matches its log is left as it is.

The fold is this migration's own copy of workbench.rules' (refresh_contact_state, contact_state_for and the marks) as
it stood when the migration was made (6c3c60a), frozen with it: the rules changed since (only calls are attempts,
counted from the customer's latest request; migrations 133 and 137 fold the stored states under them), and this
migration must do the same to a database at schema 123 whenever it runs. Only the branch's settings are read as
workbench.settings reads them (the database's values, not the rule), and the audit entry is written by
workbench.audit (the chain's own format).
"""

import json
import sqlite3
from datetime import datetime, timedelta
from itertools import groupby

from workbench import audit
from workbench.db.migrations.frozen_contact import retry_block
from workbench.settings import settings_by_branch

# The rules of 6c3c60a: every contact but a visit is an attempt, counted over the whole log.
_NOT_ATTEMPTS = ("visit",)
_COOLOFFS = {"not_interested": ("contact.cooloff_not_interested_days", "cooloff_not_interested"),
             "complaint": ("contact.cooloff_complaint_days", "cooloff_complaint")}
# The line results after which the number is in doubt, and the mark each leaves (rules.BAD_NUMBER_PREFIX + the label).
_BAD_NUMBER = {"suspended": "Last call result: Suspended",
               "no_such_number": "Last call result: Number does not exist",
               "wrong_person": "Last call result: Wrong person"}

# Customers whose contact state is missing or does not match their effective entries (count and last contact).
_STALE = """
SELECT e.customer_id FROM (
    SELECT o.customer_id, count(*) AS contacts, max(o.at) AS last_at FROM outcomes o
    WHERE NOT EXISTS (SELECT 1 FROM outcomes s WHERE s.supersedes = o.outcome_id)
    GROUP BY o.customer_id
) e LEFT JOIN contact_state s ON s.customer_id = e.customer_id
WHERE s.customer_id IS NULL OR s.contacts_total IS NOT e.contacts OR s.last_contact_at IS NOT e.last_at
UNION
SELECT s.customer_id FROM contact_state s
WHERE NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.customer_id = s.customer_id)
ORDER BY 1
"""
# The entries in effect of these customers, oldest first.
_ENTRIES = """
SELECT o.customer_id, o.at, o.channel, o.line_result, o.business_outcome FROM outcomes o
WHERE o.customer_id IN (SELECT value FROM json_each(?))
AND NOT EXISTS (SELECT 1 FROM outcomes s WHERE s.supersedes = o.outcome_id)
ORDER BY o.customer_id, o.at, o.recorded_at, o.outcome_id
"""
# customer_id, branch_id, do_not_call, do_not_call_source, phone_valid, phone_problem, phone_changed_at,
# phone_bad_problem of these customers.
_FACTS = """
SELECT customer_id, branch_id, do_not_call, do_not_call_source, phone_valid, phone_problem, phone_changed_at,
       phone_bad_problem
FROM customers WHERE customer_id IN (SELECT value FROM json_each(?))
"""


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _state(entries: list[tuple], settings) -> tuple:
    """One customer's contact_state columns (last contact, last reached, last line result, last outcome, contacts,
    recent attempt days, blocked until, block reason) from their entries in effect, oldest first, each (at, channel,
    line_result, business_outcome)."""
    attempts = [e for e in entries if e[1] not in _NOT_ATTEMPTS]
    reached = [e for e in entries if e[2] == "reached"]
    with_outcome = [e for e in entries if e[3]]
    blocks: list[tuple[datetime, str]] = []
    recent = None
    if attempts:
        n, days = settings["contact.budget_attempts"], timedelta(days=settings["contact.budget_days"])
        if 0 < n <= len(attempts) and attempts[-n][0] + days > attempts[-1][0]:
            blocks.append((attempts[-n][0] + days, "budget"))
        first_day = attempts[-1][0].date() - days
        recent = json.dumps([e[0].date().isoformat() for e in attempts if e[0].date() >= first_day])
        if (retry := retry_block(attempts, settings)) is not None:
            blocks.append(retry)
    if with_outcome and with_outcome[-1][3] in _COOLOFFS:
        key, reason = _COOLOFFS[with_outcome[-1][3]]
        blocks.append((with_outcome[-1][0] + timedelta(days=settings[key]), reason))
    until, reason = max(blocks) if blocks else (None, None)
    return (_iso(entries[-1][0]), _iso(reached[-1][0]) if reached else None, entries[-1][2],
            with_outcome[-1][3] if with_outcome else None, len(entries), recent, _iso(until), reason)


def _marks(customer_id: str, entries: list[tuple], facts: tuple, dnc: list, bad: list, good: list,
           forget: list) -> None:
    """The do-not-call flag an entry in effect sets, or a flag only the log had set lifted; the number marked bad
    after a suspended / non-existent / wrong-person call (unless an extract changed it after that call), or our mark
    lifted; and the number an import switched away from forgotten once no call in the log found a number bad."""
    _branch, flagged, source, phone_valid, phone_problem, phone_changed_at, bad_problem = facts
    if any(e[3] == "do_not_call" for e in entries):
        if not flagged:
            dnc.append((1, "outcome", customer_id))
    elif flagged and source == "outcome":
        dnc.append((0, None, customer_id))
    calls = [e for e in entries if e[1] == "phone"]
    if bad_problem is not None and not any(e[2] in _BAD_NUMBER for e in calls):
        forget.append((customer_id,))
    if not calls:
        return
    last = calls[-1]
    if last[2] in _BAD_NUMBER:
        changed = (phone_changed_at or "")[:19].replace(" ", "T")
        if phone_valid and (not changed or changed <= _iso(last[0])):
            bad.append((_BAD_NUMBER[last[2]], customer_id))
    elif (phone_problem or "").startswith("Last call result: "):
        good.append((customer_id,))


def upgrade(conn: sqlite3.Connection) -> None:
    stale = [row[0] for row in conn.execute(_STALE)]
    if not stale:
        return
    ids = json.dumps(stale)
    facts_of = {row[0]: row[1:] for row in conn.execute(_FACTS, (ids,))}
    settings_of = settings_by_branch(conn)
    states, dnc, bad, good, forget = [], [], [], [], []
    for customer_id, group in groupby(conn.execute(_ENTRIES, (ids,)), key=lambda row: row[0]):
        entries = [(datetime.fromisoformat(at), *rest) for _id, at, *rest in group]
        facts = facts_of.get(customer_id)
        states.append((customer_id, *_state(entries, settings_of(facts[0] if facts else None))))
        if facts is not None:
            _marks(customer_id, entries, facts, dnc, bad, good, forget)
    conn.execute("DELETE FROM contact_state WHERE customer_id IN (SELECT value FROM json_each(?))", (ids,))
    conn.executemany("INSERT INTO contact_state (customer_id, last_contact_at, last_reached_at, last_line_result,"
                     " last_outcome, contacts_total, recent_attempt_days, blocked_until, block_reason)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", states)
    conn.executemany("UPDATE customers SET do_not_call = ?, do_not_call_source = ? WHERE customer_id = ?", dnc)
    conn.executemany("UPDATE customers SET phone_valid = 0, phone_problem = ? WHERE customer_id = ?", bad)
    conn.executemany("UPDATE customers SET phone_valid = (phone_e164 IS NOT NULL), phone_problem = NULL"
                     " WHERE customer_id = ?", good)
    conn.executemany("UPDATE customers SET phone_bad_e164 = NULL, phone_bad_problem = NULL WHERE customer_id = ?",
                     forget)
    for _flag, _source, customer_id in [row for row in dnc if not row[0]]:
        recorded = conn.execute("SELECT max(recorded_at) FROM outcomes WHERE customer_id = ?", (customer_id,))
        audit.record(conn, "do_not_call_lifted", at=recorded.fetchone()[0], subject=customer_id,
                     detail={"migration": 124})
    conn.executemany("UPDATE customers SET score_digest = NULL, scores_due_on = NULL, scored_on = NULL"
                     " WHERE customer_id = ?", [(customer_id,) for customer_id in stale])
