"""The segment the customer was in when each contact was logged (outcomes.segment), as an entry keeps its script_id, so
that the report's funnel per segment counts a call under the segment it was made in: a closed period's figures no longer
move when customers are rescored, and desks holding the same entries print the same funnel.

From now on an entry takes the customer's primary segment as it stands when it is logged (a correction the segment of
the entry it corrects), and a bundle carries it. No desk noted it before, so an entry already here takes the
customer's segment now, the best there is: the funnel per segment of a period before this migration counts as it did
on the day the migration ran, and stays so. NULL where the customer is not held here or has not been scored yet.
As the rest of an entry, a segment once kept is never rewritten; one nobody noted may still be filled in.
"""

SQL = """
ALTER TABLE outcomes ADD COLUMN segment TEXT;
UPDATE outcomes SET segment = (SELECT c.segment FROM customers c WHERE c.customer_id = outcomes.customer_id);
CREATE TRIGGER outcomes_keep_segment BEFORE UPDATE OF segment ON outcomes WHEN OLD.segment IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'the outcome log is append-only');
END;
"""
