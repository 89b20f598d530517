"""Dates that cannot be facts: a birthday, an opening or an activity dated after the import's day
rejects its row (a day of grace allowed), and the "no end date" placeholders 2999-12-31 and 3000-01-01
are empty, as 9999-12-31 is."""

from __future__ import annotations

import csv
from datetime import date, datetime

import pytest

from tests.import_support import WAYS, customers, run_import, write_csv, write_xlsx
from tests.import_support import write_way as write
from tests.test_import_blocks import block_equals_rows
from workbench.importing.headers import map_columns
from workbench.importing.rows import build_converter

NOW = datetime(2026, 11, 23, 9, 0)
DATES = ["出生日期", "开户日期", "首次交易日期", "最近交易日期", "最近登录日期"]
COLUMNS = "customer_id, birthday, opened_on, first_activity_on, last_activity_on, last_login_on"


def reasons(summary) -> list[str]:
    """The reject report's reasons, in the file's order."""
    with summary.reject_file.open(encoding="utf-8-sig", newline="") as fh:
        return [row["reason"] for row in csv.DictReader(fh)]


@pytest.mark.parametrize("way", WAYS)
def test_a_date_after_the_imports_day_rejects_its_row_naming_the_column(db_path, tmp_path, way):
    path = write(tmp_path, [["客户号", "姓名", *DATES],
                            ["P1", "甲", "1980-05-06", "2010-01-02", "2010-01-02", "2026-11-20", "2026-11-23"],
                            ["F1", "乙", "2030-05-01", "2010-01-02", "", "", ""],
                            ["F2", "丙", "1980-05-06", "2027/1/1", "", "", ""],
                            ["F3", "丁", "1980-05-06", "", "20270101", "", ""],
                            ["F4", "戊", "1980-05-06", "", "", "2026年12月1日", ""],
                            ["F5", "己", "1980-05-06", "", "", "", "2099-12-31"]], way)
    summary = run_import(db_path, path, now=NOW)
    assert customers(db_path, COLUMNS) == [("P1", "1980-05-06", "2010-01-02", "2010-01-02", "2026-11-20", "2026-11-23")]
    assert reasons(summary) == ["出生日期: '2030-05-01' is after today (2026-11-23)",
                                "开户日期: '2027/1/1' is after today (2026-11-23)",
                                "首次交易日期: '20270101' is after today (2026-11-23)",
                                "最近交易日期: '2026年12月1日' is after today (2026-11-23)",
                                "最近登录日期: '2099-12-31' is after today (2026-11-23)"]


@pytest.mark.parametrize("way", WAYS)
def test_one_day_after_today_is_accepted_two_are_not(db_path, tmp_path, way):
    """Head office may date an extract in another time zone, or the terminal's clock may lag: a day of grace."""
    cells = ["2026-11-24", "2026/11/24", "20261124", "2026-11-24 23:59:59", "2026-11-25", "2026/11/25", "20261125"]
    path = write(tmp_path, [["客户号", "姓名", "最近交易日期", "出生日期"],
                            *[[f"D{i}", "甲", cell, cell] for i, cell in enumerate(cells)]], way)
    summary = run_import(db_path, path, now=NOW)
    assert customers(db_path, "customer_id, last_activity_on, birthday") == [
        (f"D{i}", "2026-11-24", "2026-11-24") for i in range(4)]
    assert reasons(summary) == [f"最近交易日期: {cell!r} is after today (2026-11-23); 出生日期: {cell!r} is after today "
                                "(2026-11-23)" for cell in cells[4:]]


@pytest.mark.parametrize("way", WAYS)
def test_no_end_date_placeholders_are_empty(db_path, tmp_path, way):
    """2999-12-31 rejected the customer (outside 1900-2100) while 9999-12-31 was empty: both are "no date"."""
    path = write(tmp_path, [["客户号", "姓名", *DATES],
                            ["Z1", "甲", "2999-12-31", "29991231", "2999/12/31", "3000-01-01", "30000101"],
                            ["Z2", "乙", "3000/1/1", "2999-12-31 00:00:00", "9999-12-31", "2999年12月31日", "1980-05-06"]],
                 way)
    summary = run_import(db_path, path, now=NOW)
    assert summary.rejected == 0
    assert customers(db_path, COLUMNS) == [("Z1", None, None, None, None, None),
                                           ("Z2", None, None, None, None, "1980-05-06")]


def test_a_workbooks_date_cells_after_today_reject_their_row(db_path, tmp_path):
    """Excel's own date cells and a number holding a date go the same way; 2999-12-31 is empty there too."""
    path = write_xlsx(tmp_path / "x.xlsx", [["客户号", "姓名", "出生日期", "最近交易日期"],
                                            ["W1", "甲", date(1980, 5, 6), datetime(2026, 11, 24, 18, 0)],
                                            ["W2", "乙", datetime(2999, 12, 31), 29991231],
                                            ["W3", "丙", date(2030, 5, 1), 20261120],
                                            ["W4", "丁", date(1980, 5, 6), 20270101]])
    summary = run_import(db_path, path, now=NOW)
    assert customers(db_path, "customer_id, birthday, last_activity_on") == [
        ("W1", "1980-05-06", "2026-11-24"), ("W2", None, None)]
    assert reasons(summary) == ["出生日期: '2030-05-01' is after today (2026-11-23)",
                                "最近交易日期: '20270101' is after today (2026-11-23)"]


@pytest.mark.parametrize("now, kept", [(NOW, []), (datetime(2027, 2, 28, 9, 0), [("C1", "2027-03-01")])])
def test_today_is_the_imports_now_not_the_clock(db_path, tmp_path, now, kept):
    """The same file: a later import's day takes the date that an earlier one refuses."""
    path = write_csv(tmp_path / "x.csv", [["客户号", "姓名", "最近交易日期"], ["C1", "甲", "2027-03-01"],
                                          ["C2", "乙", "2026-01-02"]])   # (a file of no row accepted is refused)
    assert run_import(db_path, path, now=now).rejected == 1 - len(kept)
    assert customers(db_path, "customer_id, last_activity_on") == [*kept, ("C2", "2026-01-02")]


def test_the_reader_process_refuses_future_dates_too(db_path, tmp_path):
    """workers=1: a reader process converts the file, from the import's day it was handed."""
    rows = [[f"C{i}", "甲", "2026-11-24" if i % 2 else "2026-11-25", "1980-05-06"] for i in range(40)]
    path = write_csv(tmp_path / "x.csv", [["客户号", "姓名", "最近交易日期", "出生日期"], *rows])
    summary = run_import(db_path, path, now=NOW, workers=1)
    assert summary.rejected == 20 and summary.inserted == 20
    assert set(reasons(summary)) == {"最近交易日期: '2026-11-25' is after today (2026-11-23)"}


def test_both_conversions_agree_on_dates_about_today():
    """The polars columns and the row converter, built for one day: the same dates kept, the same rows refused."""
    cells = ["2026-11-23", "2026-11-24", "2026-11-25", "2026/11/24", "2026/11/25", "20261124", "20261125", " 2026-11-25 ",
             "2026-11-24 10:00", "2026年11月25日", "46351", "2099-12-31", "2100-12-31", "2999-12-31", "29991231",
             "2999/12/31", "3000-01-01", "30000101", "9999-12-31", "2025-03-01"]
    headers = ["客户号", "姓名", "开户日期", "出生日期", "最近登录日期"]
    rows = [[f"C{i}", "张三", cell, cell, cell] for i, cell in enumerate(cells)]
    converter = build_converter(map_columns(headers, {}), {}, NOW.date())
    block_equals_rows(converter, rows, len(headers))
    import polars as pl

    converted, rejected = converter.block(pl.DataFrame({f"c{i}": [r[i] for r in rows] for i in range(5)}),
                                          list(range(len(rows))))
    assert sorted(rejected) == [2, 4, 6, 7, 9, 10, 11, 12]
    assert converted["opened_on"].to_list() == ["2026-11-23", "2026-11-24", "2026-11-24", "2026-11-24", "2026-11-24",
                                                None, None, None, None, None, None, "2025-03-01"]
