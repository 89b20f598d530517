"""Supervisor exports of the outcome log as real CSV, XLSX and JSONL files, read back and checked."""

from __future__ import annotations

import csv
import json
import re
import zipfile
from datetime import datetime, time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from sync_data import add_outcome, seed_branch, terminal_id
from workbench.access import get_staff
from workbench.db import open_db
from workbench.db.followups import append_event
from workbench.errors import WorkbenchError
from workbench.sync.cells import restore
from workbench.sync.export import COLUMNS, FOLLOWUP_STATUSES, OutcomeFilter, export_outcomes

NOW = datetime(2026, 11, 20, 18, 0, 0)
KEYS = [key for key, _title, _width in COLUMNS]
NASTY = '=HYPERLINK("http://evil","点我"),\n"quoted"\r\n-1'


@pytest.fixture
def week(db_path):
    db = open_db(db_path)
    conn = db.conn
    seed_branch(conn)
    conn.execute("BEGIN")
    oid = add_outcome(conn, "C000", "2026-11-17T09:15:00", business_outcome="call_back", reason="competitor",
                      note=NASTY, script_id="S1")
    append_event(conn, followup_id="F1", customer_id="C000", kind="created", at="2026-11-17T09:16:00",
                 terminal_id=terminal_id(conn), owner_id="M1", due_on="2026-11-24", slot="10:00", outcome_id=oid)
    add_outcome(conn, "C001", "2026-11-18T10:00:00", manager_id="M2", line_result="no_answer", note="@home")
    add_outcome(conn, "C002", "2026-11-10T10:00:00", line_result="busy")   # before the week
    conn.execute("COMMIT")
    db.close()
    return db_path


def _csv_rows(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")   # UTF-8 BOM, for Excel in China
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_csv_rows_labels_follow_up_masking_and_neutralisation(week, tmp_path, cli):
    out = tmp_path / "week.csv"
    r = cli("--db", week, "--user", "S1", "--lang", "zh_CN", "export", "outcomes", "--out", out,
            "--since", "2026-11-16", "--until", "2026-11-20")
    assert r.exit_code == 0, r.stderr
    rows = _csv_rows(out)
    assert rows[0][:5] == ["记录编号", "时间", "录入时间", "客户号", "客户姓名"]
    assert len(rows) == 3
    first = dict(zip(KEYS, rows[1]))
    assert first["customer_id"] == "C000" and first["customer_name"] == "客户0"
    assert first["phone"] == "138****0000" and first["manager_name"] == "李经理"
    assert (first["line_result"], first["line_result_label"]) == ("reached", "已接通")
    assert (first["business_outcome"], first["business_outcome_label"]) == ("call_back", "稍后回电")
    assert (first["reason"], first["reason_label"]) == ("competitor", "被他行挖走")
    assert first["note"] == "'" + NASTY and restore(first["note"]) == NASTY
    assert (first["followup_due_on"], first["followup_slot"], first["followup_status"]) == ("2026-11-24", "10:00", "open")
    assert first["followup_status_label"] == "待办"
    # Each column is headed in the export's words: business outcomes as the outcome form names them, not
    # the call list's key for logging one (登记).
    headed = dict(zip(KEYS, rows[0]))
    assert (headed["line_result_label"], headed["business_outcome"], headed["business_outcome_label"]) == (
        "通话结果", "业务结果代码", "业务结果")
    assert (headed["followup_status"], headed["followup_status_label"]) == ("跟进状态代码", "跟进状态")
    assert not [title for title in rows[0] if re.search("[A-Za-z]", title)]
    assert dict(zip(KEYS, rows[2]))["note"] == "'@home"
    with open_db(week) as db:
        action, detail = db.execute("SELECT action, detail FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert action == "export" and json.loads(detail)["rows"] == 2


def test_phone_needs_a_supervisor_and_managers_see_their_own_customers(week, tmp_path, cli):
    out = tmp_path / "o.csv"
    r = cli("--db", week, "--user", "M1", "export", "outcomes", "--out", out, "--include-phone")
    assert r.exit_code == 3 and "Only a supervisor may export full phone numbers" in r.stderr
    assert not out.exists()
    r = cli("--db", week, "--user", "M1", "export", "outcomes", "--out", out)
    assert r.exit_code == 0
    assert [row[3] for row in _csv_rows(out)[1:]] == ["C002", "C000"]   # M2's customer C001 is not there
    r = cli("--db", week, "--user", "S1", "export", "outcomes", "--out", out, "--include-phone", "--manager", "M2")
    assert r.exit_code == 0
    rows = _csv_rows(out)
    # Full numbers in E.164 start with '+', so they are neutralised like any formula-looking cell.
    assert len(rows) == 2 and rows[1][5] == "'+8613800000001" and restore(rows[1][5]) == "+8613800000001"
    r = cli("--db", week, "export", "outcomes", "--out", out)
    assert r.exit_code == 2 and "--user" in r.stderr


def test_xlsx_is_a_real_workbook(week, tmp_path, cli):
    out = tmp_path / "week.xlsx"
    r = cli("--db", week, "--user", "S1", "export", "outcomes", "--out", out, "--format", "xlsx")
    assert r.exit_code == 0, r.stderr
    book = CalamineWorkbook.from_path(str(out))
    assert book.sheet_names == ["Outcomes"]
    rows = book.get_sheet_by_name("Outcomes").to_python()
    assert rows[0][:4] == ["Outcome id", "Time", "Recorded at", "Customer number"]
    notes = [row[KEYS.index("note")] for row in rows[1:]]
    assert NASTY in notes and "@home" in notes   # kept as text, byte for byte, not as formulas
    with zipfile.ZipFile(out) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert re.search(r'<pane ySplit="1"[^>]*state="frozen"', sheet)
    assert "<f>" not in sheet   # no formula anywhere
    widths = _widths(sheet)
    assert widths["note"] > 40 and widths["at"] >= 20   # a time as yyyy-mm-dd hh:mm:ss shows whole


def _widths(sheet: str) -> dict[str, float]:
    """Each column's width by its key: each column has a <col> of its own (no span of several), which every reader
    gives that column (openpyxl gives a span's width to its first column alone)."""
    spans = [(int(a), int(b), float(w)) for a, b, w in re.findall(r'<col min="(\d+)" max="(\d+)" width="([\d.]+)"', sheet)]
    assert [(a, b) for a, b, _w in spans] == [(col, col) for col in range(1, len(COLUMNS) + 1)]
    return dict(zip(KEYS, (w for _a, _b, w in spans)))


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_xlsx_times_and_days_are_excel_dates_and_every_column_has_its_width(week, tmp_path, cli, lang):
    import openpyxl
    from rich.cells import cell_len

    with open_db(week) as db:   # a customer's text that reads as a time stays text
        db.conn.execute("BEGIN")
        add_outcome(db.conn, "C003", "2026-11-19T16:45:30", note="2026-11-20T10:00:00")
        db.conn.execute("UPDATE customers SET name = '2026-11-20' WHERE customer_id = 'C003'")
        db.conn.execute("COMMIT")
    out = tmp_path / "week.xlsx"
    r = cli("--db", week, "--user", "S1", "--lang", lang, "export", "outcomes", "--out", out)
    assert r.exit_code == 0, r.stderr
    sheet = openpyxl.load_workbook(out).worksheets[0]
    rows = {row[KEYS.index("customer_id")].value: {key: cell for key, cell in zip(KEYS, row)}
            for row in sheet.iter_rows(min_row=2)}
    called = rows["C000"]
    assert (called["at"].value, called["recorded_at"].value) == (datetime(2026, 11, 17, 9, 15),) * 2
    assert called["at"].number_format == called["recorded_at"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert (called["followup_due_on"].value, called["followup_due_on"].number_format) == (
        datetime(2026, 11, 24), "yyyy-mm-dd")
    assert (called["followup_slot"].value, called["followup_slot"].number_format) == (time(10, 0), "hh:mm")
    assert [rows[c]["at"].value for c in ("C002", "C000", "C001", "C003")] == sorted(
        row["at"].value for row in rows.values())
    other = rows["C003"]
    assert (other["note"].value, other["customer_name"].value) == ("2026-11-20T10:00:00", "2026-11-20")
    assert other["note"].data_type == other["customer_name"].data_type == "s"
    assert other["followup_due_on"].value is None and other["followup_slot"].value is None
    with zipfile.ZipFile(out) as zf:
        widths = _widths(zf.read("xl/worksheets/sheet1.xml").decode())
    for col, (key, title, _width) in enumerate(COLUMNS, start=1):
        # openpyxl's own reading of each column, and room for the header in the export's language
        assert sheet.column_dimensions[sheet.cell(1, col).column_letter].width == widths[key]
        assert widths[key] >= cell_len(sheet.cell(1, col).value) + 2, (key, title)


def test_a_stored_time_no_parser_reads_is_exported_as_the_text_it_is(week, tmp_path):
    with open_db(week) as db:
        db.conn.execute("BEGIN")
        add_outcome(db.conn, "C003", "2026-11-18T10:00:00+08:00")   # written by hand or by an old bug
        db.conn.execute("COMMIT")
        export_outcomes(db.conn, tmp_path / "odd.xlsx", staff=get_staff(db.conn, "S1"), now=NOW)
    rows = CalamineWorkbook.from_path(str(tmp_path / "odd.xlsx")).get_sheet_by_index(0).to_python()
    odd = next(dict(zip(KEYS, row)) for row in rows if row[KEYS.index("customer_id")] == "C003")
    assert (odd["at"], odd["recorded_at"]) == ("2026-11-18T10:00:00+08:00",) * 2


def test_a_chinese_workbook_names_its_sheet_for_the_outcome_log(week, tmp_path, cli):
    out = tmp_path / "week.xlsx"
    r = cli("--db", week, "--user", "S1", "--lang", "zh_CN", "export", "outcomes", "--out", out, "--format", "xlsx")
    assert r.exit_code == 0, r.stderr
    book = CalamineWorkbook.from_path(str(out))
    assert book.sheet_names == ["外呼记录"]
    rows = book.get_sheet_by_name("外呼记录").to_python()
    assert rows[0][KEYS.index("business_outcome_label")] == "业务结果"
    assert sorted(row[KEYS.index("followup_status_label")] for row in rows[1:]) == ["", "", "待办"]


def test_xlsx_rolls_over_to_a_second_sheet(week, tmp_path):
    with open_db(week) as db:
        staff = get_staff(db.conn, "S1")
        result = export_outcomes(db.conn, tmp_path / "r.xlsx", staff=staff, now=NOW, fmt="xlsx", rows_per_sheet=2)
    assert (result.rows, result.sheets) == (3, 2)
    book = CalamineWorkbook.from_path(str(tmp_path / "r.xlsx"))
    assert book.sheet_names == ["Outcomes", "Outcomes 2"]
    second = book.get_sheet_by_name("Outcomes 2").to_python()
    assert second[0][0] == "Outcome id" and len(second) == 2


def test_every_follow_up_status_has_a_label_in_both_languages():
    from workbench.i18n import pgettext

    with open_db(":memory:") as db:   # the statuses the followups table allows
        table = db.execute("SELECT sql FROM sqlite_master WHERE name = 'followups'").fetchone()[0]
    allowed = set(re.findall(r"'(\w+)'", table[table.index("status"):table.index(")", table.index("status IN"))]))
    assert allowed == set(FOLLOWUP_STATUSES) and len(allowed) == 4
    chinese = {pgettext("follow-up status", label, "zh_CN") for label in FOLLOWUP_STATUSES.values()}
    assert chinese == {"待办", "已改期", "已完成", "已取消"}


def test_jsonl_keeps_raw_values(week, tmp_path):
    with open_db(week) as db:
        result = export_outcomes(db.conn, tmp_path / "o.jsonl", staff=get_staff(db.conn, "S1"), now=NOW, fmt="jsonl",
                                 flt=OutcomeFilter(since="2026-11-17", until="2026-11-17"))
    lines = (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()
    assert result.rows == 1 and json.loads(lines[0])["note"] == NASTY
    assert json.loads(lines[0])["business_outcome"] == "call_back"
    assert (json.loads(lines[0])["followup_status"], json.loads(lines[0])["followup_status_label"]) == ("open", "Open")


def test_bad_options_are_one_sentence(week, tmp_path, cli):
    r = cli("--db", week, "--user", "S1", "export", "outcomes", "--out", tmp_path / "x", "--format", "pdf")
    assert r.exit_code == 2 and "Unknown export format 'pdf'" in r.stderr
    r = cli("--db", week, "--user", "S1", "export", "outcomes", "--out", tmp_path / "nowhere" / "x.csv")
    # Only the sentence: no blank line left by a progress bar that never showed (stderr is no terminal).
    assert (r.exit_code, r.stderr) == (2, f"error: The folder {tmp_path / 'nowhere'} does not exist.\n")
    r = cli("--db", week, "--user", "S1", "export", "outcomes", "--out", tmp_path / "x.csv", "--until", "20.11.2026")
    assert r.exit_code == 2 and "--until must be a date" in r.stderr
    r = cli("--db", week, "--user", "S1", "export", "outcomes", "--out", tmp_path / "x.csv", "--since", "2026-11-20",
            "--until", "2026-11-16")
    assert r.exit_code == 2 and r.stderr == ("error: --since (2026-11-20) is after --until (2026-11-16); give the first"
                                             " day first.\n")
    assert not list(tmp_path.glob("*.part")) and not (tmp_path / "x.csv").exists()


def test_an_overlong_cell_refuses_xlsx_and_leaves_no_file(week, tmp_path):
    with open_db(week) as db:
        db.conn.execute("BEGIN")
        add_outcome(db.conn, "C000", "2026-11-19T10:00:00", note="长" * 40_000)
        db.conn.execute("COMMIT")
        with pytest.raises(WorkbenchError, match="longer than the 32,767 characters"):
            export_outcomes(db.conn, tmp_path / "x.xlsx", staff=get_staff(db.conn, "S1"), now=NOW, fmt="xlsx")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("workbench.sqlite")) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=30), min_size=1, max_size=5))
def test_csv_round_trip_of_any_note(notes, tmp_path_factory):
    folder = tmp_path_factory.mktemp("rt")
    db = open_db(folder / "w.sqlite")
    seed_branch(db.conn)
    db.conn.execute("BEGIN")
    for i, note in enumerate(notes):
        add_outcome(db.conn, "C000", f"2026-11-17T09:{i:02d}:00", note=note)
    db.conn.execute("COMMIT")
    export_outcomes(db.conn, folder / "o.csv", staff=get_staff(db.conn, "S1"), now=NOW)
    db.close()
    rows = _csv_rows(folder / "o.csv")[1:]
    assert [restore(row[KEYS.index("note")]) for row in rows] == notes


def test_progress_is_reported_up_to_the_total(week, tmp_path):
    seen = []
    with open_db(week) as db:
        export_outcomes(db.conn, tmp_path / "p.csv", staff=get_staff(db.conn, "S1"), now=NOW,
                        progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (3, 3)


def test_an_export_clears_temporary_files_a_killed_export_left(week, tmp_path):
    import os
    import time

    out = tmp_path / "outcomes.csv"
    abandoned = tmp_path / ".outcomes.csv.k1ll3d.part"     # a writer killed an hour ago
    abandoned.write_text("half a file")
    os.utime(abandoned, (time.time() - 3600, time.time() - 3600))
    live = tmp_path / ".outcomes.csv.wr1t1ng.part"         # another export still writing
    live.write_text("in progress")
    other = tmp_path / ".report.csv.k1ll3d.part"            # some other file's: not ours
    other.write_text("x")
    os.utime(other, (time.time() - 3600, time.time() - 3600))
    with open_db(week) as db:
        export_outcomes(db.conn, out, staff=get_staff(db.conn, "S1"), now=NOW, fmt="csv")
    assert out.exists() and not abandoned.exists()
    assert live.exists() and other.exists()


def test_a_full_number_carries_its_extension_and_a_masked_one_does_not(week, tmp_path, cli):
    with open_db(week) as db:
        db.execute("UPDATE customers SET phone_ext = '8001' WHERE customer_id = 'C001'")
    out = tmp_path / "o.csv"
    assert cli("--db", week, "--user", "S1", "export", "outcomes", "--out", out, "--include-phone", "--manager", "M2").exit_code == 0
    assert restore(_csv_rows(out)[1][5]) == "+8613800000001;ext=8001"   # as a tel: URI writes it
    assert cli("--db", week, "--user", "S1", "export", "outcomes", "--out", out, "--manager", "M2").exit_code == 0
    assert _csv_rows(out)[1][5] == "138****0001"


def test_the_format_follows_the_file_name_and_a_mismatch_writes_nothing(week, tmp_path, cli):
    book = tmp_path / "y.xlsx"
    r = cli("--db", week, "--user", "S1", "export", "outcomes", "--out", book)
    assert r.exit_code == 0, r.stderr
    assert zipfile.is_zipfile(book)   # a workbook, not CSV text under an .xlsx name
    lines = tmp_path / "y.JSONL"
    assert cli("--db", week, "--user", "S1", "export", "outcomes", "--out", lines).exit_code == 0
    assert json.loads(lines.read_text(encoding="utf-8").splitlines()[0])["outcome_id"]
    for args, said in [
        (["--format", "xlsx", "--out", tmp_path / "y.csv"],
         "error: --format xlsx does not match y.csv, which names a csv file; end the name in .xlsx, or leave --format"
         " out.\n"),
        (["--out", tmp_path / "x.pdf"],
         "error: x.pdf does not end in .csv, .xlsx or .jsonl; name the file after the format to write.\n"),
    ]:
        r = cli("--db", week, "--user", "S1", "export", "outcomes", *args)
        assert (r.exit_code, r.stderr) == (2, said)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file() and not p.name.startswith(week.name)) == [
        "y.JSONL", "y.xlsx"]


def test_the_report_page_and_an_access_request_are_named_for_their_format(week, tmp_path, cli):
    r = cli("--db", week, "--user", "S1", "report", "--html", tmp_path / "week.pdf")
    assert (r.exit_code, r.stderr) == (2, "error: --html writes a file in HTML, so its name must end in .html / .htm;"
                                          " week.pdf does not.\n")
    r = cli("--db", week, "--user", "S1", "privacy", "export", "--customer", "C000", "--out", tmp_path / "c.txt")
    assert r.exit_code == 2 and "must end in .json; c.txt does not" in r.stderr
    assert not (tmp_path / "week.pdf").exists() and not (tmp_path / "c.txt").exists()


def test_the_script_is_given_by_its_title_beside_its_id(week, tmp_path, cli):
    with open_db(week) as db:
        db.conn.execute("BEGIN")
        add_outcome(db.conn, "C001", "2026-11-19T10:00:00", script_id="zh-wake-up")   # shipped with the table
        db.conn.execute("COMMIT")
    out = tmp_path / "week.csv"
    r = cli("--db", week, "--user", "S1", "--lang", "zh_CN", "export", "outcomes", "--out", out,
            "--since", "2026-11-16")
    assert r.exit_code == 0, r.stderr
    rows = _csv_rows(out)
    headed = dict(zip(KEYS, rows[0]))
    assert (headed["script_id"], headed["script_label"]) == ("话术编号", "话术")
    scripts = {(row["script_id"], row["script_label"]) for row in (dict(zip(KEYS, r)) for r in rows[1:])}
    assert ("zh-wake-up", "沉睡客户唤醒") in scripts
    assert ("S1", "S1") in scripts   # a script no longer held: its id, rather than nothing
    lines = tmp_path / "week.jsonl"
    assert cli("--db", week, "--user", "S1", "export", "outcomes", "--out", lines).exit_code == 0
    woken = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()
             if json.loads(line)["script_id"] == "zh-wake-up"]
    assert woken[0]["script_label"] == "沉睡客户唤醒"


def test_a_missed_call_that_moved_the_callback_shows_it_as_its_follow_up(db_path, tmp_path, cli):
    """An unanswered call booking its next try moves the pending callback (a 'rescheduled' event carrying the
    outcome's id) rather than creating one: the export still names the follow-up the call left."""
    with open_db(db_path) as db:
        seed_branch(db.conn)
    at = ("--now", "2026-11-20T10:00:00")
    assert cli("--db", db_path, *at, "--user", "M1", "followup", "add", "--customer", "C000", "--when", "today").exit_code == 0
    logged = cli("--db", db_path, *at, "--user", "M1", "log", "--customer", "C000", "--result", "no_answer",
                 "--follow-up", "2026-11-23")
    assert logged.exit_code == 0, logged.stderr
    out = tmp_path / "x.jsonl"
    assert cli("--db", db_path, *at, "--user", "S1", "export", "outcomes", "--out", out).exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["line_result"], r["followup_due_on"], r["followup_status"]) for r in rows] == [
        ("no_answer", "2026-11-23", "rescheduled")]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_first_day_after_today_without_a_last_day_is_refused_as_the_report_refuses_it(week, tmp_path, cli, lang):
    at = ("--db", week, "--now", "2026-11-20T10:00:00", "--user", "S1", "--lang", lang)
    out = tmp_path / "future.csv"
    refused = cli(*at, "export", "outcomes", "--out", out, "--since", "2026-11-21")
    report = cli(*at, "report", "--since", "2026-11-21")
    assert (refused.exit_code, refused.stdout) == (2, "") and refused.stderr == report.stderr
    assert "2026-11-21" in refused.stderr and "--until" in refused.stderr and not out.exists()
    # With a last day the days still to come may be asked for, and today alone is no future day.
    assert cli(*at, "export", "outcomes", "--out", out, "--since", "2026-11-21", "--until", "2026-11-30").exit_code == 0
    assert cli(*at, "export", "outcomes", "--out", out, "--since", "2026-11-20", "--force").exit_code == 0
    with open_db(week) as db:
        with pytest.raises(WorkbenchError, match=r"2026-11-21.*2026-11-20.*--until"):
            export_outcomes(db.conn, tmp_path / "api.csv", staff=get_staff(db.conn, "S1"), now=NOW,
                            flt=OutcomeFilter(since="2026-11-21"))
    assert not (tmp_path / "api.csv").exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_message_sent_with_no_reply_is_labelled_as_the_card_and_report_say_it(db_path, tmp_path, cli, fmt):
    """An SMS's no_answer is "sent, no reply" (codes.result_label), a call's "no answer", in the export's language."""
    db = open_db(db_path)
    seed_branch(db.conn)
    db.conn.execute("BEGIN")
    add_outcome(db.conn, "C000", "2026-11-17T09:15:00", line_result="no_answer", channel="sms")
    add_outcome(db.conn, "C002", "2026-11-17T10:15:00", line_result="no_answer")
    add_outcome(db.conn, "C004", "2026-11-17T11:15:00", channel="visit")
    db.conn.execute("COMMIT")
    db.close()
    out = tmp_path / f"messages.{fmt}"
    r = cli("--db", db_path, "--user", "S1", "--lang", "zh_CN", "export", "outcomes", "--out", out)
    assert r.exit_code == 0, r.stderr
    rows = _csv_rows(out) if fmt == "csv" else CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    said = [(row[KEYS.index("channel_label")], row[KEYS.index("line_result_label")]) for row in rows[1:]]
    assert said == [("短信", "已发送，未回复"), ("电话", "无人接听"), ("上门拜访", "已拜访")]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("lang, placeholder", [("zh_CN", "（已删除个人信息）"), ("en", "(erased)")])
def test_an_erased_customers_placeholder_name_is_in_the_exports_language(db_path, tmp_path, cli, fmt, lang, placeholder):
    """The name an erased customer's row keeps is a placeholder, labelled as the app and the CLI tables show it."""
    from workbench.privacy import erase_customer

    db = open_db(db_path)
    seed_branch(db.conn)
    db.conn.execute("BEGIN")
    add_outcome(db.conn, "C000", "2026-11-17T09:15:00")
    add_outcome(db.conn, "C002", "2026-11-17T10:15:00")
    db.conn.execute("COMMIT")
    erase_customer(db.conn, "C000", actor="S1", at=datetime(2026, 11, 20, 11, 0))
    db.close()
    out = tmp_path / f"erased.{fmt}"
    r = cli("--db", db_path, "--user", "S1", "--lang", lang, "export", "outcomes", "--out", out)
    assert r.exit_code == 0, r.stderr
    rows = _csv_rows(out) if fmt == "csv" else CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert [(row[KEYS.index("customer_id")], row[KEYS.index("customer_name")]) for row in rows[1:]] == [
        ("C000", placeholder), ("C002", "客户2")]


def test_xlsx_marks_formula_like_text_as_text_so_editing_the_cell_runs_nothing(week, tmp_path, cli):
    """t2 #7: a note stored as a string still became a formula when a user edited the cell and pressed Enter; Excel's
    quote prefix (a style, not part of the value) keeps it text. Other cells carry no such mark."""
    import openpyxl

    out = tmp_path / "week.xlsx"
    assert cli("--db", week, "--user", "S1", "export", "outcomes", "--out", out, "--format", "xlsx").exit_code == 0
    sheet = openpyxl.load_workbook(out).active
    column = KEYS.index("note") + 1
    cells = {sheet.cell(row, column).value: sheet.cell(row, column).quotePrefix for row in range(2, sheet.max_row + 1)
             if sheet.cell(row, column).value}
    (nasty,) = [value for value in cells if value.startswith("=HYPERLINK(")]
    assert cells[nasty] is True and cells["@home"] is True
    names = [sheet.cell(row, KEYS.index("customer_id") + 1) for row in range(2, sheet.max_row + 1)]
    assert names and not any(cell.quotePrefix for cell in names)
