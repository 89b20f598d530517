"""An import's reject report and list of customers without a callable number replace only an earlier report of their
kind as an import wrote it: a corrected reject report (mended to be imported again) and any other file with the name
are kept, and the new report goes beside them, named in the summary."""

from tests.import_support import write_csv

NOW = ("--now", "2026-03-01T09:00:00")
ROWS = [["客户号", "姓名", "出生日期", "手机号"], ["C1", "吴晓婷", "1990-13-01", "13800138000"],
        ["C2", "胡国强", "1985-02-03", ""]]


def _folder(tmp_path):
    folder = tmp_path / "extracts"
    folder.mkdir()
    return folder


def _import(cli, db_path, path, *options, lang="en"):
    result = cli("--db", db_path, "--lang", lang, *NOW, "import", "customers", path, *options)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_a_corrected_reject_report_survives_the_original_extract_run_again(cli, db_path, tmp_path):
    tmp_path = _folder(tmp_path)
    path = write_csv(tmp_path / "x.csv", ROWS)
    _import(cli, db_path, path, "--dry-run")
    report = tmp_path / "x.csv.rejects.csv"
    corrected = report.read_text(encoding="utf-8-sig").replace("1990-13-01", "1990-12-01")
    report.write_text(corrected, encoding="utf-8-sig")   # the manager mends the row, to import the report
    for run in (("--dry-run",), ()):
        said = _import(cli, db_path, path, *run)
        assert report.read_text(encoding="utf-8-sig") == corrected, run
        beside = tmp_path / "x.csv.rejects (2).csv"
        assert f"Rejected rows and reasons: {beside}" in said
        assert f"({report} was left as it is: it is not a report as an import wrote it" in said
        assert "1990-13-01" in beside.read_text(encoding="utf-8-sig")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "x.csv", "x.csv.rejects (2).csv", "x.csv.rejects.csv", "x.csv.uncallable.csv"]   # (2) replaced, not (3)


def test_an_earlier_report_as_written_is_replaced_and_removed_once_stale(cli, db_path, tmp_path):
    tmp_path = _folder(tmp_path)
    path = write_csv(tmp_path / "x.csv", ROWS)
    _import(cli, db_path, path, "--dry-run", lang="zh_CN")   # an earlier report in the other language
    said = _import(cli, db_path, path, "--dry-run")
    assert "left as it is" not in said
    assert (tmp_path / "x.csv.rejects.csv").read_text(encoding="utf-8-sig").startswith("row,reason,")
    assert (tmp_path / "x.csv.uncallable.csv").read_text(encoding="utf-8-sig").startswith("Customer number,")
    write_csv(path, [ROWS[0], ["C1", "吴晓婷", "1990-12-01", "13800138000"], ["C2", "胡国强", "1985-02-03",
                                                                             "13800138001"]])
    _import(cli, db_path, path)   # nothing rejected, everyone callable: both reports are stale
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv"]


def test_another_file_with_a_report_s_name_is_never_replaced_nor_removed(cli, db_path, tmp_path):
    tmp_path = _folder(tmp_path)
    path = write_csv(tmp_path / "x.csv", ROWS)
    mine = {tmp_path / "x.csv.rejects.csv": "row,reason,my own notes\n", tmp_path / "x.csv.uncallable.csv": "mine\n"}
    for file, text in mine.items():
        file.write_text(text)
    said = _import(cli, db_path, path, "--dry-run")
    assert f"listed with the reason in {tmp_path / 'x.csv.uncallable (2).csv'}" in said
    assert "吴晓婷" in (tmp_path / "x.csv.rejects (2).csv").read_text(encoding="utf-8-sig")
    write_csv(path, ROWS[:1] + ROWS[2:3])
    said = _import(cli, db_path, path)
    assert all(file.read_text() == text for file, text in mine.items())
    assert not (tmp_path / "x.csv.rejects (2).csv").exists()   # its own earlier report, stale now, is removed
