"""The statutory holiday calendar (法定节假日安排): whether a day is worked, as the State Council's General Office
announces each year's days off and make-up working days (调休上班), read once from data/holidays.toml.

is_working_day and next_working_day are the engine's one answer to "is this a working day": festivals.is_working_day
and festivals.working_days ask them. For a year the file has, the announcement decides day by day: a weekday the notice
gives off is no working day (2026's Spring Festival runs from 腊月二十八, 15 February, to 正月初七, 23 February), and a
weekend day it makes worked is one (Saturday 14 and Saturday 28 February 2026); any other day is worked Monday to Friday.

A year the file lacks (before its first, after its last: the next year's notice comes out each November, and its table
is added to the file then) falls back to Monday to Friday less the public holidays festivals.public_holidays computes
(New Year's Day, the Spring Festival from its eve to 初三, 清明, Labour Day, the Dragon Boat and Mid-Autumn Festivals and
National Day's first three days, for the years festivals.LUNAR_DAYS has; the fixed-date ones alone after them). No
调休 is guessed there: a holiday is not lengthened over the weekdays around it, and no weekend is worked.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources

from workbench.festivals import public_holidays

DATA = "data/holidays.toml"


@dataclass(frozen=True)
class Calendar:
    """The announced days: each day the notices name, worked (True) or off (False), and the years they cover."""

    days: dict[date, bool]
    years: frozenset[int]


def read_calendar(text: str, name: str = DATA) -> Calendar:
    """The calendar from the text of a holidays TOML file; ValueError saying what is wrong with it (a make-up working
    day that is no weekend day, a span that ends before it starts or leaves the year, a day both off and worked). A
    notice's days may start in the December before its year, as a New Year's holiday has (2023's, from 2022-12-31)."""
    days: dict[date, bool] = {}
    years = set()
    for key, notice in tomllib.loads(text).items():
        year = int(key)
        off = [(span[0], span[-1]) for span in notice.get("off", [])]
        for first, last in off:
            if not (isinstance(first, date) and isinstance(last, date) and first <= last
                    and year - 1 <= first.year and last.year <= year):
                raise ValueError(f"{name}: the days off {first} to {last} of {year} are no span of that year.")
            days.update((first + timedelta(days=n), False) for n in range((last - first).days + 1))
        for day in notice.get("worked", []):
            if not isinstance(day, date) or day.weekday() < 5 or day.year not in (year - 1, year):
                raise ValueError(f"{name}: {day}, made a working day in {year}, is no Saturday or Sunday of that year.")
            if days.get(day) is False:
                raise ValueError(f"{name}: {day} is both a day off and a working day in {year}.")
            days[day] = True
        years.add(year)
    return Calendar(days, frozenset(years))


@cache
def calendar() -> Calendar:
    """The calendar of data/holidays.toml, read on first use."""
    return read_calendar(resources.files("workbench").joinpath(DATA).read_text(encoding="utf-8"))


def is_working_day(day: date) -> bool:
    """Whether the day is worked: as its year's notice says (a weekday given off is not, a make-up Saturday or Sunday
    is); in a year no notice covers, Monday to Friday and no public holiday festivals.public_holidays knows."""
    known = calendar()
    if day in known.days:
        return known.days[day]
    if day.year in known.years:
        return day.weekday() < 5
    return day.weekday() < 5 and day not in public_holidays(day.year)


def next_working_day(day: date) -> date:
    """The first working day after the day (is_working_day): on Friday 13 February 2026 the make-up Saturday, 14
    February; on that Saturday Tuesday 24 February, the Spring Festival holiday over."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
