"""Placeholders core-banking systems write for "unknown" (9999-12-31, 1900-01-01, NULL, -, ...), dates
with a time after them, and the customer number's other headers."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.import_support import WAYS, customers, run_import, write_csv
from tests.import_support import write_way as write
from tests.test_import_blocks import TODAY, block_equals_rows
from workbench.importing.headers import map_columns
from workbench.importing.rows import build_converter

DATES = ["开户日期", "最近交易日期", "最近登录日期", "出生日期"]


@pytest.mark.parametrize("way", WAYS)
def test_placeholder_dates_are_empty_not_rejects_or_real_dates(db_path, tmp_path, way):
    """The tester's file: 1900-01-01 was stored as a real date, 9999-12-31 and 0001-01-01 rejected the customer."""
    path = write(tmp_path, [["客户号", "客户姓名", *DATES],
                            ["Z1", "甲", "1900-01-01", "9999-12-31", "99991231", "0001-01-01"],
                            ["Z2", "乙", "1899-12-30", "1899-12-31", "9999/12/31", "9999-12-31 00:00:00"],
                            ["Z3", "丙", "19000101", "2024-01-01", "1900/1/1", "1980-05-06"]], way)
    summary = run_import(db_path, path)
    assert summary.rejected == 0
    assert customers(db_path, "customer_id, opened_on, last_activity_on, last_login_on, birthday") == [
        ("Z1", None, None, None, None), ("Z2", None, None, None, None), ("Z3", None, "2024-01-01", None, "1980-05-06")]


@pytest.mark.parametrize("way", WAYS)
def test_a_date_with_a_time_after_it_gives_the_date(db_path, tmp_path, way):
    cells = ["20250301120000", "2025-03-01 12:00:00", "2025/3/1 9:05", "2025年3月1日10:20", "2025-03-01T10:20:30+08:00",
             "2025-03-01 00:00:00.0"]
    path = write(tmp_path, [["客户号", "姓名", "最近交易日期"], *[[f"D{i}", "甲", c] for i, c in enumerate(cells)],
                            ["X1", "乙", "20250301250000"]], way)
    summary = run_import(db_path, path)
    assert customers(db_path, "customer_id, last_activity_on") == [(f"D{i}", "2025-03-01") for i in range(len(cells))]
    assert "最近交易日期: '20250301250000' is not a date" in summary.reject_file.read_text(encoding="utf-8-sig")


def test_excel_placeholder_and_number_dates(db_path, tmp_path):
    """A workbook's own cells: a date of 9999-12-31, a 0 formatted as a date (Excel's 1900-01-00), and
    numbers holding 99991231, 20250301 or 20250301120000."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["客户号", "姓名", "开户日期", "最近交易日期", "最近登录日期"])
    sheet.append(["E1", "甲", datetime(9999, 12, 31), 0, 20250301])
    sheet.append(["E2", "乙", date(2024, 5, 6), 99991231, 20250301120000])
    sheet["D2"].number_format = "yyyy-mm-dd"
    book.save(tmp_path / "x.xlsx")
    summary = run_import(db_path, tmp_path / "x.xlsx")
    assert summary.rejected == 0
    assert customers(db_path, "customer_id, opened_on, last_activity_on, last_login_on") == [
        ("E1", None, None, "2025-03-01"), ("E2", "2024-05-06", None, "2025-03-01")]


def test_both_conversions_agree_on_placeholder_dates():
    cells = ["1900-01-01", "1900-1-1", "19000101", "9999-12-31", "99991231", "0001-01-01", "1899-12-30", "1899-12-31",
             "1900-01-02", "2100-12-31", "2101-01-01", "20250301120000", "2025-03-01 12:00", "2025/3/1 9:05", "0000-00-00"]
    headers = ["客户号", "姓名", "开户日期", "出生日期"]
    rows = [[f"C{i}", "张三", cell, cell] for i, cell in enumerate(cells)]
    block_equals_rows(build_converter(map_columns(headers, {}), {}, TODAY), rows, len(headers))


@pytest.mark.parametrize("way", WAYS)
def test_placeholders_in_yes_no_columns_are_not_given(db_path, tmp_path, way):
    """NULL, -, /, 空 are an empty cell (not do-not-call; consent as by default); 无 in a consent column is no."""
    cells = ["NULL", "-", "/", "空", "无", "", "N/A", "\\N"]
    path = write(tmp_path, [["客户号", "客户姓名", "是否拒绝营销", "营销授权"], *[[f"Y{i}", "甲", c, c] for i, c in enumerate(cells)]],
                 way)
    summary = run_import(db_path, path)
    assert summary.rejected == 0
    assert customers(db_path, "customer_id, do_not_call, consent") == [
        (f"Y{i}", 0, 0 if c == "无" else 1) for i, c in enumerate(cells)]


def test_both_conversions_agree_on_yes_no_placeholders():
    cells = ["NULL", "null", "-", "/", "空", "无", "", " ", "N/A", "\\N", "0", "1", "是", "拒绝", "maybe", " 无 "]
    headers = ["客户号", "姓名", "是否拒绝营销", "营销授权"]
    rows = [[f"C{i}", "张三", cell, cell] for i, cell in enumerate(cells)]
    block_equals_rows(build_converter(map_columns(headers, {}), {}, TODAY), rows, len(headers))


@pytest.mark.parametrize("header", ["客户号码", "客户编码", "客户编号", "Customer ID", "Customer No", "CIF", "CIF号", "customer-id"])
def test_other_customer_number_headers(db_path, tmp_path, header):
    path = write_csv(tmp_path / "x.csv", [[header, "客户名称", "手机号码"], ["C1", "张三", "13800138000"]])
    summary = run_import(db_path, path)
    assert summary.mapped["customer_id"] == header
    assert customers(db_path, "customer_id, name, phone_e164") == [("C1", "张三", "+8613800138000")]


def test_no_two_fields_share_a_header():
    """Headers compare without case, spaces, '_' or '-': no header may then name two fields."""
    from workbench.importing.headers import FIELDS, HELPER_FIELDS, SYNONYMS, normalise

    owners: dict[str, set] = {}
    for name in FIELDS + HELPER_FIELDS:
        owners.setdefault(normalise(name), set()).add(name)
    for field_name, names in SYNONYMS.items():
        for name in names:
            owners.setdefault(normalise(name), set()).add(field_name)
    assert {key: fields for key, fields in owners.items() if len(fields) > 1} == {}
