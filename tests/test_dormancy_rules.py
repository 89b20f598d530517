"""Rule-based dormancy per business line, the combined score, and the table-to-model inputs."""

import datetime as dt

import numpy as np
import pytest

from workbench.dormancy import (
    BGNBDParams,
    combine,
    fit_bgnbd,
    fit_for_scoring,
    line_severity,
    p_alive,
    rule_dormancy,
    simulate_bgnbd,
    to_bgnbd_inputs,
)
from workbench.settings import DEFAULTS, WAN, load_settings, set_setting

NAN = np.nan


def _rules(activity, login=None, aum=None, peak=None, settings=DEFAULTS, **kw):
    n = len(activity)
    login = [10.0] * n if login is None else login
    aum = [100 * WAN] * n if aum is None else aum
    peak = [NAN] * n if peak is None else peak
    return rule_dormancy(np.array(activity, float), np.array(login, float), np.array(aum, float),
                         np.array(peak, float), settings, **kw)


def test_product_line_uses_the_day_threshold_inclusively():
    result = _rules([0, 179, 180, 181, 1000])
    assert result.lines["product"].tolist() == [False, False, True, True, True]
    assert not result.lines["channel"].any() and not result.lines["asset"].any()


def test_channel_line():
    result = _rules([10] * 4, login=[89, 90, 400, NAN])
    assert result.lines["channel"].tolist() == [False, True, True, False]  # NaN: never used the app


def test_asset_line_floor_and_drop_from_peak():
    aum = [0, 9_999 * 100, 1 * WAN, 50 * WAN, 50 * WAN, 50 * WAN, 50 * WAN]
    peak = [NAN, NAN, NAN, 99 * WAN, 100 * WAN, 200 * WAN, 0]
    result = _rules([10] * 7, aum=aum, peak=peak)
    # below 1万; 1万 itself is not below; 49.5% drop is not enough; 50% and 75% are; no peak, no drop test
    assert result.lines["asset"].tolist() == [True, True, False, False, True, True, False]


def test_missing_activity_falls_back_to_days_since_opening():
    without = _rules([NAN, NAN, 5])
    assert without.lines["product"].tolist() == [False, False, False]
    with_opening = _rules([NAN, NAN, 5], days_since_opened=np.array([400.0, 30.0, 400.0]))
    # Opened 400 days ago with no activity at all is dormant; a recorded activity still wins.
    assert with_opening.lines["product"].tolist() == [True, False, False]


def test_a_new_customer_is_not_dormant_for_what_they_have_not_done_yet():
    """Opened yesterday with 3,000 yuan (under the 1万 floor) the asset line called a customer dormant, scoring 94:
    within segments.new_customer_days of opening the floor test and the product line's fallback to the opening
    are off, from the day the window closes they count as for everyone."""
    opened = np.array([1.0, 89.0, 90.0, NAN, -2.0, 400.0])
    result = _rules([NAN] * 6, login=[NAN] * 6, aum=[3_000 * 100] * 6, days_since_opened=opened)
    assert result.lines["asset"].tolist() == [False, False, True, True, False, True]  # unknown opening: not new
    assert result.dormant_lines() == ["", "", "asset", "asset", "", "product,asset"]
    assert result.score[0] == result.score[1] == result.score[4] == 0.0 and (result.score[[2, 3, 5]] >= 90).all()
    # No AUM at all, as an account not yet funded: the same, at any floor.
    unfunded = _rules([NAN, NAN], login=[NAN, NAN], aum=[0, 0], days_since_opened=np.array([0.0, 90.0]),
                      settings={**DEFAULTS, "dormancy.asset_floor_fen": 5 * WAN})
    assert unfunded.dormant_lines() == ["", "asset"] and unfunded.score.tolist() == [0.0, 100.0]
    # The window is the segment's setting: 30 days, and a customer of 30 days is judged as everyone is.
    shorter = _rules([NAN, NAN], login=[NAN, NAN], aum=[0, 0], days_since_opened=np.array([29.0, 30.0]),
                     settings={**DEFAULTS, "segments.new_customer_days": 30})
    assert shorter.dormant_lines() == ["", "asset"]


def test_a_new_customer_is_dormant_for_what_they_did():
    """Money fallen from its peak, an activity or a login gone quiet past the line's days (shorter than the
    window here) count from the first day; no activity since opening counts once the window has closed."""
    settings = {**DEFAULTS, "dormancy.product_days": 30, "dormancy.channel_days": 20}
    result = _rules([NAN, 35, NAN, 10, NAN], login=[NAN, NAN, NAN, 25, NAN],
                    aum=[40 * WAN, 100 * WAN, 100 * WAN, 100 * WAN, 100 * WAN],
                    peak=[100 * WAN, NAN, NAN, NAN, NAN], days_since_opened=np.array([5.0, 60.0, 60.0, 60.0, 90.0]),
                    settings=settings)
    assert result.dormant_lines() == ["asset", "product", "", "channel", "product"]
    assert (result.score[[0, 1, 3, 4]] >= 60).all() and result.score[2] == 0.0


def test_missing_aum_skips_the_asset_line():
    result = _rules([10, 10], aum=[NAN, 0], peak=[100 * WAN, NAN])
    assert result.lines["asset"].tolist() == [False, True]


def test_settings_change_the_thresholds(fresh_db):
    conn = fresh_db.conn
    conn.execute("INSERT INTO branches VALUES ('B1', '城东支行', NULL, 'branch')")
    set_setting(conn, "dormancy.product_days", 90, scope="B1")
    set_setting(conn, "dormancy.channel_days", 30, scope="B1")
    set_setting(conn, "dormancy.asset_floor_fen", 5 * WAN, scope="B1")
    set_setting(conn, "dormancy.asset_drop_pct", 20, scope="B1")
    args = ([100.0], [45.0], [3 * WAN], [NAN])
    bank = _rules(*args, settings=load_settings(conn))
    branch = _rules(*args, settings=load_settings(conn, "B1"))
    assert [bank.lines[k][0] for k in ("product", "channel", "asset")] == [False, False, False]
    assert [branch.lines[k][0] for k in ("product", "channel", "asset")] == [True, True, True]
    dropped = _rules([10.0], aum=[80 * WAN], peak=[100 * WAN], settings=load_settings(conn, "B1"))
    assert dropped.lines["asset"][0]


def test_floor_of_zero_switches_the_floor_test_off():
    settings = {**DEFAULTS, "dormancy.asset_floor_fen": 0}
    result = _rules([10, 10], aum=[0, 5], peak=[NAN, 100 * WAN], settings=settings)
    assert result.lines["asset"].tolist() == [False, True]


def test_score_ranks_within_the_dormant():
    result = _rules([200, 300, 400, 800, 2000])
    scores = result.score
    assert (np.diff(scores) > 0).all()
    assert scores[0] >= 60 and scores[-1] < 100
    # Two dormant lines outrank one at the same product silence.
    both = _rules([400, 400], login=[10, 300])
    assert both.score[1] > both.score[0]


def test_score_is_continuous_across_the_threshold_and_pins_the_cutoff():
    days = np.array([179.999, 180.0, 180.001])
    scores = _rules(days).score
    assert scores[0] < 60 <= scores[1] <= scores[2]
    assert scores[2] - scores[0] < 1e-3  # no jump: it just crosses the cutoff
    below = _rules(np.linspace(0, 179, 50), login=[0.0] * 50).score
    assert (np.diff(below) > 0).all() and below[0] >= 0 and below[-1] < 60


def test_score_at_or_above_cutoff_exactly_when_dormant_on_a_line():
    rng = np.random.default_rng(4)
    n = 20_000
    activity = np.where(rng.random(n) < 0.05, NAN, rng.uniform(0, 720, n))
    login = np.where(rng.random(n) < 0.2, NAN, rng.uniform(0, 360, n))
    aum = rng.choice([0.0, 1.0 * WAN, 3.0 * WAN, 60.0 * WAN], n) * rng.uniform(0.5, 1.5, n)
    peak = np.where(rng.random(n) < 0.3, NAN, aum * rng.uniform(1.0, 3.0, n))
    aum[:5] = 1 * WAN  # exactly on the floor: not below it
    opened = np.where(rng.random(n) < 0.1, NAN, rng.uniform(-5, 400, n))   # a few new, a few with no opening known
    for cutoff in (40, 60, 75):
        settings = {**DEFAULTS, "segments.dormant_min_score": cutoff}
        result = rule_dormancy(activity, login, aum, peak, settings, days_since_opened=opened)
        dormant = result.lines["product"] | result.lines["channel"] | result.lines["asset"]
        assert ((result.score >= cutoff) == dormant).all()
        assert ((result.score >= 0) & (result.score <= 100)).all()
        assert 0 < dormant.mean() < 1


def test_dormant_lines_strings():
    result = _rules([400, 10, 400], login=[10, 10, 100], aum=[100 * WAN, 0, 0])
    assert result.dormant_lines() == ["product", "asset", "product,channel,asset"]


def test_line_severity_shape():
    s = line_severity(np.array([0.0, 0.5, 1.0, 2.0, np.inf, np.nan]), cutoff=0.6)
    assert s[0] == 0 and s[2] == pytest.approx(0.6) and s[4] == 1.0 and s[5] == 0.0
    assert s[1] < s[2] < s[3] < 1


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"dormancy.product_days": 0}, "product_days must be positive"),
        ({"dormancy.channel_days": -5}, "channel_days must be positive"),
        ({"dormancy.asset_drop_pct": 150}, "at most 100"),
        ({"dormancy.asset_floor_fen": -1}, "asset_floor_fen must be >= 0"),
        ({"segments.dormant_min_score": 100}, "strictly between"),
    ],
)
def test_bad_settings_are_refused(override, message):
    with pytest.raises(ValueError, match=message):
        _rules([10.0], settings={**DEFAULTS, **override})


def test_columns_of_different_lengths_are_refused():
    with pytest.raises(ValueError, match="one value per customer"):
        rule_dormancy(np.zeros(3), np.zeros(2), np.zeros(3), np.zeros(3), DEFAULTS)


# combine


def test_combine_weights_the_two_scores():
    p = np.array([1.0, 0.0, 0.25, NAN])
    rule = np.array([80.0, 20.0, 50.0, 70.0])
    assert combine(p, rule, 0.5).tolist() == [40.0, 60.0, 62.5, 70.0]
    assert combine(p, rule, 0.0).tolist() == [80.0, 20.0, 50.0, 70.0]
    assert combine(p, rule, 1.0).tolist() == [0.0, 100.0, 75.0, 70.0]  # NaN p_alive: rule score alone
    assert combine(0.25, 50.0, 0.5) == 62.5 and isinstance(combine(0.25, 50.0, 0.5), float)
    assert combine(NAN, 33.0, 0.7) == 33.0


def test_combine_refuses_a_weight_outside_0_1():
    with pytest.raises(ValueError, match="between 0 and 1"):
        combine(0.5, 50.0, 1.5)


# to_bgnbd_inputs

TODAY = dt.date(2026, 11, 22)


def test_inputs_from_the_customer_columns():
    counts = [3, 5, 0, 4, None, 2, 1]
    first = ["2026-03-01", "2020-01-01", "2020-01-01", "2026-12-25", None, "2026-06-01", "2026-10-01"]
    last = ["2026-09-01", "2026-11-01", "2022-01-01", "2027-01-01", None, None, "2026-10-01"]
    opened = [None, "2019-06-01", None, None, "2025-11-22", None, None]
    frequency, recency, T = to_bgnbd_inputs(counts, first, last, opened, TODAY)
    # first inside the 12-month window: it is the initial purchase, so 3 activities are 2 repeats
    assert (frequency[0], recency[0], T[0]) == (2, 184, 266)
    # first before the window: all 5 activities in the window are repeats
    assert (frequency[1], recency[1], T[1]) == (5, (dt.date(2026, 11, 1) - dt.date(2020, 1, 1)).days,
                                                (TODAY - dt.date(2020, 1, 1)).days)
    # quiet for years, none in the window, but the last after the first proves one repeat
    assert frequency[2] == 1 and recency[2] == (dt.date(2022, 1, 1) - dt.date(2020, 1, 1)).days
    # dates after today count as today
    assert (frequency[3], recency[3], T[3]) == (3, 0, 0)
    # no activity at all: the opening date stands in, no repeats, count missing taken as 0
    assert (frequency[4], recency[4], T[4]) == (0, 0, 365)
    # no last date: taken as the first, so a single purchase
    assert (frequency[5], recency[5]) == (1, 0)
    assert (frequency[6], recency[6], T[6]) == (0, 0, 52)


def test_inputs_missing_everything_become_nan_and_p_alive_keeps_them_nan():
    frequency, recency, T = to_bgnbd_inputs([2, 2], [None, "2026-01-01"], ["2026-05-01", "2026-05-01"],
                                            [None, None], TODAY)
    assert np.isnan([frequency[0], recency[0], T[0]]).all()
    assert np.isfinite([frequency[1], recency[1], T[1]]).all()
    p = p_alive(BGNBDParams(0.5, 50.0, 0.5, 2.0, 0.0, 0), frequency, recency, T)
    assert np.isnan(p[0]) and 0 < p[1] < 1


def test_inputs_accept_dates_and_datetime64_and_swapped_dates():
    as_text = to_bgnbd_inputs([4], ["2026-01-10"], ["2026-06-01"], [None], TODAY)
    as_dates = to_bgnbd_inputs(np.array([4]), [dt.date(2026, 1, 10)], [dt.date(2026, 6, 1)], [None], TODAY)
    as_datetime64 = to_bgnbd_inputs(np.array([4]), np.array(["2026-01-10"], "datetime64[D]"),
                                    np.array(["2026-06-01"], "datetime64[D]"),
                                    np.array(["NaT"], "datetime64[D]"), TODAY)
    swapped = to_bgnbd_inputs([4], ["2026-06-01"], ["2026-01-10"], [""], TODAY)
    for result in (as_dates, as_datetime64, swapped):
        assert [float(col[0]) for col in result] == [float(col[0]) for col in as_text] == [3.0, 142.0, 316.0]


def test_inputs_refuse_bad_values():
    with pytest.raises(ValueError, match="not a date"):
        to_bgnbd_inputs([1], ["2026-13-45"], [None], [None], TODAY)
    with pytest.raises(ValueError, match="same length"):
        to_bgnbd_inputs([1, 2], ["2026-01-01"], [None], [None], TODAY)
    with pytest.raises(ValueError, match="negative"):
        to_bgnbd_inputs([-1], ["2026-01-01"], [None], [None], TODAY)
    with pytest.raises(TypeError, match="today"):
        to_bgnbd_inputs([1], ["2026-01-01"], [None], [None], "2026-11-22")


def test_inputs_feed_a_fit_that_ranks_the_long_silent_as_less_alive():
    # A branch's table: customers who joined over two years, buying at their own pace, some gone quiet.
    rng = np.random.default_rng(8)
    n = 3_000
    joined = rng.integers(30, 730, n)                     # days before today
    rate = rng.gamma(0.8, 1 / 20.0, n)                    # activities per day while active
    active_days = np.minimum(joined, rng.exponential(400.0, n)).astype(int)
    last_gap = np.minimum(active_days, rng.exponential(1 / np.maximum(rate, 1e-3)).astype(int))
    first = np.array([TODAY - dt.timedelta(days=int(d)) for d in joined])
    last = np.array([f + dt.timedelta(days=int(a - g)) for f, a, g in zip(first, active_days, last_gap)])
    window_start = TODAY - dt.timedelta(days=365)
    in_window = np.array([(min(TODAY, l) - max(window_start, f)).days for f, l in zip(first, last)])
    counts = rng.poisson(rate * np.clip(in_window, 0, None)) + (last >= window_start)
    frequency, recency, T = to_bgnbd_inputs(counts, first.tolist(), last.tolist(), [None] * n, TODAY)
    assert (recency <= T).all() and (frequency >= 0).all()
    fit = fit_bgnbd(frequency, recency, T)
    p = p_alive(fit, frequency, recency, T)
    silence = T - recency
    busy = frequency >= 3
    recent, quiet = busy & (silence < 30), busy & (silence > 240)
    assert recent.sum() > 50 and quiet.sum() > 50
    assert np.median(p[recent]) > 0.9 and np.median(p[quiet]) < 0.5


def test_fit_for_scoring_falls_back_to_none():
    rng = np.random.default_rng(12)
    T = rng.uniform(27.0, 39.0, 1_000)
    x, t_x = simulate_bgnbd(0.24, 4.41, 0.79, 2.43, T, rng)
    x[:10] = NAN  # customers without dates are left out, not an error
    fit = fit_for_scoring(x, t_x, T, DEFAULTS)
    assert fit is not None and fit.n == 990
    assert fit_for_scoring(x, t_x, T, {**DEFAULTS, "dormancy.min_customers_to_fit": 5_000}) is None
    assert fit_for_scoring(np.zeros(600), np.zeros(600), np.full(600, 30.0), DEFAULTS) is None  # no repeats
    with pytest.raises(ValueError, match="recency is later than T"):
        fit_for_scoring(np.ones(600), np.full(600, 40.0), np.full(600, 30.0), DEFAULTS)
