"""Amounts: 3千 is 3,000 yuan as 3万 is 30,000; -0 (and (0.00)) is zero, not a negative amount."""

import pytest

from tests.import_support import WAYS, customers, run_import, write_way
from workbench.importing.values import parse_amount


@pytest.mark.parametrize("cell, fen", [("3千", 300_000), ("1.5千", 150_000), ("3千元", 300_000), ("2千万", 2_000_000_000),
                                       ("-0", 0), ("-0.00", 0), ("(0)", 0), ("( 0.00 )", 0), ("-0元", 0), ("¥-0", 0)])
def test_thousands_and_zero_with_a_sign(cell, fen):
    assert parse_amount(cell) == fen


@pytest.mark.parametrize("cell", ["-5", "(1,234.00)", "-0.01", "(0.5千)"])
def test_other_amounts_with_a_sign_are_still_negative(cell):
    with pytest.raises(ValueError, match="is negative"):
        parse_amount(cell)


@pytest.mark.parametrize("way", WAYS)
def test_an_extract_reads_them_so_every_way(db_path, tmp_path, way):
    rows = [["客户号", "姓名", "资产余额"], ["A1", "甲", "3千"], ["A2", "乙", "-0"], ["A3", "丙", "(0.00)"], ["A4", "丁", "-3"]]
    summary = run_import(db_path, write_way(tmp_path, rows, way))
    assert summary.rejected == 1
    assert customers(db_path, "customer_id, aum_fen") == [("A1", 300_000), ("A2", 0), ("A3", 0)]
