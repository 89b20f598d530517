"""Follow-ups and the contact rules: no call, SMS or WeChat is booked on a day the rules rest the customer,
and the agenda says when an older follow-up falls inside a rest."""

from datetime import date, datetime, timedelta

import pytest
from factories import count_rows, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)

from workbench import followups
from workbench.errors import WorkbenchError
from workbench.outcomes import FollowUpRequest, log_outcome

NOW = datetime(2026, 11, 20, 10, 0)
REST_ENDS = date(2026, 12, 20)   # 30 days after a 'not interested' on NOW


def not_interested(conn, at=NOW, **kwargs):
    return log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached",
                       business_outcome="not_interested", at=at, **kwargs)


def no_answer(conn, at):
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="no_answer", at=at)


def test_a_call_inside_the_rest_is_refused_and_names_the_first_free_day(conn):
    not_interested(conn)
    before = count_rows(conn, "followups", "followup_events")
    with pytest.raises(WorkbenchError, match=f"before {REST_ENDS}.*rest after 'not interested'.*plan a visit"):
        followups.schedule(conn, customer_id="C1", owner_id="M1", due_on=NOW.date() + timedelta(days=3), at=NOW)
    assert count_rows(conn, "followups", "followup_events") == before


def test_the_first_free_day_and_a_visit_inside_the_rest_are_booked(conn):
    not_interested(conn)
    on_time = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on=REST_ENDS, at=NOW)
    visit = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-23", at=NOW, channel="visit")
    assert [f.followup_id for f in followups.open_for_customer(conn, "C1")] == [visit, on_time]


@pytest.mark.parametrize("channel", ["sms", "wechat"])
def test_texts_count_as_contacts(conn, channel):
    not_interested(conn)
    with pytest.raises(WorkbenchError, match="allow no call, SMS or WeChat"):
        followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-23", at=NOW, channel=channel)


def test_an_outcome_whose_own_rest_covers_its_follow_up_writes_nothing(conn):
    before = count_rows(conn, "outcomes", "followups", "audit_log")
    with pytest.raises(WorkbenchError, match=f"before {REST_ENDS}"):
        not_interested(conn, follow_up=FollowUpRequest(due_on=date(2026, 11, 27)))
    assert count_rows(conn, "outcomes", "followups", "audit_log") == before


def test_an_outcome_may_book_its_follow_up_after_its_rest(conn):
    logged = not_interested(conn, follow_up=FollowUpRequest(due_on=REST_ENDS))
    assert followups.get(conn, logged.followup_id).due_on == REST_ENDS


def test_a_correction_that_ends_the_rest_may_book_inside_it(conn):
    wrong = not_interested(conn)
    logged = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", business_outcome="interested",
                         at=NOW + timedelta(minutes=5), supersedes=wrong.outcome_id,
                         follow_up=FollowUpRequest(due_on=date(2026, 11, 23)))
    assert followups.get(conn, logged.followup_id).due_on == date(2026, 11, 23)


def test_the_retry_delay_after_two_unanswered_calls_moves_the_call_to_tomorrow(conn):
    no_answer(conn, NOW)
    no_answer(conn, NOW + timedelta(hours=5))
    later = NOW + timedelta(hours=6)
    with pytest.raises(WorkbenchError, match="before 2026-11-21 .retry delay"):
        followups.schedule(conn, customer_id="C1", owner_id="M1", due_on=later.date(), at=later)
    followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-21", slot="09:00", at=later)


def test_a_retry_delay_ending_inside_the_day_still_allows_that_day(conn):
    no_answer(conn, NOW)   # blocked for four hours, until 14:00: the call window is open after that
    followups.schedule(conn, customer_id="C1", owner_id="M1", due_on=NOW.date(), slot="16:00", at=NOW)


def test_a_reschedule_into_the_rest_is_refused_and_a_visit_may_move(conn):
    call = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on=REST_ENDS, at=NOW)
    visit = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on=REST_ENDS, at=NOW, channel="visit")
    not_interested(conn)
    with pytest.raises(WorkbenchError, match=f"before {REST_ENDS}"):
        followups.reschedule(conn, call, due_on="2026-11-30", at=NOW)
    assert followups.get(conn, call).due_on == REST_ENDS
    followups.reschedule(conn, visit, due_on="2026-11-30", at=NOW)
    assert followups.get(conn, visit).due_on == date(2026, 11, 30)


def budget_spent(conn):
    """A follow-up in three days, then three unanswered calls over two days: the budget rests C1 for a week."""
    fid = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-23", at=NOW)
    for at in (NOW, NOW + timedelta(hours=5), NOW + timedelta(days=1)):
        no_answer(conn, at)
    return fid


def test_the_agenda_marks_a_follow_up_the_rules_now_rest(conn):
    fid = budget_spent(conn)
    item = followups.agenda(conn, "M1", date(2026, 11, 21)).later[0]
    assert (item.followup_id, item.not_before, item.rest_reason) == (fid, date(2026, 11, 27), "budget")
    assert item.as_dict()["not_before"] == "2026-11-27"
    assert followups.rest_note(item.not_before, item.rest_reason) == "Not before 2026-11-27: contact budget."


def test_the_agenda_mark_goes_once_the_rest_is_over(conn):
    budget_spent(conn)
    overdue = followups.agenda(conn, "M1", date(2026, 11, 27)).overdue[0]
    assert overdue.not_before is None and overdue.as_dict()["not_before"] is None
    assert followups.agenda(conn, "M1", date(2026, 11, 26)).overdue[0].not_before == date(2026, 11, 27)


def test_the_agenda_never_marks_a_visit(conn):
    visit = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-23", at=NOW, channel="visit")
    not_interested(conn)
    item = followups.agenda(conn, "M1", NOW.date()).later[0]
    assert (item.followup_id, item.not_before) == (visit, None)
