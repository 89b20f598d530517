"""BG/NBD: the fit recovers known parameters, matches the CDNOW benchmark, and p_alive behaves."""

import warnings
from pathlib import Path

import numpy as np
import pytest
from scipy.special import hyp2f1
from scipy.stats import chi2

from workbench.dormancy import (
    BGNBDFitError,
    BGNBDParams,
    fit_bgnbd,
    log_likelihood,
    p_alive,
    simulate_bgnbd,
)

CDNOW = Path(__file__).parent / "data" / "cdnow_sample_summary.csv"
TRUE = (0.24, 4.41, 0.79, 2.43)  # the paper's CDNOW estimates, rounded; time in weeks


def _cdnow():
    data = np.loadtxt(CDNOW, delimiter=",", skiprows=3)
    return data[:, 1], data[:, 2], data[:, 3]


def _simulated(n, seed, params=TRUE):
    rng = np.random.default_rng(seed)
    T = rng.uniform(27.0, 39.0, n)  # a 12-week cohort watched to week 39, as in CDNOW
    x, t_x = simulate_bgnbd(*params, T, rng)
    return x, t_x, T


def test_cdnow_benchmark_reproduces_the_published_fit():
    x, t_x, T = _cdnow()
    # Summary statistics of the file, counted here: 2,357 customers, 2,457 repeat purchases,
    # 1,411 of them (59.9%) with none.
    assert (x.size, int(x.sum()), int((x == 0).sum())) == (2357, 2457, 1411)
    fit = fit_bgnbd(x, t_x, T)
    # The paper reports r=0.243, alpha=4.414, a=0.793, b=2.426 and LL=-9582.4.
    assert fit.r == pytest.approx(0.242593, rel=1e-4)
    assert fit.alpha == pytest.approx(4.413532, rel=1e-4)
    assert fit.a == pytest.approx(0.792886, rel=1e-4)
    assert fit.b == pytest.approx(2.425752, rel=1e-4)
    assert fit.log_likelihood == pytest.approx(-9582.4, abs=0.05)
    assert fit.n == 2357


def test_fit_is_a_maximum_of_the_likelihood():
    x, t_x, T = _cdnow()
    fit = fit_bgnbd(x, t_x, T)
    best = np.array(fit.as_tuple())
    assert log_likelihood(fit, x, t_x, T) == pytest.approx(fit.log_likelihood, abs=1e-8)
    for i in range(4):
        for step in (0.99, 1.01):
            moved = best.copy()
            moved[i] *= step
            assert log_likelihood(moved, x, t_x, T) < fit.log_likelihood


def test_simulator_matches_the_expected_number_of_transactions():
    # E[X(t)] from the paper's closed form (eq. 9) checks the simulator independently of the fit.
    r, alpha, a, b = TRUE
    t = 39.0
    expected = (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, t / (alpha + t)))
    rng = np.random.default_rng(7)
    x, t_x = simulate_bgnbd(*TRUE, np.full(200_000, t), rng)
    assert x.mean() == pytest.approx(expected, abs=4 * x.std() / np.sqrt(x.size))
    assert (t_x[x > 0] > 0).all() and (t_x <= t).all() and (t_x[x == 0] == 0).all()


def test_fit_recovers_simulated_parameters():
    x, t_x, T = _simulated(20_000, seed=2005)
    fit = fit_bgnbd(x, t_x, T)
    # Tolerances are about four standard errors at this size (a and b are the hardest to pin down).
    assert fit.r == pytest.approx(TRUE[0], rel=0.10)
    assert fit.alpha == pytest.approx(TRUE[1], rel=0.15)
    assert fit.a == pytest.approx(TRUE[2], rel=0.40)
    assert fit.b == pytest.approx(TRUE[3], rel=0.45)
    # Likelihood-ratio test: the true parameters lie inside the 99.9% confidence region.
    at_truth = log_likelihood(TRUE, x, t_x, T)
    assert fit.log_likelihood >= at_truth
    assert 2 * (fit.log_likelihood - at_truth) < chi2.ppf(0.999, df=4)


def test_fit_recovers_other_parameters_in_days():
    params = (2.0, 60.0, 0.3, 4.0)  # a busier population, time in days over a year
    rng = np.random.default_rng(11)
    T = rng.uniform(200.0, 365.0, 8_000)
    x, t_x = simulate_bgnbd(*params, T, rng)
    fit = fit_bgnbd(x, t_x, T)
    at_truth = log_likelihood(params, x, t_x, T)
    assert 2 * (fit.log_likelihood - at_truth) < chi2.ppf(0.999, df=4)
    assert fit.r == pytest.approx(2.0, rel=0.2)
    assert fit.alpha == pytest.approx(60.0, rel=0.2)


def test_time_unit_only_rescales_alpha():
    x, t_x, T = _cdnow()
    weeks = fit_bgnbd(x, t_x, T)
    days = fit_bgnbd(x, t_x * 7, T * 7)
    assert (days.r, days.a, days.b) == pytest.approx((weeks.r, weeks.a, weeks.b), rel=1e-6)
    assert days.alpha == pytest.approx(7 * weeks.alpha, rel=1e-6)
    # Each repeat purchase contributes a density per unit of time, hence sum(x) * ln 7.
    assert days.log_likelihood == pytest.approx(weeks.log_likelihood - x.sum() * np.log(7), abs=1e-6)
    assert p_alive(days, x, t_x * 7, T * 7) == pytest.approx(p_alive(weeks, x, t_x, T), abs=1e-9)


def test_starting_point_does_not_change_the_answer():
    x, t_x, T = _cdnow()
    default = fit_bgnbd(x, t_x, T)
    other = fit_bgnbd(x, t_x, T, initial=(3.0, 0.5, 5.0, 0.2))
    assert other.as_tuple() == pytest.approx(default.as_tuple(), rel=1e-4)
    again = fit_bgnbd(x, t_x, T, initial=default)
    assert again.log_likelihood == pytest.approx(default.log_likelihood, abs=1e-6)


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        (([1, 2], [1.0], [2.0, 3.0]), "same length"),
        (([1, -1] * 10, [1.0] * 20, [2.0] * 20), "frequency is negative"),
        (([1.5] * 20, [1.0] * 20, [2.0] * 20), "whole number"),
        (([1] * 20, [3.0] * 20, [2.0] * 20), "recency is later than T"),
        (([1] * 20, [-1.0] * 20, [2.0] * 20), "recency is negative"),
        (([1] * 20, [1.0] * 19 + [np.nan], [2.0] * 20), "missing"),
        (([1] * 5, [1.0] * 5, [2.0] * 5), "at least 10 customers"),
        (([[1, 2]] * 10, [[1.0, 1.0]] * 10, [[2.0, 2.0]] * 10), "one-dimensional"),
    ],
)
def test_bad_input_is_refused(columns, message):
    with pytest.raises(ValueError, match=message):
        fit_bgnbd(*columns)


def test_bad_initial_is_refused():
    x, t_x, T = _cdnow()
    with pytest.raises(ValueError, match="initial"):
        fit_bgnbd(x, t_x, T, initial=(1.0, -1.0, 1.0, 1.0))


def test_unidentifiable_data_raise_fit_error():
    n = 200
    with pytest.raises(BGNBDFitError, match="repeat transaction"):
        fit_bgnbd(np.zeros(n), np.zeros(n), np.full(n, 30.0))
    # Everyone still buying at the very end: no evidence of drop-out, so a runs off towards 0.
    rng = np.random.default_rng(3)
    T = rng.uniform(30, 40, n)
    with pytest.raises(BGNBDFitError, match="edge of the parameter range"):
        fit_bgnbd(rng.integers(1, 10, n), T, T)


# p_alive


CDNOW_FIT = BGNBDParams(r=0.242593, alpha=4.413532, a=0.792886, b=2.425752, log_likelihood=-9582.4, n=2357)


def test_p_alive_matches_the_closed_form():
    r, alpha, a, b = CDNOW_FIT.as_tuple()
    x, t_x, T = 2, 30.43, 38.86  # the first customer of the CDNOW file
    direct = 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x))
    assert p_alive(CDNOW_FIT, x, t_x, T) == pytest.approx(direct, rel=1e-12)
    assert p_alive(CDNOW_FIT.as_tuple(), x, t_x, T) == pytest.approx(direct, rel=1e-12)


def test_p_alive_is_one_without_repeat_transactions():
    assert p_alive(CDNOW_FIT, 0, 0.0, 38.0) == 1.0
    assert p_alive(CDNOW_FIT, 0, 0.0, 1e9) == 1.0
    assert (p_alive(CDNOW_FIT, np.zeros(3), np.zeros(3), np.array([1.0, 10.0, 100.0])) == 1.0).all()


def test_p_alive_bounds_and_monotonicity():
    x, t_x, T = _cdnow()
    p = p_alive(CDNOW_FIT, x, t_x, T)
    assert p.shape == x.shape
    assert ((p >= 0) & (p <= 1)).all()
    # More recent last transaction -> more likely alive (for the same x and T).
    recency = np.linspace(0.0, 40.0, 81)
    for freq in (1, 3, 10, 50):
        curve = p_alive(CDNOW_FIT, np.full(recency.size, freq), recency, np.full(recency.size, 40.0))
        assert (np.diff(curve) > 0).all()
    # Longer silence since the last transaction -> less likely alive.
    ages = np.linspace(10.0, 500.0, 50)
    curve = p_alive(CDNOW_FIT, np.full(ages.size, 4), np.full(ages.size, 10.0), ages)
    assert (np.diff(curve) < 0).all()
    # A frequent buyer who went quiet looks more dead than an occasional one with the same silence.
    assert p_alive(CDNOW_FIT, 20, 5.0, 40.0) < p_alive(CDNOW_FIT, 2, 5.0, 40.0)


def test_p_alive_scalars_and_arrays_agree():
    x, t_x, T = _cdnow()
    p = p_alive(CDNOW_FIT, x, t_x, T)
    for i in (0, 1, 2, 5, 16, 156):
        single = p_alive(CDNOW_FIT, x[i], t_x[i], T[i])
        assert isinstance(single, float)
        assert single == p[i]
    grid = p_alive(CDNOW_FIT, x[:6].reshape(2, 3), t_x[:6].reshape(2, 3), T[:6].reshape(2, 3))
    assert grid.shape == (2, 3) and (grid.ravel() == p[:6]).all()
    one_age = p_alive(CDNOW_FIT, x[:6], np.minimum(t_x[:6], 30.0), 38.86)
    assert one_age.tolist() == [p_alive(CDNOW_FIT, a, b, 38.86) for a, b in zip(x[:6], np.minimum(t_x[:6], 30.0))]


def test_p_alive_is_stable_for_huge_counts_and_ages():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # overflow or invalid-value warnings fail the test
        tiny = p_alive(CDNOW_FIT, 1e6, 1.0, 1e7)
        near_one = p_alive(CDNOW_FIT, 1e6, 1e7, 1e7)
        silent = p_alive(CDNOW_FIT, np.array([5e3, 5e4]), np.array([100.0, 100.0]), np.array([1e6, 1e6]))
    assert tiny == 0.0
    # At t_x = T the odds of having died are a / (b + x - 1): tiny for a huge x.
    assert near_one == pytest.approx(1 / (1 + CDNOW_FIT.a / (CDNOW_FIT.b + 1e6 - 1)), rel=1e-12)
    assert np.isfinite(silent).all() and (silent == 0.0).all()


def test_p_alive_passes_missing_values_through_and_refuses_bad_ones():
    p = p_alive(CDNOW_FIT, np.array([2.0, np.nan, 2.0, 0.0]), np.array([5.0, 5.0, np.nan, np.nan]),
                np.array([10.0, 10.0, 10.0, 10.0]))
    assert np.isfinite(p[0]) and np.isnan(p[1]) and np.isnan(p[2]) and p[3] == 1.0
    with pytest.raises(ValueError, match="later than T"):
        p_alive(CDNOW_FIT, 2, 11.0, 10.0)
    with pytest.raises(ValueError, match="negative"):
        p_alive(CDNOW_FIT, -1, 1.0, 10.0)
    with pytest.raises(ValueError, match="same length"):
        p_alive(CDNOW_FIT, [1, 2], [1.0, 1.0, 1.0], [2.0, 3.0])
    with pytest.raises(ValueError, match="positive"):
        p_alive((0.2, 4.0, 0.0, 2.0), 1, 1.0, 2.0)
