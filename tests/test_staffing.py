"""Adding and changing staff: the first supervisor gets in, supervisors keep the table after that."""

import pytest

from workbench.db import open_db


def rows(db_path, sql):
    db = open_db(db_path)
    try:
        return db.conn.execute(sql).fetchall()
    finally:
        db.close()


def staff(db_path):
    return rows(db_path, "SELECT staff_id, name, role, branch_id, active FROM staff ORDER BY staff_id")


def audited(db_path):
    return rows(db_path, "SELECT actor, action, subject FROM audit_log ORDER BY seq")


@pytest.fixture
def branch_db(db_path):
    db = open_db(db_path)
    db.execute("INSERT INTO branches (branch_id, name) VALUES ('B1', '城东支行'), ('B2', '城西支行')")
    db.close()
    return db_path


def test_anybody_adds_the_first_supervisor_then_only_supervisors_add_staff(cli, branch_db):
    first = cli("--db", branch_db, "--user", "S1", "staff", "add", "S1", "--name", " 王  主管 ", "--role", "supervisor",
                "--branch", "B1")
    assert first.exit_code == 0 and "Added S1 (supervisor)." in first.stdout
    nobody = cli("--db", branch_db, "staff", "add", "M1", "--name", "李娜")
    assert nobody.exit_code == 2 and "Say which supervisor may add staff" in nobody.stderr
    assert cli("--db", branch_db, "--user", "S1", "staff", "add", "M1", "--name", "李娜").exit_code == 0
    manager = cli("--db", branch_db, "--user", "M1", "staff", "add", "M2", "--name", "张伟")
    assert manager.exit_code == 3 and "Only a supervisor may add staff" in manager.stderr
    assert staff(branch_db) == [("M1", "李娜", "manager", None, 1), ("S1", "王 主管", "supervisor", "B1", 1)]
    assert audited(branch_db) == [(None, "staff_add", "S1"), ("S1", "staff_add", "M1"), ("M1", "refusal", "add staff")]


def test_a_branch_before_the_first_extract_says_where_branches_come_from(cli, db_path, tmp_path):
    """Setting up from nothing, the first supervisor is added before any extract has named a branch: the
    refusal says branches come with the extract and how to give the branch afterwards."""
    open_db(db_path).close()
    args = ("--db", db_path, "staff", "add", "S201", "--name", "刘建国", "--role", "supervisor", "--branch", "310105")
    refused = cli(*args)
    assert refused.exit_code == 2 and len(refused.stderr.strip().splitlines()) == 1
    assert "no branches yet, as they come with the first customer extract" in refused.stderr
    assert "Add S201 without --branch, import the extract, then `workbench staff set S201 --branch 310105`" \
        in refused.stderr
    assert staff(db_path) == []
    chinese = cli("--lang", "zh_CN", *args)
    assert "网点随第一份客户清单" in chinese.stderr and "workbench staff set S201 --branch 310105" in chinese.stderr
    # Doing as it says.
    assert cli(*args[:-2]).exit_code == 0
    too_soon = cli("--db", db_path, "--user", "S201", "staff", "set", "S201", "--branch", "310105")
    assert too_soon.exit_code == 2 and "no branches yet, as they come with the first customer extract" in too_soon.stderr
    assert "without --branch" not in too_soon.stderr   # the way round is staff add's
    extract = tmp_path / "extract.csv"
    extract.write_text("客户号,姓名,所属机构\nC1,张三,城西支行(310105)\n", encoding="utf-8")
    assert cli("--db", db_path, "--user", "S201", "import", "customers", extract).exit_code == 0
    assert cli("--db", db_path, "--user", "S201", "staff", "set", "S201", "--branch", "310105").exit_code == 0
    assert staff(db_path) == [("S201", "刘建国", "supervisor", "310105", 1)]


@pytest.mark.parametrize("args, says", [
    (["m1", "--name", "重名"], "Staff member M1 already exists"),
    (["M 2", "--name", "张伟"], "A staff id has no spaces"),
    (["M2", "--name", "  "], "The name must be printable text and not empty"),
    (["M2", "--name", "张\x1b[31m伟"], "The name must be printable text"),
    (["M2", "--name", "张伟", "--role", "boss"], "Unknown role 'boss'; use one of: manager, supervisor"),
    (["M2", "--name", "张伟", "--branch", "B9"], "Unknown branch 'B9'; the known branches are: B1, B2"),
])
def test_bad_staff_is_one_sentence_and_changes_nothing(cli, branch_db, args, says):
    assert cli("--db", branch_db, "staff", "add", "M1", "--name", "李娜").exit_code == 0
    before = staff(branch_db)
    result = cli("--db", branch_db, "staff", "add", *args)
    assert result.exit_code == 2 and says in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert staff(branch_db) == before


def test_set_changes_what_it_is_told_and_says_what_changed(cli, branch_db):
    cli("--db", branch_db, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor")
    cli("--db", branch_db, "--user", "S1", "staff", "add", "M1", "--name", "李娜", "--branch", "B1")
    moved = cli("--db", branch_db, "--user", "S1", "staff", "set", "M1", "--branch", "B2", "--name", "李 娜")
    assert moved.exit_code == 0 and moved.stdout.splitlines() == ["M1 name: 李娜 -> 李 娜", "M1 branch_id: B1 -> B2"]
    same = cli("--db", branch_db, "--user", "S1", "staff", "set", "M1", "--branch", "B2")
    assert same.exit_code == 0 and "Nothing to change for M1." in same.stdout
    cleared = cli("--db", branch_db, "--user", "S1", "staff", "set", "M1", "--branch", "", "--role", "supervisor")
    assert cleared.stdout.splitlines() == ["M1 role: manager -> supervisor", "M1 branch_id: B2 -> (none)"]
    assert staff(branch_db)[0] == ("M1", "李 娜", "supervisor", None, 1)
    assert audited(branch_db)[-1] == ("S1", "staff_change", "M1")


def test_the_last_supervisor_cannot_leave_or_step_down(cli, branch_db):
    cli("--db", branch_db, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor")
    for change in (["--inactive"], ["--role", "manager"]):
        result = cli("--db", branch_db, "--user", "S1", "staff", "set", "S1", *change)
        assert result.exit_code == 2 and "S1 is the only active supervisor" in result.stderr
    cli("--db", branch_db, "--user", "S1", "staff", "add", "S2", "--name", "赵主管", "--role", "supervisor")
    assert cli("--db", branch_db, "--user", "S1", "staff", "set", "S1", "--inactive").exit_code == 0
    assert staff(branch_db)[0] == ("S1", "王主管", "supervisor", None, 0)
    # Someone who has left acts no more, and is listed as left.
    gone = cli("--db", branch_db, "--user", "S1", "staff", "add", "M1", "--name", "李娜")
    assert gone.exit_code == 2 and "王主管 (S1) has left the branch" in gone.stderr
    listing = cli("--db", branch_db, "staff", "list").stdout
    assert listing.index("S2") < listing.index("S1") and "no" in listing.splitlines()[-2]


def test_a_manager_with_active_customers_cannot_be_marked_as_left(cli, branch_db):
    cli("--db", branch_db, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor")
    cli("--db", branch_db, "--user", "S1", "staff", "add", "M1", "--name", "李娜")
    db = open_db(branch_db)
    db.execute("INSERT INTO customers (customer_id, name, manager_id, active) VALUES ('C1', '张三', 'M1', 1),"
               " ('C2', '李四', 'M1', 0)")
    db.close()
    refused = cli("--db", branch_db, "--user", "S1", "staff", "set", "M1", "--inactive")
    assert refused.exit_code == 2 and "M1 still manages 1 active customer;" in refused.stderr
    cli("--db", branch_db, "--user", "S1", "staff", "add", "M2", "--name", "陈静")   # customers go to managers
    assert cli("--db", branch_db, "--user", "S1", "reassign", "--customer", "C1", "--to", "M2").exit_code == 0
    assert cli("--db", branch_db, "--user", "S1", "staff", "set", "M1", "--inactive").exit_code == 0
    assert staff(branch_db)[0][4] == 0


def test_staff_who_own_pending_follow_ups_cannot_be_marked_as_left(cli, branch_db):
    """Nobody would see them on an agenda: they are handed over first, as customers are."""
    cli("--db", branch_db, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor")
    cli("--db", branch_db, "--user", "S1", "staff", "add", "M1", "--name", "李娜")
    db = open_db(branch_db)
    db.execute("INSERT INTO customers (customer_id, name, manager_id, active) VALUES ('C1', '张三', 'S1', 1)")
    db.close()
    s1 = ("--db", branch_db, "--user", "S1", "--now", "2026-11-20T10:00:00")
    booked = cli(*s1, "followup", "add", "--customer", "C1", "--when", "2026-11-25", "--manager", "M1")
    assert booked.exit_code == 0, booked.stderr
    refused = cli(*s1, "staff", "set", "M1", "--inactive")
    assert refused.exit_code == 2 and len(refused.stderr.strip().splitlines()) == 1
    assert ("M1 still owns 1 pending follow-up; hand it over with `workbench staff hand-over M1 --to MANAGER --leave`"
            in refused.stderr)
    chinese = cli("--lang", "zh_CN", *s1, "staff", "set", "M1", "--inactive")
    assert chinese.exit_code == 2 and "M1 仍有 1 条待办跟进" in chinese.stderr
    assert staff(branch_db)[0][4] == 1 and audited(branch_db)[-1] == ("S1", "staff_add", "M1")
    assert cli(*s1, "followup", "done", booked.stdout.strip()).exit_code == 0
    assert cli(*s1, "staff", "set", "M1", "--inactive").exit_code == 0


def test_a_supervisor_with_a_pin_must_give_it_to_import(cli, branch_db, tmp_path, monkeypatch):
    from tests.import_support import customers, write_csv

    cli("--db", branch_db, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor")
    monkeypatch.setenv("WORKBENCH_NEW_PIN", "2468")
    assert cli("--db", branch_db, "--user", "S1", "staff", "pin", "--staff", "S1").exit_code == 0
    path = write_csv(tmp_path / "x.csv", [["客户号", "姓名"], ["C1", "张三"]])
    denied = cli("--db", branch_db, "--user", "S1", "import", "customers", path)
    assert denied.exit_code == 3 and "PIN" in denied.stderr and customers(branch_db) == []
    monkeypatch.setenv("WORKBENCH_PIN", "2468")
    assert cli("--db", branch_db, "--user", "S1", "import", "customers", path).exit_code == 0


def test_the_staff_list_says_yes_or_no_for_the_pin_and_being_at_work(cli, branch_db):
    cli("--db", branch_db, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor")
    cli("--db", branch_db, "--user", "S1", "staff", "add", "M1", "--name", "李娜")
    cli("--db", branch_db, "--user", "S1", "staff", "add", "M2", "--name", "张伟")
    assert cli("--db", branch_db, "--user", "S1", "staff", "set", "M2", "--inactive").exit_code == 0
    for lang, yes, no in (("en", "yes", "no"), ("zh_CN", "是", "否")):
        listing = cli("--db", branch_db, "--lang", lang, "staff", "list").stdout
        rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in listing.splitlines() if "│" in line]
        cells = {row[0]: row[-2:] for row in rows}
        assert cells == {"S1": [no, yes], "M1": [no, yes], "M2": [no, no]}, listing
