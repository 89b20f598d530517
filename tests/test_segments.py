"""Segments: membership rules, the primary segment by precedence, labels and reason sentences."""

import datetime as dt

import numpy as np
import pytest

from workbench import segments
from workbench.settings import DEFAULTS


def inputs(**over):
    base = dict(dormancy_score=[10.0], tier=[1], peak_tier=[1], near_next=[False], days_since_opened=[2000.0],
                activity_count_12m=[20.0], days_to_maturity=[np.nan], days_to_birthday=[100.0])
    base.update(over)
    return segments.SegmentInputs(**{k: np.asarray(v) for k, v in base.items()})


def member(**over) -> list[str]:
    return segments.codes_of(int(segments.bitmask(segments.flags(inputs(**over), DEFAULTS))[0]))


def test_an_ordinary_active_customer_is_in_no_segment():
    assert member() == []
    assert segments.primary_of(0) == "active"


def test_in_no_segment_is_called_not_dormant_not_active():
    """The code stays 'active', but the label says only what is known: the score is under the line. A customer
    with no activity for 323 days and a score of 52 was shown as 'Active'."""
    assert segments.label("active", "en") == "Not dormant"
    assert segments.label("active", "zh_CN") == "未沉睡客户"


def test_dormant_splits_on_the_high_value_tier():
    assert member(dormancy_score=[60.0], tier=[2], peak_tier=[2]) == ["high_value_dormant"]
    assert member(dormancy_score=[60.0], tier=[1]) == ["low_value_dormant"]
    assert member(dormancy_score=[59.9], tier=[2], peak_tier=[2]) == []


def test_new_customer_and_unconverted_prospect():
    assert "new_customer" in member(days_since_opened=[89.0])
    assert "new_customer" not in member(days_since_opened=[90.0])
    # never reached the first tier and hardly active: a prospect, unless still new
    assert "unconverted_prospect" in member(tier=[0], peak_tier=[0], activity_count_12m=[2.0])
    assert "unconverted_prospect" not in member(tier=[0], peak_tier=[0], activity_count_12m=[3.0])
    assert "unconverted_prospect" in member(tier=[0], peak_tier=[0], activity_count_12m=[np.nan])
    assert "unconverted_prospect" not in member(tier=[0], peak_tier=[0], activity_count_12m=[0.0], days_since_opened=[10.0])


def test_one_new_customer_test_for_the_segments_the_dormancy_rules_and_the_welcome_call():
    """segments.is_new is the test all three use: fewer than segments.new_customer_days days since opening, an opening
    after today (bad data, read as today, as every date past the day scored is) included, an unknown one not."""
    days = [None, np.nan, -3, 0, 89, 90]
    assert [segments.is_new(d, DEFAULTS) for d in days] == [False, False, True, True, True, False]
    assert segments.is_new(np.array([np.nan, -3.0, 89.0, 90.0]), DEFAULTS).tolist() == [False, True, True, False]
    assert segments.is_new(29, {**DEFAULTS, "segments.new_customer_days": 30})
    assert "new_customer" in member(days_since_opened=[-3.0])
    facts = segments.Facts(segment="new_customer", dormancy_score=0, dormant_days=None, tier=0, peak_tier=0,
                           aum_fen=0, days_since_contact=None, attempts=0, days_to_maturity=None,
                           maturity_product=None, days_to_birthday=None, days_since_opened=-3, activity_count_12m=0)
    assert segments.reason("new_customer", facts, DEFAULTS["tiers.lines_fen"], DEFAULTS, "en") == "account opened today"
    assert segments.reason("new_customer", facts, DEFAULTS["tiers.lines_fen"], DEFAULTS, "zh_CN") == "今天开户"


def test_triggers_maturity_birthday_near_tier_downgraded():
    got = member(days_to_maturity=[14.0], days_to_birthday=[7.0], near_next=[True], tier=[1], peak_tier=[3])
    assert got == ["downgraded", "maturing_soon", "near_next_tier", "birthday_soon"]
    assert member(days_to_maturity=[15.0], days_to_birthday=[8.0]) == []


def test_thresholds_come_from_settings():
    settings = {**DEFAULTS, "segments.dormant_min_score": 80, "segments.high_value_min_tier": 1}
    flags = segments.flags(inputs(dormancy_score=[70.0, 85.0]  , tier=[1, 1], peak_tier=[1, 1], near_next=[False, False],
                                  days_since_opened=[2000.0, 2000.0], activity_count_12m=[20.0, 20.0],
                                  days_to_maturity=[np.nan, np.nan], days_to_birthday=[100.0, 100.0]), settings)
    assert flags["high_value_dormant"].tolist() == [False, True]


def test_primary_segment_follows_the_documented_precedence():
    mask = segments.bitmask(segments.flags(inputs(
        dormancy_score=[90.0, 90.0, 10.0], tier=[3, 0, 1], peak_tier=[3, 0, 2], near_next=[True, False, False],
        days_since_opened=[2000.0, 2000.0, 2000.0], activity_count_12m=[0.0, 0.0, 20.0],
        days_to_maturity=[3.0, np.nan, np.nan], days_to_birthday=[1.0, 1.0, 1.0]), DEFAULTS))
    primary, listed = segments.columns(mask)
    assert primary.tolist() == ["high_value_dormant", "unconverted_prospect", "downgraded"]
    assert listed[1] == "unconverted_prospect,low_value_dormant,birthday_soon"
    assert segments.triggers_column(mask).tolist() == ["maturity,birthday,near_tier", "birthday", "birthday,downgraded"]


def test_days_to_birthday_wraps_the_year_and_handles_29_february():
    today = dt.date(2026, 12, 30)
    keys = np.array([1230, 1231, 101, 1229, 229, np.nan, 1399])
    assert segments.days_to_birthday(keys, today)[:5].tolist() == [0, 1, 2, 364, 60]
    assert np.isnan(segments.days_to_birthday(keys, today)[5:]).all()
    assert segments.days_to_birthday(229.0, dt.date(2028, 2, 27)) == 2  # a leap year has its own 29th
    assert segments.month_day("1980-02-29") == 229 and np.isnan(segments.month_day("not a date"))


def test_labels_and_reasons_are_translated():
    facts = segments.Facts(segment="maturing_soon", dormancy_score=70, dormant_days=400, tier=1, peak_tier=1,
                           aum_fen=48_000_000, days_since_contact=None, attempts=0, days_to_maturity=5,
                           maturity_product="wealth", days_to_birthday=0, days_since_opened=3000, activity_count_12m=1)
    lines = DEFAULTS["tiers.lines_fen"]
    assert segments.label("high_value_dormant", "zh_CN") == "高价值沉睡客户"
    assert segments.reason("maturing_soon", facts, lines, DEFAULTS, "en") == "wealth product matures in 5 days"
    assert segments.reason("maturing_soon", facts, lines, DEFAULTS, "zh_CN") == "理财产品5天后到期"
    assert segments.reason("birthday_soon", facts, lines, DEFAULTS, "en") == "birthday today"
    assert segments.reason("high_value_dormant", facts, lines, DEFAULTS, "en") == "dormancy score 70 at the 50k tier"
    assert segments.reason("near_next_tier", facts, lines, DEFAULTS, "zh_CN") == "距50万档还差20,000元"


@pytest.mark.parametrize("lang, days, day, pair", [
    ("en", 0, "Birthday today", ("Birthday today", "")),
    ("en", 3, None, ("Birthday soon", "birthday in 3 days")),
    ("zh_CN", 0, "今天生日", ("今天生日", "")),
    ("zh_CN", 1, None, ("生日将至", "明天生日")),
])
def test_a_birthday_on_the_day_has_its_own_label(lang, days, day, pair):
    """On the birthday itself the segment's label is the day's ('Birthday today'), with nothing to add; before it,
    the segment's label and its reason. Other segments have no label of the day."""
    facts = segments.Facts(segment="birthday_soon", dormancy_score=10, dormant_days=5, tier=1, peak_tier=1,
                           aum_fen=100_000, days_since_contact=None, attempts=0, days_to_maturity=0,
                           maturity_product="wealth", days_to_birthday=days, days_since_opened=3000,
                           activity_count_12m=1)
    assert segments.day_label("birthday_soon", facts, lang) == day
    assert segments.described("birthday_soon", facts, DEFAULTS["tiers.lines_fen"], DEFAULTS, lang) == pair
    assert segments.day_label("maturing_soon", facts, lang) is None   # matures today: the reason says when
