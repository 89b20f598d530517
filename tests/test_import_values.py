"""Dates, amounts, counts, gender and yes/no cells, as core-banking extracts write them."""

from decimal import Decimal

import pytest

from tests.import_support import customers, run_import, write_csv
from workbench.importing.values import (from_id_number, parse_amount, parse_bool, parse_count, parse_date,
                                        parse_gender, parse_tags)


@pytest.mark.parametrize("cell", ["2025-03-01", "2025/3/1", "2025.3.1", "20250301", "2025年3月1日",
                                  "2025-03-01 10:22:33", "2025/3/1 9:05", "45717", "45717.0", "２０２５-０３-０１"])
def test_dates_in_the_usual_forms(cell):
    assert parse_date(cell) == "2025-03-01"


def test_dates_from_excel_cells():
    from datetime import date, datetime

    assert parse_date(45717.0) == "2025-03-01"
    assert parse_date(datetime(2025, 3, 1, 8, 0)) == "2025-03-01" and parse_date(date(2025, 3, 1)) == "2025-03-01"


@pytest.mark.parametrize("cell", ["2025-02-30", "bad", "2025", "1234567", "1899-12-29", "99999"])
def test_unparseable_dates_are_errors(cell):
    with pytest.raises(ValueError):
        parse_date(cell)


@pytest.mark.parametrize("cell", ["", "0", "00000000", "-", "NULL", "—", "——", "－", "/", "\\N"])
def test_empty_dates(cell):
    assert parse_date(cell) is None


@pytest.mark.parametrize("cell, fen", [("1234", 123400), ("1,234.56", 123456), ("¥1,234.5", 123450), ("￥88元", 8800),
                                       ("12.5万", 12_500_000), ("3亿元", 30_000_000_000), ("0.005", 1), ("", None),
                                       ("１２３", 12300), (1234.56, 123456), (7, 700)])
def test_amounts_to_fen(cell, fen):
    assert parse_amount(cell) == fen


def test_amounts_never_use_float_arithmetic():
    # 0.1 + 0.2 in floats is 0.30000000000000004; Decimal keeps cents exact.
    assert parse_amount("0.1") + parse_amount("0.2") == parse_amount("0.3") == 30
    assert parse_amount("1234567890123.45") == int(Decimal("1234567890123.45") * 100)


@pytest.mark.parametrize("cell, fen", [("12,345,678.00", 1_234_567_800), ("1 234 567.89", 123_456_789), ("1，234", 123_400),
                                       ("¥ 1,234 元", 123_400), ("1,234,567,890,123.45", 123_456_789_012_345)])
def test_thousands_separators_between_groups_of_three(cell, fen):
    assert parse_amount(cell) == fen


@pytest.mark.parametrize("cell", ["12,34", "1,2345", ",123", "1 234,56", "1,234 567", "12,34.00", "1,23万"])
def test_separators_that_are_not_thousands_are_refused_not_guessed(cell):
    """'12,34' is a misread cell (or a decimal comma), not 1,234 yuan: the row goes to the report."""
    with pytest.raises(ValueError, match="not an amount"):
        parse_amount(cell)


def test_counts_take_thousands_separators_only_between_groups_of_three():
    assert parse_count("1,234") == 1234
    with pytest.raises(ValueError):
        parse_count("12,34")


@pytest.mark.parametrize("cell", ["-5", "(5)", "abc", "1.2.3", "NaN"])
def test_bad_or_negative_amounts(cell):
    with pytest.raises(ValueError):
        parse_amount(cell)


def test_gender_bool_count_tags():
    assert [parse_gender(g) for g in ("男", "女", "M", "f", "male", "Female", "1", "2", "", "未知", "先生", "女士")] == [
        "M", "F", "M", "F", "M", "F", "M", "F", None, None, "M", "F"]
    assert [parse_amount(c) for c in ("—", "——", "－", "/", "\\N")] == [None] * 5
    assert [parse_bool(b) for b in ("是", "否", "Y", "n", "1", "0", "true", "FALSE", "")] == [1, 0, 1, 0, 1, 0, 1, 0, None]
    assert parse_count("12次") == 12 and parse_count(3.0) == 3
    assert parse_tags("理财，基金、理财;保险") == "理财,基金,保险"
    for parse, cell in ((parse_gender, "X"), (parse_bool, "maybe"), (parse_count, "-1")):
        with pytest.raises(ValueError):
            parse(cell)


def test_resident_id_gives_birthday_and_gender():
    assert from_id_number("110105194912310037") == ("1949-12-31", "M")
    assert from_id_number("11010519491231002X") == ("1949-12-31", "F")
    assert from_id_number("1234") == (None, None)


def test_bad_cells_reject_the_row_with_every_reason(db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [
        ["客户号", "姓名", "出生日期", "资产余额", "是否拒绝营销", "证件号码"],
        ["C1", "张三", "1980/3/1", "12.5万", "是", ""],
        ["C2", "李四", "1980/2/30", "-3", "否", ""],
        ["C3", "王五", "", "1,000", "", "110105194912310037"],
    ])
    summary = run_import(db_path, path)
    assert (summary.inserted, summary.rejected) == (2, 1)
    assert customers(db_path, "customer_id, birthday, gender, aum_fen, do_not_call") == [
        ("C1", "1980-03-01", None, 12_500_000, 1), ("C3", "1949-12-31", "M", 100_000, 0)]
    report = summary.reject_file.read_text(encoding="utf-8-sig")
    assert "出生日期: '1980/2/30' is not a date" in report and "资产余额: amount '-3' is negative" in report


def test_a_refusal_reads_by_its_column(db_path, tmp_path):
    """拒绝 in a do-not-call column means do not call; in a consent column, no consent."""
    path = write_csv(tmp_path / "refused.csv", [
        ["客户号", "姓名", "是否拒绝营销", "营销授权"],
        ["C1", "张三", "拒绝", "拒绝"],
        ["C2", "李四", "不拒绝", "同意"],
        ["C3", "王五", "是", ""],
        ["C4", "赵六", "", "接受"],
    ])
    summary = run_import(db_path, path)
    assert summary.rejected == 0
    assert customers(db_path, "customer_id, do_not_call, consent") == [("C1", 1, 0), ("C2", 0, 1), ("C3", 1, 1),
                                                                        ("C4", 0, 1)]


@pytest.mark.parametrize("way", ["blocks", "csv module", "utf-16 row reader"])
def test_excel_text_cells_read_as_their_text(db_path, tmp_path, way):
    """="600000000001" is how many exports keep a long number (or a leading zero) as text when Excel
    opens the CSV: the cell is the text inside, in every way a CSV is read; a cell that only starts
    like it is kept as it is."""
    rows = [["客户号", "姓名", "手机号", "资产余额", "标签"],
            ['="600000000001"', "张三", '="13800138000"', '="1,000"', '="说""VIP"""'],
            ['="0012"', "李四" if way != "csv module" else "李\n四", "13900139000", "200", '="VIP",理财']]
    path = write_csv(tmp_path / "x.csv", rows, encoding="utf-16" if way == "utf-16 row reader" else "utf-8")
    summary = run_import(db_path, path)
    assert summary.rejected == (1 if way == "csv module" else 0)   # (a line break in a name is a reject)
    stored = {row[0]: row[1:] for row in customers(db_path, "customer_id, phone_raw, aum_fen, tags")}
    assert stored["600000000001"] == ("13800138000", 100_000, '说"VIP"')
    if way != "csv module":
        assert stored["0012"] == ("13900139000", 20_000, '="VIP",理财')
