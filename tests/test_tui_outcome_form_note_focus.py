"""Going back into the outcome form's note keeps its text: the note selected all of it on focus, so after a refused
save (a note over 2,000 characters) shift+tab back and one backspace wiped the whole note. The follow-up time box
keeps its text the same way."""

from __future__ import annotations

from textual.events import Paste

from tui_fixtures import NOW, pressed, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.outcome_form import OutcomeForm


@sync
async def test_one_backspace_after_a_refused_save_takes_one_character_of_the_note(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        await pilot.press("2", "tab", "tab")   # no answer; the reason, then the note
        note = form.query_one("#note")
        assert form.focused is note
        note.post_message(Paste("备" * 2100))
        await settle(pilot)
        await pilot.press("tab", *"下午1点", "ctrl+s")
        await settle(pilot)
        assert form.status_text.startswith("未保存：") and len(note.value) == 2100
        await pilot.press("shift+tab")
        assert form.focused is note and note.cursor_position == 2100
        await pilot.press("backspace")
        assert len(note.value) == 2099   # one character, not the whole note
        await pilot.press("tab")   # the follow-up time too: one backspace takes its last character
        assert form.focused is form.query_one("#when")
        await pilot.press("backspace")
        assert form.query_one("#when").value == "下午1"


@sync
async def test_a_quick_pick_is_typed_on_at_its_end(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        await pilot.press("2", "d", "m", "tab", "tab", "tab", "space", *"10:00")   # next month after all, at 10:00
        assert form.query_one("#when").value == "下个月 10:00"
