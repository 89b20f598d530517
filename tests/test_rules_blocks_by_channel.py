"""A block the customer's calls made (the contact budget, the retry delay) holds calls alone: a manager who may not ring
a customer again this week may still send the care SMS or a WeChat, and the refusal of a call says so. The rests after
"not interested" or a complaint hold every channel, as before. Real database files, the real log and agenda."""

from datetime import date, datetime

import pytest
from factories import add_customer, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)

from workbench import followups
from workbench.errors import WorkbenchError
from workbench.outcomes import log_outcome
from workbench.rules import Entry, block_on, contact_state_for
from workbench.settings import DEFAULTS, set_setting

NOW = datetime(2026, 11, 20, 9, 0)


def entry(at: str, result: str = "no_answer", outcome: str | None = None, channel: str = "phone") -> Entry:
    return Entry(datetime.fromisoformat(at), channel, result, outcome)


THREE_CALLS = [entry("2026-11-16T10:00"), entry("2026-11-17T10:00"), entry("2026-11-18T10:00")]


def test_the_budget_holds_calls_and_a_rest_every_channel():
    assert block_on(THREE_CALLS, DEFAULTS, "phone") == ("2026-11-23T10:00:00", "budget")
    for channel in ("sms", "wechat", "visit"):
        assert block_on(THREE_CALLS, DEFAULTS, channel) == (None, None), channel
    stored = contact_state_for(THREE_CALLS, DEFAULTS)
    assert (stored["blocked_until"], stored["block_reason"]) == ("2026-11-23T10:00:00", "budget")   # the call list's
    # "Not interested" on the first call, a rest of 3 days: shorter than the budget the calls after it made, it still
    # holds a message until it ends (the stored block, the latest, is the budget's).
    short_rest = dict(DEFAULTS, **{"contact.cooloff_not_interested_days": 3})
    said_no = [entry("2026-11-16T10:00", "reached", "not_interested"), *THREE_CALLS[1:], entry("2026-11-18T15:00")]
    assert contact_state_for(said_no, short_rest)["block_reason"] == "budget"
    assert block_on(said_no, short_rest, "sms") == ("2026-11-19T10:00:00", "cooloff_not_interested")
    assert block_on(said_no, short_rest, "phone") == ("2026-11-24T10:00:00", "budget")


def _three_calls(conn, cid="C1"):
    for day in (16, 17, 18):
        log_outcome(conn, customer_id=cid, manager_id="M1", line_result="no_answer", at=datetime(2026, 11, day, 10))


def _book(conn, channel, due="2026-11-21", cid="C1", **kw):
    return followups.schedule(conn, customer_id=cid, owner_id="M1", due_on=due, at=NOW, channel=channel, **kw)


def test_at_the_call_limit_an_sms_or_wechat_is_booked_and_a_call_refused_naming_the_call(conn):
    _three_calls(conn)
    with pytest.raises(WorkbenchError) as refused:
        _book(conn, "phone")
    assert str(refused.value) == (
        "The contact rules allow no call to 客户C1 before 2026-11-23 (contact budget); book the follow-up for that day"
        " or later, or send an SMS or WeChat, or plan a visit.")   # was: "no call, SMS or WeChat"
    assert _book(conn, "sms", purpose="care_sms") and _book(conn, "wechat")   # was refused as the call is
    with pytest.raises(WorkbenchError, match=r"no call to 客户C1 before 10:00 on 2026-11-23 \(contact budget\)"):
        _book(conn, "phone", due="2026-11-23", slot="09:30")
    assert _book(conn, "phone", due="2026-11-23", slot="10:30")


def test_a_rest_after_not_interested_still_refuses_every_channel_as_before(conn):
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", business_outcome="not_interested",
                at=datetime(2026, 11, 18, 10))
    for channel in ("phone", "sms", "wechat"):
        with pytest.raises(WorkbenchError) as refused:
            _book(conn, channel)
        assert str(refused.value) == (
            "The contact rules allow no call, SMS or WeChat to 客户C1 before 2026-12-18 (rest after 'not interested');"
            " book the follow-up for that day or later, or plan a visit."), channel


def test_a_short_rest_hidden_behind_the_budget_still_holds_a_message(conn):
    set_setting(conn, "contact.cooloff_not_interested_days", 3)
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", business_outcome="not_interested",
                at=datetime(2026, 11, 18, 9))
    _three_calls(conn)
    with pytest.raises(WorkbenchError, match=r"no call, SMS or WeChat to 客户C1 before 2026-11-21 \(rest after"):
        _book(conn, "sms", due="2026-11-20")
    assert _book(conn, "sms", due="2026-11-21")


def test_the_agenda_marks_the_call_to_wait_and_not_the_sms(conn):
    sms = _book(conn, "sms", due="2026-11-20", purpose="care_sms")
    call = _book(conn, "phone", due="2026-11-20")
    _three_calls(conn)
    items = {i.followup_id: i for bucket in followups.agenda(conn, "M1", date(2026, 11, 20)).buckets().values()
             for i in bucket}
    assert (items[call].not_before, items[call].rest_reason) == (date(2026, 11, 23), "budget")
    assert (items[sms].not_before, items[sms].rest_reason) == (None, None)   # was: not before 11-23, at the limit


def test_a_birthday_sms_is_suggested_on_its_day_at_the_call_limit(conn):
    add_customer(conn, "B1", birthday="1960-11-21")
    _three_calls(conn, "B1")
    got = [(s.customer_id, s.kind, s.due_on.isoformat(), s.channel)
           for s in followups.care_suggestions(conn, "M1", date(2026, 11, 20)) if s.customer_id == "B1"]
    assert got == [("B1", "birthday", "2026-11-21", "sms")]   # was: none, the rest past the birthday
