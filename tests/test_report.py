"""The outcome report: funnels, hours, reasons, follow-ups, as text, JSON and a self-contained HTML page."""

from __future__ import annotations

import json
import re
from datetime import date
from html import escape

import pytest

from sync_data import add_outcome, seed_branch, terminal_id
from workbench.db import open_db
from workbench.db.followups import append_event
from workbench.i18n import gettext
from workbench.sync.funnel import CONFIRMED_NOTE, FUNNEL_UNITS, callers, period
from workbench.sync.report import build_report, render_text
from workbench.sync.report_html import render_html


def _week(conn):
    """A week of calls by two managers, one of them corrected, and four follow-ups."""
    seed_branch(conn)
    conn.execute("BEGIN")
    add_outcome(conn, "C000", "2026-11-16T09:10:00", line_result="no_answer", script_id="S-deposit")
    add_outcome(conn, "C000", "2026-11-16T14:10:00", business_outcome="interested", script_id="S-deposit",
                reason="competitor")
    add_outcome(conn, "C002", "2026-11-17T10:00:00", business_outcome="appointment", reason="no_need")
    won = add_outcome(conn, "C004", "2026-11-17T10:30:00", business_outcome="reactivated", reason="competitor")
    wrong = add_outcome(conn, "C001", "2026-11-18T15:00:00", manager_id="M2", business_outcome="reactivated")
    add_outcome(conn, "C001", "2026-11-18T15:02:00", manager_id="M2", business_outcome="not_interested",
                supersedes=wrong)
    add_outcome(conn, "C003", "2026-11-19T15:20:00", manager_id="M2", line_result="busy")
    add_outcome(conn, "C003", "2026-11-01T15:20:00", manager_id="M2", line_result="busy")   # before the period
    conn.execute("INSERT INTO reactivations VALUES (?, 'C004', '2026-11-17T10:30:00', '2026-11-19', '2026-11-20')",
                 (won,))
    t = terminal_id(conn)
    for fid, due, kind, at in (("F1", "2026-11-17", "done", "2026-11-17T11:00:00"),
                               ("F2", "2026-11-18", "done", "2026-11-19T11:00:00"),
                               ("F3", "2026-11-19", None, None), ("F4", "2026-11-23", None, None)):
        append_event(conn, followup_id=fid, customer_id="C000", kind="created", at="2026-11-16T09:00:00",
                     terminal_id=t, owner_id="M1", due_on=due)
        if kind:
            append_event(conn, followup_id=fid, customer_id="C000", kind=kind, at=at, terminal_id=t)
    conn.execute("COMMIT")


def test_funnel_counts_distinct_customers_and_skips_corrected_entries(fresh_db):
    _week(fresh_db.conn)
    report = build_report(fresh_db.conn, today=date(2026, 11, 20), since="2026-11-16", until="2026-11-20")
    t = report.total
    assert (t.calls, t.dialled, t.reached, t.interested, t.appointment, t.reactivated, t.confirmed) == (6, 5, 4, 3, 2, 1, 1)
    managers = {f.key: f for f in report.by_manager}
    assert managers["M1"].label == "李经理" and managers["M1"].reactivated == 1
    assert (managers["M2"].dialled, managers["M2"].reached, managers["M2"].reactivated) == (2, 1, 0)
    scripts = {f.label: f.calls for f in report.by_script}
    assert scripts == {"S-deposit": 2, "(no script)": 4}
    assert {f.key: f.dialled for f in report.by_segment} == {"high_value_dormant": 2, "low_value_dormant": 3}
    hours = {h.hour: (h.calls, h.answered) for h in report.by_hour}
    assert hours == {9: (1, 0), 10: (2, 2), 14: (1, 1), 15: (2, 1)}
    assert [(r.code, r.count) for r in report.reasons] == [("competitor", 2), ("no_need", 1)]
    f = report.followups
    assert (f.due, f.kept_on_time, f.kept_late, f.overdue, f.due_today, f.booked_later) == (3, 1, 1, 1, 0, 0)


def test_report_cli_text_json_and_html(tmp_path, cli, db_path):
    db = open_db(db_path)
    _week(db.conn)
    db.conn.execute("UPDATE staff SET name = '<script>alert(1)</script>' WHERE staff_id = 'M2'")
    db.close()
    page = tmp_path / "week.html"
    r = cli("--db", db_path, "--user", "S1", "--now", "2026-11-20T18:00:00", "report", "--since", "2026-11-16", "--html", page)
    assert r.exit_code == 0, r.stderr
    assert "Funnel per manager" in r.stdout and "<script>alert(1)</script>" in r.stdout
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r"(src|href)\s*=", html) and "<svg" in html and "<style>" in html
    r = cli("--db", db_path, "--user", "S1", "--now", "2026-11-20T18:00:00", "report", "--since", "2026-11-16", "--json")
    data = json.loads(r.stdout)
    assert data["total"]["confirmed"] == 1 and data["followups"]["overdue"] == 1 and data["followups"]["due"] == 3
    assert data["total"]["reach_rate"] == 0.8 and {h["hour"]: h["answer_rate"] for h in data["by_hour"]}[15] == 0.5
    r = cli("--db", db_path, "--user", "S1", "--lang", "zh_CN", "report", "--since", "2026-11-16")
    assert "按客户经理的转化漏斗" in r.stdout
    r = cli("--db", db_path, "--user", "S1", "report", "--since", "last week")
    assert r.exit_code == 2 and "--since must be a date" in r.stderr


def test_empty_database_gives_an_empty_report(fresh_db):
    report = build_report(fresh_db.conn, today=date(2026, 11, 20))
    assert report.total.dialled == 0 and report.by_manager == [] and report.total.reach_rate == 0.0
    assert "<svg" in render_html(report)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_page_says_what_the_managers_funnel_counts_right_under_it(fresh_db, lang):
    page = render_html(build_report(fresh_db.conn, today=date(2026, 11, 20)), lang)
    after = page.split(escape(gettext("Funnel per manager", lang)), 1)[1]
    table_end = after.index("</table>") + len("</table>")
    assert after[table_end:].startswith(f'<p class="note">{escape(gettext(FUNNEL_UNITS, lang))}</p>')


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_page_says_under_the_funnel_chart_that_confirmed_is_beside_reactivated_not_after_it(db_path, lang):
    db = open_db(db_path)
    _week(db.conn)
    db.conn.execute("INSERT INTO reactivations SELECT outcome_id, customer_id, at, '2026-11-19', '2026-11-20'"
                    " FROM outcomes WHERE customer_id = 'C002'")   # head office saw the appointment's customer active
    report = build_report(db.conn, today=date(2026, 11, 20), since="2026-11-16")
    db.close()
    assert report.total.confirmed > report.total.reactivated   # the chart's last bar is longer than the one before
    after = render_html(report, lang).split(f"<h2>{escape(gettext('Funnel', lang))}</h2>", 1)[1]
    chart_end = after.index("</svg>") + len("</svg>")
    assert after[chart_end:].startswith(f'<p class="note">{escape(gettext(CONFIRMED_NOTE, lang))}</p>')


def test_hours_count_phone_calls_only_and_the_funnel_every_contact(fresh_db):
    conn = fresh_db.conn
    seed_branch(conn)
    add_outcome(conn, "C000", "2026-11-18T10:00:00", line_result="no_answer")
    add_outcome(conn, "C001", "2026-11-18T10:30:00", business_outcome="interested", channel="visit")
    report = build_report(conn, today=date(2026, 11, 20), since="2026-11-16")
    # A visit always "reaches" the customer: it counts in the funnel, never in when to phone.
    assert [(h.hour, h.calls, h.answered, h.answer_rate) for h in report.by_hour] == [(10, 1, 0, 0.0)]
    assert (report.total.calls, report.total.dialled, report.total.reached, report.total.reach_rate) == (2, 2, 1, 0.5)
    # So the funnel's columns say contacts, the hours' say calls: "Calls 2" beside the hours' one call read as a slip.
    text = render_text(report, lang="en")
    funnel, hours = text.split("Phone calls answered by hour of day")
    assert "Contacts" in funnel and "Contacted" in funnel and "Calls" not in funnel and "Dialled" not in funnel
    assert "Calls" in hours


def _followup(conn, fid: str, due: str, *events: tuple[str, str, str | None]) -> None:
    """A follow-up created on the 10th for `due`, then (kind, day, new due day) events."""
    t = terminal_id(conn)
    append_event(conn, followup_id=fid, customer_id="C000", kind="created", at="2026-11-10T09:00:00",
                 terminal_id=t, owner_id="M1", due_on=due)
    for kind, day, due_on in events:
        append_event(conn, followup_id=fid, customer_id="C000", kind=kind, at=f"{day}T12:00:00", terminal_id=t,
                     due_on=due_on)


def test_followups_are_judged_against_the_day_promised(fresh_db):
    conn = fresh_db.conn
    seed_branch(conn)
    conn.execute("BEGIN")
    _followup(conn, "moved-in-time", "2026-11-17", ("rescheduled", "2026-11-16", "2026-11-19"),
              ("done", "2026-11-19", None))
    _followup(conn, "moved-too-late", "2026-11-17", ("rescheduled", "2026-11-18", "2026-11-19"),
              ("done", "2026-11-19", None))
    _followup(conn, "missed-then-moved", "2026-11-18", ("rescheduled", "2026-11-19", "2026-11-24"))
    _followup(conn, "not-yet", "2026-11-25")
    _followup(conn, "dropped", "2026-11-18", ("cancelled", "2026-11-17", None))
    _followup(conn, "after-the-period", "2026-12-05")
    _followup(conn, "moved-out-in-time", "2026-11-19", ("rescheduled", "2026-11-12", "2026-12-03"))
    conn.execute("COMMIT")
    f = build_report(conn, today=date(2026, 11, 20), since="2026-11-16", until="2026-11-30").followups
    assert (f.kept_on_time, f.kept_late, f.overdue, f.due_today, f.booked_later, f.cancelled) == (1, 1, 1, 0, 1, 1)
    assert f.due == 3   # the promised day has come: not-yet (due the 25th) is not counted as due


def test_the_report_reads_the_effective_entries_once_and_leaves_nothing_behind(fresh_db):
    """Its eight funnel, hour, reason, campaign and why-not queries share one read of the period's entries."""
    conn = fresh_db.conn
    _week(conn)
    seen = []
    conn.set_trace_callback(seen.append)
    first = build_report(conn, today=date(2026, 11, 20), since="2026-11-16", until="2026-11-20")
    conn.set_trace_callback(None)
    assert sum("FROM outcomes o" in sql and "supersedes" in sql for sql in seen) == 1
    assert conn.execute("SELECT name FROM sqlite_temp_master").fetchall() == []
    # Within a caller's transaction too, and the same figures again (the temp table went with the first).
    conn.execute("BEGIN")
    again = build_report(conn, today=date(2026, 11, 20), since="2026-11-16", until="2026-11-20")
    conn.execute("ROLLBACK")
    assert again == first and first.why_not and first.total.calls == 6


def test_a_report_on_one_manager_counts_their_calls_and_their_follow_ups(fresh_db):
    conn = fresh_db.conn
    _week(conn)
    days = {"today": date(2026, 11, 20), "since": "2026-11-16", "until": "2026-11-20"}
    whole = build_report(conn, **days)
    m2 = build_report(conn, **days, manager_id="M2")
    t = m2.total
    # C001 corrected to not interested (reached), C003 busy; M1's four customers are not in it.
    assert (t.calls, t.dialled, t.reached, t.interested, t.reactivated) == (2, 2, 1, 0, 0)
    assert [f.key for f in m2.by_manager] == ["M2"] and m2.whose() == "张经理 (M2)"
    assert [(w.step, w.code) for w in m2.why_not] == [("dialled", "busy"), ("reached", "not_interested")]
    assert m2.followups.due == 0 and m2.reasons == []          # the follow-ups are M1's
    m1 = build_report(conn, **days, manager_id="M1")
    assert m1.followups == whole.followups and m1.total.calls == 4 and m1.by_hour != whole.by_hour
    assert [f.key for f in m1.by_manager] == ["M1"] and whole.manager_id is None and whole.whose() == ""


def test_report_cli_for_one_manager_and_an_unknown_one(cli, db_path):
    conn = open_db(db_path).conn
    _week(conn)
    conn.close()
    r = cli("--db", db_path, "--user", "S1", "report", "--since", "2026-11-16", "--until", "2026-11-20", "--manager", "M2")
    assert r.exit_code == 0 and r.stdout.splitlines()[0] == "Outcome report  张经理 (M2)  2026-11-16 – 2026-11-20"
    data = json.loads(cli("--db", db_path, "--user", "S1", "report", "--manager", "M2", "--json").stdout)
    # All time: the busy call of 1 November too.
    assert (data["manager_id"], data["manager_name"], data["total"]["calls"]) == ("M2", "张经理", 3)
    r = cli("--db", db_path, "--user", "S1", "report", "--manager", "M9")
    assert r.exit_code != 0 and r.stderr.strip() == "error: Unknown staff member 'M9'." and not r.stdout
    r = cli("--db", db_path, "--user", "S1", "--lang", "zh_CN", "report", "--since", "2026-11-20", "--until", "2026-11-16")
    assert r.exit_code == 2 and not r.stdout   # a backward period is said, not shown as a report of zeros
    assert r.stderr == "错误：--since（2026-11-20）晚于 --until（2026-11-16）；请先写开始日期。\n"


def test_a_correction_counts_in_the_report_of_who_logged_it(fresh_db):
    """A supervisor correcting a manager's entry takes that contact into their own report (README: Report)."""
    conn = fresh_db.conn
    _week(conn)
    busy = conn.execute("SELECT outcome_id FROM outcomes WHERE customer_id = 'C003' AND at LIKE '2026-11-19%'").fetchone()[0]
    with conn:
        add_outcome(conn, "C003", "2026-11-19T15:20:00", manager_id="S1", line_result="no_answer", supersedes=busy)
    days = {"today": date(2026, 11, 20), "since": "2026-11-16", "until": "2026-11-20"}
    m2, s1 = build_report(conn, **days, manager_id="M2"), build_report(conn, **days, manager_id="S1")
    assert (m2.total.calls, s1.total.calls) == (1, 1)
    assert [(w.step, w.code) for w in s1.why_not] == [("dialled", "no_answer")]
    everyone = [("M1", "李经理"), ("M2", "张经理"), ("S1", "主管王")]   # whom the screen steps through
    assert callers(conn, period(days["since"], days["until"])) == everyone
    assert [(f.key, f.label) for f in build_report(conn, **days).by_manager] == everyone


def test_report_cli_for_a_leaver(cli, db_path):
    """README (Report): `--manager` narrows the report to a leaver's work too, by name."""
    conn = open_db(db_path).conn
    _week(conn)
    with conn:
        conn.execute("UPDATE staff SET active = 0 WHERE staff_id = 'M2'")
    conn.close()
    data = json.loads(cli("--db", db_path, "--user", "S1", "report", "--manager", "M2", "--json").stdout)
    assert (data["manager_id"], data["manager_name"], data["total"]["calls"]) == ("M2", "张经理", 3)
    assert data["manager_left"] is True
    for lang, heading in (("en", "张经理 (M2, left)"), ("zh_CN", "张经理（M2，已离职）")):   # one pair of brackets
        assert heading in cli("--db", db_path, "--user", "S1", "--lang", lang, "report", "--manager", "M2").stdout


def test_a_reach_rate_over_nobody_dialled_is_no_figure_not_nought(tmp_path, cli, db_path):
    db = open_db(db_path)
    _week(db.conn)
    db.close()
    page = tmp_path / "empty.html"
    args = ("--db", db_path, "--user", "S1", "--now", "2026-11-23T18:00:00", "report", "--since", "2026-11-21",
            "--until", "2026-11-22")
    r = cli(*args, "--html", page)
    assert r.exit_code == 0, r.stderr
    (total,) = [line for line in r.stdout.splitlines() if line.startswith("│ All")]
    assert total.split()[-2:] == ["—", "│"] and "0%" not in r.stdout
    assert '<td class="n">—</td>' in page.read_text(encoding="utf-8")
    assert json.loads(cli(*args, "--json").stdout)["total"]["reach_rate"] is None
    week = json.loads(cli("--db", db_path, "--user", "S1", "--now", "2026-11-23T18:00:00", "report", "--json").stdout)
    assert week["total"]["reach_rate"] == 0.8   # 4 of 5 dialled: a number whenever someone was dialled


def test_a_rate_of_exactly_a_half_percent_is_rounded_up_in_the_text_and_the_page(db_path):
    """5 of 8 is 62.5% and 1 of 8 12.5%: shown 63% and 13%, as one checks by hand, not round-half-even 62% and 12%."""
    db = open_db(db_path)
    seed_branch(db.conn, customers=8)
    for n in range(8):
        add_outcome(db.conn, f"C{n:03d}", f"2026-11-19T09:{n:02d}:00", line_result="reached" if n < 5 else "busy",
                    business_outcome="not_interested" if n < 5 else None)
        add_outcome(db.conn, f"C{n:03d}", f"2026-11-19T14:{n:02d}:00", line_result="reached" if n < 1 else "busy",
                    business_outcome="not_interested" if n < 1 else None)
    report = build_report(db.conn, today=date(2026, 11, 20), since="2026-11-19")
    db.close()
    rates = {h.hour: h.answer_rate for h in report.by_hour}
    assert (rates, report.total.reach_rate) == ({9: 0.625, 14: 0.125}, 0.625)   # JSON keeps them exact
    text = render_text(report)
    assert re.search(r"│ +09:00 │ +8 │ +5 │ +63% │", text) and re.search(r"│ +14:00 │ +8 │ +1 │ +13% │", text)
    assert re.search(r"│ All +│ +16 │ +8 │ +5 │.* 63% │", text)
    page = render_html(report)
    assert "09:00 5/8 63%" in page and "14:00 1/8 13%" in page and '<td class="n">63%</td>' in page


@pytest.mark.parametrize("lang, left, heading", [("en", "张经理 (left)", "张经理 (M2, left)"),
                                                  ("zh_CN", "张经理（已离职）", "张经理（M2，已离职）")])
def test_a_manager_who_has_left_is_named_so_in_the_text_and_the_page(db_path, lang, left, heading):
    db = open_db(db_path)
    _week(db.conn)
    db.conn.execute("UPDATE staff SET active = 0 WHERE staff_id = 'M2'")
    everyone = build_report(db.conn, today=date(2026, 11, 20), since="2026-11-16", lang=lang)
    theirs = build_report(db.conn, today=date(2026, 11, 20), since="2026-11-16", lang=lang, manager_id="M2")
    db.close()
    assert [f.label for f in everyone.by_manager] == ["李经理", left]
    assert f"│ {left} " in render_text(everyone, lang) and f"<td>{left}</td>" in render_html(everyone, lang)
    assert theirs.heading(lang).startswith(f"{gettext('Outcome report', lang)} {heading} ")   # one pair of brackets
    assert escape(theirs.heading(lang)) in render_html(theirs, lang)


def test_the_notes_and_headers_say_what_they_count(db_path):
    """Every channel named in Chinese as in English; a reassigned customer counts for each manager; the dormancy
    reasons are counted each time recorded, not per customer as "why not" is."""
    db = open_db(db_path)
    _week(db.conn)
    report = build_report(db.conn, today=date(2026, 11, 20), since="2026-11-16", lang="zh_CN")
    db.close()
    zh = render_text(report, "zh_CN")
    assert "（电话、短信、微信、上门均计）" in zh and "在“合计”中计一次" in zh.replace("\n", "")
    assert re.search(r"┃ 原因 +┃ 记录次数 ┃", zh)
    en = render_text(report)
    assert "counts for each of them, and once in All." in " ".join(en.split()) and "┃ Times recorded ┃" in en
