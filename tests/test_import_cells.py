"""Cells that spreadsheets leave behind: Excel's error values, codes typed with an apostrophe or in
full-width characters, codes in a zero-padding number format, phones a float export wrote as
13800138000.0, and short lines under the table. Every way a file's cells are converted (polars in
blocks, the row converter, a workbook's cells) must read them alike."""

from __future__ import annotations

import csv
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from tests.import_support import customers, run_import, write_csv, write_xlsx
from tests.test_import_blocks import ALL_FIELDS, SETTINGS, TODAY, block_equals_rows
from workbench.importing.headers import map_columns
from workbench.importing.numformats import zero_padding
from workbench.importing.rows import EXCEL_ERRORS, build_converter
from workbench.importing.xlsx import XlsxBook
from workbench.phones import normalise_phone

# The ways a file's cells are converted (see write).
WAYS = ["blocks", "csv module", "workbook", "text workbook"]


def write(tmp_path, rows: list[list], way: str):
    """rows as a file converted the given way: a plain CSV by polars in blocks; a CSV with a line break
    in a cell by the csv module and the row converter; a workbook with a number cell row by row; a
    workbook of text cells in blocks (openpyxl writes a cell of Excel's error text as an error cell)."""
    tags, count = ("多\n行" if way == "csv module" else "理财"), (1 if way == "workbook" else "1")
    rows = [[*rows[0], "标签", "近12个月交易次数"], *[[*row, tags, count] for row in rows[1:]]]
    if way in ("workbook", "text workbook"):
        return write_xlsx(tmp_path / "x.xlsx", rows)
    return write_csv(tmp_path / "x.csv", rows)


def rejects(summary) -> dict[int, list[str]]:
    """The reject report as {row number: [reason, cells...]}."""
    with summary.reject_file.open(encoding="utf-8-sig", newline="") as fh:
        return {int(row[0]): row[1:] for row in list(csv.reader(fh))[1:]}


def shows(column: str, error: str) -> str:
    return f"{column} shows Excel's error {error}: fix the formula in the extract"


@pytest.mark.parametrize("way", WAYS)
def test_an_excel_error_in_a_column_read_rejects_the_row(db_path, tmp_path, way):
    """Before, #N/A was a customer number and a name, and an amount of 0; other errors were 'not an amount'."""
    header = ["客户号", "姓名", "手机号", "资产余额", "最近交易日期", "客户经理号", "所属机构", "备注"]
    good = ["13800138000", "100", "2025-03-01", "M001", "310001", "#N/A"]   # an error in a column not read
    path = write(tmp_path, [header, ["E1", "甲", *good],
                            ["#N/A", "乙", *good], ["E3", "#N/A", *good],
                            ["E4", "丁", "13800138000", "#N/A", "2025-03-01", "M001", "310001", ""],
                            ["E5", "戊", "13800138000", "#DIV/0!", "#REF!", "M001", "310001", ""],
                            ["E6", "己", "#VALUE!", "100", "2025-03-01", "#NAME?", "#NUM!", ""],
                            ["E7", "庚", "13800138000", " #n/a ", "2025-03-01", "M001", "310001", ""],
                            ["E8", "辛", "13800138000", "#N/A 100", "2025-03-01", "#SPILL!", "310001", ""]], way)
    summary = run_import(db_path, path)
    assert customers(db_path, "customer_id, aum_fen") == [("E1", 10000)]
    found = list(rejects(summary).values())   # in row order (a cell's line break moves the line numbers)
    assert [reasons[0] for reasons in found] == [
        shows("客户号", "#N/A"), shows("姓名", "#N/A"), shows("资产余额", "#N/A"),
        f"{shows('资产余额', '#DIV/0!')}; {shows('最近交易日期', '#REF!')}",
        f"{shows('手机号', '#VALUE!')}; {shows('客户经理号', '#NAME?')}; {shows('所属机构', '#NUM!')}",
        shows("资产余额", "#n/a"), found[6][0]]
    # Text that merely holds an error is no error: its column's own reason follows the error's.
    assert found[6][0].startswith(f"{shows('客户经理号', '#SPILL!')}; 资产余额: '#N/A 100' is not an amount")
    assert found[0][1] == "#N/A" and found[2][4] == "#N/A"   # the report shows the error, not a blank


def test_error_cells_of_formulas_in_a_workbook(db_path, tmp_path):
    """Formulas whose cached value is an error (what a VLOOKUP that found nothing leaves): before, read
    as empty cells, so the customer number was 'missing' and the balance 0."""
    import xlsxwriter

    path = tmp_path / "x.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["客户号", "客户姓名", "手机号码", "资产余额"])
    sheet.write_row(1, 0, ["E1", "甲", 13800138000])
    sheet.write_formula(1, 3, "=VLOOKUP(A2,Z:Z,2,0)", None, "#N/A")
    sheet.write_formula(2, 0, "=VLOOKUP(1,Z:Z,2,0)", None, "#N/A")
    sheet.write_row(2, 1, ["乙", 13800138001, 100])
    sheet.write_row(3, 0, ["E3", "丙", 13800138002, 100])
    book.close()
    summary = run_import(db_path, path)
    assert customers(db_path) == [("E3", "丙")]
    found = rejects(summary)
    assert found[2] == [shows("资产余额", "#N/A"), "E1", "甲", "13800138000", "#N/A"]
    assert found[3] == [shows("客户号", "#N/A"), "#N/A", "乙", "13800138001", "100"]


def test_the_streaming_reader_gives_an_error_cell_as_its_text_and_every_other_cell_as_calamine(tmp_path):
    """calamine gives "" for an error cell, so the two readers differ there and nowhere else: in a
    formula's cell (parsed by ElementTree) and in a plain one (the fast pattern)."""
    import xlsxwriter

    path = tmp_path / "x.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Sheet1")
    sheet.write_row(0, 0, ["a", 1.5, True])
    sheet.write_formula(0, 3, "=1/0", None, "#DIV/0!")
    sheet.write_formula(0, 4, '="x"', None, "x")
    book.close()
    with zipfile.ZipFile(path) as z:   # one error cell without a formula, as openpyxl writes it
        parts = {name: z.read(name) for name in z.namelist()}
    sheet_xml = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet_xml.replace(
        "</row>", '<c r="F1" t="e"><v>#N/A</v></c><c r="G1" t="s"><v>0</v></c></row>', 1).encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    reader = XlsxBook(path)
    try:
        mine = [row for _, row in reader.rows("Sheet1")]
    finally:
        reader.close()
    with CalamineWorkbook.from_path(str(path)) as theirs:
        expected = theirs.get_sheet_by_name("Sheet1").to_python()
    assert mine == [["a", 1.5, True, "#DIV/0!", "x", "#N/A", "a"]]
    assert expected == [["a", 1.5, True, "", "x", "", "a"]]


@pytest.mark.parametrize("way", WAYS)
def test_codes_lose_excels_apostrophe_and_full_width_forms(db_path, tmp_path, way):
    """'001004 (typed so Excel keeps the zeros) is customer 001004, Ｃ００７ is C007: the ASCII extract
    of next month then updates them instead of adding a second customer."""
    path = write(tmp_path, [["客户号", "姓名", "手机号", "客户经理号", "所属机构"],
                            ["'001004", "撇号", "'13800138000", "'M001", "'310001"],
                            ["Ｃ００７", "全角", "13800138001", " 'M002", "'310002 浦东支行"],
                            ["＇００８", "全角撇号", "13800138002", "M003", "310001"],
                            ["' C 009 ", "空格", "13800138003", "M003", "310001"]], way)
    summary = run_import(db_path, path)
    assert summary.rejected == 0
    assert customers(db_path, "customer_id, phone_raw, phone_e164, manager_id, branch_id") == [
        ("001004", "13800138000", "+8613800138000", "M001", "310001"),
        ("008", "13800138002", "+8613800138002", "M003", "310001"),
        ("C 009", "13800138003", "+8613800138003", "M003", "310001"),
        ("C007", "13800138001", "+8613800138001", "M002", "310002")]
    later = write_csv(tmp_path / "later.csv", [["客户号", "姓名"], ["001004", "撇号二"], ["C007", "全角二"]])
    summary = run_import(db_path, later)
    assert (summary.inserted, summary.updated) == (0, 2)


@pytest.mark.parametrize("way", WAYS)
def test_a_phone_a_float_export_wrote_with_dot_zero_is_callable(db_path, tmp_path, way):
    """pandas writes a number column with a gap in it as floats: 13800138000.0 is the mobile, as the
    same number in a workbook's number cell always was."""
    path = write(tmp_path, [["客户号", "姓名", "手机号"], ["P1", "甲", "13800138000.0"], ["P2", "乙", "02162345678.0"],
                            ["P3", "丙", "13800138000.5"], ["P4", "丁", "'13800138001.0"]], way)
    run_import(db_path, path)
    assert customers(db_path, "customer_id, phone_raw, phone_e164, phone_valid") == [
        ("P1", "13800138000", "+8613800138000", 1), ("P2", "02162345678", "+862162345678", 1),
        ("P3", "13800138000.5", None, 0), ("P4", "13800138001", "+8613800138001", 1)]


def test_normalise_phone_takes_a_trailing_dot_zero_only_after_digits():
    assert normalise_phone("13800138000.0").e164 == "+8613800138000"
    assert normalise_phone(" 021-62345678.0").valid == 0   # not all digits: not a float's form
    assert normalise_phone("13800138000.00").valid == 0


def test_a_zero_padded_number_cell_reads_as_excel_shows_it(db_path, tmp_path):
    """A workbook holding 1002 in a cell formatted 000000 shows 001002, as the CSV extract spells it;
    the stored code was 1002, a second customer. Amounts in such a format stay numbers."""
    import xlsxwriter

    run_import(db_path, write_csv(tmp_path / "first.csv", [["客户号", "姓名"], ["001002", "张三"]]))
    path = tmp_path / "x.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Sheet1")
    six, four, eleven = (book.add_format({"num_format": code}) for code in ("000000", "0000", "00000000000"))
    sheet.write_row(0, 0, ["客户号", "姓名", "客户经理号", "所属机构", "手机号", "资产余额"])
    sheet.write_number(1, 0, 1002, six)
    sheet.write_row(1, 1, ["张三"])
    sheet.write_number(1, 2, 7, four)
    sheet.write_number(1, 3, 1, six)
    sheet.write_number(1, 4, 2162345678, eleven)
    sheet.write_number(1, 5, 1002, six)
    sheet.write_row(2, 0, [1003, "李四", 7, 1, 13800138000, 5])   # no format: as before, though 7 was 0007 above
    book.close()
    summary = run_import(db_path, path)
    assert (summary.inserted, summary.updated, summary.rejected) == (1, 1, 0)
    assert customers(db_path, "customer_id, manager_id, branch_id, phone_e164, aum_fen") == [
        ("001002", "0007", "000001", "+862162345678", 100200), ("1003", "7", "1", "+8613800138000", 500)]
    # calamine (which reads .xls, .xlsb and .ods) gives the bare number: no format to read there.
    with CalamineWorkbook.from_path(str(path)) as theirs:
        assert theirs.get_sheet_by_name("Sheet1").to_python()[1][0] == 1002.0


@pytest.mark.parametrize("code, width", [("000000", 6), ("00", 2), ("000000;-000000", 6), ("0", 0), ("0.00", 0),
                                         ("\\Y000000", 0), ("000000.00", 0), ("#,##000", 0), ("@", 0)])
def test_zero_padding_formats(code, width):
    assert zero_padding(code) == width


def test_short_lines_under_the_table_and_rows_without_the_headers_trailing_commas(db_path, tmp_path):
    """A header ending in empty columns: rows without those commas are customers, as rows with them
    always were; a one-cell note or a short totals line is named so, not 'the row has 1 cells'."""
    path = tmp_path / "x.csv"
    path.write_bytes("客户号,姓名,资产余额,,\r\nA1,甲,100\r\nA2,乙,200,,\r\nA3,丙,300,,,\r\nA4,丁\r\n"
                     "注：资产单位为万元\r\n合计,,600\r\n,小计：城西支行\r\n总计(3户),,600,,,,\r\n".encode())
    summary = run_import(db_path, path)
    assert customers(db_path, "customer_id, aum_fen") == [("A1", 10000), ("A2", 20000), ("A3", 30000)]
    assert {row: reasons[0] for row, reasons in rejects(summary).items()} == {
        5: "the row has 2 cells but the header has 5",
        6: "a note under the table (注：资产单位为万元), not a customer",
        7: "a totals row (合计), not a customer", 8: "a totals row (小计：城西支行), not a customer",
        9: "a totals row (总计(3户)), not a customer"}


def test_a_short_row_is_still_rejected_when_the_header_has_no_empty_columns(db_path, tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes("客户号,姓名,资产余额\r\nA1,甲\r\nA2,乙,200\r\n".encode())
    summary = run_import(db_path, path)
    assert customers(db_path) == [("A2", "乙")]
    assert rejects(summary)[2][0] == "the row has 2 cells but the header has 3"


HEADER = ["客户号", "姓名", "手机号", "联系电话", "客户经理", "所属机构", "资产余额", "最近交易日期", "备注"]
PHONES = ["13800138000", "13800138000.0", "'13800138000", "02162345678.0", "1.0", ".0", "13800138000.5", "", "'", "＃N/A"]
COLUMNS = [   # cells each column may meet, mostly ones it reads, so most rows stay with the block way's columns
    ["C1", "C2", "'001004", "''01", "'", " ' 01", "Ｃ００７", "＇００８", "ｃ１", "①", "合计", "注：单位万元", "#N/A 1", "x#REF!"],
    ["张三", "李四", "王五", "合计", "#N/A 1", ""], PHONES, PHONES,
    ["M002", "'M001", " 'M003 王芳", "张伟(M001)", "", "'"], ["310001", "'310001 浦东支行", "'310002", ""],
    ["100", "1,000.00", "", "'100"], ["2025-03-01", "20250301", ""], ["#N/A", "x"]]
ERRORS = sorted(EXCEL_ERRORS) + ["#n/a", " #N/A "]


def column_cell(pool: list[str]):
    """A cell of the pool, or one time in twelve an Excel error."""
    return st.integers(0, 11).flatmap(lambda k: st.sampled_from(ERRORS if k == 0 else pool))


@SETTINGS
@given(rows=st.lists(st.tuples(*map(column_cell, COLUMNS)).map(list), min_size=1, max_size=20))
def test_block_and_row_conversion_agree_on_these_cells(rows):
    block_equals_rows(build_converter(map_columns(HEADER, {}), {}, TODAY), rows, len(HEADER))



# A valid cell for each of test_import_blocks.ALL_FIELDS (every field the importer reads).
VALID = ["C1", "张三", "男", "1980-01-01", "13800138000", "02162345678", "张伟(M001)", "张伟", "310001", "浦东支行", "12.5",
         "100", "2020-01-01", "2020-02-01", "2025-03-01", "2025-03-02", "12", "R2", "否", "是", "理财", "110101199003071234"]


@SETTINGS
@given(errors=st.lists(st.dictionaries(st.integers(0, len(ALL_FIELDS) - 1), st.sampled_from(ERRORS), max_size=2),
                       min_size=1, max_size=12))
def test_an_excel_error_in_any_field_is_found_the_block_way_too(errors):
    """Valid rows with an error put in a cell or two of any field: rejected alike both ways."""
    rows = [[errors_at.get(i, cell) for i, cell in enumerate(VALID)] for errors_at in errors]
    block_equals_rows(build_converter(map_columns(ALL_FIELDS, {}), {}, TODAY), rows, len(ALL_FIELDS))
