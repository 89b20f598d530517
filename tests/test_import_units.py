"""Units of amounts: the header's unit (元, 千元, 万元, 百万元, 亿元), a unit written in the cell, which
replaces the header's, and headers in a foreign currency, which cannot be stored as yuan."""

from __future__ import annotations

import pytest

from tests.import_support import WAYS, customers, run_import, write_csv
from tests.import_support import write_way as write
from tests.test_import_blocks import TODAY, block_equals_rows
from workbench.importing.headers import amount_scale, foreign_currency, map_columns
from workbench.importing.rows import build_converter



@pytest.mark.parametrize("way", WAYS)
def test_a_unit_in_the_cell_replaces_the_headers_unit(db_path, tmp_path, way):
    """The tester's file: under 资产余额(万元), 12.5万 and 125,000元 are 125,000 yuan, not 1.25 billion."""
    path = write(tmp_path, [["客户号", "客户姓名", "资产余额(万元)", "峰值资产(万元)"],
                            ["A1", "甲", "12.5万", "12.5"],
                            ["A2", "乙", "125,000元", "0.5亿元"],
                            ["A3", "丙", "￥3", "3 万元"],
                            ["A4", "丁", "1,250", "1.5千元"]], way)
    summary = run_import(db_path, path)
    assert summary.rejected == 0
    assert customers(db_path, "customer_id, aum_fen, aum_peak_fen") == [
        ("A1", 12_500_000, 12_500_000),          # 12.5万 yuan; 12.5 in the header's 万
        ("A2", 12_500_000, 5_000_000_000),       # 125,000 yuan; half an 亿 is 5,000万
        ("A3", 3_000_000, 3_000_000),            # ¥ is a sign, not a unit: 3 in the header's 万
        ("A4", 1_250_000_000, 150_000)]          # 1,250万; 1,500 yuan


@pytest.mark.parametrize("header, fen", [
    ("资产余额(元)", 1_250), ("资产余额(千元)", 1_250_000), ("资产余额（千元）", 1_250_000), ("资产余额(万元)", 12_500_000),
    ("资产余额（亿元）", 125_000_000_000), ("资产余额(亿)", 125_000_000_000), ("资产余额(百万元)", 1_250_000_000),
    ("资产余额【千万元】", 12_500_000_000), ("资产余额(单位：万元)", 12_500_000), ("资产余额(人民币千元)", 1_250_000),
    ("资产余额(日均)", 1_250), ("资产余额(百分比)", 1_250)])
@pytest.mark.parametrize("way", WAYS)
def test_the_headers_unit_applies_to_plain_numbers(db_path, tmp_path, header, fen, way):
    path = write(tmp_path, [["客户号", "姓名", header], ["C1", "张三", "12.5"]], way)
    assert run_import(db_path, path).rejected == 0
    assert customers(db_path, "aum_fen") == [(fen,)]


@pytest.mark.parametrize("way", WAYS)
def test_an_amount_past_the_limit_in_a_large_unit_is_rejected_not_wrapped(db_path, tmp_path, way):
    """Ten digits in 亿元 is 10^20 fen, past Int64: rejected as too large both ways, never wrapped round."""
    path = write(tmp_path, [["客户号", "姓名", "资产余额(亿元)"], ["C1", "张三", "9999999999"], ["C2", "李四", "1,000"],
                            ["C3", "王五", "1e15元"], ["C4", "赵六", "1.1e15元"]], way)
    summary = run_import(db_path, path)
    assert customers(db_path, "customer_id, aum_fen") == [("C2", 10_000_000_000_000), ("C3", 10**17)]
    report = summary.reject_file.read_text(encoding="utf-8-sig")
    assert "资产余额(亿元): amount '9999999999' is too large" in report
    assert "资产余额(亿元): amount '1.1e15元' is too large" in report


def test_both_conversions_agree_on_units_in_every_header_unit():
    """The polars columns and the row converter give the same fen or the same rejection for each cell."""
    cells = ["12.5", "12.5万", "125,000元", "￥3", "3亿元", "1.5千元", "0.5百万", "1,000", "9999999999", "1000000000",
             "99999999.99", "1e15", "1.2e5", " 7 ", "", "-", "-3万", "12,34万", "万", "元"]
    for header in ("资产余额", "资产余额(千元)", "资产余额(万元)", "资产余额(百万元)", "资产余额(亿元)"):
        headers = ["客户号", "姓名", header]
        rows = [[f"C{i}", "张三", cell] for i, cell in enumerate(cells)]
        block_equals_rows(build_converter(map_columns(headers, {}), {}, TODAY), rows, len(headers))


@pytest.mark.parametrize("header, currency", [
    ("资产余额(USD)", "USD"), ("资产余额（美元）", "美元"), ("AUM(usd)", "USD"), ("资产余额(港币)", "港币"), ("资产余额(HKD)", "HKD"),
    ("资产余额(欧元)", "欧元"), ("资产余额(EUR万元)", "EUR"), ("峰值资产(港元)", "港元"), ("资产余额($)", "$")])
def test_a_foreign_currency_header_names_its_currency(header, currency):
    assert foreign_currency(header) == currency


@pytest.mark.parametrize("header", ["资产余额", "资产余额(元)", "资产余额(人民币)", "资产余额(CNY)", "资产余额(美元折人民币)",
                                    "资产余额(本外币合计,万元)"])
def test_yuan_headers_name_no_foreign_currency(header):
    assert foreign_currency(header) is None and amount_scale(header) in (1, 10_000)


def test_a_foreign_currency_column_is_not_imported_and_the_summary_says_why(cli, db_path, tmp_path):
    """USD cannot be kept as yuan: the customers are imported without it, and the summary names the currency."""
    path = write_csv(tmp_path / "usd.csv", [["客户号", "客户姓名", "资产余额(USD)"], ["W1", "甲", "12.5"]])
    result = cli("--db", db_path, "import", "customers", path)
    assert result.exit_code == 0
    assert "(资产余额(USD) not imported: its amounts are in USD, assets are kept in yuan, and no exchange rate is known)" \
        in result.stdout.splitlines()
    assert "Columns not imported" not in result.stdout   # --map would not help
    assert customers(db_path, "customer_id, aum_fen") == [("W1", 0)]


def test_a_yuan_column_after_a_foreign_one_is_the_assets(db_path, tmp_path):
    path = write_csv(tmp_path / "two.csv", [["客户号", "姓名", "资产余额(美元)", "资产余额(万元)"], ["C1", "张三", "2", "3"]])
    summary = run_import(db_path, path)
    assert summary.mapped["aum"] == "资产余额(万元)"
    assert summary.unmapped_columns == [] and summary.ignored_columns == ["资产余额(美元)"]
    assert "资产余额(美元) not imported: its amounts are in 美元, assets are kept in yuan, and no exchange rate is known" \
        in summary.notes
    assert customers(db_path, "aum_fen") == [(3_000_000,)]


def test_a_sheet_in_another_unit_is_not_read_with_the_first_sheets_unit(db_path, tmp_path):
    """Sheets in 千元 and in 元 used to compare as the same (the header's 千 was not read)."""
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = "营业部"
    for row in (["客户号", "姓名", "资产余额(千元)"], ["C1", "张三", 2]):
        first.append(row)
    second = book.create_sheet("浦东支行")
    for row in (["客户号", "姓名", "资产余额(元)"], ["C2", "李四", 2]):
        second.append(row)
    book.save(tmp_path / "two.xlsx")
    summary = run_import(db_path, tmp_path / "two.xlsx")
    assert customers(db_path, "customer_id, aum_fen") == [("C1", 200_000)]
    assert [note for note in summary.notes if "浦东支行 also list customers, under a header unlike" in note]


def test_a_unit_given_on_a_title_line_applies_to_amount_columns_without_one(db_path, tmp_path):
    path = write_csv(tmp_path / "t.csv", [["客户资产明细表  单位：万元", "", "", ""],
                                         ["客户号", "客户姓名", "资产余额", "峰值资产(元)"], ["T1", "甲", "12.5", "125000"]])
    summary = run_import(db_path, path)
    assert summary.inserted == 1 and summary.rejected == 0
    assert customers(db_path, "aum_fen, aum_peak_fen") == [(12_500_000, 12_500_000)]
    assert any("amounts read in 万元" in note for note in summary.notes)
