"""A customer who phones in and is not on today's list is found by a search, below the list: the call saved on their
card goes back to the search's rows, on them, as a save from the agenda goes back to the agenda; it opened the search's
next match on the list instead, a customer the manager had not asked for, as if she were working down the list."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

import test_tui_call_list_search_off_list as off_list
from test_tui_call_list_search_off_list import search
from tui_fixtures import NOW, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.customer_card import CustomerCardScreen


@pytest.fixture
def db_file(tmp_path):
    """The search's customers whose phones end in 3199, 张伟 (C0001) booked for tomorrow among them (off_list.db_file)."""
    return off_list.db_file.__wrapped__(tmp_path)


@sync
async def test_a_call_saved_on_the_card_of_a_customer_off_the_list_goes_back_to_the_search(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        table = await search(pilot, "C000")   # six listed, then 张伟 (C0001: booked for tomorrow) off the list
        await pilot.press("end", "up", "up")
        assert table.current.customer_id == "C0001" and table.row_of("C0001") is None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen) and app.screen.customer_id == "C0001"
        await pilot.press("o", "1", "3", "w", "ctrl+s")   # reached, interested, a call next week
        await settle(pilot, 8)
        assert app.screen is screen   # no card of the search's next match
        assert screen.filters == {"search": "C000"} and table.current.customer_id == "C0001"
        await pilot.press("escape")   # the search cleared after a call in it: back where she was before it
        await settle(pilot, 5)
        assert isinstance(app.screen, CallListScreen) and table.cursor == 0
    with closing(sqlite3.connect(db_file)) as conn:
        assert conn.execute("SELECT business_outcome FROM outcomes WHERE customer_id = 'C0001'").fetchall() == [
            ("interested",)]
