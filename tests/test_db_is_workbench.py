"""db.connection.is_workbench is the one test of a workbench database, which restoring a backup asks of it (backup)
and opening asks of a file before migrating it (must_be_ours); the one file opening takes and a restore does not is
schema_migrations alone and empty, where a first open stopped before migration 1."""

import sqlite3
from contextlib import closing

import pytest
import sync_data
from test_backup_restore import _restore

from workbench.db import open_db
from workbench.db.connection import ForeignDatabase, is_workbench, must_be_ours, _read_only

RECORD = "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);"
FILES = {   # name: (SQL, is_workbench, must_be_ours takes it)
    "first open stopped": (RECORD, False, True),
    "another program's, named as ours": (
        RECORD + " INSERT INTO schema_migrations VALUES (1, 'foundation', '2024-01-01T00:00:00+00:00');", False, False),
    "ours, its terminal id gone": (
        RECORD + " INSERT INTO schema_migrations VALUES (1, 'foundation', '2024-01-01T00:00:00+00:00');"
                 " CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);", False, False),
}


@pytest.mark.parametrize("name", FILES)
def test_which_files_are_ours(tmp_path, name):
    sql, ours, taken = FILES[name]
    path = tmp_path / "x.sqlite"
    with closing(sqlite3.connect(path)) as conn:
        conn.executescript(sql)
    with closing(_read_only(path)) as conn:
        assert is_workbench(conn) is ours
    if taken:
        must_be_ours(path)
    else:
        with pytest.raises(ForeignDatabase):
            must_be_ours(path)


def test_a_workbench_database_is_one(tmp_path):
    path = tmp_path / "w.sqlite"
    open_db(path).conn.close()
    with closing(_read_only(path)) as conn:
        assert is_workbench(conn)
    must_be_ours(path)


def test_a_restore_refuses_the_file_a_first_open_left(tmp_path, cli):
    database, _other = sync_data.two_terminals(tmp_path)
    stopped = tmp_path / "stopped.sqlite"
    with closing(sqlite3.connect(stopped)) as conn:
        conn.executescript(RECORD)
    r = _restore(cli, database, "2026-11-20T14:00:00", "S1", stopped)
    assert r.exit_code == 2 and r.stderr == (f"error: {stopped} is not a workbench database, nor a backup of one;"
                                             " nothing was restored.\n"), r.stderr
