"""Completing one follow-up on the agenda, after the question: it is closed, the agenda says so and is read again,
the highlight on the follow-up that took its place."""

from __future__ import annotations

from contextlib import closing

from tui_fixtures import NOW, book_elsewhere, highlight_option, option_ids, pressed, settle, sync
from workbench.db import connect
from workbench.followups import open_for_customer
from workbench.screens.agenda import AgendaScreen
from workbench.screens.app import WorkbenchApp


@sync
async def test_c_then_yes_closes_the_follow_up_and_reads_the_agenda_again(db_file):
    book_elsewhere(db_file, "C0004", followup_id="F-0099", slot="15:00")   # due after F-0003's 14:00
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await pressed(pilot, AgendaScreen, "f")
        options = screen.query_one("#agenda")
        await highlight_option(pilot, "#agenda", "F-0003")
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        with closing(connect(db_file)) as conn:
            assert open_for_customer(conn, "C0003") == [] and len(open_for_customer(conn, "C0004")) == 1
        assert "Follow-up completed." in [n.message for n in app._notifications]
        assert "F-0003" not in option_ids(options) and "F-0003" not in screen.items
        assert options.get_option_at_index(options.highlighted).id == "F-0099"
        assert "1 open follow-ups" in str(screen.query_one("#agenda-status").render())
