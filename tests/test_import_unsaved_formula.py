"""A customer number or name that is a formula the workbook holds no value for (openpyxl writes formulas so;
Excel saves each one's value) is rejected saying so, not as a row with no name, in English and in Chinese,
whichever process reads the file."""

from __future__ import annotations

import csv
import zipfile

import pytest

from tests.import_support import customers, run_import, write_xlsx
from workbench import i18n
from workbench.importing.xlsx import UnsavedFormula, XlsxBook

HEADER = ["客户号", "姓名", "资产余额"]
ROWS = [HEADER, ["C1", '=HYPERLINK("http://x","张三")', 5], ["=A1", "李四", 5], ["C3", "", 5], ["C4", "王五", 5],
        ["=A5", '=HYPERLINK("http://x","赵六")', "=C5"]]   # formulas alone: a row Excel shows empty, as calamine reads it
ENGLISH = "{column}: a formula with no value saved in the file; open the file in Excel and save it again, or paste " \
          "the column as values"
CHINESE = "{column}：单元格是公式，文件中没有保存其值；请用 Excel 打开文件后重新保存，或将该列复制后“粘贴为数值”"


def reasons(path) -> list[list[str]]:
    with path.with_name(path.name + ".rejects.csv").open(encoding="utf-8-sig", newline="") as fh:
        return [row[:2] for row in list(csv.reader(fh))[1:]]


@pytest.mark.parametrize("workers", [0, 1], ids=["this process", "reader process"])
@pytest.mark.parametrize("language, said, no_name", [("en", ENGLISH, "no name"), ("zh_CN", CHINESE, "缺少姓名")],
                         ids=["English", "Chinese"])
def test_a_formula_with_no_value_saved_is_said(db_path, tmp_path, workers, language, said, no_name):
    i18n.set_language(language)
    path = write_xlsx(tmp_path / "extract.xlsx", ROWS)
    summary = run_import(db_path, path, workers=workers)
    assert summary.rejected == 3 and customers(db_path) == [("C4", "王五")]
    assert reasons(path) == [["2", said.format(column="姓名")], ["3", said.format(column="客户号")], ["4", no_name]]


def test_the_reader_gives_such_a_formula_as_an_empty_cell_that_says_what_it_is(tmp_path):
    path = write_xlsx(tmp_path / "extract.xlsx", ROWS)
    book = XlsxBook(path)
    try:
        rows = dict(book.rows(book.sheet_names[0]))
    finally:
        book.close()
    assert rows[2] == ["C1", "", 5.0] and rows[2][1].__class__ is UnsavedFormula
    assert rows[4][1].__class__ is str and rows[5][1].__class__ is str
    assert 6 not in rows


def test_a_formula_with_its_value_saved_is_read_as_its_value(db_path, tmp_path):
    """As Excel saves them: a value for every formula, an empty text one as t="str" with an empty <v>."""
    import xlsxwriter

    path = tmp_path / "saved.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ["C1"])
    sheet.write_formula(1, 1, '=HYPERLINK("http://x","张三")', None, "张三")
    sheet.write_row(2, 0, ["C2"])
    sheet.write_formula(2, 1, '=""', None, "")
    book.close()
    excel = tmp_path / "excel.xlsx"   # xlsxwriter leaves t="str" out of an empty text value; Excel writes it
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(excel, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b'<c r="B3"><f>""</f><v></v></c>' in data
                data = data.replace(b'<c r="B3"><f>', b'<c r="B3" t="str"><f>')
            target.writestr(item, data)
    opened = XlsxBook(excel)
    try:
        rows = dict(opened.rows(opened.sheet_names[0]))
    finally:
        opened.close()
    assert rows[2] == ["C1", "张三"] and rows[3] == ["C2", ""] and rows[3][1].__class__ is str
    summary = run_import(db_path, excel)
    assert summary.rejected == 1 and customers(db_path) == [("C1", "张三")]
    assert reasons(excel) == [["3", "no name"]]
