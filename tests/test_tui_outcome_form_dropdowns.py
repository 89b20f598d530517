"""The outcome form's drop-down lists (跟进方式, 沉睡原因) open inside the dialog, every option shown: at 80x24 they drew
over the dialog's edge and the card behind it (Textual opens a Select's list below it, over the whole screen, and
beneath these two there are fewer rows of the dialog than options)."""

from __future__ import annotations

import pytest

from tui_fixtures import NOW, pressed, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.outcome_form import OutcomeForm


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("message_due", [False, True])
@sync
async def test_each_drop_down_list_opens_whole_inside_the_dialog(db_file, lang, size, message_due):
    """With an SMS due, the dialog is a row taller and has a third select (Contact by), at its top."""
    from textual.widgets import Select

    from test_tui_outcome_form_message_channel import due_message

    if message_due:
        due_message(db_file)
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=size) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        dialog = form.query_one("#form")
        inside = dialog.region.shrink(dialog.styles.gutter)   # within its border
        selects = [s for s in form.query(Select) if s.display]
        assert {s.id for s in selects} == {"reason", "follow-up-channel"} | ({"contact-channel"} if message_due else set())
        for select in selects:
            select.focus()
            await pilot.press("enter")
            await settle(pilot)
            overlay = select.query_one("SelectOverlay")
            assert select.expanded and overlay.display
            region = overlay.region
            assert inside.contains_region(region), (select.id, region, inside)
            assert region.height == overlay.option_count + overlay.styles.gutter.height, select.id   # no option hidden
            assert not region.overlaps(select.query_one("SelectCurrent").region), select.id   # the value stays in sight
            await pilot.press("escape")   # closes the list only
            await settle(pilot)
            assert not select.expanded and isinstance(app.screen, OutcomeForm)


@sync
async def test_an_option_picked_from_a_list_opened_above_is_the_one_taken(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        await pilot.press("tab", "enter", "down", "down", "enter")   # reason: past the blank, the second reason
        await settle(pilot)
        assert form.query_one("#reason").value == "competitor"
