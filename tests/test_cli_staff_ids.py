"""A staff id typed in another case (m1 for M1) is the stored id when exactly one matches, as extracts' staff codes."""

import json
import sqlite3

import pytest


@pytest.fixture
def staffed(db_path, cli):
    for args in (("S1", "--name", "王主管", "--role", "supervisor"), ("M1", "--name", "李经理"),
                 ("M2", "--name", "张经理")):
        assert cli("--db", db_path, "--user", "S1", "staff", "add", *args).exit_code == 0
    return db_path


def test_a_typed_id_in_another_case_acts_as_the_stored_one(staffed, cli, tmp_path):
    r = cli("--db", staffed, "--user", "s1", "staff", "set", "m2", "--name", "张伟")
    assert (r.exit_code, r.stdout) == (0, "M2 name: 张经理 -> 张伟\n")
    r = cli("--db", staffed, "--user", "s1", "staff", "hand-over", "m2", "--to", "m1", "--dry-run")
    assert r.exit_code == 0, r.stderr
    r = cli("--db", staffed, "--user", "s1", "report", "--manager", "m1", "--json")
    assert r.exit_code == 0, r.stderr
    assert cli("--db", staffed, "--user", "s1", "export", "outcomes", "--manager", "m1",
               "--out", tmp_path / "o.jsonl").exit_code == 0
    with sqlite3.connect(staffed) as conn:
        actors = [row[0] for row in conn.execute("SELECT DISTINCT actor FROM audit_log WHERE actor IS NOT NULL")]
        detail = conn.execute("SELECT detail FROM audit_log WHERE action = 'export'").fetchone()[0]
    assert "s1" not in actors and "S1" in actors   # the audit log names the stored id
    assert json.loads(detail)["manager"] == "M1"


def test_an_id_matching_several_in_case_is_refused_naming_them(staffed, cli):
    # staff add now refuses an id differing from another only in case; an older database may hold both.
    with sqlite3.connect(staffed) as conn:
        conn.executemany("INSERT INTO staff (staff_id, name, role, active) VALUES (?, ?, 'manager', 1)",
                         [("ab1", "甲"), ("AB1", "乙")])
    r = cli("--db", staffed, "--user", "S1", "staff", "set", "Ab1", "--name", "丙")
    assert (r.exit_code, r.stderr) == (2, "error: 'Ab1' matches staff ids that differ only in case: AB1, ab1;"
                                          " give one exactly.\n")
    assert cli("--db", staffed, "--user", "S1", "staff", "set", "ab1", "--name", "丙").exit_code == 0


def test_an_unknown_id_still_says_so(staffed, cli):
    r = cli("--db", staffed, "--user", "m9", "staff", "list")
    assert r.exit_code == 0   # listing staff needs nobody's word
    r = cli("--db", staffed, "--user", "S1", "staff", "set", "m9", "--name", "x")
    assert r.exit_code == 2 and "m9" in r.stderr


def test_every_command_taking_a_manager_takes_it_in_another_case(staffed, cli):
    """The call list, the agenda, logging and booking, warm leads, reassigning and the pool: each reads m1 as M1
    and writes M1."""
    with sqlite3.connect(staffed) as conn:
        conn.execute("INSERT INTO branches (branch_id, name) VALUES ('B1', '城东支行')")
        conn.executemany("INSERT INTO customers (customer_id, name, manager_id, branch_id, phone_e164, phone_valid)"
                         " VALUES (?, ?, ?, 'B1', ?, 1)", [("C1", "王芳", "M1", "+8613800000001"),
                                                           ("C2", "李强", None, "+8613800000002")])
    now = ("--now", "2026-11-20T10:00:00")
    for args in (("calllist", "--manager", "m1", "--json"), ("followups", "--manager", "m1"),
                 ("leads", "--manager", "m1"),
                 ("log", "--customer", "C1", "--result", "no_answer", "--manager", "m1"),
                 ("followup", "add", "--customer", "C1", "--when", "2026-11-23", "--manager", "m1"),
                 ("reassign", "--customer", "C1", "--to", "m2"),
                 ("pool", "assign", "C2", "--to", "m2")):
        r = cli("--db", staffed, *now, "--user", "s1", *args)
        assert r.exit_code == 0, (args, r.stderr)
    r = cli("--db", staffed, *now, "--user", "m2", "log", "--customer", "C2", "--result", "busy")
    assert r.exit_code == 0, r.stderr
    with sqlite3.connect(staffed) as conn:
        assert conn.execute("SELECT DISTINCT manager_id FROM outcomes ORDER BY 1").fetchall() == [("M1",), ("M2",)]
        assert conn.execute("SELECT owner_id FROM followups").fetchall() == [("M2",)]   # moved along with C1
        assert conn.execute("SELECT manager_id FROM customers ORDER BY customer_id").fetchall() == [("M2",), ("M2",)]
