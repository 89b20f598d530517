"""The card offers the Double Ninth greeting (重阳节, 敬老节) only to a customer 60 or older on the festival by their
birthday, as the agenda suggests it (care.festival_elder_age); none without a birthday on record. A greeting shared
with another festival keeps the other for everyone. Real database file, fixed days."""

from __future__ import annotations

from datetime import date

import pytest

from factories import add_customer, seed_branch
from workbench.scripts import fitting_purposes, render_script

DOUBLE_NINTH = date(2026, 10, 18)   # alone: National Day (1 October) is more than a week before it
BEFORE = date(2026, 10, 10)


@pytest.fixture
def conn(fresh_db):
    """M1's customers: OLD 70, SIXTY 60 on the 2026 festival day, YOUNG 59 on it (60 the day after), KID 36, NONE no
    birthday."""
    seed_branch(fresh_db)
    for customer, birthday in (("OLD", "1956-03-01"), ("SIXTY", "1966-10-18"), ("YOUNG", "1966-10-19"),
                               ("KID", "1990-05-01"), ("NONE", None)):
        add_customer(fresh_db, customer, birthday=birthday, gender="F", name="王芳")
    fresh_db.conn.commit()
    return fresh_db.conn


def test_the_double_ninth_greeting_fits_only_customers_sixty_or_older_on_it(conn):
    fits = {c: "festival" in fitting_purposes(conn, c, BEFORE) for c in ("OLD", "SIXTY", "YOUNG", "NONE")}
    assert fits == {"OLD": True, "SIXTY": True, "YOUNG": False, "NONE": False}
    assert render_script(conn, "SIXTY", "festival", today=BEFORE, lang="zh_CN").opening.endswith(
        "。重阳节将至，提前祝您和家人节日快乐、阖家安康！")
    assert render_script(conn, "YOUNG", "festival", today=BEFORE, lang="zh_CN").purpose == "wake_up"
    assert render_script(conn, "NONE", "festival", today=DOUBLE_NINTH, lang="en").purpose == "wake_up"


def test_a_greeting_shared_with_national_day_keeps_national_day_for_the_young(conn):
    # 2027: National Day on 1 October and the Double Ninth on the 8th share one greeting.
    young = render_script(conn, "KID", "festival", today=date(2027, 9, 28), lang="zh_CN").opening
    assert young.endswith("。国庆节将至，提前祝您和家人节日快乐、阖家安康！")
    old = render_script(conn, "OLD", "festival", today=date(2027, 9, 28), lang="zh_CN").opening
    assert old.endswith("。国庆节和重阳节将至，提前祝您和家人节日快乐、阖家安康！")
    # Once National Day is past, nothing is left to greet the young for.
    assert "festival" not in fitting_purposes(conn, "KID", date(2027, 10, 3))
    assert render_script(conn, "OLD", "festival", today=date(2027, 10, 3), lang="en").opening.endswith(
        "With the Double Ninth Festival coming, I wish you and your family a very happy holiday!")
