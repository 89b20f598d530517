"""Call scripts (话术) as data: one row per purpose, segment and language, with merge fields."""

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
