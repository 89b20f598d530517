"""The recent attempt days of every stored contact state counted since the customer last asked for the next contact.

Since migration 133 the contact budget counts the calls made since the customer's latest call back, interest or
appointment, but the attempt days stored for the call list and the scoring (contact_state.recent_attempt_days)
still held every call of the last contact.budget_days days, so the priority took points off for the calls the
customer's request had wiped clean: a customer who asked to be called back sank on the list while the budget let
them be called. workbench.rules now stores the days of the calls the budget counts; here each stored state of a
customer whose log holds such a request is brought to that, and the customers whose days changed are marked as
never scored, for the next call list or `workbench score` to rescore them. The blocks do not change (they counted
so already).

The fold is this migration's own, frozen with it (as 133's is): a later change of workbench.rules must not change
what it does to a database at schema 136. The branch's contact.budget_days is read as workbench.settings reads it.
"""

import json
import sqlite3
from datetime import datetime, timedelta
from itertools import groupby

from workbench.settings import settings_by_branch

# The effective entries, oldest first, of the customers with attempt days stored whose log holds a reached contact in
# which they asked for the next one (a call back, interest, an appointment): the only states this can change.
_ASKED = "o.line_result = 'reached' AND o.business_outcome IN ('call_back', 'interested', 'appointment')"
_IN_EFFECT = "NOT EXISTS (SELECT 1 FROM outcomes x WHERE x.supersedes = o.outcome_id)"
_CONCERNED = f"""
SELECT s.customer_id, c.branch_id FROM contact_state s LEFT JOIN customers c ON c.customer_id = s.customer_id
WHERE s.recent_attempt_days IS NOT NULL AND s.recent_attempt_days != '[]'
AND EXISTS (SELECT 1 FROM outcomes o WHERE o.customer_id = s.customer_id AND {_ASKED} AND {_IN_EFFECT})
"""
_LOG = f"""
SELECT o.customer_id, o.at, o.channel = 'phone', {_ASKED} FROM outcomes o
WHERE o.customer_id IN (SELECT value FROM json_each(?)) AND {_IN_EFFECT}
ORDER BY o.customer_id, o.at, o.recorded_at, o.outcome_id
"""


def _days(entries: list[tuple[datetime, bool, bool]], budget_days: int) -> str | None:
    """The days of the calls made after the latest request, within budget_days of the last call's day; each entry is
    (at, a call, a request)."""
    calls = [at for at, call, _asked in entries if call]
    if not calls:
        return None
    asked = [at for at, _call, request in entries if request]
    first_day = calls[-1].date() - timedelta(days=budget_days)
    return json.dumps([at.date().isoformat() for at in calls
                       if (not asked or at > asked[-1]) and at.date() >= first_day])


def upgrade(conn: sqlite3.Connection) -> None:
    branch_of = dict(conn.execute(_CONCERNED))
    if not branch_of:
        return
    settings_of = settings_by_branch(conn)
    ids = json.dumps(list(branch_of))
    before = dict(conn.execute("SELECT customer_id, recent_attempt_days FROM contact_state"
                               " WHERE customer_id IN (SELECT value FROM json_each(?))", (ids,)))
    moved = []
    for customer_id, rows in groupby(conn.execute(_LOG, (ids,)), key=lambda row: row[0]):
        entries = [(datetime.fromisoformat(at), bool(call), bool(asked)) for _id, at, call, asked in rows]
        days = _days(entries, settings_of(branch_of[customer_id])["contact.budget_days"])
        if days != before[customer_id]:
            moved.append((days, customer_id))
    conn.executemany("UPDATE contact_state SET recent_attempt_days = ? WHERE customer_id = ?", moved)
    conn.executemany("UPDATE customers SET score_digest = NULL, scores_due_on = NULL, scored_on = NULL"
                     " WHERE customer_id = ?", [(customer_id,) for _days, customer_id in moved])
