"""A branch's scores as of a day, from whole-day inputs, with no database: and when they next change.

Every input that moves with time is a whole number of days: days since (opening, first and last
activity, last login, last contact, each recent attempt's day) grow by one a day, days until (the
birthday, the soonest maturity) shrink by one. So the same inputs can be scored as of any later day
by shifting them, which is how a rescore works out, per customer, the first day its stored scores
will change.

Between the events horizon() knows of (a birthday or maturity passing, the first activity leaving
the 12-month window, the new-customer window closing, a date in the future reaching today), every
stored score moves one way only as days pass: the dormancy scores and priority rise (as attempts
leave the contact budget window, too), p_alive falls, a segment flag flips at most once. So "differs
from today" is false up to some day and true after it, and a binary search finds that day (tests
compare it with scoring every day one by one).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass, fields

import numpy as np

from workbench import dormancy, priority, segments, tiers

LOOKAHEAD_DAYS = 60  # the furthest ahead a rescore works out when a customer's scores change
SCAN_AT_ONCE = 6_000  # up to this many customer-days, due_in scores every day at once instead of searching

_SINCE = ("opened", "first", "last", "login", "contact")  # days before the day scored
_UNTIL = ("to_birthday", "to_maturity")                    # days until the event


@dataclass
class Scores:
    """The stored scores per customer (one array element each), quantised as stored."""

    p_alive: np.ndarray        # 0..1 to 0.01; NaN without a BG/NBD fit (rewritten when 0.05 off)
    rule: np.ndarray           # rule dormancy, whole points 0..100 (rewritten when 5 points off)
    score: np.ndarray          # dormancy score, whole points 0..100
    lines_code: np.ndarray     # bit i: dormant on dormancy.LINES[i]
    tier: np.ndarray
    peak_tier: np.ndarray
    segment_mask: np.ndarray   # segments.bitmask
    priority: np.ndarray       # to 0.01; NaN for a customer never listed
    maturity_shown: np.ndarray  # the soonest maturity lies within the branch's window

    @classmethod
    def empty(cls, n: int) -> Scores:
        floats = {"p_alive", "rule", "score", "priority"}
        return cls(**{f.name: np.full(n, np.nan) if f.name in floats
                      else np.zeros(n, dtype=bool if f.name == "maturity_shown" else np.int64) for f in fields(cls)})

    def put(self, at: np.ndarray, other: Scores) -> None:
        for f in fields(self):
            getattr(self, f.name)[at] = getattr(other, f.name)


def score(cols: Mapping[str, np.ndarray], today, settings: Mapping, params, shift=0) -> Scores:
    """The scores of the customers in cols as of today + shift days (shift: one number or one per customer)."""
    days = dict(cols)
    for name in _SINCE:
        days[name] = cols[name] + shift
    for name in _UNTIL:
        days[name] = cols[name] - shift
    n = cols["aum"].size
    frequency = None
    if params is not None:
        frequency, recency, age = bgnbd_inputs(cols, today, shift)
        p_alive = np.asarray(dormancy.p_alive(params, frequency, recency, age), dtype=np.float64)
    else:
        p_alive = np.full(n, np.nan)
    rule = dormancy.rule_dormancy(days["last"], days["login"], cols["aum"], cols["peak"], settings,
                                  days_since_opened=days["opened"])
    # Quantised as stored, so segments and priority see exactly the score the list shows; a customer without a
    # repeat activity (frequency 0) gets the rule score alone (dormancy.combine).
    dormancy_score = np.round(dormancy.combine(p_alive, rule.score, settings["dormancy.statistical_weight"],
                                               frequency))

    lines = settings["tiers.lines_fen"]
    aum = cols["aum"].astype(np.int64)
    tier = tiers.tier_of(aum, lines)
    peak_tier = tiers.peak_tier_of(aum, cols["peak"], lines)
    seg_flags = segments.flags(segments.SegmentInputs(
        dormancy_score=dormancy_score, tier=tier, peak_tier=peak_tier,
        near_next=tiers.near_next(aum, lines, settings["tiers.near_next_pct"]),
        days_since_opened=days["opened"], activity_count_12m=cols["count"],
        days_to_maturity=days["to_maturity"], days_to_birthday=days["to_birthday"]), settings)
    pts = priority.points(priority.PriorityInputs(
        dormancy_score=dormancy_score, tier=tier, days_since_contact=days["contact"],
        attempts_recent=recent_attempts(cols, shift, int(settings["contact.budget_days"])),
        **{code: seg_flags[seg] for code, seg in segments.TRIGGERS.items()}, days_to_maturity=days["to_maturity"]),
        settings)
    return Scores(
        p_alive=np.round(p_alive, 2), rule=np.round(rule.score), score=dormancy_score,
        lines_code=sum(np.asarray(rule.lines[name], dtype=np.int64) << i for i, name in enumerate(dormancy.LINES)),
        tier=tier, peak_tier=peak_tier, segment_mask=segments.bitmask(seg_flags),
        priority=np.where(cols["listable"] == 1, priority.total(pts), np.nan),
        maturity_shown=days["to_maturity"] <= int(settings["segments.maturity_within_days"]))


def recent_attempts(cols: Mapping[str, np.ndarray], shift, budget_days: int) -> np.ndarray:
    """Per customer, the attempts made on a day at most budget_days days before today + shift, or later."""
    ages = cols["attempt_ages"] + np.asarray(shift, dtype=np.int64)[..., None]
    return np.where(ages <= budget_days, cols["attempt_counts"], 0).sum(axis=1)


def bgnbd_inputs(cols, today, shift):
    """frequency, recency, T as of today + shift from the day counts (dates stay put, the day moves)."""
    day = np.datetime64(today.isoformat(), "D")

    def dates(days):
        out = np.full(days.shape, np.datetime64("NaT"), dtype="datetime64[D]")
        known = ~np.isnan(days)
        out[known] = day - days[known].astype("timedelta64[D]")
        return out

    shift = np.asarray(shift, dtype=np.int64)
    return dormancy.bgnbd_inputs_as_of(np.nan_to_num(cols["count"], nan=0.0), dates(cols["first"]),
                                       dates(cols["last"]), dates(cols["opened"]), day + shift.astype("timedelta64[D]"))


def digest(scores: Scores, cols: Mapping[str, np.ndarray]) -> np.ndarray:
    """A 64-bit digest per customer of every stored score column (int64, never 0: a NULL always differs).

    p_alive and the rule score only feed the dormancy score, which is digested exactly; they enter
    in coarse steps (0.05 and 5 points), so a row is not rewritten daily for their drift alone and a
    stored value is never more than one step from today's."""
    shown = scores.maturity_shown
    parts = [_quantised(scores.p_alive, 20), _quantised(scores.rule, 0.2), _quantised(scores.score, 1),
             _quantised(scores.priority, 100), scores.lines_code, scores.tier, scores.peak_tier, scores.segment_mask,
             np.where(shown, cols["maturity_day"], -1), np.where(shown, cols["maturity_type_code"], -1)]
    h = np.full(shown.size, 0x9E3779B97F4A7C15, dtype=np.uint64)
    for part in parts:
        h = _mix(h ^ np.asarray(part).astype(np.int64).view(np.uint64))
    h[h == 0] = 1
    return h.view(np.int64)


def type_code(product_type: str | None) -> int:
    """A stable number for a product type, for the digest (-1 for none)."""
    return -1 if product_type is None else zlib.crc32(product_type.encode())


def horizon(cols: Mapping[str, np.ndarray], today, settings: Mapping) -> np.ndarray:
    """Per customer, the days ahead up to which shifting the inputs stays exact and every score keeps to
    one trend (at most LOOKAHEAD_DAYS)."""
    limit = np.full(cols["aum"].size, float(LOOKAHEAD_DAYS))
    for name in _UNTIL:  # the birthday or the soonest maturity passes; the next one is another input
        limit = np.fmin(limit, cols[name] + 1)
    _, _, age = bgnbd_inputs(cols, today, 0)
    new_days = int(settings["segments.new_customer_days"])
    with np.errstate(invalid="ignore"):
        limit = np.where(age <= dormancy.WINDOW_DAYS, np.fmin(limit, dormancy.WINDOW_DAYS + 1 - age), limit)
        # The customer stops being new: the asset floor test and the product line's fallback switch on.
        limit = np.where(cols["opened"] < new_days, np.fmin(limit, new_days - cols["opened"]), limit)
        for name in _SINCE:  # a date after the day scored (bad data) is clamped until it is reached
            limit = np.where(cols[name] < 0, np.fmin(limit, -cols[name]), limit)
    return np.maximum(limit, 1).astype(np.int64)


def due_in(cols: Mapping[str, np.ndarray], today, settings: Mapping, params, base: np.ndarray) -> np.ndarray:
    """Per customer, the days until its scores first differ from `base` (their digest today), or
    until horizon() asks for a fresh look, whichever comes first; at least 1."""
    lo = np.zeros(base.size, dtype=np.int64)  # the scores are known to equal base on day lo
    hi = horizon(cols, today, settings)       # and to need a look on day hi
    if base.size * LOOKAHEAD_DAYS <= SCAN_AT_ONCE:
        return _first_change(cols, today, settings, params, base, hi)

    def look(at: np.ndarray, day: np.ndarray) -> None:
        part = {name: col[at] for name, col in cols.items()}
        moved = digest(score(part, today, settings, params, shift=day), part) != base[at]
        hi[at[moved]], lo[at[~moved]] = day[moved], day[~moved]

    at = np.flatnonzero(hi > 1)
    if at.size:  # most customers' scores hold until their horizon: one look the day before settles them
        look(at, hi[at] - 1)
    while (at := np.flatnonzero(hi - lo > 1)).size:
        look(at, (lo[at] + hi[at]) // 2)
    return hi


def _first_change(cols, today, settings, params, base: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """due_in for a few customers: every day up to the horizon scored in one vectorised pass."""
    days = np.arange(1, LOOKAHEAD_DAYS, dtype=np.int64)
    row = np.repeat(np.arange(base.size), days.size)
    shift = np.tile(days, base.size)
    part = {name: col[row] for name, col in cols.items()}
    moved = (digest(score(part, today, settings, params, shift=shift), part) != base[row]) & (shift < hi[row])
    moved = moved.reshape(base.size, days.size)
    return np.where(moved.any(axis=1), days[moved.argmax(axis=1)], hi)


def _quantised(values: np.ndarray, scale: float) -> np.ndarray:
    """values * scale as whole numbers, NaN as a value no real score takes."""
    return np.where(np.isnan(values), -(1 << 40), np.round(np.nan_to_num(values) * scale)).astype(np.int64)


def _mix(h: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser: every input bit reaches every output bit (uint64 arithmetic wraps)."""
    h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))
