"""The Lantern Festival (元宵节, 正月十五): a care greeting of its own, two weeks after the Spring Festival."""

from datetime import date, datetime, timedelta

import pytest

from committed_sample import callable_customers, open_copy
from factories import add_customer, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)

from workbench import festivals, followups
from workbench.scripts import fitting_purposes, render_script

RICH = 80_000_000   # 80万 in fen: above the 50万 line a greeting needs by default


@pytest.mark.parametrize("day", [
    # 正月十五 as two lunar-calendar libraries give it (lunardate 0.3.0, lunar-python 1.4.8).
    "2026-03-03", "2027-02-20", "2028-02-09", "2029-02-27", "2030-02-17",
])
def test_the_lantern_festival_falls_on_the_fifteenth_of_the_first_month(day):
    day = date.fromisoformat(day)
    assert (day, "lantern") in festivals.festival_days(day.year)


def test_every_year_of_the_table_has_it_fourteen_days_after_the_spring_festival():
    """正月 has 29 or 30 days, so its fifteenth is always 初一 plus 14 days."""
    for year in festivals.LUNAR_DAYS:
        found = {key: day for day, key in festivals.festival_days(year)}
        assert found["lantern"] - found["spring_festival"] == timedelta(days=14), year
    assert "lantern" not in {key for _day, key in festivals.festival_days(festivals.KNOWN_UNTIL.year + 1)}


def test_it_is_a_greeting_of_its_own_and_not_part_of_the_spring_festivals():
    spring, lantern = festivals.occasions(date(2027, 2, 1), date(2027, 2, 28))
    assert (spring.keys, lantern.keys, lantern.first) == (("spring_festival",), ("lantern",), date(2027, 2, 20))
    assert festivals.names(lantern.keys, "zh_CN") == "元宵节"
    assert festivals.names(lantern.keys, "en") == "the Lantern Festival"


def greetings(conn, today):
    return [(s.customer_id, s.due_on.isoformat(), s.reason) for s in followups.care_suggestions(conn, "M1", today)
            if s.kind == "festival"]


def test_a_customer_greeted_at_the_spring_festival_is_greeted_again_on_its_eve(conn):
    add_customer(conn, "F1", aum_fen=RICH)
    (spring,) = [s for s in followups.care_suggestions(conn, "M1", date(2027, 2, 2)) if s.kind == "festival"]
    assert spring.due_on == date(2027, 2, 5)   # 除夕
    followups.accept_suggestion(conn, spring, at=datetime(2027, 2, 2, 9, 0))
    assert greetings(conn, date(2027, 2, 15)) == []
    # From 3 days before its eve (care.festival_lead_days) until the day itself.
    assert greetings(conn, date(2027, 2, 16)) == [("F1", "2027-02-19", "Greeting for the Lantern Festival on 2027-02-20.")]
    assert greetings(conn, date(2027, 2, 20))[0][1] == "2027-02-20"
    assert greetings(conn, date(2027, 2, 21)) == []


def test_the_card_offers_the_lantern_greeting_to_a_sample_customer(tmp_path):
    sample = open_copy(tmp_path)
    customer_id = callable_customers(sample)[0]
    day = date(2027, 2, 18)
    assert "festival" in fitting_purposes(sample, customer_id, day)
    zh = render_script(sample, customer_id, "festival", today=day, lang="zh_CN")
    en = render_script(sample, customer_id, "festival", today=day, lang="en")
    assert zh.fields["festival"] == "元宵节" and "元宵节" in zh.opening
    assert en.fields["festival"] == "the Lantern Festival" and "the Lantern Festival" in en.opening
