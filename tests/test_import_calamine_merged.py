from tests.test_import_xlsx_merged import grouped
from workbench.importing.sources import _open_calamine


def test_calamine_reads_merged_down_cells_in_every_row(tmp_path):
    source = _open_calamine(grouped(tmp_path / "g.xlsx", size=3), {})
    try:
        rows = list(source.rows)
    finally:
        source.close()
    assert [cells[:2] for _n, cells in rows] == [["B110", "M004"]] * 3 + [["B120", "M007"]] * 3


def test_calamine_later_sheets_too(tmp_path):
    from tests.import_support import write_workbook
    rows = [["所属机构", "客户经理号", "客户号", "客户姓名"], ["B1", "M1", "C1", "甲"], [None, None, "C2", "乙"]]
    def merge(_t, sheet):
        sheet.merge_cells("A2:A3"); sheet.merge_cells("B2:B3")
    path = write_workbook(tmp_path / "two.xlsx", {"一": [r[:] for r in rows], "二": [r[:] for r in rows]}, merge)
    source = _open_calamine(path, {})
    try:
        got = [cells[:2] for _n, cells in source.rows]
    finally:
        source.close()
    assert got == [["B1", "M1"]] * 4
