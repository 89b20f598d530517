"""The import's reports (the rejected rows whole, the customers without a callable number with their names and
phones) are readable by their owner only, as the database, the exports and the bundles are, whatever the umask; and
an extract in a folder that cannot be written (a read-only share) is imported with its reports in the data folder."""

import os
import stat

import pytest

from tests.import_support import customers, write_csv
from tests.test_cli_read_only import unwritable
from workbench.db import open_db


@pytest.fixture
def usual_umask():
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_the_reject_report_and_the_uncallable_list_are_the_owners_alone(cli, db_path, tmp_path, usual_umask):
    path = write_csv(tmp_path / "x.csv", [["客户号", "姓名", "手机号"], ["", "无号码", "13800138000"],
                                          ["C1", "吴晓婷", ""]])
    stale = tmp_path / "x.csv.rejects.csv"
    cli("--db", db_path, "--now", "2026-03-01T09:00:00", "import", "customers", path, "--dry-run")
    os.chmod(stale, 0o644)   # an earlier report, made readable to all: replaced by one of the owner's alone
    for run in (("--dry-run",), ()):
        result = cli("--db", db_path, "--now", "2026-03-01T09:00:00", "import", "customers", path, *run)
        assert result.exit_code == 0, result.stderr
        for report in (stale, tmp_path / "x.csv.uncallable.csv"):
            assert stat.S_IMODE(report.stat().st_mode) == 0o600, (run, report)
    assert "吴晓婷" in (tmp_path / "x.csv.uncallable.csv").read_text(encoding="utf-8-sig")
    assert "无号码" in stale.read_text(encoding="utf-8-sig")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []   # no temporary file left


def test_an_extract_in_a_folder_nobody_may_write_is_imported_with_its_reports_in_the_data_folder(cli, db_path,
                                                                                                tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    path = write_csv(share / "x.csv", [["客户号", "姓名", "手机号"], ["", "无号码", "13800138000"],
                                       ["C1", "吴晓婷", ""], ["C2", "胡国强", "13800138001"]])
    reports = tmp_path / "home" / "reports"
    with unwritable(share):
        result = cli("--db", db_path, "--lang", "zh_CN", "--now", "2026-03-01T09:00:00", "import", "customers", path)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in share.iterdir()) == ["x.csv"]
    assert f"x.csv 所在的文件夹 {share} 无法写入，因此它的报告写到了 {reports}" in result.stdout
    assert f"拒收行及原因：{reports / 'x.csv.rejects.csv'}" in result.stdout
    assert f"1 名导入客户没有可拨打的电话号码；名单及原因见 {reports / 'x.csv.uncallable.csv'}" in result.stdout
    assert "无号码" in (reports / "x.csv.rejects.csv").read_text(encoding="utf-8-sig")
    assert stat.S_IMODE(reports.stat().st_mode) == 0o700
    assert customers(db_path) == [("C1", "吴晓婷"), ("C2", "胡国强")]
    assert stat.S_IMODE((reports / "x.csv.uncallable.csv").stat().st_mode) == 0o600


def test_with_nowhere_to_write_the_reject_report_nothing_is_imported_and_one_sentence_says_why(cli, db_path,
                                                                                                tmp_path):
    share, home = tmp_path / "share", tmp_path / "home"
    share.mkdir()
    home.mkdir()
    path = write_csv(share / "x.csv", [["客户号", "姓名", "手机号"], ["", "无号码", "13800138000"],
                                       ["C2", "胡国强", "13800138001"]])
    with unwritable(share), unwritable(home):
        result = cli("--db", db_path, "--lang", "zh_CN", "--now", "2026-03-01T09:00:00", "import", "customers", path)
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"错误：拒收行报告无法写入 {share / 'x.csv.rejects.csv'}（当前用户无权在那里写入），因此没有"
                                     "导入任何内容；请把该文件复制到您可以写入的文件夹，再从那里导入。")
    assert "unexpected" not in result.stderr and "意外" not in result.stderr
    db = open_db(db_path)
    assert db.conn.execute("SELECT count(*) FROM import_log").fetchone()[0] == 0
    db.close()


def test_an_uncallable_list_that_cannot_be_written_is_said_without_a_place(cli, db_path, tmp_path):
    share, home = tmp_path / "share", tmp_path / "home"
    share.mkdir()
    home.mkdir()
    path = write_csv(share / "x.csv", [["客户号", "姓名", "手机号"], ["C1", "吴晓婷", ""]])
    with unwritable(share), unwritable(home):
        result = cli("--db", db_path, "--lang", "zh_CN", "--now", "2026-03-01T09:00:00", "import", "customers", path)
    assert result.exit_code == 0, result.stderr
    assert (f"（无法把没有可拨打号码的客户名单写入 {share / 'x.csv.uncallable.csv'}（当前用户无权在那里写入））"
            in result.stdout)
    assert "1 名导入客户没有可拨打的电话号码。" in result.stdout and "名单未能写入" not in result.stdout
