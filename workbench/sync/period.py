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
        raise WorkbenchError(_("{what} must be a date like 2026-11-01, not {text!r}.").format(what=what, text=text)) from None
