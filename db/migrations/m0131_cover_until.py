"""A cover's last day on the assignment entries of its hand-over (until, NULL on every other entry), so that a cover
travels in bundles with the entries that move its customers: every desk that holds them, another one or one restored
from a backup taken before the cover, keeps the cover in table covers as the desk that made it does
(handover.keep_covers), and a give-back there returns exactly its customers. A cover row made from an entry is named by
it: its cover_id is the entry's assignment_id.

until travels, so it is append-only as the entry's other travelling columns are.
"""

SQL = """
ALTER TABLE assignments ADD COLUMN until TEXT;
DROP TRIGGER assignments_no_rewrite;
CREATE TRIGGER assignments_no_rewrite
BEFORE UPDATE OF assignment_id, customer_id, from_manager_id, to_manager_id, at, terminal_id, by_id, source, arrived_at,
                 until
ON assignments
BEGIN
    SELECT RAISE(ABORT, 'the assignment log is append-only');
END;
"""
