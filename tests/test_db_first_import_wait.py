"""A program that opens the database while a first import holds it under a rollback journal waits, as for any
writer, and goes on when the import ends: SQLite answers the switch to WAL with "database is locked" at once, without
the busy wait, and every command and the app were turned away at once with a sentence saying they had waited."""

import sqlite3
import threading
import time

from workbench.db import connect


def _held_for(path, seconds: float) -> threading.Thread:
    """Another process's first import: the file under a rollback journal, written to for `seconds`; the test joins the
    thread that ends it before its folder is removed (a COMMIT into a removed folder is a disk I/O error)."""
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("CREATE TABLE being_imported (n)")   # written, not yet committed: the write lock is held
    holding = threading.Event()

    def release():
        holding.set()
        time.sleep(seconds)
        holder.execute("COMMIT")
        holder.close()

    thread = threading.Thread(target=release, daemon=True)
    thread.start()
    holding.wait()
    return thread


def test_a_connection_waits_for_a_first_import_and_goes_on_when_it_ends(db_path):
    held = _held_for(db_path, 0.6)
    started = time.monotonic()
    conn = connect(db_path)   # as each of the app's workers opens one
    assert time.monotonic() - started >= 0.5   # it waited for the import, rather than being turned away at once
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    held.join()


def test_a_command_waits_for_a_first_import_too(db_path, cli):
    held = _held_for(db_path, 0.6)
    result = cli("--db", db_path, "doctor")
    assert result.exit_code == 0, result.stderr
    held.join()


def test_past_the_busy_timeout_it_gives_up_with_the_busy_sentence(db_path, cli, monkeypatch):
    from workbench.db import connection

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 300)
    held = _held_for(db_path, 2.0)
    started = time.monotonic()
    result = cli("--db", db_path, "doctor")
    assert result.exit_code == 75 and result.stderr.startswith(f"error: {db_path} is busy")
    assert time.monotonic() - started >= 0.3
    held.join()
