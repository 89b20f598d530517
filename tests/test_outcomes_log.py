"""log_outcome: one transaction that records the contact and everything that follows from it."""

from datetime import date, datetime

import pytest
from factories import count_rows, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)

from workbench import audit, followups
from workbench.errors import WorkbenchError
from workbench.outcomes import FollowUpRequest, history, log_outcome

NOW = datetime(2026, 11, 20, 10, 0)
TABLES = ("outcomes", "followups", "followup_events", "audit_log", "contact_state")


def test_entry_audit_state_and_follow_up(conn):
    logged = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", at=NOW,
                         business_outcome="call_back", reason="no_need", note="下周三再打", script_id="zh-wake-up",
                         follow_up=FollowUpRequest(date(2026, 11, 25), "15:00"))
    row = conn.execute("SELECT customer_id, manager_id, terminal_id, at, recorded_at, line_result, business_outcome,"
                       " reason, note, script_id FROM outcomes WHERE outcome_id = ?", (logged.outcome_id,)).fetchone()
    terminal = conn.execute("SELECT value FROM meta WHERE key = 'terminal_id'").fetchone()[0]
    assert row == ("C1", "M1", terminal, "2026-11-20T10:00:00", "2026-11-20T10:00:00", "reached", "call_back",
                   "no_need", "下周三再打", "zh-wake-up")
    assert conn.execute("SELECT action, actor, subject FROM audit_log").fetchall() == [("outcome", "M1", "C1")]
    assert audit.verify(conn).ok
    item = followups.get(conn, logged.followup_id)
    assert (item.due_on, item.slot, item.owner_id, item.purpose, item.status) == (
        date(2026, 11, 25), "15:00", "M1", "call_back", "open")
    assert conn.execute("SELECT outcome_id FROM followup_events WHERE followup_id = ?",
                        (logged.followup_id,)).fetchone()[0] == logged.outcome_id
    state = conn.execute("SELECT last_reached_at, contacts_total FROM contact_state WHERE customer_id = 'C1'").fetchone()
    assert state == ("2026-11-20T10:00:00", 1)


def test_rescores_the_customer(conn):
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="no_answer", at=NOW)
    scored = dict(conn.execute("SELECT customer_id, scored_on FROM customers").fetchall())
    assert scored["C1"] == "2026-11-20" and scored["C2"] is None


def test_explicit_terminal_and_recorded_time(conn):
    logged = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="busy", at=NOW, terminal_id="T-9",
                         recorded_at=datetime(2026, 11, 20, 17, 0))
    assert conn.execute("SELECT terminal_id, recorded_at FROM outcomes WHERE outcome_id = ?",
                        (logged.outcome_id,)).fetchone() == ("T-9", "2026-11-20T17:00:00")


def test_reached_contact_closes_due_follow_ups_only(conn):
    overdue = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-18", at=datetime(2026, 11, 1))
    today = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-20", at=datetime(2026, 11, 1))
    future = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-28", at=datetime(2026, 11, 1))
    other = followups.schedule(conn, customer_id="C2", owner_id="M1", due_on="2026-11-18", at=datetime(2026, 11, 1))
    logged = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", at=NOW,
                         business_outcome="interested")
    status = {f: followups.get(conn, f).status for f in (overdue, today, future, other)}
    assert status == {overdue: "done", today: "done", future: "open", other: "open"}
    closed_by = conn.execute("SELECT DISTINCT outcome_id FROM followup_events WHERE kind = 'done'").fetchall()
    assert closed_by == [(logged.outcome_id,)]


def test_unanswered_attempt_keeps_the_promise_pending(conn):
    due = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-20", at=datetime(2026, 11, 1))
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="no_answer", at=NOW)
    assert followups.get(conn, due).status == "open"
    # ...until a new follow-up is booked, which takes its place: the callback moves to the new day, not kept.
    logged = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="no_answer",
                         at=datetime(2026, 11, 20, 15, 0), follow_up=FollowUpRequest(date(2026, 11, 21)))
    assert (followups.get(conn, due).status, followups.get(conn, due).due_on) == ("rescheduled", date(2026, 11, 21))
    assert [f.followup_id for f in followups.open_for_customer(conn, "C1")] == [logged.followup_id] == [due]


def test_do_not_call_sets_the_flag_at_once(conn):
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="busy", at=datetime(2026, 11, 19, 10))
    assert conn.execute("SELECT priority FROM customers WHERE customer_id = 'C1'").fetchone()[0] is not None
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", at=NOW, business_outcome="do_not_call")
    assert conn.execute("SELECT do_not_call FROM customers WHERE customer_id = 'C1'").fetchone()[0] == 1
    assert conn.execute("SELECT priority FROM customers WHERE customer_id = 'C1'").fetchone()[0] is None


def test_do_not_call_cancels_every_pending_follow_up(conn):
    later = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-12-01", at=datetime(2026, 11, 1))
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", at=NOW, business_outcome="do_not_call")
    assert followups.get(conn, later).status == "cancelled"
    with pytest.raises(WorkbenchError, match="asked not to be called"):
        followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-12-02", at=NOW)
    visit = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-12-02", at=NOW, channel="visit")
    assert followups.get(conn, visit).pending


def test_supervisor_may_log_for_anyone_and_the_follow_up_goes_to_the_manager(conn):
    logged = log_outcome(conn, customer_id="C4", manager_id="S1", line_result="reached", at=NOW,
                         business_outcome="call_back", follow_up=FollowUpRequest(date(2026, 11, 22)))
    assert followups.get(conn, logged.followup_id).owner_id == "M2"


def test_correction_supersedes(conn):
    wrong = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", at=NOW, business_outcome="complaint")
    assert conn.execute("SELECT block_reason FROM contact_state").fetchone()[0] == "cooloff_complaint"
    fixed = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", at=NOW,
                        business_outcome="interested", supersedes=wrong.outcome_id,
                        recorded_at=datetime(2026, 11, 20, 10, 5))
    assert conn.execute("SELECT block_reason FROM contact_state").fetchone()[0] is None
    records = history(conn, "C1")
    assert {r.outcome_id: r.superseded_by for r in records} == {wrong.outcome_id: fixed.outcome_id, fixed.outcome_id: None}


def test_outcome_log_is_append_only(conn):
    logged = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="busy", at=NOW)
    with pytest.raises(Exception, match="append-only"):
        conn.execute("UPDATE outcomes SET line_result = 'reached' WHERE outcome_id = ?", (logged.outcome_id,))
    with pytest.raises(Exception, match="append-only"):
        conn.execute("DELETE FROM outcomes")


@pytest.mark.parametrize("kwargs, message", [
    (dict(customer_id="NOPE"), "Unknown customer"),
    (dict(manager_id="NOPE"), "Unknown staff"),
    (dict(line_result="hung_up"), "Unknown line result"),
    (dict(business_outcome="maybe"), "Unknown business outcome"),
    (dict(reason="weather"), "Unknown dormancy reason"),
    (dict(channel="fax"), "Unknown channel"),
    (dict(line_result="no_answer", business_outcome="interested"), "needs the line result 'reached'"),
    (dict(note="字" * 2001), "2,001 characters"),
    (dict(customer_id="C4"), "not one of M1's customers"),
    (dict(follow_up=FollowUpRequest(date(2026, 11, 19))), "in the past"),
    (dict(follow_up=FollowUpRequest(date(2026, 11, 20), "09:59")), "in the past"),
    (dict(follow_up=FollowUpRequest(date(2026, 11, 21), "9am")), "HH:MM"),
    (dict(follow_up=FollowUpRequest(date(2026, 11, 21), channel="fax")), "Unknown channel"),
    (dict(supersedes="no-such-entry"), "no entry"),
    (dict(business_outcome="do_not_call", follow_up=FollowUpRequest(date(2026, 11, 21))), "cannot book a call"),
])
def test_validation_writes_nothing(conn, kwargs, message):
    followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-20", at=datetime(2026, 11, 1))
    before = count_rows(conn, *TABLES)
    args = dict(customer_id="C1", manager_id="M1", line_result="reached", at=NOW, business_outcome="interested")
    with pytest.raises(WorkbenchError, match=message) as caught:
        log_outcome(conn, **{**args, **kwargs})
    assert count_rows(conn, *TABLES) == before
    assert str(caught.value).count(".") >= 1 and "\n" not in str(caught.value)
    assert not conn.in_transaction


def test_note_of_exactly_2000_characters_is_fine(conn):
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="busy", at=NOW, note="x" * 2000)
    assert count_rows(conn, "outcomes")["outcomes"] == 1


def test_correcting_twice_or_across_customers_is_refused(conn):
    first = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="busy", at=NOW)
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="no_answer", at=NOW, supersedes=first.outcome_id)
    with pytest.raises(WorkbenchError, match="already corrected"):
        log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", at=NOW, supersedes=first.outcome_id)
    with pytest.raises(WorkbenchError, match="no entry"):
        log_outcome(conn, customer_id="C2", manager_id="M1", line_result="reached", at=NOW, supersedes=first.outcome_id)


def test_an_unknown_script_is_refused_and_nothing_written(conn):
    """A mistyped script id would be a script of its own in the report's funnel and the export."""
    before = count_rows(conn, *TABLES)
    with pytest.raises(WorkbenchError, match=r"^There is no script 'nonexist-script'; `workbench scripts export`"):
        log_outcome(conn, customer_id="C1", manager_id="M1", line_result="busy", at=NOW, script_id="nonexist-script")
    assert count_rows(conn, *TABLES) == before
