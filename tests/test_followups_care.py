"""Care touches: birthdays, maturities, the new-customer cadence and the woken-customer cadence become
suggested follow-ups."""

import json
from datetime import date, datetime

import pytest
from factories import add_customer, add_holding, count_rows, seed_branch, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)

from workbench import followups
from workbench.db import open_db
from workbench.errors import WorkbenchError
from workbench.outcomes import log_outcome
from workbench.settings import set_setting

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 9, 0)


def kinds(conn, owner="M1", today=TODAY):
    return [(s.customer_id, s.kind, s.due_on.isoformat()) for s in followups.care_suggestions(conn, owner, today)]


def test_birthday_within_lead_days(conn):
    add_customer(conn, "B1", birthday="1960-11-23")   # in 3 days: suggested
    add_customer(conn, "B2", birthday="1970-11-24")   # in 4 days: not yet
    add_customer(conn, "B3", birthday="1980-11-19")   # yesterday: next year
    assert kinds(conn) == [("B1", "birthday", "2026-11-23")]
    set_setting(conn, "care.birthday_lead_days", 4, scope="B1")
    assert [k[0] for k in kinds(conn)] == ["B1", "B2"]


def test_leap_day_birthday_falls_on_28_february(conn):
    add_customer(conn, "L1", birthday="1964-02-29")
    assert kinds(conn, today=date(2027, 2, 26)) == [("L1", "birthday", "2027-02-28")]


def test_birthday_across_the_new_year(conn):
    add_customer(conn, "Y1", birthday="1990-01-01")
    assert kinds(conn, today=date(2026, 12, 30)) == [("Y1", "birthday", "2027-01-01")]


def test_maturity_uses_the_longer_lead_and_the_earliest_holding(conn):
    add_holding(conn, "C1", product_name="三年定期", maturity_on="2026-12-02")   # 12 days: within 14
    add_holding(conn, "C1", product_name="理财A", maturity_on="2026-11-25")
    add_holding(conn, "C2", maturity_on="2026-12-10")                          # 20 days: too far
    add_holding(conn, "C3", maturity_on="2026-11-10")                          # already matured
    found = followups.care_suggestions(conn, "M1", TODAY)
    assert [(s.customer_id, s.kind, s.due_on) for s in found] == [("C1", "maturity", TODAY)]
    assert "理财A" in found[0].reason and "2026-11-25" in found[0].reason


@pytest.mark.parametrize("age, step", [(0, "welcome"), (6, "welcome"), (7, "care_sms"), (14, "care_sms"),
                                       (15, "kyc"), (90, "kyc"), (91, None)])
def test_new_customer_cadence(conn, age, step):
    opened = date.fromordinal(TODAY.toordinal() - age).isoformat()
    add_customer(conn, "N1", opened_on=opened)
    assert kinds(conn) == ([("N1", step, "2026-11-20")] if step else [])


def test_cadence_channels(conn):
    add_customer(conn, "N1", opened_on="2026-11-10")
    (suggestion,) = followups.care_suggestions(conn, "M1", TODAY)
    assert suggestion.channel == "sms" and suggestion.owner_id == "M1"


def test_skips_do_not_call_no_consent_inactive_and_other_managers(conn):
    add_customer(conn, "D1", birthday="1960-11-21", do_not_call=1)
    add_customer(conn, "D2", birthday="1960-11-21", consent=0)
    add_customer(conn, "D3", birthday="1960-11-21", active=0)
    add_customer(conn, "D4", birthday="1960-11-21", manager_id="M2")
    assert kinds(conn) == []
    assert kinds(conn, owner="M2") == [("D4", "birthday", "2026-11-21")]


def test_accepting_turns_it_into_a_follow_up_and_it_is_not_suggested_again(conn):
    add_customer(conn, "B1", birthday="1960-11-23")
    add_customer(conn, "N1", opened_on="2026-11-20")
    add_holding(conn, "C1", maturity_on="2026-11-25")
    suggestions = followups.care_suggestions(conn, "M1", TODAY)
    assert len(suggestions) == 3
    for s in suggestions:
        fid = followups.accept_suggestion(conn, s, at=NOW)
        item = followups.get(conn, fid)
        assert (item.customer_id, item.purpose, item.due_on, item.owner_id) == (s.customer_id, s.kind, s.due_on, "M1")
    assert followups.care_suggestions(conn, "M1", TODAY) == []
    # Done counts too: a birthday greeting sent is not suggested again that year.
    for item in followups.agenda(conn, "M1", TODAY).buckets().values():
        for f in item:
            followups.complete(conn, f.followup_id, at=NOW)
    assert followups.care_suggestions(conn, "M1", TODAY) == []


def test_next_cadence_step_after_the_first_is_done(conn):
    add_customer(conn, "N1", opened_on="2026-11-10")
    followups.schedule(conn, customer_id="N1", owner_id="M1", due_on="2026-11-20", at=NOW, purpose="care_sms")
    assert kinds(conn) == []
    assert kinds(conn, today=date(2026, 11, 30)) == [("N1", "kyc", "2026-11-30")]


def test_purpose_labels():
    assert followups.purpose_label("kyc") == "KYC call"
    assert followups.purpose_label("kyc", "zh_CN") == "了解客户（KYC）电话"
    assert followups.purpose_label("call_back", "zh_CN") == "稍后回电"
    assert followups.purpose_label("bring the passport") == "bring the passport"
    assert followups.purpose_label(None) == ""


# The contact rules -------------------------------------------------------------------------------

def logged(conn, at: str, result: str = "no_answer", outcome: str | None = None, cid: str = "C1", **kw):
    """Log a contact as the app does, at an injected time, so contact_state is the real fold of the log."""
    return log_outcome(conn, customer_id=cid, manager_id="M1", line_result=result, business_outcome=outcome,
                       at=datetime.fromisoformat(at), **kw)


def suggested(conn, today=TODAY):
    return [(s.customer_id, s.kind, s.due_on.isoformat(), s.channel) for s in followups.care_suggestions(conn, "M1", today)]


def occasions(conn, cid="C1"):
    """A birthday in 2 days (SMS), a deposit maturing in 12 days (call), a care-SMS step (opened 10 days ago)."""
    conn.execute("UPDATE customers SET birthday = '1960-11-22', opened_on = '2026-11-10' WHERE customer_id = ?", (cid,))
    add_holding(conn, cid, product_name="三年定期", maturity_on="2026-12-02")


def test_a_complaint_rest_allows_no_touch_at_all(conn):
    occasions(conn)
    assert [k[1] for k in suggested(conn)] == ["maturity", "care_sms", "birthday"]
    logged(conn, "2026-11-19T11:00:00", "reached", "complaint", reason="poor_service")   # rests until 17 Feb 11:00
    assert suggested(conn) == []                       # neither the greeting SMS nor the roll-over call
    conn.execute("UPDATE customers SET birthday = '1960-02-16' WHERE customer_id = 'C1'")
    assert suggested(conn, date(2027, 2, 14)) == []
    conn.execute("UPDATE customers SET birthday = '1960-02-17' WHERE customer_id = 'C1'")
    assert suggested(conn, date(2027, 2, 14)) == [("C1", "birthday", "2027-02-17", "sms")]


def test_a_not_interested_rest_moves_touches_past_it_while_their_occasion_lasts(conn):
    occasions(conn)
    logged(conn, "2026-10-25T15:00:00", "reached", "not_interested", reason="no_need")   # rests until 24 Nov 15:00
    # A greeting after the birthday (22 Nov) is pointless; the roll-over call (by 2 Dec) and the care SMS
    # (by day 14, 24 Nov) wait for the rest to end.
    assert suggested(conn) == [("C1", "maturity", "2026-11-24", "phone"), ("C1", "care_sms", "2026-11-24", "sms")]
    maturity = followups.care_suggestions(conn, "M1", TODAY)[0]
    assert maturity.reason == ("三年定期 matures on 2026-12-02: offer the roll-over."
                               " Not before 2026-11-24: rest after 'not interested'.")


def test_a_rest_that_outlasts_the_occasion_hides_it_but_a_later_holding_is_still_offered(conn):
    add_holding(conn, "C1", product_name="理财A", maturity_on="2026-11-23")
    logged(conn, "2026-10-25T15:00:00", "reached", "not_interested")                    # rests until 24 Nov
    assert suggested(conn) == []
    add_holding(conn, "C1", product_name="理财B", maturity_on="2026-11-30")
    (maturity,) = followups.care_suggestions(conn, "M1", TODAY)
    assert maturity.due_on == date(2026, 11, 24) and "理财B" in maturity.reason


def test_a_cadence_step_waits_inside_its_window_or_is_dropped(conn):
    add_customer(conn, "N1", opened_on="2026-11-17")      # welcome call, days 0-6: until 23 Nov
    add_customer(conn, "N2", opened_on="2026-10-01")      # KYC call, days 15-90: until 30 Dec
    for cid in ("N1", "N2"):
        logged(conn, "2026-11-18T10:00:00", "reached", "not_interested", cid=cid)   # rest until 18 Dec
    assert suggested(conn) == [("N2", "kyc", "2026-12-18", "phone")]


def test_a_retry_delay_keeps_today_or_moves_to_tomorrow_when_it_ends_after_the_call_window(conn):
    add_holding(conn, "C1", maturity_on="2026-11-30")
    add_holding(conn, "C2", maturity_on="2026-11-30")
    add_holding(conn, "C3", maturity_on="2026-11-30")
    logged(conn, "2026-11-20T08:30:00", cid="C1")           # retry at 12:30 today: still today
    logged(conn, "2026-11-19T16:30:00", cid="C2")           # retry at 20:30, after the window: not that day
    logged(conn, "2026-11-20T08:00:00", cid="C3")           # two unanswered today: tomorrow at 09:00
    logged(conn, "2026-11-20T08:40:00", "busy", cid="C3")
    assert suggested(conn) == [("C1", "maturity", "2026-11-20", "phone"), ("C2", "maturity", "2026-11-20", "phone"),
                               ("C3", "maturity", "2026-11-21", "phone")]
    (c2,) = followups.care_suggestions(conn, "M1", date(2026, 11, 19), customer_id="C2")   # as seen on the 19th
    assert c2.due_on == date(2026, 11, 20) and c2.reason.endswith("Not before 2026-11-20: retry delay.")


def test_the_contact_budget_moves_the_day_to_when_it_frees_up(conn):
    add_holding(conn, "C1", maturity_on="2026-11-30")
    for day in (16, 17, 18):
        logged(conn, f"2026-11-{day}T10:00:00")                                       # three attempts in seven days
    (maturity,) = followups.care_suggestions(conn, "M1", TODAY)
    assert maturity.due_on == date(2026, 11, 23) and maturity.reason.endswith("Not before 2026-11-23: contact budget.")


def test_no_touch_for_a_customer_without_a_usable_number(conn):
    add_customer(conn, "X1", birthday="1960-11-22", opened_on="2026-10-01", phone_raw="12345", phone_e164=None,
                 phone_valid=0, phone_kind=None, phone_problem="not a valid mainland mobile number")
    add_holding(conn, "X1", maturity_on="2026-11-30")
    occasions(conn, "C1")
    logged(conn, "2026-11-19T10:00:00", "no_such_number")   # the contact rules mark C1's number unusable
    assert conn.execute("SELECT phone_valid FROM customers WHERE customer_id = 'C1'").fetchone() == (0,)
    assert suggested(conn) == []


def test_an_sms_needs_a_mobile(conn):
    add_customer(conn, "L1", birthday="1960-11-22", opened_on="2026-11-10", phone_raw="021-62345678",
                 phone_e164="+862162345678", phone_kind="landline")
    add_holding(conn, "L1", maturity_on="2026-11-30")
    add_customer(conn, "L2", opened_on="2026-11-18", phone_raw="021-62345679", phone_e164="+862162345679",
                 phone_kind="landline")
    # No birthday SMS, no care SMS to a landline; the roll-over and welcome calls are fine.
    assert suggested(conn) == [("L1", "maturity", "2026-11-20", "phone"), ("L2", "welcome", "2026-11-20", "phone")]


def test_accepting_works_the_suggestion_out_again_and_refuses_what_the_rules_no_longer_allow(conn):
    occasions(conn)
    maturity, care_sms, birthday = followups.care_suggestions(conn, "M1", TODAY)
    logged(conn, "2026-11-20T08:00:00", cid="C1")
    logged(conn, "2026-11-20T08:30:00", cid="C1")        # two unanswered: nothing more before tomorrow
    fid = followups.accept_suggestion(conn, maturity, at=NOW)
    assert followups.get(conn, fid).due_on == date(2026, 11, 21)      # the day the rules allow, not the one shown
    with pytest.raises(WorkbenchError, match="no longer suggested"):
        followups.accept_suggestion(conn, maturity, at=NOW)           # accepted already
    logged(conn, "2026-11-20T08:45:00", "reached", "complaint")
    before = count_rows(conn, "followups", "followup_events")
    for stale in (care_sms, birthday):
        with pytest.raises(WorkbenchError, match="no longer suggested"):
            followups.accept_suggestion(conn, stale, at=NOW)
    assert count_rows(conn, "followups", "followup_events") == before


def test_the_cli_lists_what_the_rules_allow(cli, db_path):
    db = open_db(db_path)
    seed_branch(db)
    occasions(db.conn)
    logged(db.conn, "2026-10-25T15:00:00", "reached", "not_interested")
    db.close()
    shown = json.loads(cli("--db", db_path, "--now", "2026-11-20T09:00:00", "--user", "M1", "followups", "--suggest",
                           "--json").stdout)["suggestions"]
    assert [(s["customer_id"], s["kind"], s["due_on"]) for s in shown] == [("C1", "maturity", "2026-11-24"),
                                                                             ("C1", "care_sms", "2026-11-24")]


# Keeping a woken customer awake -------------------------------------------------------------------

def woken(conn, days_ago: int, cid: str = "W1") -> str:
    """A customer whose 'reactivated' outcome was logged days_ago; returns the outcome's id."""
    add_customer(conn, cid)
    at = datetime.combine(date.fromordinal(TODAY.toordinal() - days_ago), datetime.min.time()).replace(hour=10)
    return logged(conn, at.isoformat(), "reached", "reactivated", cid=cid).outcome_id


@pytest.mark.parametrize("age, step, channel", [
    (0, None, None), (1, "woken_thanks", "sms"), (7, "woken_thanks", "sms"), (8, None, None),
    (14, "woken_check", "phone"), (30, "woken_check", "phone"), (45, None, None),
    (60, "woken_review", "phone"), (90, "woken_review", "phone"), (91, None, None),
])
def test_a_woken_customer_is_kept_awake_on_a_cadence(conn, age, step, channel):
    woken(conn, age)
    assert suggested(conn) == ([("W1", step, "2026-11-20", channel)] if step else [])


def test_a_reactivation_head_office_confirmed_counts_from_the_activity_and_the_later_waking_wins(conn):
    add_customer(conn, "R1")
    conn.execute("INSERT INTO reactivations (outcome_id, customer_id, contacted_at, activity_on, confirmed_on)"
                 " VALUES ('o1', 'R1', '2026-10-01T10:00:00', '2026-10-25', '2026-11-01')")
    assert suggested(conn) == [("R1", "woken_check", "2026-11-20", "phone")]   # active again 26 days ago
    logged(conn, "2026-11-15T10:00:00", "reached", "reactivated", cid="R1")
    assert suggested(conn) == [("R1", "woken_thanks", "2026-11-20", "sms")]    # woken again 5 days ago


def test_a_corrected_reactivation_wakes_nobody(conn):
    wrong = woken(conn, 20)
    logged(conn, "2026-10-31T10:05:00", "reached", "interested", cid="W1", supersedes=wrong)
    assert suggested(conn) == [("W1", "warm_lead", "2026-11-20", "phone")]   # no cadence: an interest, with nothing booked


def test_the_woken_step_s_reason_and_its_acceptance(conn):
    woken(conn, 20)
    (suggestion,) = followups.care_suggestions(conn, "M1", TODAY)
    assert suggestion.reason == "Woken on 2026-10-31: check-in call."
    fid = followups.accept_suggestion(conn, suggestion, at=NOW)
    assert followups.get(conn, fid).purpose == "woken_check"
    assert suggested(conn) == [] and suggested(conn, date(2027, 1, 1)) == [("W1", "woken_review", "2027-01-01", "phone")]


def test_in_chinese_the_rest_note_follows_the_reason_without_a_space(conn):
    from workbench.i18n import set_language

    add_holding(conn, "C1", product_name="三年定期", maturity_on="2026-12-02")
    logged(conn, "2026-11-20T08:00:00", "no_answer")
    logged(conn, "2026-11-20T08:30:00", "busy")   # two unanswered today: nothing before tomorrow
    set_language("zh_CN")
    (suggestion,) = followups.care_suggestions(conn, "M1", TODAY)
    assert suggestion.due_on == date(2026, 11, 21)
    assert "承接。2026-11-21 之前不可联系" in suggestion.reason
