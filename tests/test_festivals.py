"""The festival calendar: the days each festival falls on and which festivals share a greeting."""

from datetime import date, timedelta

import pytest

from workbench import festivals


@pytest.mark.parametrize("year, days", [
    # Days any Chinese calendar shows: 春节, 端午, 中秋, 重阳.
    (2026, ("2026-02-17", "2026-06-19", "2026-09-25", "2026-10-18")),
    (2027, ("2027-02-06", "2027-06-09", "2027-09-15", "2027-10-08")),
])
def test_lunar_festivals_fall_on_their_days(year, days):
    found = {key: day.isoformat() for day, key in festivals.festival_days(year)}
    assert tuple(found[key] for key in festivals.LUNAR) == days
    assert found["new_year"] == f"{year}-01-01" and found["national_day"] == f"{year}-10-01"


def test_the_table_is_whole_and_each_festival_stays_in_its_season():
    """Every year up to KNOWN_UNTIL has its four lunar festivals, each in the weeks the lunar calendar allows."""
    years = sorted(festivals.LUNAR_DAYS)
    assert years == list(range(years[0], festivals.KNOWN_UNTIL.year + 1))
    seasons = {"spring_festival": ("01-21", "02-20"), "dragon_boat": ("05-26", "06-25"),
               "mid_autumn": ("09-07", "10-08"), "double_ninth": ("10-01", "11-01")}
    for year in years:
        for day, key in festivals.festival_days(year):
            if key in seasons:
                assert seasons[key][0] <= day.strftime("%m-%d") <= seasons[key][1], (year, key)
        spring = festivals.festival_days(year)[1][0]
        # The Mid-Autumn Festival is 7 lunar months and 14 days after the Spring Festival: 220 or 221 days,
        # or about 30 more in a year with a leap month before the eighth.
        mid_autumn = dict((k, d) for d, k in festivals.festival_days(year))["mid_autumn"]
        assert (mid_autumn - spring).days in (219, 220, 221, 222, 248, 249, 250, 251, 252), year


def test_a_year_past_the_table_has_only_the_fixed_festivals():
    year = festivals.KNOWN_UNTIL.year + 1
    assert [key for _day, key in festivals.festival_days(year)] == ["new_year", "national_day"]


def test_festivals_in_the_same_week_share_one_greeting():
    found = festivals.occasions(date(2025, 9, 1), date(2025, 10, 31))
    assert [(o.keys, o.first.isoformat(), o.last.isoformat()) for o in found] == [
        (("national_day", "mid_autumn"), "2025-10-01", "2025-10-06"),   # 双节: one greeting
        (("double_ninth",), "2025-10-29", "2025-10-29"),
    ]
    # 2033: National Day and the Double Ninth on the same day.
    (both,) = festivals.occasions(date(2033, 10, 1), date(2033, 10, 1))
    assert both.keys == ("national_day", "double_ninth")


def test_an_occasion_is_found_by_its_first_festival_only():
    """A greeting that began before the range is not found again for its later festival."""
    assert festivals.occasions(date(2025, 10, 2), date(2025, 10, 10)) == []


def test_next_occasion_lasts_until_its_last_festival():
    assert festivals.next_occasion(date(2025, 10, 3)).keys == ("national_day", "mid_autumn")
    assert festivals.next_occasion(date(2025, 10, 7)).keys == ("double_ninth",)
    assert festivals.next_occasion(date(2026, 11, 20)) is None                      # New Year's Day is 42 days off
    assert festivals.next_occasion(date(2026, 11, 20), within_days=42).first == date(2027, 1, 1)
    assert festivals.next_occasion(date(2026, 12, 31) + timedelta(days=1)).keys == ("new_year",)


@pytest.mark.parametrize("keys, lang, text", [
    (("mid_autumn",), "en", "the Mid-Autumn Festival"),
    (("national_day", "mid_autumn"), "en", "National Day and the Mid-Autumn Festival"),
    (("national_day", "mid_autumn"), "zh_CN", "国庆节和中秋节"),
    (("new_year", "national_day", "double_ninth"), "zh_CN", "元旦、国庆节和重阳节"),
    (("new_year", "national_day", "double_ninth"), "en", "New Year's Day, National Day and the Double Ninth Festival"),
])
def test_names(keys, lang, text):
    assert festivals.names(keys, lang) == text


def test_every_festival_has_a_chinese_name():
    from workbench.i18n import catalogue

    assert all(name in catalogue("zh_CN") for name in festivals.FESTIVALS.values())
