"""A search on the call list, and clearing it: n with nobody else on the search says so (not that the day's list is
done), clearing the search puts the highlight back where it was before it (or on the listed customer of the search
the manager moved to), and the highlighted row is in view after the list is read again."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from test_tui_call_list_search_off_list import search
from tui_fixtures import NOW, build, sample_copy, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.widgets.call_table import CallTable

SAID = {"en": "No other customer on this search; esc clears it.",
        "zh_CN": "此搜索下没有其他客户；按 esc 清除搜索。"}


@pytest.fixture
def db_file(tmp_path):
    """Forty customers of M1's; those whose phones end in 3199 are C0001 (booked for tomorrow: off the list) only."""
    path = build(tmp_path / "search_clear.sqlite", extra_customers=32)
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE customers SET phone_e164 = '+8613900013199' WHERE customer_id = 'C0001'")
        conn.execute("UPDATE customers SET do_not_call = 1, priority = NULL WHERE customer_id = 'C0001'")
    return path


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_n_from_a_customer_a_search_found_off_the_list_says_the_search_has_nobody_else(db_file, lang):
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        table = await search(pilot, "3199")
        assert table.total == 0 and table.current.customer_id == "C0001"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        await pilot.press("n")
        await settle(pilot)
        assert [n.message for n in app._notifications] == [SAID[lang]]


async def on_row(pilot, row: int) -> tuple[CallTable, str]:
    """The list shown, the highlight moved down to row: the table and the customer there."""
    await settle(pilot)
    table = pilot.app.screen.query_one(CallTable)
    await pilot.press(*["down"] * row)
    return table, table.current.customer_id


@sync
async def test_clearing_a_search_after_opening_a_customer_off_the_list_goes_back_to_the_customer_before_it(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        table, fifth = await on_row(pilot, 4)
        await search(pilot, "3199")
        await pilot.press("enter")   # the customer off the list's card
        await settle(pilot)
        assert pilot.app.screen.customer_id == "C0001"
        await pilot.press("escape", "escape")
        await settle(pilot, 5)
        assert not table.off_list and table.cursor == 4 and table.current.customer_id == fifth


@sync
async def test_clearing_a_search_the_highlight_was_not_moved_in_goes_back_to_the_customer_before_it(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        table, fifth = await on_row(pilot, 4)
        await search(pilot, "C000")
        assert table.total == 8 and table.cursor == 0
        await pilot.press("escape")
        await settle(pilot, 5)
        assert table.cursor == 4 and table.current.customer_id == fifth


@sync
async def test_clearing_a_search_keeps_the_listed_customer_of_it_the_manager_moved_to(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        table, _fifth = await on_row(pilot, 4)
        await search(pilot, "C000")
        await pilot.press("down", "down")
        chosen = table.current.customer_id
        await pilot.press("escape")
        await settle(pilot, 5)
        assert table.total > 8 and table.current.customer_id == chosen


def in_view(table: CallTable) -> bool:
    top = table.scroll_offset.y
    return top <= table.cursor < top + table.scrollable_content_region.height


@sync
async def test_after_a_search_is_cleared_the_highlighted_row_is_in_view(tmp_path):
    """The sample: the lines above the list change height as the search goes (its box, what it does not show, the
    resting counts), and the list, read again, keeps its highlighted row on screen."""
    async with WorkbenchApp(sample_copy(tmp_path), now=NOW, lang="zh_CN", user="M001").run_test(
            size=(80, 24)) as pilot:
        table, before = await on_row(pilot, 73)
        assert in_view(table)
        await search(pilot, "8368")
        if table.total == 0:
            await pilot.press("enter")   # the customer off the list's card
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("escape")
        await settle(pilot, 5)
        assert table.current.customer_id == before and table.cursor == 73
        assert in_view(table), (table.scroll_offset.y, table.scrollable_content_region.height)


@sync
async def test_clearing_a_search_a_call_was_logged_in_goes_back_to_where_the_manager_was_working(db_file):
    """A customer phones back: the search finds them, the call is logged and the save opens the search's next match;
    cleared, the list is back on the fifth row, where she was working, and n goes on from there, not from the
    searched customers' rows."""
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        table, fifth = await on_row(pilot, 4)
        await search(pilot, "C001")
        assert table.total > 2
        called = table.current.customer_id
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("o", "2", "d", "ctrl+s")   # no answer, tomorrow: the search's next match opens
        await settle(pilot, 5)
        assert isinstance(app.screen, CustomerCardScreen) and app.screen.customer_id not in (called, fifth)
        await pilot.press("escape", "escape")   # the card, then the search
        await settle(pilot, 5)
        assert table.current.customer_id == fifth
        await pilot.press("n")
        await settle(pilot, 5)
        assert isinstance(app.screen, CustomerCardScreen) and app.screen.customer_id == fifth
