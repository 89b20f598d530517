"""Numbered schema migrations, recorded in the database's schema_migrations table.

Each module named ``mNNNN_<name>.py`` in this package holds one migration: a ``SQL`` string, or
an ``upgrade(conn)`` function for changes SQL alone cannot express. They run in order, each in its
own transaction, and a database opened by an older workbench is brought forward on open.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

# The columns of schema_migrations as apply_migrations makes it (name, declared type, place in the key).
_RECORD_COLUMNS = (("version", "INTEGER", 1), ("name", "TEXT", 0), ("applied_at", "TEXT", 0))


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    upgrade: Callable[[sqlite3.Connection], None]


def _discover() -> list[Migration]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if not (info.name.startswith("m") and info.name[1:5].isdigit()):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "upgrade"):
            upgrade = module.upgrade
        else:
            sql = module.SQL
            upgrade = lambda conn, sql=sql: run_script(conn, sql)  # noqa: E731
        found.append(Migration(int(info.name[1:5]), info.name[6:], upgrade))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"two migrations share a number: {versions}")
    return found



def with_script_purpose(sql: str, purpose: str) -> str:
    """An earlier migration's rebuild of the scripts table with one more purpose at the end of its CHECK
    (SQLite cannot alter a CHECK, so each new purpose rebuilds the table)."""
    widened, found = re.subn(r"(CHECK \(purpose IN\s*\([^)]*)\)", lambda m: f"{m.group(1)}, '{purpose}')", sql, count=1)
    if not found:
        raise ValueError(f"no purpose list to widen with {purpose!r}")
    return widened


def add_script_purpose(conn: sqlite3.Connection, sql: str, purpose: str) -> None:
    """Rebuild the scripts table by sql and add the shipped scripts of the purpose; a script already there
    under the same id is left as the branch has it."""
    from workbench.scripts import save_scripts, shipped_scripts

    run_script(conn, sql)
    save_scripts(conn, [s for s in shipped_scripts() if s.purpose == purpose], replace=False)


def run_script(conn: sqlite3.Connection, sql: str) -> None:
    """Run several statements inside the caller's transaction (executescript would commit)."""
    for statement in _split(sql):
        conn.execute(statement)


def _split(sql: str) -> list[str]:
    statements, buf = [], ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                statements.append(buf.strip())
            buf = ""
    if buf.strip():
        statements.append(buf.strip())
    return statements


def current_version(conn: sqlite3.Connection) -> int:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if not exists:
        return 0
    # Whole numbers only: another program's table of that name may hold text versions, which Python cannot compare.
    return conn.execute(
        "SELECT coalesce(max(version), 0) FROM schema_migrations WHERE typeof(version) = 'integer'").fetchone()[0]


def recorded_migrations(conn: sqlite3.Connection) -> int | None:
    """How many migrations the file's schema_migrations records, if it is the record apply_migrations keeps; None for
    another program's table of that name (Rails, golang-migrate, dbmate all keep one): other columns, or records
    without migration 1 under its name here."""
    columns = conn.execute("PRAGMA table_info(schema_migrations)")
    if tuple((name, kind, key) for _, name, kind, _, _, key in columns) != _RECORD_COLUMNS:
        return None
    count, first = conn.execute(
        "SELECT count(*), max(CASE version WHEN 1 THEN name END) FROM schema_migrations").fetchone()
    return None if count and first != MIGRATIONS[0].name else count


def _applied_versions(conn: sqlite3.Connection) -> set[int]:
    return {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}


def apply_migrations(conn: sqlite3.Connection) -> list[int]:
    """Apply every pending migration, each atomically; returns the versions applied."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"   # as _RECORD_COLUMNS
    )
    applied = []
    for migration in MIGRATIONS:
        # By presence, not by the highest number: parts number their migrations in separate ranges,
        # so a file migrated by a newer part (say 60) may still lack a lower one (say 10) added later.
        if migration.version in _applied_versions(conn):
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-check under the write lock: another process may have migrated meanwhile.
            if migration.version in _applied_versions(conn):
                conn.execute("ROLLBACK")
                continue
            migration.upgrade(conn)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, datetime.now(timezone.utc).isoformat(timespec="seconds")),
            )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:   # SQLite has rolled back itself on a full disk: a second ROLLBACK hid why
                conn.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    return applied


# Last: a migration module may import this package's helpers above.
MIGRATIONS = _discover()
