"""The card's script when a roll-over and a birthday greeting both fit: the one with fewer days left first."""

from __future__ import annotations

from datetime import date

import pytest

from factories import add_holding, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)
from workbench.scripts import choose_purpose, fitting_purposes, render_script

TODAY = date(2026, 12, 30)


@pytest.mark.parametrize("birthday, matures, expected", [
    ("1955-12-30", "2027-01-10", "birthday"),            # the birthday today, the maturity in 11 days
    ("1955-12-31", "2027-01-10", "birthday"),            # the birthday tomorrow
    ("1955-01-04", "2026-12-30", "maturity_rollover"),   # the maturity today, the birthday in 5 days
    ("1955-01-02", "2027-01-02", "maturity_rollover"),   # both in 3 days: the money leaves that day
    ("1955-01-02", "2027-01-03", "birthday"),            # the birthday in 3 days, the maturity in 4
    ("1955-01-06", "2027-01-10", "birthday"),            # in 7 days (the last day a greeting fits), in 11
    ("1955-01-07", "2027-01-10", "maturity_rollover"),   # in 8 days the greeting fits no longer
])
def test_the_card_opens_on_the_roll_over_or_the_birthday_whichever_comes_first(conn, birthday, matures, expected):
    conn.execute("UPDATE customers SET birthday = ?, triggers = 'maturity,birthday', segment = 'maturing_soon',"
                 " segments = 'maturing_soon,birthday_soon' WHERE customer_id = 'C1'", (birthday,))
    add_holding(conn, "C1", product_type="wealth", product_name="安心收益180天", maturity_on=matures)
    for lang in ("zh_CN", "en"):
        assert render_script(conn, "C1", today=TODAY, lang=lang).purpose == expected
    # p still offers the other one, whichever the card opens on (a greeting only within the birthday window).
    fitting = fitting_purposes(conn, "C1", TODAY)
    assert "maturity_rollover" in fitting and ("birthday" in fitting) is (birthday != "1955-01-07")


def test_the_rule_itself():
    found = "maturity,birthday"
    assert choose_purpose(found, [], days_left={"maturity_rollover": 11, "birthday": 0}) == "birthday"
    assert choose_purpose(found, [], days_left={"maturity_rollover": 0, "birthday": 5}) == "maturity_rollover"
    assert choose_purpose(found, [], days_left={"maturity_rollover": 2, "birthday": 2}) == "maturity_rollover"
    # A warm lead waits for either; without the days, the roll-over stays first, as before.
    assert choose_purpose("birthday", [], warm=True, days_left={"birthday": 6}) == "birthday"
    assert choose_purpose(found, [], warm=True) == "maturity_rollover"
    # Only what fits today: a birthday passed yesterday is no greeting, whatever yesterday's scores said.
    assert choose_purpose(found, [], fitting=["wake_up", "maturity_rollover"],
                          days_left={"maturity_rollover": 9}) == "maturity_rollover"
    assert choose_purpose("near_tier", ["new_customer"], days_left={}) == "new_customer_90d"
