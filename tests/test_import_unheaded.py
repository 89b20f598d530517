"""A column holding data under no header is named in the summary, not dropped without a word; a header cell
merged down over a two-row header gives its column the merged cell's text."""

import datetime

import pytest

from tests.import_support import customers, run_import, write_csv, write_workbook
from workbench.importing.sources import _open_calamine


def test_a_csv_column_with_data_under_an_empty_header_is_named(cli, db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["客户号", "客户姓名", "", "手机号码", "", ""],
                                          ["C1", "丙一", "M001", "13800138041", "", ""],
                                          ["C2", "丙二", "", "13800138042", "", ""]])
    summary = run_import(db_path, path, dry_run=True)
    assert summary.unheaded_columns == ["C"] and summary.inserted == 2
    chinese = cli("--db", db_path, "--lang", "zh_CN", "--now", "2026-03-01T09:00:00", "import", "customers", path,
                  "--dry-run")
    assert "未导入的列（可用 --map '源列=字段' 映射）：第 C 列（无表头）。" in chinese.stdout
    result = cli("--db", db_path, "--now", "2026-03-01T09:00:00", "import", "customers", path)
    assert result.exit_code == 0, result.stderr
    assert "Columns not imported (map them with --map 'SOURCE=field'): column C (no header).\nA column without a " \
           "header cannot be named with --map: give it a header in the file's header row to import it." in result.stdout


@pytest.mark.parametrize("workers", [0, 1])
def test_found_by_the_row_reader_and_by_a_reader_process_too(db_path, tmp_path, workers):
    rows = [["客户号", "姓名", "备注", ""], *[[f"C{i}", "甲", "a", ""] for i in range(50)],
            ["C50", "多\n行", "b", "x"]]   # a line break in a cell: this block goes through the csv module
    summary = run_import(db_path, write_csv(tmp_path / "x.csv", rows), workers=workers)
    assert summary.unheaded_columns == ["D"] and summary.unmapped_columns == ["备注"]


def test_a_column_past_the_header_in_a_workbook_is_named(db_path, tmp_path):
    path = write_workbook(tmp_path / "x.xlsx", {"客户": [["客户号", "姓名", "手机号"], ["C1", "甲", "13800138000", "M001"],
                                                          ["C2", "乙", "13800138001"]]})
    summary = run_import(db_path, path)
    assert summary.unheaded_columns == ["D"] and summary.inserted == 2


def two_row_header(path, *, merged=True, sheets=("客户",)):
    """A title, a row of group titles over the header, 客户经理 merged down over both header rows (G2:G3)."""
    rows = [["城东支行沉睡客户名单"], ["客户信息", None, None, None, "资产情况", None, "客户经理"],
            ["客户号", "客户姓名", "性别", "手机号码", "资产余额", "最近交易日期", None],
            ["C3001", "乙一", "男", "13800138031", 125000, datetime.date(2025, 1, 1), "M001"],
            ["C3002", "乙二", "女", "13800138032", 5000, datetime.date(2025, 1, 1), "M002"]]

    def merge(title, sheet):
        sheet.merge_cells("A1:G1")
        sheet.merge_cells("A2:D2")
        sheet.merge_cells("E2:F2")
        if merged:
            sheet.merge_cells("G2:G3")
    return write_workbook(path, {name: [row[:] for row in rows] for name in sheets}, merge)


def test_a_header_cell_merged_down_over_two_header_rows_names_its_column(db_path, tmp_path):
    summary = run_import(db_path, two_row_header(tmp_path / "x.xlsx"))
    assert summary.unheaded_columns == [] and summary.mapped["manager"] == "客户经理"
    assert "the header of column G is 客户经理, from a cell merged down over the header's rows (G2:G3)" in summary.notes
    assert customers(db_path, "customer_id, manager_id") == [("C3001", "M001"), ("C3002", "M002")]


def test_without_the_merge_the_column_is_named_not_guessed(db_path, tmp_path):
    summary = run_import(db_path, two_row_header(tmp_path / "x.xlsx", merged=False))
    assert summary.unheaded_columns == ["G"] and "manager" not in summary.mapped
    assert customers(db_path, "customer_id, manager_id") == [("C3001", None), ("C3002", None)]


def test_later_sheets_with_the_same_merged_header_are_read_and_calamine_sees_the_merge_too(db_path, tmp_path):
    path = two_row_header(tmp_path / "x.xlsx", sheets=("一", "二"))
    summary = run_import(db_path, path)
    assert summary.rows_read == 4 and summary.inserted == 2 and summary.rejected == 2   # the same customers again
    source = _open_calamine(path, {})
    try:
        assert source.mapping.columns["manager"] == 6 and source.other_sheets == []
    finally:
        source.close()


def test_column_letters():
    from workbench.importing.sources import column_letter

    assert [column_letter(i) for i in (0, 6, 25, 26, 27, 701, 702)] == ["A", "G", "Z", "AA", "AB", "ZZ", "AAA"]
