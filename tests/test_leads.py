"""Warm leads: signs of intent scored, and a call suggested to a warm lead with nothing booked."""

from datetime import date, datetime

import pytest
from factories import add_branch, add_customer, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)

from workbench import followups, leads
from workbench.outcomes import FollowUpRequest, log_outcome
from workbench.settings import DEFAULTS, set_setting

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 9, 0)


def logged(conn, at: str, result: str = "reached", outcome: str | None = None, cid: str = "C1", **kw):
    return log_outcome(conn, customer_id=cid, manager_id="M1", line_result=result, business_outcome=outcome,
                       at=datetime.fromisoformat(at), **kw)


def warm(conn, today=TODAY) -> dict:
    """The warm-lead suggestions on M1's agenda: customer -> suggestion."""
    return {s.customer_id: s for s in followups.care_suggestions(conn, "M1", today) if s.kind == leads.LEAD}


def test_the_score_adds_the_latest_intent_and_the_tags_up_to_100():
    day = date(2026, 11, 15)
    lead = leads.score("interested", day, "理财偏好, 基金浏览,信用卡,基金浏览", DEFAULTS)
    assert (lead.score, lead.intent_on) == (80, day)   # 50 + 10 + 20; an unscored tag or a repeat adds nothing
    assert [s.code for s in lead.signals] == ["interested", "理财偏好", "基金浏览"] and lead.warm(DEFAULTS)
    assert lead.reason() == ("Warm lead (80 points): interested on 2026-11-15 (+50), tag 理财偏好 (+10),"
                             " tag 基金浏览 (+20). No follow-up is booked.")
    assert lead.reason("zh_CN") == ("意向客户（80 分）：2026-11-15 有意向（+50），标签 理财偏好（+10），标签 基金浏览（+20）。"
                                    "尚未安排跟进。")
    assert leads.score("not_interested", day, "基金浏览", DEFAULTS).score == 20
    assert not leads.score("call_back", day, "", DEFAULTS).warm(DEFAULTS)           # 40: "not now" alone is not enough
    assert leads.score("call_back", day, "理财偏好", DEFAULTS).warm(DEFAULTS)          # 50
    rich = {**DEFAULTS, "leads.tag_points": {"基金浏览": 90, "贵宾": "many", "x": True}}   # a bank's odd override
    assert leads.score("appointment", day, "基金浏览,贵宾,x", rich).score == 100
    assert leads.tags_alone_can_warm(rich) and not leads.tags_alone_can_warm(DEFAULTS)


def test_an_interested_customer_with_nothing_booked_gets_a_call_suggested_until_the_interest_is_30_days_old(conn):
    logged(conn, "2026-11-15T10:00:00", outcome="interested")
    (only,) = warm(conn).values()
    assert (only.customer_id, only.due_on, only.channel) == ("C1", TODAY, "phone")
    assert only.reason == "Warm lead (50 points): interested on 2026-11-15 (+50). No follow-up is booked."
    assert only.purpose_text() == "warm lead call" and only.purpose_text("zh_CN") == "意向客户回访"
    assert "C1" in warm(conn, date(2026, 12, 15)) and warm(conn, date(2026, 12, 16)) == {}
    # First among the day's suggestions.
    conn.execute("UPDATE customers SET birthday = '1960-11-20' WHERE customer_id = 'C2'")
    assert [s.kind for s in followups.care_suggestions(conn, "M1", TODAY)] == [leads.LEAD, "birthday"]


def test_the_latest_call_that_reached_the_customer_decides(conn):
    logged(conn, "2026-11-10T10:00:00", outcome="interested")
    logged(conn, "2026-11-12T10:00:00", "no_answer")                 # not reached: the interest stands
    assert set(warm(conn)) == {"C1"}
    logged(conn, "2026-11-13T10:00:00", outcome="not_interested")   # their latest word
    assert warm(conn) == {}
    wrong = logged(conn, "2026-11-14T10:00:00", outcome="appointment", cid="C2")
    assert warm(conn)["C2"].reason.startswith("Warm lead (60 points): appointment booked on 2026-11-14")
    logged(conn, "2026-11-14T10:00:00", outcome="not_interested", cid="C2", supersedes=wrong.outcome_id)
    assert warm(conn) == {}                                          # the correction counts, the entry it replaced does not


def test_anything_pending_or_a_lead_call_given_since_the_interest_holds_the_suggestion_back(conn):
    logged(conn, "2026-11-15T10:00:00", outcome="interested",
           follow_up=FollowUpRequest(due_on=date(2026, 11, 25)))
    assert warm(conn) == {}                                          # booked with the outcome
    (booked,) = followups.open_for_customer(conn, "C1")
    followups.cancel(conn, booked.followup_id, at=NOW)
    (suggestion,) = warm(conn).values()
    lead_call = followups.accept_suggestion(conn, suggestion, at=NOW)
    assert followups.get(conn, lead_call).purpose == leads.LEAD and warm(conn) == {}
    followups.complete(conn, lead_call, at=NOW)
    assert warm(conn) == {}                                          # given once for this interest
    logged(conn, "2026-11-20T15:00:00", outcome="interested")       # the lead call: interested, nothing booked again
    assert set(warm(conn)) == {"C1"}


def test_the_contact_rules_and_the_call_list_decide_who_and_when(conn):
    logged(conn, "2026-11-19T10:00:00", outcome="interested")
    logged(conn, "2026-11-19T10:00:00", outcome="appointment", cid="C2")
    conn.execute("UPDATE customers SET do_not_call = 1 WHERE customer_id = 'C2'")
    conn.execute("UPDATE contact_state SET blocked_until = '2026-11-23T09:00:00', block_reason = 'budget'"
                 " WHERE customer_id = 'C1'")
    (only,) = warm(conn).values()
    assert (only.customer_id, only.due_on) == ("C1", date(2026, 11, 23)) and "2026-11-23" in only.reason


def test_tags_alone_make_a_lead_only_where_the_bank_scores_them_so(conn):
    conn.execute("UPDATE customers SET tags = '代发工资,基金浏览' WHERE customer_id = 'C3'")
    assert warm(conn) == {}
    set_setting(conn, "leads.tag_points", {"基金浏览": 50})
    (only,) = warm(conn).values()
    assert only.customer_id == "C3" and only.reason == "Warm lead (50 points): tag 基金浏览 (+50). No follow-up is booked."
    followups.accept_suggestion(conn, only, at=NOW)
    (given,) = followups.open_for_customer(conn, "C3")
    followups.complete(conn, given.followup_id, at=NOW)
    assert warm(conn, date(2026, 12, 19)) == {}                      # one call a window
    assert set(warm(conn, date(2026, 12, 21))) == {"C3"}


@pytest.mark.parametrize("key, value, shown", [
    ("leads.threshold", 60, False), ("leads.threshold", 50, True),
    ("leads.window_days", 4, False), ("leads.outcome_points", {"interested": 0}, False),
])
def test_the_bank_sets_the_line_the_window_and_the_points(conn, key, value, shown):
    logged(conn, "2026-11-15T10:00:00", outcome="interested")
    set_setting(conn, key, value)
    assert bool(warm(conn)) is shown


def test_the_card_gives_a_warm_leads_score_and_signs_booked_or_not(conn):
    from workbench.calllist import customer_profile

    logged(conn, "2026-11-15T10:00:00", outcome="interested", follow_up=FollowUpRequest(due_on=date(2026, 11, 25)))
    lead = customer_profile(conn, "C1", TODAY).lead
    assert lead == leads.of_customer(conn, "C1", TODAY, DEFAULTS)   # the Lead itself, which words itself
    assert lead.summary() == "Warm lead (50 points): interested on 2026-11-15 (+50)"
    assert lead.summary("zh_CN") == "意向客户（50 分）：2026-11-15 有意向（+50）"
    assert customer_profile(conn, "C2", TODAY).lead is None
    assert customer_profile(conn, "C1", date(2026, 12, 16)).lead is None   # the interest is more than 30 days old


def test_the_branch_list_has_every_managers_warm_leads_and_the_pools(conn):
    add_customer(conn, "P1", tags="基金浏览")
    add_customer(conn, "DNC")
    add_customer(conn, "NB", branch_id=None)   # an extract that named no branch: the bank's settings
    for cid, outcome in (("C1", "interested"), ("P1", "interested"), ("DNC", "appointment"), ("NB", "call_back")):
        logged(conn, "2026-11-15T10:00:00", outcome=outcome, cid=cid)
    conn.execute("UPDATE customers SET manager_id = NULL WHERE customer_id = 'P1'")   # their manager left, to the pool
    log_outcome(conn, customer_id="C4", manager_id="M2", line_result="reached", business_outcome="appointment",
                at=datetime(2026, 11, 16, 10), follow_up=FollowUpRequest(due_on=date(2026, 11, 25)))
    conn.execute("UPDATE customers SET do_not_call = 1 WHERE customer_id = 'DNC'")
    assert [w.customer_id for w in leads.warm_leads(conn, TODAY, manager_id="M1")] == ["C1"]   # call back alone: 40
    set_setting(conn, "leads.threshold", 40)
    assert [w.customer_id for w in leads.warm_leads(conn, TODAY, manager_id="M1")] == ["C1", "NB"]
    set_setting(conn, "leads.threshold", 50)
    found = leads.warm_leads(conn, TODAY)
    assert [(w.customer_id, w.manager_id, w.lead.score, w.booked) for w in found] == [("P1", None, 70, False),
                                                                                      ("C1", "M1", 50, False)]
    every = leads.warm_leads(conn, TODAY, booked_too=True)
    assert [(w.customer_id, w.booked) for w in every] == [("P1", False), ("C4", True), ("C1", False)]
    assert [w.customer_id for w in leads.warm_leads(conn, TODAY, manager_id="M1", booked_too=True)] == ["C1"]
    # The pool's alone, each with who logged the interest: the manager to route them to.
    assert [(w.customer_id, w.intent_by) for w in leads.warm_leads(conn, TODAY, pool=True, booked_too=True)] == [
        ("P1", "M1")]
    assert every[1].as_dict()["intent_by"] == "M2" and every[1].as_dict()["intent_by_name"] == "Staff M2"
    assert every[1].as_dict()["signals"] == [{"kind": "outcome", "code": "appointment", "points": 60.0,
                                              "on": "2026-11-16", "text": "Appointment booked on 2026-11-16 (+60)"}]


def test_a_threshold_of_nought_makes_no_one_warm_without_a_sign(conn):
    set_setting(conn, "leads.threshold", 0)
    assert not leads.score(None, None, "信用卡", DEFAULTS).signals
    assert not leads.of_customer(conn, "C1", TODAY, {**DEFAULTS, "leads.threshold": 0}).warm({**DEFAULTS, "leads.threshold": 0})
    assert warm(conn) == {} and leads.warm_leads(conn, TODAY) == []


def test_each_branch_is_read_by_its_own_settings(conn):
    add_branch(conn, "B2", parent_id="B1")
    add_customer(conn, "S2", branch_id="B2")
    for cid in ("C1", "S2"):
        logged(conn, "2026-11-15T10:00:00", outcome="call_back", cid=cid)   # 40 points each
    assert leads.warm_leads(conn, TODAY) == []
    set_setting(conn, "leads.threshold", 40, scope="B2")                   # a sub-branch's own line
    assert [w.customer_id for w in leads.warm_leads(conn, TODAY)] == ["S2"]


def test_a_leavers_interested_customers_handed_to_the_pool_are_listed_though_a_supervisor_keeps_their_follow_ups(conn):
    """README: a pool customer who showed interest is one to give a manager soon. The follow-up the supervisor
    keeps for them after the hand-over is no manager's booking, so they are in the default list, not booked."""
    from workbench.handover import hand_over

    logged(conn, "2026-11-15T10:00:00", outcome="interested", follow_up=FollowUpRequest(due_on=date(2026, 11, 25)))
    logged(conn, "2026-11-16T10:00:00", outcome="appointment", cid="C2")   # nothing booked
    log_outcome(conn, customer_id="C4", manager_id="M2", line_result="reached", business_outcome="interested",
                at=datetime(2026, 11, 16, 10), follow_up=FollowUpRequest(due_on=date(2026, 11, 25)))
    assert [w.customer_id for w in leads.warm_leads(conn, TODAY)] == ["C2"]   # C1 and C4 are booked with their managers
    hand_over(conn, "M1", None, at=NOW, by_id="S1", leave=True)
    assert conn.execute("SELECT owner_id FROM followups WHERE customer_id = 'C1'").fetchall() == [("S1",)]
    found = leads.warm_leads(conn, TODAY)
    assert [(w.customer_id, w.manager_id, w.booked) for w in found] == [("C2", None, False), ("C1", None, False)]
    every = leads.warm_leads(conn, TODAY, booked_too=True)
    assert [(w.customer_id, w.booked) for w in every] == [("C2", False), ("C1", False), ("C4", True)]
    # The pool screen's warm leads are the same customers.
    assert {w.customer_id for w in leads.warm_leads(conn, TODAY, pool=True, booked_too=True)} == {"C1", "C2"}


def test_the_command_names_the_pool_in_the_manager_column_as_no_staff_name(cli, db_path):
    from factories import seed_branch
    from workbench.db import open_db

    db = open_db(db_path)
    seed_branch(db)
    logged(db.conn, "2026-11-15T10:00:00", outcome="interested")
    db.conn.execute("UPDATE customers SET manager_id = NULL WHERE customer_id = 'C1'")
    db.close()
    now = ("--db", db_path, "--now", "2026-11-20T09:00:00", "--user", "S1")
    assert [line.split()[2] for line in cli(*now, "leads").stdout.splitlines() if "C1" in line] == ["(pool)"]
    assert [line.split()[2] for line in cli(*now, "--lang", "zh_CN", "leads").stdout.splitlines() if "C1" in line] == [
        "（待分配）"]
