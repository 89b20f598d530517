"""Festival greetings (节日问候) as care suggestions: an SMS on the eve, to the customers worth a personal one."""

import sqlite3
from datetime import date, datetime

import pytest

from factories import add_customer, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)

from workbench import followups
from workbench.i18n import set_language
from workbench.outcomes import log_outcome
from workbench.settings import set_setting

RICH = 80_000_000   # 80万 in fen: above the 50万 line (tier 2)


def greetings(conn, today, owner="M1"):
    return [(s.customer_id, s.due_on.isoformat(), s.channel) for s in followups.care_suggestions(conn, owner, today)
            if s.kind == "festival"]


def test_a_greeting_is_suggested_from_lead_days_before_the_eve_until_the_festival(conn):
    add_customer(conn, "F1", aum_fen=RICH)
    # The Dragon Boat Festival 2026 is 19 June: the eve is 18 June, suggested from 15 June (3 days before it).
    assert greetings(conn, date(2026, 6, 14)) == []
    assert greetings(conn, date(2026, 6, 15)) == [("F1", "2026-06-18", "sms")]
    assert greetings(conn, date(2026, 6, 19)) == [("F1", "2026-06-19", "sms")]   # missed the eve: the day itself
    assert greetings(conn, date(2026, 6, 20)) == []
    set_setting(conn, "care.festival_lead_days", 5)
    assert greetings(conn, date(2026, 6, 13)) == [("F1", "2026-06-18", "sms")]


def test_only_customers_at_or_above_the_tier_are_greeted(conn):
    add_customer(conn, "F1", aum_fen=RICH)
    add_customer(conn, "F2", aum_fen=10_000_000)      # 10万: tier 1
    add_customer(conn, "F3", aum_fen=RICH, phone_kind="landline", phone_raw="02161234567", phone_e164="+862161234567")
    add_customer(conn, "F4", aum_fen=RICH, do_not_call=1)
    add_customer(conn, "F5", aum_fen=RICH, manager_id="M2")
    add_customer(conn, "F6", aum_fen=0)
    today = date(2026, 6, 16)
    assert greetings(conn, today) == [("F1", "2026-06-18", "sms")]   # no SMS to a landline; never a do-not-call
    assert greetings(conn, today, owner="M2") == [("F5", "2026-06-18", "sms")]
    set_setting(conn, "care.festival_min_tier", 1)   # the seeded C1-C3 hold 10万 too
    assert [g[0] for g in greetings(conn, today)] == ["C1", "C2", "C3", "F1", "F2"]
    set_setting(conn, "care.festival_min_tier", 0)
    assert [g[0] for g in greetings(conn, today)] == ["C1", "C2", "C3", "F1", "F2", "F6"]


def test_the_double_ninth_greets_only_the_elderly(conn):
    add_customer(conn, "OLD", aum_fen=RICH, birthday="1966-10-18")     # 60 on the day itself
    add_customer(conn, "YOUNG", aum_fen=RICH, birthday="1966-10-19")   # 60 a day later
    add_customer(conn, "NONE", aum_fen=RICH, birthday=None)
    # 2026's Double Ninth is 18 October.
    assert greetings(conn, date(2026, 10, 15)) == [("OLD", "2026-10-17", "sms")]
    set_setting(conn, "care.festival_elder_age", 55)
    assert [g[0] for g in greetings(conn, date(2026, 10, 15))] == ["OLD", "YOUNG"]


def test_festivals_in_one_week_get_one_greeting_named_for_both(conn):
    add_customer(conn, "F1", aum_fen=RICH)
    (greeting,) = [s for s in followups.care_suggestions(conn, "M1", date(2026, 9, 22)) if s.kind == "festival"]
    assert greeting.due_on == date(2026, 9, 24)
    assert greeting.reason == "Greeting for the Mid-Autumn Festival and National Day on 2026-09-25."
    set_language("zh_CN")
    (greeting,) = [s for s in followups.care_suggestions(conn, "M1", date(2026, 9, 22)) if s.kind == "festival"]
    assert greeting.reason == "2026-09-25 中秋节和国庆节问候。"
    # Nothing is suggested again for National Day itself, which that greeting covered.
    assert greetings(conn, date(2026, 9, 28)) == []


def test_a_younger_customer_is_greeted_for_national_day_alone_when_the_double_ninth_shares_it(conn):
    add_customer(conn, "OLD", aum_fen=RICH, birthday="1950-01-01")
    add_customer(conn, "YOUNG", aum_fen=RICH, birthday="1990-01-01")
    found = {s.customer_id: s.reason for s in followups.care_suggestions(conn, "M1", date(2033, 9, 29)) if s.kind == "festival"}
    assert found == {"OLD": "Greeting for National Day and the Double Ninth Festival on 2033-10-01.",
                     "YOUNG": "Greeting for National Day on 2033-10-01."}


def test_an_accepted_greeting_is_not_suggested_again(conn):
    add_customer(conn, "F1", aum_fen=RICH)
    (suggestion,) = followups.care_suggestions(conn, "M1", date(2026, 6, 16))
    fid = followups.accept_suggestion(conn, suggestion, at=datetime(2026, 6, 16, 9, 0))
    item = followups.get(conn, fid)
    assert (item.purpose, item.due_on, item.channel) == ("festival", date(2026, 6, 18), "sms")
    assert greetings(conn, date(2026, 6, 17)) == [] and greetings(conn, date(2026, 6, 19)) == []
    # The next festival is a new occasion.
    assert greetings(conn, date(2026, 9, 22)) == [("F1", "2026-09-24", "sms")]


def test_a_greeting_eight_days_before_does_not_stand_for_the_next_festival(conn):
    # 2029: the Mid-Autumn Festival is 22 September, National Day 1 October, nine days on: two greetings.
    add_customer(conn, "F1", aum_fen=RICH)
    (mid_autumn,) = followups.care_suggestions(conn, "M1", date(2029, 9, 20))
    followups.accept_suggestion(conn, mid_autumn, at=datetime(2029, 9, 20, 9, 0))
    assert greetings(conn, date(2029, 9, 28)) == [("F1", "2029-09-30", "sms")]


def test_a_rest_past_the_festival_drops_the_greeting_and_a_shorter_one_moves_it(conn):
    add_customer(conn, "F1", aum_fen=RICH)
    add_customer(conn, "F2", aum_fen=RICH)
    log_outcome(conn, customer_id="F1", manager_id="M1", line_result="reached", business_outcome="complaint",
                reason="poor_service", at=datetime(2026, 6, 10, 10, 0))      # rests 90 days
    set_setting(conn, "contact.cooloff_not_interested_days", 7)
    log_outcome(conn, customer_id="F2", manager_id="M1", line_result="reached", business_outcome="not_interested",
                at=datetime(2026, 6, 12, 9, 0))   # rests until 19 June 09:00
    add_customer(conn, "F3", aum_fen=RICH)
    for hour in (9, 10, 11):   # the contact budget, 3 calls in 7 days, holds calls alone: F3 is greeted on the eve
        log_outcome(conn, customer_id="F3", manager_id="M1", line_result="no_answer", at=datetime(2026, 6, 12, hour, 0))
    found = {s.customer_id: s for s in followups.care_suggestions(conn, "M1", date(2026, 6, 16)) if s.kind == "festival"}
    assert sorted(found) == ["F2", "F3"] and found["F2"].due_on == date(2026, 6, 19)
    assert "Not before 2026-06-19" in found["F2"].reason
    assert found["F3"].due_on == date(2026, 6, 18) and "Not before" not in found["F3"].reason


def test_accepting_all_greetings_at_once_is_one_transaction_that_leaves_what_is_no_longer_suggested(conn):
    for cid in ("F1", "F2", "F3"):
        add_customer(conn, cid, aum_fen=RICH)
    today = date(2026, 6, 16)
    shown = followups.care_suggestions(conn, "M1", today)
    assert [s.customer_id for s in shown] == ["F1", "F2", "F3"]
    # Since the list was drawn, F2 asked not to be called.
    conn.execute("UPDATE customers SET do_not_call = 1 WHERE customer_id = 'F2'")
    # (F1 listed twice, as a double press could send it: one follow-up.)
    ids, left = followups.accept_suggestions(conn, [*shown, shown[0]], at=datetime(2026, 6, 16, 9, 0), by_id="M1")
    assert left == 2 and [followups.get(conn, fid).customer_id for fid in ids] == ["F1", "F3"]
    assert all(followups.get(conn, fid).due_on == date(2026, 6, 18) for fid in ids)
    assert followups.care_suggestions(conn, "M1", today) == []
    # Asked again (a second press, another terminal): nothing is added twice.
    assert followups.accept_suggestions(conn, shown, at=datetime(2026, 6, 16, 9, 5)) == ([], 3)


def test_a_failure_part_way_adds_none_of_them(conn):
    for cid in ("F1", "F2"):
        add_customer(conn, cid, aum_fen=RICH)
    shown = followups.care_suggestions(conn, "M1", date(2026, 6, 16))
    # The second follow-up's write fails, as a full disk would fail it.
    conn.execute("CREATE TEMP TRIGGER second_fails BEFORE INSERT ON followup_events"
                 " WHEN (SELECT count(*) FROM followup_events) >= 1 BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    with pytest.raises(sqlite3.DatabaseError, match="disk full"):
        followups.accept_suggestions(conn, shown, at=datetime(2026, 6, 16, 9, 0))
    assert conn.execute("SELECT count(*) FROM followup_events").fetchone()[0] == 0
    conn.execute("DROP TRIGGER second_fails")
    assert followups.accept_suggestions(conn, shown, at=datetime(2026, 6, 16, 9, 0))[1] == 0


def test_greetings_sent_as_a_batch_are_completed_together(conn):
    for cid in ("F1", "F2", "F3"):
        add_customer(conn, cid, aum_fen=RICH)
    at = datetime(2026, 6, 16, 9, 0)
    ids, _left = followups.accept_suggestions(conn, followups.care_suggestions(conn, "M1", date(2026, 6, 16)), at=at)
    followups.cancel(conn, ids[2], at=at)   # closed meanwhile: left as it is
    done_at = datetime(2026, 6, 18, 17, 0)
    assert followups.complete_all(conn, [*ids, ids[0]], at=done_at, by_id="M1") == 2
    assert [followups.get(conn, fid).status for fid in ids] == ["done", "done", "cancelled"]
    assert followups.complete_all(conn, ids, at=done_at) == 0


def test_a_batch_that_fails_part_way_completes_none(conn):
    for cid in ("F1", "F2"):
        add_customer(conn, cid, aum_fen=RICH)
    at = datetime(2026, 6, 16, 9, 0)
    ids, _left = followups.accept_suggestions(conn, followups.care_suggestions(conn, "M1", date(2026, 6, 16)), at=at)
    conn.execute("CREATE TEMP TRIGGER second_fails BEFORE INSERT ON followup_events WHEN NEW.kind = 'done'"
                 " AND (SELECT count(*) FROM followup_events WHERE kind = 'done') >= 1 BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    with pytest.raises(sqlite3.DatabaseError, match="disk full"):
        followups.complete_all(conn, ids, at=at)
    assert [followups.get(conn, fid).status for fid in ids] == ["open", "open"]
