"""Follow-ups: schedule, reschedule, complete, cancel; pending ones and their events."""

from datetime import date, datetime

import pytest
from factories import count_rows, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)

from workbench import followups
from workbench.errors import WorkbenchError

NOW = datetime(2026, 11, 20, 10, 0)


def events(conn, fid):
    return [r[0] for r in conn.execute("SELECT kind FROM followup_events WHERE followup_id = ? ORDER BY at", (fid,))]


def test_schedule_creates_an_open_follow_up(conn):
    fid = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-21", slot="10:30", at=NOW,
                             purpose="call_back")
    item = followups.get(conn, fid)
    assert (item.due_on, item.slot, item.status, item.owner_id, item.purpose) == (
        date(2026, 11, 21), "10:30", "open", "M1", "call_back")
    assert item.customer_name == "客户C1" and item.pending
    assert events(conn, fid) == ["created"]


def test_reschedule_then_complete_in_the_same_second_keeps_order(conn):
    fid = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on=date(2026, 11, 20), at=NOW)
    followups.reschedule(conn, fid, due_on="2026-11-25", at=NOW)
    assert followups.get(conn, fid).status == "rescheduled"
    assert followups.get(conn, fid).due_on == date(2026, 11, 25)
    followups.complete(conn, fid, at=NOW)
    assert followups.get(conn, fid).status == "done"
    assert events(conn, fid) == ["created", "rescheduled", "done"]
    assert followups.open_for_customer(conn, "C1") == []


def test_cancel(conn):
    fid = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-22", at=NOW)
    followups.cancel(conn, fid, at=NOW, by_id="M1")
    assert followups.get(conn, fid).status == "cancelled"


def test_closed_follow_up_cannot_change_again(conn):
    fid = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-22", at=NOW)
    followups.complete(conn, fid, at=NOW)
    with pytest.raises(WorkbenchError, match="already done"):
        followups.reschedule(conn, fid, due_on="2026-11-23", at=NOW)
    with pytest.raises(WorkbenchError, match="already done"):
        followups.cancel(conn, fid, at=NOW)


@pytest.mark.parametrize("kwargs, message", [
    (dict(customer_id="NOPE", owner_id="M1", due_on="2026-11-22"), "Unknown customer"),
    (dict(customer_id="C1", owner_id="NOPE", due_on="2026-11-22"), "Unknown staff"),
    (dict(customer_id="C1", owner_id="M1", due_on="2026-11-19"), "in the past"),
    (dict(customer_id="C1", owner_id="M1", due_on="2026-11-20", slot="09:00"), "in the past"),
    (dict(customer_id="C1", owner_id="M1", due_on="2026-11-22", slot="25:00"), "HH:MM"),
    (dict(customer_id="C1", owner_id="M1", due_on="22/11/2026"), "YYYY-MM-DD"),
    (dict(customer_id="C1", owner_id="M1", due_on="2026-11-22", channel="fax"), "Unknown channel"),
])
def test_bad_schedule_writes_nothing(conn, kwargs, message):
    before = count_rows(conn, "followups", "followup_events")
    with pytest.raises(WorkbenchError, match=message):
        followups.schedule(conn, at=NOW, **kwargs)
    assert count_rows(conn, "followups", "followup_events") == before
    assert not conn.in_transaction


def test_unknown_follow_up(conn):
    with pytest.raises(WorkbenchError, match="Unknown follow-up"):
        followups.complete(conn, "nope", at=NOW)


def test_joins_the_callers_transaction(conn):
    conn.execute("BEGIN IMMEDIATE")
    followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-22", at=NOW)
    assert conn.in_transaction
    conn.execute("ROLLBACK")
    assert count_rows(conn, "followups")["followups"] == 0
