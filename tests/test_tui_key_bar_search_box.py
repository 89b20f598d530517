"""The key bar offers what a key does where the focus is: in the call list's search box enter searches, so "⏎ Open"
is not offered there; back on the list it is."""

from __future__ import annotations

from tui_fixtures import NOW, settle, sync
from workbench.screens.app import WorkbenchApp


def bar(app) -> str:
    return str(app.screen.query_one("KeyBar").render())


@sync
async def test_open_is_not_offered_while_the_search_box_takes_enter(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert "⏎ Open" in bar(pilot.app)
        await pilot.press("slash")
        await settle(pilot)
        assert "⏎ Open" not in bar(pilot.app)
        await pilot.press("escape")
        await settle(pilot)
        assert "⏎ Open" in bar(pilot.app)
