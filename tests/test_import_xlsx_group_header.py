"""A workbook header over two rows whose upper row holds group titles merged across columns (联系方式 over 手机号 and
固定电话, 资产情况 over 资产余额 and 峰值资产) is read from the row of column titles, and a header cell merged across
columns (联系电话 over C1:D1) names the columns under it instead of dropping them without a word."""

from tests.import_support import customers, run_import, write_workbook


def group_titles(path):
    """t1's f_grp.xlsx: 客户号, 客户姓名 and 客户经理号 merged down over both header rows."""
    rows = [["客户号", "客户姓名", "联系方式", None, "资产情况（元）", None, "客户经理号"],
            [None, None, "手机号", "固定电话", "资产余额", "峰值资产", None],
            ["3100000002", "罗鹏", "18854268368", "021-62345678", 5000000, 9000000, "M001"],
            ["3100000009", "李颖瑶", "13996072544", None, 1000, 2000, "M002"]]

    def merge(_title, sheet):
        for cells in ("A1:A2", "B1:B2", "G1:G2", "C1:D1", "E1:F1"):
            sheet.merge_cells(cells)
    return write_workbook(path, {"客户": rows}, merge)


def test_the_header_is_the_row_of_column_titles_under_the_group_titles(db_path, tmp_path):
    summary = run_import(db_path, group_titles(tmp_path / "f_grp.xlsx"))
    assert (summary.inserted, summary.rejected) == (2, 0)
    assert summary.mapped["aum"] == "资产余额" and summary.mapped["aum_peak"] == "峰值资产"
    assert "the header of column G is 客户经理号, from a cell merged down over the header's rows (G1:G2)" in summary.notes
    assert customers(db_path, "customer_id, phone_e164, aum_fen, aum_peak_fen, manager_id") == [
        ("3100000002", "+8618854268368", 500_000_000, 900_000_000, "M001"),
        ("3100000009", "+8613996072544", 100_000, 200_000, "M002")]


def test_a_complete_header_over_data_is_still_the_header(db_path, tmp_path):
    """A header cell merged across columns over data (not over column titles) leaves the header where it is."""
    rows = [["客户号", "客户姓名", "联系电话", None, "资产余额"],
            ["3100000002", "罗鹏", "18854268368", "021-62345678", 1000],
            ["3100000009", "李颖瑶", None, "13996072544", 2000]]
    path = write_workbook(tmp_path / "f_hmerge3.xlsx", {"客户": rows}, lambda _t, sheet: sheet.merge_cells("C1:D1"))
    summary = run_import(db_path, path)
    assert (summary.inserted, summary.rejected, summary.unheaded_columns) == (2, 0, [])
    assert "column D, under the merged header 联系电话 (C1:D1), is read as the second phone column" in summary.notes
    assert customers(db_path, "customer_id, phone_e164, phone_alt_raw") == [
        ("3100000002", "+8618854268368", "021-62345678"), ("3100000009", "+8613996072544", None)]


def test_other_columns_under_a_merged_header_are_named(db_path, tmp_path):
    rows = [["客户号", "客户姓名", "资产余额", None, None], ["C1", "甲", 1000, 2000, 3000]]
    path = write_workbook(tmp_path / "x.xlsx", {"客户": rows}, lambda _t, sheet: sheet.merge_cells("C1:E1"))
    summary = run_import(db_path, path)
    assert summary.inserted == 1
    assert "columns D and E, under the merged header 资产余额 (C1:E1), are not imported: the header names its first " \
           "column (C) only; give each column a header of its own to import it" in summary.notes


def test_a_landline_column_beside_the_mobile_is_the_second_phone(db_path, tmp_path):
    """固定电话 (and 座机, 家庭电话, 办公电话) is a phone column: beside 手机号 the second, kept as the alternate."""
    summary = run_import(db_path, group_titles(tmp_path / "f_grp.xlsx"))
    assert summary.mapped.get("phone_2") == "固定电话" and "固定电话" not in summary.unmapped_columns
    assert customers(db_path, "customer_id, phone_alt_raw") == [("3100000002", "021-62345678"), ("3100000009", None)]
