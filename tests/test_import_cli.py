"""`workbench import customers`: the summary, exit codes, and who may import."""

from tests.import_support import customers, write_csv
from workbench.db import open_db

NOW = "2026-03-01T09:00:00"


def extract(tmp_path, name="x.csv"):
    return write_csv(tmp_path / name, [["客户号", "姓名", "客户经理号", "所属机构", "备注"],
                                      ["C1", "张三", "M1", "B1", "a"], ["C2", "", "M1", "B1", "b"]])


def test_first_import_needs_no_user_and_prints_a_summary(cli, db_path, tmp_path):
    result = cli("--db", db_path, "--now", NOW, "import", "customers", extract(tmp_path))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Read 2 rows from x.csv (csv, utf-8)." in out and "Inserted 1, updated 0, unchanged 0, rejected 1." in out
    assert "Partial extract: nobody was inactivated" in out
    assert "New managers added to staff: M1." in out and "New branches added: B1." in out
    assert "Columns not imported (map them with --map 'SOURCE=field'): 备注." in out
    assert "x.csv.rejects.csv" in out and "Recorded as customer extract import #1." in out
    assert cli("--db", db_path, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor").exit_code == 0
    again = cli("--db", db_path, "--user", "S1", "import", "customers", extract(tmp_path))
    assert again.exit_code == 0 and "already imported on 2026-03-01T09:00:00" in again.stdout


def test_new_branches_are_named_as_the_file_names_them_in_the_language_s_list(cli, db_path, tmp_path):
    """城西支行（310105）、松陵分理处（310106）: the names read beside the codes, joined with the enumeration comma
    in Chinese; a branch the file gives by code alone is named by it."""
    path = write_csv(tmp_path / "x.csv", [["客户号", "姓名", "客户经理号", "所属机构"],
                                          ["C1", "张三", "M1", "城西支行(310105)"], ["C2", "李四", "M2", "松陵分理处(310106)"],
                                          ["C3", "王五", "M1", "B3"]])
    dry = cli("--lang", "zh_CN", "--db", db_path, "--now", NOW, "import", "customers", path, "--dry-run")
    assert "将新增的机构：城西支行（310105）、松陵分理处（310106）、B3。" in dry.stdout
    assert "将新增的客户经理：M1、M2。" in dry.stdout
    done = cli("--db", db_path, "--now", NOW, "import", "customers", path)
    assert "New branches added: 城西支行 (310105), 松陵分理处 (310106), B3." in done.stdout


def test_without_a_supervisor_only_the_first_import_runs(cli, db_path, tmp_path):
    """The first import sets a database up; a later one, even by a manager the first named, waits for
    a supervisor, since it could inactivate or move customers on nobody's authority."""
    assert cli("--db", db_path, "import", "customers", extract(tmp_path)).exit_code == 0
    full = write_csv(tmp_path / "y.csv", [["客户号", "姓名", "所属机构"], ["C9", "孙九", "B1"]])
    for who in ((), ("--user", "M1")):
        refused = cli("--db", db_path, *who, "import", "customers", full, "--full")
        assert refused.exit_code == 3 and "no supervisor yet" in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
    assert customers(db_path, "customer_id, active") == [("C1", 1)]


def test_supervisor_required_once_there_is_one(cli, db_path, tmp_path):
    db = open_db(db_path)
    db.conn.execute("INSERT INTO staff (staff_id, name, role) VALUES ('S1', '主管', 'supervisor'), ('M1', '经理', 'manager')")
    db.close()
    nobody = cli("--db", db_path, "import", "customers", extract(tmp_path))
    assert nobody.exit_code == 2 and "--user" in nobody.stderr
    manager = cli("--db", db_path, "--user", "M1", "import", "customers", extract(tmp_path))
    assert manager.exit_code == 3 and "Only a supervisor may import customer extracts" in manager.stderr
    assert customers(db_path) == []
    boss = cli("--db", db_path, "--user", "S1", "import", "customers", "--full", extract(tmp_path))
    assert boss.exit_code == 0 and "Full extract of B1: 0 customers" in boss.stdout
    db = open_db(db_path)
    assert db.conn.execute("SELECT user_id FROM import_log").fetchone() == ("S1",)
    assert db.conn.execute("SELECT actor, action FROM audit_log ORDER BY seq").fetchall() == [
        ("M1", "refusal"), ("S1", "import")]
    db.close()


def test_rival_columns_are_one_line_and_nonzero_then_one_row_is_one_row(cli, db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["客户号", "姓名", "资产余额(2024年末)", "资产余额(当前)"], ["C1", "张三", "1", "2"]])
    refused = cli("--db", db_path, "import", "customers", path)
    assert refused.exit_code == 2 and len(refused.stderr.strip().splitlines()) == 1
    assert "could be aum" in refused.stderr and customers(db_path) == []
    chosen = cli("--db", db_path, "import", "customers", path, "--map", "资产余额(当前)=aum")
    assert chosen.exit_code == 0 and "Read 1 row from x.csv (csv, utf-8)." in chosen.stdout


def test_bad_file_is_one_line_and_nonzero(cli, db_path, tmp_path):
    (tmp_path / "bin.csv").write_bytes(b"\x00\x01\x02" * 100)
    result = cli("--db", db_path, "import", "customers", tmp_path / "bin.csv")
    assert result.exit_code == 2 and result.stderr.startswith("error: bin.csv looks like a binary file")
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_options_map_delimiter_dry_run_and_chinese(cli, db_path, tmp_path):
    path = write_csv(tmp_path / "x.txt", [["编号", "户主"], ["C1", "张三"]], encoding="gbk", delimiter="|")
    result = cli("--db", db_path, "--lang", "zh_CN", "import", "customers", path, "--encoding", "gbk",
                 "--delimiter", "|", "--map", "编号=customer_id", "--map", "户主=name", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "试运行：未写入数据库。" in result.stdout and "新增 1，更新 0，未变 0，拒收 0。" in result.stdout
    assert customers(db_path) == []
