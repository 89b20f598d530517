"""Attempts in the last contact.budget_days days, counted as of the day the list is shown and the
scores are computed: an attempt counts from its day until budget_days days later (inclusive),
whatever the customer's last contact was; visits and corrected entries never count."""

import datetime as dt
import json
import sqlite3
from contextlib import closing

import pytest
from factories import add_branch, add_customer, add_staff, insert_outcome, seed_branch

from workbench.calllist import call_list, customer_profile, explain
from workbench.db import migrations, open_db
from workbench.outcomes import log_outcome
from workbench.rules import Entry, contact_state_for, refresh_contact_state
from workbench.scoring import needs_rescore, rescore
from workbench.settings import DEFAULTS, load_settings, set_setting

# The stored scores a due run must get exactly as a full run does (p_alive and the rule score may lag a step).
SCORES = "customer_id, dormancy_score, dormant_lines, tier, peak_tier, segment, segments, triggers, priority"


@pytest.fixture
def conn(fresh_db):
    seed_branch(fresh_db)
    set_setting(fresh_db.conn, "scoring.full_rescore_days", 365)   # only due runs after the first: they must be exact
    set_setting(fresh_db.conn, "scoring.refit_days", 365)
    return fresh_db.conn


def log(conn, at: str, result="reached", outcome="reactivated", cid="C1", **kw):
    return log_outcome(conn, customer_id=cid, manager_id=kw.pop("manager_id", "M1"), line_result=result,
                       business_outcome=outcome, at=dt.datetime.fromisoformat(at), **kw).outcome_id


def attempts_shown(conn, day: str, cid="C1", manager="M1") -> float:
    """The attempts points on the customer's list entry the morning of `day` (after that morning's rescore),
    checked against the stored priority, the card and explain()."""
    today = dt.date.fromisoformat(day)
    if needs_rescore(conn, today):
        rescore(conn, today, refit=False)
    [entry] = [e for e in call_list(conn, manager, dt.datetime.combine(today, dt.time(9))) if e.customer_id == cid]
    assert sum(r.points for r in entry.reasons) == pytest.approx(entry.priority, abs=1e-6), day
    assert customer_profile(conn, cid, today).reasons == entry.reasons == explain(conn, cid, today)
    points = {r.code: r.points for r in entry.reasons}.get("attempts", 0.0)
    texts = [r.text for r in entry.reasons if r.code == "attempts"]
    days = load_settings(conn, "B2" if manager == "M9" else "B1")["contact.budget_days"]
    count = round(-points / 10)
    assert texts == ([f"{count} attempt{'s' * (count > 1)} in the last {days} days"] if points else []), day
    return points


def test_the_days_kept_are_those_of_the_attempts_within_budget_days_of_the_last_ones_day():
    entries = [Entry(dt.datetime.fromisoformat(at), channel, "reached", "reactivated") for at, channel in [
        ("2026-11-01T09:00", "phone"), ("2026-11-06T08:00", "phone"), ("2026-11-13T10:00", "wechat"),
        ("2026-11-13T14:00", "sms"), ("2026-11-13T15:00", "phone"), ("2026-11-18T10:00", "visit")]]
    state = contact_state_for(entries, DEFAULTS)
    # 11-06 08:00 is more than 7 x 24 hours before 11-13 15:00, but a reader on 11-13 counts its day; messages and
    # visits are no calls
    assert json.loads(state["recent_attempt_days"]) == ["2026-11-06", "2026-11-13"]
    assert state["last_contact_at"] == "2026-11-18T10:00:00"
    assert contact_state_for(entries[-1:], DEFAULTS)["recent_attempt_days"] is None   # visits only


def test_calls_before_a_later_visit_stop_counting_once_their_days_leave_the_window(conn):
    for day in (10, 11, 12):
        log(conn, f"2026-11-{day}T10:00")
    log(conn, "2026-11-18T10:00", channel="visit")   # no request for the next contact, which restarts the count
    assert attempts_shown(conn, "2026-11-19") == -10.0   # the 12th, 7 days ago
    assert attempts_shown(conn, "2026-11-20") == 0.0
    assert attempts_shown(conn, "2026-11-23") == 0.0     # was "3 attempts in the last 7 days (-30)"


def test_the_first_of_two_attempts_ages_out_first(conn):
    log(conn, "2026-11-01T10:00")
    log(conn, "2026-11-06T10:00")
    shown = {day: attempts_shown(conn, f"2026-11-{day:02d}") for day in (7, 8, 9, 13, 14)}
    assert shown == {7: -20.0, 8: -20.0, 9: -10.0, 13: -10.0, 14: 0.0}


def test_visits_messages_and_corrected_entries_are_not_counted(conn):
    wrong = insert_outcome(conn, "C1", "2026-11-18T10:00:00", "reached", business_outcome="call_back")
    insert_outcome(conn, "C1", "2026-11-18T10:00:00", "reached", business_outcome="call_back", channel="visit",
                   supersedes=wrong)   # it was a visit
    insert_outcome(conn, "C1", "2026-11-19T10:00:00", "reached", business_outcome="interested", channel="visit")
    insert_outcome(conn, "C1", "2026-11-19T11:00:00", "no_answer", channel="sms")
    insert_outcome(conn, "C1", "2026-11-19T12:00:00", "no_answer", channel="wechat")
    insert_outcome(conn, "C1", "2026-11-19T16:00:00", "busy")
    refresh_contact_state(conn, ["C1"])
    assert attempts_shown(conn, "2026-11-20") == -10.0   # the call alone


def test_each_branch_counts_over_its_own_budget_days(conn):
    add_branch(conn, "B2")
    add_staff(conn, "M9", branch_id="B2")
    add_customer(conn, "C9", manager_id="M9", branch_id="B2")
    set_setting(conn, "contact.budget_days", 14, scope="B2")
    for cid, manager in (("C1", "M1"), ("C9", "M9")):
        log(conn, "2026-11-08T10:00", cid=cid, manager_id=manager)
        log(conn, "2026-11-10T10:00", cid=cid, manager_id=manager)
    assert attempts_shown(conn, "2026-11-20", "C1") == 0.0
    assert attempts_shown(conn, "2026-11-20", "C9", "M9") == -20.0   # read by the same run as C1's
    assert attempts_shown(conn, "2026-11-23", "C9", "M9") == -10.0


def stored(conn) -> list[tuple]:
    return conn.execute(f"SELECT {SCORES} FROM customers ORDER BY customer_id").fetchall()


def rewritten(conn, today: dt.date) -> list[tuple]:
    """The scores a full run that rewrites every row gives as of today (rolled back afterwards)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("UPDATE customers SET score_digest = NULL")
        assert rescore(conn, today, refit=False, settings=load_settings(conn, "B1")).mode == "full"
        return stored(conn)
    finally:
        conn.execute("ROLLBACK")


def test_due_runs_rescore_a_customer_on_the_day_an_attempt_ages_out(conn):
    for at in ("2026-11-12T10:00", "2026-11-14T10:00", "2026-11-17T10:00"):
        log(conn, at)
    log(conn, "2026-11-15T10:00", cid="C2")
    log(conn, "2026-11-19T10:00", cid="C2", channel="visit")
    log(conn, "2026-11-25T10:00", cid="C3")   # logged with a date in the future (bad data): counted until it ages out
    rescore(conn, dt.date(2026, 11, 20))
    due = dict(conn.execute("SELECT customer_id, scores_due_on FROM customers"))
    assert due["C1"] == "2026-11-22"   # the 14th is 8 days old (C2's 15th on the 23rd, but its row kept an earlier day)
    rises = {}   # day -> {customer: how much its stored priority rose that morning}
    for day in range(21, 36):
        today = dt.date(2026, 11, 1) + dt.timedelta(days=day - 1)
        before = dict(conn.execute("SELECT customer_id, priority FROM customers"))
        assert rescore(conn, today, refit=False).mode == "due"
        assert stored(conn) == rewritten(conn, today), today
        after = dict(conn.execute("SELECT customer_id, priority FROM customers"))
        rises[day] = {cid: round(after[cid] - before[cid], 2) for cid in after if after[cid] != before[cid]}
    assert rises[22]["C1"] == rises[23]["C2"] == rises[25]["C1"] == 10.0   # the 14th, the 15th, the 17th out
    assert rises[33]["C3"] == 10.0   # the 25th out


def test_the_migration_keeps_the_days_refresh_contact_state_keeps_and_asks_for_a_rescore(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite"
    with closing(sqlite3.connect(path, isolation_level=None)) as old:
        monkeypatch.setattr(migrations, "MIGRATIONS", [m for m in migrations.MIGRATIONS if m.version < 100])
        migrations.apply_migrations(old)
        seed_branch(old)
        add_branch(old, "B2")
        add_customer(old, "C9", branch_id="B2")
        set_setting(old, "contact.budget_days", 3, scope="B2")
        wrong = insert_outcome(old, "C1", "2026-11-10T10:00:00", "reached", business_outcome="reactivated")
        insert_outcome(old, "C1", "2026-11-10T10:00:00", "reached", business_outcome="reactivated", channel="visit",
                       supersedes=wrong)
        for cid in ("C1", "C9", "X1"):   # X1: not (yet) in the customers table
            for at in ("2026-11-01T09:00:00", "2026-11-05T18:00:00", "2026-11-08T08:00:00", "2026-11-08T15:00:00"):
                insert_outcome(old, cid, at, "no_answer")
        insert_outcome(old, "C2", "2026-11-18T10:00:00", "reached", business_outcome="interested", channel="visit")
        old.executemany("INSERT INTO contact_state (customer_id, last_contact_at, contacts_total, attempts_recent)"
                        " VALUES (?, '2026-11-10T10:00:00', 4, 3)", [("C1",), ("C2",), ("C9",), ("X1",)])
        old.execute("UPDATE customers SET score_digest = 1, scored_on = '2026-11-20', scores_due_on = '2026-11-30'")
        old.execute("INSERT INTO scoring_runs (scored_on, branch_id, customers, fitted) VALUES ('2026-11-20', 'B1', 4, 0)")
    monkeypatch.undo()
    db = open_db(path)
    conn = db.conn
    migrated = conn.execute("SELECT customer_id, recent_attempt_days, attempts_recent FROM contact_state"
                            " ORDER BY customer_id").fetchall()
    assert [(cid, json.loads(days or "null"), n) for cid, days, n in migrated] == [
        ("C1", ["2026-11-01", "2026-11-05", "2026-11-08", "2026-11-08"], 0), ("C2", None, 0),
        ("C9", ["2026-11-05", "2026-11-08", "2026-11-08"], 0),   # B2 counts 3 days
        ("X1", ["2026-11-01", "2026-11-05", "2026-11-08", "2026-11-08"], 0)]
    refresh_contact_state(conn, None)
    assert conn.execute("SELECT customer_id, recent_attempt_days, attempts_recent FROM contact_state"
                        " ORDER BY customer_id").fetchall() == migrated
    assert conn.execute("SELECT customer_id FROM customers WHERE scored_on IS NULL AND score_digest IS NULL"
                        " AND scores_due_on IS NULL ORDER BY customer_id").fetchall() == [("C1",), ("C2",), ("C9",)]
    assert needs_rescore(conn, dt.date(2026, 11, 20))   # the day's run is done, but these are unscored
    rescore(conn, dt.date(2026, 11, 20), refit=False)
    assert not needs_rescore(conn, dt.date(2026, 11, 20))
    db.close()
