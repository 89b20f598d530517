"""The imported customers without a callable number are listed with the reason next to the input, and the summary
names that file (not a database column)."""

import csv

from tests.import_support import run_import, write_csv

HEADER = ["客户号", "姓名", "手机号"]
NOW = "2026-03-01T09:00:00"


def listed(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_the_customers_without_a_callable_number_are_listed_with_why(cli, db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [HEADER, ["C1", "甲", "13800138000"], ["C2", "=HYPERLINK(\"x\")", "95588"],
                                          ["C3", "丙", ""], ["C4", "丁", "62345678"]])
    result = cli("--db", db_path, "--now", NOW, "import", "customers", path)
    assert result.exit_code == 0, result.stderr
    report = tmp_path / "x.csv.uncallable.csv"
    assert (f"3 imported customers have no callable phone number; they are listed with the reasons in {report}"
            in result.stdout)
    assert "phone_problem" not in result.stdout
    assert listed(report) == [["Customer number", "Customer name", "Phone", "reason"],
                              ["C2", "'=HYPERLINK(\"x\")", "95588", "too few digits for a phone number"],
                              ["C3", "丙", "", "no phone number"],
                              ["C4", "丁", "62345678", "a local landline number without its area code"]]


def test_in_chinese_on_a_dry_run_and_a_list_left_by_an_earlier_import_goes(cli, db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [HEADER, ["C1", "甲", "95588"]])
    result = cli("--db", db_path, "--lang", "zh_CN", "--now", NOW, "import", "customers", path, "--dry-run")
    report = tmp_path / "x.csv.uncallable.csv"
    assert f"1 名导入客户没有可拨打的电话号码；名单及原因见 {report}" in result.stdout
    assert listed(report) == [["客户号", "客户姓名", "电话", "原因"], ["C1", "甲", "95588", "电话号码位数太少"]]
    fixed = write_csv(tmp_path / "x.csv", [HEADER, ["C1", "甲", "13800138000"]])
    summary = run_import(db_path, fixed)
    assert summary.phones_invalid == 0 and summary.uncallable_file is None and not report.exists()


def test_without_a_phone_column_there_is_no_list(db_path, tmp_path):
    summary = run_import(db_path, write_csv(tmp_path / "x.csv", [["客户号", "姓名"], ["C1", "甲"]]))
    assert summary.phones_invalid == 0 and not (tmp_path / "x.csv.uncallable.csv").exists()
