"""A customer number Excel has stripped of its leading zeros (001004 comes as 1004) is not a new customer:
its row is rejected with what to do, instead of a second record of the same person being called twice."""

import csv

from tests.import_support import customers, run_import, write_csv
from workbench.db import open_db

HEADER = ["客户号", "客户姓名", "手机号码", "所属机构"]


def extract(tmp_path, name, rows):
    return write_csv(tmp_path / name, [HEADER, *rows])


def report(path):
    with open(path.with_name(path.name + ".rejects.csv"), encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_a_number_without_its_leading_zeros_is_rejected_not_inserted(db_path, tmp_path):
    run_import(db_path, extract(tmp_path, "a.csv", [["001004", "张三", "13800138000", "B1"],
                                                    ["001005", "李四", "13800138001", "B1"],
                                                    ["C7", "王五", "13800138002", "B1"]]))
    later = extract(tmp_path, "b.csv", [["1004", "张三", "13800138000", "B1"], ["1005", "李四", "13800138001", "B1"],
                                        ["C7", "王五", "13800138002", "B1"], ["2000", "赵六", "13800138003", "B1"]])
    summary = run_import(db_path, later, full=True)
    assert (summary.inserted, summary.unchanged, summary.rejected) == (1, 1, 2)
    assert summary.zero_variants == 2 and summary.zero_pairs == [("1004", "001004"), ("1005", "001005")]
    assert summary.inserted_ids == ["2000"]
    # The customers the rejected rows stand for are listed by the file: --full leaves them active.
    assert summary.inactivated == 0
    assert customers(db_path, "customer_id, active") == [("001004", 1), ("001005", 1), ("2000", 1), ("C7", 1)]
    rows = report(later)
    assert [row[:2] for row in rows[1:]] == [
        ["2", "customer number 1004 differs from the known customer 001004 only in leading zeros (Excel drops them "
              "from a number column); format the column as text and export again"],
        ["3", "customer number 1005 differs from the known customer 001005 only in leading zeros (Excel drops them "
              "from a number column); format the column as text and export again"]]
    assert rows[1][2:] == ["1004", "张三", "13800138000", "B1"]
    with open_db(db_path) as db:
        assert db.conn.execute("SELECT inserted, rejected FROM import_log ORDER BY import_id DESC").fetchone() == (1, 2)


def test_zeros_the_file_adds_are_caught_too_and_other_numbers_are_not(db_path, tmp_path):
    run_import(db_path, extract(tmp_path, "a.csv", [["1004", "张三", "", "B1"], ["C1", "甲", "", "B1"],
                                                    ["7", "乙", "", "B1"]]))
    summary = run_import(db_path, extract(tmp_path, "b.csv", [
        ["0001004", "张三", "", "B1"], ["C01", "甲", "", "B1"], ["70", "丙", "", "B1"], ["000", "丁", "", "B1"]]))
    assert summary.zero_pairs == [("0001004", "1004")] and summary.rejected == 1
    assert sorted(summary.inserted_ids) == ["000", "70", "C01"]


def test_many_new_customers_into_a_table_of_few_are_looked_for_from_the_known_side(db_path, tmp_path):
    run_import(db_path, extract(tmp_path, "a.csv", [["0000012", "张三", "", "B1"]]))
    rows = [[f"{n:07d}", f"客户{n}", "", "B1"] for n in range(100, 160)] + [["12", "张三", "", "B1"]]
    summary = run_import(db_path, extract(tmp_path, "b.csv", rows))
    assert summary.zero_pairs == [("12", "0000012")] and summary.inserted == 60 and summary.rejected == 1


def test_a_dry_run_says_so_too_and_the_summary_tells_what_to_do(cli, db_path, tmp_path):
    run_import(db_path, extract(tmp_path, "a.csv", [[f"{n:06d}", f"客户{n}", "", "B1"] for n in range(1, 8)]))
    later = extract(tmp_path, "b.csv", [[str(n), f"客户{n}", "", "B1"] for n in range(1, 8)] + [["C8", "客户8", "", "B1"]])
    assert cli("--db", db_path, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor").exit_code == 0
    result = cli("--db", db_path, "--user", "S1", "--now", "2026-03-01T09:00:00", "import", "customers", later, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert ("7 rows were rejected because their customer numbers are known customers' but for leading zeros "
            "(1 (known as 000001), 2 (known as 000002), 3 (known as 000003), 4 (known as 000004), "
            "5 (known as 000005) …); Excel drops leading zeros from a number column, so format the 客户号 column as "
            "text in Excel and export the file again.") in result.stdout
    assert len(report(later)) == 8 and len(customers(db_path)) == 7
    # With no other row, a file of such numbers alone is refused, with the same advice and the report written.
    alone = extract(tmp_path, "c.csv", [[str(n), f"客户{n}", "", "B1"] for n in range(1, 8)])
    refused = cli("--db", db_path, "--user", "S1", "--now", "2026-03-01T09:00:00", "import", "customers", alone)
    assert refused.exit_code == 2 and "all 7 rows were rejected, each for this reason: customer number 1 differs from" \
        " the known customer 000001 only in leading zeros" in refused.stderr and len(report(alone)) == 8
    chinese = cli("--db", db_path, "--user", "S1", "--lang", "zh_CN", "--now", "2026-03-01T09:00:00", "import", "customers", later)
    assert "7 行被拒收，因为其客户号与已有客户的客户号只差开头的 0（1（已有客户号 000001）" in chinese.stdout
    assert "请在 Excel 中把“客户号”列设为文本格式后重新导出文件。" in chinese.stdout
    assert len(customers(db_path)) == 8
