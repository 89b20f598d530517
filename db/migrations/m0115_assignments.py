"""Assignment entries: each change of a customer's manager made on a desk (reassign, pool assign, a hand-over), kept
so that bundles carry it to the other desks, which apply it where the customer still has the manager it was taken
from. Head office's extracts set managers on every desk that imports them, so they make no entries.

The entry's own columns travel in bundles and are the same on every desk; status and manager_here say what this
desk made of it (made here, applied, already so, or why not), so a repeated bundle reports nothing again.
Append-only, as the outcome log is.
"""

SQL = """
CREATE TABLE assignments (
    assignment_id   TEXT PRIMARY KEY,   -- UUID
    customer_id     TEXT NOT NULL,
    from_manager_id TEXT,               -- NULL: the unassigned pool
    to_manager_id   TEXT,               -- NULL: the unassigned pool
    at              TEXT NOT NULL,      -- local time; one second past the customer's previous entry here
    terminal_id     TEXT NOT NULL,
    by_id           TEXT NOT NULL,      -- the supervisor who made the change
    source          TEXT NOT NULL CHECK (source IN ('reassign', 'pool', 'hand_over')),
    status          TEXT NOT NULL DEFAULT 'made_here'
                    CHECK (status IN ('made_here', 'applied', 'already', 'unknown_customer', 'erased',
                                      'other_manager', 'unknown_manager', 'left', 'not_manager')),
    manager_here    TEXT                -- other_manager: the customer's manager here when it came (NULL: the pool)
);
CREATE INDEX assignments_customer_at ON assignments (customer_id, at);
CREATE INDEX assignments_at ON assignments (at);

CREATE TRIGGER assignments_no_delete BEFORE DELETE ON assignments
BEGIN
    SELECT RAISE(ABORT, 'the assignment log is append-only');
END;

CREATE TRIGGER assignments_no_rewrite BEFORE UPDATE ON assignments
BEGIN
    SELECT RAISE(ABORT, 'the assignment log is append-only');
END;
"""
