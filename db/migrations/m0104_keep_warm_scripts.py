"""Scripts for keeping a woken customer awake (purpose keep_warm): the scripts table is rebuilt to allow
the purpose (SQLite cannot alter a CHECK), and the shipped keep_warm scripts go in; a script already
there under the same id is left as the branch has it."""

import sqlite3

SQL = """
CREATE TABLE scripts_new (
    script_id  TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL CHECK (purpose IN
               ('wake_up', 'maturity_rollover', 'birthday', 'new_customer_90d', 'tier_upgrade', 'keep_warm')),
    segment    TEXT,                        -- NULL: for any segment
    lang       TEXT NOT NULL DEFAULT 'zh_CN',
    title      TEXT NOT NULL,
    opening    TEXT NOT NULL,
    offer      TEXT NOT NULL,
    objections TEXT NOT NULL DEFAULT '{}',  -- JSON: dormancy reason code -> answer
    close      TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT
);
INSERT INTO scripts_new (script_id, purpose, segment, lang, title, opening, offer, objections, close, active, updated_at)
    SELECT script_id, purpose, segment, lang, title, opening, offer, objections, close, active, updated_at FROM scripts;
DROP TABLE scripts;
ALTER TABLE scripts_new RENAME TO scripts;
CREATE INDEX scripts_pick ON scripts (purpose, lang, segment);
"""


def upgrade(conn: sqlite3.Connection) -> None:
    from workbench.db.migrations import add_script_purpose

    add_script_purpose(conn, SQL, "keep_warm")
