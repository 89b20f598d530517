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


# A follow-up inside the retry delay: the call list hides the customer as 稍后重拨 until the delay ends, so a
# call booked before that is refused, naming the first time allowed (the CLI's: test_outcomes_missed_call.py).
INSIDE_RETRY = ("The contact rules allow no call to 客户C1 before 14:00 on 2026-11-20 (retry delay); book the"
                " follow-up for 14:00 or later, or the day alone, or send an SMS or WeChat, or plan a visit.")


@pytest.mark.parametrize("slot", ["10:30", "13:59"])
def test_a_call_booked_inside_the_retry_delay_is_refused_naming_the_first_time(conn, slot):
    no_answer(conn, NOW)   # retry after four hours: 14:00
    before = count_rows(conn, "followups", "followup_events")
    with pytest.raises(WorkbenchError) as refused:
        followups.schedule(conn, customer_id="C1", owner_id="M1", due_on=NOW.date(), slot=slot, at=NOW)
    assert str(refused.value) == INSIDE_RETRY
    assert count_rows(conn, "followups", "followup_events") == before


@pytest.mark.parametrize("slot, channel", [("14:00", "phone"), (None, "phone"), ("10:30", "visit")])
def test_the_end_of_the_retry_delay_the_day_alone_or_a_visit_are_booked(conn, slot, channel):
    no_answer(conn, NOW)
    assert followups.schedule(conn, customer_id="C1", owner_id="M1", due_on=NOW.date(), slot=slot, at=NOW,
                              channel=channel)


def test_a_delay_ending_within_a_minute_names_the_next_whole_minute(conn):
    no_answer(conn, NOW.replace(second=30))   # allowed again from 14:00:30
    with pytest.raises(WorkbenchError, match="before 14:01 on 2026-11-20"):
        followups.schedule(conn, customer_id="C1", owner_id="M1", due_on=NOW.date(), slot="14:00", at=NOW)
    followups.schedule(conn, customer_id="C1", owner_id="M1", due_on=NOW.date(), slot="14:01", at=NOW)


def test_a_missed_call_booking_its_retry_too_soon_writes_nothing(conn):
    before = count_rows(conn, "outcomes", "followups", "followup_events", "audit_log")
    with pytest.raises(WorkbenchError) as refused:
        log_outcome(conn, customer_id="C1", manager_id="M1", line_result="phone_off", at=NOW,
                    follow_up=FollowUpRequest(due_on=NOW.date(), slot="10:30"))
    assert str(refused.value) == INSIDE_RETRY
    assert count_rows(conn, "outcomes", "followups", "followup_events", "audit_log") == before


def test_a_move_inside_the_retry_delay_is_refused_the_kept_time_too(conn):
    fid = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-21", slot="11:00", at=NOW)
    no_answer(conn, NOW)
    with pytest.raises(WorkbenchError, match="before 14:00 on 2026-11-20 .retry delay.; book the follow-up for 14:00"):
        followups.reschedule(conn, fid, due_on=NOW.date(), slot="12:00", at=NOW)
    with pytest.raises(WorkbenchError, match=r"^The follow-up keeps its time, 11:00, but .* no earlier than 14:00"):
        followups.reschedule(conn, fid, due_on=NOW.date(), at=NOW)
    assert followups.reschedule(conn, fid, due_on=NOW.date(), slot="15:00", at=NOW) == (NOW.date(), "15:00")


def test_the_budget_ending_inside_a_day_holds_its_time_too(conn):
    budget_spent(conn)   # the oldest of three attempts was at 10:00 on the 20th: free from 10:00 on the 27th
    with pytest.raises(WorkbenchError, match="before 10:00 on 2026-11-27 .contact budget."):
        followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-27", slot="09:30", at=NOW)
    followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-27", slot="10:00", at=NOW)


def test_the_refusal_in_chinese_says_no_earlier_than(conn):
    from workbench.i18n import set_language

    no_answer(conn, NOW)
    set_language("zh_CN")   # conftest puts English back after the test
    with pytest.raises(WorkbenchError) as refused:
        followups.schedule(conn, customer_id="C1", owner_id="M1", due_on=NOW.date(), slot="10:30", at=NOW)
    assert str(refused.value) == ("按联系规则，2026-11-20 14:00 之前不可给客户C1 打电话（重拨间隔）；"
                                  "请把跟进约在不早于 14:00 的时间，或只填日期，也可改发短信或微信，或改为上门拜访。")


@pytest.mark.parametrize("lang, refusal", [
    ("en", r"^Not saved: The contact rules allow no call to \S+ before 14:00 on 2026-11-20 \(retry delay\);"),
    ("zh_CN", r"请把跟进约在不早于 14:00 的时间"),
])
def test_the_outcome_form_shows_the_retry_refusal_and_saves_nothing(tmp_path, lang, refusal):
    """The form says what the CLI says: a missed call whose retry is booked before the delay ends is not saved."""
    import re
    import sqlite3

    from tui_fixtures import NOW as TUI_NOW, build, pressed, settle, sync
    from workbench.screens.app import WorkbenchApp
    from workbench.screens.outcome_form import OutcomeForm

    db_file = build(tmp_path / "form.sqlite")

    @sync
    async def run():
        app = WorkbenchApp(db_file, now=TUI_NOW, lang=lang, user="M1")
        async with app.run_test(size=(100, 30)) as pilot:
            form = await pressed(pilot, OutcomeForm, "o")
            await pilot.press("2")   # no answer: retry after four hours, at 14:00
            form.query_one("#when").value = "10点半"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, OutcomeForm)
            assert re.search(refusal, str(app.screen.query_one("#form-status").render()).strip())

    run()
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT count(*) FROM outcomes").fetchone() == (0,)


# (line result, business outcome, day, time, refused): the contact this is, then a follow-up time tried after it.
AFTER_A_CONTACT = [
    ("no_answer", None, NOW.date(), "13:00", True), ("no_answer", None, NOW.date(), "14:00", False),
    ("reached", "not_interested", date(2026, 12, 1), None, True), ("reached", "not_interested", REST_ENDS, "10:00", False),
    ("reached", "interested", NOW.date(), "21:00", True), ("reached", "interested", NOW.date() + timedelta(days=1), "", False),
]


@pytest.mark.parametrize("line, outcome, due, slot, refused", AFTER_A_CONTACT)
def test_the_rules_with_a_contact_folded_in_refuse_what_the_save_refuses_once_it_is_logged(conn, line, outcome, due,
                                                                                            slot, refused):
    """What the outcome form's preview asks before the contact is saved (contact_rules_refusal, the contact folded in)
    is what check_contact_rules says once log_outcome has logged it: the same sentence, or none."""
    from workbench.rules import Entry, read_contact_state
    from workbench.settings import load_settings

    no_answer(conn, NOW - timedelta(days=1))   # an earlier contact the rules fold in too
    customer = followups.customer_row(conn, "C1")
    before = followups.contact_rules_refusal(load_settings(conn, customer[3]), read_contact_state(conn, "C1", entries=True),
                                             customer[1], due, slot, "phone", contact=Entry(NOW, "phone", line, outcome))
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result=line, business_outcome=outcome, at=NOW)
    try:
        followups.check_contact_rules(conn, customer, due, slot, "phone")
    except WorkbenchError as said:
        assert before == str(said)
    else:
        assert before is None
    assert (before is not None) == refused
