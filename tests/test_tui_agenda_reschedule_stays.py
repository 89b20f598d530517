"""A manager works down the overdue follow-ups on the agenda and moves one to next week with `r`: the highlight stays
where she works, on the next overdue row (which took the moved one's place), not on the moved follow-up at its new
day under "Later" at the bottom, where the next `r` would move the same one again."""

from __future__ import annotations

from datetime import date, datetime

from test_tui_agenda_move_marked import move_to
from tui_fixtures import NOW, book_elsewhere, highlight_option, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.reschedule import RescheduleScreen

OVERDUE = {"F-0101": ("C0001", date(2026, 11, 17)), "F-0102": ("C0002", date(2026, 11, 18)),
           "F-0104": ("C0004", date(2026, 11, 19))}


@sync
async def test_r_leaves_the_highlight_on_the_next_overdue_row(db_file):
    for fid, (cid, day) in OVERDUE.items():
        book_elsewhere(db_file, cid, followup_id=fid, due_on=day, slot="10:00", at=datetime(2026, 11, 16, 16, 0))
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        agenda = app.screen
        assert agenda.sections["overdue"] == list(OVERDUE)
        await highlight_option(pilot, "#agenda", "F-0101")
        await move_to(pilot, "2026-11-27")
        assert app.screen is agenda
        assert agenda.sections["overdue"] == ["F-0102", "F-0104"] and "F-0101" in agenda.sections["later"]
        options = agenda.query_one("#agenda")
        assert options.highlighted_option.id == "F-0102"   # the next overdue one, where the moved one stood
        await pilot.press("r")   # and r again moves that one, not the same follow-up twice
        await settle(pilot)
        assert isinstance(app.screen, RescheduleScreen) and app.screen.followup_ids == ["F-0102"]
