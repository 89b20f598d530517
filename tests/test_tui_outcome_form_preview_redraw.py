"""The outcome form draws its follow-up preview again only when something it shows may have changed: the time, the
follow-up's channel, the contact's result, the status. A key typed in the note, or a dormancy reason picked, leaves
it alone; a note error that goes still brings back the refusal the status line said instead."""

from __future__ import annotations

from tui_fixtures import NOW, pressed, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.outcome_form import OutcomeForm

MEANT = "→ 2026-11-20 (Fri) 20:00"
REFUSAL = "A follow-up at 20:00 is outside the call window (09:00–20:00); book a time inside it, or the day alone."


def preview(form) -> list[str]:
    return form.query_one("#when-preview").content.plain.split("\n")


def status(form) -> str:
    return str(form.query_one("#form-status").render()).strip()


async def refused_time(pilot) -> OutcomeForm:
    """The form with a reached, interested call and a follow-up time the call window refuses."""
    form = await pressed(pilot, OutcomeForm, "o")
    await pilot.press("1", "3")
    form.query_one("#when").value = "friday 8pm"
    await settle(pilot)
    assert preview(form) == [MEANT, REFUSAL]
    return form


@sync
async def test_the_note_and_the_reason_leave_the_preview_alone_the_time_and_its_channel_do_not(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")   # Friday 2026-11-20, 10:00
    async with app.run_test(size=(80, 24)) as pilot:
        form = await refused_time(pilot)
        draws = []
        draw = form._draw_preview
        form._draw_preview = lambda: (draws.append(1), draw())[1]
        form.query_one("#note").focus()
        await pilot.press(*"rang back")
        form.query_one("#reason").value = "moved_away"
        await settle(pilot)
        assert form.query_one("#note").value == "rang back" and draws == []
        form.query_one("#follow-up-channel").value = "visit"   # a visit is not held to the call window
        await settle(pilot)
        assert draws and preview(form) == [MEANT]
        form.query_one("#when").value = "friday 7pm"
        await settle(pilot)
        assert len(draws) == 2 and preview(form) == ["→ 2026-11-20 (Fri) 19:00"]


@sync
async def test_a_note_error_that_goes_brings_the_refusal_back_under_the_time(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        form = await refused_time(pilot)
        note = form.query_one("#note")
        note.focus()
        note.value = "x" * 2001
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert status(form) == "Not saved: The note has 2,001 characters; the most is 2,000."
        assert preview(form) == [MEANT + " · not allowed by the contact rules"]   # the status has the rows now
        await pilot.press("backspace")
        await settle(pilot)
        assert status(form) == "" and preview(form) == [MEANT, REFUSAL]
