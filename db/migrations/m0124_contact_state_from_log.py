"""Every customer's contact state folded again from the outcome log where it does not match the log.

contact_state is derived from the log alone (workbench.rules.refresh_contact_state), and each contact logged or
brought by a bundle refreshes it; but a database whose entries came another way never had it: the sample of the
first versions wrote its made-up calls without folding them, and its copies, migrated to today's schema, kept the
calls with an empty contact_state. There a customer called nine times read "never contacted", and the contact budget,
the retry delay and the rests after "not interested" or a complaint let them be called again, as if the log were not
there (727 customers on M001's list instead of 665). Databases that already migrated without it are mended too.

A customer's state is folded again when it has no row, or its row names another number of contacts or another last
contact than their effective entries (no later entry supersedes them), or they have no entry at all; the fold is the
one a contact logged today makes (the do-not-call and bad-number marks included), with the branch's settings now, so
the database ends as one that had the state all along. A do-not-call flag the fold lifts is audited, at the time its
customer's latest entry was recorded (a migration does not know today's date), with no actor. The stored scores of
the customers folded again counted no contacts, so they are marked as never scored: the next call list or
`workbench score` rescores them. A database whose contact state matches its log is left as it is.

The fold reads only columns that exist at this version; were workbench.rules to read one a later migration adds,
this migration would need its own frozen copy of the fold, as m0100 has (the tests migrating the old samples from
the project's history fail first).
"""

import sqlite3

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


def upgrade(conn: sqlite3.Connection) -> None:
    from workbench import audit
    from workbench.rules import refresh_contact_state

    stale = [row[0] for row in conn.execute(_STALE)]
    if not stale:
        return
    for customer_id in refresh_contact_state(conn, stale):
        recorded = conn.execute("SELECT max(recorded_at) FROM outcomes WHERE customer_id = ?", (customer_id,))
        audit.record(conn, "do_not_call_lifted", at=recorded.fetchone()[0], subject=customer_id,
                     detail={"migration": 124})
    conn.executemany("UPDATE customers SET score_digest = NULL, scores_due_on = NULL, scored_on = NULL"
                     " WHERE customer_id = ?", [(customer_id,) for customer_id in stale])
