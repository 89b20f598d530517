"""A call saved on a card opened from the agenda goes back to the agenda, on its next row: it opened the call list's
highlighted customer instead, a cold customer's card shown as if it were the next promise."""

from __future__ import annotations

from tui_fixtures import NOW, at_list, book_elsewhere, highlight_option, pressed, settle, sync
from workbench.screens.agenda import AgendaScreen
from workbench.screens.app import WorkbenchApp
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.outcome_form import OutcomeForm


@sync
async def test_saving_a_card_opened_from_the_agenda_goes_back_to_the_agenda_on_its_next_row(db_file):
    book_elsewhere(db_file, "C0004", followup_id="F-0099", slot="15:00")   # due after F-0003's 14:00
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(120, 40)) as pilot:
        agenda = await pressed(pilot, AgendaScreen, "f")
        await highlight_option(pilot, "#agenda", "F-0003")
        card = await pressed(pilot, CustomerCardScreen, "enter")
        assert card.customer_id == "C0003"
        await pressed(pilot, OutcomeForm, "o")
        await pilot.press("1", "1", "ctrl+s")   # reached, not interested: her call back is done
        await settle(pilot, 8)
        assert app.screen is agenda
        options = agenda.query_one("#agenda")
        assert options.get_option_at_index(options.highlighted).id == "F-0099"
        await pilot.press("escape")
        table, ids = await at_list(pilot)
        assert ids[0] != "C0003"   # the list was read again: her call back no longer puts her first
