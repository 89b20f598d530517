"""The follow-up preview marks a day the statutory calendar gives off (初三 on a Thursday) and names a make-up working
day (a Saturday worked before the Spring Festival) as one, unmarked: the quick keys book calendar days, so the manager
sees at once that +3d lands in the holiday. Pure: when_preview at a fixed clock, no app."""

from __future__ import annotations

from datetime import datetime

from workbench.screens.outcome_form import when_preview

EVE = datetime(2026, 2, 13, 10, 0)   # Friday 13 February 2026; the holiday runs 15-23 February, 14 and 28 worked


def _marked(shown, part: str) -> bool:
    start = shown.plain.index(part)
    return any(span.start <= start < span.end and "bold" in str(span.style) and str(span.style) != "bold"
               for span in shown.spans)


def test_a_weekday_of_the_holiday_is_named_a_day_off_and_marked():
    shown = when_preview("2026-02-19", EVE)   # 初三, a Thursday
    assert shown.plain == "→ 2026-02-19 (Thu, day off)"
    assert _marked(shown, "Thu, day off")


def test_a_make_up_saturday_is_named_a_working_day_and_not_marked():
    shown = when_preview("+1d", EVE)
    assert shown.plain == "→ 2026-02-14 (Sat, a working day)"
    assert not _marked(shown, "Sat, a working day")


def test_an_ordinary_weekday_and_weekend_read_as_before():
    assert when_preview("2026-03-02", EVE).plain == "→ 2026-03-02 (Mon)"
    weekend = when_preview("2026-03-07", EVE)
    assert weekend.plain == "→ 2026-03-07 (Sat)" and _marked(weekend, "Sat")


def test_in_chinese_the_day_off_is_said_as_such():
    from workbench.i18n import set_language

    set_language("zh_CN")
    try:
        assert when_preview("2026-02-19", EVE).plain == "→ 2026-02-19（周四，休息日）"
        assert when_preview("2026-02-14", EVE).plain == "→ 2026-02-14（周六，调休上班）"
    finally:
        set_language("en")
