"""The reject report: in the file's row order, cells as the file shows them, formulas neutralised."""

import csv

from openpyxl import Workbook

from tests.import_support import run_import, write_csv
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
