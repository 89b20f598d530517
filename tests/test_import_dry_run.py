"""--dry-run: exact counts, nothing in the database; the reject report is still written to fix the file."""

from tests.import_support import customers, run_import, write_csv
from workbench.db import open_db


def test_dry_run_counts_but_writes_nothing(db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["客户号", "姓名", "客户经理号", "所属机构"], ["C1", "张三", "M1", "B1"],
                                         ["C2", "", "M1", "B1"], ["C1", "张三", "M1", "B1"]])
    summary = run_import(db_path, path, dry_run=True)
    assert (summary.inserted, summary.rejected, summary.new_staff, summary.import_id) == (1, 2, ["M1"], None)
    assert summary.reject_file is not None and summary.reject_file.exists()
    db = open_db(db_path)
    for table in ("customers", "staff", "branches", "import_log", "audit_log"):
        assert db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    db.close()
    real = run_import(db_path, path)
    assert real.inserted == 1 and real.import_id == 1 and customers(db_path) == [("C1", "张三")]


def test_dry_run_of_full_extract_shows_inactivations(db_path, tmp_path):
    run_import(db_path, write_csv(tmp_path / "a.csv", [["客户号", "姓名", "所属机构"], ["C1", "张三", "B1"], ["C2", "李四", "B1"]]))
    summary = run_import(db_path, write_csv(tmp_path / "b.csv", [["客户号", "姓名", "所属机构"], ["C1", "张三", "B1"]]),
                         full=True, dry_run=True)
    assert summary.inactivated_ids == ["C2"] and customers(db_path, "active") == [(1,), (1,)]


def test_the_cli_says_what_a_dry_run_would_do_and_names_the_covered_branches(cli, db_path, tmp_path):
    first = write_csv(tmp_path / "a.csv", [["客户号", "姓名", "所属机构"], ["C1", "张三", "B1"], ["C2", "李四", "B1"],
                                          ["C3", "王五", "B2"], ["C4", "赵六", "B2"]])
    assert cli("--db", db_path, "import", "customers", first).exit_code == 0
    assert cli("--db", db_path, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor").exit_code == 0
    one_gone = write_csv(tmp_path / "b.csv", [["客户号", "姓名", "所属机构"], ["C1", "张三", "B1"]])
    dry = cli("--db", db_path, "--user", "S1", "import", "customers", one_gone, "--full", "--dry-run")
    assert "Full extract of B1: 1 customer not in the file would be made inactive." in dry.stdout
    two_gone = write_csv(tmp_path / "c.csv", [["客户号", "姓名", "所属机构"], ["C1", "张三", "B1"], ["C3", "王五", "B2"]])
    real = cli("--db", db_path, "--user", "S1", "import", "customers", two_gone, "--full")
    assert "Full extract of B1, B2: 2 customers not in the file are now inactive." in real.stdout
    assert customers(db_path, "customer_id, active") == [("C1", 1), ("C2", 0), ("C3", 1), ("C4", 0)]


def test_a_dry_run_says_who_would_be_added_not_that_they_were(cli, db_path, tmp_path):
    extract = write_csv(tmp_path / "a.csv", [["客户号", "姓名", "客户经理号", "所属机构"], ["C1", "张三", "M9", "B9"]])
    dry = cli("--db", db_path, "import", "customers", extract, "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "New managers that would be added to staff: M9." in dry.stdout
    assert "New branches that would be added: B9." in dry.stdout and "es added" not in dry.stdout
    assert "Inserted 1" in dry.stdout and "New managers added" not in dry.stdout
    zh = cli("--db", db_path, "--lang", "zh_CN", "import", "customers", extract, "--dry-run")
    assert "将新增的客户经理：M9。" in zh.stdout and "将新增的机构：B9。" in zh.stdout
    real = cli("--db", db_path, "import", "customers", extract)
    assert "New managers added to staff: M9." in real.stdout and "New branches added: B9." in real.stdout
