"""Priority: weighted components from settings, and the explanation a manager reads."""

import numpy as np

from workbench import priority, segments
from workbench.settings import DEFAULTS

LINES = DEFAULTS["tiers.lines_fen"]


def inputs(**over):
    base = dict(dormancy_score=[80.0], tier=[2], days_since_contact=[63.0], attempts_recent=[0.0],
                maturity=[True], birthday=[False], near_tier=[False], downgraded=[False])
    base.update(over)
    return priority.PriorityInputs(**{k: np.asarray(v) for k, v in base.items()})


def test_components_use_the_weights_from_settings():
    pts = priority.points(inputs(), DEFAULTS)
    assert pts["dormancy"][0] == 80.0
    assert pts["tier"][0] == 20.0
    assert round(pts["since_contact"][0], 6) == 12.6
    assert pts["maturity"][0] == 25.0 and pts["birthday"][0] == 0.0
    assert priority.total(pts)[0] == 137.6
    heavier = {**DEFAULTS, "priority.weight_tier": 50.0, "priority.weight_maturity": 0.0}
    pts = priority.points(inputs(), heavier)
    assert pts["tier"][0] == 100.0 and pts["maturity"][0] == 0.0


def test_never_contacted_counts_as_the_cap_and_gaps_are_capped():
    pts = priority.points(inputs(days_since_contact=[np.nan, 500.0, 10.0], dormancy_score=[0.0] * 3, tier=[0] * 3,
                                 attempts_recent=[0] * 3, maturity=[False] * 3, birthday=[False] * 3,
                                 near_tier=[False] * 3, downgraded=[False] * 3), DEFAULTS)
    assert np.round(pts["since_contact"], 6).tolist() == [36.0, 36.0, 1.4]  # 10 days: one whole week


def test_days_since_contact_count_in_whole_steps():
    days = [0.0, 6.0, 7.0, 13.0, 14.0, 178.0, 179.0, 180.0]
    n = len(days)
    common = dict(dormancy_score=[0.0] * n, tier=[0] * n, attempts_recent=[0] * n, maturity=[False] * n,
                  birthday=[False] * n, near_tier=[False] * n, downgraded=[False] * n)
    weekly = priority.points(inputs(days_since_contact=days, **common), DEFAULTS)["since_contact"]
    assert np.round(weekly / 0.2, 6).tolist() == [0, 0, 7, 7, 14, 175, 175, 180]  # the cap is reached at the cap
    daily = priority.points(inputs(days_since_contact=days, **common),
                            {**DEFAULTS, "priority.days_since_contact_step": 1})["since_contact"]
    assert np.round(daily / 0.2, 6).tolist() == days


def test_recent_attempts_subtract_points():
    pts = priority.points(inputs(attempts_recent=[2.0]), DEFAULTS)
    assert pts["attempts"][0] == -20.0
    assert priority.total(pts)[0] == 117.6


def facts(**over):
    base = dict(segment="high_value_dormant", dormancy_score=97.7, dormant_days=412, tier=2, peak_tier=2,
                aum_fen=60_000_000, days_since_contact=63, attempts=0, days_to_maturity=5, maturity_product="wealth",
                days_to_birthday=None, days_since_opened=4000, activity_count_12m=0)
    base.update(over)
    return segments.Facts(**base)


def pts_of(**over):
    p = priority.points(inputs(**over), DEFAULTS)
    return {k: v[0] for k, v in p.items()}


def test_an_opening_after_today_reads_as_today_not_as_days_gone_negative():
    """Bad data (an opening dated after the day scored) is read as today, as segments.is_new reads it."""
    new = facts(segment="new_customer", days_since_opened=-3, days_to_maturity=None)
    assert priority.reasons(new, pts_of(), LINES, DEFAULTS, "en")[0].text.startswith("New customer: opened today")


def test_a_contact_dated_after_today_says_so_not_days_gone_negative():
    """A contact a desk with a wrong clock dated ahead (one stored before imports left such entries out) is said as
    that, not as "last contact -26340 days ago", and counts no days."""
    p = pts_of(days_since_contact=[-26340.0])
    for lang, text in (("en", "last contact dated in the future"), ("zh_CN", "最后联系时间在今天之后")):
        texts = {r.code: r.text for r in priority.reasons(facts(days_since_contact=-26340), p, LINES, DEFAULTS, lang)}
        assert texts["since_contact"] == text
    assert p["since_contact"] == 0


def test_explanation_reads_like_the_managers_brief():
    reasons = priority.reasons(facts(), pts_of(dormancy_score=[97.7]), LINES, DEFAULTS, "en")
    # An event (a maturity, a birthday) before the tier and the last contact: where the line is cut short, it stays.
    assert priority.summary(reasons) == ("High-value dormant: no activity for 412 days (dormancy score 98); "
                                         "wealth product matures in 5 days; 500k tier; last contact 63 days ago")
    assert [r.code for r in reasons] == ["dormancy", "maturity", "tier", "since_contact"]
    assert [r.points for r in reasons] == [97.7, 25.0, 20.0, 12.6]


def test_explanation_in_chinese():
    reasons = priority.reasons(facts(), pts_of(dormancy_score=[97.7]), LINES, DEFAULTS, "zh_CN")
    assert priority.summary(reasons, "zh_CN") == "高价值沉睡客户：412天无交易（沉睡分98）；理财产品5天后到期；50万档；63天前最后联系"


def test_every_trigger_and_the_attempt_penalty_are_explained():
    f = facts(segment="downgraded", tier=1, peak_tier=3, aum_fen=48_000_000, days_since_contact=None, attempts=2,
              days_to_maturity=0, maturity_product="time_deposit", days_to_birthday=3)
    p = pts_of(tier=[1], maturity=[True], birthday=[True], near_tier=[True], downgraded=[True], attempts_recent=[2.0])
    texts = {r.code: r.text for r in priority.reasons(f, p, LINES, DEFAULTS, "en")}
    assert texts["since_contact"] == "never contacted"
    assert texts["maturity"] == "time deposit matures today"
    assert texts["birthday"] == "birthday in 3 days"
    assert texts["near_tier"] == "20,000 yuan short of the 500k tier"   # one currency word, no 万 in English
    assert texts["downgraded"] == "Downgraded from 3M to 50k"   # the primary segment's, leading: not 'Downgraded: downgraded'
    assert texts["dormancy"] == "no activity for 412 days (dormancy score 98)"
    assert texts["attempts"] == "2 attempts in the last 7 days"
    assert texts["tier"] == "50k tier"


def test_segment_specific_leads():
    new = priority.reasons(facts(segment="new_customer", days_since_opened=20, dormancy_score=None), pts_of(), LINES,
                           DEFAULTS, "en")
    assert new[0].text == "New customer: opened 20 days ago"
    prospect = priority.reasons(facts(segment="unconverted_prospect", activity_count_12m=1, dormancy_score=None),
                                pts_of(), LINES, DEFAULTS, "zh_CN")
    assert prospect[0].text == "未转化潜客：近12个月交易1次"


def test_one_day_and_today_read_as_such():
    f = facts(segment="new_customer", days_since_opened=1, dormancy_score=None, days_since_contact=1,
              days_to_maturity=1, days_to_birthday=1, attempts=1)
    p = pts_of(maturity=[True], birthday=[True], attempts_recent=[1.0])
    texts = {r.code: r.text for r in priority.reasons(f, p, LINES, DEFAULTS, "en")}
    assert (texts["dormancy"], texts["since_contact"]) == ("New customer: opened yesterday", "last contact yesterday")
    assert (texts["maturity"], texts["birthday"]) == ("wealth product matures tomorrow", "birthday tomorrow")
    zh = {r.code: r.text for r in priority.reasons(f, p, LINES, DEFAULTS, "zh_CN")}   # 明天生日, not 1天后生日
    assert [zh[code] for code in ("dormancy", "since_contact", "maturity", "birthday")] == [
        "新客户：昨天开户", "昨天最后联系", "理财产品明天到期", "明天生日"]
    assert texts["attempts"] == "1 attempt in the last 7 days"
    today = priority.reasons(facts(segment="new_customer", days_since_opened=0, dormancy_score=None,
                                   days_since_contact=0), pts_of(), LINES, DEFAULTS, "en")
    assert [r.text for r in today[::3]] == ["New customer: opened today", "last contact today"]
    asleep = priority.reasons(facts(dormant_days=1, dormancy_score=97.0), pts_of(), LINES, DEFAULTS, "en")
    assert asleep[0].text == "High-value dormant: no activity for 1 day (dormancy score 97)"


def test_a_trigger_segment_leads_with_its_own_reason_not_the_dormancy_fact():
    """The call list read '产品即将到期：590天无交易' and '生日将至：12天前有交易': a maturity or a birthday labelling
    the dormancy fact, with the maturity itself last. Now the segment's own reason leads, the fact follows alone."""
    maturing = priority.reasons(facts(segment="maturing_soon", tier=0, dormant_days=590, dormancy_score=94.0),
                                pts_of(), LINES, DEFAULTS, "zh_CN")
    assert [r.text for r in maturing[:2]] == ["产品即将到期：理财产品5天后到期", "590天无交易（沉睡分94）"]
    assert [r.code for r in maturing].count("maturity") == 1
    awake = priority.reasons(facts(segment="birthday_soon", dormant_days=12, dormancy_score=20.0, days_to_birthday=3),
                             pts_of(birthday=[True], maturity=[False]), LINES, DEFAULTS, "en")
    assert priority.summary(awake).startswith("Birthday soon: birthday in 3 days; last activity 12 days ago (dormancy")
    today = priority.reasons(facts(segment="birthday_soon", days_to_birthday=0), pts_of(birthday=[True]), LINES,
                             DEFAULTS, "zh_CN")
    assert today[0].text == "今天生日"
    unweighted = {**DEFAULTS, "priority.weight_downgraded": 0.0}   # still the segment the list shows: its reason leads
    pts = {k: v[0] for k, v in priority.points(inputs(downgraded=[True]), unweighted).items()}
    down = priority.reasons(facts(segment="downgraded", peak_tier=3), pts, LINES, unweighted, "en")
    assert down[0].code == "downgraded" and down[0].points == 0.0


def test_a_roll_over_gets_more_points_as_the_maturity_day_nears():
    """Every maturity scored a flat 25 whether it fell due in 2 days or 14, so roll-overs two days away sat at
    ranks 300 and more while those a fortnight off led the list: the points now rise to twice the weight."""
    days = [14.0, 7.0, 2.0, 0.0, np.nan]
    n = len(days)
    pts = priority.points(inputs(dormancy_score=[0.0] * n, tier=[0] * n, days_since_contact=[0.0] * n,
                                 attempts_recent=[0.0] * n, maturity=[True] * 4 + [False], birthday=[False] * n,
                                 near_tier=[False] * n, downgraded=[False] * n, days_to_maturity=days), DEFAULTS)
    assert pts["maturity"].tolist() == [25.0, 37.5, 46.43, 50.0, 0.0]
    longer = {**DEFAULTS, "segments.maturity_within_days": 28}
    assert priority.points(inputs(days_to_maturity=[14.0]), longer)["maturity"][0] == 37.5


def test_the_maturity_reason_carries_the_points_it_is_given():
    p = pts_of(days_to_maturity=[2.0])
    texts = {r.code: r for r in priority.reasons(facts(days_to_maturity=2), p, LINES, DEFAULTS, "en")}
    assert texts["maturity"].points == 46.43 and texts["maturity"].text == "wealth product matures in 2 days"
