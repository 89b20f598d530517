"""A full or failing disk, and a folder that cannot be written, are one sentence of ours in the interface language
with exit 74, never "unexpected OperationalError: database or disk is full" nor SQLite's "cannot rollback - no
transaction is active", which hid the real cause when a migration ran out of room."""

import os
import resource
import sqlite3
import subprocess
import sys

import pytest

from tests.import_support import write_csv
from tests.test_cli_read_only import unwritable
from workbench.errors import DISK_EXIT


def _workbench(tmp_path, *args, file_size: int):
    """The real command in a process that may grow no file past file_size bytes (as a disk with that much room)."""
    env = {**os.environ, "WORKBENCH_HOME": str(tmp_path / "home"), "WORKBENCH_LANG": "en"}
    limit = lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))  # noqa: E731
    return subprocess.run([sys.executable, "-m", "workbench", *map(str, args)], capture_output=True, text=True,
                          env=env, preexec_fn=limit, timeout=120)


def test_a_migration_that_runs_out_of_room_says_so_not_cannot_rollback(tmp_path):
    path = tmp_path / "new.sqlite"
    result = _workbench(tmp_path, "--db", path, "--lang", "zh_CN", "init", file_size=100_000)
    assert result.returncode == DISK_EXIT, result.stderr
    assert result.stderr == (f"错误：无法读写 {path}（磁盘可能已满、出现故障或已被移除），因此没有记录任何内容；"
                             "请检查磁盘后再试。\n")
    conn = sqlite3.connect(path)   # each migration whole or not at all: the next open, with room, goes on
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_an_import_that_fills_the_disk_is_one_sentence(cli, db_path, tmp_path, monkeypatch):
    from workbench.db import connection

    real = connection.connect

    def no_room(path, **kw):   # the file may not grow by a page: SQLite's own "database or disk is full"
        conn = real(path, **kw)
        conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
        return conn

    monkeypatch.setattr(connection, "connect", no_room)
    extract = write_csv(tmp_path / "x.csv", [["客户号", "姓名"], *([f"C{i}", f"客户{i}"] for i in range(3000))])
    for lang, said in (("en", f"error: The disk holding {db_path} is full, so nothing was recorded; free some space on"
                              " it and try again.\n"),
                       ("zh_CN", f"错误：{db_path} 所在的磁盘已满，因此没有记录任何内容；请在该磁盘上腾出空间后再试。\n")):
        result = cli("--db", db_path, "--lang", lang, "import", "customers", extract)
        assert (result.exit_code, result.stderr) == (DISK_EXIT, said)
    monkeypatch.setattr(connection, "connect", real)
    assert cli("--db", db_path, "import", "customers", extract).exit_code == 0   # with room, it goes in


def test_an_export_into_a_folder_that_cannot_be_written_names_the_file_asked_for(cli, db_path, tmp_path):
    assert cli("--db", db_path, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor").exit_code == 0
    folder = tmp_path / "out"
    folder.mkdir()
    with unwritable(folder):
        result = cli("--db", db_path, "--user", "S1", "export", "bundle", "--out", folder / "b.wbundle")
    assert result.exit_code == DISK_EXIT
    assert result.stderr.startswith(f"error: This user may not use {folder / 'b.wbundle'} (its permissions, or its"
                                    " folder's)")
    assert ".part" not in result.stderr and "unexpected" not in result.stderr


@pytest.mark.parametrize("said, en", [
    ("database or disk is full", "The disk holding the database is full, so nothing was recorded"),
    ("disk I/O error", "The database could not be read or written (the disk may be full, failing or removed)"),
    ("database disk image is malformed", "The database is damaged: SQLite found a part of it that it cannot read"),
    ("database is locked", "The database is busy: another process has been writing to it"),
])
def test_without_a_path_the_sentence_speaks_of_the_database(said, en):
    from workbench.errors import plain_error
    from workbench.i18n import set_language

    assert str(plain_error(sqlite3.OperationalError(said))).startswith(en)
    set_language("zh_CN")
    assert "数据库" in str(plain_error(sqlite3.OperationalError(said)))
    assert plain_error(sqlite3.OperationalError("no such column: x")) is None
    set_language("en")
    assert str(plain_error(sqlite3.OperationalError(said), "co.sqlite")).startswith(("co.sqlite", "The disk holding co"))


def test_a_screen_says_what_its_worker_caught_as_the_cli_says_it():
    """SQLite's English becomes the CLI's sentence wherever a worker catches it, any wording SQLite adds included;
    a sentence of ours, or an error of no known kind, is said as it is."""
    from workbench.errors import WorkbenchError, plain_words

    assert plain_words(sqlite3.OperationalError("database is locked")).startswith("The database is busy")
    assert plain_words(sqlite3.DatabaseError("database disk image is malformed (page 7)")).startswith(
        "The database is damaged")
    assert plain_words(WorkbenchError("No such customer C1.")) == "No such customer C1."
    assert plain_words(sqlite3.OperationalError("no such column: x")) == "no such column: x"
