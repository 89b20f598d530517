"""Call scripts (话术) as data: one row per purpose, segment and language, with merge fields.

The shipped Chinese and English scripts go in with the table, so every database starts with them.
"""

import sqlite3

SQL = """
CREATE TABLE scripts (
    script_id  TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL CHECK (purpose IN
               ('wake_up', 'maturity_rollover', 'birthday', 'new_customer_90d', 'tier_upgrade')),
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
CREATE INDEX scripts_pick ON scripts (purpose, lang, segment);
"""


# The purposes this table first allowed; scripts for later ones come with the migration that allows them.
PURPOSES = ("wake_up", "maturity_rollover", "birthday", "new_customer_90d", "tier_upgrade")


def upgrade(conn: sqlite3.Connection) -> None:
    from workbench.db.migrations import run_script
    from workbench.scripts import save_scripts, shipped_scripts

    run_script(conn, SQL)
    save_scripts(conn, [s for s in shipped_scripts() if s.purpose in PURPOSES], replace=False)
