"""A follow-up the same as one pending (customer, channel, day, time of day and purpose) is refused with one sentence
naming that one, whether booked or moved onto it (a contact logged asking for it is logged, and that one is its
follow-up); another purpose is another task (two
campaigns' notices, a greeting beside a text of one's own). The CLI's refusal: test_followups_cli.py."""

from datetime import date, datetime

import pytest
from factories import add_customer, count_rows, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)

from workbench import followups
from workbench.errors import WorkbenchError
from workbench.outcomes import FollowUpRequest, log_outcome

NOW = datetime(2026, 11, 20, 10, 0)
SAME = "客户C1 already has this follow-up: {when}, {channel} ({id}); move or cancel that one instead of booking it again."


def book(conn, due_on="2026-11-21", slot="10:00", channel="visit", customer_id="C1", purpose=None):
    return followups.schedule(conn, customer_id=customer_id, owner_id="M1", due_on=due_on, slot=slot, channel=channel,
                              purpose=purpose, at=NOW)


@pytest.mark.parametrize("slot, channel, purpose, when, label", [
    ("10:00", "visit", None, "2026-11-21 10:00", "Visit"), (None, "phone", "call_back", "2026-11-21", "Phone")])
def test_the_same_follow_up_twice_is_refused_naming_the_first(conn, slot, channel, purpose, when, label):
    first = book(conn, slot=slot, channel=channel, purpose=purpose)
    before = count_rows(conn, "followups", "followup_events")
    with pytest.raises(WorkbenchError) as refused:
        book(conn, slot=slot, channel=channel, purpose=purpose)
    assert str(refused.value) == SAME.format(when=when, channel=label, id=first[:8])
    assert count_rows(conn, "followups", "followup_events") == before


@pytest.mark.parametrize("change", [dict(slot="11:00"), dict(slot=None), dict(channel="phone"), dict(due_on="2026-11-22"),
                                    dict(customer_id="C2"), dict(purpose="maturity")])
def test_another_time_day_channel_customer_or_purpose_is_another_follow_up(conn, change):
    first = book(conn)
    assert book(conn, **change) != first


def test_one_done_or_cancelled_is_no_longer_in_the_way(conn):
    done, cancelled = book(conn), book(conn, slot="11:00")
    followups.complete(conn, done, at=NOW)
    followups.cancel(conn, cancelled, at=NOW)
    assert book(conn) and book(conn, slot="11:00")


def test_a_move_onto_another_pending_one_is_refused_and_onto_itself_is_not(conn):
    first, second = book(conn), book(conn, slot="11:00")
    with pytest.raises(WorkbenchError, match=f"already has this follow-up: 2026-11-21 10:00, Visit .{first[:8]}."):
        followups.reschedule(conn, second, due_on="2026-11-21", slot="10:00", at=NOW)
    assert followups.get(conn, second).slot == "11:00"
    assert followups.reschedule(conn, first, due_on="2026-11-21", at=NOW) == (date(2026, 11, 21), "10:00")


def test_a_contact_asking_for_one_already_pending_is_logged_and_that_one_is_its_follow_up(conn):
    """The call happened: refusing it would lose the contact (and its count under the contact rules) over
    the agenda, which already holds what it asks for."""
    first = book(conn, channel="phone", purpose="call_back")
    before = count_rows(conn, "outcomes", "followups", "followup_events")
    logged = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", business_outcome="call_back",
                         at=NOW, follow_up=FollowUpRequest(date(2026, 11, 21), "10:00"))
    assert logged.followup_id == first
    assert count_rows(conn, "outcomes", "followups", "followup_events") == {**before, "outcomes": before["outcomes"] + 1}


def test_the_chinese_refusal(conn):
    from workbench.i18n import set_language

    first = book(conn)
    set_language("zh_CN")   # conftest puts English back after the test
    with pytest.raises(WorkbenchError) as refused:
        book(conn)
    assert str(refused.value) == f"客户C1 已有同样的跟进：2026-11-21 10:00，上门拜访（{first[:8]}）；请改期或取消那一条，不要重复预约。"


def test_a_greeting_is_accepted_beside_a_text_of_another_purpose_that_day(conn):
    add_customer(conn, "C9", manager_id="M1", birthday="1960-11-22")
    suggested = [s for s in followups.care_suggestions(conn, "M1", NOW.date()) if s.kind == "birthday"]
    texted = followups.schedule(conn, customer_id="C9", owner_id="M1", due_on=suggested[0].due_on, channel="sms",
                                purpose="thank you", at=NOW)
    ids, left = followups.accept_suggestions(conn, suggested, at=NOW)
    assert left == 0 and {f.followup_id for f in followups.open_for_customer(conn, "C9")} == {texted, *ids}
    assert len(ids) == 1


@pytest.mark.parametrize("typed", [" call_back", "Call_Back", "call_back  "])
def test_a_code_typed_with_spaces_or_capitals_is_the_code_and_so_the_same_follow_up(conn, typed):
    first = book(conn, channel="phone", purpose="call_back")
    with pytest.raises(WorkbenchError, match=f"already has this follow-up: 2026-11-21 10:00, Phone .{first[:8]}."):
        book(conn, channel="phone", purpose=typed)


def test_words_of_ones_own_are_stored_trimmed_and_a_blank_purpose_is_none(conn):
    words = book(conn, channel="phone", purpose="  问问 房贷  ")
    blank = book(conn, channel="phone", due_on="2026-11-22", purpose="   ")
    assert (followups.get(conn, words).purpose, followups.get(conn, blank).purpose) == ("问问 房贷", None)
