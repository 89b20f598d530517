"""Every way out of an outcome form holding a typed note asks first, as escape does: ctrl+q quit at once, and the
palette's Quit, "Go to: call list", "Switch user" and "Go to: whose call list?" closed the form, the note lost with
no word. Yes does what was asked, no goes back to the form as it was; an untouched form asks nothing."""

from __future__ import annotations

import pytest

from test_tui_whose_list import palette_offers
from tui_fixtures import NOW, build, db_rows, pick, pressed, settle, sync
from workbench.screens.agenda import AgendaScreen
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.confirm import ConfirmScreen
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.outcome_form import OutcomeForm
from workbench.screens.who_am_i import WhoAmIScreen

NOTE = "half typed note 123"


async def form_with_a_note(pilot) -> OutcomeForm:
    """The first customer's card, its outcome form: no answer, and a note typed."""
    await pressed(pilot, CustomerCardScreen, "enter")
    form = await pressed(pilot, OutcomeForm, "o")
    await pilot.press("2", "tab", "tab", *NOTE)
    assert form.query_one("#note").value == NOTE
    return form


async def from_palette(pilot, title: str) -> None:
    """Run the palette's command of that title, as a user would: ctrl+p, type it, enter on it."""
    assert (await palette_offers(pilot, title))[0] == title
    await pilot.press("enter")
    await settle(pilot)


async def leave(pilot, way: str) -> None:
    if way == "ctrl+q":
        await pilot.press("ctrl+q")
        await settle(pilot)
    else:
        await from_palette(pilot, way)


def question(app) -> str:
    assert isinstance(app.screen, ConfirmScreen), app.screen
    return " ".join(str(widget.render()) for widget in app.screen.query("#confirm Static"))


# (the way out, what it leads to once the note is given up: None, the app has quit)
WAYS = [("ctrl+q", None), ("Quit", None), ("Go to: call list", CallListScreen), ("Switch user", WhoAmIScreen)]


@pytest.mark.parametrize(("way", "then"), WAYS, ids=[way for way, _ in WAYS])
@sync
async def test_every_way_out_of_a_form_with_a_typed_note_asks_first(db_file, way, then):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await form_with_a_note(pilot)
        await leave(pilot, way)
        assert "Close the form for 王芳 without saving it?" in question(app)
        assert "What you typed (the note) is lost" in question(app)
        await pilot.press("n")   # no: back to the form, the note as it was
        await settle(pilot)
        assert app.screen is form and form.query_one("#note").value == NOTE and app.return_code is None
        await leave(pilot, way)
        await pilot.press("y")   # yes: what was asked for
        await settle(pilot)
        if then is None:
            assert app.return_code == 0   # the app has quit
        else:
            assert isinstance(app.screen, then) and form not in app.screen_stack
    assert db_rows(db_file, "SELECT count(*) FROM outcomes") == [(0,)]


@pytest.mark.parametrize(("way", "then"), WAYS, ids=[way for way, _ in WAYS])
@sync
async def test_an_untouched_form_is_left_at_once(db_file, way, then):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        await pressed(pilot, CustomerCardScreen, "enter")
        await pressed(pilot, OutcomeForm, "o")
        await pilot.press("2")   # a code picked by a digit is no typing to lose
        await leave(pilot, way)
        if then is None:
            assert app.return_code == 0
        else:
            assert isinstance(app.screen, then)


@sync
async def test_ctrl_q_from_the_agenda_opened_over_the_form_asks_about_the_form_beneath(db_file):
    """The agenda opened over a form with a note (the palette's Go to: follow-up agenda) closes with the app: the
    question is the form's; and ctrl+q pressed again over the question asks no second one."""
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await form_with_a_note(pilot)
        app.action_agenda()   # as the palette's Go to: follow-up agenda does (f is typed into the note)
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert "不保存，直接关闭王芳的登记？" in question(app) and "已填写的备注将丢失" in question(app)
        asking = app.screen
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.screen is asking and len([s for s in app.screen_stack if isinstance(s, ConfirmScreen)]) == 1
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen) and form.query_one("#note").value == NOTE
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.return_code == 0


@sync
async def test_a_supervisor_going_back_to_whose_call_list_is_asked_too(tmp_path):
    path = build(tmp_path / "s.sqlite")
    app = WorkbenchApp(path, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pick(pilot, "M1")
        form = await form_with_a_note(pilot)
        await from_palette(pilot, "Go to: whose call list?")
        assert "Close the form for 王芳 without saving it?" in question(app)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form
        await from_palette(pilot, "Go to: whose call list?")
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, WhoAmIScreen) and app.owner is None
