"""Every stored contact block folded again under the rule that only calls are attempts, counted since the customer
last asked for the next contact.

The contact budget (3 attempts in 7 days) and the retry delay counted an SMS or WeChat message logged with `log` as a
call, while the same message marked sent with the agenda's batch counted for nothing; and a call that reached the
customer and ended in "call back later" counted against the budget that then refused the callback they asked for.
workbench.rules now counts calls alone, from the customer's latest call back, interest or appointment on. A block
stored under the old rule would keep the call list resting a customer whom `log` lets be called (for up to the
budget's 7 days), and the list's "N attempts in the last 7 days" would count the messages: so every customer's block
and recent attempt days are folded again here, with their branch's settings now (workbench.rules.recheck_blocks, as a
change of a contact rule does). The customers whose attempt days changed are marked as never scored (their priority
counted the messages): the next call list or `workbench score` rescores them.

The fold reads only columns that exist at this version; were workbench.rules to read one a later migration adds,
this migration would need its own frozen copy of the fold (the tests migrating the old samples fail first).
"""

import sqlite3


def upgrade(conn: sqlite3.Connection) -> None:
    from workbench.rules import recheck_blocks

    before = dict(conn.execute("SELECT customer_id, recent_attempt_days FROM contact_state"))
    if not before:
        return
    recheck_blocks(conn)
    moved = [(customer_id,) for customer_id, days in conn.execute("SELECT customer_id, recent_attempt_days"
                                                                  " FROM contact_state") if before[customer_id] != days]
    conn.executemany("UPDATE customers SET score_digest = NULL, scores_due_on = NULL, scored_on = NULL"
                     " WHERE customer_id = ?", moved)
