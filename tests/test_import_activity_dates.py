"""A last activity or login that happened cannot un-happen: an older extract does not roll it back (the customer
would turn dormant and jump up the call lists), a first activity keeps the earlier date, and the summary says
how many dates in the file were older than the stored ones."""

from tests.import_support import customers, run_import, write_csv

HEADER = ["客户号", "姓名", "资产余额", "首次交易日期", "最近交易日期", "最近登录日期"]
NOW = "2026-03-01T09:00:00"


def extract(tmp_path, name, rows):
    return write_csv(tmp_path / name, [HEADER, *rows])


def dates(db_path):
    return customers(db_path, "customer_id, first_activity_on, last_activity_on, last_login_on, aum_fen")


def test_an_older_extract_keeps_the_later_activity_and_login_and_the_earlier_first_activity(db_path, tmp_path):
    run_import(db_path, extract(tmp_path, "march.csv", [
        ["C1", "张三", "100", "2015-06-01", "2026-02-20", "2026-02-25"],
        ["C2", "李四", "100", "2016-01-01", "2026-02-01", ""],
        ["C3", "王五", "100", "", "", "2026-01-10"]]))
    older = run_import(db_path, extract(tmp_path, "january.csv", [
        ["C1", "张三", "100", "2018-01-01", "2025-12-31", "2026-01-02"],   # history cut short, both dates older
        ["C2", "李四", "250", "2016-01-01", "2025-11-30", "2025-12-01"],   # an amount changed too
        ["C3", "王五", "100", "", "2025-10-01", ""]]))                   # a first activity where none was stored
    assert older.older_dates == 2 and older.updated_ids == ["C2", "C3"] and older.unchanged == 1
    assert dates(db_path) == [("C1", "2015-06-01", "2026-02-20", "2026-02-25", 10000),
                              ("C2", "2016-01-01", "2026-02-01", "2025-12-01", 25000),
                              ("C3", None, "2025-10-01", "2026-01-10", 10000)]
    newer = run_import(db_path, extract(tmp_path, "april.csv", [
        ["C1", "张三", "100", "2015-06-01", "2026-02-27", ""], ["C2", "李四", "250", "2014-03-03", "2026-02-01", ""]]))
    assert newer.older_dates == 0 and newer.updated_ids == ["C1", "C2"]
    assert dates(db_path)[:2] == [("C1", "2015-06-01", "2026-02-27", "2026-02-25", 10000),
                                  ("C2", "2014-03-03", "2026-02-01", "2025-12-01", 25000)]


def test_the_summary_says_how_many_dates_were_older(cli, db_path, tmp_path):
    run_import(db_path, extract(tmp_path, "a.csv", [["C1", "张三", "1", "", "2026-02-20", ""],
                                                    ["C2", "李四", "1", "", "2026-02-20", ""]]))
    assert cli("--db", db_path, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor").exit_code == 0
    old = extract(tmp_path, "b.csv", [["C1", "张三", "1", "", "2026-01-20", ""], ["C2", "李四", "1", "", "2026-01-20", ""]])
    dry = cli("--db", db_path, "--user", "S1", "--now", NOW, "import", "customers", old, "--dry-run")
    assert ("2 customers' last activity or login in the file is before the one stored, which would be kept: is the file "
            "older than the last import?") in dry.stdout
    said = cli("--db", db_path, "--user", "S1", "--lang", "zh_CN", "--now", NOW, "import", "customers", old)
    assert said.exit_code == 0, said.stderr
    assert ("2 名客户在文件中的最近交易或登录日期早于已记录的日期，已保留已记录的日期：这份文件是否比上次导入的文件更旧？"
            in said.stdout)
    assert [row[2] for row in dates(db_path)] == ["2026-02-20", "2026-02-20"]
