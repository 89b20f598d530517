"""A database file this user may not write: doctor reads and checks it, every other command says it is read-only."""

import json
import os
import shutil
import subprocess

import pytest


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
    os.chmod(db_path, 0o444)
    flagged = False
    if _writable(db_path):
        if not shutil.which("chattr") or subprocess.run(["chattr", "+i", db_path], capture_output=True).returncode:
            pytest.skip("this user can write any file and cannot set the immutable flag")
        flagged = True
    yield db_path, before
    if flagged:
        subprocess.run(["chattr", "-i", db_path], check=True)
    os.chmod(db_path, 0o600)


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
