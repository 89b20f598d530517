"""Erasure entries: each `privacy erase` made on a desk, kept so that bundles carry it to the other desks, which erase
the customer there too (workbench.privacy.erase, the same function and the same 'erase' audit entry).

An entry holds no personal data: the customer number, when, on which terminal and by whom. Its own columns travel
in bundles and are the same on every desk; status says what this desk made of it (made here, applied, already
erased here, or the customer is not known here). Append-only, as the outcome log is.

A customer erased before this migration gets one entry made here, at the time and by the supervisor its 'erase'
audit entry names, so that erasures made before bundles carried them travel too; and the notes about them that a
bundle from a desk that had not erased them brought back are cleared again.
"""

import sqlite3

from workbench.db.migrations import run_script

SQL = """
CREATE TABLE erasures (
    erasure_id  TEXT PRIMARY KEY,   -- UUID
    customer_id TEXT NOT NULL,
    at          TEXT NOT NULL,      -- local time, to the second
    terminal_id TEXT NOT NULL,
    by_id       TEXT NOT NULL,      -- the supervisor who erased
    status      TEXT NOT NULL DEFAULT 'made_here'
                CHECK (status IN ('made_here', 'applied', 'already', 'unknown_customer'))
);
CREATE INDEX erasures_customer ON erasures (customer_id);
CREATE INDEX erasures_at ON erasures (at);

CREATE TRIGGER erasures_no_delete BEFORE DELETE ON erasures
BEGIN
    SELECT RAISE(ABORT, 'the erasure log is append-only');
END;

CREATE TRIGGER erasures_no_rewrite BEFORE UPDATE ON erasures
BEGIN
    SELECT RAISE(ABORT, 'the erasure log is append-only');
END;
"""

# An erased customer whose audit entry is missing (a database mended by hand) still gets an entry.
_UNKNOWN_AT, _UNKNOWN_BY = "2000-01-01T00:00:00", "unknown"


def upgrade(conn: sqlite3.Connection) -> None:
    from workbench.ids import new_id

    run_script(conn, SQL)
    conn.execute("UPDATE outcomes SET note = '' WHERE note != '' AND customer_id IN"
                 " (SELECT customer_id FROM customers WHERE do_not_call_source = 'erasure')")
    row = conn.execute("SELECT value FROM meta WHERE key = 'terminal_id'").fetchone()
    erased = conn.execute(
        "SELECT c.customer_id, a.at, a.actor FROM customers c LEFT JOIN audit_log a ON a.seq ="
        " (SELECT max(seq) FROM audit_log WHERE action = 'erase' AND subject = c.customer_id)"
        " WHERE c.do_not_call_source = 'erasure' ORDER BY c.customer_id").fetchall()
    if row is None or not erased:
        return
    conn.executemany(
        "INSERT INTO erasures (erasure_id, customer_id, at, terminal_id, by_id) VALUES (?, ?, ?, ?, ?)",
        [(new_id(), customer, at or _UNKNOWN_AT, row[0], (actor or "").strip() or _UNKNOWN_BY)
         for customer, at, actor in erased])
