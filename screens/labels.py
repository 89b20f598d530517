"""Display labels for the codes the app shows (segments and triggers from workbench.segments), short dates, money."""

from __future__ import annotations

from datetime import date, datetime

from workbench import segments

SEGMENTS = segments.LABELS
TRIGGERS = segments.TRIGGERS     # trigger code -> the segment it stands for
TIER_NAMES = ("—", "5万", "50万", "300万", "600万")


def segment_label(code: str | None) -> str:
    return segments.label(code)


def trigger_label(code: str) -> str:
    return segments.label(TRIGGERS.get(code, code))


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
