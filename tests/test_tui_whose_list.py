"""A supervisor who opened a manager's list from "Whose call list?" goes back to it with escape (once there
is nothing to clear) or the palette; a manager's escape only ever clears."""

from __future__ import annotations

import re

from textual.command import CommandList, CommandPalette

from tui_fixtures import NOW, build, pick, settle, staff_ids, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.help import HelpScreen
from workbench.screens.who_am_i import WhoAmIScreen


async def palette_offers(pilot, typed: str) -> list[str]:
    """What the real palette (ctrl+p) lists for what is typed into it; the palette is left open."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*typed)
    await pilot.pause(0.3)
    results = pilot.app.screen.query_one(CommandList)
    return [results.get_option_at_index(i).hit.text for i in range(results.option_count)]


async def close_palette(pilot) -> None:
    await pilot.press("escape")
    await settle(pilot)
    assert not isinstance(pilot.app.screen, CommandPalette)


def key_bar(app) -> str:
    return str(app.screen.query_one("KeyBar").render())


async def on_m1_list(pilot) -> None:
    """The supervisor S1 has opened M1's list from "Whose call list?"."""
    await settle(pilot)
    await pick(pilot, "M1")
    assert isinstance(pilot.app.screen, CallListScreen) and pilot.app.owner.staff_id == "M1"


@sync
async def test_a_supervisor_goes_back_from_a_managers_list_to_pick_another(tmp_path):
    app = WorkbenchApp(build(tmp_path / "s.sqlite"), now=NOW, lang="en", user="S1")
    async with app.run_test(size=(160, 30)) as pilot:
        await on_m1_list(pilot)
        assert "esc Back" in key_bar(app)
        await pilot.press("question_mark")
        await settle(pilot)
        assert "On a manager's list: back to whose call list" in app.screen.query_one("#help-keys").render().plain
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CallListScreen)
        # A search first: escape clears it, and only the next escape leaves the list.
        await pilot.press("slash", *"王", "enter")
        await settle(pilot)
        assert app.screen.filters == {"search": "王"}
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CallListScreen) and app.screen.filters == {}
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WhoAmIScreen) and app.owner is None and app.sub_title == "王主管"
        assert "M2" in staff_ids(app)
        await pick(pilot, "M2")   # another manager's list, no quitting
        assert isinstance(app.screen, CallListScreen) and app.owner.staff_id == "M2"
        assert "陈静" in app.screen.query_one("#title").content.plain

        # The palette goes back too, from a card above the list.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        assert await palette_offers(pilot, "whose") == ["Go to: whose call list?"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WhoAmIScreen) and app.owner is None
        # On the picker itself the palette does not offer it: it would do nothing there.
        assert "Go to: whose call list?" not in await palette_offers(pilot, "whose")
        await close_palette(pilot)
        assert isinstance(app.screen, WhoAmIScreen)
        await pilot.press("h")   # the picker's hand-over is reachable again
        await settle(pilot)
        assert type(app.screen).__name__ == "HandOverScreen"


@sync
async def test_a_managers_escape_on_the_list_still_only_clears(tmp_path):
    app = WorkbenchApp(build(tmp_path / "m.sqlite"), now=NOW, lang="en", user="M1")
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CallListScreen)
        assert "esc Back" not in key_bar(app)
        assert "Go to: whose call list?" not in await palette_offers(pilot, "whose")
        await close_palette(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CallListScreen) and app.owner.staff_id == "M1"
        await pilot.press("question_mark")
        await settle(pilot)
        # Help says escape clears on the list, and nothing of going back to a list of managers a manager never saw.
        assert isinstance(app.screen, HelpScreen)
        help_keys = app.screen.query_one("#help-keys").render().plain
        assert re.search(r"^  esc +Clear filters$", help_keys, re.M), help_keys
        assert "whose call list" not in help_keys and "Managers and hand-over" not in help_keys
