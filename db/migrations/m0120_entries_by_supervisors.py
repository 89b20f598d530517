"""Assignment and erasure entries from other desks apply only when a supervisor on the staff here made them (status
'not_supervisor' otherwise), and an assignment entry held because another manager had the customer ('other_manager')
may be decided again when a later bundle brings what it waited for.

A bundle's checksum detects damage, not forgery: anyone can rewrite a bundle and its checksum, so the by_id of an entry
is checked against this desk's own staff. SQLite cannot alter a CHECK, so both tables are rebuilt from the migrations
that made them (115 and 117, with arrived_at as 118 added it), keeping each row's rowid (the order bundles send them
in). The assignments table stays append-only in its travelling columns; only the status and manager_here of an entry
held as 'other_manager' may change, to what this desk makes of it later.
"""

import re
import sqlite3

from workbench.db.migrations import run_script

# Each table: the migration that made it, its status list's last entry, and the triggers and indexes it made.
TABLES = {
    "assignments": ("m0115_assignments", "'not_manager'", ("assignments_no_delete", "assignments_no_rewrite"),
                    ("assignments_customer_at", "assignments_at")),
    "erasures": ("m0117_erasures", "'unknown_customer'", ("erasures_no_delete", "erasures_no_rewrite"),
                 ("erasures_customer", "erasures_at")),
}

REWRITE = """
DROP TRIGGER assignments_no_rewrite;
CREATE TRIGGER assignments_no_rewrite
BEFORE UPDATE OF assignment_id, customer_id, from_manager_id, to_manager_id, at, terminal_id, by_id, source, arrived_at
ON assignments
BEGIN
    SELECT RAISE(ABORT, 'the assignment log is append-only');
END;
CREATE TRIGGER assignments_decided_once BEFORE UPDATE OF status, manager_here ON assignments
WHEN OLD.status IS NOT 'other_manager'
BEGIN
    SELECT RAISE(ABORT, 'the assignment log is append-only');
END;
"""


def upgrade(conn: sqlite3.Connection) -> None:
    import importlib

    for table, (module, last, triggers, indexes) in TABLES.items():
        sql = importlib.import_module(f"workbench.db.migrations.{module}").SQL
        widened, found = re.subn(rf"({last})\)", r"\1, 'not_supervisor')", sql, count=1)
        assert found, table
        for name in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        for name in indexes:
            conn.execute(f"DROP INDEX {name}")
        columns = ", ".join(["rowid", *(r[1] for r in conn.execute(f"PRAGMA table_info({table})"))])
        conn.execute(f"ALTER TABLE {table} RENAME TO {table}_old")
        run_script(conn, widened)
        conn.execute(f"ALTER TABLE {table} ADD COLUMN arrived_at TEXT")   # as migration 118
        conn.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}_old ORDER BY rowid")
        conn.execute(f"DROP TABLE {table}_old")
    run_script(conn, REWRITE)
