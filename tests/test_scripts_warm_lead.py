"""The script for following up a warm lead: chosen for the lead's call, filled in with what they said."""

from datetime import date, datetime

import pytest
from factories import seeded_conn  # noqa: F401 (the conn fixture)

from workbench import followups, leads
from workbench.i18n import gettext
from workbench.outcomes import log_outcome
from workbench.scripts import INTEREST_SAID, INTEREST_TALKED, INTEREST_WHEN, fitting_purposes, render_script
from workbench.settings import load_settings, set_setting

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 9, 0)


def said(conn, outcome: str, on: str = "2026-11-15", cid: str = "C1") -> None:
    log_outcome(conn, customer_id=cid, manager_id="M1", line_result="reached", business_outcome=outcome,
                at=datetime.fromisoformat(f"{on}T10:00:00"))


@pytest.mark.parametrize("outcome, en, zh", [
    ("interested", "When we spoke on 15 Nov you were interested in hearing more",
     "11月15日通话时您说对我们的产品感兴趣"),
    ("appointment", "When we spoke on 15 Nov we talked about meeting", "11月15日通话时我们说好了约个时间见面"),
])
def test_a_warm_leads_card_opens_on_the_follow_up_script_with_what_they_said(conn, outcome, en, zh):
    said(conn, outcome)
    for lang, clause, script_id in (("en", en, "en-warm-lead"), ("zh_CN", zh, "zh-warm-lead")):
        r = render_script(conn, "C1", today=TODAY, lang=lang)
        assert (r.script_id, r.purpose, r.fields["interest"]) == (script_id, "warm_lead", clause)
        assert clause in r.opening and "{interest}" not in r.opening


def test_a_sign_below_the_line_does_not_fit_the_script_until_the_line_is_lowered(conn):
    said(conn, "call_back")   # 40 points: not a warm lead
    assert render_script(conn, "C1", today=TODAY, lang="en").purpose == "wake_up"
    assert "warm_lead" not in fitting_purposes(conn, "C1", TODAY)   # the card's p key does not offer it
    assert render_script(conn, "C1", "warm_lead", today=TODAY, lang="en").purpose == "wake_up"
    set_setting(conn, "leads.threshold", 40)
    assert "warm_lead" in fitting_purposes(conn, "C1", TODAY)
    r = render_script(conn, "C1", "warm_lead", today=TODAY, lang="en")
    assert r.opening.startswith("Hello 客户C1, this is Staff M1 from Branch B1. When we spoke on 15 Nov you asked us to call"
                                " you back, so")


def test_without_a_sign_of_intent_the_script_does_not_fit(conn):
    assert "warm_lead" not in fitting_purposes(conn, "C1", TODAY)
    assert render_script(conn, "C1", "warm_lead", today=TODAY, lang="en").purpose == "wake_up"
    said(conn, "not_interested")   # their latest word: no sign
    assert "warm_lead" not in fitting_purposes(conn, "C1", TODAY)


def test_a_lead_on_tags_alone_is_told_it_has_been_looking(conn):
    set_setting(conn, "leads.tag_points", {"基金浏览": 60})
    conn.execute("UPDATE customers SET tags = '基金浏览' WHERE customer_id = 'C1'")
    r = render_script(conn, "C1", today=TODAY, lang="zh_CN")
    assert r.purpose == "warm_lead" and r.opening.startswith("客户C1您好，我是Branch B1的客户经理Staff M1。看到您最近在关注我们的产品，")


def test_the_accepted_warm_lead_call_opens_on_the_script_after_the_interest_has_faded(conn):
    said(conn, "interested", on="2026-10-25")
    (lead,) = [s for s in followups.care_suggestions(conn, "M1", TODAY) if s.kind == leads.LEAD]
    fid = followups.accept_suggestion(conn, lead, at=NOW)
    conn.execute("UPDATE followups SET due_on = '2026-12-01' WHERE followup_id = ?", (fid,))
    day = date(2026, 12, 1)   # the interest is 37 days old: no longer a sign, but the call is booked
    assert not leads.of_customer(conn, "C1", day, load_settings(conn, "B1")).signals
    r = render_script(conn, "C1", today=day, lang="en")
    assert (r.purpose, r.fields["interest"]) == ("warm_lead", "You showed an interest in our products")
    followups.complete(conn, fid, at=NOW)
    assert render_script(conn, "C1", today=day, lang="en").purpose == "wake_up"


def test_a_maturity_comes_before_the_lead(conn):
    said(conn, "interested")
    conn.execute("UPDATE customers SET triggers = 'maturity' WHERE customer_id = 'C1'")
    conn.execute("INSERT INTO holdings (customer_id, product_type, balance_fen, maturity_on)"
                 " VALUES ('C1', 'time_deposit', 10000000, '2026-11-25')")
    r = render_script(conn, "C1", today=TODAY, lang="en")
    assert r.purpose == "maturity_rollover" and "warm_lead" in r.purposes


def test_a_birthday_comes_before_the_lead(conn):
    said(conn, "interested")
    conn.execute("UPDATE customers SET birthday = '1970-11-22', segment = 'birthday_soon' WHERE customer_id = 'C1'")
    r = render_script(conn, "C1", today=TODAY, lang="en")
    assert r.purpose == "birthday" and "warm_lead" in r.purposes


def test_every_thing_a_customer_said_has_chinese_words():
    for text in (*INTEREST_SAID.values(), INTEREST_TALKED, *INTEREST_WHEN.values(),
                 "You have been looking at our products lately", "You showed an interest in our products"):
        assert gettext(text, "zh_CN") != text


def visited(conn, by: str, channel: str = "visit", outcome: str = "interested") -> None:
    """A contact with C1 (M1's) on 15 Nov that reached them, made by `by` on channel."""
    log_outcome(conn, customer_id="C1", manager_id=by, line_result="reached", business_outcome=outcome,
                channel=channel, at=datetime(2026, 11, 15, 10, 0))


@pytest.mark.parametrize("by, caller, channel, en, zh", [
    # A colleague's visit: the manager calling names them and the visit, never "when we spoke".
    ("S1", None, "visit", "When my colleague Staff S1 visited you on 15 Nov you were interested in hearing more",
     "11月15日我的同事Staff S1上门拜访时您说对我们的产品感兴趣"),
    # The same visit, read by the one who made it.
    ("S1", "S1", "visit", "When I visited you on 15 Nov you were interested in hearing more",
     "11月15日我上门拜访时您说对我们的产品感兴趣"),
    ("M1", None, "visit", "When I visited you on 15 Nov you were interested in hearing more",
     "11月15日我上门拜访时您说对我们的产品感兴趣"),
    # A colleague's call: the former manager, a cover.
    ("S1", None, "phone", "When my colleague Staff S1 spoke with you on 15 Nov you were interested in hearing more",
     "11月15日我的同事Staff S1和您通话时您说对我们的产品感兴趣"),
    # The manager's own call, read by a supervisor standing in: the manager is the colleague.
    ("M1", "S1", "phone", "When my colleague Staff M1 spoke with you on 15 Nov you were interested in hearing more",
     "11月15日我的同事Staff M1和您通话时您说对我们的产品感兴趣"),
    # A message the customer replied to.
    ("M1", None, "wechat", "When you replied to my message on 15 Nov you were interested in hearing more",
     "11月15日您回复我的消息时您说对我们的产品感兴趣"),
    ("S1", None, "sms", "When you replied to my colleague Staff S1's message on 15 Nov you were interested in hearing"
     " more", "11月15日您回复我的同事Staff S1的消息时您说对我们的产品感兴趣"),
])
def test_the_interest_says_how_the_contact_was_made_and_by_whom(conn, by, caller, channel, en, zh):
    visited(conn, by, channel)
    for lang, clause in (("en", en), ("zh_CN", zh)):
        r = render_script(conn, "C1", today=TODAY, lang=lang, caller_id=caller)
        assert r.purpose == "warm_lead" and r.fields["interest"] == clause and clause in r.opening


def test_a_colleague_whose_name_is_not_on_record_is_a_colleague_unnamed(conn):
    conn.execute("UPDATE staff SET name = 'S1' WHERE staff_id = 'S1'")   # added by an extract by id alone
    visited(conn, "S1", outcome="appointment")
    assert render_script(conn, "C1", today=TODAY, lang="zh_CN").fields["interest"] == "11月15日我的同事上门拜访时我们说好了约个时间见面"
    assert render_script(conn, "C1", today=TODAY, lang="en").fields["interest"] == (
        "When my colleague visited you on 15 Nov we talked about meeting")


def test_an_outcome_a_bank_gives_points_to_says_they_talked(conn):
    set_setting(conn, "leads.outcome_points", {"reactivated": 60})
    visited(conn, "M1", channel="phone", outcome="reactivated")
    for lang, clause in (("en", "When we spoke on 15 Nov you told us about your plans"),
                         ("zh_CN", "11月15日通话时您和我们聊了聊您的打算")):
        assert render_script(conn, "C1", today=TODAY, lang=lang).fields["interest"] == clause
