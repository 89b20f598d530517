"""Escape on the outcome form asks before throwing away what was typed (a note, a follow-up time): `o 1 2`, tab tab, a
note, escape closed the form and the note was gone. An untouched form still closes at once."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from tui_fixtures import NOW, pressed, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.confirm import ConfirmScreen
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.outcome_form import OutcomeForm


def shown(screen) -> str:
    return " ".join(str(widget.render()) for widget in screen.query("#confirm Static"))


def logged(db_file) -> int:
    with closing(sqlite3.connect(db_file)) as conn:
        return conn.execute("SELECT count(*) FROM outcomes").fetchone()[0]


@pytest.mark.parametrize(("lang", "asked", "what"), [
    ("en", "Close the form for 王芳 without saving it?", "What you typed (the note) is lost"),
    ("zh_CN", "不保存，直接关闭王芳的登记？", "已填写的备注将丢失"),
])
@sync
async def test_escape_asks_before_a_typed_note_is_thrown_away(db_file, lang, asked, what):
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        await pressed(pilot, CustomerCardScreen, "enter")
        form = await pressed(pilot, OutcomeForm, "o")
        await pilot.press("1", "2", "tab", "tab", "w", "e", "d")   # reached, call back; a note
        assert form.query_one("#note").value == "wed"
        question = await pressed(pilot, ConfirmScreen, "escape")
        assert asked in shown(question) and what in shown(question)
        await pressed(pilot, OutcomeForm, "n")   # no: back to the form as it was
        assert form.query_one("#note").value == "wed" and form.business_outcome == "call_back"
        await pressed(pilot, ConfirmScreen, "escape")
        await pressed(pilot, OutcomeForm, "escape")   # escape answers no, too
        await pressed(pilot, ConfirmScreen, "escape")
        await pressed(pilot, CustomerCardScreen, "y")   # yes: discarded, nothing logged
        await settle(pilot)
    assert logged(db_file) == 0


@sync
async def test_a_follow_up_time_alone_is_asked_about_too_and_named(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        await pilot.press("2", "d")   # no answer, tomorrow
        question = await pressed(pilot, ConfirmScreen, "escape")
        assert "已填写的跟进时间将丢失" in shown(question)
        await pressed(pilot, OutcomeForm, "n")
        form.query_one("#note").value = "关机了"
        question = await pressed(pilot, ConfirmScreen, "escape")
        assert "已填写的备注和跟进时间将丢失" in shown(question)


@sync
async def test_an_untouched_form_closes_at_once(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        await pressed(pilot, CustomerCardScreen, "enter")
        form = await pressed(pilot, OutcomeForm, "o")
        await pilot.press("1", "2")   # codes picked by a digit are no typing to lose
        form.query_one("#note").value = "   "   # nor are spaces
        await pressed(pilot, CustomerCardScreen, "escape")
