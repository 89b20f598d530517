"""A leave on the assignment entries of its hand-over (left_at: the time the hand-over marked the manager it takes the
customers from as left, `staff hand-over ... --leave`; NULL on every other entry), so that a leave travels in bundles
with the entries that move the leaver's customers, as a cover's last day does (m0131): every desk that imports them
marks the leaver as left in the same transaction (assignments.mark_leavers), and an extract that still names the leaver
gives their customers back to them on none of the desks.

left_at travels, so it is append-only as the entry's other travelling columns are. Entries of hand-overs made before
this migration keep none: they were sent as they were. The customers of a leave's entries are found by an index on
those entries alone (a few), as each extract import reads them (assignments.reassigned_from).
"""

SQL = """
ALTER TABLE assignments ADD COLUMN left_at TEXT;
CREATE INDEX assignments_left ON assignments (customer_id) WHERE left_at IS NOT NULL;
DROP TRIGGER assignments_no_rewrite;
CREATE TRIGGER assignments_no_rewrite
BEFORE UPDATE OF assignment_id, customer_id, from_manager_id, to_manager_id, at, terminal_id, by_id, source, arrived_at,
                 until, left_at
ON assignments
BEGIN
    SELECT RAISE(ABORT, 'the assignment log is append-only');
END;
"""
