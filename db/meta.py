"""The database's own facts kept in its meta table: the terminal id, which every outcome entry and follow-up event
made here carries, so that bundles exchanged between terminals can tell whose each one is."""

from __future__ import annotations

import sqlite3


def terminal_id(conn: sqlite3.Connection) -> str | None:
    """This database's terminal id (None only in a database not yet migrated to have one)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'terminal_id'").fetchone()
    return row[0] if row else None


def has_terminal_id(conn: sqlite3.Connection) -> bool:
    """Whether the file has a meta table holding a terminal id, as migration 1 leaves every workbench database; asked
    of a file not yet known to be ours, whose meta table, if any, may have other columns."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(meta)")}
    return {"key", "value"} <= columns and terminal_id(conn) is not None


def set_terminal_id(conn: sqlite3.Connection, value: str) -> None:
    """Give this database another terminal id, inside the caller's transaction."""
    conn.execute("UPDATE meta SET value = ? WHERE key = 'terminal_id'", (value,))
