"""The summary says how many new customers went to their branch's unassigned pool."""

from tests.import_support import run_import, write_csv

HEADER = ["客户号", "姓名", "客户经理号", "所属机构"]


def test_new_customers_without_a_manager_are_counted_in_the_pool(cli, db_path, tmp_path):
    run_import(db_path, write_csv(tmp_path / "a.csv", [HEADER, ["C1", "甲", "", "B1"], ["C2", "乙", "M1", "B1"]]))
    later = write_csv(tmp_path / "b.csv", [HEADER, ["C1", "甲", "", "B1"], ["C2", "乙", "", "B1"],   # C2 keeps M1
                                           ["C3", "丙", "", "B1"], ["C4", "丁", "未分配", "B1"], ["C5", "戊", "M1", "B1"]])
    assert run_import(db_path, later, dry_run=True).pooled == 2
    assert cli("--db", db_path, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor").exit_code == 0
    result = cli("--db", db_path, "--user", "S1", "--now", "2026-03-01T09:00:00", "import", "customers", later)
    assert result.exit_code == 0, result.stderr
    assert ("2 new customers have no manager and wait in their branch's unassigned pool; a supervisor gives them out "
            "with `workbench pool assign`.") in result.stdout
    again = write_csv(tmp_path / "c.csv", [HEADER, ["C6", "己", "M1", "B1"]])
    assert run_import(db_path, again).pooled == 0


def test_in_chinese_and_on_a_dry_run(cli, db_path, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["客户号", "姓名"], ["C1", "甲"]])
    result = cli("--db", db_path, "--lang", "zh_CN", "--now", "2026-03-01T09:00:00", "import", "customers", path,
                 "--dry-run")
    assert "1 名新客户将没有客户经理，在所属机构的未分配客户池中等待分配；主管可用 `workbench pool assign` 分配。" in result.stdout
