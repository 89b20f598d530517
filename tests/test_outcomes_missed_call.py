"""An unanswered contact never closes a follow-up: booking the next try moves the callback it missed (one already
due, a promise before a care touch; its time kept on the new day unless given, as moving it keeps it), so the
report counts a promise moved, not kept, and leaves a visit appointment, any follow-up of another channel and a
callback not yet due as they were; a reached call closes what was due but a visit, which a visit keeps. Through the
engine and through `workbench log`."""

import json
from datetime import date, datetime

import pytest
from factories import seed_branch, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)

from workbench import followups
from workbench.db import open_db
from workbench.outcomes import FollowUpRequest, log_outcome
from workbench.sync.report import build_report

NOW = datetime(2026, 11, 20, 10, 0)
BOOKED = datetime(2026, 11, 11, 16, 0)


def book(conn, due_on="2026-11-20", slot=None, channel="phone", customer_id="C1", purpose=None):
    return followups.schedule(conn, customer_id=customer_id, owner_id="M1", due_on=due_on, slot=slot, channel=channel,
                              purpose=purpose, at=BOOKED)


def status(conn, *ids):
    return [(followups.get(conn, f).status, followups.get(conn, f).due_on.isoformat(), followups.get(conn, f).slot)
            for f in ids]


def kept(conn, since="2026-11-20"):
    """Kept on time, kept late, still to come (today's and later days') and overdue, over a period to the month's end."""
    stats = build_report(conn, today=NOW.date(), since=since, until="2026-11-30").followups
    return stats.kept_on_time, stats.kept_late, stats.due_today + stats.booked_later, stats.overdue


@pytest.mark.parametrize("result", ["no_answer", "busy", "phone_off", "suspended"])
def test_a_missed_call_that_books_a_callback_leaves_todays_visit_open(conn, result):
    visit = book(conn, slot="14:30", channel="visit", purpose="appointment")
    logged = log_outcome(conn, customer_id="C1", manager_id="M1", line_result=result, at=NOW,
                         follow_up=FollowUpRequest(date(2026, 11, 21)))
    assert status(conn, visit) == [("open", "2026-11-20", "14:30")]
    assert status(conn, logged.followup_id) == [("open", "2026-11-21", None)]
    assert kept(conn) == (0, 0, 2, 0)   # the visit and the callback, both still to come


def test_the_next_try_moves_the_callback_it_missed_and_nothing_else(conn):
    callback = book(conn, slot="09:30", purpose="call_back")
    visit = book(conn, slot="14:30", channel="visit")
    text = book(conn, channel="sms")
    later = book(conn, due_on="2026-11-27")   # not due yet: not the one this call was for
    logged = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="no_answer", at=NOW,
                         follow_up=FollowUpRequest(date(2026, 11, 21), "15:00"))
    assert logged.followup_id == callback
    assert status(conn, callback, visit, text, later) == [
        ("rescheduled", "2026-11-21", "15:00"), ("open", "2026-11-20", "14:30"), ("open", "2026-11-20", None),
        ("open", "2026-11-27", None)]
    item = followups.get(conn, callback)
    assert item.purpose == "call_back"   # still the callback it was
    event = conn.execute("SELECT kind, outcome_id FROM followup_events WHERE followup_id = ? ORDER BY at DESC LIMIT 1",
                         (callback,)).fetchone()
    assert event == ("rescheduled", logged.outcome_id)
    assert conn.execute("SELECT count(*) FROM followup_events WHERE kind = 'done'").fetchone()[0] == 0


def test_a_day_alone_keeps_the_missed_callbacks_time_as_moving_it_does_and_a_purpose_given_replaces_its(conn):
    callback = book(conn, slot="09:30", purpose="call_back")
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="busy", at=NOW,
                follow_up=FollowUpRequest(date(2026, 11, 23), purpose="maturity"))
    item = followups.get(conn, callback)
    assert (item.due_on, item.slot, item.purpose) == (date(2026, 11, 23), "09:30", "maturity")


def test_a_kept_time_already_past_leaves_the_day_alone(conn):
    callback = book(conn, slot="09:30", purpose="call_back")
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="no_answer", at=NOW,
                follow_up=FollowUpRequest(date(2026, 11, 20)))   # later today: 09:30 is gone
    assert status(conn, callback) == [("rescheduled", "2026-11-20", None)]


def test_a_callback_promised_for_later_today_still_stands(conn):
    """A call at 10:00 nobody answered did not miss the 15:00 callback: it stays, and the next try is its own."""
    callback = book(conn, slot="15:00", purpose="call_back")
    logged = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="no_answer", at=NOW,
                         follow_up=FollowUpRequest(date(2026, 11, 21)))
    assert logged.followup_id != callback
    assert status(conn, callback, logged.followup_id) == [("open", "2026-11-20", "15:00"), ("open", "2026-11-21", None)]


def test_of_two_due_the_promise_moves_before_a_care_touch(conn):
    care, promise = book(conn, purpose="maturity"), book(conn, purpose="call_back")
    logged = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="no_answer", at=NOW,
                         follow_up=FollowUpRequest(date(2026, 11, 21)))
    assert logged.followup_id == promise
    assert status(conn, care, promise) == [("open", "2026-11-20", None), ("rescheduled", "2026-11-21", None)]


def test_the_moved_callback_is_counted_as_moved_not_kept(conn):
    callback = book(conn, slot="09:30")
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="no_answer", at=NOW,
                follow_up=FollowUpRequest(date(2026, 11, 21)))
    assert kept(conn) == (0, 0, 1, 0)   # promised for the 21st now, still to come
    assert [f.followup_id for f in followups.open_for_customer(conn, "C1")] == [callback]


def test_an_overdue_callback_moved_by_a_missed_call_stays_overdue_in_the_report(conn):
    callback = book(conn, due_on="2026-11-18")
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="no_answer", at=NOW,
                follow_up=FollowUpRequest(date(2026, 11, 21)))
    assert status(conn, callback) == [("rescheduled", "2026-11-21", None)]
    assert kept(conn, since="2026-11-18") == (0, 0, 0, 1)   # promised for the 18th, moved after it: still late


def test_a_missed_call_booking_a_visit_leaves_the_callback_pending(conn):
    callback = book(conn)
    logged = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="no_answer", at=NOW,
                         follow_up=FollowUpRequest(date(2026, 11, 23), channel="visit"))
    assert logged.followup_id != callback
    assert status(conn, callback, logged.followup_id) == [("open", "2026-11-20", None), ("open", "2026-11-23", None)]


def test_a_reached_call_keeps_the_follow_ups_due_but_a_visit_which_a_visit_keeps(conn):
    """Confirming this afternoon's appointment by phone does not close it before it happens."""
    callback, visit = book(conn), book(conn, slot="14:30", channel="visit")
    logged = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", business_outcome="call_back",
                         at=NOW, follow_up=FollowUpRequest(date(2026, 11, 21)))
    assert [s for s, _d, _t in status(conn, callback, visit, logged.followup_id)] == ["done", "open", "open"]
    assert kept(conn) == (1, 0, 2, 0)   # the callback kept; the visit and tomorrow's still to come
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", business_outcome="appointment",
                channel="visit", at=datetime(2026, 11, 20, 14, 40))
    assert status(conn, visit) == [("done", "2026-11-20", "14:30")]


def test_the_moved_callback_goes_to_the_caller_when_its_owner_has_left(conn):
    callback = book(conn)
    conn.execute("UPDATE staff SET active = 0 WHERE staff_id = 'M1'")
    conn.execute("UPDATE customers SET manager_id = 'M1' WHERE customer_id = 'C1'")
    logged = log_outcome(conn, customer_id="C1", manager_id="S1", line_result="no_answer", at=NOW,
                         follow_up=FollowUpRequest(date(2026, 11, 21)))
    assert (logged.followup_id, logged.left_by, followups.get(conn, callback).owner_id) == (callback, "M1", "S1")


@pytest.fixture
def seeded(db_path):
    db = open_db(db_path)
    seed_branch(db)
    visit = followups.schedule(db.conn, customer_id="C1", owner_id="M1", due_on="2026-11-20", slot="14:30",
                               channel="visit", purpose="appointment", at=BOOKED)
    db.close()
    return db_path, visit


def test_the_cli_leaves_the_visit_and_the_report_counts_nothing_kept(cli, seeded):
    path, visit = seeded
    logged = cli("--db", path, "--now", "2026-11-20T10:00:00", "--user", "M1", "log", "--customer", "C1",
                 "--result", "no_answer", "--follow-up", "明天", "--json")
    assert logged.exit_code == 0, logged.stderr
    agenda = cli("--db", path, "--now", "2026-11-20T10:00:00", "--user", "M1", "followups", "--json")
    today = json.loads(agenda.stdout)["today"]
    assert [(f["followup_id"], f["slot"], f["status"]) for f in today] == [(visit, "14:30", "open")]
    report = cli("--db", path, "--now", "2026-11-20T10:00:00", "--user", "S1", "report", "--since", "2026-11-20",
                 "--until", "2026-11-21", "--json")
    assert report.exit_code == 0, report.stderr
    stats = json.loads(report.stdout)["followups"]
    assert (stats["kept_on_time"], stats["kept_late"], stats["due_today"], stats["booked_later"]) == (0, 0, 1, 1)



def test_a_missed_call_whose_next_try_is_already_booked_is_logged_and_the_missed_callback_gives_way(conn):
    """Today's callback missed, tomorrow's already pending: the call is logged (it counts under the contact rules),
    tomorrow's is its follow-up, and today's is cancelled by it rather than moved onto a second identical line."""
    today, tomorrow = book(conn, purpose="call_back"), book(conn, due_on="2026-11-21", purpose="call_back")
    logged = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="no_answer", at=NOW,
                         follow_up=FollowUpRequest(date(2026, 11, 21)))
    assert logged.followup_id == tomorrow
    assert status(conn, today, tomorrow) == [("cancelled", "2026-11-20", None), ("open", "2026-11-21", None)]
    assert conn.execute("SELECT outcome_id FROM followup_events WHERE followup_id = ? AND kind = 'cancelled'",
                        (today,)).fetchone() == (logged.outcome_id,)


def test_a_moved_callback_stays_with_its_owner_while_they_are_at_work(conn):
    """A supervisor's callback missed by the manager's call moves, and is still the supervisor's."""
    callback = followups.schedule(conn, customer_id="C1", owner_id="S1", due_on="2026-11-20", purpose="ask about it",
                                  at=BOOKED)
    logged = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="no_answer", at=NOW,
                         follow_up=FollowUpRequest(date(2026, 11, 21), "10:00"))
    moved = followups.get(conn, callback)
    assert (logged.followup_id, moved.owner_id, moved.due_on.isoformat(), moved.purpose) == (
        callback, "S1", "2026-11-21", "ask about it")


def test_the_cli_says_which_callback_the_missed_call_moved(cli, seeded):
    path, _visit = seeded
    added = cli("--db", path, "--now", "2026-11-20T08:00:00", "--user", "M1", "followup", "add", "--customer", "C1",
                "--when", "今天上午9点半", "--purpose", "call_back")
    assert added.exit_code == 0, added.stderr
    at = ("--db", path, "--now", "2026-11-20T10:00:00")
    logged = cli(*at, "--user", "M1", "log", "--customer", "C1", "--result", "no_answer", "--follow-up", "明天")
    assert logged.exit_code == 0, logged.stderr
    assert logged.stderr == ("note: the callback due 2026-11-20 09:30 was missed by this call and moves to"
                             " 2026-11-21 09:30.\n")
    logged = cli(*at, "--lang", "zh_CN", "--user", "M1", "log", "--customer", "C2", "--result", "no_answer")
    assert logged.exit_code == 0 and logged.stderr == ""   # nothing booked, nothing moved: no note
