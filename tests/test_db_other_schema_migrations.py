"""A table named schema_migrations does not make a file ours: Rails, golang-migrate and dbmate keep one too. Their
databases are refused in one sentence and left byte for byte as they were (no WAL switch); a workbench database of
any age, an old sample from the project's history among them, is still taken and migrated."""

import sqlite3
from contextlib import closing

import pytest
from test_cli_read_only import unwritable
from test_migrations_contact_state import old_sample

from workbench.db import SCHEMA_VERSION, migrations, open_db, terminal_id

OTHERS = {
    "golang-migrate": "CREATE TABLE schema_migrations (version uint64, dirty bool);"
                      " INSERT INTO schema_migrations VALUES (3, 0);",
    "rails": "CREATE TABLE schema_migrations (version varchar NOT NULL PRIMARY KEY);"
             " INSERT INTO schema_migrations VALUES ('20231010120000');"
             " CREATE TABLE ar_internal_metadata (key varchar PRIMARY KEY, value varchar);",
    # our very columns and a meta table like ours, but another program's records
    "same columns": "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                    " applied_at TEXT NOT NULL);"
                    " INSERT INTO schema_migrations VALUES (1, 'create_users', '2024-01-01T00:00:00+00:00');"
                    " CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                    " INSERT INTO meta VALUES ('terminal_id', 'web-1');",
    # a numbered migration 1 named as ours, yet no meta table with a terminal id
    "named as ours": "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                     " applied_at TEXT NOT NULL);"
                     " INSERT INTO schema_migrations VALUES (1, 'foundation', '2024-01-01T00:00:00+00:00');",
}


def _made(path, sql):
    with closing(sqlite3.connect(path)) as conn:
        conn.executescript(sql + " CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);"
                                 " INSERT INTO users (name) VALUES ('ann');")
    return path


def _said(path, tables):
    return (f"error: {path} is an SQLite database of another program (its tables: {tables}), not a workbench database,"
            " so it was left as it is; give the workbench database with --db.")


@pytest.mark.parametrize("style", OTHERS)
def test_another_programs_schema_migrations_is_refused_and_left_as_it_was(cli, tmp_path, style):
    path = _made(tmp_path / "app.sqlite", OTHERS[style])
    tables = {"rails": "ar_internal_metadata, schema_migrations, users",
              "same columns": "meta, schema_migrations, users"}.get(style, "schema_migrations, users")
    before = path.read_bytes()
    for command in (("doctor",), ("--user", "M001", "calllist", "--manager", "M001"), ("init",)):
        result = cli("--db", path, "--lang", "en", *command)
        assert (result.exit_code, result.stderr.strip()) == (2, _said(path, tables)), command
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["app.sqlite"]   # no -wal nor -shm beside it
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_doctor_refuses_another_programs_file_it_may_only_read(cli, tmp_path):
    path = _made(tmp_path / "app.sqlite", OTHERS["rails"])
    with unwritable(path):
        result = cli("--db", path, "--lang", "en", "doctor")
    assert (result.exit_code, result.stderr.strip()) == (
        2, _said(path, "ar_internal_metadata, schema_migrations, users"))


def test_text_versions_never_reach_a_comparison(tmp_path):
    path = _made(tmp_path / "app.sqlite", OTHERS["rails"])
    with closing(sqlite3.connect(path)) as conn:
        assert migrations.current_version(conn) == 0
        assert migrations.recorded_migrations(conn) is None


def test_an_old_workbench_database_from_history_is_taken_and_migrated(cli, tmp_path):
    path = old_sample("66034ae", tmp_path / "old.sqlite")   # schema 60, recorded 1, 2, 3, 4 and 60 only
    with closing(sqlite3.connect(path)) as conn:
        assert [r[0] for r in conn.execute("SELECT version FROM schema_migrations")] == [1, 2, 3, 4, 60]
        was = terminal_id(conn)
    result = cli("--db", path, "--lang", "en", "doctor")
    assert result.exit_code in (0, 1) and "Integrity: ok" in result.stdout, result.stderr
    assert f"Schema version: {SCHEMA_VERSION} (current {SCHEMA_VERSION})" in result.stdout
    db = open_db(path)
    try:
        recorded = [r[0] for r in db.execute("SELECT version FROM schema_migrations ORDER BY version")]
        assert recorded == [m.version for m in migrations.MIGRATIONS]
        assert terminal_id(db.conn) == was and db.execute("SELECT count(*) FROM customers").fetchone()[0] == 5000
    finally:
        db.close()


def test_a_first_open_stopped_before_migration_1_is_still_ours(cli, tmp_path):
    path = tmp_path / "new.sqlite"
    with closing(sqlite3.connect(path)) as conn:   # what apply_migrations leaves when migration 1 fails
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                     " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    assert cli("--db", path, "init").exit_code == 0
    with closing(sqlite3.connect(path)) as conn:
        assert migrations.current_version(conn) == SCHEMA_VERSION and terminal_id(conn)
