"""The festivals a manager greets customers on (节日问候), and the days they fall on.

New Year's Day and National Day are fixed; the Spring Festival, the Lantern Festival, the Dragon Boat
Festival, the Mid-Autumn Festival and the Double Ninth Festival follow the lunar calendar, so their days come
from LUNAR_DAYS, a table of the years it covers (checked against two lunar-calendar libraries when it was
written); the Lantern Festival, 正月十五, is always 14 days after 正月初一 (LANTERN_AFTER). Festivals a few
days apart are greeted once, together, as banks send one 双节 greeting for National Day and the Mid-Autumn
Festival when they fall in the same week; the Lantern Festival, two weeks after the Spring Festival, has a
greeting of its own.

A working day (is_working_day) is as the statutory holiday calendar says (holidays.is_working_day): the State Council's
announced days off and make-up working days for the years it has; for any other year a weekday that is no public
holiday (public_holidays): those of the festivals here as the rules in force since 2025 set them (HOLIDAY_SPANS), and
清明 and Labour Day, which have no greeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from workbench.i18n import AND, gettext, join_list

# (key, name in English: translated at display); in the order of the year.
FESTIVALS = {
    "new_year": "New Year's Day",
    "spring_festival": "the Spring Festival",
    "lantern": "the Lantern Festival",
    "dragon_boat": "the Dragon Boat Festival",
    "mid_autumn": "the Mid-Autumn Festival",
    "national_day": "National Day",
    "double_ninth": "the Double Ninth Festival",
}
FIXED = {"new_year": (1, 1), "national_day": (10, 1)}
# year: (Spring Festival 正月初一, Dragon Boat 五月初五, Mid-Autumn 八月十五, Double Ninth 九月初九)
LUNAR_DAYS = {
    2024: ("02-10", "06-10", "09-17", "10-11"),
    2025: ("01-29", "05-31", "10-06", "10-29"),
    2026: ("02-17", "06-19", "09-25", "10-18"),
    2027: ("02-06", "06-09", "09-15", "10-08"),
    2028: ("01-26", "05-28", "10-03", "10-26"),
    2029: ("02-13", "06-16", "09-22", "10-16"),
    2030: ("02-03", "06-05", "09-12", "10-05"),
    2031: ("01-23", "06-24", "10-01", "10-24"),
    2032: ("02-11", "06-12", "09-19", "10-12"),
    2033: ("01-31", "06-01", "09-08", "10-01"),
    2034: ("02-19", "06-20", "09-27", "10-20"),
    2035: ("02-08", "06-10", "09-16", "10-09"),
    2036: ("01-28", "05-30", "10-04", "10-27"),
    2037: ("02-15", "06-18", "09-24", "10-17"),
    2038: ("02-04", "06-07", "09-13", "10-07"),
    2039: ("01-24", "05-27", "10-02", "10-26"),
    2040: ("02-12", "06-14", "09-20", "10-14"),
    2041: ("02-01", "06-03", "09-10", "10-03"),
    2042: ("01-22", "06-22", "09-28", "10-22"),
    2043: ("02-10", "06-11", "09-17", "10-11"),
    2044: ("01-30", "05-31", "10-05", "10-29"),
    2045: ("02-17", "06-19", "09-25", "10-18"),
}
LUNAR = ("spring_festival", "dragon_boat", "mid_autumn", "double_ninth")
# The Lantern Festival (元宵节, 正月十五) after the Spring Festival (正月初一): the first lunar month has 29 or 30 days.
LANTERN_AFTER = timedelta(days=14)
KNOWN_UNTIL = date(max(LUNAR_DAYS), 12, 31)   # the last day the calendar knows every festival of
# The public holidays (法定节假日) of the festivals here, as the rules in force since 2025 set them: the first and the last
# day, counted from the festival's (the Spring Festival's from its eve, 除夕, to 初三). The State Council's yearly 调休,
# a weekend worked to lengthen a holiday and the weekdays it gives off, is announced each year: holidays.py has the
# years announced, and falls back on these spans for the others.
HOLIDAY_SPANS = {"new_year": (0, 0), "spring_festival": (-1, 2), "dragon_boat": (0, 0), "mid_autumn": (0, 0),
                 "national_day": (0, 2)}
# The public holidays that are no festival greeted: Labour Day, and 清明 (a solar term, on this day of April in each
# year of LUNAR_DAYS; checked against lunar-python 1.4.8).
LABOUR_DAY = ((5, 1), (5, 2))
QINGMING = {2024: 4, 2025: 4, 2026: 5, 2027: 5, 2028: 4, 2029: 4, 2030: 5, 2031: 5, 2032: 4, 2033: 4, 2034: 5,
            2035: 5, 2036: 4, 2037: 4, 2038: 5, 2039: 5, 2040: 4, 2041: 4, 2042: 4, 2043: 5, 2044: 4, 2045: 4}
# Festivals at most this many days apart get one greeting, before the first of them.
TOGETHER_DAYS = 7
# A greeting is near (its script fits a customer's card) from this many days before its first festival.
NEAR_DAYS = 30
# Festivals greeted only for the elderly: the Double Ninth is 敬老节.
ELDERS_ONLY = frozenset({"double_ninth"})


@dataclass(frozen=True)
class Occasion:
    """One greeting: the festivals it is for (keys, in date order) and the day of each."""

    keys: tuple[str, ...]
    days: tuple[date, ...]

    @property
    def first(self) -> date:
        return self.days[0]

    @property
    def last(self) -> date:
        return self.days[-1]


def festival_days(year: int) -> list[tuple[date, str]]:
    """Each festival of the year with its day, in date order; a year LUNAR_DAYS lacks has only the fixed ones."""
    out = [(date(year, month, day), key) for key, (month, day) in FIXED.items()]
    for key, month_day in zip(LUNAR, LUNAR_DAYS.get(year, ())):
        out.append((date.fromisoformat(f"{year}-{month_day}"), key))
        if key == "spring_festival":
            out.append((out[-1][0] + LANTERN_AFTER, "lantern"))
    return sorted(out, key=lambda pair: (pair[0], list(FESTIVALS).index(pair[1])))


@lru_cache(maxsize=8)
def public_holidays(year: int) -> frozenset[date]:
    """The public holidays of the year (HOLIDAY_SPANS, LABOUR_DAY, QINGMING); a year past the table has the fixed ones.
    No 调休: is_working_day asks the statutory calendar (holidays.py), which falls back on these for a year it lacks."""
    days = {date(year, month, day) for month, day in LABOUR_DAY}
    if year in QINGMING:
        days.add(date(year, 4, QINGMING[year]))
    for day, key in festival_days(year):
        first, last = HOLIDAY_SPANS.get(key, (0, -1))
        days.update(day + timedelta(days=n) for n in range(first, last + 1))
    return frozenset(days)


def is_working_day(day: date) -> bool:
    """Whether the day is worked, as holidays.is_working_day says: the announced days off and make-up working days of
    the years the statutory calendar has; Monday to Friday and no public holiday (public_holidays) in any other."""
    from workbench import holidays   # which falls back on public_holidays: imported here, not at the top

    return holidays.is_working_day(day)


def working_days(start: date, count: int) -> list[date]:
    """The first count working days from start, start itself included."""
    found: list[date] = []
    day = start
    while len(found) < count:
        if is_working_day(day):
            found.append(day)
        day += timedelta(days=1)
    return found


def occasions(start: date, end: date) -> list[Occasion]:
    """The greetings whose first festival falls from start to end (inclusive), in date order; festivals
    within TOGETHER_DAYS of the one before them share its greeting."""
    days = [pair for year in range(start.year - 1, end.year + 2) for pair in festival_days(year)]
    groups: list[list[tuple[date, str]]] = []
    for pair in days:
        if groups and (pair[0] - groups[-1][-1][0]).days <= TOGETHER_DAYS:
            groups[-1].append(pair)
        else:
            groups.append([pair])
    found = [Occasion(tuple(k for _d, k in group), tuple(d for d, _k in group)) for group in groups]
    return [o for o in found if start <= o.first <= end]


def next_occasion(today: date, within_days: int = NEAR_DAYS) -> Occasion | None:
    """The greeting whose festivals are not all past by today, within within_days of it."""
    upcoming = [o for o in occasions(today - timedelta(days=TOGETHER_DAYS), today + timedelta(days=within_days))
                if o.last >= today]
    return upcoming[0] if upcoming else None


def greeted(occasion: Occasion, elder: bool) -> list[str]:
    """The festivals of the occasion a customer is greeted for: those for the elderly only if elder."""
    return [key for key in occasion.keys if elder or key not in ELDERS_ONLY]


def names(keys: list[str] | tuple[str, ...], lang: str | None = None) -> str:
    """The festivals in words, as a greeting names them: 国庆节和中秋节, National Day and the Mid-Autumn Festival."""
    return join_list((gettext(FESTIVALS[key], lang) for key in keys), lang, last=AND)
