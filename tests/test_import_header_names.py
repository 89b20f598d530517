"""Headers as head office writes them: every problem of a header named in one run, a --map naming no column said
so, common headers known (客户名, 联系手机, 出生年月, AUM余额, 所属支行, 开户网点, 手机号1/手机号2), and a column of an
old number (手机号（旧）, 原手机号) never the number called."""

import pytest

from tests.import_support import customers, run_import, write_csv, write_workbook
from workbench.errors import WorkbenchError

ROW = ["3100001314", "陈慧", "M001"]


def test_every_problem_of_a_header_is_named_in_one_run(db_path, tmp_path):
    path = write_csv(tmp_path / "hdr.csv", [
        ["客户号", "客户名", "管户经理", "归属客户经理", "金融资产余额", "AUM余额", "最后交易日期", "最近一次交易日期"],
        ["3100001314", "陈慧", "M001", "M001", "100", "100", "2026-01-02", "2026-01-02"]])
    with pytest.raises(WorkbenchError) as refused:
        run_import(db_path, path)
    said = str(refused.value)
    assert said.startswith("hdr.csv has 3 problems with its header: (1) 2 columns that could be manager ('管户经理', "
                           "'归属客户经理'), e.g. --map '归属客户经理=manager'; (2) 2 columns that could be aum ")
    assert "(3) 2 columns that could be last_activity_on ('最后交易日期', '最近一次交易日期')" in said
    assert said.endswith("say which column is which with --map 'SOURCE=field' (its columns are 客户号, 客户名, 管户经理, "
                         "归属客户经理, 金融资产余额, AUM余额, 最后交易日期, 最近一次交易日期).")
    summary = run_import(db_path, path, mappings=("管户经理=manager", "AUM余额=aum", "最后交易日期=last_activity_on"))
    assert summary.inserted == 1 and customers(db_path, "name, aum_fen, last_activity_on") == [
        ("陈慧", 10_000, "2026-01-02")]


def test_a_map_naming_no_column_is_named_with_the_missing_name(db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["客户号", "称呼", "客户经理号"], ROW])
    with pytest.raises(WorkbenchError, match=r"^x.csv has 2 problems with its header: \(1\) no column for name \(e.g. 姓名\); "
                                             r"\(2\) no column '不存在', which --map '不存在=name' names; say which column "
                                             r"is which with --map 'SOURCE=field' \(its columns are 客户号, 称呼, 客户经理号\)\.$"):
        run_import(db_path, path, mappings=("不存在=name",))
    with pytest.raises(WorkbenchError, match=r"^x.csv has no usable header: no column for name \(e.g. 姓名\) among"):
        run_import(db_path, path)
    assert run_import(db_path, path, mappings=("称呼=name",)).inserted == 1


def test_common_headers_are_known(db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [
        ["客户号", "客户名", "联系手机", "出生年月", "AUM余额", "所属支行"],
        ["3100001314", "陈慧", "13985122056", "1980-01-15", "1,234.50", "B110"]])
    summary = run_import(db_path, path)
    assert summary.inserted == 1 and summary.unmapped_columns == []
    assert customers(db_path, "name, phone_raw, birthday, aum_fen, branch_id") == [
        ("陈慧", "13985122056", "1980-01-15", 123_450, "B110")]
    opened = write_csv(tmp_path / "y.csv", [["客户号", "客户名", "开户网点"], ["3100001315", "李四", "B120"]])
    assert run_import(db_path, opened).unmapped_columns == []
    assert customers(db_path, "customer_id, branch_id")[-1] == ("3100001315", "B120")


def test_the_first_and_second_mobile_are_the_phone_and_its_alternate(db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["客户号", "客户名", "手机号2", "手机号1"],
                                          ["3100001314", "陈慧", "13900139000", "13985122056"]])
    summary = run_import(db_path, path)
    assert summary.mapped["phone"] == "手机号1" and summary.mapped["phone_2"] == "手机号2"
    assert customers(db_path, "phone_raw, phone_alt_raw") == [("13985122056", "13900139000")]


@pytest.mark.parametrize("old", ["手机号（旧）", "手机号(原)", "手机号【曾用】", "原手机号", "旧手机号", "曾用手机号",
                                 "Phone (old)"])
def test_a_column_of_an_old_number_is_never_the_number_called(db_path, tmp_path, old):
    path = write_csv(tmp_path / "x.csv", [["客户号", "客户名", old, "手机号"],
                                          ["3100000002", "罗鹏", "13800138000", "13996072544"],
                                          ["3100000009", "李颖瑶", "13800138001", ""]])
    summary = run_import(db_path, path)
    assert summary.unmapped_columns == [old] and summary.mapped["phone"] == "手机号" and "phone_2" not in summary.mapped
    assert customers(db_path, "customer_id, phone_raw, phone_alt_raw") == [
        ("3100000002", "13996072544", None), ("3100000009", None, None)]


def test_a_hidden_old_number_column_of_a_workbook_maps_to_nothing(db_path, tmp_path):
    def hide(_title, sheet):
        sheet.column_dimensions["C"].hidden = True

    book = write_workbook(tmp_path / "x.xlsx", {"客户明细": [["客户号", "客户姓名", "手机号（旧）", "手机号"],
                                                          ["3100000002", "罗鹏", "13800138000", "021-62345678"]]}, hide)
    summary = run_import(db_path, book)
    assert summary.unmapped_columns == ["手机号（旧）"]
    assert customers(db_path, "phone_raw, phone_alt_raw") == [("021-62345678", None)]


def test_a_first_sheet_with_header_problems_is_refused_not_passed_over_for_the_next(db_path, tmp_path):
    """A later sheet with a plain header (a copy, a summary) is not read in place of the first."""
    book = write_workbook(tmp_path / "x.xlsx", {
        "客户明细": [["客户号", "客户名", "管户经理", "归属客户经理", "最后交易日期", "最近一次交易日期"],
                     ["3100001314", "陈慧", "M001", "M002", "2026-01-02", "2026-01-03"]],
        "汇总": [["客户号", "姓名"], ["9", "合计"]]})
    with pytest.raises(WorkbenchError, match=r"^x.xlsx \(sheet 客户明细\) has 2 problems with its header: \(1\) 2 columns "
                                             r"that could be manager"):
        run_import(db_path, book)
    assert customers(db_path) == []
