"""A workbook whose customers run over several sheets (one per sub-branch, or a long extract split at
Excel's 1,048,576 rows a sheet): every sheet whose header names the first sheet's fields is imported,
in any column order; a sheet that lists customers under another header (holdings, say) is named as
not read, and --full, which would then inactivate its customers, is refused before anything changes."""

from __future__ import annotations

import csv

import pytest

from tests.import_support import customers, run_import, write_workbook
from workbench.errors import WorkbenchError
from workbench.importing.rejects import reject_path
from workbench.importing.sources import SHEET_ROWS, open_source, sheet_row

HEADER = ["客户号", "姓名", "资产余额"]


def workbook(path, sheets: dict[str, list[list]]):
    return write_workbook(path, sheets)


def split_workbook(tmp_path, name: str = "extract.xlsx"):
    return workbook(tmp_path / name, {
        "说明": [["客户信息导出"], ["导出时间：2026-11-20"]],            # a notes sheet: no header
        "营业部": [["客户信息表"], HEADER, ["C1", "张三", 100], ["C2", "李四", 200]],
        "汇总": [["机构", "户数"], ["310001", 3]],                       # a summary: a header, not a customer one
        "浦东支行": [HEADER, ["C3", "王五", 300]],
    })


def reject_rows(file) -> list[list[str]]:
    with reject_path(file).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_every_sheet_of_customers_is_imported(tmp_path, db_path):
    summary = run_import(db_path, split_workbook(tmp_path))
    assert summary.inserted == 3 and summary.rejected == 0
    assert customers(db_path, "customer_id, name, aum_fen") == [("C1", "张三", 10000), ("C2", "李四", 20000),
                                                                ("C3", "王五", 30000)]
    assert "sheets 营业部, 浦东支行" in summary.notes
    assert not [note for note in summary.notes if "NOT read" in note]
    assert "1 line(s) above the header skipped" in summary.notes   # the first sheet's title line


def test_a_later_sheet_may_order_its_columns_otherwise(tmp_path, db_path):
    book = workbook(tmp_path / "order.xlsx", {
        "A": [["客户号", "姓名", "资产余额", "备注"], ["C1", "张三", 100, "老客户"]],
        "B": [["说明行"], ["资产余额", "经办", "备注", "姓名", "客户号"], [300, "x", "新客户", "王五", "C3"]],
    })
    summary = run_import(db_path, book)
    assert customers(db_path, "customer_id, name, aum_fen") == [("C1", "张三", 10000), ("C3", "王五", 30000)]
    assert summary.unmapped_columns == ["备注", "经办"]   # each reported once, whichever sheet has it
    source = open_source(book, encoding=None, delimiter=None, overrides={})
    try:   # the later row laid out in the first sheet's columns, the same-titled column included
        assert list(source.rows) == [(2, ["C1", "张三", 100.0, "老客户"]),
                                     (SHEET_ROWS + 3, ["C3", "王五", 300.0, "新客户"])]
    finally:
        source.close()


def test_rejects_name_their_sheet_and_its_own_row(tmp_path, db_path):
    book = workbook(tmp_path / "bad.xlsx", {
        "营业部": [HEADER, ["C1", "张三", 100], ["C2", "李四", "lots"]],
        "=支行": [["标题"], HEADER, ["C3", "王五", 300], ["C1", "张三重复", 5]],
    })
    summary = run_import(db_path, book)
    assert summary.inserted == 2 and summary.rejected == 2
    rows = reject_rows(book)
    assert rows[0][:3] == ["sheet", "row", "reason"]
    assert rows[1][:2] == ["营业部", "3"] and "资产余额" in rows[1][2]
    # A customer number seen on an earlier sheet, quoted from a second read of the workbook; the
    # sheet's name, which starts like a formula, is neutralised as any cell is.
    assert rows[2][:2] == ["'=支行", "4"] and "C1 appears again" in rows[2][2] and rows[2][3:] == ["C1", "张三重复", "5"]


def test_a_single_sheet_keeps_the_plain_report(tmp_path, db_path):
    book = workbook(tmp_path / "one.xlsx", {"Sheet1": [HEADER, ["C1", "张三", "lots"], ["C2", "李四", 1]], "说明": [["备注"], ["无"]]})
    run_import(db_path, book)
    assert reject_rows(book)[0][:2] == ["row", "reason"] and reject_rows(book)[1][0] == "2"


def test_full_covers_every_sheet_read(tmp_path, db_path):
    run_import(db_path, workbook(tmp_path / "first.xlsx", {"Sheet1": [HEADER, ["C1", "张三", 1], ["C3", "王五", 1],
                                                                          ["C9", "赵六", 1]]}))
    summary = run_import(db_path, split_workbook(tmp_path), full=True)
    assert summary.inactivated == 1
    assert customers(db_path, "customer_id, active") == [("C1", 1), ("C2", 1), ("C3", 1), ("C9", 0)]


def holdings_workbook(tmp_path):
    return workbook(tmp_path / "holdings.xlsx", {
        "客户": [HEADER, ["C1", "张三", 100]],
        "持仓": [["客户号", "姓名", "产品类型", "到期日"], ["C1", "张三", "定期", "2026-12-01"]],
        "万元": [["客户号", "姓名", "资产余额(万元)"], ["C2", "李四", 3]],   # the same fields in other units
    })


def test_sheets_under_another_header_are_named_not_read(tmp_path, db_path):
    summary = run_import(db_path, holdings_workbook(tmp_path))
    assert customers(db_path) == [("C1", "张三")] and "sheet 客户" in summary.notes
    noted = [note for note in summary.notes if "NOT read" in note]
    assert len(noted) == 1 and "持仓, 万元" in noted[0]


def test_full_is_refused_when_a_sheet_under_another_header_is_not_read(tmp_path, db_path):
    run_import(db_path, workbook(tmp_path / "first.xlsx", {"Sheet1": [HEADER, ["C9", "赵六", 1]]}))
    with pytest.raises(WorkbenchError, match=r"sheet\(s\) 持仓, 万元 under a header unlike the first"):
        run_import(db_path, holdings_workbook(tmp_path), full=True)
    assert customers(db_path, "customer_id, active") == [("C9", 1)]   # nothing inactivated, nothing added


def test_the_cli_refuses_full_in_one_sentence(cli, db_path, tmp_path):
    result = cli("--db", db_path, "import", "customers", "--full", holdings_workbook(tmp_path))
    assert result.exit_code != 0 and "Traceback" not in result.stderr + result.stdout
    assert "so --full would inactivate any customers only they list; import a copy without them" in result.stderr
    assert customers(db_path) == []


def test_the_reader_process_reads_every_sheet_too(tmp_path, db_path):
    book = workbook(tmp_path / "worker.xlsx", {
        "A": [HEADER, *[[f"A{i:03}", "张三", i] for i in range(300)]],
        "B": [["资产余额", "客户号", "姓名"], *[[i, f"B{i:03}", "李四"] for i in range(300)], [1, "A000", "重复"]],
    })
    summary = run_import(db_path, book, workers=1, batch_size=64)
    assert summary.inserted == 600 and summary.rejected == 1
    assert customers(db_path, "customer_id, aum_fen")[-1] == ("B299", 29900)
    assert reject_rows(book)[1][:2] == ["B", "302"]


def test_progress_ends_at_the_size_of_every_sheet_read(tmp_path):
    source = open_source(split_workbook(tmp_path), encoding=None, delimiter=None, overrides={})
    try:
        assert [number for number, _ in source.rows] == [3, 4, SHEET_ROWS + 2]
        assert source.position() == source.size > 0
    finally:
        source.close()


def test_sheet_row_names_the_sheet_and_its_row():
    sheets = ["营业部", "浦东支行", "徐汇支行"]
    assert sheet_row(7, sheets) == ("营业部", 7)
    assert sheet_row(2 * SHEET_ROWS + 1_048_576, sheets) == ("徐汇支行", 1_048_576)


def test_workbooks_read_whole_by_calamine_read_every_sheet_too(tmp_path):
    """.xls, .xlsb and .ods go through calamine (here .xlsx files made to)."""
    from workbench.importing.sources import _open_calamine

    source = _open_calamine(split_workbook(tmp_path), {})
    try:
        assert source.sheets == ["营业部", "浦东支行"] and source.other_sheets == []
        assert list(source.rows) == [(3, ["C1", "张三", 100.0]), (4, ["C2", "李四", 200.0]),
                                     (SHEET_ROWS + 2, ["C3", "王五", 300.0])]
        assert source.position() == source.size
    finally:
        source.close()
    source = _open_calamine(holdings_workbook(tmp_path), {})
    try:
        assert source.sheets == ["客户"] and source.other_sheets == ["持仓", "万元"]
    finally:
        source.close()


def damaged(tmp_path, cut: float):
    """A workbook whose second sheet's XML (200 rows) is cut short at a fraction of its length."""
    import zipfile

    whole = workbook(tmp_path / "whole.xlsx", {"营业部": [HEADER, ["C1", "张三", 100], ["C2", "李四", 200]],
                                                "浦东支行": [HEADER, *[[f"P{i}", "王五", i] for i in range(200)]]})
    broken = tmp_path / f"broken{cut}.xlsx"
    with zipfile.ZipFile(whole) as src, zipfile.ZipFile(broken, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = data[: int(len(data) * cut)]
            out.writestr(item, data)
    return broken


def test_a_later_sheet_that_cannot_be_read_is_named_and_skipped(tmp_path, db_path):
    """The look at the other sheets never stops an import that reads its own sheet fine; it says which
    sheet it could not read, and refuses --full, which would inactivate whoever that sheet lists."""
    book = damaged(tmp_path, 0.005)   # cut inside the XML's first tag
    summary = run_import(db_path, book)
    assert summary.inserted == 2 and "sheet 营业部" in summary.notes
    assert [note for note in summary.notes if "浦东支行 cannot be read" in note]
    with pytest.raises(WorkbenchError, match=r"sheet\(s\) 浦东支行 cannot be read, so --full would"):
        run_import(db_path, damaged(tmp_path, 0.004), full=True)


def test_a_sheet_being_imported_that_is_damaged_part_way_changes_nothing(tmp_path, db_path):
    book = damaged(tmp_path, 0.5)
    with pytest.raises(WorkbenchError, match=r"broken0.5.xlsx \(sheet 浦东支行\) is damaged after row 10\d "
                                             r"\(its XML ends before </sheetData>\)"):
        run_import(db_path, book)
    assert customers(db_path) == [] and not reject_path(book).exists()


def test_a_first_sheet_damaged_before_its_header_is_named(tmp_path, db_path):
    import zipfile

    whole = workbook(tmp_path / "whole.xlsx", {"A": [HEADER, ["C1", "张三", 1]]})
    broken = tmp_path / "cut.xlsx"
    with zipfile.ZipFile(whole) as src, zipfile.ZipFile(broken, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            out.writestr(item, data[:40] if item.filename == "xl/worksheets/sheet1.xml" else data)
    with pytest.raises(WorkbenchError, match=r"^cut.xlsx \(sheet A\) is damaged; ask for the file again.$"):
        run_import(db_path, broken)
    # With a good sheet after it, that sheet is imported and the damaged one named.
    whole = workbook(tmp_path / "whole2.xlsx", {"A": [HEADER, ["C1", "张三", 1]], "B": [HEADER, ["C2", "李四", 2]]})
    with zipfile.ZipFile(whole) as src, zipfile.ZipFile(broken, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            out.writestr(item, data[:40] if item.filename == "xl/worksheets/sheet1.xml" else data)
    summary = run_import(db_path, broken)
    assert customers(db_path) == [("C2", "李四")] and "sheet B" in summary.notes
    assert [note for note in summary.notes if "sheet(s) A cannot be read" in note]


def hidden_workbook(tmp_path, *, visible_rows: bool = True):
    """A hidden copy of old data before the visible sheet: what Excel shows is the extract."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    stale = book.create_sheet("备份")
    for row in [HEADER, ["C1", "张三(旧)", 1], ["C8", "旧客户", 1]]:
        stale.append(row)
    stale.sheet_state = "hidden"
    shown = book.create_sheet("客户")
    for row in [HEADER, ["C1", "张三", 100], ["C2", "李四", 200]] if visible_rows else [["说明"], ["无"]]:
        shown.append(row)
    path = tmp_path / ("hidden.xlsx" if visible_rows else "only_hidden.xlsx")
    book.save(path)
    return path


def test_a_hidden_sheet_is_not_read_and_is_named(tmp_path, db_path):
    summary = run_import(db_path, hidden_workbook(tmp_path))
    assert customers(db_path) == [("C1", "张三"), ("C2", "李四")] and summary.rejected == 0
    assert "sheet 客户" in summary.notes
    assert [note for note in summary.notes if "备份 list customers but are hidden in Excel, and were NOT read" in note]


def test_customers_only_on_hidden_sheets_is_one_sentence(cli, tmp_path, db_path):
    result = cli("--db", db_path, "import", "customers", hidden_workbook(tmp_path, visible_rows=False))
    assert result.exit_code != 0 and "Traceback" not in result.stderr + result.stdout
    assert "lists customers only on hidden sheets (备份); unhide them in Excel" in result.stderr
    assert customers(db_path) == []


def test_calamine_leaves_hidden_sheets_out_too(tmp_path):
    from workbench.importing.sources import _open_calamine

    source = _open_calamine(hidden_workbook(tmp_path), {})
    try:
        assert source.sheets == ["客户"] and source.hidden_sheets == ["备份"]
        assert [cells[0] for _, cells in source.rows] == ["C1", "C2"]
    finally:
        source.close()
    with pytest.raises(WorkbenchError, match=r"only on hidden sheets \(备份\)"):
        _open_calamine(hidden_workbook(tmp_path, visible_rows=False), {})


def test_rival_columns_on_a_later_sheet_are_refused_like_the_first_sheet_s(db_path, tmp_path):
    """A later sheet read with the first carries two aum columns: asking which, before anything is written,
    holds for it too, since its rows would otherwise take whichever came first."""
    path = workbook(tmp_path / "two.xlsx", {
        "一部": [HEADER, ["A1", "甲", 100]],
        "二部": [["客户号", "姓名", "资产余额(2024年末)", "资产余额(当前)"], ["B1", "乙", 5, 7]],
    })
    with pytest.raises(WorkbenchError, match=r"could be aum .*'资产余额\(2024年末\)', '资产余额\(当前\)'"):
        run_import(db_path, path)
    assert customers(db_path) == []
