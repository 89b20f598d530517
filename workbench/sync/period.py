"""Dates given on the command line: checked once, in one place."""

from __future__ import annotations

from datetime import date

from workbench.errors import WorkbenchError
from workbench.i18n import gettext as _


def check_date(text: str, what: str) -> date:
    """The date in text ('YYYY-MM-DD'), or one clear sentence naming the option."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise WorkbenchError(_("{what} must be a date YYYY-MM-DD (like 2026-11-01), not {text!r}.").format(
            what=what, text=text)) from None


def check_period(since: str | None, until: str | None, today: date | None = None) -> None:
    """Each date given is one (an empty one is none: refused as any other), and the period runs forward: --since
    after --until would select nothing, and so would (given today) a --since after today with no --until."""
    first = check_date(since, "--since") if since is not None else None
    last = check_date(until, "--until") if until is not None else None
    if first and last and first > last:
        raise WorkbenchError(_("--since ({since}) is after --until ({until}); give the first day first.").format(
            since=first, until=last))
    if first and last is None and today is not None and first > today:
        raise WorkbenchError(_("--since ({since}) is after today ({today}); give --until too, to see days still to"
                               " come.").format(since=since, today=today.isoformat()))


def last_day(since: str | None, until: str | None, today: date) -> str:
    """The last day of a report's period: --until, else today (what has happened by now, and the follow-ups due by
    today, not those booked for later days). A --since after today with no --until is refused (check_period)."""
    check_period(since, until, today)
    return until if until is not None else today.isoformat()
