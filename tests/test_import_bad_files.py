"""Files that cannot be read at all: one clear sentence, nothing written; bad rows go to the reject report."""

import zipfile

import pytest

from tests.import_support import NOW, customers, run_import, write_csv, write_xlsx
from workbench.db import open_db
from workbench.errors import WorkbenchError
from workbench.importing import ImportOptions, import_customers


@pytest.mark.parametrize("name, content, message", [
    ("empty.csv", b"", "is empty"),
    ("blank.csv", b"\r\n\r\n  \r\n", "is empty"),
    ("binary.csv", bytes(range(256)) * 8, "looks like a binary file"),
    ("fake.xlsx", "客户号,姓名\nC1,张三\n".encode(), "named like an Excel workbook but is not one"),
    ("header.csv", "a,b,c\n1,2,3\n".encode(),
     r"no usable header: no column for customer_id \(e.g. 客户号\) and name \(e.g. 姓名\) among a, b, c"),
    ("no_name.csv", "客户号,手机号\nC1,13812345678\n".encode(), r"no column for name \(e.g. 姓名\) among 客户号, 手机号;"),
])
def test_unreadable_files(db_path, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(WorkbenchError, match=message):
        run_import(db_path, path)
    assert customers(db_path) == [] and not (tmp_path / f"{name}.rejects.csv").exists()


def test_missing_file_and_a_zip_that_is_not_a_workbook(db_path, tmp_path):
    with pytest.raises(WorkbenchError, match="There is no file"):
        run_import(db_path, tmp_path / "nope.csv")
    path = tmp_path / "other.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "not a workbook")
    with pytest.raises(WorkbenchError, match="cannot be opened as an Excel workbook"):
        run_import(db_path, path)


def test_ragged_rows_and_formula_cells(db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [
        ["客户号", "姓名", "标签"], ["C1", "=HYPERLINK(\"http://x\")", "+vip"], ["C2", "李四"],
        ["C3", "王五", "a", "extra"], ["C4", "赵六", "b", "", ""], ["", "", ""], ["C5", "-1+1", "@x"]])
    summary = run_import(db_path, path)
    assert (summary.inserted, summary.rejected, summary.blank_rows) == (3, 2, 1)
    assert customers(db_path, "customer_id, name, tags") == [
        ("C1", '=HYPERLINK("http://x")', "+vip"), ("C4", "赵六", "b"), ("C5", "-1+1", "@x")]
    report = summary.reject_file.read_bytes()
    assert report.startswith(b"\xef\xbb\xbf")
    text = report.decode("utf-8-sig")
    assert "3,the row has 2 cells but the header has 3,C2,李四" in text
    assert "4,the row has 4 cells but the header has 3,C3,王五,a,extra" in text


def test_formula_cells_are_neutralised_in_the_reject_report(db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["客户号", "姓名", "资产余额"], ["=1+1", "=cmd|' /C calc'!A0", "-5"],
                                          ["C9", "张九", "5"]])   # one row accepted: the file is imported
    text = run_import(db_path, path).reject_file.read_text(encoding="utf-8-sig")
    assert "'=1+1" in text and "'=cmd|' /C calc'!A0" in text and ",'-5" in text


def test_missing_id_or_name_rejects_the_row(db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["客户号", "姓名"], ["", "张三"], ["C2", ""], ["C3", "王五"]])
    summary = run_import(db_path, path)
    assert summary.rejected == 2 and customers(db_path) == [("C3", "王五")]
    text = summary.reject_file.read_text(encoding="utf-8-sig")
    assert "2,no customer number" in text and "3,no name" in text


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_totals_line_under_the_rows_is_named_as_such(db_path, tmp_path, kind):
    """A report's 合计 / Total line is not a customer: rejected, with a reason that says so (and a
    customer whose number or name merely contains such a word is imported)."""
    rows = [["客户号", "姓名", "资产余额"], ["C1", "张合计", "100"], ["C2总计", "李四", "200"],
            ["合计", "", 300 if kind == "xlsx" else "300"], ["", "Total:", "300"], ["", "", ""]]
    write = write_xlsx if kind == "xlsx" else write_csv
    summary = run_import(db_path, write(tmp_path / f"x.{kind}", rows))
    assert summary.rejected == 2 and customers(db_path) == [("C1", "张合计"), ("C2总计", "李四")]
    text = summary.reject_file.read_text(encoding="utf-8-sig")
    assert '4,"a totals row (合计), not a customer"' in text and '5,"a totals row (Total:), not a customer"' in text


@pytest.mark.parametrize("workers", [0, 1])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_totals_label_rejects_its_row_whatever_the_name_cell_holds(db_path, tmp_path, kind, workers):
    """合计 | 1200户 | … under the rows (a count where the name is), or 总计 in a first column before the
    customer number: a totals row, never a customer holding the sheet's whole AUM; in process or read
    by the reader process alike."""
    rows = [["序号", "客户号", "客户姓名", "资产余额"], ["1", "620199000001", "张三", "1000"],
            ["2", "620199000002", "张合计", "10"], ["", "合计", "2户", "1010"], ["", "Total", "2 customers", "1010"],
            ["总计：", "1200", "共1200户", "1010"], [" 小计", "", "城西支行", "1010"]]
    if kind == "xlsx":
        rows[1:] = [[cell if i != 3 else float(cell) for i, cell in enumerate(row)] for row in rows[1:]]
    write = write_xlsx if kind == "xlsx" else write_csv
    summary = run_import(db_path, write(tmp_path / f"x.{kind}", rows), workers=workers)
    assert (summary.inserted, summary.rejected) == (2, 4)
    assert customers(db_path) == [("620199000001", "张三"), ("620199000002", "张合计")]
    text = summary.reject_file.read_text(encoding="utf-8-sig")
    for line, label in ((4, "合计"), (5, "Total"), (6, "总计："), (7, "小计")):
        assert f'{line},"a totals row ({label}), not a customer"' in text


@pytest.mark.parametrize("workers", [0, 1])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_name_that_begins_with_an_english_totals_word_is_a_customer(db_path, tmp_path, kind, workers):
    """Sum is how Hong Kong spells 岑: with the name in the first column, "Sum Ka Yan" was taken for a totals row.
    An English label is one when it stands alone or before a number or a colon."""
    rows = [["姓名", "客户号", "资产余额"], ["Sum Ka Yan", "C1", "100"], ["Total Wong", "C2", "100"],
            ["Total", "", "200"], ["SUM:", "", "200"], ["Totals 2", "", "200"]]
    write = write_xlsx if kind == "xlsx" else write_csv
    summary = run_import(db_path, write(tmp_path / f"x.{kind}", rows), workers=workers)
    assert (summary.inserted, summary.rejected) == (2, 3)
    assert customers(db_path) == [("C1", "Sum Ka Yan"), ("C2", "Total Wong")]


@pytest.mark.parametrize("kind", ["csv", "csv read row by row", "xlsx"])
def test_the_header_again_is_not_a_customer(db_path, tmp_path, kind):
    """Files joined into one (cat a.csv b.csv) repeat the header line: it is rejected as the header,
    never imported as a customer numbered 客户号 named 姓名 (before, its cells were all valid text)."""
    rows = [["客户号", "姓名", "标签"], ["C1", "张三", "理财"], ["客户号", " 姓名 ", "标签"], ["C2", "李四", "基金"]]
    if kind == "csv read row by row":   # a line break inside a cell: the block is read by the csv module
        rows[1][1] = "张\n三"
    write = write_xlsx if kind == "xlsx" else write_csv
    summary = run_import(db_path, write(tmp_path / ("x.xlsx" if kind == "xlsx" else "x.csv"), rows))
    # (a line break in a name rejects that row too)
    assert [c for c, _ in customers(db_path)] == (["C2"] if kind == "csv read row by row" else ["C1", "C2"])
    text = summary.reject_file.read_text(encoding="utf-8-sig")
    assert '"the header again (files joined into one?), not a customer",客户号' in text


def test_a_customer_number_excel_has_rounded_is_rejected(db_path, tmp_path):
    """A CSV saved from Excel holds 1.23457E+17 where the number was; a number cell of 16 digits or
    more has lost its last digits. Either would store a wrong customer number, so the row is rejected
    with what to do; codes that merely hold an E are imported."""
    csv_file = write_csv(tmp_path / "x.csv", [["客户号", "姓名"], ["1.23457E+17", "张三"], ["6E+11", "李四"],
                                              ["3E0001", "王五"], ["1E+5", "赵六"], ["C1", "钱七"]])
    summary = run_import(db_path, csv_file)
    assert summary.rejected == 2 and [c for c, _ in customers(db_path)] == ["1E+5", "3E0001", "C1"]
    text = summary.reject_file.read_text(encoding="utf-8-sig")
    assert '2,"客户号 1.23457E+17 is how Excel shows a long number, not the number itself; format the column as text' in text
    assert '3,"客户号 6E+11 is how Excel shows' in text

    book = write_xlsx(tmp_path / "x.xlsx", [["客户号", "姓名", "身份证号"], [123456789012345000, "孙八", ""],
                                           [999999999999999, "周九", 110105194912310000], ["C2", "吴十", ""]])
    summary = run_import(db_path, book)
    assert summary.rejected == 1 and summary.inserted == 2
    assert '2,"客户号 123456789012345000 was saved as a number, of which Excel keeps only 15 digits' in \
        summary.reject_file.read_text(encoding="utf-8-sig")
    # A resident ID saved as a number keeps its birthday digits, not the gender digit.
    people = {c: (b, g) for c, b, g in customers(db_path, "customer_id, birthday, gender")}
    assert people["999999999999999"] == ("1949-12-31", None) and people["C2"] == (None, None)


def test_a_note_under_the_table_is_named_as_such(db_path, tmp_path):
    """制表人：张三 and 导出时间：... under an exported report's rows are notes, not customers without a
    name; a customer whose name holds a colon further on is imported."""
    rows = [["客户号", "姓名"], ["C1", "张三"], ["C2", "李四:VIP"], ["制表人：张三", ""], ["导出时间: 2026-11-20 10:00", ""],
            ["", "注：余额单位为元"], ["C3", ""]]
    summary = run_import(db_path, write_csv(tmp_path / "x.csv", rows))
    assert summary.rejected == 4 and customers(db_path) == [("C1", "张三"), ("C2", "李四:VIP")]
    text = summary.reject_file.read_text(encoding="utf-8-sig")
    assert '4,"a note under the table (制表人：张三), not a customer"' in text
    assert '5,"a note under the table (导出时间: 2026-11-20 10:00), not a customer"' in text
    assert '6,"a note under the table (注：余额单位为元), not a customer"' in text and "7,no name" in text


def test_interrupted_import_leaves_the_database_as_before(db_path, tmp_path):
    rows = [["客户号", "姓名", "客户经理号"]] + [[f"C{i}", "张三", "M9"] for i in range(50)]
    path = write_csv(tmp_path / "x.csv", rows)

    def interrupt(step, done, total):
        raise KeyboardInterrupt

    db = open_db(db_path)
    with pytest.raises(KeyboardInterrupt):
        import_customers(db.conn, path, options=ImportOptions(batch_size=10), now=NOW, progress=interrupt)
    assert not db.conn.in_transaction
    for table in ("customers", "staff", "import_log", "audit_log"):
        assert db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    db.close()


def test_stale_reject_report_is_removed_after_a_clean_import(db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["客户号", "姓名"], ["C1", ""], ["C2", "李四"]])
    assert run_import(db_path, path).reject_file.exists()
    write_csv(path, [["客户号", "姓名"], ["C1", "张三"]])
    assert run_import(db_path, path).reject_file is None and not (tmp_path / "x.csv.rejects.csv").exists()
