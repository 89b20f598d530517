"""A web page saved as .xls by a core-banking system often starts with a title or search-criteria table
(查询条件, dates, the branch, the unit of amounts) before the customer list: the first table whose header
is recognised, as a CSV's is, is read, however long the tables above it; a page none of whose tables
has one is refused in the usual sentence, naming the columns of its likeliest table."""

from __future__ import annotations

import pytest

from tests.import_support import customers, imports_logged, run_import

CRITERIA = ["查询条件", "机构：城东支行(310001)", "客户类型：个人", "开户日期：2000-01-01 至 2026-02-28",
            "资产范围：全部", "客户经理：全部", "是否沉睡：是", "排序：资产余额降序", "导出人：王主管", "导出时间：2026-03-01 08:30",
            "页码：1/1", "金额单位：万元"]


def page(criteria: list[str], header: list[str], rows: list[list[str]], *, charset: str = "gbk") -> str:
    """A page as such a system writes it: the criteria table, a summary table that names no customer, the
    list, and a second list under the same header (a page for another sub-branch, not read)."""
    def table(lines: list[list[str]], head: str = "td") -> str:
        return "<table border=1>" + "".join(
            "<tr>" + "".join(f"<{head if i == 0 else 'td'}>{c}</{head if i == 0 else 'td'}>" for c in line) + "</tr>\n"
            for i, line in enumerate(lines)) + "</table>\n"

    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head><body>\n'
            + table([[line] for line in criteria]) + table([["机构", "客户数", "资产合计"], ["310001", "3", "125.5"]], "th")
            + table([header, *rows], "th") + table([header, ["Z9", "另一支行的客户", "1"]], "th") + "</body></html>")


@pytest.mark.parametrize("workers", [0, 1])
def test_the_first_table_with_a_customer_header_is_read_after_a_long_criteria_table(db_path, tmp_path, workers):
    path = tmp_path / "沉睡客户清单.xls"
    path.write_bytes(page(CRITERIA, ["客户号", "客户姓名", "资产余额"],
                          [["C1", "张伟", "12.5"], ["C2", "欧阳娜娜", "3"], ["C3", "", "1"]]).encode("gbk"))
    summary = run_import(db_path, path, workers=workers)
    assert (summary.kind, summary.encoding, summary.inserted, summary.rejected) == ("html", "gb18030", 2, 1)
    # The unit the criteria table gives applies to the list's amounts, as a title line's would.
    assert customers(db_path, "customer_id, name, aum_fen") == [("C1", "张伟", 12_500_000), ("C2", "欧阳娜娜", 3_000_000)]
    assert "14 line(s) above the header skipped" in summary.notes
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
    assert customers(db_path) == [("C1", "张伟")]
