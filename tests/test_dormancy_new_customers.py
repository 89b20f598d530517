"""A new customer is new, not dormant: an account opened yesterday and not yet funded scored 94 on dormancy and was
listed as low-value dormant as well as new. Scored through the real rescore, the card read in both languages."""

from __future__ import annotations

import datetime as dt

import pytest

from engine_rows import TODAY, add_customer, basic_branch, day
from workbench.calllist import customer_profile, explain
from workbench.i18n import set_language
from workbench.scoring import rescore
from workbench.screens.card_text import profile_text
from workbench.settings import set_setting

YESTERDAY = day(-1)
CLOSES = 89   # the morning the account opened yesterday is 90 days old: segments.new_customer_days
TEXT = {
    "en": {"new": "New customer: account opened yesterday", "low": "Low-value dormant", "days": "Dormant days: ",
           "lines": "Dormant lines: ", "asset": "Dormant lines: asset\n", "prospect": "Unconverted prospect",
           "reason": "New customer: opened yesterday (dormancy score 0)"},
    "zh_CN": {"new": "新客户：昨天开户", "low": "低价值沉睡客户", "days": "沉睡天数：", "lines": "沉睡维度：",
              "asset": "沉睡维度：资产\n", "prospect": "未转化潜客", "reason": "新客户：昨天开户（沉睡分0）"},
}


def scores(conn, customer_id: str) -> dict:
    cur = conn.execute("SELECT dormancy_score, rule_dormancy, dormant_lines, segment, segments, scored_on"
                       " FROM customers WHERE customer_id = ?", (customer_id,))
    return dict(zip([d[0] for d in cur.description], cur.fetchone()))


def card(conn, customer_id: str, today: dt.date, lang: str) -> str:
    return profile_text(customer_profile(conn, customer_id, today, lang=lang), today).plain


@pytest.fixture
def branch(fresh_db):
    """A branch scored by the rules alone (too few customers to fit BG/NBD, as a small sub-branch is): N1 opened
    yesterday with a first deposit of 3,000 yuan (under the 1万 asset floor), N0 opened yesterday with nothing in
    it yet, and C1, a customer of years with the same 3,000 yuan; mornings are due runs."""
    conn = fresh_db.conn
    basic_branch(conn)
    for customer, aum in (("N1", 3_000 * 100), ("N0", 0)):
        add_customer(conn, customer, opened_on=YESTERDAY, first_activity_on=YESTERDAY if aum else None,
                     last_activity_on=YESTERDAY if aum else None, last_login_on=None,
                     activity_count_12m=1 if aum else 0, aum_fen=aum, aum_peak_fen=aum or None)
    add_customer(conn, "C1", aum_fen=3_000 * 100, last_activity_on=day(-20), last_login_on=day(-20))
    set_setting(conn, "scoring.full_rescore_days", 365)
    set_setting(conn, "scoring.refit_days", 365)
    assert rescore(conn, TODAY).mode == "full"
    return conn


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_an_account_opened_yesterday_is_new_not_dormant(branch, lang):
    conn = branch
    for customer in ("N1", "N0"):
        new = scores(conn, customer)
        assert (new["dormancy_score"], new["dormant_lines"], new["segment"], new["segments"]) == (
            0.0, "", "new_customer", "new_customer"), customer
    # The asset floor still holds for a customer of years.
    old = scores(conn, "C1")
    assert old["dormant_lines"] == "asset" and old["dormancy_score"] >= 90 and "low_value_dormant" in old["segments"]
    set_language(lang)
    words = TEXT[lang]
    shown = card(conn, "N1", TODAY, lang)
    assert shown.splitlines()[0] == words["new"]
    assert words["low"] not in shown and words["days"] not in shown and words["lines"] not in shown
    # The call list's first reason, which said "(dormancy score 94)".
    first = explain(conn, "N1", TODAY, lang=lang)[0]
    assert (first.code, first.text, first.points) == ("dormancy", words["reason"], 0.0)
    assert words["low"] in card(conn, "C1", TODAY, lang) and words["asset"] in card(conn, "C1", TODAY, lang)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_morning_the_window_closes_the_floor_counts(branch, lang):
    """Morning after morning (due runs, each looking only at the customers due), N1 stays new and not dormant to
    the 89th morning; on the 90th day of the account the morning run finds it under the floor, as the card says."""
    conn = branch
    for offset in range(1, CLOSES + 1):
        today = TODAY + dt.timedelta(days=offset)
        assert rescore(conn, today, refit=False).mode == "due"
        if offset == CLOSES - 1:
            assert (scores(conn, "N1")["dormant_lines"], scores(conn, "N1")["segments"]) == ("", "new_customer")
    closed = TODAY + dt.timedelta(days=CLOSES)
    for customer in ("N1", "N0"):
        now = scores(conn, customer)
        assert now["scored_on"] == closed.isoformat() and now["dormant_lines"] == "asset", customer
        assert now["segments"] == "unconverted_prospect,low_value_dormant" and now["dormancy_score"] >= 90, customer
    set_language(lang)
    words = TEXT[lang]
    shown = card(conn, "N1", closed, lang)
    assert shown.splitlines()[0].startswith(words["prospect"])
    assert words["low"] in shown and words["asset"] in shown and f"{words['days']}{CLOSES + 1}\n" in shown
