"""--full that would empty most of a branch is refused until confirmed with --yes; the summary says how many
inactive customers came back, and whose open follow-ups belong to customers it made inactive."""

from datetime import date, datetime

import pytest

from tests.import_support import customers, imports_logged, run_import, write_csv
from workbench import followups
from workbench.db import open_db
from workbench.errors import WorkbenchError
from workbench.settings import set_setting

HEADER = ["客户号", "姓名", "客户经理号", "所属机构"]
NOW = "2026-03-01T09:00:00"


def branch(tmp_path, n, name="all.csv", *, backwards=False):
    """The first n customers of branch B1 (backwards: listed the other way round, so the file is another)."""
    rows = [[f"C{i:04d}", f"客户{i}", "M1", "B1"] for i in range(1, n + 1)]
    return write_csv(tmp_path / name, [HEADER, *(rows[::-1] if backwards else rows)])


def active(db_path):
    return sum(flag for (flag,) in customers(db_path, "active"))


def test_a_full_file_that_would_empty_most_of_a_branch_is_refused_and_changes_nothing(db_path, tmp_path):
    run_import(db_path, branch(tmp_path, 1078))
    one = write_csv(tmp_path / "one.csv", [HEADER, ["C0001", "客户1", "M1", "B1"]])
    with pytest.raises(WorkbenchError) as refused:
        run_import(db_path, one, full=True)
    assert str(refused.value) == (
        "--full would make 1,077 of the 1,078 active customers of branch B1 inactive, more than the 50% the setting "
        "import.full_inactivate_max_pct allows, so nothing was imported; if one.csv really lists every customer of "
        "its branches, import it again with --full --yes.")
    assert active(db_path) == 1078 and imports_logged(db_path) == 1
    confirmed = run_import(db_path, one, full=True, yes=True)
    assert confirmed.inactivated == 1077 and active(db_path) == 1
    assert confirmed.full_refused is None


def test_half_of_a_branch_is_allowed_and_more_is_not(db_path, tmp_path):
    run_import(db_path, branch(tmp_path, 4))
    assert run_import(db_path, branch(tmp_path, 2, "half.csv"), full=True).inactivated == 2
    run_import(db_path, branch(tmp_path, 5, "again.csv"))   # all five active
    with pytest.raises(WorkbenchError, match="make 3 of the 5 active customers of branch B1 inactive"):
        run_import(db_path, branch(tmp_path, 2, "two.csv", backwards=True), full=True)


def test_the_share_is_a_setting_a_branch_may_have_its_own(db_path, tmp_path):
    run_import(db_path, write_csv(tmp_path / "a.csv", [HEADER, *[[f"A{i}", "甲", "M1", "B1"] for i in range(5)],
                                                       *[[f"B{i}", "乙", "M1", "B2"] for i in range(5)]]))
    with open_db(db_path) as db:
        set_setting(db.conn, "import.full_inactivate_max_pct", 80, "B1")
    partial = write_csv(tmp_path / "b.csv", [HEADER, ["A0", "甲", "M1", "B1"], ["A1", "甲", "M1", "B1"],
                                             ["B0", "乙", "M1", "B2"], ["B1", "乙", "M1", "B2"]])
    # B1 allows 3 of 5 (60% <= 80%); B2 keeps the bank's 50%.
    with pytest.raises(WorkbenchError, match="make 3 of the 5 active customers of branch B2 inactive, more than the 50%"):
        run_import(db_path, partial, full=True)
    with open_db(db_path) as db:
        set_setting(db.conn, "import.full_inactivate_max_pct", 100)   # the bank's: never refused
    assert run_import(db_path, partial, full=True).inactivated == 6


def test_a_dry_run_is_not_refused_but_says_it_would_be_and_several_branches_are_counted(cli, db_path, tmp_path):
    run_import(db_path, write_csv(tmp_path / "a.csv", [HEADER, *[[f"A{i}", "甲", "M1", "B1"] for i in range(3)],
                                                       *[[f"B{i}", "乙", "M1", "B2"] for i in range(4)],
                                                       ["N0", "丙", "M1", ""], ["N1", "丙", "M1", ""]]))
    assert cli("--db", db_path, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor").exit_code == 0
    few = write_csv(tmp_path / "b.csv", [HEADER, ["A0", "甲", "M1", "B1"], ["B0", "乙", "M1", "B2"]])
    dry = cli("--db", db_path, "--user", "S1", "--now", NOW, "import", "customers", few, "--full", "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert ("Without --yes this import would be refused: --full would make 3 of the 4 active customers of branch B2 "
            "inactive (and in 1 other branch), more than the 50% the setting import.full_inactivate_max_pct allows."
            ) in dry.stdout
    refused = cli("--db", db_path, "--user", "S1", "--now", NOW, "import", "customers", few, "--full")
    assert refused.exit_code != 0 and len(refused.stderr.strip().splitlines()) == 1
    assert "import it again with --full --yes" in refused.stderr and not (tmp_path / "b.csv.rejects.csv").exists()
    assert active(db_path) == 9
    # Customers without a branch are a branch of their own here.
    nobody = write_csv(tmp_path / "c.csv", [["客户号", "姓名"], ["N0", "丙"]])
    with open_db(db_path) as db:
        set_setting(db.conn, "import.full_inactivate_max_pct", 0)   # any customer made inactive needs --yes
    with pytest.raises(WorkbenchError, match="make 1 of the 2 active customers without a branch inactive, more than "
                                             "the 0%"):
        run_import(db_path, nobody, full=True)
    chinese = cli("--db", db_path, "--user", "S1", "--lang", "zh_CN", "--now", NOW, "import", "customers", few, "--full")
    assert ("--full 将停用机构 B2 的 4 名在用客户中的 3 名（另有 1 个机构也是如此），超过了设置 "
            "import.full_inactivate_max_pct 允许的 0%，因此未导入任何内容；") in chinese.stderr


def test_customers_made_active_again_are_counted(cli, db_path, tmp_path):
    run_import(db_path, branch(tmp_path, 6))
    run_import(db_path, branch(tmp_path, 2, "two.csv"), full=True, yes=True)
    assert active(db_path) == 2
    back = branch(tmp_path, 6, "back.csv", backwards=True)
    assert run_import(db_path, back, dry_run=True).reactivated == 4
    assert cli("--db", db_path, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor").exit_code == 0
    result = cli("--db", db_path, "--user", "S1", "--now", NOW, "import", "customers", back)
    assert "Inserted 0, updated 4, unchanged 2, rejected 0." in result.stdout
    assert "Of the updated, 4 customers were inactive and are active again." in result.stdout
    assert active(db_path) == 6
    # Unchanged customers listed again, and a new one, are not counted as made active again.
    assert run_import(db_path, branch(tmp_path, 7, "more.csv")).reactivated == 0


def test_open_follow_ups_of_customers_made_inactive_are_counted_by_owner_and_kept(cli, db_path, tmp_path):
    run_import(db_path, write_csv(tmp_path / "a.csv", [HEADER, *[[f"C000{i}", "甲", f"M{i % 2 + 1}", "B1"]
                                                                 for i in range(1, 5)]]))
    with open_db(db_path) as db:
        for customer, owner, day in (("C0003", "M1", 5), ("C0004", "M1", 5), ("C0004", "M2", 6), ("C0001", "M2", 5)):
            followups.schedule(db.conn, customer_id=customer, owner_id=owner, due_on=date(2026, 3, day),
                               at=datetime(2026, 3, 1, 9))
    assert cli("--db", db_path, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor").exit_code == 0
    two = branch(tmp_path, 2, "two.csv")
    dry = cli("--db", db_path, "--user", "S1", "--now", NOW, "import", "customers", two, "--full", "--dry-run")
    assert ("3 open follow-ups belong to customers who would be inactive (M1 (2), M2 (1)); they would stay on the "
            "agenda.") in dry.stdout
    result = cli("--db", db_path, "--user", "S1", "--now", NOW, "import", "customers", two, "--full")
    assert result.exit_code == 0, result.stderr
    assert "3 open follow-ups belong to customers now inactive (M1 (2), M2 (1)); they stay on the agenda." in result.stdout
    with open_db(db_path) as db:
        assert db.conn.execute("SELECT count(*) FROM followups WHERE status = 'open'").fetchone() == (4,)
