"""`n` (next) goes by customer, not by row: on the list it opens the highlighted customer, or the first after the
customer last opened when the highlight is still on them; on the card, the first after the card's customer; both
as the list stands now, after calls logged elsewhere have moved its rows."""

from __future__ import annotations

from tui_fixtures import NOW, log_elsewhere, settle, sync, watched
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.widgets.call_table import CallTable


async def at_list(pilot) -> tuple[CallTable, list[str]]:
    await settle(pilot)
    assert isinstance(pilot.app.screen, CallListScreen)
    table = pilot.app.screen.query_one(CallTable)
    return table, table.ids_from(0, table.total)


async def card_after(pilot, *keys: str) -> str:
    await pilot.press(*keys)
    await settle(pilot, 5)
    assert isinstance(pilot.app.screen, CustomerCardScreen), pilot.app.screen
    return pilot.app.screen.customer_id


@sync
async def test_n_back_on_the_list_opens_the_customer_after_the_one_opened_across_a_reload(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        table, ids = await at_list(pilot)
        await pilot.press("down", "down", "down")
        assert await card_after(pilot, "n") == ids[3]   # nothing opened yet: the highlighted customer
        await pilot.press("escape")
        await settle(pilot)
        log_elsewhere(db_file, ids[1])   # a customer above leaves: the rows move up one
        await watched(pilot)
        assert table.current.customer_id == ids[3]
        assert await card_after(pilot, "n") == ids[4]


@sync
async def test_n_opens_the_uncalled_customer_who_took_the_place_of_the_one_opened(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        table, ids = await at_list(pilot)
        assert await card_after(pilot, "enter") == ids[0]   # the follow-up due today
        await pilot.press("escape")
        await settle(pilot)
        log_elsewhere(db_file, ids[0])   # called from the desk phone, logged with the CLI
        await watched(pilot)
        assert table.cursor == 0 and table.current.customer_id == ids[1]
        assert await card_after(pilot, "n") == ids[1]   # not skipped


@sync
async def test_n_on_the_card_opens_the_customer_after_the_card_s_across_a_reload(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        table, ids = await at_list(pilot)
        await pilot.press(*["down"] * 5)
        assert await card_after(pilot, "enter") == ids[5]
        log_elsewhere(db_file, ids[2])
        await watched(pilot)
        assert await card_after(pilot, "n") == ids[6]
        assert await card_after(pilot, "n") == ids[7]
        await pilot.press("escape")
        await settle(pilot)
        assert table.current.customer_id == ids[7]   # the list highlights the customer last opened


@sync
async def test_an_outcome_saved_on_the_card_opens_the_next_customer_and_the_list_highlights_them(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        table, ids = await at_list(pilot)
        await pilot.press("down", "down")
        assert await card_after(pilot, "enter") == ids[2]
        await pilot.press("o")
        await settle(pilot)
        assert await card_after(pilot, "1", "3", "w", "ctrl+s") == ids[3]   # reached, interested, next week
        await pilot.press("escape")
        await settle(pilot)
        assert table.current.customer_id == ids[3]
