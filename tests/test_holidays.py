"""The statutory holiday calendar: the State Council's announced days off and make-up working days (调休) decide what a
working day is, around the Spring Festival of 2026 above all (days off 15 to 23 February, Saturdays 14 and 28 February
worked); a year no notice covers falls back to weekends and the public holidays festivals.py computes."""

from datetime import date, datetime, timedelta

import pytest

from workbench import festivals, holidays
from workbench.i18n import gettext
from workbench.scripts import MATURITY_VISIT, maturity_visit
from workbench.when import parse_when


def days(first: str, last: str) -> list[date]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def test_the_spring_festival_2026_is_off_from_the_28th_of_the_last_month_to_the_7th_of_the_first():
    assert [holidays.is_working_day(d) for d in days("2026-02-13", "2026-02-24")] == [
        True,                                               # Friday 13
        True,                                               # Saturday 14: made a working day
        False, False, False, False, False, False, False, False, False,   # 15 (腊月二十八) to 23 (初七), 初四 a Friday
        True,                                               # Tuesday 24
    ]
    assert holidays.is_working_day(date(2026, 2, 28)) and not holidays.is_working_day(date(2026, 3, 1))


@pytest.mark.parametrize("worked", ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
                                    "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"])
def test_each_announced_make_up_weekend_day_is_worked(worked):
    day = date.fromisoformat(worked)
    assert day.weekday() >= 5 and holidays.is_working_day(day)
    assert festivals.is_working_day(day)   # the one answer, whoever asks


@pytest.mark.parametrize("off", ["2025-02-03", "2025-02-04", "2025-05-05", "2025-10-08", "2026-01-02", "2026-02-20",
                                 "2026-02-23", "2026-04-06", "2026-05-04", "2026-05-05", "2026-10-07"])
def test_each_weekday_the_notices_give_off_is_no_working_day(off):
    day = date.fromisoformat(off)
    assert day.weekday() < 5 and not holidays.is_working_day(day) and not festivals.is_working_day(day)


@pytest.mark.parametrize("day, after", [
    ("2026-02-13", "2026-02-14"),   # a Friday: the make-up Saturday comes next
    ("2026-02-14", "2026-02-24"),   # the make-up Saturday: the holiday, then Tuesday
    ("2026-02-18", "2026-02-24"),   # 初二
    ("2026-02-27", "2026-02-28"),   # the Friday before the second make-up Saturday
    ("2026-02-28", "2026-03-02"),
    ("2025-01-24", "2025-01-26"),   # 2025: the Sunday before the Spring Festival worked
    ("2025-09-30", "2025-10-09"),   # National Day and the Mid-Autumn Festival to 8 October
])
def test_the_next_working_day_is_the_first_worked_one_after(day, after):
    assert holidays.next_working_day(date.fromisoformat(day)) == date.fromisoformat(after)


def test_the_engines_working_days_follow_the_calendar():
    """festivals.working_days, which the scripts' {next_workday} and {second_workday} read, and {maturity_visit}."""
    assert festivals.working_days(date(2026, 2, 13), 3) == [date(2026, 2, 13), date(2026, 2, 14), date(2026, 2, 24)]
    # Maturing on 除夕, the Monday: the make-up Saturday before it is a day to visit, a day or two before.
    assert maturity_visit("2026-02-16", date(2026, 2, 12), "zh_CN") == gettext(MATURITY_VISIT["before"], "zh_CN")


def test_a_year_no_notice_covers_falls_back_to_weekends_and_the_public_holidays():
    assert holidays.calendar().years == frozenset({2025, 2026})
    # 2027: the Spring Festival's eve (Friday 5 February) to 初三 (Monday 8 February); no 调休 is guessed.
    assert [holidays.is_working_day(d) for d in days("2027-02-04", "2027-02-09")] == [
        True, False, False, False, False, True]
    assert holidays.next_working_day(date(2027, 2, 4)) == date(2027, 2, 9)
    assert not holidays.is_working_day(date(2027, 10, 3)) and holidays.is_working_day(date(2027, 10, 4))


def test_the_data_file_is_read_once():
    assert holidays.calendar() is holidays.calendar()


@pytest.mark.parametrize("text, says", [
    ("[2026]\noff = []\nworked = [2026-02-17]\n", "2026-02-17, made a working day in 2026, is no Saturday or Sunday"),
    ("[2026]\noff = [[2026-02-23, 2026-02-15]]\n", "the days off 2026-02-23 to 2026-02-15 of 2026 are no span"),
    ("[2026]\noff = [[2026-02-14, 2026-02-23]]\nworked = [2026-02-14]\n", "2026-02-14 is both a day off and a working"),
])
def test_a_calendar_that_cannot_be_right_is_refused(text, says):
    with pytest.raises(ValueError, match=says):
        holidays.read_calendar(text, "holidays.toml")


@pytest.mark.parametrize("text, now, due", [
    ("下个工作日", datetime(2026, 2, 13, 15, 0), (date(2026, 2, 14), None)),
    ("下个工作日 10点", datetime(2026, 2, 14, 15, 0), (date(2026, 2, 24), "10:00")),
    ("下一个工作日下午3点", datetime(2026, 2, 27, 9, 0), (date(2026, 2, 28), "15:00")),
    ("next working day 10:00", datetime(2026, 2, 14, 9, 0), (date(2026, 2, 24), "10:00")),
    ("next-workday", datetime(2026, 11, 27, 9, 0), (date(2026, 11, 30), None)),   # a Friday: Monday
])
def test_a_follow_up_typed_for_the_next_working_day_skips_the_days_off(text, now, due):
    assert parse_when(text, now) == due
