"""parse_when: the follow-up quick picks and explicit dates, counts in Chinese number words, a time of day after
the day (明天 10:00, 明天下午3点), never in the past."""

from datetime import date, datetime, timedelta

import pytest

from workbench.errors import WorkbenchError
from workbench.when import ALL_DAY, parse_when

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
    ("下下周", (date(2026, 12, 4), None)),
    ("下下周 10:00", (date(2026, 12, 4), "10:00")),
    ("下个月", (date(2026, 12, 20), None)),
    ("下月", (date(2026, 12, 20), None)),
    # A Chinese input method's full-width digits, colon and space.
    ("３天后", (date(2026, 11, 23), None)),
    ("2026-11-21\u300009：15", (date(2026, 11, 21), "09:15")),
    # Counts in Chinese number words, and weeks.
    ("三天后", (date(2026, 11, 23), None)),
    ("两天后", (date(2026, 11, 22), None)),
    ("十天后", (date(2026, 11, 30), None)),
    ("二十五天后", (date(2026, 12, 15), None)),
    ("九十九天后", (date(2027, 2, 27), None)),
    ("三天以后", (date(2026, 11, 23), None)),
    ("一周后", (date(2026, 11, 27), None)),
    ("两周后", (date(2026, 12, 4), None)),
    ("3周后", (date(2026, 12, 11), None)),
    ("三个星期后", (date(2026, 12, 11), None)),
    # Months: the same day N months on; 半个月 is 15 days.
    ("一个月后", (date(2026, 12, 20), None)),
    ("两个月后", (date(2027, 1, 20), None)),
    ("3个月后", (date(2027, 2, 20), None)),
    ("十二个月以后", (date(2027, 11, 20), None)),
    ("半个月后", (date(2026, 12, 5), None)),
    ("两个月后 下午3点", (date(2027, 1, 20), "15:00")),
    # A time of day after the day: HH:MM in both languages, and the Chinese 点 forms.
    ("明天 10:00", (date(2026, 11, 21), "10:00")),
    ("明天10:00", (date(2026, 11, 21), "10:00")),
    ("tomorrow 10:00", (date(2026, 11, 21), "10:00")),
    ("Tomorrow 10:00:00", (date(2026, 11, 21), "10:00")),
    ("today 15:00", (date(2026, 11, 20), "15:00")),
    ("+3d 09:30", (date(2026, 11, 23), "09:30")),
    ("next-week 16:00", (date(2026, 11, 27), "16:00")),
    ("明天10点", (date(2026, 11, 21), "10:00")),
    ("明天 10 点", (date(2026, 11, 21), "10:00")),
    ("明天十点", (date(2026, 11, 21), "10:00")),
    ("明天9点", (date(2026, 11, 21), "09:00")),
    ("明天12点", (date(2026, 11, 21), "12:00")),
    ("明天10点半", (date(2026, 11, 21), "10:30")),
    ("明天10点整", (date(2026, 11, 21), "10:00")),
    ("明天十点一刻", (date(2026, 11, 21), "10:15")),
    ("明天10点三刻", (date(2026, 11, 21), "10:45")),
    ("明天10点05", (date(2026, 11, 21), "10:05")),
    ("明天10点5分", (date(2026, 11, 21), "10:05")),
    ("明天十点零五", (date(2026, 11, 21), "10:05")),
    ("明天10时30分", (date(2026, 11, 21), "10:30")),
    ("明天16点", (date(2026, 11, 21), "16:00")),
    ("明天上午10点", (date(2026, 11, 21), "10:00")),
    ("明天早上9点半", (date(2026, 11, 21), "09:30")),
    ("明天中午12点", (date(2026, 11, 21), "12:00")),
    ("明天中午1点", (date(2026, 11, 21), "13:00")),
    ("明天下午3点", (date(2026, 11, 21), "15:00")),
    ("明天下午两点半", (date(2026, 11, 21), "14:30")),
    ("明天下午3:30", (date(2026, 11, 21), "15:30")),
    ("明天晚上7点", (date(2026, 11, 21), "19:00")),
    ("今天下午3点", (date(2026, 11, 20), "15:00")),
    ("后天 下午3点", (date(2026, 11, 22), "15:00")),
    ("三天后10点", (date(2026, 11, 23), "10:00")),
    ("两周后 上午10点", (date(2026, 12, 4), "10:00")),
    ("下周 10:00", (date(2026, 11, 27), "10:00")),
    ("下个月10点", (date(2026, 12, 20), "10:00")),
    ("2026-11-21 下午3点", (date(2026, 11, 21), "15:00")),
    ("2026-11-21下午3点", (date(2026, 11, 21), "15:00")),
    # A time of day alone is today's.
    ("下午3点", (date(2026, 11, 20), "15:00")),
    ("晚上7点半", (date(2026, 11, 20), "19:30")),
    ("16:00", (date(2026, 11, 20), "16:00")),
    ("明天１０：３０", (date(2026, 11, 21), "10:30")),   # full-width, as the input method types it
    ("明天下午３点", (date(2026, 11, 21), "15:00")),
    # Weekdays (the 20th is a Friday): the coming one, this calendar week's, next week's.
    ("周一", (date(2026, 11, 23), None)),
    ("周五 16:00", (date(2026, 11, 20), "16:00")),   # today, on a Friday
    ("星期天", (date(2026, 11, 22), None)),
    ("礼拜六上午10点", (date(2026, 11, 21), "10:00")),
    ("这周日", (date(2026, 11, 22), None)),
    ("下周二", (date(2026, 11, 24), None)),
    ("下周二十点", (date(2026, 11, 24), "10:00")),   # next Tuesday at 10, not next week at 20:00
    ("下周二十点半", (date(2026, 11, 24), "10:30")),
    ("下星期三 下午3点", (date(2026, 11, 25), "15:00")),
    ("下个礼拜日 10:00", (date(2026, 11, 29), "10:00")),
    # The week after next: 下下周五 is 下周五 a week on.
    ("下下周五", (date(2026, 12, 4), None)),
    ("下下星期五", (date(2026, 12, 4), None)),
    ("下下周一 下午3点", (date(2026, 11, 30), "15:00")),
    ("下下个礼拜天", (date(2026, 12, 6), None)),
    ("下下周二十点", (date(2026, 12, 1), "10:00")),   # Tuesday at 10, as 下周二十点 is
    ("monday", (date(2026, 11, 23), None)),
    ("Friday 16:00", (date(2026, 11, 20), "16:00")),
    # A one-digit hour, as it is often typed.
    ("明天 9:30", (date(2026, 11, 21), "09:30")),
    ("tomorrow 9:30", (date(2026, 11, 21), "09:30")),
    ("2026-11-21T9:30", (date(2026, 11, 21), "09:30")),
    # The English 12-hour clock: 12am is midnight, 12pm noon.
    ("tomorrow 10am", (date(2026, 11, 21), "10:00")),
    ("tomorrow 3pm", (date(2026, 11, 21), "15:00")),
    ("Tomorrow 3:30PM", (date(2026, 11, 21), "15:30")),
    ("tomorrow 10 am", (date(2026, 11, 21), "10:00")),
    ("tomorrow 3 p.m.", (date(2026, 11, 21), "15:00")),
    ("tomorrow 12pm", (date(2026, 11, 21), "12:00")),
    ("tomorrow 12am", (date(2026, 11, 21), "00:00")),
    ("tomorrow 12:30am", (date(2026, 11, 21), "00:30")),
    ("friday 4pm", (date(2026, 11, 20), "16:00")),   # today, on a Friday
    ("monday 9:15am", (date(2026, 11, 23), "09:15")),
    ("2026-11-21 11pm", (date(2026, 11, 21), "23:00")),
    ("明天 3pm", (date(2026, 11, 21), "15:00")),
    ("3pm", (date(2026, 11, 20), "15:00")),   # alone, today's
    ("10 pm", (date(2026, 11, 20), "22:00")),
    # All day: the day with no time of day (a moved follow-up then drops the time it had).
    ("明天 全天", (date(2026, 11, 21), ALL_DAY)),
    ("明天全天", (date(2026, 11, 21), ALL_DAY)),
    ("下周二 全天", (date(2026, 11, 24), ALL_DAY)),
    ("tomorrow all day", (date(2026, 11, 21), ALL_DAY)),
    ("Tomorrow All-Day", (date(2026, 11, 21), ALL_DAY)),
    ("2026-11-21 all day", (date(2026, 11, 21), ALL_DAY)),
    ("全天", (date(2026, 11, 20), ALL_DAY)),   # alone, today: never past, as a day alone is not
    ("today all day", (date(2026, 11, 20), ALL_DAY)),
])
def test_accepted(text, expected):
    assert parse_when(text, NOW) == expected


def test_a_weekday_takes_a_12_hour_time():
    assert parse_when("friday 10am", datetime(2026, 11, 16, 9)) == (date(2026, 11, 20), "10:00")


def test_next_month_clamps_to_the_month_end_and_crosses_the_year():
    assert parse_when("next-month", datetime(2027, 1, 31, 9)) == (date(2027, 2, 28), None)
    assert parse_when("next-month", datetime(2026, 12, 15, 9)) == (date(2027, 1, 15), None)


@pytest.mark.parametrize("text, message", [
    ("2026-11-19", "in the past"),
    ("2026-11-20T14:00", "in the past"),
    ("2026-11-21T24:00", "HH:MM"),
    ("2026-11-21T", "Cannot read the follow-up time"),   # no time after the T is not all day
    ("soon", "Cannot read"),
    ("", "Cannot read"),
    ("2026-13-01", "Cannot read"),
    ("-1d", "Cannot read"),
    ("天后", "Cannot read"),
    ("-1天后", "Cannot read"),
    ("下下下周", "Cannot read the follow-up time"),
    ("下周末", "下周末 is two days; name one of them, such as 下周六 or 下周日."),   # a weekend is no one day
    ("本周三", "The follow-up time 2026-11-18 is in the past."),   # this week's Wednesday has gone
    ("周八", "Cannot read the follow-up time"),
    ("一百天后", "Cannot read the follow-up time"),   # number words go to 九十九
    ("两十天后", "Cannot read the follow-up time"),
    ("半天后", "Cannot read the follow-up time"),   # half a day is no one day
    ("半周后", "Cannot read the follow-up time"),
    ("十十天后", "Cannot read the follow-up time"),
    ("今天10点", "in the past"),   # NOW is 14:30
    ("今天 14:00", "in the past"),
    ("明天 25:00", "HH:MM"),
    ("明天3点", "could be 03:00 or 15:00"),   # 1点 to 8点 alone: morning or evening?
    ("明天两点", "could be 02:00 or 14:00"),
    ("明天八点半", "could be 08:00 or 20:00"),
    ("3点", "could be 03:00 or 15:00"),   # alone too, as after a day (it was: cannot read the follow-up time)
    ("两点半", "could be 02:00 or 14:00"),
    ("10点", "in the past"),   # today's, and NOW is 14:30
    ("25点", "Cannot read the time of day"),
    ("明天10点5", "Cannot read the time of day"),   # 10:05 or 10:50? 10点05 and 10点5分 are read
    ("明天24点", "Cannot read the time of day"),
    ("明天上午15点", "Cannot read the time of day"),
    ("明天晚上12点", "Cannot read the time of day"),   # midnight, but of which day?
    ("明天早上", "Cannot read the time of day"),
    ("tomorrow 13pm", "Cannot read the time of day '13pm'"),
    ("tomorrow 0am", "Cannot read the time of day '0am'"),
    ("tomorrow 3:75pm", "Cannot read the time of day '3:75pm'"),
    ("today 11am", "The follow-up time 2026-11-20 11:00 is in the past."),   # NOW is 14:30
    ("10am", "in the past"),
    ("下周 三", "Cannot read the time of day"),
])
def test_refused(text, message):
    with pytest.raises(WorkbenchError, match=message):
        parse_when(text, NOW)


def test_the_time_of_day_refusals_are_in_chinese_in_the_chinese_interface():
    from workbench.i18n import set_language

    set_language("zh_CN")   # conftest puts English back after the test
    with pytest.raises(WorkbenchError) as ambiguous:
        parse_when("明天3点", NOW)
    with pytest.raises(WorkbenchError) as unreadable:
        parse_when("明天 早上", NOW)
    assert str(ambiguous.value) == "“3点”可能是 03:00，也可能是 15:00；请在前面加上“上午”或“下午”，或写成 HH:MM。"
    assert str(unreadable.value) == "无法识别时间“早上”；请用 HH:MM（如 10:00），或写成 10点、10点半、下午3点。"


def test_a_slot_with_a_line_break_is_refused():
    from workbench.when import check_slot

    assert check_slot("10:00") == "10:00"
    with pytest.raises(WorkbenchError, match="HH:MM"):
        check_slot("10:00\n")


def test_months_ahead_clamp_to_the_month_end_as_next_month_does():
    jan31 = datetime(2027, 1, 31, 9)
    assert parse_when("一个月后", jan31) == parse_when("next-month", jan31) == (date(2027, 2, 28), None)
    assert parse_when("一个月后", datetime(2027, 12, 31, 9)) == (date(2028, 1, 31), None)
    assert parse_when("两个月后", datetime(2027, 12, 31, 9)) == (date(2028, 2, 29), None)   # a leap year
    assert parse_when("3个月后", datetime(2026, 11, 30, 9)) == (date(2027, 2, 28), None)


def test_next_month_in_chinese_clamps_as_in_english():
    assert parse_when("下个月", datetime(2027, 1, 31, 9)) == parse_when("next-month", datetime(2027, 1, 31, 9))


def test_the_refusal_lists_the_chinese_forms_in_chinese():
    from workbench.i18n import set_language

    set_language("zh_CN")   # conftest puts English back after the test
    with pytest.raises(WorkbenchError) as chinese:
        parse_when("soon", NOW)
    set_language("en")
    with pytest.raises(WorkbenchError) as english:
        parse_when("soon", NOW)
    assert str(chinese.value) == "无法识别跟进时间“soon”；请用明天、3天后、下周、周五、下个月、2026-11-27 或 2026-11-27 10:00。"
    assert str(english.value) == ("Cannot read the follow-up time 'soon'; try tomorrow 3pm, friday 10:00, next monday,"
                                  " +3d, next-month, 2026-11-27 or 2026-11-27 10:00.")   # a week on


def test_a_time_alone_gets_the_same_hint_in_chinese_quoted_as_chinese_is():
    from workbench.i18n import set_language

    set_language("zh_CN")   # conftest puts English back after the test
    with pytest.raises(WorkbenchError) as ambiguous:
        parse_when("3点", NOW)
    assert str(ambiguous.value) == "“3点”可能是 03:00，也可能是 15:00；请在前面加上“上午”或“下午”，或写成 HH:MM。"


# The dates as managers type them (NOW is Friday 20 November 2026, 14:30): with or without the year, 大后天, and a
# day of the month alone; each takes a time of day or 全天 as the other days do.
@pytest.mark.parametrize("text, expected", [
    ("大后天", (date(2026, 11, 23), None)),
    ("大后天 下午3点", (date(2026, 11, 23), "15:00")),
    ("11月25日", (date(2026, 11, 25), None)),
    ("11月25号", (date(2026, 11, 25), None)),
    ("十一月二十五日", (date(2026, 11, 25), None)),
    ("11月25日 10点", (date(2026, 11, 25), "10:00")),
    ("11月25日10点半", (date(2026, 11, 25), "10:30")),
    ("11月25日 全天", (date(2026, 11, 25), ALL_DAY)),
    ("2026年11月25日 10:00", (date(2026, 11, 25), "10:00")),
    ("1月5日", (date(2027, 1, 5), None)),   # January has gone this year: next January's
    ("12月1日", (date(2026, 12, 1), None)),
    ("11月20日 15:00", (date(2026, 11, 20), "15:00")),   # today
    ("25号", (date(2026, 11, 25), None)),
    ("25日", (date(2026, 11, 25), None)),
    ("25号下午3点", (date(2026, 11, 25), "15:00")),
    ("25号 全天", (date(2026, 11, 25), ALL_DAY)),
    ("二十五号", (date(2026, 11, 25), None)),
    ("20号", (date(2026, 11, 20), None)),   # today's, not gone
    ("19号", (date(2026, 12, 19), None)),   # gone this month: next month's
    ("31号", (date(2026, 12, 31), None)),   # November has none: the next month that has one
    ("2026/11/25", (date(2026, 11, 25), None)),
    ("2026/11/25 10:00", (date(2026, 11, 25), "10:00")),
    ("2027/1/5", (date(2027, 1, 5), None)),
    ("11-25", (date(2026, 11, 25), None)),
    ("11/25", (date(2026, 11, 25), None)),
    ("11/25 10:00", (date(2026, 11, 25), "10:00")),
    ("11-25 下午3点", (date(2026, 11, 25), "15:00")),
    ("1/5", (date(2027, 1, 5), None)),
    ("１１月２５日", (date(2026, 11, 25), None)),   # full-width, as the input method types it
    ("下个月25号", (date(2026, 12, 25), None)),   # a day of a month named by how far ahead it is
    ("下月3号 上午10点", (date(2026, 12, 3), "10:00")),
    ("本月25日", (date(2026, 11, 25), None)),
    ("这个月30号", (date(2026, 11, 30), None)),
    ("下下个月10号", (date(2027, 1, 10), None)),
    ("5月20日", (date(2027, 5, 20), None)),   # next year's, within half a year
])
def test_common_date_forms(text, expected):
    assert parse_when(text, NOW) == expected


def test_the_coming_day_of_the_month_crosses_the_year_and_skips_short_months():
    assert parse_when("5号", datetime(2026, 12, 20, 9)) == (date(2027, 1, 5), None)
    assert parse_when("30号", datetime(2027, 2, 1, 9)) == (date(2027, 3, 30), None)
    assert parse_when("29号", datetime(2028, 2, 1, 9)) == (date(2028, 2, 29), None)   # a leap year
    assert parse_when("1月5日", datetime(2026, 12, 31, 9)) == (date(2027, 1, 5), None)
    with pytest.raises(WorkbenchError, match="2026-12-25 is in the past"):   # this month's gone: a slip, not next year
        parse_when("12月25日", datetime(2026, 12, 31, 9))


# Early in January (Saturday 2 January 2027, 09:30) a date without its year that has just gone is a slip, refused as
# past as it is in December, not one about a year on: the nearest occurrence decides, either side of the year's end.
JAN_2 = datetime(2027, 1, 2, 9, 30)


@pytest.mark.parametrize("text, message", [
    ("12月31日", "The follow-up time 2026-12-31 is in the past."),   # it was 2027-12-31
    ("12月30日 下午3点", "The follow-up time 2026-12-30 15:00 is in the past."),
    ("12-31", "The follow-up time 2026-12-31 is in the past."),
    ("12/25", "The follow-up time 2026-12-25 is in the past."),
    ("11月25日", "The follow-up time 2026-11-25 is in the past."),
    ("1月1日", "The follow-up time 2027-01-01 is in the past."),
    # The weekday and this-month forms have no year to slip on: this week's or this month's day gone is past.
    ("本周三", "The follow-up time 2026-12-30 is in the past."),
    ("this monday", "The follow-up time 2026-12-28 is in the past."),
    ("本月1号", "The follow-up time 2027-01-01 is in the past."),
])
def test_a_date_just_gone_is_refused_across_the_years_end(text, message):
    with pytest.raises(WorkbenchError, match=f"^{message}$"):
        parse_when(text, JAN_2)


@pytest.mark.parametrize("text, expected", [
    ("1月3日", date(2027, 1, 3)),
    ("7月3日", date(2027, 7, 3)),   # within half a year
    ("7月5日", date(2027, 7, 5)),   # later this year, however far: six months back is no slip
    ("2027/12/31", date(2027, 12, 31)),   # with its year, as far ahead as it says
    ("2027年12月31日", date(2027, 12, 31)),
    ("周一", date(2027, 1, 4)),
    ("下周一", date(2027, 1, 4)),
    ("下周三", date(2027, 1, 6)),
    ("25号", date(2027, 1, 25)),
    ("本月31号", date(2027, 1, 31)),
    ("下个月28号", date(2027, 2, 28)),
])
def test_the_coming_dates_early_in_january(text, expected):
    assert parse_when(text, JAN_2) == (expected, None)


def test_a_29_february_just_gone_is_past_not_missing():
    """In a leap year's March 2月29日 is the day just gone, not the coming February's missing one; the coming
    February decides otherwise, never a leap year's further on."""
    with pytest.raises(WorkbenchError, match="^There is no 2月29日: February 2027 has 28 days.$"):
        parse_when("2月29日", JAN_2)   # not 2028-02-29
    assert parse_when("2月29日", datetime(2027, 8, 1, 9)) == (date(2028, 2, 29), None)   # more than half a year on
    with pytest.raises(WorkbenchError, match="^The follow-up time 2028-02-29 is in the past.$"):
        parse_when("2月29日", datetime(2028, 3, 5, 9))
    with pytest.raises(WorkbenchError, match="^There is no 2月29日: February 2029 has 28 days.$"):
        parse_when("2月29日", datetime(2028, 9, 1, 9))   # half a year gone: the coming February's, which lacks it


@pytest.mark.parametrize("text, expected", [
    ("2027-1-3", (date(2027, 1, 3), None)),   # a one-digit month and day, as 2027/1/3 is read
    ("2027-1-03", (date(2027, 1, 3), None)),
    ("2027-01-3 10:00", (date(2027, 1, 3), "10:00")),
    ("2027-1-3 下午3点", (date(2027, 1, 3), "15:00")),
    ("2027-1-5T10:00", (date(2027, 1, 5), "10:00")),   # the ISO form's T, as 2027-01-05T10:00 and 2027-1-5 10:00
    ("2027-01-5T10:00", (date(2027, 1, 5), "10:00")),
    ("2027-1-05t09:30:00", (date(2027, 1, 5), "09:30")),
])
def test_a_dashed_date_with_one_digit_month_or_day(text, expected):
    assert parse_when(text, JAN_2) == expected


@pytest.mark.parametrize("text, message", [
    ("2027-2-29", "^There is no 2027-2-29: February 2027 has 28 days.$"),   # as 2027/2/29 says, not 'cannot read'
    ("2027-13-1", "Cannot read the follow-up time"),
    ("2027-1/3", "Cannot read the follow-up time"),   # the separators mixed: a slip, as 2026/11-25
    ("2027/1/5T10:00", "Cannot read the follow-up time"),   # the T goes with the ISO form's dashes only
    ("1-5T10:00", "Cannot read the follow-up time"),
    ("2027-1-5T", "Cannot read the follow-up time"),   # a T and no time, as 2026-11-21T
    ("2027-2-29T10:00", "^There is no 2027-2-29: February 2027 has 28 days.$"),
    ("2026-12-31", "^The follow-up time 2026-12-31 is in the past.$"),
])
def test_a_dashed_date_refused(text, message):
    with pytest.raises(WorkbenchError, match=message):
        parse_when(text, JAN_2)


@pytest.mark.parametrize("now", [datetime(2026, 11, 20, 14, 30), datetime(2026, 12, 28, 17, 55), JAN_2,
                                 datetime(2027, 2, 28, 23, 59)])
def test_the_refusals_example_dates_are_read_whenever_it_is_read(now):
    """The refusal's examples were 2026-12-01 and 2026-12-01 10:00, themselves past from December."""
    with pytest.raises(WorkbenchError) as unreadable:
        parse_when("元旦", now)
    example = str(unreadable.value).removesuffix(" 10:00.").rpartition(" ")[2]
    assert parse_when(example, now) == (now.date() + timedelta(days=7), None)
    assert parse_when(example + " 10:00", now) == (now.date() + timedelta(days=7), "10:00")


@pytest.mark.parametrize("text, message", [
    ("11月19日", "The follow-up time 2026-11-19 is in the past."),   # gone this month: not next year's
    ("2026/11/19", "The follow-up time 2026-11-19 is in the past."),
    ("2026年11月19日", "The follow-up time 2026-11-19 is in the past."),
    ("2025/12/1", "The follow-up time 2025-12-01 is in the past."),
    ("20号 10点", "The follow-up time 2026-11-20 10:00 is in the past."),   # NOW is 14:30
    ("11月20日 14:00", "in the past"),
    ("11-20 9:00", "in the past"),
    ("13月5日", "Cannot read the follow-up time"),
    ("2月30日", "There is no 2月30日: February 2027 has 28 days."),   # the coming February lacks it: said so, not 'cannot read'
    ("2月29日", "There is no 2月29日: February 2027 has 28 days."),   # the coming February has no 29th
    ("2026-04-31T10:00", "There is no 2026-04-31: April has 30 days."),
    ("2026年6月31日 上午10点", "There is no 2026年6月31日: June has 30 days."),
    ("0号", "Cannot read the follow-up time"),
    ("32号", "Cannot read the follow-up time"),
    ("一百号", "Cannot read the follow-up time"),
    ("11/25/2026", "Cannot read the follow-up time"),   # the American order with the year is not read
    ("25/11", "Cannot read the follow-up time"),   # month first, as 11/25
    ("2026/11-25", "Cannot read the follow-up time"),
    ("11-255", "Cannot read the follow-up time"),
    ("11月25日 3点", "could be 03:00 or 15:00"),
    ("25号 25点", "Cannot read the time of day"),
    ("大大后天", "Cannot read the follow-up time"),
    ("10月5日", "The follow-up time 2026-10-05 is in the past."),   # eleven months on is no plan: a slip for a day gone
    ("6月1日", "The follow-up time 2026-06-01 is in the past."),
    ("本月31号", "There is no 本月31号: November has 30 days."),
    ("本月19号", "The follow-up time 2026-11-19 is in the past."),
])
def test_common_date_forms_refused(text, message):
    with pytest.raises(WorkbenchError, match=message):
        parse_when(text, NOW)


def test_a_day_its_month_lacks_is_named_in_chinese():
    from workbench.i18n import set_language

    set_language("zh_CN")   # conftest puts English back after the test
    with pytest.raises(WorkbenchError, match="^没有2月29日这一天：2027年2月只有28天。$"):
        parse_when("2月29日 下午3点", NOW)
    with pytest.raises(WorkbenchError, match="^没有9月31日这一天：9月只有30天。$"):
        parse_when("9月31日", datetime(2027, 1, 5, 9))
    with pytest.raises(WorkbenchError, match="^没有2月29日这一天：2026年2月只有28天。$"):   # the coming February's year
        parse_when("2月29日", datetime(2026, 1, 5, 9))
    assert parse_when("2月29日", datetime(2027, 11, 20, 9)) == (date(2028, 2, 29), None)   # the coming one has it


@pytest.mark.parametrize("text, expected", [   # NOW is Friday 2026-11-20, 14:30
    ("mon 3pm", (date(2026, 11, 23), "15:00")),
    ("Mon 10:00", (date(2026, 11, 23), "10:00")),
    ("tues", (date(2026, 11, 24), None)),
    ("thurs 9am", (date(2026, 11, 26), "09:00")),
    ("next monday 3pm", (date(2026, 11, 23), "15:00")),   # next calendar week's, as 下周一
    ("next friday", (date(2026, 11, 27), None)),          # not today: next week's
    ("this sunday 10am", (date(2026, 11, 22), "10:00")),
    ("next week", (date(2026, 11, 27), None)),
    ("next month 10:00", (date(2026, 12, 20), "10:00")),
    # As it is said: a short weekday, and 'at' before the time.
    ("weds 3pm", (date(2026, 11, 25), "15:00")),
    ("monday at 3pm", (date(2026, 11, 23), "15:00")),
    ("next friday at 10am", (date(2026, 11, 27), "10:00")),
])
def test_english_weekdays_as_typed(text, expected):
    """'mon 3pm' and 'next monday 3pm' were refused, though 'friday 3pm' was read."""
    assert parse_when(text, NOW) == expected


@pytest.mark.parametrize("text", ["monkey", "this monday", "next mond"])
def test_english_weekday_slips_are_refused(text):
    with pytest.raises(WorkbenchError):
        parse_when(text, NOW)


@pytest.mark.parametrize("now, text, expected", [
    (datetime(2027, 3, 1, 9), "12月20日", date(2027, 12, 20)),   # later this year: booked, as before 1bcd2c0
    (datetime(2027, 5, 20, 9), "11-25", date(2027, 11, 25)),
    (datetime(2027, 1, 2, 9), "10月20日", date(2027, 10, 20)),   # 74 days back is no slip: this year's October
])
def test_a_date_later_this_year_is_booked_however_far(now, text, expected):
    assert parse_when(text, now)[0] == expected
