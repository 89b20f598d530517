"""Excel workbooks (written with openpyxl): numbers, real dates and Excel serials."""

from datetime import date, datetime

import pytest

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


def test_rows_keep_their_sheet_numbers_below_empty_rows(db_path, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    # Nothing in rows 1-2 or column A; a gap at row 5; a stray cell past the header's last column.
    for r, row in ((3, ["客户号", "姓名", "资产余额"]), (4, ["C1", "张三", 100]), (6, ["C2", "李四", "lots"]),
                   (7, ["C3", "王五", 5, None, "note"])):
        for c, value in enumerate(row, start=2):
            if value is not None:
                sheet.cell(r, c, value)
    book.save(tmp_path / "offset.xlsx")
    summary = run_import(db_path, tmp_path / "offset.xlsx")
    assert (summary.inserted, summary.rejected, summary.blank_rows) == (2, 1, 1)
    report = summary.reject_file.read_text(encoding="utf-8-sig").splitlines()
    assert report[1].startswith("6,") and "lots" in report[1]
    assert customers(db_path, "customer_id, aum_fen") == [("C1", 10000), ("C3", 500)]


def write_ods(path, rows: list[list[str]]):
    """A minimal OpenDocument spreadsheet: read by calamine, not by the streaming .xlsx reader."""
    import zipfile

    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    body = "".join("<table:table-row>" + "".join(
        f'<table:table-cell office:value-type="string"><text:p>{cell}</text:p></table:table-cell>' for cell in row)
        + "</table:table-row>" for row in rows)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
                   'manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                   '</manifest:manifest>')
        z.writestr("content.xml", f'<office:document-content {ns} office:version="1.2"><office:body><office:spreadsheet>'
                   f'<table:table table:name="客户">{body}</table:table></office:spreadsheet></office:body>'
                   f'</office:document-content>')
    return path


def test_other_workbooks_are_read_by_calamine(db_path, tmp_path):
    path = write_ods(tmp_path / "extract.ods", [["清单"], ["客户号", "姓名"], ["C1", "张三"], ["", "无号"]])
    summary = run_import(db_path, path)
    assert (summary.kind, summary.inserted, summary.rejected) == ("xlsx", 1, 1)
    assert "sheet 客户" in summary.notes
    assert summary.reject_file.read_text(encoding="utf-8-sig").splitlines()[1].startswith("4,")


@pytest.mark.parametrize("workers", [0, 1])
def test_a_sheet_damaged_part_way_leaves_the_database_as_it_was(db_path, tmp_path, workers):
    import zipfile

    from workbench.errors import WorkbenchError

    path = write_xlsx(tmp_path / "extract.xlsx", [["客户号", "姓名"], *[[f"C{i}", f"客户{i * 7919}"] for i in range(20_000)]])
    run_import(db_path, path)
    before = customers(db_path)
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    # The sheet's compressed bytes start after the local header (30 bytes, the name, the extra field).
    start = info.header_offset + 30 + int.from_bytes(data[info.header_offset + 26:info.header_offset + 28], "little") \
        + int.from_bytes(data[info.header_offset + 28:info.header_offset + 30], "little")
    middle = start + info.compress_size * 2 // 3
    data[middle:middle + 64] = bytes(64)
    path.write_bytes(bytes(data))
    with pytest.raises(WorkbenchError, match=r"^extract.xlsx \(sheet Sheet\) is damaged after row \d+ \(its (XML is "
                                             r"broken|data cannot be unpacked)\); ask for the file again.$"):
        run_import(db_path, path, full=True, workers=workers)
    assert customers(db_path) == before


def test_a_workbook_of_text_converts_in_blocks_as_it_would_row_by_row(tmp_path, monkeypatch):
    from tests.import_support import HEADER_CN
    from workbench.importing import produce

    rows = [HEADER_CN + ["标签"]]
    for i in range(120):
        rows.append([f"C{i % 100:03d}", f"客户{i}", "男女X"[i % 3], ["1980-03-01", "1985/5/6", "20250230", ""][i % 4],
                     ["138 1234 5678", "+86 139-0000-1111", "021-85551234", "12"][i % 4], f"M{i % 7}", "B01",
                     ["1,234.50", "12.5万", "lots", "-5"][i % 4], ["2025-03-01", "45717", "2025年3月1日", "x"][i % 4],
                     "vip,基金"])
        if i % 40 == 0:
            rows.append([""] * len(rows[0]))
    path = write_xlsx(tmp_path / "text.xlsx", rows)

    def imported(name: str):
        db_path = tmp_path / f"{name}.sqlite"
        from workbench.db import open_db
        open_db(db_path).close()
        summary = run_import(db_path, path, workers=0)
        report = summary.reject_file.read_text(encoding="utf-8-sig")
        table = customers(db_path, "customer_id, name, gender, birthday, phone_raw, phone_e164, phone_valid, phone_kind, "
                                   "phone_problem, manager_id, branch_id, aum_fen, last_activity_on, tags")
        return (summary.inserted, summary.rejected, summary.blank_rows), table, report

    blocks = []
    real = produce.text_only
    monkeypatch.setattr(produce, "text_only", lambda batch, width: blocks.append(real(batch, width)) or blocks[-1])
    in_blocks = imported("blocks")
    monkeypatch.setattr(produce, "text_only", lambda batch, width: False)
    assert blocks == [True] and in_blocks == imported("rows")
    assert in_blocks[0][1] > 0 and in_blocks[0][2] == 3


def test_a_chart_sheet_before_the_data_is_passed_over(db_path, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.create_chartsheet("图表", 0)
    book.active = 1
    book.worksheets[0].append(["客户号", "姓名"])
    book.worksheets[0].append(["C1", "张三"])
    book.worksheets[0].title = "客户"
    book.save(tmp_path / "chart.xlsx")
    from workbench.importing.xlsx import XlsxBook

    reader = XlsxBook(tmp_path / "chart.xlsx")
    assert reader.sheet_names == ["客户"]   # the chart sheet has no cells to read
    reader.close()
    summary = run_import(db_path, tmp_path / "chart.xlsx")
    assert summary.inserted == 1 and "sheet 客户" in summary.notes
