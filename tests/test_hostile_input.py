"""Hostile files and naughty strings: each file gives one clear sentence or imports; no traceback, no
half-written data; every accepted string comes back byte for byte from the database and the exports."""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest

from tests.hostile import NAUGHTY, NAUGHTY_NAMES, count, hostile_corpus, integrity, rows_to_csv, run_workbench, table_digest
from workbench.sync.cells import restore

CORPUS = hostile_corpus()
REFUSED = {
    "random_bytes.csv": "looks like a binary file",
    "bom_only.csv": "is empty",
    "gbk_said_utf8.csv": "is not valid utf-8 text near line 1",
    "utf8_then_gbk.csv": "is not valid utf-8 text near line", "unknown_encoding.csv": "Unknown encoding",
    "two_char_delimiter.csv": "must be one character", "one_mb_field.csv": "field larger than field limit",
    "one_mb_quoted_field.csv": "field larger than field limit", "only_delimiters.csv": "no usable header",
    "escapes_in_header.csv": "no usable header",
    "text.xlsx": "named like an Excel workbook", "html.xlsx": "named like an Excel workbook",
    "zip_of_text.xlsx": "cannot be opened as an Excel workbook", "zip_of_csv.xlsx": "cannot be opened as an Excel workbook",
    "truncated.xlsx": "cannot be opened as an Excel workbook", "zip_header_then_junk.xlsx": "cannot be opened",
    "ole_header_then_junk.xls": "cannot be opened as an Excel workbook",
    # Files of one row, rejected: nothing is imported, and the reject report says why.
    "unbalanced_quote.csv": "Nothing was imported", "nul_early.csv": "Nothing was imported",
    "ten_thousand_cells_in_a_row.csv": "Nothing was imported",
}
IMPORTED = {   # what must come in, as (customer_id, name) in id order
    "mixed_line_endings.csv": [("C1", "张三"), ("C2", "李四"), ("C3", "王五"), ("C4", "赵六"), ("C5", "钱七")],
    "ten_thousand_columns.csv": [("C1", "张三")], "utf16_with_bom.csv": [("C1", "张三")],
    "utf16_without_bom.csv": [("C1", "张三")],   # every other byte zero: UTF-16LE, as one with its mark
    "shift_jis.csv": [("C1", "山田太郎")], "duplicate_header.csv": [("C1", "张三")],
    "header_only.csv": [],
}


@pytest.fixture(autouse=True)
def _tracebacks_fail_the_test(monkeypatch):
    # Anything but a WorkbenchError escapes main() as itself, so an unexpected crash fails loudly here.
    monkeypatch.setenv("WORKBENCH_DEBUG", "1")


def db_state(db) -> tuple:
    conn = sqlite3.connect(str(db))
    try:
        return table_digest(conn, "customers", "customer_id"), count(conn, "import_log"), count(conn, "staff")
    finally:
        conn.close()


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_hostile_file_is_refused_in_one_sentence_or_imported(cli, db_path, tmp_path, name):
    content, options = CORPUS[name]
    path = tmp_path / name
    path.write_bytes(content)
    before = db_state(db_path)
    result = cli("--db", db_path, "import", "customers", path, *options)
    assert integrity(db_path) == "ok"
    if result.exit_code != 0:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
        assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
        assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
        assert db_state(db_path) == before, "a refused file changed the database"
    else:
        assert count_imports(db_path) == 1 and "Recorded as customer extract import #1." in result.stdout
    if name in REFUSED:
        assert result.exit_code == 2 and REFUSED[name] in result.stderr
    if name in IMPORTED:
        assert result.exit_code == 0 and customers(db_path) == IMPORTED[name]


@pytest.mark.parametrize("name", ["random_bytes.csv", "truncated.xlsx", "utf8_then_gbk.csv"])
def test_the_real_process_prints_one_line_and_no_traceback(db_path, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(CORPUS[name][0])
    result = run_workbench(db_path, "import", "customers", path, user=None)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"error: {name} ")
    assert "Traceback" not in result.stderr


def test_a_row_of_ten_thousand_cells_goes_to_the_reject_report(cli, db_path, tmp_path):
    content, _options = CORPUS["ten_thousand_cells_in_a_row.csv"]
    (tmp_path / "wide.csv").write_bytes(content)
    result = cli("--db", db_path, "import", "customers", tmp_path / "wide.csv")
    assert result.exit_code == 2 and "its one row was rejected" in result.stderr
    report = (tmp_path / "wide.csv.rejects.csv").read_text(encoding="utf-8-sig")
    assert "the row has 10000 cells but the header has 2" in report


def customers(db) -> list[tuple]:
    conn = sqlite3.connect(str(db))
    try:
        return conn.execute("SELECT customer_id, name FROM customers ORDER BY customer_id").fetchall()
    finally:
        conn.close()


def count_imports(db) -> int:
    conn = sqlite3.connect(str(db))
    try:
        return count(conn, "import_log")
    finally:
        conn.close()


def naughty_extract(path):
    rows = [["客户号", "姓名", "手机号", "客户经理号", "所属机构", "资产余额", "最近交易日期"]]
    rows += [[f"N{i:03d}", text, f"1380013{i:04d}", "M001", "B100", "500000.00", "2024-01-15"]
             for i, text in enumerate(NAUGHTY_NAMES)]
    path.write_bytes(rows_to_csv(rows))
    return path


def test_naughty_strings_come_back_byte_for_byte(cli, db_path, tmp_path):
    result = cli("--db", db_path, "import", "customers", naughty_extract(tmp_path / "naughty.csv"))
    assert result.exit_code == 0, result.stderr
    assert [name for _id, name in customers(db_path)] == NAUGHTY_NAMES

    ids = []
    for i, text in enumerate(NAUGHTY):
        customer = f"N{i % len(NAUGHTY_NAMES):03d}"
        logged = cli("--db", db_path, "--user", "M001", "log", "--customer", customer, "--result", "reached",
                     "--outcome", "interested", "--note", text, "--json")
        assert logged.exit_code == 0, (text, logged.stderr)
        ids.append(json.loads(logged.stdout)["outcome_id"])
    conn = sqlite3.connect(str(db_path))
    notes = dict(conn.execute("SELECT outcome_id, note FROM outcomes"))
    conn.close()
    assert [notes[i] for i in ids] == NAUGHTY

    for fmt in ("csv", "jsonl", "xlsx"):
        out = tmp_path / f"outcomes.{fmt}"
        exported = cli("--db", db_path, "--user", "M001", "export", "outcomes", "--format", fmt, "--out", out)
        assert exported.exit_code == 0, exported.stderr
        if fmt == "csv":
            with open(out, encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.DictReader(fh))
            # Formula-looking cells carry one leading apostrophe; restore() gives the original back.
            got = {restore(r["Outcome id"]): (restore(r["Customer name"]), restore(r["Note"])) for r in rows}
            assert any(r["Note"] == "'=cmd|' /C calc'!A0" for r in rows)
        elif fmt == "xlsx":
            from python_calamine import CalamineWorkbook

            header, *rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
            col = {title: header.index(title) for title in ("Outcome id", "Customer name", "Note")}
            got = {r[col["Outcome id"]]: (r[col["Customer name"]], r[col["Note"]]) for r in rows}
        else:
            lines = out.read_text(encoding="utf-8").splitlines()
            got = {r["outcome_id"]: (r["customer_name"], r["note"]) for r in map(json.loads, lines)}
        assert [got[i] for i in ids] == [(NAUGHTY_NAMES[i % len(NAUGHTY_NAMES)], text) for i, text in enumerate(NAUGHTY)]


def test_naughty_names_on_the_call_list(cli, db_path, tmp_path):
    assert cli("--db", db_path, "import", "customers", naughty_extract(tmp_path / "naughty.csv")).exit_code == 0
    listed = cli("--db", db_path, "calllist", "--manager", "M001", "--limit", "100", "--json")
    assert listed.exit_code == 0, listed.stderr
    names = {e["customer_id"]: e["name"] for e in json.loads(listed.stdout)}
    assert len(names) >= len(NAUGHTY_NAMES) // 2
    assert all(names[cid] == NAUGHTY_NAMES[int(cid[1:])] for cid in names)
    table = cli("--db", db_path, "calllist", "--manager", "M001", "--limit", "100")
    assert table.exit_code == 0, table.stderr
    assert "[link=http://x]y[/link]" in table.stdout     # markup in a name is shown, never interpreted


def test_naughty_names_from_an_excel_workbook(cli, db_path, tmp_path):
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # XML cannot hold most control characters.
    kept = [t for t in NAUGHTY_NAMES if not ILLEGAL_CHARACTERS_RE.search(t)]
    book = Workbook()
    book.active.append(["客户号", "姓名"])
    for i, text in enumerate(kept, start=2):
        book.active.cell(i, 1, f"X{i:03d}")
        book.active.cell(i, 2, text).data_type = "s"     # '=cmd...' is text here, not a formula
    book.save(tmp_path / "naughty.xlsx")
    result = cli("--db", db_path, "import", "customers", tmp_path / "naughty.xlsx")
    assert result.exit_code == 0, result.stderr
    assert [name for _id, name in customers(db_path)] == kept


def test_excel_booleans_and_times_in_number_and_date_columns_are_rejected_rows(cli, db_path, tmp_path):
    from datetime import time, timedelta

    from tests.hostile import write_typed_xlsx

    write_typed_xlsx(tmp_path / "typed.xlsx", [
        ["客户号", "姓名", "资产余额", "近12个月交易次数", "最近交易日期"],
        ["C1", "张三", True, 3, "2025-01-15"],
        ["C2", "李四", 100, False, "2025-01-15"],
        ["C3", "王五", 100, 3, time(9, 30)],
        ["C4", "赵六", 100, 3, timedelta(hours=30)],
        ["C5", "钱七", 100, 3, "2025-01-15"],
    ])
    result = cli("--db", db_path, "import", "customers", tmp_path / "typed.xlsx")
    assert result.exit_code == 0, result.stderr
    assert customers(db_path) == [("C5", "钱七")]
    report = (tmp_path / "typed.xlsx.rejects.csv").read_text(encoding="utf-8-sig")
    assert "'True' is not an amount" in report and "近12个月交易次数: 'False' is not a count" in report
    assert "'09:30:00' is not a date" in report


def test_absurdly_large_amounts_and_counts_are_rejected_rows(cli, db_path, tmp_path):
    path = tmp_path / "large.csv"
    path.write_bytes(rows_to_csv([
        ["客户号", "姓名", "资产余额", "近12个月交易次数"],
        ["C1", "张三", "1E26", "1"],                      # past what Decimal rounds at 28 digits
        ["C2", "李四", "99999999999999999999", "1"],      # past SQLite's 64-bit integers as fen
        ["C3", "王五", "1", "99999999999999999999"],
        ["C4", "赵六", "12345678901234567.89", "0000000012"],
        ["C5", "钱七", "999999999999999.99", "1000000000"],
    ]))
    result = cli("--db", db_path, "import", "customers", path)
    assert result.exit_code == 0, result.stderr
    conn = sqlite3.connect(str(db_path))
    assert conn.execute("SELECT customer_id, aum_fen, activity_count_12m FROM customers").fetchall() == [
        ("C5", 99999999999999999, 1000000000)]
    conn.close()
    report = (tmp_path / "large.csv.rejects.csv").read_text(encoding="utf-8-sig")
    assert report.count("is too large") == 3 and "99999999999999999999' is not a count" in report


@pytest.mark.parametrize("name", ["nul_early.csv", "nul_late.csv"])
def test_a_nul_in_a_name_rejects_its_row_wherever_it_is(cli, db_path, tmp_path, name):
    # Within the first 256 KiB (the sniffed sample) or past them, one damaged cell costs its row, not the file.
    content, _options = CORPUS[name]
    (tmp_path / name).write_bytes(content)
    result = cli("--db", db_path, "import", "customers", tmp_path / name)
    # nul_early.csv has that row alone: nothing imported, the file refused; nul_late.csv's other rows come in.
    assert (result.exit_code, "rejected 1." in result.stdout) == ((2, False) if name == "nul_early.csv" else (0, True))
    assert all(c not in customers(db_path) for c in [("C1", "张三"), ("C9", "张三")])
    assert all("\x00" not in n for _i, n in customers(db_path))
    report = (tmp_path / f"{name}.rejects.csv").read_text(encoding="utf-8-sig")
    assert "a NUL character in the customer number or name, shown here as \ufffd" in report
    assert ",张\ufffd三\n" in report and "\x00" not in report   # the report shows the NUL as a visible mark


def test_an_unbalanced_quote_cannot_swallow_rows_silently(cli, db_path, tmp_path):
    (tmp_path / "quote.csv").write_bytes(CORPUS["unbalanced_quote.csv"][0])
    result = cli("--db", db_path, "import", "customers", tmp_path / "quote.csv")
    assert result.exit_code == 2 and "its one row was rejected" in result.stderr and customers(db_path) == []
    report = (tmp_path / "quote.csv.rejects.csv").read_text(encoding="utf-8-sig")
    assert "an unclosed quote in row 2 takes in the row after it (3)" in report and "C2,李四" in report
