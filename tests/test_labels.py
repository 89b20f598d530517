"""The short forms the screens show for dates: a narrow column never cuts a date it cannot fit."""

from __future__ import annotations

from datetime import date

import pytest

from workbench.screens.labels import glance_date, short_date

JAN_5 = date(2027, 1, 5)


@pytest.mark.parametrize("value, shown", [
    ("2027-03-01", "03-01"),
    ("2026-12-18T09:30:00", "2026-12-18"),
    (date(2026, 12, 18), "2026-12-18"),
    (None, ""),
])
def test_short_date_gives_the_year_only_for_another_year(value, shown):
    assert short_date(value, JAN_5) == shown


@pytest.mark.parametrize("value, shown", [
    ("2027-01-05", "01-05"),                 # today
    ("2027-11-30", "11-30"),                 # this year, however far
    ("2026-12-18T09:30:00", "12-18"),        # the December just gone
    ("2026-07-06", "07-06"),                 # 183 days back: still within half a year
    ("2026-07-05", "2026"),                  # 184 days back: the year alone
    ("2028-07-05", "2028"),                  # far ahead in another year
    ("2028-01-02", "2028"),
    ("", ""),
])
def test_glance_date_keeps_to_five_cells_and_is_never_ambiguous(value, shown):
    assert glance_date(value, JAN_5) == shown


def test_glance_date_near_the_turn_of_the_year_reads_ahead():
    assert glance_date("2027-01-01", date(2026, 12, 29)) == "01-01"
    assert glance_date("2027-07-01", date(2026, 12, 29)) == "2027"
