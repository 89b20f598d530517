"""A card saved with nobody left to open in its place (the last customer of a search, of the filters or of the
list) is read again: it kept showing the customer as before the call ("no open follow-ups", the old contacts), so a
manager checking her booking saw none and might book again."""

from __future__ import annotations

from test_tui_call_list_search_off_list import search
from tui_fixtures import NOW, printed_in, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.outcome_form import OutcomeForm


@sync
async def test_the_card_of_a_searchs_only_customer_shows_the_call_just_saved(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = await search(pilot, "John")
        assert table.total == 1
        await pilot.press("enter")
        await settle(pilot)
        card = app.screen
        assert isinstance(card, CustomerCardScreen) and card.customer_id == "C0007"
        assert "2026-11-27" not in printed_in(card, "#followups")
        await pilot.press("o", "1", "3", "w", "ctrl+s")   # reached, interested, next week
        await settle(pilot, 8)
        assert app.screen is card and not isinstance(app.screen, OutcomeForm)
        assert "2026-11-27" in printed_in(card, "#followups")
        assert "Interested" in printed_in(card, "#history")
