""".xls files that bank systems export as "Excel" but are really tab- or comma-separated text or a web
page's table are read as what they are, and the summary says so; anything else named .xls that is not
a workbook is refused in one sentence, as before."""

from __future__ import annotations


import pytest

from tests.import_support import customers, imports_logged, run_import, write_xlsx
from workbench.errors import WorkbenchError
from workbench.importing.html_table import HTML_BYTES
from workbench.importing.sources import open_source

NOT_A_WORKBOOK = "is named like an Excel workbook but is not one (perhaps CSV or HTML renamed)."

# What Excel's "Save as Web Page" and many core-banking exports write: a GB2312 page, a title table above
# the list, <th> headers (one wrapped with <br>), formatting tags and entities inside cells, end tags left
# out, a cell spanning two columns, an empty cell written as &nbsp;, and a second table that is no list.
EXCEL_PAGE = """<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<style>td {mso-number-format:"\\@";}</style><!--[if gte mso 9]><xml><x:ExcelWorkbook></x:ExcelWorkbook></xml><![endif]--></head>
<body><table><tr><td colspan="4">浦江银行城东支行 客户清单</td></tr></table>
<table border="1">
<tr><th>客户号</th><th>客户<br>姓名</th><th>手机号码</th><th>标签</th></tr>
<tr><td>C1</td><td><b>张伟</b></td><td style="mso-number-format:'\\@'">138 0013 8000</td><td>A &amp; B &lt;VIP&gt;</td></tr>
<tr><td>C2<td>欧阳娜娜<td>13900139000<td>&nbsp;</tr>
<tr><td colspan="2">C3</td><td>13700137000</td><td>x</td></tr>
<tr><td>C4</td><td>
    王芳
</td><td>13600136000</td><td>&#x8001;客户</td></tr>
</table>
<table><tr><td>客户号</td><td>姓名</td></tr><tr><td>Z9</td><td>not in the list</td></tr></table>
</body></html>"""


@pytest.mark.parametrize("encoding, delimiter, words", [
    ("gbk", "\t", "tab-separated"), ("utf-8", ",", "comma-separated"), ("utf-16", "\t", "tab-separated"),
], ids=["gbk-tabs", "utf8-commas", "unicode-text"])
def test_text_named_xls_is_read_as_text_and_the_summary_says_so(cli, db_path, tmp_path, encoding, delimiter, words):
    path = tmp_path / "客户清单.xls"
    lines = [["客户号", "客户姓名", "手机号码"], ["X1", "张伟", "13800138000"], ["X2", "欧阳娜娜", "13900139000"]]
    path.write_bytes("".join(delimiter.join(cells) + "\r\n" for cells in lines).encode(encoding))
    result = cli("--db", db_path, "import", "customers", path)
    assert result.exit_code == 0, result.stderr
    assert f"(客户清单.xls is {words} text, not a workbook; read as text)" in result.stdout.splitlines()
    assert customers(db_path, "customer_id, name, phone_e164") == [
        ("X1", "张伟", "+8613800138000"), ("X2", "欧阳娜娜", "+8613900139000")]


def test_a_large_text_xls_streams_in_blocks_like_a_csv(db_path, tmp_path):
    path = tmp_path / "big.xls"
    rows = "".join(f"C{i}\t客户{i}\t13800138000\r\n" for i in range(60_000))
    path.write_bytes(("客户号\t姓名\t手机号\r\n" + rows + "C7\t又一次\t1\r\n").encode("gbk"))
    source = open_source(path, encoding=None, delimiter=None, overrides={})
    source.close()
    assert source.in_blocks and (source.kind, source.encoding, source.delimiter) == ("tsv", "gb18030", "\t")
    summary = run_import(db_path, path, workers=1)
    assert (summary.inserted, summary.rejected) == (60_000, 1)
    assert "60002,customer C7 appears again" in summary.reject_file.read_text(encoding="utf-8-sig")


def test_an_html_table_named_xls_is_read_as_rows(cli, db_path, tmp_path):
    path = tmp_path / "export.xls"
    path.write_bytes(EXCEL_PAGE.encode("gbk"))
    result = cli("--db", db_path, "import", "customers", path)
    assert result.exit_code == 0, result.stderr
    assert "Read 4 rows from export.xls (html, gb18030)." in result.stdout
    assert "(export.xls is an HTML web page, not a workbook; its table read as rows)" in result.stdout
    assert customers(db_path, "customer_id, name, phone_raw, tags") == [
        ("C1", "张伟", "138 0013 8000", "A & B <VIP>"), ("C2", "欧阳娜娜", "13900139000", ""),
        ("C4", "王芳", "13600136000", "老客户")]
    # Rows are numbered over the page, the title table's row first: C3 is the page's fifth <tr>.
    report = (tmp_path / "export.xls.rejects.csv").read_text(encoding="utf-8-sig")
    assert "5,no name,C3,,13700137000,x" in report


def test_the_tester_s_html_xls_without_a_charset_is_detected(db_path, tmp_path):
    path = tmp_path / "html.xls"
    path.write_bytes(
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><body><table><tr><td>客户号</td><td>客户姓名</td>'
        "<td>手机号码</td></tr><tr><td style=\"mso-number-format:'\\@'\">X1</td><td>甲</td><td>13800138000</td>"
        "</tr></table></body></html>".encode("utf-8"))
    summary = run_import(db_path, path)
    assert (summary.kind, summary.encoding, summary.inserted) == ("html", "utf-8", 1)
    assert customers(db_path) == [("X1", "甲")]


@pytest.mark.parametrize("workers", [0, 1])
def test_a_page_larger_than_one_read_is_streamed_to_its_last_row(db_path, tmp_path, workers):
    rows = "".join(f"<tr><td>C{i}</td><td>客户{i}</td></tr>\n" for i in range(40_000))
    page = f"<html><body><table><tr><td>客户号</td><td>姓名</td></tr>\n{rows}<tr><td>C9</td><td>重复</td></tr></table>"
    assert len(page.encode()) > HTML_BYTES   # the page is fed to the parser in more than one piece
    path = tmp_path / "big.xls"
    path.write_bytes(page.encode())
    summary = run_import(db_path, path, workers=workers)
    assert (summary.inserted, summary.rejected) == (40_000, 1)
    assert "40002,customer C9 appears again (first row kept),C9,重复" in summary.reject_file.read_text(encoding="utf-8-sig")


def test_cells_spanning_rows_are_repeated_in_each_row_they_span(db_path, tmp_path):
    """A report-style page merges a branch over its customers (rowspan): each customer gets the branch,
    and the cells after it stay under their own headers instead of shifting left."""
    path = tmp_path / "grouped.xls"
    path.write_bytes("""<html><body><table>
        <tr><th>所属机构</th><th>客户号</th><th>姓名</th><th>风险等级</th><th>客户经理号</th></tr>
        <tr><td rowspan="3">B1</td><td>G1</td><td>甲</td><td rowspan=2>C3</td><td>M1</td></tr>
        <tr><td>G2</td><td>乙</td><td>M1</td></tr>
        <tr><td>G3</td><td>丙</td><td>C1</td><td rowspan="2" colspan="1">M2</td></tr>
        <tr><td>B2</td><td>G4</td><td>丁</td><td>C2</td></tr>
        <tr><td>B2</td><td>G5</td><td>戊</td><td>C2</td><td>M3</td></tr>
        </table></body></html>""".encode())
    summary = run_import(db_path, path)
    assert (summary.inserted, summary.rejected) == (5, 0)
    assert customers(db_path, "customer_id, name, branch_id, risk_level, manager_id") == [
        ("G1", "甲", "B1", "C3", "M1"), ("G2", "乙", "B1", "C3", "M1"), ("G3", "丙", "B1", "C1", "M2"),
        ("G4", "丁", "B2", "C2", "M2"), ("G5", "戊", "B2", "C2", "M3")]


def test_a_real_workbook_named_xls_still_goes_to_the_excel_reader(db_path, tmp_path):
    path = write_xlsx(tmp_path / "book.xls", [["客户号", "姓名"], ["W1", "张伟"]])
    summary = run_import(db_path, path)
    assert summary.kind == "xlsx" and customers(db_path) == [("W1", "张伟")]
    ole = tmp_path / "old.xls"   # an OLE2 file is read by calamine, which finds this one damaged
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    with pytest.raises(WorkbenchError, match="old.xls cannot be opened as an Excel workbook"):
        run_import(db_path, ole)


@pytest.mark.parametrize("name, content, message", [
    ("pdf.xls", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00", NOT_A_WORKBOOK),
    ("words.xls", "客户清单\r\n见附件\r\n".encode("utf-8"), NOT_A_WORKBOOK),
    ("no_table.xls", b"<html><body><p>no list here</p><table></table></body></html>", NOT_A_WORKBOOK),
    ("xml2003.xls", b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
                    b"<Worksheet><Table><Row><Cell><Data>x</Data></Cell></Row></Table></Worksheet></Workbook>",
     NOT_A_WORKBOOK),
    ("text.xlsx", "客户号,姓名\r\nC1,张三\r\n".encode("utf-8"), NOT_A_WORKBOOK),
    ("damaged.xls", b"<html><table><tr><td>a</td></tr><![bogus[ x ]]></table></html>",
     "looks like a web page, but its HTML is too damaged to read; ask for the file again."),
    ("no_header.xls", b"<table><tr><td>a</td><td>b</td></tr><tr><td>1</td><td>2</td></tr></table>",
     "has no usable header"),
    ("joined.xls", ("客户号\t姓名\r\n" + "".join(f"C{i}\t张伟{i}\r\n" for i in range(50))).encode("utf-8")
     + "G1\t王芳\r\n".encode("gbk"), "is UTF-8 except line 52, which is in another encoding (GBK?)"),
])
def test_anything_else_is_refused_in_one_sentence(cli, db_path, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = cli("--db", db_path, "import", "customers", path)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"error: {name} ")
    assert message in result.stderr
    assert customers(db_path) == [] and imports_logged(db_path) == 0
