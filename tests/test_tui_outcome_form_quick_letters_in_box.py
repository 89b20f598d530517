"""The hint over the follow-up box ("d +1 day · t +3 days · w next week · m next month · x none") holds in the box
too: a letter typed there alone is its pick (the box refused it: "Cannot read the follow-up time 'w'"), so a manager
who typed the note first, the natural order, tabs on and presses w. A word that begins with one (wed) is read as
typed, once its second letter is there: the preview under the box says which the box means at every key."""

from __future__ import annotations

import pytest

from tui_fixtures import NOW, db_rows, pressed, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.outcome_form import OutcomeForm

# NOW is Friday 2026-11-20.
PICKED = {"d": "2026-11-21", "t": "2026-11-23", "w": "2026-11-27", "m": "2026-12-20"}


def preview(form) -> str:
    return form.query_one("#when-preview").content.plain


async def in_the_box(pilot) -> OutcomeForm:
    """王芳's form: no answer, a note typed, then tab into the follow-up box."""
    await pressed(pilot, CustomerCardScreen, "enter")
    form = await pressed(pilot, OutcomeForm, "o")
    await pilot.press("2", "tab", "tab", *"rang twice", "tab")
    assert form.focused is form.query_one("#when")
    return form


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("letter", sorted(PICKED))
@sync
async def test_a_quick_keys_letter_alone_in_the_box_books_its_pick(db_file, letter, lang):
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await in_the_box(pilot)
        await pilot.press(letter)
        await settle(pilot)
        assert preview(form).startswith("→ " + PICKED[letter])   # not "Cannot read the follow-up time"
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        assert isinstance(app.screen, CustomerCardScreen), form.status_text
    assert db_rows(db_file, "SELECT due_on FROM followups WHERE created_at = ?", NOW.isoformat()) == [(PICKED[letter],)]


@sync
async def test_x_alone_books_none_and_a_word_is_read_as_typed(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await in_the_box(pilot)
        await pilot.press("W")
        assert preview(form) == "→ 2026-11-27 (Fri)"
        await pilot.press("e", "d")   # "Wed": the word, not next week
        assert preview(form) == "→ 2026-11-25 (Wed)"
        await pilot.press("backspace", "backspace", "backspace", "x")
        assert form.query_one("#when").value == "x" and preview(form) == "→ no follow-up"
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        assert isinstance(app.screen, CustomerCardScreen), form.status_text
    assert db_rows(db_file, "SELECT count(*) FROM followups WHERE created_at = ?", NOW.isoformat()) == [(0,)]
    assert db_rows(db_file, "SELECT line_result, note FROM outcomes") == [("no_answer", "rang twice")]
