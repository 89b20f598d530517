"""A follow-up with a time is booked inside the call window of the customer's branch (a day alone, or a
visit, any time), when booked, moved or logged with a call (the CLI's refusal: test_followups_cli.py)."""

from datetime import datetime

import pytest
from factories import add_branch, add_customer, count_rows, seeded_conn  # noqa: F401 (conn fixture)

from workbench import followups
from workbench.errors import WorkbenchError
from workbench.outcomes import FollowUpRequest, log_outcome
from workbench.settings import set_setting

AT = datetime(2026, 11, 20, 10, 0)
OUTSIDE = "A follow-up at {} is outside the call window (09:00–20:00); book a time inside it, or the day alone."


def book(conn, slot, customer_id="C1", channel="phone"):
    return followups.schedule(conn, customer_id=customer_id, owner_id="M1", due_on="2026-11-21", slot=slot, at=AT,
                              channel=channel)


@pytest.mark.parametrize("slot", ["08:59", "20:00", "23:30", "00:00"])
def test_a_time_outside_the_window_is_refused(conn, slot):
    with pytest.raises(WorkbenchError) as refused:
        book(conn, slot)
    assert str(refused.value) == OUTSIDE.format(slot)
    assert count_rows(conn, "followup_events") == {"followup_events": 0}


@pytest.mark.parametrize("slot", ["09:00", "19:59", None])
def test_a_time_inside_or_a_day_alone_is_booked(conn, slot):
    fid = book(conn, slot)
    assert conn.execute("SELECT slot FROM followups WHERE followup_id = ?", (fid,)).fetchone() == (slot,)


def test_a_visit_is_not_held_to_the_call_window(conn):
    assert book(conn, "08:00", channel="visit")


def test_a_move_outside_the_window_is_refused_and_leaves_the_follow_up(conn):
    fid = book(conn, "10:00")
    with pytest.raises(WorkbenchError, match=r"at 20:30 is outside the call window \(09:00–20:00\)"):
        followups.reschedule(conn, fid, due_on="2026-11-23", slot="20:30", at=AT)
    followups.reschedule(conn, fid, due_on="2026-11-23", at=AT)   # the day alone keeps the time
    assert conn.execute("SELECT status, due_on, slot FROM followups").fetchall() == [("rescheduled", "2026-11-23", "10:00")]


def test_the_window_is_the_customers_branchs(conn):
    add_branch(conn, "B2")
    add_customer(conn, "C5", branch_id="B2")
    set_setting(conn, "contact.window_start", "08:00", scope="B2")
    set_setting(conn, "contact.window_end", "21:00", scope="B2")
    assert book(conn, "08:30", customer_id="C5") and book(conn, "20:30", customer_id="C5")
    with pytest.raises(WorkbenchError, match="at 08:30 is outside the call window"):
        book(conn, "08:30")   # C1 is at B1, on the bank's window
    with pytest.raises(WorkbenchError, match=r"at 07:30 is outside the call window \(08:00–21:00\)"):
        book(conn, "07:30", customer_id="C5")


def test_a_call_logged_with_a_follow_up_outside_the_window_writes_nothing(conn):
    with pytest.raises(WorkbenchError, match="at 21:00 is outside the call window"):
        log_outcome(conn, customer_id="C1", manager_id="M1", line_result="no_answer", at=AT,
                    follow_up=FollowUpRequest(due_on="2026-11-21", slot="21:00"))
    assert count_rows(conn, "outcomes", "followup_events") == {"outcomes": 0, "followup_events": 0}
