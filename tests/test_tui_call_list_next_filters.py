"""`n` on a list narrowed by the filters (no search), once everyone on it was opened this session: it says the
filters have nobody else and which key clears them, not that the day's list is done."""

from __future__ import annotations

import sqlite3

import pytest
from textual.widgets import Select

from test_tui_call_list_next_wrap import Notices
from tui_fixtures import NOW, at_list, back_to_list, card_after, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen

SAID = {"en": "No other customer under these filters; esc clears them.",
        "zh_CN": "当前筛选下没有其他客户；按 esc 清除筛选。"}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_n_with_everyone_under_the_filters_opened_says_the_filters_have_nobody_else(db_file, lang):
    with sqlite3.connect(db_file) as c:   # the tier with the fewest of M1's listed customers
        tier = c.execute("SELECT tier FROM customers WHERE manager_id = 'M1' AND priority IS NOT NULL"
                         " GROUP BY tier ORDER BY count(*), tier LIMIT 1").fetchone()[0]
    notices = Notices()
    async with WorkbenchApp(db_file, now=NOW, lang=lang, user="M1").run_test(size=(110, 34),
                                                                            message_hook=notices) as pilot:
        await at_list(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        pilot.app.screen.query_one("#tier", Select).value = tier
        await pilot.press("ctrl+s")
        table, ids = await at_list(pilot)
        assert pilot.app.screen.filters == {"tier": tier} and 0 < len(ids) <= 5
        for row, customer_id in enumerate(ids):
            assert await card_after(pilot, *["down"] * (row > 0), "enter") == customer_id
            await back_to_list(pilot)
        await pilot.press("n")
        await settle(pilot, 5)
        assert isinstance(pilot.app.screen, CallListScreen) and notices.said == [SAID[lang]]
