"""The agenda: overdue, today, this week, later; an overdue follow-up never disappears by itself."""

from datetime import date, datetime, timedelta

from factories import add_customer, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)

from workbench import followups

CREATED = datetime(2026, 11, 1, 9, 0)


def ids(items):
    return [i.customer_id + ":" + i.due_on.isoformat() for i in items]


def test_buckets(conn):
    for cid, due in [("C1", "2026-11-10"), ("C2", "2026-11-20"), ("C3", "2026-11-21"), ("C1", "2026-11-26"),
                     ("C2", "2026-11-27"), ("C4", "2026-11-20")]:
        owner = "M2" if cid == "C4" else "M1"
        followups.schedule(conn, customer_id=cid, owner_id=owner, due_on=due, at=CREATED)
    agenda = followups.agenda(conn, "M1", date(2026, 11, 20))
    assert ids(agenda.overdue) == ["C1:2026-11-10"]
    assert ids(agenda.today) == ["C2:2026-11-20"]
    # 2026-11-20 is a Friday: this week is the weekend, next week is later.
    assert ids(agenda.this_week) == ["C3:2026-11-21"]
    assert ids(agenda.later) == ["C1:2026-11-26", "C2:2026-11-27"]
    assert ids(followups.agenda(conn, "M2", date(2026, 11, 20)).today) == ["C4:2026-11-20"]


def test_this_week_is_the_calendar_week_monday_to_sunday(conn):
    for due in ("2026-11-17", "2026-11-22", "2026-11-23"):   # Tuesday, Sunday, the Monday after
        followups.schedule(conn, customer_id="C1", owner_id="M1", due_on=due, at=CREATED)
    monday = followups.agenda(conn, "M1", date(2026, 11, 16))
    assert (ids(monday.this_week), ids(monday.later)) == (["C1:2026-11-17", "C1:2026-11-22"], ["C1:2026-11-23"])
    sunday = followups.agenda(conn, "M1", date(2026, 11, 22))
    assert (ids(sunday.today), sunday.this_week, ids(sunday.later)) == (["C1:2026-11-22"], [], ["C1:2026-11-23"])


def test_same_day_ordered_by_slot_then_any_time(conn):
    followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-20", at=CREATED)
    followups.schedule(conn, customer_id="C2", owner_id="M1", due_on="2026-11-20", slot="15:00", at=CREATED)
    followups.schedule(conn, customer_id="C3", owner_id="M1", due_on="2026-11-20", slot="09:30", at=CREATED)
    today = followups.agenda(conn, "M1", date(2026, 11, 20)).today
    assert [(i.customer_id, i.slot) for i in today] == [("C3", "09:30"), ("C2", "15:00"), ("C1", None)]


def test_a_time_slots_follow_ups_go_by_the_customers_priority_then_number(conn):
    """Not by follow-up id (random) nor by when each was booked: the highest priority first, as the call list ranks
    them; equal priorities (and the unscored, last) by customer number."""
    add_customer(conn, "C5", manager_id="M1")
    for cid, priority in (("C1", 12.5), ("C2", 80.0), ("C3", 80.0), ("C5", None)):
        conn.execute("UPDATE customers SET priority = ? WHERE customer_id = ?", (priority, cid))
    for n, cid in enumerate(("C5", "C1", "C3", "C2")):   # booked in this order, a minute apart
        followups.schedule(conn, customer_id=cid, owner_id="M1", due_on="2026-11-20", slot="10:00",
                           at=CREATED + timedelta(minutes=n))
    followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-20", slot="09:30", at=CREATED)
    today = followups.agenda(conn, "M1", date(2026, 11, 20)).today
    assert [(i.slot, i.customer_id) for i in today] == [("09:30", "C1"), ("10:00", "C2"), ("10:00", "C3"),
                                                        ("10:00", "C1"), ("10:00", "C5")]


def test_overdue_stays_until_done_or_rescheduled(conn):
    fid = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-05", at=CREATED)
    day = date(2026, 11, 6)
    for _ in range(60):  # two months later it is still there, still overdue
        assert [i.followup_id for i in followups.agenda(conn, "M1", day).overdue] == [fid]
        day += timedelta(days=1)
    followups.reschedule(conn, fid, due_on=day, at=datetime.combine(day, datetime.min.time()))
    agenda = followups.agenda(conn, "M1", day)
    assert agenda.overdue == [] and [i.followup_id for i in agenda.today] == [fid]
    followups.complete(conn, fid, at=datetime.combine(day, datetime.min.time()))
    assert all(not bucket for bucket in followups.agenda(conn, "M1", day).buckets().values())
