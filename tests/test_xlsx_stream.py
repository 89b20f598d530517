"""The streaming workbook reader gives every row python-calamine gives, cell for cell, for workbooks
written by openpyxl (shared and inline strings), xlsxwriter (styles, rich text, formulas, 1904 dates)
and by hand (namespace prefixes, cells and rows with no reference, CDATA, phonetic runs)."""

from __future__ import annotations

import os
import zipfile
from datetime import date, datetime, time, timedelta

import pytest
from python_calamine import CalamineWorkbook

from workbench.importing import xlsx
from workbench.importing.numformats import DATETIME, DURATION, OTHER, PaddedNumber, number_format_kind
from workbench.importing.rows import excel_error
from workbench.importing.xlsx import UnsavedFormula, XlsxBook, XlsxError

AWKWARD_TEXT = ["a & b", "<tag>", 'say "hi"', "  padded  ", "line\nbreak", "cr_x000D_lf", "客户 张三", "",
                "x" * 300, "tab\there", "0012", "1e5", "=1+1", "'quoted"]


def calamine_rows(path, sheet: str) -> list[tuple[int, list]]:
    """calamine's rows with their sheet row numbers, cut to the used columns, trailing "" dropped."""
    book = CalamineWorkbook.from_path(str(path))
    try:
        data = book.get_sheet_by_name(sheet)
        first = data.start[0] if data.start else 0
        # to_python: the used range's rows (iter_rows in python-calamine 0.9 starts at row 1 whatever
        # the range, so its positions are not the sheet's row numbers).
        rows = [(first + i + 1, _trimmed(row)) for i, row in enumerate(data.to_python(skip_empty_area=True))]
    finally:
        book.close()
    # calamine's range counts a cell whose text is only white space (read as ""); the streaming
    # reader's starts and ends at cells with a value, so blank rows at either edge are not compared.
    while rows and rows[0][1] == []:
        rows.pop(0)
    while rows and rows[-1][1] == []:
        rows.pop()
    return rows


def streamed_rows(path, sheet: str) -> list[tuple[int, list]]:
    """The streaming reader's rows, cut to calamine's first used column (checked empty before it)."""
    book = CalamineWorkbook.from_path(str(path))
    start = book.get_sheet_by_name(sheet).start
    book.close()
    column = start[1] if start else 0
    mine = XlsxBook(path)
    try:
        rows = list(mine.rows(sheet))
    finally:
        mine.close()
    assert all(cell == "" for _, row in rows for cell in row[:column])
    return [(number, _trimmed(row[column:])) for number, row in rows]


def _trimmed(row) -> list:
    row = list(row)
    while row and row[-1] == "":
        row.pop()
    return row


def assert_same(path, sheet: str = "Sheet1") -> list[tuple[int, list]]:
    """The streamed rows are calamine's, but that an error cell gives its text (#N/A, for the importer
    to reject) where calamine gives "", a zero-padded number carries how Excel shows it, and a formula
    with no value saved is an UnsavedFormula, equal to calamine's ""."""
    theirs, mine = calamine_rows(path, sheet), streamed_rows(path, sheet)
    assert len(mine) == len(theirs)
    for a, b in zip(mine, theirs):
        a_seen = (a[0], ["" if excel_error(x) or isinstance(x, UnsavedFormula) else float(x) if isinstance(x, PaddedNumber)
                         else x for x in a[1]])
        assert a_seen == b
        assert [type(x) for x in a_seen[1]] == [type(x) for x in b[1]]
    return mine


def test_openpyxl_shared_strings_numbers_dates_and_gaps(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet["C3"] = "客户号"
    sheet["D3"] = "姓名"
    rows = [
        [10001, "张三", 12345.67, date(1980, 3, 1), datetime(2025, 3, 1, 10, 30), True, None, 0.1 + 0.2],
        ["C2", "李四", -5, time(9, 15), timedelta(hours=30), False, 1e20, 45717],
        *[[text, 7, text] for text in AWKWARD_TEXT],
    ]
    for r, values in enumerate(rows, start=4):
        for c, value in enumerate(values, start=3):
            if value is not None:
                sheet.cell(r, c, value)
    sheet["E40"] = "after a gap"
    sheet["Z41"] = 3
    path = tmp_path / "openpyxl.xlsx"
    book.save(path)
    mine = assert_same(path)
    assert mine[0] == (3, ["客户号", "姓名"])
    assert mine[1][1][:4] == ["10001" if False else 10001.0, "张三", 12345.67, date(1980, 3, 1)]
    assert [n for n, row in mine if row == []] == list(range(4 + len(rows), 40))


def test_openpyxl_write_only_inline_strings(tmp_path):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    sheet.append(["客户号", "姓名", "余额"])
    for i, text in enumerate(AWKWARD_TEXT):
        sheet.append([f"C{i}", text, i * 1.5])
    path = tmp_path / "inline.xlsx"
    book.save(path)
    assert len(assert_same(path)) == len(AWKWARD_TEXT) + 1


def test_xlsxwriter_formats_rich_text_formulas_and_errors(tmp_path):
    import xlsxwriter

    path = tmp_path / "writer.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Sheet1")
    formats = [book.add_format({"num_format": code}) for code in (
        "yyyy-mm-dd", 'yyyy"年"m"月"d"日"', "[h]:mm:ss", "hh:mm", "0.00", "#,##0", "@", "d-mmm", "mm:ss",
        "[$-804]yyyy\\/m\\/d", '"Y: "0.00', "0.00;[Red]-0.00", "m/d/yy h:mm")]
    values = [45717, 45717.5, 1.25, 0.75, 12.345, 1234567, 5, 0, 1e-3, 60, 59, 61, -1]
    for r, value in enumerate(values):
        for c, fmt in enumerate(formats):
            sheet.write_number(r, c, value, fmt)
    bold = book.add_format({"bold": True})
    sheet.write_rich_string(len(values), 0, "plain ", bold, "bold", " tail")
    sheet.write_formula(len(values), 1, "=1+1", None, 2)
    sheet.write_formula(len(values), 2, '="a"&"b"', None, "ab")
    sheet.write_formula(len(values), 3, "=1/0", None, "#DIV/0!")
    sheet.write_boolean(len(values), 4, True)
    sheet.write_string(len(values), 5, "a & <b>")
    sheet.write_datetime(len(values), 6, datetime(2025, 3, 1, 9), formats[0])
    book.close()
    assert_same(path)


def test_1904_dates(tmp_path):
    import xlsxwriter

    path = tmp_path / "mac.xlsx"
    book = xlsxwriter.Workbook(str(path), {"date_1904": True})
    sheet = book.add_worksheet("Sheet1")
    fmt = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for r, value in enumerate([0, 1, 0.5, 40000, 40000.25]):
        sheet.write_number(r, 0, value, fmt)
    book.close()
    rows = assert_same(path)
    assert rows[3][1] == [date(2013, 7, 7)]   # day 40000 counted from 1904-01-01


def _hand_made(path, sheet_xml: str, shared: list[str] | None = None, styles: str | None = None) -> None:
    """A minimal workbook whose sheet XML is given as is."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        z.writestr("_rels/.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   f'relationships"><Relationship Id="r1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
                   f'</Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
                   f'<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        extra = ""
        if shared is not None:
            extra += f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            z.writestr("xl/sharedStrings.xml", f'<sst xmlns="{main}">{"".join(shared)}</sst>')
        if styles is not None:
            extra += f'<Relationship Id="rId3" Type="{rel}/styles" Target="/xl/styles.xml"/>'
            z.writestr("xl/styles.xml", f'<styleSheet xmlns="{main}">{styles}</styleSheet>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/'
                   f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" '
                   f'Target="worksheets/sheet1.xml"/>{extra}</Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)


MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@pytest.mark.parametrize("sheet_data", [
    # a namespace prefix on every element
    '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
    '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1"><x:v>2.5</x:v></x:c></x:row>'
    '<x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>inline</x:t></x:is></x:c></x:row>'
    '</x:sheetData></x:worksheet>',
    # no references: cells go left to right, rows down
    f'<worksheet {MAIN}><sheetData><row><c t="s"><v>1</v></c><c><v>3</v></c></row>'
    '<row><c/><c t="b"><v>1</v></c><c t="str"><v>f &amp; g</v></c></row></sheetData></worksheet>',
    # CDATA, entities, character references, preserved spaces, rich runs with a phonetic run
    f'<worksheet {MAIN}><sheetData><row r="2"><c r="A2" t="inlineStr"><is><t><![CDATA[<raw> & text]]></t></is></c>'
    '<c r="B2" t="inlineStr"><is><t xml:space="preserve">  kept  </t></is></c>'
    '<c r="C2" t="inlineStr"><is><r><t>漢</t></r><r><t>字</t></r><rPh sb="0" eb="1"><t>かん</t></rPh></is></c>'
    '<c r="D2" t="str"><f>A1</f><v>&#x5F20;&#19977;</v></c><c r="E2" t="e"><v>#N/A</v></c>'
    '<c r="F2" s="0" t="n"><v></v></c><c r="G2" t="s"><v>2</v></c><c r="H2" t="s"><v>3</v></c>'
    '<c r="I2" t="s"><v>4</v></c><c r="J2" t="inlineStr"><is><t> &lt;lt </t></is></c></row>'
    '<row r="4" spans="1:2"/><row r="5"><c r="A5" t="d"><v>2025-03-01T10:00:00</v></c>'
    '<c r="B5" t="d"><v>2025-03-01</v></c><c r="C5" t="n"><v>1.5E+3</v></c></row></sheetData></worksheet>',
    # a cell with extra attributes and a formula before its value; a self-closing <v/>
    f'<worksheet {MAIN}><dimension ref="A1:B2"/><sheetData><row r="1" spans="1:2" x14ac:dyDescent="0.25" '
    'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">'
    '<c r="A1" s="0" t="s" cm="1"><f>X</f><v>0</v></c><c r="B1"><v/></c></row>'
    '<row r="2"><c r="AA2"><v>7</v></c></row></sheetData></worksheet>',
])
def test_hand_made_sheets(tmp_path, sheet_data):
    path = tmp_path / "hand.xlsx"
    shared = ["<si><t>first</t></si>", "<si><r><t>ri</t></r><r><rPr><b/></rPr><t>ch</t></r></si>",
              "<si><t>a&amp;b _x000A_ c</t></si>", "<si><t> \n trimmed\t </t></si>", "<si><t>_x000D_\r\nx</t></si>"]
    _hand_made(path, sheet_data, shared)
    rows = assert_same(path)
    assert rows


def test_custom_date_styles_from_a_styles_part(tmp_path):
    styles = ('<numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
              '<numFmt numFmtId="177" formatCode="0.00_ "/></numFmts><cellXfs count="4"><xf numFmtId="0"/>'
              '<xf numFmtId="176"/><xf numFmtId="177"/><xf numFmtId="14"/></cellXfs>')
    sheet = (f'<worksheet {MAIN}><sheetData><row r="1"><c r="A1" s="1"><v>45717</v></c><c r="B1" s="2"><v>45717</v></c>'
             '<c r="C1" s="3"><v>45717.25</v></c><c r="D1" s="9"><v>45717</v></c><c r="E1" s="3"><v>0.5</v></c>'
             '</row></sheetData></worksheet>')
    path = tmp_path / "styles.xlsx"
    _hand_made(path, sheet, styles=styles)
    assert assert_same(path) == [(1, [date(2025, 3, 1), 45717.0, datetime(2025, 3, 1, 6), 45717.0, time(12)])]


@pytest.mark.parametrize("code, kind", [
    ("yyyy-mm-dd", DATETIME), ('yyyy"年"m"月"d"日"', DATETIME), ("[h]:mm:ss", DURATION),
    ("[mm]", DURATION), ("0.00", OTHER), ('"Y: "0.00"m"', OTHER), ("#,##0_);[Red](#,##0)", OTHER),
    ("\\Y000000", OTHER), ("AM/PM h", DATETIME), ("[$-804]yyyy/m/d", DATETIME), ("@", OTHER),
    ("[Red]0.00", OTHER), ("0;\\-0;d", OTHER),
])
def test_number_format_kinds(code, kind):
    assert number_format_kind(code) == kind


def test_small_chunks_cut_anywhere_give_the_same_rows(tmp_path, monkeypatch):
    from openpyxl import Workbook

    book = Workbook()
    for i in range(300):
        book.active.append([f"C{i}", AWKWARD_TEXT[i % len(AWKWARD_TEXT)], i / 7, date(2020, 1, 1 + i % 28)])
    path = tmp_path / "chunks.xlsx"
    book.save(path)
    whole = streamed_rows(path, "Sheet")
    for size in (7, 64, 1000):
        monkeypatch.setattr(xlsx, "CHUNK_BYTES", size)
        assert streamed_rows(path, "Sheet") == whole
    assert whole == calamine_rows(path, "Sheet")


def test_progress_counts_the_sheets_xml(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    for i in range(1000):
        book.active.append([f"C{i}", "name"])
    path = tmp_path / "progress.xlsx"
    book.save(path)
    reader = XlsxBook(path)
    seen, progress = [], [0]
    for _ in reader.rows("Sheet", progress):
        seen.append(progress[0])
    reader.close()
    assert seen == sorted(seen) and progress[0] == reader.sheet_size("Sheet")


@pytest.mark.parametrize("damage, words", [
    (lambda data: data[:len(data) // 2], "not a readable zip"),
    (lambda data: b"PK\x03\x04" + b"\x00" * 100, "not a readable zip"),
])
def test_damaged_files_raise_one_error(tmp_path, damage, words):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["C1", "name"])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(XlsxError, match=words):
        XlsxBook(path)


def test_a_sheet_that_is_not_xml_fails_while_reading(tmp_path):
    path = tmp_path / "broken.xlsx"
    _hand_made(path, f'<worksheet {MAIN}><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
                     '<row r="2"><c r="A2" t="inlineStr"><is><t>open</is></c></row></sheetData></worksheet>')
    reader = XlsxBook(path)
    with pytest.raises(XlsxError, match="its XML is broken"):
        list(reader.rows("Sheet1"))
    reader.close()


def test_a_sheet_cut_short_anywhere_is_an_error_never_fewer_rows(tmp_path):
    """A sheet's XML written short (the zip itself sound) loses the rows after the cut: wherever the
    cut falls before </sheetData>, reading it is an error, not a quietly shorter sheet."""
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>C{r}</t></is></c><c r="B{r}"><v>{r}</v></c></row>'
                   for r in range(1, 6))
    whole = f'<?xml version="1.0"?><worksheet {MAIN}><sheetPr/><sheetData>{rows}</sheetData><pageMargins/></worksheet>'
    ends = whole.index("</sheetData>") + len("</sheetData>")
    path = tmp_path / "cut.xlsx"
    for cut in [*range(1, ends), len(whole) - 5]:
        _hand_made(path, whole[:cut])
        reader = XlsxBook(path)
        try:
            if cut < ends:
                with pytest.raises(XlsxError, match="its XML ends before"):
                    list(reader.rows("Sheet1"))
            else:   # only what follows the rows is cut: they are all there
                assert len(list(reader.rows("Sheet1"))) == 5
        finally:
            reader.close()


def test_shared_strings_are_read_only_as_far_as_the_cells_need(tmp_path, monkeypatch):
    import xlsxwriter

    path = tmp_path / "many.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Sheet1")
    sheet.write_row(0, 0, ["客户号", "姓名"])
    for r in range(1, 3001):
        sheet.write_row(r, 0, [f"C{r:05d}", f"客户{r}"])
    book.close()
    monkeypatch.setattr(xlsx, "CHUNK_BYTES", 4096)
    reader = XlsxBook(path)
    rows = reader.rows("Sheet1")
    assert next(rows) == (1, ["客户号", "姓名"])
    read_for_header = len(reader._strings.starts) - 1
    assert 2 <= read_for_header < 1000
    rest = list(rows)
    assert len(reader._strings.starts) - 1 == 6002 and rest[-1] == (3001, ["C03000", "客户3000"])
    reader.close()
    monkeypatch.undo()
    assert streamed_rows(path, "Sheet1")[1:] == rest


def test_a_shared_string_the_workbook_lacks_is_an_error(tmp_path):
    path = tmp_path / "lacking.xlsx"
    _hand_made(path, f'<worksheet {MAIN}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
                     '<c r="B1" t="s"><v>5</v></c></row></sheetData></worksheet>', ["<si><t>only</t></si>"])
    reader = XlsxBook(path)
    with pytest.raises(XlsxError, match="shared string the workbook does not have"):
        list(reader.rows("Sheet1"))
    reader.close()


def _cells():
    from hypothesis import strategies as st

    text = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"), max_size=12)
    return st.one_of(st.none(), text, st.floats(allow_nan=False, allow_infinity=False, width=64),
                     st.integers(-10**15, 10**15), st.booleans(),
                     st.dates(date(1900, 3, 1), date(9999, 12, 31)),
                     st.datetimes(datetime(1900, 3, 1), datetime(9999, 12, 31)).map(lambda d: d.replace(microsecond=0)))


def test_any_cells_read_as_calamine_reads_them(tmp_path_factory):
    """Random rows of text, numbers, booleans, dates and times (some left empty) in a workbook that
    openpyxl writes: the streaming reader's rows equal calamine's."""
    from hypothesis import HealthCheck, example, given, settings
    from hypothesis import strategies as st

    folder = tmp_path_factory.mktemp("random")

    # A white-space cell before and after the data: calamine's range counts it, ours does not.
    @example(rows=[[" "], ["b"], ["  ", " "]], inline=False)
    @settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 60)), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rows=st.lists(st.lists(_cells(), max_size=6), min_size=1, max_size=8), inline=st.booleans())
    def check(rows, inline):
        from openpyxl import Workbook

        book = Workbook(write_only=inline)
        sheet = book.create_sheet("Sheet1") if inline else book.active
        if not inline:
            sheet.title = "Sheet1"
        for row in rows:
            sheet.append(row)
        path = folder / "random.xlsx"
        book.save(path)
        if calamine_rows(path, "Sheet1"):
            assert_same(path)
        else:
            assert all(row == [] for _, row in streamed_rows(path, "Sheet1"))

    check()
