"""The festival greeting on the festival's own day says that it is the day (今天是春节), not that it is coming (春节将至，
提前祝您): the greeting can be due that day (a customer missed on the eve), and the card opens on it then. A festival
gone by is not greeted. Read for a customer of the committed sample, in both languages."""

from datetime import date, datetime

import pytest

from committed_sample import callable_customers, open_copy

from workbench import followups
from workbench.scripts import fitting_purposes, render_script

SPRING = date(2027, 2, 6)   # the Spring Festival, a Saturday; 除夕 is 5 February


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return open_copy(tmp_path_factory.mktemp("festival-day"))


@pytest.fixture(scope="module")
def customer(sample):
    return callable_customers(sample)[0]


def openings(sample, customer, day) -> tuple[str, str]:
    return tuple(render_script(sample, customer, "festival", today=day, lang=lang).opening for lang in ("zh_CN", "en"))


def test_on_the_festival_the_greeting_says_it_is_today(sample, customer):
    zh, en = openings(sample, customer, SPRING)
    assert zh.endswith("。今天是春节，祝您和家人节日快乐、阖家安康！") and "将至" not in zh
    assert en.endswith(". Today is the Spring Festival, and I wish you and your family a very happy holiday!")


def test_before_it_the_greeting_wishes_in_advance(sample, customer):
    zh, en = openings(sample, customer, date(2027, 2, 5))
    assert zh.endswith("。春节将至，提前祝您和家人节日快乐、阖家安康！")
    assert en.endswith(". With the Spring Festival coming, I wish you and your family a very happy holiday!")


def test_the_day_after_a_festival_it_is_not_greeted(sample, customer):
    # The day after the Spring Festival the greeting is the Lantern Festival's, two weeks on.
    zh, en = openings(sample, customer, date(2027, 2, 7))
    assert zh.endswith("。元宵节将至，提前祝您和家人节日快乐、阖家安康！") and "春节" not in zh
    # After the Double Ninth (8 October 2027) no festival is near: no greeting fits, the wake-up call is read.
    assert "festival" not in fitting_purposes(sample, customer, date(2027, 10, 9))
    assert render_script(sample, customer, "festival", today=date(2027, 10, 9), lang="zh_CN").purpose == "wake_up"


def test_a_greeting_for_two_festivals_names_those_of_the_day_or_still_to_come(sample, customer):
    # 2025: National Day on 1 October, the Mid-Autumn Festival on the 6th, one greeting.
    zh, en = openings(sample, customer, date(2025, 10, 1))
    assert zh.endswith("。今天是国庆节，祝您和家人节日快乐、阖家安康！")
    zh, en = openings(sample, customer, date(2025, 10, 3))
    assert zh.endswith("。中秋节将至，提前祝您和家人节日快乐、阖家安康！") and "国庆" not in zh
    assert en.endswith(". With the Mid-Autumn Festival coming, I wish you and your family a very happy holiday!")


def test_the_card_opens_on_the_greeting_due_on_the_festival(sample):
    """A greeting missed on the eve is due on the festival itself (followups._festivals), and the card opens on it."""
    (greeting, *_rest) = [s for s in followups.care_suggestions(sample, "M001", SPRING) if s.kind == "festival"]
    assert greeting.due_on == SPRING
    followups.accept_suggestion(sample, greeting, at=datetime(2027, 2, 6, 9, 0))
    for lang, said in (("zh_CN", "今天是春节"), ("en", "Today is the Spring Festival")):
        r = render_script(sample, greeting.customer_id, today=SPRING, lang=lang)
        assert r.purpose == "festival" and said in r.opening
