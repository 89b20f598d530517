"""The foundation: branches, staff, customers, holdings, the import log, outcomes and follow-ups.

Money is integer fen. Dates are ISO 'YYYY-MM-DD' text; times are the bank's local time as ISO
'YYYY-MM-DDTHH:MM:SS' text, which sorts and compares correctly as text.
"""

import sqlite3
import uuid

SQL = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Settings override the defaults in workbench/settings.py: scope 'bank', or a branch_id.
CREATE TABLE settings (
    scope TEXT NOT NULL,
    key   TEXT NOT NULL,
    value TEXT NOT NULL,    -- JSON
    PRIMARY KEY (scope, key)
);

CREATE TABLE branches (
    branch_id TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    parent_id TEXT REFERENCES branches (branch_id),
    level     TEXT NOT NULL DEFAULT 'branch' CHECK (level IN ('bank', 'branch', 'sub_branch'))
);

CREATE TABLE staff (
    staff_id   TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL DEFAULT 'manager' CHECK (role IN ('manager', 'supervisor')),
    branch_id  TEXT REFERENCES branches (branch_id),
    active     INTEGER NOT NULL DEFAULT 1,
    pin_hash   TEXT,
    created_at TEXT
);

CREATE TABLE customers (
    customer_id        TEXT PRIMARY KEY,
    name               TEXT NOT NULL,
    gender             TEXT CHECK (gender IN ('M', 'F')),
    birthday           TEXT,
    phone_raw          TEXT,
    phone_e164         TEXT,
    phone_valid        INTEGER NOT NULL DEFAULT 0,
    phone_kind         TEXT,            -- mobile / landline / other
    phone_problem      TEXT,            -- why the customer cannot be called, in words
    manager_id         TEXT REFERENCES staff (staff_id),   -- NULL: the branch's unassigned pool
    branch_id          TEXT REFERENCES branches (branch_id),
    aum_fen            INTEGER NOT NULL DEFAULT 0,
    aum_peak_fen       INTEGER,
    opened_on          TEXT,
    first_activity_on  TEXT,
    last_activity_on   TEXT,
    last_login_on      TEXT,            -- last mobile-banking login (channel dormancy)
    activity_count_12m INTEGER,
    risk_level         TEXT,
    do_not_call        INTEGER NOT NULL DEFAULT 0,
    consent            INTEGER NOT NULL DEFAULT 1,
    tags               TEXT NOT NULL DEFAULT '',
    active             INTEGER NOT NULL DEFAULT 1,   -- 0: missing from the latest full extract
    source_hash        TEXT,            -- digest of the imported fields, to count unchanged rows
    last_import_id     INTEGER,
    updated_at         TEXT
);
CREATE INDEX customers_manager ON customers (manager_id);
CREATE INDEX customers_branch ON customers (branch_id);
CREATE INDEX customers_phone ON customers (phone_e164);

CREATE TABLE holdings (
    holding_id   INTEGER PRIMARY KEY,
    customer_id  TEXT NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,
    product_type TEXT NOT NULL,     -- time_deposit / wealth / fund / insurance / gold / demand
    product_name TEXT,
    balance_fen  INTEGER NOT NULL DEFAULT 0,
    opened_on    TEXT,
    maturity_on  TEXT
);
CREATE INDEX holdings_customer ON holdings (customer_id);
CREATE INDEX holdings_maturity ON holdings (maturity_on);

CREATE TABLE import_log (
    import_id    INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,     -- customers / bundle
    file_name    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    user_id      TEXT,
    full_extract INTEGER NOT NULL DEFAULT 0,
    rows_read    INTEGER NOT NULL DEFAULT 0,
    inserted     INTEGER NOT NULL DEFAULT 0,
    updated      INTEGER NOT NULL DEFAULT 0,
    unchanged    INTEGER NOT NULL DEFAULT 0,
    rejected     INTEGER NOT NULL DEFAULT 0,
    inactivated  INTEGER NOT NULL DEFAULT 0,
    new_staff    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX import_log_sha256 ON import_log (sha256);

-- The outcome log is append-only: a correction is a new entry naming the one it supersedes.
CREATE TABLE outcomes (
    outcome_id       TEXT PRIMARY KEY,   -- UUID
    customer_id      TEXT NOT NULL,
    manager_id       TEXT NOT NULL,
    terminal_id      TEXT NOT NULL,
    at               TEXT NOT NULL,      -- when the contact happened, local time
    channel          TEXT NOT NULL DEFAULT 'phone',
    line_result      TEXT NOT NULL,
    business_outcome TEXT,
    reason           TEXT,
    note             TEXT NOT NULL DEFAULT '',
    script_id        TEXT,
    supersedes       TEXT,               -- outcome_id this entry corrects
    recorded_at      TEXT NOT NULL
);
CREATE INDEX outcomes_customer_at ON outcomes (customer_id, at);
CREATE INDEX outcomes_manager_at ON outcomes (manager_id, at);
CREATE INDEX outcomes_supersedes ON outcomes (supersedes);

CREATE TRIGGER outcomes_no_delete BEFORE DELETE ON outcomes
BEGIN
    SELECT RAISE(ABORT, 'the outcome log is append-only');
END;

CREATE TRIGGER outcomes_no_rewrite
BEFORE UPDATE OF outcome_id, customer_id, manager_id, terminal_id, at, channel, line_result,
                 business_outcome, reason, script_id, supersedes, recorded_at ON outcomes
BEGIN
    SELECT RAISE(ABORT, 'the outcome log is append-only');
END;

-- Follow-ups are event-sourced: the events travel between terminals, the table is their result.
CREATE TABLE followup_events (
    event_id    TEXT PRIMARY KEY,        -- UUID
    followup_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('created', 'rescheduled', 'done', 'cancelled', 'reassigned')),
    owner_id    TEXT,
    due_on      TEXT,
    slot        TEXT,                    -- 'HH:MM' or NULL for any time that day
    channel     TEXT,
    purpose     TEXT,
    outcome_id  TEXT,                    -- the contact that created or closed it
    at          TEXT NOT NULL,
    terminal_id TEXT NOT NULL,
    by_id       TEXT,
    based_on    TEXT                     -- the latest event of this follow-up its author had seen
);
CREATE INDEX followup_events_followup ON followup_events (followup_id, at);

CREATE TABLE followups (
    followup_id   TEXT PRIMARY KEY,
    customer_id   TEXT NOT NULL,
    owner_id      TEXT,
    due_on        TEXT NOT NULL,
    slot          TEXT,
    channel       TEXT NOT NULL DEFAULT 'phone',
    purpose       TEXT,
    status        TEXT NOT NULL DEFAULT 'open'
                  CHECK (status IN ('open', 'done', 'cancelled', 'rescheduled')),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    last_event_id TEXT
);
CREATE INDEX followups_owner_due ON followups (owner_id, status, due_on);
CREATE INDEX followups_customer ON followups (customer_id);
"""


def upgrade(conn: sqlite3.Connection) -> None:
    from workbench.db.migrations import run_script

    run_script(conn, SQL)
    # Each terminal has a stable identity from the day its database is created.
    conn.execute("INSERT INTO meta (key, value) VALUES ('terminal_id', ?)", (str(uuid.uuid4()),))
