"""Customer segments: which plays a customer qualifies for, and the one that leads.

Every segment has a stable code, a translated label and a reason sentence. A customer may be in
several segments; the primary segment is the first in PRECEDENCE that applies (customers in none
are 'active'). The precedence puts the most value at stake and the most time pressure first:

1. high_value_dormant   dormant (score >= segments.dormant_min_score) at or above
                        segments.high_value_min_tier
2. downgraded           the peak AUM reached a tier above the present one
3. maturing_soon        a holding matures within segments.maturity_within_days
4. near_next_tier       AUM within tiers.near_next_pct percent below the next tier line
5. new_customer         account opened within segments.new_customer_days
6. unconverted_prospect not new, never reached the first tier, at most
                        segments.prospect_max_activity activities in 12 months
7. low_value_dormant    dormant below segments.high_value_min_tier
8. birthday_soon        birthday within segments.birthday_within_days

Inputs are numpy arrays (one element per customer); NaN marks an unknown date or count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from workbench import tiers
from workbench.i18n import gettext, ngettext

PRECEDENCE = (
    "high_value_dormant",
    "downgraded",
    "maturing_soon",
    "near_next_tier",
    "new_customer",
    "unconverted_prospect",
    "low_value_dormant",
    "birthday_soon",
)
ACTIVE = "active"
CODES = (*PRECEDENCE, ACTIVE)

LABELS = {
    "high_value_dormant": "High-value dormant",
    "low_value_dormant": "Low-value dormant",
    "unconverted_prospect": "Unconverted prospect",
    "new_customer": "New customer",
    "near_next_tier": "Near next tier",
    "downgraded": "Downgraded",
    "maturing_soon": "Product maturing soon",
    "birthday_soon": "Birthday soon",
    ACTIVE: "Not dormant",   # in no segment: the score is below the line, which is all it says (not "active")
}

# Opportunity triggers: the segments that add points to the priority, by trigger code.
TRIGGERS = {
    "maturity": "maturing_soon",
    "birthday": "birthday_soon",
    "near_tier": "near_next_tier",
    "downgraded": "downgraded",
}

PRODUCTS = {
    "time_deposit": "time deposit",
    "wealth": "wealth product",
    "fund": "fund",
    "insurance": "insurance policy",
    "gold": "gold",
    "demand": "deposit",
}

_BIT = {code: 1 << i for i, code in enumerate(PRECEDENCE)}


def label(code: str | None, lang: str | None = None) -> str:
    """The segment's translated label (the code itself if unknown)."""
    if code is None:
        return ""
    return gettext(LABELS[code], lang) if code in LABELS else code


@dataclass
class SegmentInputs:
    """The per-customer facts segments are decided on, as equal-length arrays."""

    dormancy_score: np.ndarray
    tier: np.ndarray
    peak_tier: np.ndarray
    near_next: np.ndarray            # bool
    days_since_opened: np.ndarray    # NaN: opening date unknown
    activity_count_12m: np.ndarray   # NaN: unknown, taken as none
    days_to_maturity: np.ndarray     # NaN: nothing maturing from today on
    days_to_birthday: np.ndarray     # NaN: birthday unknown


def flags(inp: SegmentInputs, settings: Mapping) -> dict[str, np.ndarray]:
    """Each segment's membership as a bool array."""
    with np.errstate(invalid="ignore"):
        dormant = inp.dormancy_score >= float(settings["segments.dormant_min_score"])
        high = inp.tier >= int(settings["segments.high_value_min_tier"])
        new = is_new(inp.days_since_opened, settings)
        activity = np.nan_to_num(inp.activity_count_12m, nan=0.0)
        return {
            "high_value_dormant": dormant & high,
            "downgraded": inp.peak_tier > inp.tier,
            "maturing_soon": inp.days_to_maturity <= int(settings["segments.maturity_within_days"]),
            "near_next_tier": np.asarray(inp.near_next, dtype=bool),
            "new_customer": new,
            "unconverted_prospect": ~new & (inp.peak_tier == 0)
            & (activity <= int(settings["segments.prospect_max_activity"])),
            "low_value_dormant": dormant & ~high,
            "birthday_soon": inp.days_to_birthday <= int(settings["segments.birthday_within_days"]),
        }


def is_new(days_since_opened, settings: Mapping):
    """Whether the account opened fewer than segments.new_customer_days days ago: a bool, or a bool array for an
    array. An opening after today (bad data) reads as today, as the scores read every date past the day scored, so
    it is new; an unknown one (None, NaN) is not."""
    days = np.asarray(np.nan if days_since_opened is None else days_since_opened, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        new = days < int(settings["segments.new_customer_days"])
    return bool(new) if new.ndim == 0 else new


def bitmask(segment_flags: Mapping[str, np.ndarray]) -> np.ndarray:
    """One integer per customer with a bit per segment, in PRECEDENCE order."""
    mask = None
    for code in PRECEDENCE:
        bits = segment_flags[code].astype(np.int64) * _BIT[code]
        mask = bits if mask is None else mask | bits
    return mask


def codes_of(mask: int) -> list[str]:
    """The segment codes set in a bitmask, in precedence order."""
    return [code for code in PRECEDENCE if mask & _BIT[code]]


def primary_of(mask: int) -> str:
    """The leading segment of a bitmask: the first in PRECEDENCE, else 'active'."""
    for code in PRECEDENCE:
        if mask & _BIT[code]:
            return code
    return ACTIVE


def columns(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(primary segment code, comma list of all segments) per customer, as object arrays."""
    unique, inverse = np.unique(mask, return_inverse=True)
    primary = np.array([primary_of(int(m)) for m in unique], dtype=object)
    listed = np.array([",".join(codes_of(int(m))) for m in unique], dtype=object)
    return primary[inverse], listed[inverse]


def triggers_column(mask: np.ndarray) -> np.ndarray:
    """The comma list of opportunity triggers per customer, as an object array."""
    unique, inverse = np.unique(mask, return_inverse=True)
    names = np.array(
        [",".join(t for t, seg in TRIGGERS.items() if int(m) & _BIT[seg]) for m in unique], dtype=object
    )
    return names[inverse]


def _birthday_table(today: dt.date, horizon: int = 366) -> np.ndarray:
    """Days until the next birthday for every month*100+day key (Feb 29 falls on Feb 28 in other years)."""
    table = np.full(1232, np.nan)
    for offset in range(horizon, -1, -1):
        day = today + dt.timedelta(days=offset)
        table[day.month * 100 + day.day] = offset
        if day.month == 2 and day.day == 28 and not _is_leap(day.year):
            table[229] = offset
    return table


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_since(day: str | None, today: dt.date) -> int | None:
    """Days from a stored date (or the date of a stored time) to today; None when there is none or it is unreadable."""
    try:
        return (today - dt.date.fromisoformat(day[:10])).days if day else None
    except ValueError:
        return None


def days_to_birthday(month_day, today: dt.date):
    """Days from today to the next birthday given month*100+day keys (NaN where unknown); 0 = today."""
    keys = np.asarray(month_day, dtype=np.float64)
    valid = np.isfinite(keys) & (keys >= 101) & (keys <= 1231)
    table = _birthday_table(today)
    result = np.full(keys.shape, np.nan)
    result[valid] = table[keys[valid].astype(np.int64)]
    return float(result) if np.ndim(month_day) == 0 else result


def month_day(birthday: str | None) -> float:
    """month*100+day of an ISO birthday, NaN when missing or malformed."""
    try:
        born = dt.date.fromisoformat(birthday) if birthday else None
    except ValueError:
        return float("nan")
    return float(born.month * 100 + born.day) if born else float("nan")


@dataclass(slots=True)
class Facts:
    """One customer's facts the sentences are built from (None where unknown)."""

    segment: str
    dormancy_score: float | None
    dormant_days: int | None
    tier: int
    peak_tier: int
    aum_fen: int
    days_since_contact: int | None
    attempts: int
    days_to_maturity: int | None
    maturity_product: str | None
    days_to_birthday: int | None
    days_since_opened: int | None
    activity_count_12m: int | None


def days_phrase(days: int, today_msg: str, one_msg: str, many_msg: str, lang: str | None, **fields) -> str:
    """The 'today' message for 0 days, else the one for 1 day or for more; {days} and any other fields filled in.
    The one-day message says the day as a person does ('birthday tomorrow', 'opened yesterday': not 1天后生日)."""
    if days == 0:
        return gettext(today_msg, lang).format(**fields)
    return ngettext(one_msg, many_msg, days, lang).format(days=days, **fields)


def day_label(code: str, facts: Facts, lang: str | None = None) -> str | None:
    """The segment's label on the very day it is about, which says it all: 'Birthday today', not 'Birthday soon:
    birthday today'; None on any other day and for the other segments."""
    if code == "birthday_soon" and facts.days_to_birthday == 0:
        return gettext("Birthday today", lang)
    return None


def described(code: str, facts: Facts, lines, settings: Mapping, lang: str | None = None) -> tuple[str, str]:
    """(label, reason) of a segment the customer is in, as a card lists it: ('Birthday soon', 'birthday in 3 days'),
    on the day itself ('Birthday today', '')."""
    if (day := day_label(code, facts, lang)) is not None:
        return day, ""
    return label(code, lang), reason(code, facts, lines, settings, lang)


def reason(code: str, facts: Facts, lines, settings: Mapping, lang: str | None = None) -> str:
    """Why the customer is in the segment, as one short sentence in the current language."""
    name = lambda tier: tiers.tier_name(tier, lines, lang)  # noqa: E731
    score = round(facts.dormancy_score or 0)
    if code == "high_value_dormant":
        return gettext("dormancy score {score} at the {tier} tier", lang).format(score=score, tier=name(facts.tier))
    if code == "low_value_dormant":
        return gettext("dormancy score {score}, below the {tier} tier", lang).format(
            score=score, tier=name(int(settings["segments.high_value_min_tier"])))
    if code == "unconverted_prospect":
        count = facts.activity_count_12m or 0
        return ngettext("never reached {tier}; {count} activity in the last 12 months",
                        "never reached {tier}; {count} activities in the last 12 months", count, lang).format(
            tier=name(1), count=count)
    if code == "new_customer":
        return days_phrase(max(facts.days_since_opened or 0, 0), "account opened today", "account opened yesterday",
                           "account opened {days} days ago", lang)
    if code == "near_next_tier":
        return gettext("{gap} yuan short of the {tier} tier", lang).format(
            gap=tiers.yuan(tiers.gap_to_next(facts.aum_fen, lines)), tier=name(tiers.tier_of(facts.aum_fen, lines) + 1))
    if code == "downgraded":
        return gettext("downgraded from {peak} to {tier}", lang).format(peak=name(facts.peak_tier), tier=name(facts.tier))
    if code == "maturing_soon":
        product = gettext(PRODUCTS.get(facts.maturity_product or "", "product"), lang)
        return days_phrase(facts.days_to_maturity or 0, "{product} matures today", "{product} matures tomorrow",
                           "{product} matures in {days} days", lang, product=product)
    if code == "birthday_soon":
        return days_phrase(facts.days_to_birthday or 0, "birthday today", "birthday tomorrow",
                           "birthday in {days} days", lang)
    return gettext("no segment applies", lang)
