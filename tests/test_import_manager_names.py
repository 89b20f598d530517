"""A 客户经理 cell holding a name nobody on the staff has gives the customer to no one, and is said; one giving a
name beside a code that belongs to someone else goes by the code, and is counted."""

from sqlite3 import connect

from tests.import_support import run_import, write_csv
from workbench.importing.known import Known
from workbench.importing.rows import split_manager

HEADER = ["客户号", "姓名", "客户经理", "所属机构"]
NOW = "2026-03-01T09:00:00"


def rows(db_path, sql):
    conn = connect(db_path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_name_nobody_has_is_no_staff_id():
    known = Known.of_names({"王丽娟": "M001"})
    assert split_manager("新来的", known) == (None, "新来的")
    assert split_manager("Zhang Wei", known) == (None, "Zhang Wei")   # ASCII with a space is a name, not a code
    assert split_manager("王丽娟", known) == ("M001", "王丽娟")
    assert split_manager("M009", known) == ("M009", None) and split_manager("未分配", known) == (None, None)


def test_a_name_nobody_has_puts_new_customers_in_the_pool_and_leaves_known_ones_with_their_manager(db_path, tmp_path):
    run_import(db_path, write_csv(tmp_path / "a.csv", [HEADER, ["C1", "甲", "王丽娟(M001)", "B1"],
                                                       ["C2", "乙", "M002", "B1"]]))
    later = write_csv(tmp_path / "b.csv", [HEADER, ["C2", "乙", "新来的", "B1"], ["C3", "丙", "新来的", "B1"],
                                           ["C4", "丁", "Zhang Wei", "B1"], ["C5", "戊", "王丽娟", "B1"]])
    summary = run_import(db_path, later)
    assert summary.unknown_managers == {"新来的": 2, "Zhang Wei": 1} and summary.new_staff == []
    assert rows(db_path, "SELECT customer_id, manager_id FROM customers ORDER BY 1") == [
        ("C1", "M001"), ("C2", "M002"), ("C3", None), ("C4", None), ("C5", "M001")]
    assert rows(db_path, "SELECT staff_id FROM staff ORDER BY 1") == [("M001",), ("M002",)]


def test_a_name_beside_a_code_that_is_someone_elses_goes_by_the_code_and_is_counted(db_path, tmp_path):
    run_import(db_path, write_csv(tmp_path / "a.csv", [HEADER, ["C1", "甲", "王丽娟(M001)", "B1"],
                                                       ["C2", "乙", "M002", "B1"]]))
    later = write_csv(tmp_path / "b.csv", [HEADER, ["C1", "甲", "李明(M001)", "B1"], ["C3", "丙", "李 明(M001)", "B1"],
                                           ["C4", "丁", "王丽娟 (M001)", "B1"], ["C5", "戊", "李娜(M002)", "B1"],
                                           ["C6", "己", "赵六(M003)", "B1"], ["C7", "庚", "钱七(M003)", "B1"]])
    summary = run_import(db_path, later)
    # M002 was known by its code alone (named after it): nothing to compare. M003 is new, named by its first row.
    assert summary.manager_name_clashes == [("李明", "M001", "王丽娟", 1), ("李 明", "M001", "王丽娟", 1),
                                            ("钱七", "M003", "赵六", 1)]
    assert rows(db_path, "SELECT customer_id, manager_id FROM customers ORDER BY 1") == [
        ("C1", "M001"), ("C2", "M002"), ("C3", "M001"), ("C4", "M001"), ("C5", "M002"), ("C6", "M003"), ("C7", "M003")]
    assert rows(db_path, "SELECT staff_id, name FROM staff ORDER BY 1") == [
        ("M001", "王丽娟"), ("M002", "M002"), ("M003", "赵六")]


def test_an_id_column_beside_a_name_column_is_compared_too(db_path, tmp_path):
    header = ["客户号", "姓名", "客户经理号", "客户经理姓名"]
    run_import(db_path, write_csv(tmp_path / "a.csv", [header, ["C1", "甲", "M001", "王丽娟"]]))
    summary = run_import(db_path, write_csv(tmp_path / "b.csv", [header, ["C1", "甲", "M001", "李明"],
                                                                 ["C2", "乙", "", "新来的"]]))
    assert summary.manager_name_clashes == [("李明", "M001", "王丽娟", 1)]
    assert summary.unknown_managers == {}   # a name column beside an empty code is not a manager cell alone


def test_the_summary_says_both(cli, db_path, tmp_path):
    run_import(db_path, write_csv(tmp_path / "a.csv", [HEADER, ["C1", "甲", "王丽娟(M001)", "B1"]]))
    assert cli("--db", db_path, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor").exit_code == 0
    later = write_csv(tmp_path / "b.csv", [HEADER, ["C1", "甲", "李明(M001)", "B1"], ["C2", "乙", "新来的", "B1"],
                                           ["C3", "丙", "新来的", "B1"]])
    dry = cli("--db", db_path, "--user", "S1", "--now", NOW, "import", "customers", later, "--dry-run")
    assert ("2 customers' 客户经理 cells name nobody on the staff (新来的 (2)), so they would be given to no one (new "
            "customers go to their branch's unassigned pool, known ones keep their manager); add the staff members "
            "with `workbench staff add ID --name NAME` first.") in dry.stdout
    assert ("1 customer's manager is named otherwise than the staff member whose code stands beside the name "
            "(李明 (M001): M001 is 王丽娟); they would go by the code.") in dry.stdout
    done = cli("--db", db_path, "--user", "S1", "--lang", "zh_CN", "--now", NOW, "import", "customers", later)
    assert done.exit_code == 0, done.stderr
    assert "2 名客户的“客户经理”单元格所写的人不在员工名单中（新来的 (2)），因此未分给任何人" in done.stdout
    assert "1 名客户的客户经理姓名与旁边工号所属员工的姓名不符（李明（M001）：M001 是 王丽娟）；已按工号分配。" in done.stdout
