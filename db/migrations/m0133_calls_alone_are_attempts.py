"""Every stored contact block folded again under the rule that only calls are attempts, counted since the customer
last asked for the next contact.

The contact budget (3 attempts in 7 days) and the retry delay counted an SMS or WeChat message logged with `log` as a
call, while the same message marked sent with the agenda's batch counted for nothing; and a call that reached the
customer and ended in "call back later" counted against the budget that then refused the callback they asked for.
workbench.rules now counts calls alone, from the customer's latest call back, interest or appointment on. A block
stored under the old rule would keep the call list resting a customer whom `log` lets be called (for up to the
budget's 7 days), and the list's "N attempts in the last 7 days" would count the messages: so every customer's block
and recent attempt days are folded again here, with their branch's settings now. The customers whose attempt days
changed are marked as never scored (their priority counted the messages): the next call list or `workbench score`
rescores them.

The fold is this migration's own copy of workbench.rules' (recheck_blocks, contact_state_for) as it stood when the
migration was made, frozen with it: the rules may change again (a later migration folds the blocks under the new
rule then), and this migration must do the same to a database at schema 132 whenever it runs. Only the branch's
settings are read as workbench.settings reads them: they are the database's values, not the rule.
"""

import json
import sqlite3
from datetime import datetime, timedelta
from itertools import groupby

from workbench.db.migrations.frozen_contact import retry_block
from workbench.settings import settings_by_branch

_CALLS = ("phone",)
_ASKED_FOR_MORE = ("call_back", "interested", "appointment")
_COOLOFFS = {"not_interested": ("contact.cooloff_not_interested_days", "cooloff_not_interested"),
             "complaint": ("contact.cooloff_complaint_days", "cooloff_complaint")}

# The entries in effect (no correction supersedes them) of every customer with a stored state, oldest first.
_ENTRIES = """
SELECT o.customer_id, c.branch_id, o.at, o.channel, o.line_result, o.business_outcome
FROM contact_state s LEFT JOIN customers c ON c.customer_id = s.customer_id
JOIN outcomes o ON o.customer_id = s.customer_id
WHERE NOT EXISTS (SELECT 1 FROM outcomes x WHERE x.supersedes = o.outcome_id)
ORDER BY o.customer_id, o.at, o.recorded_at, o.outcome_id
"""


def _fold(entries: list[tuple], settings) -> tuple[str | None, str | None, str | None]:
    """One customer's (recent attempt days, blocked until, block reason) from their entries in effect, oldest first,
    each (at, channel, line_result, business_outcome)."""
    calls = [e for e in entries if e[1] in _CALLS]
    blocks: list[tuple[datetime, str]] = []
    recent = None
    if calls:
        asked = [e[0] for e in entries if e[2] == "reached" and e[3] in _ASKED_FOR_MORE]
        counted = [e for e in calls if not asked or e[0] > asked[-1]]
        n, days = settings["contact.budget_attempts"], timedelta(days=settings["contact.budget_days"])
        if 0 < n <= len(counted) and counted[-n][0] + days > counted[-1][0]:
            blocks.append((counted[-n][0] + days, "budget"))
        first_day = calls[-1][0].date() - days
        recent = json.dumps([e[0].date().isoformat() for e in calls if e[0].date() >= first_day])
        if counted and (retry := retry_block(counted, settings)) is not None:
            blocks.append(retry)
    with_outcome = [e for e in entries if e[3]]
    if with_outcome and with_outcome[-1][3] in _COOLOFFS:
        key, reason = _COOLOFFS[with_outcome[-1][3]]
        blocks.append((with_outcome[-1][0] + timedelta(days=settings[key]), reason))
    until, reason = max(blocks) if blocks else (None, None)
    return recent, until.isoformat(timespec="seconds") if until else None, reason


def upgrade(conn: sqlite3.Connection) -> None:
    before = dict(conn.execute("SELECT customer_id, recent_attempt_days FROM contact_state"))
    if not before:
        return
    settings_of = settings_by_branch(conn)
    rows = []
    for customer_id, group in groupby(conn.execute(_ENTRIES), key=lambda row: row[0]):
        held = list(group)
        entries = [(datetime.fromisoformat(at), *rest) for _id, _branch, at, *rest in held]
        rows.append((*_fold(entries, settings_of(held[0][1])), customer_id))
    conn.executemany("UPDATE contact_state SET recent_attempt_days = ?, blocked_until = ?, block_reason = ?"
                     " WHERE customer_id = ?", rows)
    moved = [(customer_id,) for days, _until, _reason, customer_id in rows if before[customer_id] != days]
    conn.executemany("UPDATE customers SET score_digest = NULL, scores_due_on = NULL, scored_on = NULL"
                     " WHERE customer_id = ?", moved)
