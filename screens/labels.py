"""Display labels for engine codes the app shows (segments, tiers, triggers) and short dates."""

from __future__ import annotations

from datetime import date, datetime

from workbench.i18n import gettext as _

# The segment and trigger codes of workbench.segments.
SEGMENTS: dict[str, str] = {
    "high_value_dormant": "High-value dormant",
    "low_value_dormant": "Low-value dormant",
    "unconverted_prospect": "Unconverted prospect",
    "new_customer": "New customer",
    "near_next_tier": "Near next tier",
    "downgraded": "Downgraded",
    "maturing_soon": "Product maturing soon",
    "birthday_soon": "Birthday soon",
    "active": "Active",
}
TRIGGERS: dict[str, str] = {
    "maturity": "Maturity",
    "birthday": "Birthday",
    "near_tier": "Near next tier",
    "downgraded": "Downgraded",
}
TIER_NAMES = ("—", "5万", "50万", "300万", "600万")


def segment_label(code: str | None) -> str:
    if not code:
        return ""
    return _(SEGMENTS[code]) if code in SEGMENTS else code


def trigger_label(code: str) -> str:
    return _(TRIGGERS[code]) if code in TRIGGERS else code


def tier_label(tier: int | None) -> str:
    if tier is None:
        return ""
    return TIER_NAMES[tier] if 0 <= tier < len(TIER_NAMES) else str(tier)


def short_date(value: str | date | datetime | None, today: date | None = None) -> str:
    """'11-18' for a date this year, '2025-11-18' for another year; empty for none."""
    if not value:
        return ""
    text = value.isoformat() if isinstance(value, (date, datetime)) else str(value)
    if today is not None and text[:4] == str(today.year):
        return text[5:10]
    return text[:10]


def money(fen: int | None) -> str:
    """Fen as yuan with separators: 1,234,567.89."""
    if fen is None:
        return ""
    return f"{fen / 100:,.2f}"
