"""A roll-over call left past the maturity headed the list as "跟进已逾期8天 · 到期承接" with no word that the holding had
matured (its money gone to a current account on the day): the list, and the card's reasons (the same words), now say
which holding matured and on which day, once that day is past; a call moved past the maturity says it too."""

from __future__ import annotations

from contextlib import closing
from datetime import date, datetime

import pytest

from tui_fixtures import at_list, book_elsewhere, build, card_after, printed, settle, sync
from workbench.calllist import call_list
from workbench.db import connect
from workbench.screens.app import WorkbenchApp

# The fixture's 欧阳娜娜 (C0002) holds 三年期大额存单, maturing 2026-11-25; her roll-over call was due the day before.
DUE = date(2026, 11, 24)
AFTER = datetime(2026, 11, 27, 9, 0)
SAID = {"en": "follow-up, overdue by 3 days (due 2026-11-24) · maturity roll-over: 三年期大额存单 matured on 2026-11-25",
        "zh_CN": "跟进已逾期3天（应于2026-11-24） · 到期承接：三年期大额存单已于2026-11-25到期"}


@pytest.fixture
def db_file(tmp_path):
    path = build(tmp_path / "matured.sqlite")
    book_elsewhere(path, "C0002", followup_id="F-0201", due_on=DUE, slot=None, purpose="maturity",
                   at=datetime(2026, 11, 20, 9, 0))
    return path


def first_reason(path, customer_id: str, now: datetime, lang: str = "en") -> str:
    with closing(connect(path)) as conn:
        entry = next(e for e in call_list(conn, "M1", now, lang=lang) if e.customer_id == customer_id)
    return entry.reasons[0].text


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_roll_over_call_past_the_maturity_says_the_holding_matured_and_when(db_file, lang):
    assert first_reason(db_file, "C0002", AFTER, lang) == SAID[lang]


@pytest.mark.parametrize("now, said", [
    (datetime(2026, 11, 24, 9, 0), "follow-up due today · maturity roll-over"),   # before: the call it was booked as
    (datetime(2026, 11, 25, 9, 0), "follow-up, overdue by 1 day (due 2026-11-24) · maturity roll-over"),   # the day
])
def test_until_the_maturity_day_is_past_the_call_is_the_roll_over_it_was(db_file, now, said):
    assert first_reason(db_file, "C0002", now) == said


def test_a_roll_over_call_moved_past_the_maturity_says_it_matured(db_file):
    with closing(connect(db_file)) as conn:
        conn.execute("UPDATE followups SET due_on = '2026-11-26' WHERE followup_id = 'F-0201'")
        conn.commit()
    assert first_reason(db_file, "C0002", datetime(2026, 11, 26, 9, 0)) == (
        "follow-up due today · maturity roll-over: 三年期大额存单 matured on 2026-11-25")


def test_an_earlier_holding_that_matured_is_not_taken_for_the_one_the_call_is_for(db_file):
    """The call due on the 24th is for the deposit maturing on the 25th, not the fund that matured on the 10th."""
    with closing(connect(db_file)) as conn:
        conn.execute("INSERT INTO holdings (customer_id, product_type, product_name, balance_fen, opened_on, maturity_on)"
                     " VALUES ('C0002', 'wealth', '稳利理财90天', 100000, '2026-08-12', '2026-11-10')")
        conn.commit()
    assert first_reason(db_file, "C0002", datetime(2026, 11, 24, 9, 0)) == "follow-up due today · maturity roll-over"
    assert first_reason(db_file, "C0002", AFTER) == SAID["en"]


def test_a_holding_without_a_name_is_named_by_its_kind_in_the_language(db_file):
    with closing(connect(db_file)) as conn:
        conn.execute("UPDATE holdings SET product_name = NULL, product_type = 'wealth' WHERE customer_id = 'C0002'")
        conn.commit()
    assert first_reason(db_file, "C0002", AFTER, "zh_CN").endswith("到期承接：理财产品已于2026-11-25到期")


@sync
async def test_the_card_says_it_too(db_file):
    async with WorkbenchApp(db_file, now=AFTER, lang="zh_CN", user="M1").run_test(size=(160, 50)) as pilot:
        _table, ids = await at_list(pilot)
        assert ids[:2] == ["C0003", "C0002"]   # the overdue calls head the list, the oldest first
        assert await card_after(pilot, "down", "enter") == "C0002"
        await settle(pilot, 5)
        assert printed(pilot.app.screen.query_one("#reasons"), 200).startswith("• " + SAID["zh_CN"] + "\n")
