"""`n` (next) goes by customer, not by row: on the list it opens the highlighted customer, or the first after the
customer last opened when the highlight is still on them; on the card, the first after the card's customer; both
as the list stands now, after calls logged elsewhere have moved its rows."""

from __future__ import annotations

from tui_fixtures import NOW, at_list, back_to_list, card_after, log_elsewhere, settle, sync, watched
from workbench.screens.app import WorkbenchApp


@sync
async def test_n_back_on_the_list_opens_the_customer_after_the_one_opened_across_a_reload(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        table, ids = await at_list(pilot)
        await pilot.press("down", "down", "down")
        assert await card_after(pilot, "n") == ids[3]   # nothing opened yet: the highlighted customer
        await back_to_list(pilot)
        log_elsewhere(db_file, ids[1])   # a customer above leaves: the rows move up one
        await watched(pilot)
        assert table.current.customer_id == ids[3]
        assert await card_after(pilot, "n") == ids[4]


@sync
async def test_n_opens_the_uncalled_customer_who_took_the_place_of_the_one_opened(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        table, ids = await at_list(pilot)
        assert await card_after(pilot, "enter") == ids[0]   # the follow-up due today
        await back_to_list(pilot)
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
        await back_to_list(pilot)
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
        await back_to_list(pilot)
        assert table.current.customer_id == ids[3]
