"""Rows and columns hidden in an .xlsx sheet (by a filter or by hand) are imported like the rest, since an
extract is its data and a filter only a view of it, and the summary says so: how many rows holding a
customer were hidden, and which columns the import reads were."""

from __future__ import annotations

import pytest

from tests.import_support import customers, run_import, write_workbook
from tests.test_xlsx_stream import MAIN, _hand_made
from workbench.importing.xlsx import HiddenRows, XlsxBook

HEADER = ["客户号", "姓名", "资产余额", "风险等级", "备注"]


def workbook(path, sheets: dict[str, list[list]], *, hide_rows: dict[str, list[int]] | None = None,
             hide_columns: dict[str, list[str]] | None = None, filters: dict[str, dict[int, list[str]]] | None = None):
    """A workbook as openpyxl writes it; per sheet, the rows and columns hidden, and a filter (column
    index: values shown; no values, a filter with nothing chosen)."""

    def hide(title, sheet) -> None:
        for number in (hide_rows or {}).get(title, []):
            sheet.row_dimensions[number].hidden = True
        for letter in (hide_columns or {}).get(title, []):
            sheet.column_dimensions[letter].hidden = True
        if title in (filters or {}):
            sheet.auto_filter.ref = sheet.dimensions
            for column, shown in filters[title].items():
                if shown:
                    sheet.auto_filter.add_filter_column(column, shown)

    return write_workbook(path, sheets, hide)


CUSTOMERS = [HEADER, ["C1", "张三", 100, "R1", "老客户"], ["C2", "李四", 200, "R2", ""], ["C3", "王五", 300, "R3", ""],
             [], ["C4", "赵六", 400, "R4", ""], ["C5", "钱七", 500, "R5", ""]]


def hidden_notes(summary) -> list[str]:
    return [note for note in summary.notes if "hidden in Excel" in note and "sheet(s)" not in note]


@pytest.mark.parametrize("workers", [0, 1])   # read here, and by a reader process, which counts on its own
def test_hidden_rows_with_data_are_imported_and_counted(tmp_path, db_path, workers):
    # Rows 3 and 4 (C2, C3) hidden by hand, and the blank row 5 between, which holds no customer.
    path = workbook(tmp_path / "hand.xlsx", {"客户": CUSTOMERS}, hide_rows={"客户": [3, 4, 5]})
    summary = run_import(db_path, path, workers=workers)
    assert summary.inserted == 5 and summary.rejected == 0
    assert customers(db_path) == [("C1", "张三"), ("C2", "李四"), ("C3", "王五"), ("C4", "赵六"), ("C5", "钱七")]
    assert hidden_notes(summary) == ["2 rows hidden in Excel (by a filter or by hand) were imported too"]


def test_the_header_and_title_lines_hidden_are_no_customers(tmp_path, db_path):
    path = workbook(tmp_path / "header.xlsx", {"客户": [["客户信息表"], *CUSTOMERS]}, hide_rows={"客户": [1, 2, 4]})
    summary = run_import(db_path, path)
    assert summary.inserted == 5
    assert hidden_notes(summary) == ["1 row hidden in Excel (by a filter or by hand) was imported too"]


def test_rows_a_filter_hides_are_said_to_be_by_a_filter(tmp_path, db_path):
    # The filter shows R1, R4 and R5, as Excel leaves such a sheet: rows 3 and 4 hidden.
    path = workbook(tmp_path / "filtered.xlsx", {"客户": CUSTOMERS}, hide_rows={"客户": [3, 4]},
                    filters={"客户": {3: ["R1", "R4", "R5"]}})
    summary = run_import(db_path, path)
    assert summary.inserted == 5
    assert hidden_notes(summary) == ["2 rows hidden in Excel (by a filter) were imported too"]


def test_a_filter_with_nothing_chosen_hides_no_row_itself(tmp_path, db_path):
    path = workbook(tmp_path / "buttons.xlsx", {"客户": CUSTOMERS}, hide_rows={"客户": [3]}, filters={"客户": {3: []}})
    summary = run_import(db_path, path)
    assert hidden_notes(summary) == ["1 row hidden in Excel (by a filter or by hand) was imported too"]


def test_hidden_columns_the_import_reads_are_named(tmp_path, db_path):
    # C (资产余额) and D (风险等级) are read, E (备注) maps to nothing and is listed as not imported.
    path = workbook(tmp_path / "columns.xlsx", {"客户": CUSTOMERS}, hide_columns={"客户": ["C", "D", "E"]})
    summary = run_import(db_path, path)
    assert hidden_notes(summary) == ["columns hidden in Excel were imported too: 资产余额, 风险等级"]
    assert summary.unmapped_columns == ["备注"]
    assert customers(db_path, "customer_id, aum_fen, risk_level")[0] == ("C1", 10000, "R1")


def test_hidden_rows_and_columns_over_several_sheets(tmp_path, db_path):
    """Counted on every sheet read, below each sheet's own header (a later sheet's hidden title and
    header are no customers); a later sheet's hidden column named by the first sheet's header."""
    path = workbook(tmp_path / "sheets.xlsx", {
        "营业部": [HEADER[:3], ["C1", "张三", 100], ["C2", "李四", 200]],
        "支行": [["支行客户"], ["资产余额", "客户号", "姓名"], [300, "C3", "王五"], [400, "C4", "赵六"], [500, "C5", "钱七"]],
    }, hide_rows={"营业部": [3], "支行": [1, 2, 3, 5]}, hide_columns={"支行": ["A"]})
    summary = run_import(db_path, path)
    assert summary.inserted == 5 and "sheets 营业部, 支行" in summary.notes
    assert hidden_notes(summary) == ["a column hidden in Excel was imported too: 资产余额",
                                     "3 rows hidden in Excel (by a filter or by hand) were imported too"]


def test_full_inactivates_nobody_a_filter_hides(tmp_path, db_path):
    run_import(db_path, workbook(tmp_path / "before.xlsx", {"客户": CUSTOMERS}))
    # Today's extract no longer lists C5; C2 and C3 are only filtered out of view.
    today = workbook(tmp_path / "today.xlsx", {"客户": CUSTOMERS[:-1]}, hide_rows={"客户": [3, 4]},
                     filters={"客户": {3: ["R1", "R4"]}})
    summary = run_import(db_path, today, full=True)
    assert summary.inactivated_ids == ["C5"]
    assert hidden_notes(summary) == ["2 rows hidden in Excel (by a filter) were imported too"]
    assert customers(db_path, "customer_id, active") == [("C1", 1), ("C2", 1), ("C3", 1), ("C4", 1), ("C5", 0)]


def test_nothing_is_said_when_nothing_is_hidden(tmp_path, db_path):
    plain = run_import(db_path, workbook(tmp_path / "plain.xlsx", {"客户": CUSTOMERS}, filters={"客户": {}}))
    assert plain.inserted == 5 and hidden_notes(plain) == []
    # Hiding only the blank row and a column read by nothing says nothing either; hiding a customer does.
    quiet = workbook(tmp_path / "quiet.xlsx", {"客户": CUSTOMERS}, hide_rows={"客户": [5]}, hide_columns={"客户": ["E"]})
    assert hidden_notes(run_import(db_path, quiet)) == []
    said = workbook(tmp_path / "said.xlsx", {"客户": CUSTOMERS}, hide_rows={"客户": [6]})
    assert hidden_notes(run_import(db_path, said)) == ["1 row hidden in Excel (by a filter or by hand) was imported too"]


def test_the_cli_prints_the_notes(cli, tmp_path, db_path):
    path = workbook(tmp_path / "cli.xlsx", {"客户": CUSTOMERS}, hide_rows={"客户": [2]}, hide_columns={"客户": ["C"]})
    result = cli("--db", db_path, "import", "customers", path)
    assert result.exit_code == 0, result.stderr
    assert "(a column hidden in Excel was imported too: 资产余额)" in result.stdout
    assert "(1 row hidden in Excel (by a filter or by hand) was imported too)" in result.stdout


@pytest.mark.parametrize("after_rows, filtered", [
    # a filter column that only hides its button: no criteria
    ('<autoFilter ref="A1:D5"><filterColumn colId="0" hiddenButton="1"/></autoFilter>', False),
    # criteria of Excel's own "custom filter" kind
    ('<autoFilter ref="A1:D5"><filterColumn colId="0"><customFilters><customFilter operator="lessThan" val="4"/>'
     '</customFilters></filterColumn></autoFilter>', True),
    # no filter of the sheet's own: a custom view's filters only that view
    ('<customSheetViews><customSheetView guid="{0}"><autoFilter ref="A1:D5"><filterColumn colId="0"><filters>'
     '<filter val="1"/></filters></filterColumn></autoFilter></customSheetView></customSheetViews>', False),
], ids=["button only", "custom filter", "custom view"])
def test_excel_s_own_shapes_of_hidden_rows_columns_and_filters(tmp_path, after_rows, filtered):
    """As Excel writes them: attributes in its order, hidden="true", a column range, and its filters."""
    path = tmp_path / "excel.xlsx"
    rows = ('<row r="1" spans="1:4"><c r="A1"><v>1</v></c></row>'
            '<row r="2" spans="1:4" hidden="1" x14ac:dyDescent="0.25"><c r="A2"><v>2</v></c></row>'
            '<row hidden="true" r="3"><c r="A3"><v>3</v></c></row>'
            '<row r="4" hidden="0"><c r="A4"><v>4</v></c></row>'
            '<row r="5" hidden="1"><c r="A5" s="1"/></row>')
    _hand_made(path, f'<worksheet {MAIN} xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">'
                     '<cols><col min="1" max="1" width="9"/><col min="2" max="3" width="0" hidden="1" customWidth="1"/>'
                     f'<col hidden="true" min="6" max="6"/></cols><sheetData>{rows}</sheetData>{after_rows}</worksheet>')
    book = XlsxBook(path)
    try:
        assert book.hidden_columns("Sheet1") == {1, 2, 5}
        hidden = HiddenRows(after=1)
        assert [number for number, _ in book.rows("Sheet1", None, hidden)] == [1, 2, 3, 4]
        assert hidden == HiddenRows(after=1, count=2, filtered=filtered)
    finally:
        book.close()
