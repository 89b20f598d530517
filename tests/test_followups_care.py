"""Care touches: birthdays, maturities and the new-customer cadence become suggested follow-ups."""

from datetime import date, datetime

import pytest
from factories import add_customer, add_holding, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)

from workbench import followups
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
    assert followups.purpose_label("kyc", "zh_CN") == "了解客户(KYC)电话"
    assert followups.purpose_label("call_back", "zh_CN") == "稍后回电"
    assert followups.purpose_label("bring the passport") == "bring the passport"
    assert followups.purpose_label(None) == ""
