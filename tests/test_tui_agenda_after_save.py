"""The agenda is read again once a contact is saved on a card opened from it: coming back to it, the follow-up
the contact closed is gone, as `workbench followups` no longer lists it."""

from __future__ import annotations

from tui_fixtures import NOW, db_rows, highlight_option, pressed, settle, sync
from workbench.screens.agenda import AgendaScreen
from workbench.screens.app import WorkbenchApp
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.outcome_form import OutcomeForm


@sync
async def test_a_call_logged_from_the_agenda_s_card_leaves_the_agenda_when_it_is_shown_again(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(120, 40)) as pilot:
        agenda = await pressed(pilot, AgendaScreen, "f")
        assert "F-0003" in agenda.items   # 王芳's call back, due today
        await highlight_option(pilot, "#agenda", "F-0003")
        card = await pressed(pilot, CustomerCardScreen, "enter")
        assert card.customer_id == "C0003"
        await pressed(pilot, OutcomeForm, "o")
        await pilot.press("1", "1", "ctrl+s")   # reached, not interested: the call back is done
        await settle(pilot, 5)
        assert db_rows(db_file, "SELECT status FROM followups WHERE followup_id = 'F-0003'") == [("done",)]
        while app.screen is not agenda:   # the next customer's card, opened in its place
            assert isinstance(app.screen, CustomerCardScreen)
            await pilot.press("escape")
            await settle(pilot)
        await settle(pilot, 5)
        assert "F-0003" not in agenda.items
        assert "F-0003" not in [agenda.query_one("#agenda").get_option_at_index(n).id
                                for n in range(agenda.query_one("#agenda").option_count)]
