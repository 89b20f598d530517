"""A customer the manager booked a call or visit with for a later day waits for it: off the priority half until the
day, then at the top with the due follow-ups. Reached and booked for tomorrow, they stayed high on today's list,
to be rung again within the hour. The list's note counts them ('3 booked for a later day'). A booking does not wait
out a maturity: a customer whose holding matures within segments.maturity_within_days, on or before the booked day,
stays on the list for the roll-over call."""

import datetime as dt

import pytest

from engine_rows import TODAY, WAN, add_customer, add_followup, add_holding, basic_branch
from workbench.calllist import (BOOKED, CallListFilter, call_list, count_call_list, resting_counts, resting_parts)
from workbench.i18n import gettext
from workbench.scoring import rescore

NOW = dt.datetime(2026, 3, 10, 10, 0)


@pytest.fixture
def conn(fresh_db):
    conn = fresh_db.conn
    basic_branch(conn)
    for n, cid in enumerate(("C1", "C2", "C3", "C4")):
        add_customer(conn, cid, name=f"客户{n}", aum_fen=(10 + n) * WAN, last_activity_on="2024-06-01")
    rescore(conn, TODAY)
    return conn


def ids(conn, now=NOW, **filters):
    return [e.customer_id for e in call_list(conn, "M1", now, filters=CallListFilter(**filters) if filters else None)]


def test_a_call_or_visit_booked_for_a_later_day_keeps_the_customer_off_the_list_until_then(conn):
    add_followup(conn, "F1", "C1", "2026-03-11")                      # a call tomorrow
    add_followup(conn, "F2", "C2", "2026-03-20", channel="visit")     # a visit next week
    add_followup(conn, "F3", "C3", "2026-03-11", channel="sms")       # a greeting SMS is no plan to call
    assert sorted(ids(conn)) == ["C3", "C4"]
    assert count_call_list(conn, "M1", NOW) == 2
    assert resting_counts(conn, "M1", NOW) == {BOOKED: 2}
    assert resting_parts({BOOKED: 2}) == ["2 booked for a later day"]
    # Not among the resting: said apart ('66 resting: …, 24 booked' read as if the 24 were in the 66).
    assert resting_parts({"retry": 1, BOOKED: 2}, "zh_CN") == ["暂缓联系1位（稍后重拨1位）；另有已约日后跟进2位"]
    assert resting_parts({"retry": 1, BOOKED: 2}, "en") == ["1 resting (1 retry later); 2 more booked for a later day"]
    tomorrow = dt.datetime(2026, 3, 11, 9, 0)
    assert ids(conn, tomorrow)[0] == "C1" and call_list(conn, "M1", tomorrow)[0].is_follow_up   # the day brings them
    assert resting_counts(conn, "M1", tomorrow) == {BOOKED: 1}


@pytest.mark.parametrize("lang, said", [
    ("en", "47 resting (2 at the attempt limit, 44 not interested, 1 complained); 3 more booked for a later day"),
    ("zh_CN", "暂缓联系47位（已达联系次数上限2位，无意向44位，投诉1位）；另有已约日后跟进3位"),
])
def test_the_resting_read_as_one_sentence_broken_between_reasons_only(lang, said):
    """The reasons in brackets after the resting's count, the booked after them as more: the parts, joined by the
    list's comma (as the call list's filter line and the CLI join them), read as one sentence."""
    parts = resting_parts({"budget": 2, "cooloff_not_interested": 44, "cooloff_complaint": 1, BOOKED: 3}, lang)
    assert len(parts) == 3 and gettext(", ", lang).join(parts) == said
    assert resting_parts({"retry": 2}, lang) == [{"en": "2 resting (2 retry later)", "zh_CN": "暂缓联系2位（稍后重拨2位）"}[lang]]


def test_a_due_follow_up_lists_the_customer_once_whatever_else_is_booked(conn):
    add_followup(conn, "F1", "C1", "2026-03-10")
    add_followup(conn, "F2", "C1", "2026-03-17")
    entries = call_list(conn, "M1", NOW)
    assert [e.customer_id for e in entries].count("C1") == 1 and entries[0].is_follow_up
    assert resting_counts(conn, "M1", NOW) == {}


def test_only_the_managers_own_booking_counts(conn):
    add_followup(conn, "F1", "C1", "2026-03-11", owner_id="M2")
    assert "C1" in ids(conn)


def test_a_search_counts_the_booked_customers_it_matches(conn):
    add_followup(conn, "F1", "C1", "2026-03-11")
    assert ids(conn, search="客户0") == []
    assert resting_counts(conn, "M1", NOW, filters=CallListFilter(search="客户0")) == {BOOKED: 1}
    assert resting_counts(conn, "M1", NOW, filters=CallListFilter(search="客户1")) == {}


@pytest.fixture
def maturing(fresh_db):
    """C1..C4, each with a time deposit maturing on 2026-03-17 (in 7 days, within the 14-day window); C5 with one
    on 2026-04-30 (51 days ahead, outside it)."""
    conn = fresh_db.conn
    basic_branch(conn)
    for n, cid in enumerate(("C1", "C2", "C3", "C4", "C5")):
        add_customer(conn, cid, name=f"客户{n}", aum_fen=(10 + n) * WAN, last_activity_on="2024-06-01")
        add_holding(conn, cid, "time_deposit", "2026-04-30" if cid == "C5" else "2026-03-17")
    rescore(conn, TODAY)
    return conn


def test_a_call_booked_after_a_maturity_does_not_hide_the_customer_before_it(maturing):
    conn = maturing
    add_followup(conn, "F1", "C1", "2026-06-10")                      # months ahead: the money will have left
    add_followup(conn, "F2", "C2", "2026-03-17", channel="visit")     # on the maturity day itself: too late to talk
    add_followup(conn, "F3", "C3", "2026-03-12")                      # before the maturity: the roll-over call
    add_followup(conn, "F4", "C5", "2026-06-10")                      # the maturity is weeks outside the window
    listed = call_list(conn, "M1", NOW)
    assert sorted(e.customer_id for e in listed) == ["C1", "C2", "C4"]
    c1 = next(e for e in listed if e.customer_id == "C1")
    assert not c1.is_follow_up and any("matures in 7 days" in r.text for r in c1.reasons)
    assert count_call_list(conn, "M1", NOW) == 3
    assert resting_counts(conn, "M1", NOW) == {BOOKED: 2}            # C3 and C5 wait for their booking
    assert ids(conn, search="客户0") == ["C1"]
    assert resting_counts(conn, "M1", NOW, filters=CallListFilter(search="客户0")) == {}


def test_an_earlier_booking_before_the_maturity_still_covers_the_roll_over(maturing):
    conn = maturing
    add_followup(conn, "F1", "C1", "2026-03-12")
    add_followup(conn, "F2", "C1", "2026-06-10")
    assert "C1" not in ids(conn)
    assert resting_counts(conn, "M1", NOW) == {BOOKED: 1}


def test_a_maturity_entering_the_window_brings_the_customer_back_before_the_booked_day(maturing):
    conn = maturing
    add_followup(conn, "F1", "C5", "2026-06-10")
    assert "C5" not in ids(conn)
    day = dt.date(2026, 4, 16)                                        # 14 days before the maturity: the morning run
    rescore(conn, day, refit=False)
    now = dt.datetime.combine(day, dt.time(9, 0))
    assert "C5" in ids(conn, now) and BOOKED not in resting_counts(conn, "M1", now)
    # The window runs from the day asked about: a day earlier, 15 days ahead is beyond it, whatever is stored.
    assert "C5" not in ids(conn, dt.datetime(2026, 4, 15, 9, 0))
