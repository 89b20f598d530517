"""The call list under the agenda is read again once the agenda completes or reschedules a follow-up: it kept
showing 王芳 first, "follow-up due today", after her call back was done or moved to tomorrow, until something else
read it again. The list keeps its highlight on the same customer."""

from __future__ import annotations

import pytest

from tui_fixtures import NOW, at_list, highlight_option, pressed, settle, sync
from workbench.screens.agenda import AgendaScreen
from workbench.screens.app import WorkbenchApp


@pytest.mark.parametrize("keys", [("c", "y"), ("r", "enter")], ids=["complete", "reschedule"])
@sync
async def test_the_call_list_no_longer_puts_first_a_follow_up_the_agenda_closed_or_moved(db_file, keys):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(120, 40)) as pilot:
        table, ids = await at_list(pilot)
        assert ids[0] == "C0003"   # her call back is due today: first
        await pilot.press("down", "down")
        highlighted = table.current.customer_id
        await pressed(pilot, AgendaScreen, "f")
        await highlight_option(pilot, "#agenda", "F-0003")
        for key in keys:   # done; or moved to tomorrow (the box's own word)
            await pilot.press(key)
            await settle(pilot)
        await settle(pilot, 5)
        await pilot.press("escape")
        table, ids = await at_list(pilot)
        assert ids[0] == "C0001"   # by priority again (moved to tomorrow: off today's list)
        assert table.current.customer_id == highlighted
