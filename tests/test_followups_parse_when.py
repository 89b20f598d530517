"""parse_when: the follow-up quick picks and explicit dates, never in the past."""

from datetime import date, datetime

import pytest

from workbench.errors import WorkbenchError
from workbench.followups import parse_when

NOW = datetime(2026, 11, 20, 14, 30)


@pytest.mark.parametrize("text, expected", [
    ("2026-11-21", (date(2026, 11, 21), None)),
    ("2026-11-20", (date(2026, 11, 20), None)),
    ("2026-11-21T09:15", (date(2026, 11, 21), "09:15")),
    ("2026-11-21 09:15", (date(2026, 11, 21), "09:15")),
    ("2026-11-21T09:15:00", (date(2026, 11, 21), "09:15")),
    ("2026-11-20T15:00", (date(2026, 11, 20), "15:00")),
    ("today", (date(2026, 11, 20), None)),
    ("tomorrow", (date(2026, 11, 21), None)),
    ("+1d", (date(2026, 11, 21), None)),
    ("+3d", (date(2026, 11, 23), None)),
    ("+30d", (date(2026, 12, 20), None)),
    ("next-week", (date(2026, 11, 27), None)),
    ("next-month", (date(2026, 12, 20), None)),
    (" Next-Week ", (date(2026, 11, 27), None)),
    # The Chinese a manager types: the same rules as the English words.
    ("今天", (date(2026, 11, 20), None)),
    ("明天", (date(2026, 11, 21), None)),
    ("后天", (date(2026, 11, 22), None)),
    ("3天后", (date(2026, 11, 23), None)),
    (" 30 天后 ", (date(2026, 12, 20), None)),
    ("下周", (date(2026, 11, 27), None)),
    ("下个月", (date(2026, 12, 20), None)),
    ("下月", (date(2026, 12, 20), None)),
    # A Chinese input method's full-width digits, colon and space.
    ("３天后", (date(2026, 11, 23), None)),
    ("2026-11-21\u300009：15", (date(2026, 11, 21), "09:15")),
])
def test_accepted(text, expected):
    assert parse_when(text, NOW) == expected


def test_next_month_clamps_to_the_month_end_and_crosses_the_year():
    assert parse_when("next-month", datetime(2027, 1, 31, 9)) == (date(2027, 2, 28), None)
    assert parse_when("next-month", datetime(2026, 12, 15, 9)) == (date(2027, 1, 15), None)


@pytest.mark.parametrize("text, message", [
    ("2026-11-19", "in the past"),
    ("2026-11-20T14:00", "in the past"),
    ("2026-11-21T24:00", "HH:MM"),
    ("2026-11-21T9:00", "HH:MM"),
    ("soon", "Cannot read"),
    ("", "Cannot read"),
    ("2026-13-01", "Cannot read"),
    ("-1d", "Cannot read"),
    ("天后", "Cannot read"),
    ("-1天后", "Cannot read"),
    ("明天10点", "Cannot read"),   # a time goes with a date only, as in English
])
def test_refused(text, message):
    with pytest.raises(WorkbenchError, match=message):
        parse_when(text, NOW)


def test_a_slot_with_a_line_break_is_refused():
    from workbench.followups import check_slot

    assert check_slot("10:00") == "10:00"
    with pytest.raises(WorkbenchError, match="HH:MM"):
        check_slot("10:00\n")


def test_next_month_in_chinese_clamps_as_in_english():
    assert parse_when("下个月", datetime(2027, 1, 31, 9)) == parse_when("next-month", datetime(2027, 1, 31, 9))


def test_the_refusal_lists_the_chinese_forms_in_chinese():
    from workbench.i18n import get_language, set_language

    before = get_language()
    try:
        set_language("zh_CN")
        with pytest.raises(WorkbenchError) as chinese:
            parse_when("soon", NOW)
        set_language("en")
        with pytest.raises(WorkbenchError) as english:
            parse_when("soon", NOW)
    finally:
        set_language(before)
    assert str(chinese.value) == "无法识别跟进时间 'soon'；请用明天、3天后、下周、下个月、2026-12-01 或 2026-12-01 10:00。"
    assert str(english.value) == ("Cannot read the follow-up time 'soon'; use YYYY-MM-DD, YYYY-MM-DDTHH:MM, +3d, next-week"
                                  " or next-month.")
