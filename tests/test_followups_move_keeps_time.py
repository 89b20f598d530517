"""Moving a follow-up to another day keeps its time of day unless a new time is given; the kept time is held to
the same checks as a typed one (not in the past, inside the call window), in the engine, the CLI and the app."""

import json
from datetime import date, datetime

import pytest
from factories import count_rows, seed_branch, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)
from tui_fixtures import NOW, build, highlight_option, settle, sync

from workbench import followups
from workbench.db import open_db
from workbench.errors import WorkbenchError
from workbench.screens.agenda import AgendaScreen
from workbench.screens.app import WorkbenchApp
from workbench.settings import set_setting
from workbench.when import ALL_DAY, parse_when

BOOKED = datetime(2026, 11, 18, 16, 0)


def appointment(conn, day="2026-11-19", slot="10:00"):
    return followups.schedule(conn, customer_id="C1", owner_id="M1", due_on=day, slot=slot, at=BOOKED,
                              purpose="appointment")


def when(conn, fid):
    item = followups.get(conn, fid)
    return item.due_on, item.slot


def test_a_day_alone_keeps_the_time_of_day(conn):
    fid = appointment(conn)   # 11-19 10:00, overdue on the 20th
    due, slot = parse_when("明天", NOW)
    assert followups.reschedule(conn, fid, due_on=due, slot=slot, at=NOW) == (date(2026, 11, 21), "10:00")
    assert when(conn, fid) == (date(2026, 11, 21), "10:00")


def test_a_new_time_replaces_it(conn):
    fid = appointment(conn)
    assert followups.reschedule(conn, fid, due_on="2026-11-21", slot="15:30", at=NOW) == (date(2026, 11, 21), "15:30")


def test_a_follow_up_without_a_time_stays_without_one(conn):
    fid = appointment(conn, slot=None)
    assert followups.reschedule(conn, fid, due_on="2026-11-21", at=NOW) == (date(2026, 11, 21), None)


def test_all_day_drops_the_time_of_day(conn):
    fid = appointment(conn)
    for text in ("明天 全天", "tomorrow all day"):
        due, slot = parse_when(text, NOW)
        assert followups.reschedule(conn, fid, due_on=due, slot=slot, at=NOW) == (date(2026, 11, 21), None)
        assert when(conn, fid) == (date(2026, 11, 21), None)
        followups.reschedule(conn, fid, due_on=due, slot="10:00", at=NOW)


def test_a_follow_up_booked_all_day_has_no_time(conn):
    fid = appointment(conn, day="2026-11-20", slot=ALL_DAY)
    assert when(conn, fid) == (date(2026, 11, 20), None)


def test_a_kept_time_already_past_today_is_refused_with_what_to_do(conn):
    fid = appointment(conn, slot="09:30")
    before = count_rows(conn, "followup_events")
    with pytest.raises(WorkbenchError, match=r"keeps its time, 09:30, which is past today \(2026-11-20\); give a new time"
                                             r" as well, or 'all day' for the day alone\.$"):
        followups.reschedule(conn, fid, due_on="2026-11-20", at=NOW)
    assert count_rows(conn, "followup_events") == before
    assert followups.reschedule(conn, fid, due_on="2026-11-20", slot=ALL_DAY, at=NOW) == (date(2026, 11, 20), None)
    assert followups.reschedule(conn, fid, due_on="2026-11-20", slot="15:00", at=NOW) == (date(2026, 11, 20), "15:00")


def test_a_kept_time_the_call_window_no_longer_allows_is_refused(conn):
    fid = appointment(conn, slot="19:30")
    set_setting(conn, "contact.window_end", "19:00")
    # The sentence asks for a new time: "or the day alone" would keep 19:30 and be refused again.
    with pytest.raises(WorkbenchError, match=r"^The follow-up keeps its time, 19:30, which is outside the call window"
                                             r" \(09:00–19:00\); give a new time inside it as well, or 'all day' for the"
                                             r" day alone\.$"):
        followups.reschedule(conn, fid, due_on="2026-11-21", at=NOW)
    assert when(conn, fid) == (date(2026, 11, 19), "19:30")
    followups.reschedule(conn, fid, due_on="2026-11-21", slot="18:30", at=NOW)
    assert when(conn, fid) == (date(2026, 11, 21), "18:30")


@pytest.fixture
def path(db_path):
    db = open_db(db_path)
    seed_branch(db)
    fid = appointment(db.conn)
    db.close()
    return db_path, fid


def test_the_cli_move_keeps_the_time_too(cli, path):
    db_path, fid = path
    moved = cli("--db", db_path, "--now", NOW.isoformat(), "--user", "M1", "followup", "move", fid, "--when", "tomorrow")
    assert (moved.exit_code, moved.stdout) == (0, "Follow-up moved to 2026-11-21 10:00.\n"), moved.stderr
    db = open_db(db_path)
    assert when(db.conn, fid) == (date(2026, 11, 21), "10:00")
    db.close()


def test_the_cli_moves_and_books_all_day(cli, path):
    db_path, fid = path
    run = ("--db", db_path, "--now", NOW.isoformat(), "--user", "M1")
    moved = cli(*run, "followup", "move", fid, "--when", "tomorrow all day")
    assert (moved.exit_code, moved.stdout) == (0, "Follow-up moved to 2026-11-21.\n"), moved.stderr
    booked = cli(*run, "followup", "add", "--customer", "C1", "--when", "全天")
    logged = cli(*run, "log", "--customer", "C1", "--result", "no_answer", "--follow-up", "today all day", "--json")
    assert (booked.exit_code, logged.exit_code) == (0, 0), booked.stderr + logged.stderr
    db = open_db(db_path)
    assert when(db.conn, fid) == (date(2026, 11, 21), None)
    assert when(db.conn, booked.stdout.strip()) == when(db.conn, json.loads(logged.stdout)["followup_id"]) == (
        date(2026, 11, 20), None)
    db.close()


def test_the_cli_refusal_of_a_kept_time_says_all_day_in_chinese(cli, path):
    db_path, fid = path   # 10:00, which is past at 11:00
    run = ("--db", db_path, "--lang", "zh_CN", "--now", "2026-11-20T11:00:00", "--user", "M1", "followup", "move", fid)
    refused = cli(*run, "--when", "今天")
    assert refused.exit_code == 2 and refused.stdout == ""
    assert "跟进沿用原来的时间 10:00，而今天（2026-11-20）这个时间已经过去；请同时写上新的时间，或写“全天”只定日期。" in refused.stderr
    moved = cli(*run, "--when", "今天 全天")
    assert (moved.exit_code, moved.stdout) == (0, "跟进已改到 2026-11-20。\n"), moved.stderr


@sync
async def test_the_agenda_says_the_day_and_time_it_moved_to(tmp_path):
    db_file = build(tmp_path / "times.sqlite")   # F-0003: today 14:00
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    notes = []
    app.notify = lambda message, **kwargs: notes.append(message)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await highlight_option(pilot, "#agenda", "F-0003")
        await pilot.press("r")
        await settle(pilot)
        app.screen.query_one("#new-when").value = "明天"
        await pilot.press("enter")
        await settle(pilot, 5)
        assert isinstance(app.screen, AgendaScreen)
    assert notes == ["跟进已改到 2026-11-21 14:00。"]
    db = open_db(db_file)
    assert when(db.conn, "F-0003") == (date(2026, 11, 21), "14:00")
    db.close()
