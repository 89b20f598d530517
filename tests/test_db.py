"""The data layer: pragmas, migrations recorded in the database, and no Textual."""

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.db import SCHEMA_VERSION, connect, open_db, rollback_journal, schema_version
from workbench.db.connection import BUSY_TIMEOUT_MS
from workbench.db.migrations import MIGRATIONS, apply_migrations


def test_db_package_never_imports_textual():
    code = "import sys, workbench.db, workbench.db.connection; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_pragmas(fresh_db):
    assert fresh_db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert fresh_db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert fresh_db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_migrations_are_recorded(fresh_db):
    rows = fresh_db.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert [v for v, _ in rows] == [m.version for m in MIGRATIONS]
    assert rows[-1][0] == SCHEMA_VERSION
    assert rows[0][1] == "foundation"
    assert schema_version(fresh_db) == SCHEMA_VERSION


def test_reopening_applies_nothing(db_path):
    conn = sqlite3.connect(db_path)
    assert apply_migrations(conn) == []


def test_older_database_is_migrated_on_open(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    # Build the database as the first release left it: only migration 1, then data in it.
    conn.execute("BEGIN")
    MIGRATIONS[0].upgrade(conn)
    conn.execute("INSERT INTO schema_migrations VALUES (1, 'foundation', '2026-01-01T00:00:00')")
    conn.execute("COMMIT")
    conn.execute("INSERT INTO customers (customer_id, name) VALUES ('C1', '张三')")
    conn.close()
    db = open_db(path)
    assert schema_version(db) == SCHEMA_VERSION
    assert db.execute("SELECT name FROM customers WHERE customer_id = 'C1'").fetchone()[0] == "张三"


def test_terminal_id_is_stable(db_path):
    first = open_db(db_path).execute("SELECT value FROM meta WHERE key='terminal_id'").fetchone()[0]
    second = open_db(db_path).execute("SELECT value FROM meta WHERE key='terminal_id'").fetchone()[0]
    assert first == second and len(first) == 36


def test_outcome_log_is_append_only(fresh_db):
    fresh_db.execute(
        "INSERT INTO outcomes (outcome_id, customer_id, manager_id, terminal_id, at, line_result, recorded_at)"
        " VALUES ('u1', 'C1', 'M1', 'T', '2026-11-20T10:00:00', 'no_answer', '2026-11-20T10:00:05')"
    )
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        fresh_db.execute("UPDATE outcomes SET line_result = 'reached' WHERE outcome_id = 'u1'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        fresh_db.execute("DELETE FROM outcomes")


def test_create_indexes_builds_them_and_leaves_the_sorter_threads_as_they_were(tmp_path):
    from workbench.db import connect, create_indexes

    conn = connect(tmp_path / "x.sqlite")
    conn.execute("CREATE TABLE t (a, b)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [(i % 97, i) for i in range(5000)])
    conn.execute("PRAGMA threads = 0")
    create_indexes(conn, ["CREATE INDEX t_a ON t (a)", "CREATE INDEX t_ab ON t (a, b)"])
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert names == {"t_a", "t_ab"} and conn.execute("PRAGMA threads").fetchone()[0] == 0
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _mode(conn) -> str:
    return conn.execute("PRAGMA journal_mode").fetchone()[0]


def test_rollback_journal_for_a_lone_connection_writes_the_file_once_then_wal_again(db_path):
    conn = connect(db_path)
    try:
        with rollback_journal(conn) as switched:
            assert switched and _mode(conn) == "delete"
            assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2   # FULL
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("INSERT INTO branches (branch_id, name) VALUES (?, ?)",
                             [(f"B{i}", "支行" * 200) for i in range(2_000)])
            conn.execute("COMMIT")
        assert _mode(conn) == "wal" and conn.execute("PRAGMA synchronous").fetchone()[0] == 1
    finally:
        conn.close()
    wal = db_path.with_name(db_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0   # the rows went straight into the file
    assert db_path.stat().st_size > 2_000 * 600
    assert connect(db_path).execute("SELECT count(*) FROM branches").fetchone()[0] == 2_000


def test_rollback_journal_keeps_wal_while_another_connection_has_the_file_open(db_path):
    conn, other = connect(db_path), connect(db_path)
    try:
        other.execute("SELECT count(*) FROM branches").fetchone()
        with rollback_journal(conn) as switched:
            assert not switched and _mode(conn) == "wal"
            conn.execute("INSERT INTO branches (branch_id, name) VALUES ('B1', 'one')")
        assert other.execute("SELECT count(*) FROM branches").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS   # as it was, not left at 0
    finally:
        conn.close()
        other.close()


def test_a_connection_made_after_a_kill_under_the_rollback_journal_finds_the_old_state(db_path):
    """A hot journal left by a process killed mid-load is rolled back by the next connect()."""
    code = (
        "import os, sys\n"
        "from workbench.db import connect, rollback_journal\n"
        "conn = connect(sys.argv[1])\n"
        "with rollback_journal(conn):\n"
        "    conn.execute('BEGIN IMMEDIATE')\n"
        "    conn.execute('PRAGMA cache_size = 1')\n"   # pages spill into the file before the commit
        "    conn.executemany('INSERT INTO branches (branch_id, name) VALUES (?, ?)',"
        " ((f'B{i}', 'x' * 500) for i in range(5000)))\n"
        "    os._exit(9)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(db_path)], capture_output=True, text=True)
    assert done.returncode == 9, done.stderr
    assert db_path.with_name(db_path.name + "-journal").exists()
    conn = connect(db_path)
    try:
        assert _mode(conn) == "wal"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM branches").fetchone()[0] == 0
    finally:
        conn.close()


def test_the_pending_statuses_are_written_once():
    """Which follow-up statuses are pending is db.followups.PENDING (PENDING_SQL in SQL), not a list each query writes."""
    root = Path(__file__).resolve().parents[1]
    written = re.compile(r"""['"]open['"]\s*,\s*['"]rescheduled['"]""")
    found = [str(path.relative_to(root)) for folder in ("workbench", "db", "screens") for path in (root / folder).rglob("*.py")
             if written.search(path.read_text(encoding="utf-8"))]
    assert found == ["db/followups.py"]
