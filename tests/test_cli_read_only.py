"""A database file this user may not write: doctor reads and checks it, every other command says it is read-only."""

import json
import os
import shutil
import subprocess
from contextlib import contextmanager

import pytest

from workbench.db import open_db


def _writable(path) -> bool:
    try:
        os.close(os.open(path, os.O_RDWR))
    except OSError:
        return False
    return True


@pytest.fixture
def read_only(db_path, cli):
    """db_path (WAL, as init makes it) with a supervisor and a manager, then made unwritable for real: mode 0444,
    and for root, whom the mode does not stop, the immutable flag."""
    assert cli("--db", db_path, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor").exit_code == 0
    assert cli("--db", db_path, "--user", "S1", "staff", "add", "M1", "--name", "李经理").exit_code == 0
    before = db_path.read_bytes()
    with unwritable(db_path):
        yield db_path, before


@contextmanager
def unwritable(path):
    """A file or folder made unwritable for real while inside: its mode (0444, a folder 0555), and for root,
    whom the mode does not stop, the immutable flag."""
    folder = path.is_dir()
    os.chmod(path, 0o555 if folder else 0o444)
    flagged = False
    if os.access(path, os.W_OK) if folder else _writable(path):
        if not shutil.which("chattr") or subprocess.run(["chattr", "+i", path], capture_output=True).returncode:
            pytest.skip("this user can write anything and cannot set the immutable flag")
        flagged = True
    try:
        yield
    finally:
        if flagged:
            subprocess.run(["chattr", "-i", path], check=True)
        os.chmod(path, 0o755 if folder else 0o600)


def test_doctor_reads_a_read_only_file_and_says_it_is_not_writable(read_only, cli):
    path, before = read_only
    result = cli("--db", path, "doctor", "--json")
    assert result.exit_code == 1, result.stderr
    found = json.loads(result.stdout)
    assert found["integrity"] == "ok" and found["counts"]["staff"] == 2 and found["schema_version"] > 0
    assert [w["code"] for w in found["warnings"]][:2] == ["file_read_only", "file_readable_by_others"]
    assert found["warnings"][0]["message"].startswith(f"{path} is read-only for this user: doctor only read it")
    text = cli("--db", path, "--lang", "zh_CN", "doctor")
    assert text.exit_code == 1 and "对当前用户是只读的" in text.stdout.replace("\n", "")
    assert path.read_bytes() == before


@pytest.mark.parametrize("args", [("--user", "M1", "calllist", "--manager", "M1"), ("--user", "S1", "report"),
                                  ("staff", "list")])
def test_other_commands_say_the_file_is_read_only(read_only, cli, args):
    path, before = read_only
    result = cli("--db", path, *args)
    assert (result.exit_code, result.stderr) == (2, (
        f"error: {path} is read-only for this user, so nothing can be recorded in it; make it writable"
        f" (chmod 600 {path} as its owner) or work on a writable copy with --db.\n"))
    assert path.read_bytes() == before


@pytest.fixture
def in_read_only_folder(tmp_path):
    """A writable WAL database, and a file that is no database, in a folder this user may not write."""
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "branch.sqlite"
    db = open_db(path)   # WAL, as every workbench database; closed, so the WAL is folded in and removed
    db.execute("INSERT INTO staff (staff_id, name, role) VALUES ('M1', '李经理', 'manager')")
    db.close()
    assert not list(folder.glob("branch.sqlite-*"))
    (folder / "notes.sqlite").write_text("not a database", encoding="utf-8")
    before = path.read_bytes()
    with unwritable(folder):
        yield path, before


def test_a_database_in_a_read_only_folder_is_read_by_doctor_and_refused_by_the_rest(in_read_only_folder, cli):
    """SQLite keeps a WAL database's shared memory beside it: doctor reads it immutable, the others say why."""
    path, before = in_read_only_folder
    result = cli("--db", path, "doctor", "--json")
    assert result.exit_code == 1, result.stderr
    found = json.loads(result.stdout)
    assert found["integrity"] == "ok" and found["counts"]["staff"] == 1
    assert "folder_read_only" in [w["code"] for w in found["warnings"]]
    listed = cli("--db", path, "--user", "M1", "calllist", "--manager", "M1")
    assert (listed.exit_code, listed.stderr) == (2, (
        f"error: {path.parent}, the folder of {path}, is read-only for this user, and SQLite writes its journal"
        f" beside the database, so nothing can be recorded; make the folder writable or work on a copy elsewhere"
        f" with --db.\n"))
    junk = cli("--db", path.parent / "notes.sqlite", "doctor")
    assert (junk.exit_code, junk.stderr) == (2, f"error: Cannot open {path.parent / 'notes.sqlite'} as a workbench"
                                                " database: it is not a database file (a file of another kind,"
                                                " or an encrypted one).\n")
    assert path.read_bytes() == before


def test_doctor_reads_a_read_only_database_of_an_older_schema(tmp_path, cli):
    """Not migrated (that would write), so tables later migrations add are missing: doctor says what it can."""
    import sqlite3

    from workbench.db.migrations import MIGRATIONS

    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    for migration in (m for m in MIGRATIONS if m.version <= 90):   # before campaigns (106)
        conn.execute("BEGIN")
        migration.upgrade(conn)
        conn.execute("INSERT INTO schema_migrations VALUES (?, ?, '2026-01-01T00:00:00')", (migration.version, migration.name))
        conn.execute("COMMIT")
    conn.close()
    with unwritable(path):
        result = cli("--db", path, "doctor", "--json")
    assert result.exit_code == 1 and "Traceback" not in result.stderr, result.stderr
    found = json.loads(result.stdout)
    assert (found["integrity"], found["schema_version"]) == ("ok", 90)
    assert "file_read_only" in [w["code"] for w in found["warnings"]]


def test_a_file_its_mode_lets_be_written_but_cannot_be_is_not_told_to_chmod(db_path, cli):
    """Marked immutable (or on a read-only disk): chmod would change nothing, so the sentence says what does."""
    assert cli("--db", db_path, "staff", "add", "M1", "--name", "李经理").exit_code == 0
    os.chmod(db_path, 0o600)
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", db_path], capture_output=True).returncode:
        pytest.skip("this user cannot set the immutable flag")
    try:
        listed = cli("--db", db_path, "staff", "list")
        doctor = json.loads(cli("--db", db_path, "doctor", "--json").stdout)
    finally:
        subprocess.run(["chattr", "-i", db_path], check=True)
    assert (listed.exit_code, listed.stderr) == (2, (
        f"error: {db_path} cannot be written although its permissions allow it: it is marked immutable (chattr -i"
        f" {db_path} lifts that) or lies on a read-only disk; work on a writable copy with --db.\n"))
    warning = next(w for w in doctor["warnings"] if w["code"] == "file_read_only")
    assert "chmod" not in warning["message"] and "chattr -i" in warning["message"]
