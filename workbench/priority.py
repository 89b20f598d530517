"""The call-list priority: weighted components, each kept so the list can say why.

priority = dormancy score (0-100)          * priority.weight_dormancy
         + value tier index (0 = below 5万) * priority.weight_tier
         + days since the last contact in whole steps of priority.days_since_contact_step, up to
           priority.days_since_contact_cap (never contacted counts as the cap)
                                       * priority.weight_days_since_contact
         + priority.weight_maturity     if a holding matures soon, rising as the day nears: this at the
           window's end (segments.maturity_within_days), MATURITY_RAMP times it on the day
         + priority.weight_birthday     if the birthday is near
         + priority.weight_near_tier    if the AUM is just under the next tier line
         + priority.weight_downgraded   if the customer fell from a higher tier
         - priority.penalty_recent_attempt for each attempt in the last contact.budget_days days: a call made
           since the customer last asked for the next contact, as the contact budget counts them (rules)

points() computes the components for many customers at once (numpy); reasons() turns one
customer's components into sentences a manager understands, in the current language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from workbench import segments, tiers
from workbench.i18n import get_language, gettext, ngettext

# A roll-over gets more urgent as the maturity day nears: its points on the day, as a multiple of the weight.
MATURITY_RAMP = 2.0
COMPONENTS = ("dormancy", "tier", "since_contact", "maturity", "birthday", "near_tier", "downgraded", "attempts")
_TRIGGER_OF = {segment: code for code, segment in segments.TRIGGERS.items()}   # a trigger segment's component


@dataclass(slots=True)
class Reason:
    """One part of a customer's priority: a stable code, a sentence in the current language, its points."""

    code: str
    text: str
    points: float


@dataclass
class PriorityInputs:
    """Per-customer arrays the priority is computed from."""

    dormancy_score: np.ndarray
    tier: np.ndarray
    days_since_contact: np.ndarray   # NaN: never contacted
    attempts_recent: np.ndarray      # attempts within the contact budget window
    maturity: np.ndarray             # bool triggers
    birthday: np.ndarray
    near_tier: np.ndarray
    downgraded: np.ndarray
    days_to_maturity: np.ndarray | None = None   # NaN: nothing maturing; None: the flat weight alone


def maturity_urgency(days_to_maturity, window: int) -> np.ndarray:
    """The maturity weight's multiple: 1 at the window's end, rising evenly to MATURITY_RAMP on the day (and 1
    where the days are unknown)."""
    days = np.asarray(days_to_maturity, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        left = np.clip(1.0 - days / max(window, 1), 0.0, 1.0)
    return 1.0 + (MATURITY_RAMP - 1.0) * np.nan_to_num(left, nan=0.0)


def points(inp: PriorityInputs, settings: Mapping) -> dict[str, np.ndarray]:
    """Each component's points per customer, keyed by COMPONENTS."""
    cap = float(settings["priority.days_since_contact_cap"])
    step = max(1, int(settings["priority.days_since_contact_step"]))
    stepped = np.floor(np.clip(inp.days_since_contact, 0.0, cap) / step) * step
    since = np.where(np.isnan(inp.days_since_contact), cap, np.where(inp.days_since_contact >= cap, cap, stepped))
    flat = {
        "maturity": (inp.maturity, "priority.weight_maturity"),
        "birthday": (inp.birthday, "priority.weight_birthday"),
        "near_tier": (inp.near_tier, "priority.weight_near_tier"),
        "downgraded": (inp.downgraded, "priority.weight_downgraded"),
    }
    result = {
        "dormancy": np.nan_to_num(inp.dormancy_score, nan=0.0) * float(settings["priority.weight_dormancy"]),
        "tier": inp.tier.astype(np.float64) * float(settings["priority.weight_tier"]),
        "since_contact": since * float(settings["priority.weight_days_since_contact"]),
    }
    for code, (flag, key) in flat.items():
        result[code] = np.asarray(flag, dtype=np.float64) * float(settings[key])
    if inp.days_to_maturity is not None:
        result["maturity"] = result["maturity"] * maturity_urgency(inp.days_to_maturity,
                                                                   int(settings["segments.maturity_within_days"]))
    result["attempts"] = -np.asarray(inp.attempts_recent, dtype=np.float64) * float(settings["priority.penalty_recent_attempt"])
    # Rounded to 0.01 here, so the explained points add up to the stored priority.
    return {code: np.round(result[code], 2) for code in COMPONENTS}


def total(components: Mapping[str, np.ndarray]) -> np.ndarray:
    """The priority: the sum of the (rounded) components, rounded to 0.01 against float noise."""
    return np.round(sum(components[code] for code in COMPONENTS), 2)


def _lead(facts: segments.Facts, settings: Mapping, lang: str | None) -> str:
    """The primary segment and the fact that put the customer there; beside a trigger segment (a maturity,
    a birthday, ...), which leads with its own reason (reasons), the fact alone."""
    if facts.segment == "new_customer" and facts.days_since_opened is not None:
        detail = segments.days_phrase(max(facts.days_since_opened, 0), "opened today", "opened yesterday",
                                      "opened {days} days ago", lang)
    elif facts.segment == "unconverted_prospect":
        count = facts.activity_count_12m or 0
        detail = ngettext("{count} activity in the last 12 months", "{count} activities in the last 12 months", count,
                          lang).format(count=count)
    elif facts.dormant_days is not None and (facts.dormancy_score or 0) < float(settings["segments.dormant_min_score"]):
        detail = segments.days_phrase(facts.dormant_days, "last activity today", "last activity yesterday",
                                      "last activity {days} days ago", lang)
    elif facts.dormant_days is not None:
        detail = ngettext("no activity for {days} day", "no activity for {days} days", facts.dormant_days,
                          lang).format(days=facts.dormant_days)
    else:
        detail = gettext("no activity on record", lang)
    if facts.dormancy_score is not None:
        detail += gettext(" (dormancy score {score})", lang).format(score=round(facts.dormancy_score))
    if facts.segment in _TRIGGER_OF:   # not '产品即将到期：590天无交易', a maturity labelling the dormancy
        return detail
    return gettext("{segment}: {detail}", lang).format(segment=segments.label(facts.segment, lang), detail=detail)


def _trigger_lead(facts: segments.Facts, text: str, lang: str | None) -> str:
    """The primary segment's trigger reason, labelled with it: 'Product maturing soon: wealth product matures in
    5 days'; alone where it says as much ('Birthday today', 'Downgraded from 300万 to 5万')."""
    if (day := segments.day_label(facts.segment, facts, lang)) is not None:
        return day
    name = segments.label(facts.segment, lang)
    if text.casefold().startswith(name.casefold()):
        return text[:1].upper() + text[1:]
    return gettext("{segment}: {detail}", lang).format(segment=name, detail=text)


def reasons(facts: segments.Facts, pts: Mapping[str, float], lines: Sequence[int], settings: Mapping,
            lang: str | None = None) -> list[Reason]:
    """The customer's priority in words, one Reason per component that applies, biggest story first: the
    primary segment's (a trigger's reason, when the segment is one, even at no points), then the dormancy, the
    other triggers (a birthday in 4 days: news, where cut short a line would lose it), the tier, the last contact."""
    lang = lang or get_language()
    out = [Reason("dormancy", _lead(facts, settings, lang), float(pts["dormancy"]))]
    lead = _TRIGGER_OF.get(facts.segment)
    for code, segment in segments.TRIGGERS.items():
        if pts[code] or code == lead:
            text = segments.reason(segment, facts, lines, settings, lang)
            if code == lead:
                out.insert(0, Reason(code, _trigger_lead(facts, text, lang), float(pts[code])))
            else:
                out.append(Reason(code, text, float(pts[code])))
    out += [Reason("tier", _tier_text(facts.tier, tiers.check_lines(lines), lang), float(pts["tier"])),
            Reason("since_contact", _contact_text(facts.days_since_contact, lang), float(pts["since_contact"]))]
    if pts["attempts"]:
        text = ngettext("{count} attempt in the last {days} days", "{count} attempts in the last {days} days",
                        facts.attempts, lang).format(count=facts.attempts, days=settings["contact.budget_days"])
        out.append(Reason("attempts", text, float(pts["attempts"])))
    return out


@lru_cache(maxsize=1024)
def _contact_text(days: int | None, lang: str) -> str:
    if days is None:
        return gettext("never contacted", lang)
    if days < 0:   # a contact dated ahead of today (a desk's clock was wrong): no "-26340 days ago"
        return gettext("last contact dated in the future", lang)
    return segments.days_phrase(days, "last contact today", "last contact yesterday", "last contact {days} days ago",
                                lang)


@lru_cache(maxsize=256)
def _tier_text(tier: int, lines: tuple[int, ...], lang: str) -> str:
    if tier <= 0:
        return tiers.tier_name(0, lines, lang)
    return gettext("{tier} tier", lang).format(tier=tiers.tier_name(tier, lines, lang))


def shown(value: float | None) -> str:
    """A priority as a list shows it: to one decimal, below zero as it is (the attempts penalty, which the reasons
    name), never '-0.0' (a priority just under zero reads 0.0); unscored, nothing."""
    if value is None:
        return ""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def summary(items: Sequence[Reason], lang: str | None = None) -> str:
    """The reasons as one line: 'High-value dormant: no activity for 412 days; 50万 tier; ...' (in Chinese, with ；)."""
    return gettext("; ", lang).join(r.text for r in items)

