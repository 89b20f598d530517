"""A birthday read from a resident ID number is checked as a birthday cell is: one after the import's
day (but for the day of grace), before 1900 or 1900-01-01 rejects the row, saying why, and nothing is
taken from that number. The row's own birthday and gender cells win over the ID number, which only
fills in what they leave empty."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.import_support import WAYS, customers, run_import, write_csv
from tests.import_support import write_way as write
from tests.test_import_blocks import block_equals_rows
from tests.test_import_future_dates import reasons
from workbench.importing.headers import map_columns
from workbench.importing.rows import build_converter

NOW = datetime(2026, 11, 23, 9, 0)
HEADER = ["客户号", "姓名", "出生日期", "性别", "证件号码"]
COLUMNS = "customer_id, birthday, gender"


@pytest.mark.parametrize("way", WAYS)
def test_an_id_number_s_impossible_birthday_rejects_its_row_saying_why(db_path, tmp_path, way):
    path = write(tmp_path, [HEADER,
                            ["I1", "甲", "", "", "110105194912310037"],
                            ["I2", "乙", "", "", "11010120261124002X"],   # the day of grace
                            ["F1", "丙", "", "", "110101203005071234"],
                            ["F2", "丁", "", "", "11010120261125002X"],
                            ["O1", "戊", "", "", "110101189912311234"],
                            ["O2", "己", "", "", "110101190001011234"]], way)
    summary = run_import(db_path, path, now=NOW)
    assert customers(db_path, COLUMNS) == [("I1", "1949-12-31", "M"), ("I2", "2026-11-24", "F")]
    assert reasons(summary) == [
        "证件号码: the ID number gives the birthday 2030-05-07, which is after today (2026-11-23); check the number",
        "证件号码: the ID number gives the birthday 2026-11-25, which is after today (2026-11-23); check the number",
        "证件号码: the ID number gives the birthday 1899-12-31, which is before 1900; check the number",
        "证件号码: the ID number gives the birthday 1900-01-01, the date systems write for no date; check the number"]


@pytest.mark.parametrize("way", WAYS)
def test_the_rows_own_cells_win_and_the_id_number_fills_only_what_they_leave_empty(db_path, tmp_path, way):
    """A birthday head office keeps may differ from the ID's on purpose (corrected at the customer's word):
    it is kept. An ID number read for a missing gender is checked all the same, since a number with an
    impossible birthday has no gender digit to trust; one the row does not need is not read at all."""
    path = write(tmp_path, [HEADER,
                            ["D1", "甲", "1980-05-06", "", "110105194912310037"],     # differs: the cell wins
                            ["D2", "乙", "", "女", "110105194912310037"],             # the gender cell wins
                            ["D3", "丙", "1980-05-06", "", "110101203005071234"],     # read for the gender: refused
                            ["D4", "丁", "1980-05-06", "男", "110101203005071234"],   # not needed, not read
                            ["D5", "戊", "2030-05-01", "", "110105194912310037"]],    # a bad cell is not mended
                 way)
    summary = run_import(db_path, path, now=NOW)
    assert customers(db_path, COLUMNS) == [("D1", "1980-05-06", "M"), ("D2", "1949-12-31", "F"),
                                           ("D4", "1980-05-06", "M")]
    assert reasons(summary) == [
        "证件号码: the ID number gives the birthday 2030-05-07, which is after today (2026-11-23); check the number",
        "出生日期: '2030-05-01' is after today (2026-11-23)"]


def test_a_known_customer_keeps_the_birthday_stored_when_a_later_id_number_is_refused(db_path, tmp_path):
    first = write_csv(tmp_path / "a.csv", [HEADER, ["K1", "甲", "", "", "110105194912310037"]])
    later = write_csv(tmp_path / "b.csv", [HEADER, ["K1", "甲", "", "", "110105209912310037"], ["K2", "乙", "", "", ""]])
    run_import(db_path, first, now=NOW)
    summary = run_import(db_path, later, now=NOW, workers=1)   # a reader process, handed the import's day
    assert (summary.rejected, summary.updated) == (1, 0)
    assert customers(db_path, COLUMNS) == [("K1", "1949-12-31", "M"), ("K2", None, None)]


@pytest.mark.parametrize("today, refused", [(NOW.date(), [2, 3, 4, 5, 6]), (datetime(2030, 5, 7).date(), [4, 5, 6])])
def test_both_conversions_agree_on_id_numbers_about_today(today, refused):
    """The polars block and the row converter, built for one day, take and refuse the same ID numbers:
    those refused, where the row has no birthday or no gender of its own."""
    import polars as pl

    numbers = ["110105194912310037", "11010120261124002X", "11010120261125002X", "110101203005081234",
               "110101203005091234", "110101189912311234", "110101190001011234", "110101190001021234", "1234", ""]
    cells = (("", ""), ("1980-05-06", ""), ("", "男"), ("1980-05-06", "男"))
    rows = [[f"C{i}", "甲", birthday, gender, number] for i, number in enumerate(numbers) for birthday, gender in cells]
    converter = build_converter(map_columns(HEADER, {}), {}, today)
    block_equals_rows(converter, rows, len(HEADER))
    _, rejected = converter.block(pl.DataFrame({f"c{i}": [r[i] for r in rows] for i in range(len(HEADER))}),
                                  list(range(len(rows))))
    assert sorted(rejected) == [4 * number + k for number in refused for k in range(3)]
