"""The report's period and its follow-ups, on a branch built with the CLI: without dates it is of all time up to
today and its heading says so; today's follow-ups are due (any time of the day), those booked for later days are
counted under their own words only in a period that runs past today; an empty section says so in one sentence."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from import_support import write_csv
from workbench.db import open_db
from workbench.db.followups import append_event
from workbench.db.meta import terminal_id
from workbench.sync.report import build_report

NOW = "2026-11-20T14:00:00"
# The follow-ups' line, in English and in Chinese, for the branch below at NOW: one kept on time, one kept late,
# one overdue, two due today (all day, and 15:00), one cancelled; three more booked for the 21st, 24th and 27th.
FOLLOWUPS = {
    "en": "Follow-ups due: 5  kept on time: 1  kept late: 1  overdue: 1  still due today: 2  cancelled: 1",
    "zh_CN": "到期跟进：5  按时完成：1  逾期完成：1  已逾期：1  今日到期未完成：2  已取消：1",
}
HEADING = {"en": "Outcome report  all time: 2026-11-10 – 2026-11-20",
           "zh_CN": "外呼成效报告  全部记录：2026-11-10 – 2026-11-20"}


@pytest.fixture
def branch(cli, tmp_path):
    """A supervisor, a manager and eight customers; calls and follow-ups from 10 to 19 November, by the CLI."""
    path = tmp_path / "branch.sqlite"

    def run(now: str, *args: str) -> str:
        r = cli("--db", path, "--now", now, *args)
        assert r.exit_code == 0, r.stderr
        return r.stdout.strip()

    run("2026-11-10T09:00:00", "init")
    run("2026-11-10T09:00:00", "staff", "add", "S001", "--name", "周主管", "--role", "supervisor")
    run("2026-11-10T09:00:00", "--user", "S001", "staff", "add", "M001", "--name", "王丽娟")
    rows = [["客户号", "姓名", "手机号", "客户经理号", "所属机构", "资产余额"],
            *([f"K{n}", f"客户{n}", f"1380000000{n}", "M001", "B1", "12000"] for n in range(1, 9))]
    run("2026-11-10T09:00:00", "--user", "S001", "import", "customers", write_csv(tmp_path / "extract.csv", rows))
    m = ("--user", "M001")
    # Promised for the 12th, kept on the 13th by the call that booked the appointment.
    run("2026-11-10T10:00:00", *m, "log", "--customer", "K1", "--result", "reached", "--outcome", "interested",
        "--follow-up", "2026-11-12")
    run("2026-11-13T10:00:00", *m, "log", "--customer", "K1", "--result", "reached", "--outcome", "appointment")
    # Promised for the 18th, still open.
    run("2026-11-16T10:00:00", *m, "log", "--customer", "K2", "--result", "reached", "--outcome", "call_back",
        "--follow-up", "2026-11-18")
    # Promised for the 19th and kept that day; one for the 19th cancelled the day before.
    kept = run("2026-11-17T10:00:00", *m, "followup", "add", "--customer", "K6", "--when", "2026-11-19")
    run("2026-11-19T11:00:00", *m, "followup", "done", kept)
    dropped = run("2026-11-17T10:00:00", *m, "followup", "add", "--customer", "K7", "--when", "2026-11-19")
    run("2026-11-18T11:00:00", *m, "followup", "cancel", dropped)
    # Today, all day and at 15:00 (an hour after NOW); then three later days.
    run("2026-11-17T10:00:00", *m, "followup", "add", "--customer", "K3", "--when", "2026-11-20 all day")
    run("2026-11-17T10:00:00", *m, "followup", "add", "--customer", "K4", "--when", "2026-11-20T15:00")
    for day in ("21", "24", "27"):
        run("2026-11-18T10:00:00", *m, "followup", "add", "--customer", "K5", "--when", f"2026-11-{day}")
    return path


def report(cli, path, lang: str, *args: str):
    return cli("--db", path, "--user", "S001", "--lang", lang, "--now", NOW, "report", *args)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_without_dates_the_report_is_of_all_time_up_to_today_and_the_heading_says_so(cli, branch, lang):
    r = report(cli, branch, lang)
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == HEADING[lang]
    assert FOLLOWUPS[lang] in lines   # nothing booked for the 21st, 24th or 27th: they are after the period
    # The same period asked for by its last day: the same report, word for word.
    assert report(cli, branch, lang, "--until", "2026-11-20").stdout == r.stdout


@pytest.mark.parametrize("lang, later", [("en", "booked for later days: 3"), ("zh_CN", "约在以后日期：3")])
def test_follow_ups_booked_for_later_days_count_under_their_own_words_in_a_period_that_runs_past_today(
        cli, branch, lang, later):
    text = report(cli, branch, lang, "--until", "2026-11-30").stdout
    assert text.splitlines()[0] == HEADING[lang].replace("2026-11-20", "2026-11-30")
    due, cancelled = FOLLOWUPS[lang].rsplit("  ", 1)
    assert f"{due}  {later}  {cancelled}" in text.splitlines()
    # A period of later days alone has no today: nothing due, and no line for today.
    text = report(cli, branch, lang, "--since", "2026-11-21", "--until", "2026-11-30").stdout
    assert text.splitlines()[0].endswith("2026-11-21 – 2026-11-30")
    (line,) = [line for line in text.splitlines() if later in line]
    assert line.split("  ")[0] in ("Follow-ups due: 0", "到期跟进：0") and len(line.split("  ")) == 6


def test_the_json_names_the_period_and_counts_todays_follow_ups_apart(cli, branch):
    data = json.loads(report(cli, branch, "en", "--json").stdout)
    assert (data["since"], data["until"], data["first_day"], data["today"]) == (None, "2026-11-20", "2026-11-10",
                                                                              "2026-11-20")
    assert data["followups"] == {"kept_on_time": 1, "kept_late": 1, "overdue": 1, "due_today": 2, "booked_later": 0,
                                 "cancelled": 1, "due": 5}
    later = json.loads(report(cli, branch, "en", "--until", "2026-11-30", "--json").stdout)["followups"]
    assert (later["due"], later["due_today"], later["booked_later"]) == (5, 2, 3)


def test_todays_follow_ups_are_the_ones_the_agenda_has_for_today(cli, branch):
    """Due today by the day alone, as the manager's agenda has them: 15:00 is due today at 14:00."""
    agenda = json.loads(cli("--db", branch, "--user", "M001", "--now", NOW, "followups", "--json").stdout)
    data = json.loads(report(cli, branch, "en", "--json").stdout)["followups"]
    assert (data["due_today"], data["overdue"]) == (len(agenda["today"]), len(agenda["overdue"])) == (2, 1)
    # At 16:00, when 15:00 has passed, it is still today's; the next morning both are overdue.
    later = json.loads(cli("--db", branch, "--user", "S001", "--now", "2026-11-20T16:00:00", "report", "--json").stdout)
    assert (later["followups"]["due_today"], later["followups"]["overdue"]) == (2, 1)
    morning = json.loads(cli("--db", branch, "--user", "S001", "--now", "2026-11-21T08:00:00", "report", "--json").stdout)
    assert (morning["followups"]["due_today"], morning["followups"]["overdue"], morning["followups"]["due"]) == (1, 3, 6)


@pytest.mark.parametrize("lang, sentence, reasons", [("en", "Nothing in this period.", "Dormancy reasons"),
                                                     ("zh_CN", "此期间没有记录。", "沉睡原因")])
def test_an_empty_section_says_so_instead_of_an_empty_table(tmp_path, cli, branch, lang, sentence, reasons):
    text = report(cli, branch, lang).stdout
    assert f"\n{reasons}\n{sentence}\n" in text and text.count(sentence) == 1   # no dormancy reason was given
    assert text.count(reasons) == 1 and "Count ┃" not in text and "数量 ┃" not in text   # its table's heading
    # A period nobody called in: segments, scripts, hours, why not and reasons each say it; the funnel keeps its total.
    page = tmp_path / "empty.html"
    r = report(cli, branch, lang, "--since", "2026-11-21", "--until", "2026-11-23", "--html", page)
    assert r.stdout.count(f"\n{sentence}\n") == 5 and "─" in r.stdout.split(sentence)[0]
    html = page.read_text(encoding="utf-8")
    assert html.count(f"<p>{sentence}</p>") == 5


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_page_says_what_the_terminal_says(tmp_path, cli, branch, lang):
    page = tmp_path / "report.html"
    assert report(cli, branch, lang, "--html", page).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert f"<h1>{HEADING[lang].replace('  ', ' ')}</h1>" in html
    follow_ups = html[html.index("</h2>", html.rindex("<h2>")):]
    words = re.findall(r">([^<>]+)</text>", follow_ups)
    assert "  ".join(f"{label}{'：' if lang == 'zh_CN' else ': '}{n}" for label, n in zip(words[::2], words[1::2])) \
        == FOLLOWUPS[lang]


@pytest.mark.parametrize("lang, error", [
    ("en", "error: --since (2026-11-25) is after today (2026-11-20); give --until too, to see days still to come.\n"),
    ("zh_CN", "错误：--since（2026-11-25）晚于今天（2026-11-20）；要查看以后的日期，请同时给出 --until。\n")])
def test_a_first_day_after_today_without_a_last_day_is_refused_in_one_sentence(cli, branch, lang, error):
    r = report(cli, branch, lang, "--since", "2026-11-25")
    assert r.exit_code == 2 and r.stderr == error and not r.stdout
    assert report(cli, branch, lang, "--since", "2026-11-25", "--until", "2026-11-30").exit_code == 0


def test_the_first_day_is_of_anything_counted_and_of_the_manager_asked_for(fresh_db, tmp_path):
    """An all-time report's first day: the first entry's, or an earlier promised day; none when nothing is counted."""
    from factories import add_branch, add_customer, add_staff, insert_outcome

    conn = fresh_db.conn
    with conn:
        add_branch(conn)
        add_staff(conn, "M1")
        add_staff(conn, "M2")
        add_customer(conn, "C1")
        insert_outcome(conn, "C1", "2026-11-12T10:00:00")
        append_event(conn, followup_id="F1", customer_id="C1", kind="created", at="2026-11-01T09:00:00",
                     terminal_id=terminal_id(conn), owner_id="M1", due_on="2026-11-05")
    today = date(2026, 11, 20)
    assert build_report(conn, today=today).first_day == "2026-11-05"
    assert build_report(conn, today=today, until="2026-11-04").first_day is None   # the follow-up is after it
    assert build_report(conn, today=today, since="2026-11-01").first_day is None   # a first day asked for
    empty = build_report(conn, today=today, manager_id="M2", lang="zh_CN")
    assert empty.first_day is None and empty.heading("zh_CN") == "外呼成效报告 Staff M2 (M2) 全部记录：截至 2026-11-20"
    with open_db(tmp_path / "empty.sqlite") as nothing:
        assert build_report(nothing.conn, today=today).heading() == "Outcome report all time: up to 2026-11-20"
