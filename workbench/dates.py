"""Dates as the interface shows them, shared by the engine's sentences and the app's columns."""

from __future__ import annotations

from datetime import date, datetime


def short_date(value: str | date | datetime | None, today: date | None = None) -> str:
    """'11-18' for a date this year, '2025-11-18' for another year; empty for none."""
    if not value:
        return ""
    text = value.isoformat() if isinstance(value, (date, datetime)) else str(value)
    if today is not None and text[:4] == str(today.year):
        return text[5:10]
    return text[:10]
