"""A workbook cell merged down over rows (a branch or a manager merged over its customers, as grouped reports are
laid out) is read in every row it spans, as a web page's rowspan is, not only in its first."""

import tracemalloc

import pytest

from tests.import_support import customers, run_import, write_workbook
from workbench.importing.xlsx import XlsxBook, merged_down


def grouped(path, groups=(("B110", "M004"), ("B120", "M007")), size=3):
    """所属机构 and 客户经理号 merged over each group of customers, the way f_datamerge.xlsx (the tester's) has them."""
    rows = [["所属机构", "客户经理号", "客户号", "客户姓名", "手机号", "资产余额"]]
    spans = []
    for branch, manager in groups:
        first = len(rows) + 1
        for i in range(size):
            number = len(rows) + 1
            rows.append([branch if i == 0 else None, manager if i == 0 else None, f"95{number:08d}", f"客户{number}",
                         f"1390013{number:04d}", 10000 * (i + 1)])
        spans += [f"A{first}:A{len(rows)}", f"B{first}:B{len(rows)}"]

    def merge(_title, sheet):
        for span in spans:
            sheet.merge_cells(span)
    return write_workbook(path, {"客户明细": rows}, merge)


@pytest.mark.parametrize("workers", [0, 1])
def test_every_customer_under_a_merged_branch_and_manager_gets_them(db_path, tmp_path, workers):
    summary = run_import(db_path, grouped(tmp_path / "f_datamerge.xlsx"), workers=workers)
    assert summary.inserted == 6 and summary.rejected == 0
    assert customers(db_path, "customer_id, branch_id, manager_id") == [
        ("9500000002", "B110", "M004"), ("9500000003", "B110", "M004"), ("9500000004", "B110", "M004"),
        ("9500000005", "B120", "M007"), ("9500000006", "B120", "M007"), ("9500000007", "B120", "M007")]


def test_a_move_to_another_manager_reaches_every_row_of_the_group(db_path, tmp_path):
    run_import(db_path, grouped(tmp_path / "m1.xlsx"))
    summary = run_import(db_path, grouped(tmp_path / "m2.xlsx", groups=(("B110", "M005"), ("B120", "M007"))))
    assert summary.updated == 3
    assert [m for _c, m in customers(db_path, "customer_id, manager_id")] == ["M005"] * 3 + ["M007"] * 3


def test_the_reader_fills_the_first_column_of_a_range_and_leaves_blank_rows_blank(tmp_path):
    rows = [["客户号", "客户姓名", "所属机构", "备注"],
            ["C1", "甲", "B110", "x"], ["C2", "乙"], [], ["C3", "丙"], ["C4", "丁", "B120"]]

    def merge(_title, sheet):
        sheet.merge_cells("C2:D5")   # over two columns and a blank row: the value goes down C only
    path = write_workbook(tmp_path / "x.xlsx", {"S": rows}, merge)
    book = XlsxBook(path)
    try:
        assert list(book.rows("S")) == [
            (1, ["客户号", "客户姓名", "所属机构", "备注"]), (2, ["C1", "甲", "B110"]), (3, ["C2", "乙", "B110"]),
            (4, []), (5, ["C3", "丙", "B110"]), (6, ["C4", "丁", "B120"])]
    finally:
        book.close()


def test_memory_stays_flat_over_a_sheet_with_a_range_merged_far_down(tmp_path):
    """A range merged from the first row to the last is repeated in each; the reader holds the ranges, not the rows:
    the memory in use when the last row comes is what it was at the 100th (holding the rows would add 1.3 MB)."""
    count = 4000
    rows = [["客户号", "客户姓名", "所属机构"], *([f"C{i}", "甲", "B110" if i == 0 else None] for i in range(count))]
    path = write_workbook(tmp_path / "merged.xlsx", {"S": rows},
                          lambda _title, sheet: sheet.merge_cells(f"C2:C{count + 1}"))
    book = XlsxBook(path)
    seen, used = 0, {}
    try:
        tracemalloc.start()
        for number, row in book.rows("S"):
            seen += row[2:3] == ["B110"]
            if number in (100, count + 1):
                used[number] = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
        book.close()
    assert seen == count
    assert used[count + 1] - used[100] < 100_000, used


def test_rows_calamine_reads_are_filled_from_its_merged_ranges_the_same_way(tmp_path):
    """For a workbook the stream does not read (.xls, .xlsb, .ods: calamine does), merged_down fills the rows calamine
    gives from the merged ranges calamine gives, as XlsxBook.rows fills its own."""
    from python_calamine import CalamineWorkbook

    path = grouped(tmp_path / "g.xlsx")
    book = CalamineWorkbook.from_path(str(path))
    try:
        sheet = book.get_sheet_by_name("客户明细")
        ranges = [(top + 1, left, bottom + 1, right) for (top, left), (bottom, right) in sheet.merged_cell_ranges]
        calamine = list(merged_down(enumerate(sheet.to_python(), 1), ranges))
    finally:
        book.close()
    streamed = XlsxBook(path)
    try:
        assert calamine == list(streamed.rows("客户明细"))
    finally:
        streamed.close()
    assert [cells[:2] for _n, cells in calamine[1:]] == [["B110", "M004"]] * 3 + [["B120", "M007"]] * 3
