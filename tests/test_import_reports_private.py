"""The import's reports (the rejected rows whole, the customers without a callable number with their names and
phones) are readable by their owner only, as the database, the exports and the bundles are, whatever the umask."""

import os
import stat

import pytest

from tests.import_support import write_csv


@pytest.fixture
def usual_umask():
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_the_reject_report_and_the_uncallable_list_are_the_owners_alone(cli, db_path, tmp_path, usual_umask):
    path = write_csv(tmp_path / "x.csv", [["客户号", "姓名", "手机号"], ["", "无号码", "13800138000"],
                                          ["C1", "吴晓婷", ""]])
    stale = tmp_path / "x.csv.rejects.csv"
    stale.write_text("an earlier report\n")
    os.chmod(stale, 0o644)   # left by an older workbench: replaced by one of the owner's alone
    for run in (("--dry-run",), ()):
        result = cli("--db", db_path, "--now", "2026-03-01T09:00:00", "import", "customers", path, *run)
        assert result.exit_code == 0, result.stderr
        for report in (stale, tmp_path / "x.csv.uncallable.csv"):
            assert stat.S_IMODE(report.stat().st_mode) == 0o600, (run, report)
    assert "吴晓婷" in (tmp_path / "x.csv.uncallable.csv").read_text(encoding="utf-8-sig")
    assert "无号码" in stale.read_text(encoding="utf-8-sig")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []   # no temporary file left
