"""A web page saved as .xls by a core-banking system often starts with a title or search-criteria table
(查询条件, dates, the branch, the unit of amounts) before the customer list: the first table whose header
is recognised, as a CSV's is, is read, however long the tables above it; a page none of whose tables
has one is refused in the usual sentence, naming the columns of its likeliest table. A page with a
table per sub-branch is read whole: every later table whose header names the same fields, as a
workbook's later sheets are, while a later table under another header (totals, holdings) is skipped
and named, and --full is refused when it lists customers."""

from __future__ import annotations

import pytest

from tests.import_support import customers, imports_logged, run_import, write_csv
from workbench.importing.html_table import HTML_BYTES
from workbench.importing.sources import open_source

CRITERIA = ["查询条件", "机构：城东支行(310001)", "客户类型：个人", "开户日期：2000-01-01 至 2026-02-28",
            "资产范围：全部", "客户经理：全部", "是否沉睡：是", "排序：资产余额降序", "导出人：王主管", "导出时间：2026-03-01 08:30",
            "页码：1/1", "金额单位：万元"]


def table(lines: list[list[str]], head: str = "td") -> str:
    """A <table> of lines, its first row's cells in `head` tags."""
    return "<table border=1>" + "".join(
        "<tr>" + "".join(f"<{head if i == 0 else 'td'}>{c}</{head if i == 0 else 'td'}>" for c in line) + "</tr>\n"
        for i, line in enumerate(lines)) + "</table>\n"


def html_page(tables: list[str], charset: str = "gbk") -> str:
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head><body>\n'
            + "".join(tables) + "</body></html>")


def page(criteria: list[str], header: list[str], rows: list[list[str]], *, charset: str = "gbk") -> str:
    """A page as such a system writes it: the criteria table, a summary table that names no customer, the
    list, and a second list under the same header (a page for another sub-branch)."""
    return html_page([table([[line] for line in criteria]), table([["机构", "客户数", "资产合计"], ["310001", "3", "125.5"]], "th"),
                      table([header, *rows], "th"), table([header, ["Z9", "另一支行的客户", "1"]], "th")], charset)


@pytest.mark.parametrize("workers", [0, 1])
def test_the_first_table_with_a_customer_header_is_read_after_a_long_criteria_table(db_path, tmp_path, workers):
    path = tmp_path / "沉睡客户清单.xls"
    path.write_bytes(page(CRITERIA, ["客户号", "客户姓名", "资产余额"],
                          [["C1", "张伟", "12.5"], ["C2", "欧阳娜娜", "3"], ["C3", "", "1"]]).encode("gbk"))
    summary = run_import(db_path, path, workers=workers)
    assert (summary.kind, summary.encoding, summary.inserted, summary.rejected) == ("html", "gb18030", 3, 1)
    # The unit the criteria table gives applies to the lists' amounts, as a title line's would.
    assert customers(db_path, "customer_id, name, aum_fen") == [
        ("C1", "张伟", 12_500_000), ("C2", "欧阳娜娜", 3_000_000), ("Z9", "另一支行的客户", 1_000_000)]
    assert "14 line(s) above the header skipped" in summary.notes
    assert "tables 3, 4 of the page read, under headers naming the same fields" in summary.notes
    # Rows are numbered over the page: 12 criteria, the summary's 2, the header, then C1, C2 and C3.
    assert "18,no name,C3,,1" in summary.reject_file.read_text(encoding="utf-8-sig")


def test_a_page_with_no_customer_header_names_the_columns_of_its_likeliest_table(cli, db_path, tmp_path):
    path = tmp_path / "export.xls"
    path.write_bytes(page(CRITERIA, ["Cust", "客户姓名", "手机号码"], [["C1", "张伟", "13800138000"]]).encode("gbk"))
    result = cli("--db", db_path, "import", "customers", path)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == ("error: export.xls has no usable header: no column for customer_id (e.g. 客户号) among "
                             "Cust, 客户姓名, 手机号码; name the columns with --map 'SOURCE=field'.\n")
    assert customers(db_path) == [] and imports_logged(db_path) == 0
    mapped = cli("--db", db_path, "import", "customers", path, "--map", "Cust=customer_id")
    assert mapped.exit_code == 0, mapped.stderr
    assert customers(db_path) == [("C1", "张伟"), ("Z9", "另一支行的客户")]


HEADER = ["客户号", "客户姓名", "所属机构", "资产余额"]


def sub_branch_page(charset: str) -> str:
    """A branch's page: the criteria, a table per sub-branch (the second with a title row above its header
    and its columns in another order), then a totals table."""
    return html_page([
        table([["查询条件"], ["机构：城东支行(310001)"], ["金额单位：万元"]]),
        table([HEADER, ["A1", "张伟", "310001", "1"], ["A2", "欧阳娜娜", "310001", "2"]], "th"),
        table([["城西分理处"], ["客户姓名", "资产余额", "客户号", "所属机构"], ["王芳", "3", "B1", "310002"],
               ["", "4", "B2", "310002"], ["李娜", "5", "B3", "310002"]], "th"),
        table([HEADER, ["C1", "赵磊", "310003", "6"]], "th"),
        table([["合计", "客户数", "资产合计"], ["", "6", "21"]], "th"),
    ], charset)


@pytest.mark.parametrize("workers", [0, 1])
@pytest.mark.parametrize("charset", ["gbk", "utf-8"])
def test_every_table_under_the_same_header_is_read_and_a_totals_table_is_named_as_skipped(db_path, tmp_path, charset,
                                                                                          workers):
    path = tmp_path / "分支行客户.xls"
    path.write_bytes(sub_branch_page(charset).encode(charset))
    summary = run_import(db_path, path, workers=workers)
    assert (summary.kind, summary.encoding, summary.inserted, summary.rejected) == (
        "html", "gb18030" if charset == "gbk" else "utf-8", 5, 1)
    assert customers(db_path, "customer_id, name, branch_id, aum_fen") == [
        ("A1", "张伟", "310001", 1_000_000), ("A2", "欧阳娜娜", "310001", 2_000_000), ("B1", "王芳", "310002", 3_000_000),
        ("B3", "李娜", "310002", 5_000_000), ("C1", "赵磊", "310003", 6_000_000)]
    assert summary.notes[-2:] == [
        "tables 2, 3, 4 of the page read, under headers naming the same fields",
        "table(s) 5 (合计, 客户数, 资产合计) skipped: their header names no customer number and name (a summary or "
        "totals table?)"]
    # Rows keep their numbers over the page: 3 criteria, table 2's 3, then 城西分理处, the header, 王芳 and B2.
    # The reject report gives its cells in the first table's columns, as for a workbook's later sheets.
    assert "10,no name,B2,,310002,4" in summary.reject_file.read_text(encoding="utf-8-sig")


def test_a_full_page_inactivates_nobody_a_later_table_lists(db_path, tmp_path):
    """Before, only the first table was read, so --full made every customer of the later ones inactive."""
    run_import(db_path, write_csv(tmp_path / "before.csv", [
        HEADER, ["A1", "张伟", "310001", "1"], ["B1", "王芳", "310002", "1"], ["B3", "李娜", "310002", "1"],
        ["C1", "赵磊", "310003", "1"], ["C2", "已销户", "310003", "1"]]))
    path = tmp_path / "分支行客户.xls"
    path.write_bytes(sub_branch_page("gbk").encode("gbk"))
    summary = run_import(db_path, path, full=True)
    assert (summary.inactivated, summary.inactivated_ids) == (1, ["C2"])
    assert summary.covered_branches == ["310001", "310002", "310003"]
    assert customers(db_path, "customer_id, active") == [
        ("A1", 1), ("A2", 1), ("B1", 1), ("B3", 1), ("C1", 1), ("C2", 0)]


HOLDINGS = table([["客户号", "客户姓名", "产品名称", "持有份额"], ["H1", "孙丽", "稳健理财1号", "100"]], "th")


def test_a_later_table_listing_customers_under_another_header_is_skipped_and_refuses_full(cli, db_path, tmp_path):
    path = tmp_path / "export.xls"
    path.write_bytes(html_page([table([HEADER, ["A1", "张伟", "310001", "1"]], "th"), HOLDINGS]).encode("gbk"))
    full = cli("--db", db_path, "import", "customers", path, "--full")
    assert full.exit_code == 2 and full.stdout == ""
    assert full.stderr == (
        "error: export.xls lists customers in table(s) 2 (客户号, 客户姓名, 产品名称, 持有份额) under a header unlike "
        "table 1's, which are not imported, so --full would inactivate any customers only they list; import a copy "
        "without them if they are not customer lists, or give them table 1's columns if they are.\n")
    assert customers(db_path) == [] and imports_logged(db_path) == 0
    assert not path.with_name(path.name + ".rejects.csv").exists()
    chinese = cli("--db", db_path, "--lang", "zh_CN", "import", "customers", path, "--full")
    assert chinese.exit_code == 2 and chinese.stderr.count("\n") == 1
    assert "export.xls 的表格 2 (客户号, 客户姓名, 产品名称, 持有份额) 也列有客户\uff0c但表头与表格 1 的不同" in chinese.stderr
    partial = cli("--db", db_path, "import", "customers", path)
    assert partial.exit_code == 0, partial.stderr
    assert ("(table(s) 2 (客户号, 客户姓名, 产品名称, 持有份额) skipped: they list customers under a header unlike "
            "table 1's (import each as a file of its own))") in partial.stdout
    assert "(table 1 of the page read)" in partial.stdout
    assert customers(db_path) == [("A1", "张伟")]


def test_a_page_of_many_tables_is_read_as_it_streams(tmp_path):
    """Each table's rows come out as the page is read, a piece at a time: no table is held back or kept
    for later (memory traced over a 16 MB page of 64 tables peaked as over one of one table)."""
    path = tmp_path / "tables.xls"
    path.write_bytes(html_page([table([HEADER, *([f"T{t}-{i}", "张伟", "310001", "1"] for i in range(4000))], "th")
                                for t in range(12)]).encode("gbk"))
    size = path.stat().st_size
    assert size > 2 * HTML_BYTES
    source = open_source(path, encoding=None, delimiter=None, overrides={})
    try:
        first_read = {}   # each table's first customer: the bytes read when it came out
        for _, cells in source.rows:
            first_read.setdefault(cells[0].split("-")[0], source.position())
    finally:
        source.close()
    assert list(first_read) == [f"T{t}" for t in range(12)]
    assert first_read["T0"] <= HTML_BYTES and first_read["T5"] < size
