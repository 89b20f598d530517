"""A workbook whose customers run over more than one sheet (Excel stops at 1,048,576 rows a sheet):
only the first sheet with a header is imported, and the import says so; --full, which would then
inactivate the customers of the other sheets, is refused before anything changes."""

from __future__ import annotations

import pytest

from tests.import_support import customers, run_import
from workbench.errors import WorkbenchError

HEADER = ["客户号", "姓名", "资产余额"]


def workbook(path, sheets: dict[str, list[list]]):
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def split_workbook(tmp_path):
    return workbook(tmp_path / "extract.xlsx", {
        "说明": [["客户信息导出"], ["导出时间：2026-11-20"]],            # a notes sheet: no header
        "Sheet1": [["客户信息表"], HEADER, ["C1", "张三", 100], ["C2", "李四", 200]],
        "汇总": [["机构", "户数"], ["310001", 3]],                       # a summary: a header, not a customer one
        "Sheet2": [HEADER, ["C3", "王五", 300]],
    })


def test_the_first_sheet_is_imported_and_the_others_listing_customers_are_named(tmp_path, db_path):
    summary = run_import(db_path, split_workbook(tmp_path))
    assert summary.inserted == 2 and customers(db_path) == [("C1", "张三"), ("C2", "李四")]
    assert "sheet Sheet1" in summary.notes
    noted = [note for note in summary.notes if "NOT read" in note]
    assert len(noted) == 1 and "Sheet2" in noted[0] and "汇总" not in noted[0] and "说明" not in noted[0]


def test_full_is_refused_when_other_sheets_list_customers(tmp_path, db_path):
    run_import(db_path, workbook(tmp_path / "first.xlsx", {"Sheet1": [HEADER, ["C9", "赵六", 1]]}))
    with pytest.raises(WorkbenchError, match=r"more than one sheet \(Sheet2 after the first\).*one CSV"):
        run_import(db_path, split_workbook(tmp_path), full=True)
    assert customers(db_path) == [("C9", "赵六")]   # nothing inactivated, nothing added


def test_one_sheet_of_customers_with_others_beside_it_is_a_plain_full_extract(tmp_path, db_path):
    book = workbook(tmp_path / "one.xlsx", {"Sheet1": [HEADER, ["C1", "张三", 100]], "说明": [["备注"], ["无"]]})
    summary = run_import(db_path, book, full=True)
    assert summary.inserted == 1 and not [note for note in summary.notes if "NOT read" in note]


def test_the_cli_refuses_full_in_one_sentence(cli, db_path, tmp_path):
    result = cli("--db", db_path, "import", "customers", "--full", split_workbook(tmp_path))
    assert result.exit_code != 0 and "Traceback" not in result.stderr + result.stdout
    assert "only the first is imported, so --full would inactivate" in result.stderr
    assert customers(db_path) == []


def test_workbooks_read_whole_by_calamine_name_their_other_sheets_too(tmp_path):
    """.xls, .xlsb and .ods go through calamine (here an .xlsx made to)."""
    from workbench.importing.sources import _open_calamine

    source = _open_calamine(split_workbook(tmp_path), {})
    try:
        assert source.other_sheets == ["Sheet2"] and [n for n, _ in source.rows] == [3, 4]
    finally:
        source.close()


def test_a_later_sheet_that_cannot_be_read_lists_nobody(tmp_path, db_path):
    """The check of the other sheets never stops an import that reads its own sheet fine."""
    import zipfile

    whole = split_workbook(tmp_path)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(whole) as src, zipfile.ZipFile(broken, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet4.xml":   # Sheet2, cut short part-way
                data = data[: len(data) // 2]
            out.writestr(item, data)
    summary = run_import(db_path, broken)
    assert summary.inserted == 2 and not [note for note in summary.notes if "NOT read" in note]
