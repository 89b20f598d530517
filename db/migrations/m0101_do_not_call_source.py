"""Where a customer's do-not-call flag came from, so that a corrected do-not-call can be lifted again.

customers.do_not_call_source is 'extract' (head office's extract said so), 'outcome' (a logged
do-not-call request, on this terminal or from a bundle), 'erasure' (a privacy erasure) or NULL (not
known). Only an 'outcome' flag is ever lifted, when corrections leave the customer with no
effective do-not-call entry; the others stand whatever the branch logs.

Backfill: a flagged customer whose latest effective business outcome (the contact state's
last_outcome, read here from the log itself) is a do-not-call request got the flag from that
entry; every other flag stays NULL, as its origin cannot be told (an extract may have set it).
"""

SQL = """
ALTER TABLE customers ADD COLUMN do_not_call_source TEXT
    CHECK (do_not_call_source IN ('extract', 'outcome', 'erasure'));

UPDATE customers SET do_not_call_source = 'outcome'
WHERE do_not_call = 1 AND (
    SELECT o.business_outcome FROM outcomes o
    WHERE o.customer_id = customers.customer_id AND o.business_outcome IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM outcomes s WHERE s.supersedes = o.outcome_id)
    ORDER BY o.at DESC, o.recorded_at DESC, o.outcome_id DESC LIMIT 1
) = 'do_not_call';
"""
