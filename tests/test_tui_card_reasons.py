"""The card's reasons are the list's: a follow-up due, which puts the customer first on the list, heads them on the
card too, in the same words (calllist.explain, the one source of both)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tui_fixtures import NOW, TODAY, at_list, book_elsewhere, build, card_after, printed, settle, sync
from workbench.calllist import call_list
from workbench.db import connect
from workbench.screens.app import WorkbenchApp


@pytest.fixture
def db_file(tmp_path):
    """M1's list, with a call promised to C0005 four days ago, now overdue."""
    path = build(tmp_path / "reasons.sqlite")
    book_elsewhere(path, "C0005", followup_id="F-0005", due_on=TODAY - timedelta(days=4), slot=None,
                   at=NOW - timedelta(days=5))
    return path


def list_reasons(path, customer_id: str, lang: str) -> list[str]:
    with connect(path) as conn:
        entry = next(e for e in call_list(conn, "M1", NOW, lang=lang) if e.customer_id == customer_id)
    return [r.text for r in entry.reasons]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_the_card_heads_its_reasons_with_the_overdue_follow_up_the_list_put_first(db_file, lang):
    said = list_reasons(db_file, "C0005", lang)
    assert said[0] == {"en": "promised follow-up, overdue by 4 days (due 2026-11-16) · Call back later",
                       "zh_CN": "约定跟进已逾期4天（应于2026-11-16） · 稍后回电"}[lang]
    async with WorkbenchApp(db_file, now=NOW, lang=lang, user="M1").run_test(size=(160, 50)) as pilot:
        _table, ids = await at_list(pilot)
        assert ids[0] == "C0005"
        assert await card_after(pilot, "enter") == "C0005"
        await settle(pilot, 5)
        shown = [line.strip() for line in printed(pilot.app.screen.query_one("#reasons"), 200).splitlines()
                 if line.strip()]
        # Each of the list's reasons, in its order, the follow-up first and with no points of its own.
        assert shown[0] == "• " + said[0]
        assert [line.removeprefix("• ").rsplit(" ", 1)[0].rstrip() for line in shown[1:]] == said[1:]


@sync
async def test_a_card_opened_from_the_agenda_names_the_follow_up_due_too(db_file):
    from workbench.screens.customer_card import CustomerCardScreen

    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        pilot.app.push_screen(CustomerCardScreen("C0003"))   # due today at 14:00 (the fixture's F-0003)
        await settle(pilot, 5)
        assert printed(pilot.app.screen.query_one("#reasons"), 200).startswith(
            "• promised follow-up due today 14:00 · Call back later\n")


OFF_LIST = {   # the heading over the reasons of each customer off the list, as the list's search says why
    "en": {"C0001": "Not on today's list: booked for 11-21 15:00",
           "C0004": "Not on today's list: resting: not interested until 12-19",
           "ranked": "When on the list, ranked by:", "on": "Why on the list"},
    "zh_CN": {"C0001": "不在今天的名单上：已约11-21 15:00跟进", "C0004": "不在今天的名单上：暂缓联系至12-19（无意向）",
              "ranked": "在名单上时的排序依据：", "on": "入选原因"},
}


@pytest.fixture
def off_list_file(tmp_path):
    """张伟 (C0001) waits for a call booked for tomorrow at 15:00 and 阿依古丽 (C0004) rests a month after saying she was
    not interested: both M1's, neither blocked, neither on today's list."""
    from tui_fixtures import log_elsewhere

    path = build(tmp_path / "off_list.sqlite")
    book_elsewhere(path, "C0001", followup_id="F-0001", due_on=TODAY + timedelta(days=1), slot="15:00",
                   at=NOW - timedelta(days=1))
    log_elsewhere(path, "C0004", "reached", "not_interested", at=NOW - timedelta(days=1))
    return path


def heading_and_reasons(card) -> tuple[str, list[str]]:
    lines = [line.strip() for line in printed(card.query_one("#reasons"), 200).splitlines() if line.strip()]
    return printed(card.query_one("#reasons-title"), 200).strip(), lines


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_a_card_opened_from_a_search_off_the_list_says_it_is_not_on_it_and_why(off_list_file, lang):
    said = OFF_LIST[lang]
    async with WorkbenchApp(off_list_file, now=NOW, lang=lang, user="M1").run_test(size=(160, 50)) as pilot:
        _table, ids = await at_list(pilot)
        assert "C0001" not in ids and "C0004" not in ids and "C0003" in ids
        for customer_id in ("C0001", "C0004"):
            await pilot.press("slash", *customer_id, "enter")   # found below the list, and opened from there
            await settle(pilot)
            assert await card_after(pilot, "enter") == customer_id
            heading, lines = heading_and_reasons(pilot.app.screen)
            assert heading == said[customer_id]
            # What ranks them is still said, but not as why they are on the list.
            assert lines[0] == said["ranked"] and lines[1].startswith("• ") and len(lines) > 2
            await pilot.press("escape", "escape")   # the card, then the search
            await settle(pilot)
        assert await card_after(pilot, "enter") == "C0003"   # on the list: why they are on it, as ever
        heading, lines = heading_and_reasons(pilot.app.screen)
        assert heading == said["on"] and lines[0].startswith("• ")


@sync
async def test_a_card_opened_from_the_agenda_for_a_customer_off_the_list_says_so(off_list_file):
    from workbench.screens.customer_card import CustomerCardScreen

    async with WorkbenchApp(off_list_file, now=NOW, lang="en", user="M1").run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        pilot.app.push_screen(CustomerCardScreen("C0001"))   # its call booked for tomorrow, on the agenda
        await settle(pilot, 5)
        assert heading_and_reasons(pilot.app.screen)[0] == OFF_LIST["en"]["C0001"]
