"""A file the workbench must not migrate: another program's SQLite database is refused and left byte for byte as it
was."""

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

