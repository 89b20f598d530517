"""when.day_and_slot: the one text of a follow-up's day and time of day that every sentence naming one uses (the
past-time refusal, `log`'s and `followup move`'s notes, the settled follow-ups' names, the call list's overdue reason)."""

from datetime import date, datetime

import pytest

from workbench.calllist import _follow_up_text
from workbench.errors import WorkbenchError
from workbench.when import ALL_DAY, check_not_past, day_and_slot


@pytest.mark.parametrize(("slot", "text"), [("10:00", "2026-11-24 10:00"), (None, "2026-11-24"),
                                            (ALL_DAY, "2026-11-24")])
def test_a_day_with_its_time_or_alone(slot, text):
    assert day_and_slot(date(2026, 11, 24), slot) == text


@pytest.mark.parametrize(("slot", "text"), [("10:00", "2026-11-19 10:00"), (None, "2026-11-19")])
def test_the_past_refusal_and_the_overdue_reason_name_it_so(slot, text):
    with pytest.raises(WorkbenchError) as refused:
        check_not_past(date(2026, 11, 19), slot, datetime(2026, 11, 20, 9, 0))
    assert str(refused.value) == f"The follow-up time {text} is in the past."
    reason = _follow_up_text("2026-11-19", slot, "phone", None, None, None, date(2026, 11, 20), "en")   # no roll-over
    assert reason == f"promised follow-up, overdue by 1 day (due {text})"
