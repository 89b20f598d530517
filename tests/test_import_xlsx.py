"""Excel workbooks (written with openpyxl): numbers, real dates and Excel serials."""

from datetime import date, datetime

from tests.import_support import customers, run_import, write_xlsx


def test_xlsx_with_typed_cells(db_path, tmp_path):
    path = write_xlsx(tmp_path / "extract.xlsx", [
        ["客户信息"],
        ["客户号", "姓名", "性别", "出生日期", "手机号", "资产余额", "开户日期", "最近交易日期", "近12个月交易次数", "是否拒绝营销"],
        [10001, "张三", "男", date(1980, 3, 1), 13812345678, 12345.67, 45717, datetime(2025, 3, 1, 10, 0), 12.0, True],
        ["C2", "李四", 2, "1985/5/6", "021-85551234", "12.5万", "20250301", "2025年3月1日", 0, "否"],
        ["C3", "王五", "X", None, None, None, None, None, None, None],
    ])
    summary = run_import(db_path, path)
    assert summary.kind == "xlsx" and (summary.inserted, summary.rejected) == (2, 1)
    assert customers(db_path, "customer_id, name, gender, birthday, phone_e164, aum_fen, opened_on, last_activity_on, "
                              "activity_count_12m, do_not_call") == [
        ("10001", "张三", "M", "1980-03-01", "+8613812345678", 1234567, "2025-03-01", "2025-03-01", 12, 1),
        ("C2", "李四", "F", "1985-05-06", "+862185551234", 12_500_000, "2025-03-01", "2025-03-01", 0, 0),
    ]
    report = summary.reject_file.read_text(encoding="utf-8-sig")
    assert report.splitlines()[1].startswith("5,\"性别: gender 'X'")


def test_xlsx_header_on_a_later_sheet(db_path, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["说明", "本文件为客户清单"])
    data = book.create_sheet("客户")
    data.append(["customer_id", "name"])
    data.append(["C1", "Li Lei"])
    book.save(tmp_path / "two.xlsx")
    summary = run_import(db_path, tmp_path / "two.xlsx")
    assert summary.inserted == 1 and "sheet 客户" in summary.notes
