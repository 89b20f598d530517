"""The tamper-evident audit log: each entry stores the hash of the one before it."""

SQL = """
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT,
    action    TEXT NOT NULL,    -- outcome / import / export / refusal / phone_reveal / erase / ...
    subject   TEXT,             -- what it concerns: a customer id, a file name
    detail    TEXT NOT NULL DEFAULT '{}',   -- JSON
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
"""
