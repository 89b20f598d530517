"""A count written as a decimal (12.0, 3.00) and a yes/no cell holding a tick or a cross (✓ ✔ ☑, × ✗ ✘ ☒) or a
full-width Ｙ/Ｎ are read, not a reason to reject the customer's whole row; 12.5 is still no count."""

from __future__ import annotations

import csv

import pytest

from tests.import_support import customers, run_import, write_csv, write_xlsx

HEADER = ["客户号", "姓名", "近12个月交易次数", "营销授权", "是否拒绝营销"]
ROWS = [HEADER, ["C1", "甲", "12.0", "✓", "×"], ["C2", "乙", "3.00", "✔", "✗"], ["C3", "丙", "0.0", "☑", "✘"],
        ["C4", "丁", "7", "×", "☒"], ["C5", "戊", "1,200.00", "✗", "✓"], ["C6", "己", "5", "Ｎ", "Ｙ"],
        ["C7", "庚", "12.5", "√", "否"]]


@pytest.mark.parametrize("write, name", [(write_csv, "x.csv"), (write_xlsx, "x.xlsx")])
def test_decimal_counts_and_ticks_are_read(db_path, tmp_path, write, name):
    path = write(tmp_path / name, ROWS)
    summary = run_import(db_path, path)
    assert (summary.inserted, summary.rejected) == (6, 1)
    assert customers(db_path, "customer_id, activity_count_12m, consent, do_not_call") == [
        ("C1", 12, 1, 0), ("C2", 3, 1, 0), ("C3", 0, 1, 0), ("C4", 7, 0, 0), ("C5", 1200, 0, 1), ("C6", 5, 0, 1)]
    with path.with_name(name + ".rejects.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert [row[:2] for row in list(csv.reader(fh))[1:]] == [["8", "近12个月交易次数: '12.5' is not a count"]]
