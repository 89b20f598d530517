"""The days of each customer's recent attempts, so that attempts are counted as of the day shown.

contact_state.attempts_recent counted the attempts in the contact.budget_days window ending at the
customer's last attempt, and the call list and the scoring used that count whenever the last
contact (a visit too) fell inside the window ending today: three calls two weeks ago followed by a
visit last week still cost three attempts' penalty. recent_attempt_days holds the days (ISO dates
in a JSON list, oldest first, one per attempt; NULL without attempts) of the effective attempts at
most contact.budget_days days before the last attempt's day, which are all the attempts a reader
can count on that day or later; readers count the days inside their own window. attempts_recent is
no longer written or read: it is set to 0, as every row written from now on has it (the column
stays, unused: dropping it would rewrite the table for nothing).

This migration fills the new column from the outcome log by itself, reading only columns that
existed at this version, so that it still runs on an old database after later migrations change
what workbench.rules reads. The stored scores of every customer with a contact history included
the old count, so they are marked as never scored: the next call list or `workbench score`
rescores them (a migration does not know today's date).
"""

import datetime as dt
import json
import sqlite3
from itertools import groupby

# Each customer's effective attempts (no later entry supersedes them) by day, oldest first.
_ATTEMPT_DAYS = """
SELECT o.customer_id, substr(o.at, 1, 10) FROM outcomes o
WHERE o.channel NOT IN (SELECT value FROM json_each(?))
AND NOT EXISTS (SELECT 1 FROM outcomes s WHERE s.supersedes = o.outcome_id)
ORDER BY o.customer_id, o.at
"""


def upgrade(conn: sqlite3.Connection) -> None:
    from workbench.rules import NOT_ATTEMPTS
    from workbench.settings import load_settings

    conn.execute("ALTER TABLE contact_state ADD COLUMN recent_attempt_days TEXT")
    branches = dict(conn.execute(
        "SELECT s.customer_id, c.branch_id FROM contact_state s JOIN customers c ON c.customer_id = s.customer_id"))
    budget_days = {}
    updates = []
    for customer_id, rows in groupby(conn.execute(_ATTEMPT_DAYS, (json.dumps(sorted(NOT_ATTEMPTS)),)),
                                      key=lambda r: r[0]):
        branch = branches.get(customer_id)
        if branch not in budget_days:
            budget_days[branch] = int(load_settings(conn, branch)["contact.budget_days"])
        updates.append((json.dumps(_recent(rows, budget_days[branch])), customer_id))
    conn.execute("UPDATE contact_state SET attempts_recent = 0")
    conn.executemany("UPDATE contact_state SET recent_attempt_days = ? WHERE customer_id = ?", updates)
    conn.execute("UPDATE customers SET score_digest = NULL, scores_due_on = NULL, scored_on = NULL"
                 " WHERE customer_id IN (SELECT customer_id FROM contact_state)")


def _recent(rows, budget_days: int) -> list[str]:
    """The days (oldest first) of a customer's attempts at most budget_days days before the last one's day."""
    days = [day for _, day in rows]
    first = (dt.date.fromisoformat(days[-1]) - dt.timedelta(days=budget_days)).isoformat()
    return [day for day in days if day >= first]
