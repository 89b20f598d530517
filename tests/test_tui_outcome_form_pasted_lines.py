"""A note pasted into the outcome form keeps every line: the form's one-line box kept a paste's first line and dropped
the rest with no word (Textual's Input takes a paste's first line), and a manager's note copied from WeChat or an
e-mail, the appointment in its second line, was saved without it. The length limit still holds, newlines counted."""

from __future__ import annotations

import pytest
from textual.events import Paste

from tui_fixtures import NOW, db_rows, pressed, screen_lines, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.outcome_form import OutcomeForm

PASTED = {
    "en": "Line one: customer asked about CD.\nLine two: call wife 晚上7点.\nLine three: IMPORTANT bring ID.",
    "zh_CN": "客户问定期存款利率。\n晚上7点给他爱人打电话。\n来时带身份证！",
}


async def note_box(pilot, lang: str) -> OutcomeForm:
    """王芳's outcome form, reached and interested, the focus in the note as the keys put it there."""
    await pressed(pilot, CustomerCardScreen, "enter")
    form = await pressed(pilot, OutcomeForm, "o")
    await pilot.press("1", "3", "tab", "tab")
    assert form.focused is form.query_one("#note")
    return form


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_a_pasted_note_of_three_lines_is_saved_whole(db_file, lang):
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await note_box(pilot, lang)
        # As the terminal delivers a paste (bracketed paste): to the app, which gives it to the focused box. A paste
        # from Windows ends its lines with \r\n; they are kept as lines, as the card shows them.
        app.post_message(Paste(PASTED[lang].replace("\n", "\r\n")))
        await settle(pilot)
        assert form.query_one("#note").value == PASTED[lang]
        shown = "\n".join(screen_lines(app))
        assert all(line in shown for line in PASTED[lang].split("\n"))   # every line on screen, not the first alone
        await pilot.press("tab", "w", "ctrl+s")   # the follow-up box, "w": next week
        await settle(pilot, 5)
        assert isinstance(app.screen, CustomerCardScreen)
    assert db_rows(db_file, "SELECT customer_id, note FROM outcomes") == [("C0003", PASTED[lang])]


@sync
async def test_enter_in_the_note_starts_a_new_line(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await note_box(pilot, "en")
        await pilot.press(*"rang", "enter", *"wife: 7pm")
        assert form.query_one("#note").value == "rang\nwife: 7pm" and app.screen is form   # enter saved nothing
        await pilot.press("tab", "w", "ctrl+s")
        await settle(pilot, 5)
        assert isinstance(app.screen, CustomerCardScreen)
    assert db_rows(db_file, "SELECT note FROM outcomes") == [("rang\nwife: 7pm",)]


@sync
async def test_a_pasted_note_too_long_is_refused_whole_with_its_lines_counted(db_file):
    """2,000 characters at most, each newline one of them, as the engine counts: refused with every line kept, saved
    once shortened."""
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await note_box(pilot, "en")
        lines = ["第一行：" + "客" * 996, "第二行：" + "户" * 96, "end"]   # 1,000 + 1 + 100 + 1 + 3 = 1,105 characters
        pasted = "\n".join(lines * 2)   # 2,211 characters, 5 of them newlines
        app.post_message(Paste(pasted))
        await settle(pilot)
        assert form.query_one("#note").value == pasted
        assert str(form.query_one("#note-count").render()).strip() == "2,211 of 2,000 characters: 211 too many"
        await pilot.press("tab", "w", "ctrl+s")
        await settle(pilot)
        assert form.status_text == "Not saved: The note has 2,211 characters; the most is 2,000."
        assert app.screen is form and form.query_one("#note").value == pasted   # kept, never cut
        assert db_rows(db_file, "SELECT count(*) FROM outcomes") == [(0,)]
        form.query_one("#note").value = "\n".join(lines)   # 1,105 characters
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        assert isinstance(app.screen, CustomerCardScreen)
    assert db_rows(db_file, "SELECT note FROM outcomes") == [("\n".join(lines),)]
