"""`workbench branch list|set`: a 分理处 put under its 支行 on a real database, so the 支行's settings reach it."""

import json

import pytest

from test_staffing import rows
from workbench.db import open_db


@pytest.fixture
def branch_db(db_path):
    """As an extract leaves a branch: 城西支行 (310105) and 松陵分理处 (310106) both at the top, one supervisor, one
    manager."""
    db = open_db(db_path)
    db.execute("INSERT INTO branches (branch_id, name) VALUES ('310105', '城西支行'), ('310106', '松陵分理处'),"
               " ('310107', '盛泽分理处')")
    db.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('S1', '刘建国', 'supervisor', '310105'),"
               " ('M1', '王丽', 'manager', '310105')")
    db.close()
    return db_path


def _budget(cli, db_path, branch):
    shown = cli("--db", db_path, "settings", "show", "--branch", branch, "--json")
    return next((r["value"], r["source"]) for r in json.loads(shown.stdout) if r["key"] == "contact.budget_attempts")


def test_a_branch_s_setting_reaches_the_sub_branch_put_under_it(cli, branch_db):
    """The hierarchy was the sample's alone: a setting of the 支行 never reached its 分理处 on a real database."""
    assert cli("--db", branch_db, "--user", "S1", "settings", "set", "contact.budget_attempts", "2",
               "--branch", "310105").exit_code == 0
    assert _budget(cli, branch_db, "310106") == (3, "default")
    said = cli("--db", branch_db, "--now", "2026-11-21T09:00:00", "--user", "S1", "branch", "set", "310106",
               "--parent", "310105")
    assert (said.exit_code, said.stdout) == (0, "310106 above it: (none) -> 310105\n"
                                                "310106 level: branch office -> sub-branch\n")
    assert _budget(cli, branch_db, "310106") == (2, "310105")
    assert _budget(cli, branch_db, "310107") == (3, "default")   # the other 分理处 is still at the top
    assert rows(branch_db, "SELECT at, actor, action, subject, detail FROM audit_log WHERE action = 'branch_change'") == [
        ("2026-11-21T09:00:00", "S1", "branch_change", "310106",
         '{"level":["branch","sub_branch"],"parent_id":[null,"310105"]}')]
    assert cli("--db", branch_db, "--user", "S1", "branch", "set", "310106", "--parent", "").exit_code == 0
    assert _budget(cli, branch_db, "310106") == (3, "default")


def test_branch_list_shows_each_under_the_one_above_it(cli, branch_db):
    assert cli("--db", branch_db, "--user", "S1", "branch", "set", "310106", "--parent", "310105",
               "--name", "松陵分理处（新）").exit_code == 0
    listed = cli("--db", branch_db, "--lang", "zh_CN", "branch", "list").stdout.splitlines()
    lines = [line for line in listed if "3101" in line]
    assert [line.split("│")[1:4] for line in lines] == [
        [" 310105 ", " 城西支行         ", "        "],
        [" 310106 ", " 松陵分理处（新） ", " 310105 "],
        [" 310107 ", " 盛泽分理处       ", "        "]], listed
    assert "分理处" in lines[1].split("│")[4] and lines[0].split("│")[5].strip() == "2"   # S1 and M1


@pytest.mark.parametrize("args, code, says", [
    (["310105", "--parent", "310105"], 2, "A branch cannot be above itself (310105)."),
    (["310105", "--parent", "310106"], 2, "310106 is under 310105, so it cannot be above it."),
    (["310199", "--parent", "310105"], 2, "Unknown branch '310199'; the known branches are: 310105, 310106, 310107."),
    (["310107", "--parent", "999"], 2, "Unknown branch '999'; the known branches are: 310105, 310106, 310107."),
    (["310107"], 2, "Say what to change: --parent CODE, --name NAME, or both."),
    (["310107", "--name", " "], 2, "A branch's name cannot be empty."),
])
def test_a_loop_or_an_unknown_branch_is_one_sentence_and_changes_nothing(cli, branch_db, args, code, says):
    assert cli("--db", branch_db, "--user", "S1", "branch", "set", "310106", "--parent", "310105").exit_code == 0
    before = rows(branch_db, "SELECT * FROM branches ORDER BY branch_id")
    audited = rows(branch_db, "SELECT count(*) FROM audit_log")
    said = cli("--db", branch_db, "--user", "S1", "branch", "set", *args)
    assert (said.exit_code, said.stderr) == (code, f"error: {says}\n")
    assert rows(branch_db, "SELECT * FROM branches ORDER BY branch_id") == before
    assert rows(branch_db, "SELECT count(*) FROM audit_log") == audited


def test_only_a_supervisor_sets_a_branch_and_a_refusal_is_audited(cli, branch_db):
    said = cli("--db", branch_db, "--user", "M1", "branch", "set", "310106", "--parent", "310105")
    assert said.exit_code == 3 and "Only a supervisor may change a branch" in said.stderr
    assert rows(branch_db, "SELECT parent_id FROM branches WHERE branch_id = '310106'") == [(None,)]
    assert rows(branch_db, "SELECT actor, action FROM audit_log") == [("M1", "refusal")]
    nobody = cli("--db", branch_db, "branch", "set", "310106", "--parent", "310105")
    assert nobody.exit_code == 2 and "--user" in nobody.stderr
