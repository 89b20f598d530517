"""A rejected amount, count or Excel day number is quoted in the reject report as the cell shows it: -3, not
-3.0, from a CSV's text and from a workbook's number cell alike, in English and in Chinese."""

from __future__ import annotations

import csv

import pytest

from tests.import_support import WAYS, run_import, write_way, write_xlsx
from workbench import i18n

HEADER = ["客户号", "姓名", "资产余额", "峰值资产", "开户日期"]
# A workbook holds these as number cells (openpyxl writes -3 as <v>-3</v>, which reads as the float -3.0).
ROWS = [HEADER, ["C1", "甲", -3, -3.5, 45000], ["C2", "乙", 1e20, 5, 99999], ["C3", "丙", 3, 5, 45000]]   # C3 accepted
ENGLISH = ["资产余额: amount '-3' is negative; 峰值资产: amount '-3.5' is negative",
           "开户日期: '99999' is not a date (as an Excel day number it is out of range); "
              "资产余额: amount '100000000000000000000' is too large"]
CHINESE = ["资产余额：金额“-3”为负数；峰值资产：金额“-3.5”为负数",
           "开户日期：“99999”不是日期（作为 Excel 日期序号，它超出了范围）；资产余额：金额“100000000000000000000”过大"]


def reasons(path) -> list[str]:
    """The reject report's reasons, in the file's order (a row's number depends on the way: cells of two lines)."""
    with path.with_name(path.name + ".rejects.csv").open(encoding="utf-8-sig", newline="") as fh:
        return [row[1] for row in list(csv.reader(fh))[1:]]


def cells(way: str) -> list[list]:
    """The rows as the way's file holds them: numbers in a workbook, their text in a CSV."""
    if way == "workbook":
        return ROWS
    return [ROWS[0], *[[c if isinstance(c, str) else str(int(c)) if c == int(c) else str(c) for c in row]
                       for row in ROWS[1:]]]


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("language, expected", [("en", ENGLISH), ("zh_CN", CHINESE)])
def test_a_number_is_quoted_as_written(db_path, tmp_path, way, language, expected):
    i18n.set_language(language)
    path = write_way(tmp_path, cells(way), way)
    summary = run_import(db_path, path)
    assert summary.rejected == 2
    assert reasons(path) == expected


def test_a_count_is_quoted_as_written(db_path, tmp_path):
    path = write_xlsx(tmp_path / "counts.xlsx", [["客户号", "姓名", "近12个月交易次数"], ["C1", "甲", -2], ["C2", "乙", 2.5],
                                                             ["C3", "丙", 2]])
    run_import(db_path, path)
    assert reasons(path) == ["近12个月交易次数: '-2' is not a count", "近12个月交易次数: '2.5' is not a count"]
