"""The short forms the screens show for dates: a narrow column never cuts a date it cannot fit."""

from __future__ import annotations

from datetime import date

import pytest

from workbench.dates import short_date
from workbench.screens.labels import glance_date

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


def test_the_lowest_tier_says_below_its_line_in_a_narrow_cell_within_the_column():
    from rich.cells import cell_len

    from workbench.i18n import set_language
    from workbench.screens.labels import tier_cells, tier_label
    from workbench.screens.widgets.columns import TIER_CELLS, columns_for

    assert tier_label(0, short=True) == "<50k"   # was "—", while the reasons and the CLI say below 50k
    assert tier_label(0) == "below 50k" and tier_label(2, short=True) == "500k"
    set_language("zh_CN")
    assert tier_label(0, short=True) == "<5万" and tier_label(0) == "5万以下"
    assert tier_cells() == TIER_CELLS            # the usual lines keep the column as it was
    lines = (100_000_000, 500_000_000)           # a branch whose first line is 100万
    assert tier_label(0, lines, short=True) == "<100万" and tier_cells(lines) == cell_len("<100万") == 6
    widths = {column.key: size for column, size in columns_for(80, tier_cells(lines))}
    assert widths["tier"] == 6
