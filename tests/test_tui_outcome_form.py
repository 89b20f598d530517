"""The outcome form's error line says what is wrong with the form as it is: it goes once the user changes
what it was about, and stays while they change something else."""

from __future__ import annotations

import sqlite3

import pytest

from tui_fixtures import NOW, build, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.outcome_form import OutcomeForm


@pytest.fixture
def db_file(tmp_path):
    return build(tmp_path / "form.sqlite")


def status(app) -> str:
    return str(app.screen.query_one("#form-status").render()).strip()


async def open_form(pilot) -> OutcomeForm:
    await settle(pilot)
    await pilot.press("o")
    await settle(pilot)
    assert isinstance(pilot.app.screen, OutcomeForm)
    return pilot.app.screen


@sync
async def test_the_codes_errors_go_once_the_code_is_picked(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_form(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Pick the line result first" in status(app)
        await pilot.press("1")   # reached
        assert status(app) == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "pick the outcome" in status(app)
        await pilot.press("tab", "tab", "a")   # a note is not what it is about
        assert form.focused is form.query_one("#note") and "pick the outcome" in status(app)
        form.set_focus(None)   # out of the note, so the digit picks the outcome
        await pilot.press("3")   # interested
        assert status(app) == ""


@sync
async def test_a_refused_follow_up_s_error_goes_once_the_day_is_changed(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_form(pilot)
        await pilot.press("2")   # no answer
        form.query_one("#when").value = "2026-11-19"   # in the past
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Not saved" in status(app)
        form.query_one("#when").value = "2026-11-19 "   # the same day: still wrong
        await pilot.pause()
        assert "Not saved" in status(app)
        form.query_one("#when").value = "2026-11-23"
        await pilot.pause()
        assert status(app) == ""
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        assert not isinstance(app.screen, OutcomeForm)
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT line_result FROM outcomes").fetchall() == [("no_answer",)]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_the_nothing_booked_question_goes_once_a_follow_up_is_picked(db_file, lang):
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_form(pilot)
        await pilot.press("1", "3", "ctrl+s")   # reached, interested, nothing booked
        await settle(pilot)
        assert "ctrl+s" in status(app)
        await pilot.press("w")
        await pilot.pause()
        assert status(app) == ""
