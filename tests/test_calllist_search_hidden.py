"""`workbench calllist --search` says, as the app does, how many customers the search matches that no list shows,
and why: under the table, or as a note beside --json's list (whose list shape stays); a supervisor is told whose."""

import json

import pytest

from engine_rows import TODAY, add_customer, basic_branch
from workbench.db import open_db
from workbench.scoring import rescore

NOW = ("--now", "2026-03-10T10:00:00")


@pytest.fixture
def db(db_path):
    db = open_db(db_path)
    conn = db.conn
    basic_branch(conn)
    conn.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('S1', '赵主管', 'supervisor', 'B1')")
    add_customer(conn, "C1", name="张伟")
    add_customer(conn, "C2", name="张敏", phone_valid=0, phone_problem="Last call result: Suspended")
    add_customer(conn, "C3", name="张军", do_not_call=1)
    add_customer(conn, "C4", name="张强", manager_id="M2")
    rescore(conn, TODAY)
    db.close()
    return db_path


def test_the_table_says_who_the_search_matches_that_the_list_never_shows(cli, db):
    result = cli("--db", db, *NOW, "calllist", "--manager", "M1", "--search", "张")
    assert result.exit_code == 0, result.stderr
    assert "1 of 1" in result.stdout and "张伟" in result.stdout
    assert " ".join(result.stdout.split()).endswith(
        "3 matches not shown: 1 with another manager, 1 do not call, 1 number unusable")
    assert "张强" not in result.stdout and "李经理" not in result.stdout
    zh = cli("--db", db, *NOW, "--lang", "zh_CN", "calllist", "--manager", "M1", "--search", "张").stdout
    assert "".join(zh.split()).endswith("未列出的匹配客户3位：属其他客户经理1位，要求勿扰1位，号码不可用1位")
    plain = cli("--db", db, *NOW, "calllist", "--manager", "M1").stdout
    assert "not shown" not in plain   # no search, nothing explained


def test_json_keeps_its_list_and_notes_the_rest_and_a_supervisor_hears_whose(cli, db):
    result = cli("--db", db, *NOW, "--user", "S1", "calllist", "--manager", "M1", "--search", "张", "--json")
    assert result.exit_code == 0, result.stderr
    assert [e["customer_id"] for e in json.loads(result.stdout)] == ["C1"]
    assert result.stderr.strip() == "note: 3 matches not shown: 1 with 李经理, 1 do not call, 1 number unusable"
    mine = cli("--db", db, *NOW, "calllist", "--manager", "M1", "--search", "张敏", "--json")
    assert json.loads(mine.stdout) == [] and mine.stderr.strip() == "note: 1 match not shown: 1 number unusable"


def test_a_match_resting_under_the_contact_rules_is_said_too(cli, db):
    """As the app's filter line: the manager's own customer on the retry delay is not lost, only resting."""
    assert cli("--db", db, *NOW, "--user", "M1", "log", "--customer", "C1", "--result", "phone_off").exit_code == 0
    result = cli("--db", db, *NOW, "calllist", "--manager", "M1", "--search", "张")
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stdout.split())
    assert said.endswith("1 resting (1 retry later) 3 matches not shown: 1 with another manager, 1 do not call,"
                         " 1 number unusable")
    as_json = cli("--db", db, *NOW, "calllist", "--manager", "M1", "--search", "张伟", "--json")
    assert json.loads(as_json.stdout) == [] and as_json.stderr.strip() == "note: 1 resting (1 retry later)"
    plain = cli("--db", db, *NOW, "calllist", "--manager", "M1").stdout
    assert "resting" not in plain   # no search: the list alone, as before
