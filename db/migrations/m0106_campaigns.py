"""Head office's campaigns (workbench.campaigns): a table of them, and the scripts table rebuilt as
migration 105 left it with one more purpose, campaign (SQLite cannot alter a CHECK); the shipped
campaign scripts go in, and a script already there under the same id is left as the branch has it."""

import sqlite3

from workbench.db.migrations import with_script_purpose
from workbench.db.migrations.m0105_festival_scripts import SQL as FESTIVAL_SQL

SCRIPTS_SQL = with_script_purpose(FESTIVAL_SQL, "campaign")
CAMPAIGNS_SQL = """
CREATE TABLE campaigns (
    campaign_id TEXT PRIMARY KEY,           -- head office's code; follow-ups carry it as purpose campaign:<id>
    title       TEXT NOT NULL,
    offer       TEXT NOT NULL,              -- the product or benefit in words, for the script
    starts_on   TEXT NOT NULL,
    ends_on     TEXT NOT NULL,
    channel     TEXT NOT NULL CHECK (channel IN ('phone', 'sms', 'wechat')),
    min_tier    INTEGER,
    max_tier    INTEGER,
    segments    TEXT NOT NULL DEFAULT '',   -- comma list, any of; empty: every segment
    tags        TEXT NOT NULL DEFAULT '',   -- comma list, any of; empty: no tag needed
    gender      TEXT CHECK (gender IN ('M', 'F')),
    min_age     INTEGER,
    max_age     INTEGER,
    branch_id   TEXT,                       -- NULL: every branch
    per_manager INTEGER,                    -- NULL: no cap
    imported_at TEXT NOT NULL,
    imported_by TEXT,
    source      TEXT NOT NULL DEFAULT '',   -- the file it came in
    CHECK (ends_on >= starts_on)
);
"""


def upgrade(conn: sqlite3.Connection) -> None:
    from workbench.db.migrations import add_script_purpose, run_script

    run_script(conn, CAMPAIGNS_SQL)
    add_script_purpose(conn, SCRIPTS_SQL, "campaign")
