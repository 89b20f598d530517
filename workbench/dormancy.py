"""Dormancy: the business-line rules, the BG/NBD probability alive, and the two combined.

All functions are vectorised over numpy arrays (one element per customer), never read the clock
and never touch the database; the scoring engine feeds them columns and stores the results.
The BG/NBD model itself lives in workbench.bgnbd and is re-exported here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from workbench import segments
from workbench.bgnbd import (
    MIN_CUSTOMERS,
    BGNBDFitError,
    BGNBDParams,
    fit_bgnbd,
    log_likelihood,
    p_alive,
    simulate_bgnbd,
)
from workbench.i18n import N_, gettext

__all__ = [
    "LINES", "MIN_CUSTOMERS", "BGNBDFitError", "BGNBDParams", "RuleDormancy", "bgnbd_inputs_as_of", "combine", "fit_bgnbd", "fit_for_scoring",
    "line_severity", "log_likelihood", "p_alive", "rule_dormancy", "simulate_bgnbd", "to_bgnbd_inputs",
]

LINES = ("product", "channel", "asset")
# Each line's name as a person reads it (customers.dormant_lines stores the codes), translated at display.
LINE_LABELS = {"product": N_("product"), "channel": N_("channel"), "asset": N_("asset")}


def line_label(code: str, lang: str | None = None) -> str:
    """A dormant line's name in the interface language; an unknown code as stored."""
    return gettext(LINE_LABELS[code], lang) if code in LINE_LABELS else code
WINDOW_DAYS = 365       # the extract's activity count covers the last 12 months


@dataclass(frozen=True)
class RuleDormancy:
    """Per-line dormant flags (bool arrays keyed by LINES) and the 0-100 rule score per customer."""

    lines: dict[str, np.ndarray]
    score: np.ndarray

    def dormant_lines(self) -> list[str]:
        """The comma list stored in customers.dormant_lines, one string per customer."""
        flags = [self.lines[name] for name in LINES]
        return [",".join(name for name, hit in zip(LINES, row) if hit) for row in zip(*flags)]


def _cutoff(settings: Mapping) -> float:
    """The severity a line has exactly at its threshold: the score from which a customer counts as dormant."""
    cutoff = float(settings.get("segments.dormant_min_score", 60)) / 100.0
    if not 0.0 < cutoff < 1.0:
        raise ValueError("segments.dormant_min_score must lie strictly between 0 and 100.")
    return cutoff


def line_severity(ratio, cutoff: float = 0.6) -> np.ndarray:
    """0..1 severity of one line from ratio = how far along its threshold (1 = exactly at it).

    A Hill curve q^2 / (q^2 + K), K chosen so that q = 1 gives `cutoff`: 0 at q = 0, rising
    smoothly, `cutoff` at the threshold, and approaching 1 as the customer sleeps longer.
    """
    q = np.asarray(ratio, dtype=np.float64)
    k = (1.0 - cutoff) / cutoff
    with np.errstate(over="ignore", invalid="ignore"):
        qk = q * q  # the Hill exponent 2: squaring is several times faster than a power
        s = qk / (qk + k)
    s[np.isposinf(q)] = 1.0
    s[np.isnan(q)] = 0.0
    return s


def _positive(settings: Mapping, key: str) -> float:
    value = float(settings[key])
    if not value > 0:
        raise ValueError(f"Setting {key} must be positive, got {settings[key]!r}.")
    return value


def _column(name: str, values, n: int | None) -> np.ndarray:
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim != 1 or (n is not None and arr.size != n):
        raise ValueError(f"{name} must be a one-dimensional array with one value per customer.")
    return np.maximum(arr, 0.0)  # negatives (a date in the future, an overdrawn AUM) count as 0; NaN stays


def rule_dormancy(days_since_activity, days_since_login, aum_fen, aum_peak_fen, settings: Mapping,
                  *, days_since_opened=None) -> RuleDormancy:
    """Rule-based dormancy per business line, for every customer at once.

    product: no deposit / wealth activity for >= dormancy.product_days days. A missing activity
      date (NaN) falls back to days_since_opened when given (no activity since opening); with
      neither known the line is not flagged (nothing to judge by).
    channel: no mobile-banking login for >= dormancy.channel_days days. A missing login date means
      the customer never used mobile banking: a sign-up opportunity, not a lapsed user, so NaN is
      not flagged.
    asset: AUM below dormancy.asset_floor_fen (a floor of 0 switches this test off), or fallen by
      >= dormancy.asset_drop_pct percent from aum_peak_fen. A missing or non-positive peak skips
      the drop test; a missing AUM skips the line.
    A new customer (days_since_opened given and below segments.new_customer_days) has not gone
    quiet but not yet started: what they have not done yet counts for nothing (the floor test and
    the product line's fallback to the opening are off), what they did still counts (a recorded
    activity or login gone quiet, money fallen from its peak). An unknown opening is not new, one after
    today is (segments.is_new).

    score (0-100): each line gets a severity from line_severity(); the score is the worst line's,
    nudged up by the other lines that are dormant too, so it rises smoothly with how far past the
    thresholds a customer is and ranks customers within the dormant. A line exactly at its
    threshold scores segments.dormant_min_score, and the score is pinned so that a customer scores
    at or above that cutoff exactly when they are dormant on at least one line.
    """
    cutoff = _cutoff(settings)
    product_days = _positive(settings, "dormancy.product_days")
    channel_days = _positive(settings, "dormancy.channel_days")
    floor = float(settings["dormancy.asset_floor_fen"])
    drop_pct = _positive(settings, "dormancy.asset_drop_pct")
    if floor < 0 or drop_pct > 100:
        raise ValueError("dormancy.asset_floor_fen must be >= 0 and dormancy.asset_drop_pct at most 100.")

    activity = _column("days_since_activity", days_since_activity, None)
    n = activity.size
    login = _column("days_since_login", days_since_login, n)
    aum = _column("aum_fen", aum_fen, n)
    peak = _column("aum_peak_fen", aum_peak_fen, n)
    new = np.zeros(n, dtype=bool)
    if days_since_opened is not None:
        opened = _column("days_since_opened", days_since_opened, n)
        new = segments.is_new(opened, settings)   # as segments.flags decides it
        activity = np.where(np.isnan(activity) & ~new, opened, activity)

    q_product = activity / product_days
    q_channel = login / channel_days
    with np.errstate(divide="ignore", invalid="ignore"):
        q_floor = np.where(aum > 0, floor / aum, np.inf) if floor > 0 else np.zeros(n)
        fallen_pct = np.where(peak > 0, 100.0 * (peak - aum) / peak, np.nan)
    q_drop = np.maximum(fallen_pct, 0.0) / drop_pct
    q_floor = np.where(np.isnan(aum), np.nan, np.where(new, 0.0, q_floor))
    q_asset = np.fmax(q_floor, q_drop)  # fmax: a missing drop leaves the floor test standing

    with np.errstate(invalid="ignore"):
        lines = {
            "product": q_product >= 1.0,
            "channel": q_channel >= 1.0,
            "asset": ((aum < floor) & ~new) | (fallen_pct >= drop_pct),
        }
    severities = [line_severity(q, cutoff) for q in (q_product, q_channel, q_asset)]
    worst = np.maximum(np.maximum(severities[0], severities[1]), severities[2])
    # Another line adds only once it is itself past its threshold, so crossing it causes no jump;
    # the excess is monotone in severity, so the worst line's own excess is the largest one.
    excess = [np.clip((s - cutoff) / (1.0 - cutoff), 0.0, 1.0) for s in severities]
    others = (excess[0] + excess[1] + excess[2] - np.maximum(np.maximum(excess[0], excess[1]), excess[2])) / 2.0
    score = 100.0 * (worst + (1.0 - worst) * 0.5 * others)
    # Pin the cutoff exactly, so rounding (or AUM exactly on the floor) never blurs who is dormant.
    min_score = 100.0 * cutoff
    dormant = lines["product"] | lines["channel"] | lines["asset"]
    score = np.where(dormant, np.maximum(score, min_score), np.minimum(score, np.nextafter(min_score, 0.0)))
    return RuleDormancy(lines=lines, score=score)


def fit_for_scoring(frequency, recency, T, settings: Mapping) -> BGNBDParams | None:
    """The branch's BG/NBD fit for scoring, or None when the rule score must stand alone.

    Customers with a missing input (NaN) are left out of the fit. None when fewer than
    dormancy.min_customers_to_fit remain or the data cannot be fitted (BGNBDFitError); bad input
    still raises ValueError, since that is a bug upstream rather than a property of the data.
    """
    x, t_x, t = (np.asarray(col, dtype=np.float64) for col in (frequency, recency, T))
    if not (x.shape == t_x.shape == t.shape):
        raise ValueError("frequency, recency and T must have the same length.")
    known = ~(np.isnan(x) | np.isnan(t_x) | np.isnan(t))
    if known.sum() < max(int(settings["dormancy.min_customers_to_fit"]), MIN_CUSTOMERS):
        return None
    try:
        return fit_bgnbd(x[known], t_x[known], t[known])
    except BGNBDFitError:
        return None


def combine(p_alive_values, rule_score, weight: float, frequency=None):
    """0-100 dormancy score: weight * (1 - p_alive) * 100 + (1 - weight) * rule_score.

    Where p_alive is NaN (no BG/NBD fit for that customer) the rule score stands alone, and so it does where
    `frequency` (the BG/NBD input, when given) is 0: a customer with no repeat activity has told the model nothing
    about dropping out. BG/NBD lets a customer drop out only after a repeat, so its p_alive is 1 for them by
    definition, whether they were last seen yesterday or twelve years ago; mixed in, that 1 halved the rule score
    (at the default weight 0.5 no such customer could ever reach the dormant line of 60), and a customer silent since
    2014 was "not dormant". The rule score alone reaches the line exactly when some line is dormant.
    Scalars in, float out; arrays in, array out.
    """
    weight = float(weight)
    if not 0.0 <= weight <= 1.0:
        raise ValueError(f"The statistical weight must lie between 0 and 1, got {weight!r}.")
    scalar = all(np.ndim(v) == 0 for v in (p_alive_values, rule_score, 1 if frequency is None else frequency))
    p = np.asarray(p_alive_values, dtype=np.float64)
    rule = np.asarray(rule_score, dtype=np.float64)
    mixed = weight * (1.0 - p) * 100.0 + (1.0 - weight) * rule
    rule_alone = np.isnan(p) if frequency is None else np.isnan(p) | (np.asarray(frequency, dtype=np.float64) == 0)
    score = np.clip(np.where(rule_alone, rule, mixed), 0.0, 100.0)
    return float(score) if scalar else score


def _to_days(name: str, values) -> np.ndarray:
    """ISO 'YYYY-MM-DD' strings, dates or datetime64 to datetime64[D]; None and '' become NaT."""
    if isinstance(values, np.ndarray) and values.dtype.kind in "US":
        values = values.astype(object)  # numpy parses Python strings several times faster than its own
    try:
        return np.array(values, dtype="datetime64[D]")
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{name} holds a value that is not a date 'YYYY-MM-DD': {exc}") from None


def to_bgnbd_inputs(activity_count_12m, first_activity_on, last_activity_on, opened_on, today: dt.date):
    """The customer table's columns as BG/NBD inputs (frequency, recency, T), time in days.

    The extract only has the number of activities in the last 12 months and the first and last
    activity dates, not the full history, so the inputs are an approximation:
      first = first_activity_on, else opened_on; last = last_activity_on, else first; dates after
          today count as today, and of two dates in the wrong order the earlier is the first.
      T = today - first; recency = last - first (the exact t_x of the model).
      frequency = the repeat transactions since first, estimated as a lower bound:
          max(count - [first within the 12-month window], [last > first]).
          A first activity inside the window is itself counted and is the model's initial purchase,
          so it is subtracted; activities before the window are unknown and not counted, except
          that a last activity later than the first proves at least one repeat (which keeps a
          customer who went quiet years ago from looking like a one-off buyer, for whom p_alive
          is 1 by the model's definition). A missing count is taken as 0.
    Customers with neither a first activity nor an opening date get NaN in all three outputs;
    drop them before fitting (p_alive returns NaN for them). Returns three float arrays.
    """
    if not isinstance(today, dt.date):
        raise TypeError("today must be a date.")
    day = np.datetime64(today.isoformat() if not isinstance(today, dt.datetime) else today.date().isoformat(), "D")
    try:
        count = np.array(activity_count_12m, dtype=np.float64)  # None becomes NaN
    except (ValueError, TypeError):
        raise ValueError("activity_count_12m must hold whole numbers or be empty.") from None
    first, last, opened = (_to_days(name, col) for name, col in (
        ("first_activity_on", first_activity_on), ("last_activity_on", last_activity_on), ("opened_on", opened_on)))
    if not (count.shape == first.shape == last.shape == opened.shape) or count.ndim != 1:
        raise ValueError("The four customer columns must be one-dimensional and of the same length.")
    if (count < 0).any():
        raise ValueError("activity_count_12m must not be negative.")
    return bgnbd_inputs_as_of(count, first, last, opened, day)


def bgnbd_inputs_as_of(count: np.ndarray, first: np.ndarray, last: np.ndarray, opened: np.ndarray, day):
    """to_bgnbd_inputs on validated arrays (dates as datetime64[D]), as of `day`: one datetime64
    for everyone or one per customer (how a rescore looks at the same customers on later days)."""
    first = np.minimum(np.where(np.isnat(first), opened, first), day)
    last = np.where(np.isnat(last), first, np.minimum(last, day))
    first, last = np.minimum(first, last), np.maximum(first, last)
    missing = np.isnat(first)

    T = (day - first).astype(np.float64)
    recency = (last - first).astype(np.float64)
    in_window = (T <= WINDOW_DAYS).astype(np.float64)
    repeats = np.nan_to_num(np.floor(count), nan=0.0) - in_window
    frequency = np.maximum(repeats, (recency > 0).astype(np.float64))
    for arr in (T, recency, frequency):
        arr[missing] = np.nan
    return frequency, recency, T
