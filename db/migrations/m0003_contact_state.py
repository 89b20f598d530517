"""Each customer's contact history in brief, kept by workbench.rules after every outcome.

blocked_until is when the contact rules (retry delay, cool-off, contact budget) next allow a call;
it depends only on the history, so the call list filters it against 'now' with one comparison.
"""

SQL = """
CREATE TABLE contact_state (
    customer_id      TEXT PRIMARY KEY,
    last_contact_at  TEXT,
    last_reached_at  TEXT,
    last_line_result TEXT,
    last_outcome     TEXT,
    contacts_total   INTEGER NOT NULL DEFAULT 0,
    attempts_recent  INTEGER NOT NULL DEFAULT 0,   -- attempts in the budget window ending at the last one
    blocked_until    TEXT,
    block_reason     TEXT                          -- retry / budget / cooloff_not_interested / cooloff_complaint
);
CREATE INDEX contact_state_blocked ON contact_state (blocked_until);
"""
