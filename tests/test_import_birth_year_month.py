"""A 出生年月 column holding a year and month alone (1980-01, 198001, 1980年1月, 1980/1) keeps the customer's row: the
birthday is stored as unknown (greetings need the day; an ID number's full one is taken instead), one already stored
is kept, and the summary says how many, whichever way the file's cells are converted."""

from __future__ import annotations

import pytest

from import_support import WAYS, customers, run_import, write_way

HEADER = ["客户号", "姓名", "出生年月", "手机号", "客户经理号", "所属机构"]


def _file(tmp_path, way: str, born: list[str], extra: list[list] = ()):
    rows = [[f"K{i}", f"客户{i}", cell, f"1380000000{i}", "M1", "B1"] for i, cell in enumerate(born, 1)]
    return write_way(tmp_path, [HEADER, *rows, *extra], way)


@pytest.mark.parametrize("way", WAYS)
def test_a_year_and_month_alone_keeps_the_row_and_stores_no_birthday(db_path, tmp_path, way):
    summary = run_import(db_path, _file(tmp_path, way, ["1980-01", "198001", "1980年1月", "1980/1", "1975-03-09", ""]))
    assert (summary.inserted, summary.rejected) == (6, 0)
    assert customers(db_path, "customer_id, birthday") == [
        ("K1", None), ("K2", None), ("K3", None), ("K4", None), ("K5", "1975-03-09"), ("K6", None)]
    assert "4 birthdays were given as a year and month only (1980-01): stored as unknown, since greetings need the " \
           "day, and the customers' rows imported" in summary.notes


@pytest.mark.parametrize("way", WAYS)
def test_a_stored_birthday_stays_and_a_month_after_today_is_refused(db_path, tmp_path, way):
    run_import(db_path, _file(tmp_path, way, ["1980-01-05", "1981-02-06"]))
    summary = run_import(db_path, _file(tmp_path, way, ["1980-01", "2099-01"]))
    assert summary.rejected == 1   # K2: a month after the import's day
    assert customers(db_path, "customer_id, birthday") == [("K1", "1980-01-05"), ("K2", "1981-02-06")]


@pytest.mark.parametrize("way", WAYS)
def test_an_id_number_gives_the_full_birthday_a_year_and_month_lacks(db_path, tmp_path, way):
    path = write_way(tmp_path, [["客户号", "姓名", "出生年月", "身份证号"], ["D1", "甲", "1949-12", "110105194912310037"],
                                ["D2", "乙", "1949-12", ""]], way)
    summary = run_import(db_path, path)
    assert customers(db_path, "customer_id, birthday") == [("D1", "1949-12-31"), ("D2", None)]
    assert "1 birthday was given as a year and month only (1980-01): stored as unknown, since greetings need the " \
           "day, and the customer's row imported" in summary.notes
