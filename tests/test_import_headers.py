"""Headers: English fields, core-banking Chinese headers, synonyms, --map, and unmapped columns."""

import pytest

from tests.import_support import customers, run_import, write_csv
from workbench.errors import WorkbenchError
from workbench.importing.headers import FIELDS, map_columns, parse_map_options


def test_every_english_field_maps_to_itself():
    mapping = map_columns(list(FIELDS), {})
    assert set(mapping.columns) == set(FIELDS) and mapping.unmapped == []


@pytest.mark.parametrize("header, field", [
    ("客户号", "customer_id"), ("姓名", "name"), ("性别", "gender"), ("出生日期", "birthday"), ("手机号", "phone"),
    ("手机号码", "phone"), ("客户经理号", "manager_id"), ("客户经理编号", "manager_id"), ("所属机构", "branch_id"),
    ("资产余额", "aum"), ("AUM", "aum"), ("资产余额(元)", "aum"), ("峰值资产", "aum_peak"), ("最近交易日期", "last_activity_on"),
    ("首次交易日期", "first_activity_on"), ("开户日期", "opened_on"), ("风险等级", "risk_level"),
    ("近12个月交易次数", "activity_count_12m"), ("是否拒绝营销", "do_not_call"), ("勿扰", "do_not_call"),
    ("营销授权", "consent"), ("标签", "tags"), ("证件号码", "id_number"), (" Customer_ID ", "customer_id"),
    ("上次交易日", "last_activity_on"), ("最后动户日期", "last_activity_on"), ("首笔交易日", "first_activity_on"),
    ("建档日期", "opened_on"), ("最近交易\n日期", "last_activity_on"), ("客户\r\n经理号", "manager_id"),
    ("资产余额\n（元）", "aum"), ("手机\t号", "phone"),
])
def test_chinese_headers_and_synonyms(header, field):
    assert map_columns(["客户号", "姓名", header], {}).columns[field] == 2 or field in ("customer_id", "name")


def test_manager_column_is_a_name_beside_an_id_column():
    both = map_columns(["客户号", "姓名", "客户经理号", "客户经理"], {})
    assert both.columns["manager_id"] == 2 and both.columns["manager_name"] == 3
    alone = map_columns(["客户号", "姓名", "客户经理"], {})
    assert alone.columns["manager"] == 2


def test_a_wrapped_excel_header_maps_and_prints_on_one_line(cli, db_path, tmp_path):
    """A header cell wrapped in Excel holds line breaks: it maps as if on one line, and a column
    mapped to nothing is reported on one line of the summary."""
    from tests.import_support import write_xlsx

    book = write_xlsx(tmp_path / "wrapped.xlsx", [["客户号", "姓名", "资产余额\n(万元)", "最近交易\n日期", "备\n注"],
                                                  ["C1", "张三", 1.5, "2025-01-02", "x"]])
    result = cli("--db", db_path, "import", "customers", book)
    assert result.exit_code == 0
    assert "Columns not imported (map them with --map 'SOURCE=field'): 备 注." in result.stdout.splitlines()
    assert customers(db_path, "customer_id, aum_fen, last_activity_on") == [("C1", 1_500_000, "2025-01-02")]


def test_map_option_and_unmapped_columns_are_reported(db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["编号", "户主", "备注", "内部码"], ["A1", "张三", "老客户", "z"]])
    with pytest.raises(WorkbenchError, match="no usable header"):
        run_import(db_path, path)
    summary = run_import(db_path, path, mappings=("编号=customer_id", "户主=name", "内部码="))
    assert summary.inserted == 1 and summary.unmapped_columns == ["备注"] and summary.ignored_columns == ["内部码"]
    assert customers(db_path) == [("A1", "张三")]


def test_a_map_option_wins_over_a_known_header_wherever_its_column_is():
    """--map '联系电话=phone' makes 联系电话 the phone column; the 手机号 before it becomes the second.
    --map '余额=aum' takes aum from 资产余额, which is then reported as not imported."""
    mapping = map_columns(["客户号", "姓名", "手机号", "资产余额", "联系电话", "余额"],
                          parse_map_options(["联系电话=phone", "余额=aum"]))
    assert (mapping.columns["phone"], mapping.columns["phone_2"], mapping.columns["aum"]) == (4, 2, 5)
    assert mapping.unmapped == ["资产余额"]
    # Without the option the first phone column leads and the second stands in.
    plain = map_columns(["客户号", "姓名", "手机号", "联系电话", "电话"], {})
    assert (plain.columns["phone"], plain.columns["phone_2"], plain.unmapped) == (2, 3, ["电话"])


def test_map_to_an_unknown_field_is_refused():
    with pytest.raises(WorkbenchError, match="is not a field"):
        parse_map_options(["编号=customer_number"])
    with pytest.raises(WorkbenchError, match="SOURCE=field"):
        parse_map_options(["编号"])


def test_title_lines_above_the_header_are_skipped(db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["客户信息表"], ["导出日期", "2026-03-01"], ["客户号", "姓名"], ["C1", "张三"]])
    summary = run_import(db_path, path)
    assert summary.inserted == 1 and "2 line(s) above the header skipped" in summary.notes


def test_only_customer_id_and_name_are_required(db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["customer_id", "name"], ["C1", "Li Lei"]])
    assert run_import(db_path, path).inserted == 1
    assert customers(db_path, "customer_id, phone_valid, phone_problem, manager_id, aum_fen, do_not_call, consent") == [
        ("C1", 0, "no phone number in the extract", None, 0, 0, 1)]


def test_amounts_in_wan_by_header_unit(db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["客户号", "姓名", "资产余额(万元)"], ["C1", "张三", "12.5"]])
    run_import(db_path, path)
    assert customers(db_path, "aum_fen") == [(12_500_000,)]


def test_two_columns_known_as_one_field_are_rivals_unless_a_map_names_one():
    """资产余额(2024年末) and 资产余额(当前) both read as aum: the first is mapped and both are rivals;
    a --map source written with its brackets names its column alone, so the other is left out."""
    header = ["客户号", "姓名", "资产余额(2024年末)", "资产余额(当前)", "手机号", "联系电话", "电话"]
    plain = map_columns(header, {})
    assert plain.columns["aum"] == 2 and plain.rivals == {"aum": ["资产余额(2024年末)", "资产余额(当前)"]}
    chosen = map_columns(header, parse_map_options(["资产余额(当前)=aum"]))
    assert chosen.columns["aum"] == 3 and chosen.rivals == {} and chosen.unmapped == ["资产余额(2024年末)", "电话"]
    # Without brackets the source names both columns, which are then rivals again.
    assert map_columns(header, parse_map_options(["资产余额=aum"])).rivals == plain.rivals
    # A third phone column is left out, not a rival: two phone columns are phone and phone_2.
    assert "phone" not in plain.rivals and plain.columns["phone_2"] == 5


def test_rival_columns_are_refused_until_a_map_says_which(db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["客户号", "姓名", "资产余额(2024年末)", "资产余额（当前）"],
                                          ["C1", "张三", "100", "250"]])
    with pytest.raises(WorkbenchError, match=r"2 columns that could be aum .*--map '资产余额（当前）=aum'"):
        run_import(db_path, path)
    assert customers(db_path) == []
    summary = run_import(db_path, path, mappings=("资产余额（当前）=aum",))
    assert summary.inserted == 1 and summary.unmapped_columns == ["资产余额(2024年末)"]
    assert customers(db_path, "customer_id, aum_fen") == [("C1", 25000)]


def test_columns_headed_exactly_alike_read_the_first_and_say_so(db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["客户号", "姓名", "资产余额", "资产余额"], ["C1", "张三", "100", "250"]])
    summary = run_import(db_path, path)
    assert customers(db_path, "customer_id, aum_fen") == [("C1", 10000)]
    assert "2 columns are headed '资产余额'; the first was read as aum" in summary.notes
