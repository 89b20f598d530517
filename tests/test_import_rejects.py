"""The reject report: in the file's row order, cells as the file shows them, formulas neutralised."""

import csv

from openpyxl import Workbook

from tests.import_support import customers, run_import, write_csv
from workbench.importing.rejects import RejectWriter


def report(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_repeats_take_their_place_in_row_order_among_the_other_rejects(db_path, tmp_path):
    """A repeated customer number is found late (quoted from a second read) but reported in its row's place."""
    path = write_csv(tmp_path / "x.csv", [["客户号", "姓名", "出生日期"],
                                          ["C1", "张三", ""], ["C1", "张三又", ""], ["C2", "", ""],
                                          ["C3", "王五", "1999-02-30"], ["C4", "赵六", ""], ["C4", "赵六又", ""]])
    summary = run_import(db_path, path)
    assert summary.rejected == 4
    rows = report(summary.reject_file)
    assert rows[0] == ["row", "reason", "客户号", "姓名", "出生日期"]
    assert [r[0] for r in rows[1:]] == ["3", "4", "5", "7"]
    assert rows[1][1] == "customer C1 appears again (first row kept)" and rows[4][2:4] == ["C4", "赵六又"]


def test_a_padded_code_is_reported_as_excel_shows_it(db_path, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["客户号", "姓名"])
    sheet.append([1002, "张三"])
    sheet.append([1003, ""])
    for row in (2, 3):
        sheet.cell(row, 1).number_format = "000000"
    book.save(tmp_path / "x.xlsx")
    summary = run_import(db_path, tmp_path / "x.xlsx")
    assert report(summary.reject_file)[1][2:] == ["001003", ""]


def test_runs_out_of_order_are_merged_and_a_failed_import_leaves_no_report(tmp_path):
    writer = RejectWriter(tmp_path / "r.csv", ["a"])
    for number in (2, 5, 9, 3, 7, 1):
        writer.add(number, f"reason {number}", [f"=cell {number}"])
    writer.close(keep=True)
    rows = report(tmp_path / "r.csv")
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "5", "7", "9"] and rows[1][2] == "'=cell 1"
    failed = RejectWriter(tmp_path / "r.csv", ["a"])
    failed.add(1, "x", ["y"])
    failed.close(keep=True)
    failed.close(keep=False)   # the commit after the report failed
    assert not (tmp_path / "r.csv").exists()


def test_a_fixed_reject_report_imports_its_names_without_the_guard_s_apostrophe(db_path, tmp_path):
    """The report guards a formula-like name with an apostrophe; re-imported once fixed, the name is as
    it was. An apostrophe before anything else is the customer's own."""
    path = write_csv(tmp_path / "x.csv", [["客户号", "姓名", "出生日期"], ["C1", "=HYPERLINK(\"x\")", "1999-02-30"],
                                          ["C2", "-张三", "1999-02-30"], ["C3", "'O'Neil", ""]])
    summary = run_import(db_path, path)
    fixed = report(summary.reject_file)
    assert [row[3] for row in fixed[1:]] == ["'=HYPERLINK(\"x\")", "'-张三"]
    for row in fixed[1:]:
        row[4] = "1999-02-28"
    again = write_csv(tmp_path / "fixed.csv", [fixed[0][2:], *(row[2:] for row in fixed[1:])])
    run_import(db_path, again)
    assert customers(db_path) == [("C1", "=HYPERLINK(\"x\")"), ("C2", "-张三"), ("C3", "'O'Neil")]


def test_both_conversions_drop_the_guard_s_apostrophe_alike():
    from datetime import date

    from tests.test_import_blocks import block_equals_rows, convert_rows
    from workbench.importing.headers import map_columns
    from workbench.importing.rows import build_converter

    names = ["'=1+1", "'-张三", "'@x", "'+8", "'O'Neil", "''=x", " '=y ", "'"]
    rows = [[f"C{i}", name] for i, name in enumerate(names)]
    converter = build_converter(map_columns(["客户号", "姓名"], {}), {}, date(2026, 3, 1))
    block_equals_rows(converter, rows, 2)
    assert [r[1] for r in convert_rows(converter.row, rows)] == ["=1+1", "-张三", "@x", "+8", "'O'Neil", "''=x", "=y", "'"]
