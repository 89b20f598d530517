"""A manager who has left is named as a leaver wherever an id is given, not as an unknown staff member."""

from __future__ import annotations

import json

import pytest

from sync_data import NOW, branch_file
from workbench.db import open_db



@pytest.fixture
def leaver(db_path, cli):
    """sync_data's branch with M2 gone: their customers handed to M1, M2 marked as left;
    C000 put back in the pool."""
    with open_db(branch_file(db_path)) as db:
        db.execute("UPDATE customers SET manager_id = NULL WHERE customer_id = 'C000'")
    done = cli("--db", db_path, *NOW, "--user", "S1", "staff", "hand-over", "M2", "--to", "M1", "--leave")
    assert done.exit_code == 0, done.stderr
    return db_path


def _name(path, staff_id):
    with open_db(path) as db:
        return db.execute("SELECT name FROM staff WHERE staff_id = ?", (staff_id,)).fetchone()[0]


@pytest.mark.parametrize("args", [
    ("--user", "S1", "reassign", "--customer", "C002", "--to", "M2"),
    ("--user", "S1", "pool", "assign", "C000", "--to", "M2"),
    ("--user", "S1", "calllist", "--manager", "M2"),
    ("--user", "S1", "followups", "--manager", "M2"),
    ("--user", "M2", "calllist", "--manager", "M2"),
])
def test_a_leaver_is_said_to_have_left(cli, leaver, args):
    r = cli("--db", leaver, *NOW, *args)
    assert r.exit_code != 0 and not r.stdout
    name = _name(leaver, "M2")
    assert r.stderr == (f"error: {name} (M2) has left the branch; `workbench staff set M2 --active` brings them"
                        " back.\n")
    with open_db(leaver) as db:   # nothing moved
        assert db.execute("SELECT manager_id FROM customers WHERE customer_id IN ('C000', 'C002')"
                          " ORDER BY customer_id").fetchall() == [(None,), ("M1",)]


def test_in_chinese_and_an_unknown_id_is_still_unknown(cli, leaver):
    r = cli("--db", leaver, *NOW, "--lang", "zh_CN", "--user", "S1", "calllist", "--manager", "M2")
    assert r.stderr == f"错误：{_name(leaver, 'M2')}（M2）已离职；如已返岗，可用 `workbench staff set M2 --active` 恢复。\n"
    r = cli("--db", leaver, *NOW, "--user", "S1", "calllist", "--manager", "M9")
    assert r.exit_code != 0 and "Unknown staff member 'M9'." in r.stderr


def test_brought_back_they_take_work_again(cli, leaver):
    back = cli("--db", leaver, *NOW, "--user", "S1", "staff", "set", "M2", "--active")
    assert back.exit_code == 0, back.stderr
    moved = cli("--db", leaver, *NOW, "--user", "S1", "reassign", "--customer", "C002", "--to", "M2")
    assert moved.exit_code == 0, moved.stderr
    assert cli("--db", leaver, *NOW, "--user", "S1", "calllist", "--manager", "M2", "--json").exit_code == 0


def test_a_follow_up_for_a_customer_left_on_a_leavers_list_goes_to_the_caller(db_path, cli):
    """Older data can leave customers with a manager marked as left (today's `staff set --inactive` refuses
    that): a supervisor logging a call there books the follow-up for themselves and is told how to hand the
    rest over, rather than refused with advice to bring the leaver back."""
    with open_db(branch_file(db_path)) as db:
        db.execute("UPDATE staff SET active = 0 WHERE staff_id = 'M2'")
    r = cli("--db", db_path, *NOW, "--user", "S1", "log", "--customer", "C001", "--result", "reached",
            "--outcome", "call_back", "--follow-up", "2026-11-23", "--json")
    assert r.exit_code == 0, r.stderr
    name = _name(db_path, "M2")
    assert r.stderr == (f"note: {name} (M2) has left the branch, so the follow-up is S1's; `workbench staff hand-over"
                        " M2` gives their customers to a manager at work.\n")
    followup_id = json.loads(r.stdout)["followup_id"]
    with open_db(db_path) as db:
        assert db.execute("SELECT owner_id FROM followups WHERE followup_id = ?", (followup_id,)).fetchone() == ("S1",)
        assert db.execute("SELECT manager_id FROM customers WHERE customer_id = 'C001'").fetchone() == ("M2",)
    # A customer whose manager is at work keeps the follow-up with them, and nothing is said.
    r = cli("--db", db_path, *NOW, "--user", "S1", "log", "--customer", "C002", "--result", "reached",
            "--outcome", "call_back", "--follow-up", "2026-11-23", "--json")
    assert (r.exit_code, r.stderr) == (0, "")
    with open_db(db_path) as db:
        assert db.execute("SELECT owner_id FROM followups WHERE followup_id = ?",
                          (json.loads(r.stdout)["followup_id"],)).fetchone() == ("M1",)
