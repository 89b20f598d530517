"""A file the workbench must not migrate: another program's SQLite database is refused and left byte for byte as it
was; a database a newer workbench wrote is written by no command, and doctor reads it and says so (exit 1)."""

import json
import sqlite3

from workbench.db import SCHEMA_VERSION, open_db


def _foreign(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO moz_places (url) VALUES ('x')")
    conn.commit()
    conn.close()
    return path


def test_another_programs_database_is_refused_and_left_as_it_was(cli, tmp_path):
    path = _foreign(tmp_path / "places.sqlite")
    before = path.read_bytes()
    for command in (("doctor",), ("--user", "M001", "calllist", "--manager", "M001"), ("init",)):
        result = cli("--db", path, *command)
        assert result.exit_code == 2, (command, result.stdout)
        assert result.stderr.strip() == (f"error: {path} is an SQLite database of another program (its tables:"
                                          " moz_places), not a workbench database, so it was left as it is; give the"
                                          " workbench database with --db."), command
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("places")] == ["places.sqlite"]   # no WAL made
    result = cli("--db", path, "--lang", "zh_CN", "doctor")
    assert result.stderr.strip() == (f"错误：{path} 是其他程序的 SQLite 数据库（其中的表：moz_places），不是工作台数据库，"
                                     "因此未作任何改动；请用 --db 指定工作台数据库。")


def test_an_empty_database_and_a_new_file_are_made_ours(cli, tmp_path):
    empty = tmp_path / "empty.sqlite"
    conn = sqlite3.connect(empty)
    conn.execute("PRAGMA user_version = 0")   # a database file with no table
    conn.execute("VACUUM")
    conn.close()
    assert empty.stat().st_size > 0
    assert cli("--db", empty, "init").exit_code == 0
    assert cli("--db", tmp_path / "new.sqlite", "init").exit_code == 0
    for path in (empty, tmp_path / "new.sqlite"):
        db = open_db(path)
        assert db.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == SCHEMA_VERSION
        db.close()


def _newer(path):
    open_db(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migrations VALUES (?, 'from_the_future', '2026-12-01T00:00:00+00:00')",
                 (SCHEMA_VERSION + 7,))
    conn.commit()
    conn.close()
    return path


def test_a_database_of_a_newer_workbench_is_written_by_no_command(cli, tmp_path):
    path = _newer(tmp_path / "fut.sqlite")
    assert cli("--db", path, "staff", "add", "S001", "--name", "王主管", "--role", "supervisor").exit_code == 2
    result = cli("--db", path, "init")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: {path} was written by a newer Branch Workbench (its schema is version {SCHEMA_VERSION + 7}; this one"
        f" knows up to {SCHEMA_VERSION}), so this one writes nothing into it, which could lose what the newer one keeps;"
        " use it with the newer workbench.")
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM staff").fetchone()[0] == 0
    conn.close()


def test_doctor_reads_a_newer_database_and_says_whose_it_is(cli, tmp_path):
    path = _newer(tmp_path / "fut.sqlite")
    result = cli("--db", path, "doctor", "--json")
    assert result.exit_code == 1, result.stderr
    found = json.loads(result.stdout)
    assert found["integrity"] == "ok" and found["schema_version"] == SCHEMA_VERSION + 7
    assert found["warnings"][0]["code"] == "schema_newer_than_program"
    assert found["warnings"][0]["message"] == (
        f"{path} was written by a newer Branch Workbench (its schema is version {SCHEMA_VERSION + 7}; this one knows"
        f" up to {SCHEMA_VERSION}), so this one writes nothing into it, which could lose what the newer one keeps; use"
        " it with the newer workbench. Doctor only read it.")
    text = cli("--db", path, "--lang", "zh_CN", "doctor")
    assert text.exit_code == 1 and "由新版网点工作台写入" in text.stdout
