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


def to_the_minute(at: str | datetime | None) -> str | None:
    """A time as a sentence names it, to the minute in local time ("2026-11-20 10:05"): a stored text or a datetime;
    entries' and the audit log's are local already, a migration's UTC."""
    if at is None:
        return None
    when = at if isinstance(at, datetime) else datetime.fromisoformat(at)
    if when.tzinfo is not None:
        when = when.astimezone().replace(tzinfo=None)
    return when.strftime("%Y-%m-%d %H:%M")
