"""The PIN box: escape leaves it for the list of people (the wrong row picked), and every line under it names
whose PIN it wants, a wrong one and a wait included ("Wrong PIN." alone lost the name)."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Input, OptionList

from tui_fixtures import NOW, build, pick, settle, sync
from workbench.db import open_db
from workbench.pins import FREE_FAILURES, set_pin
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.who_am_i import WhoAmIScreen


@pytest.fixture
def db_file(tmp_path):
    path = build(tmp_path / "pin.sqlite")
    db = open_db(path)
    set_pin(db.conn, "M1", "1234", at=NOW, by_id="M1")
    db.close()
    return path


def hint(app) -> str:
    return str(app.screen.query_one("#hint").render()).strip()


@sync
async def test_escape_leaves_the_pin_box_for_the_list(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pick(pilot, "M1")
        box = app.screen.query_one("#pin", Input)
        assert box.display and box.has_focus and hint(app) == "PIN for 李娜:"
        assert " esc Back " in app.screen.query_one("KeyBar").render().plain
        await pilot.press(*"12", "escape")
        await settle(pilot)
        assert isinstance(app.screen, WhoAmIScreen)
        assert not box.display and box.value == "" and hint(app) == ""
        assert app.screen.query_one("#staff", OptionList).has_focus
        assert " esc " not in app.screen.query_one("KeyBar").render().plain   # nothing to leave on the list
        await pick(pilot, "M2")   # the one who meant to sign in: no PIN
        assert isinstance(app.screen, CallListScreen) and app.staff.staff_id == "M2"


@pytest.mark.parametrize("lang, wrong, wait", [
    ("en", "Wrong PIN for 李娜.", "Too many wrong PINs for 李娜: try again in 2 seconds."),
    ("zh_CN", "李娜的密码错误。", "李娜的密码错误次数过多：请在 2 秒后重试。"),
])
@sync
async def test_a_wrong_pin_still_names_whose_pin_it_wants(db_file, lang, wrong, wait):
    app = WorkbenchApp(db_file, now=NOW, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pick(pilot, "M1")
        for _ in range(FREE_FAILURES - 1):   # the last free failure already says how long to wait
            await pilot.press(*"0000", "enter")
            await settle(pilot)
            assert hint(app) == wrong
        await pilot.press(*"0000", "enter")
        await settle(pilot)
        assert hint(app) == wait


@sync
async def test_a_wrong_pin_at_sign_in_is_audited_as_the_app_s(db_file):
    """The app's sign-in counts wrong PINs in the same place as the CLI, so they reach the audit log too."""
    app = WorkbenchApp(db_file, now=NOW, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pick(pilot, "M1")
        await pilot.press(*"0000", "enter")
        await settle(pilot)
        await pilot.press(*"1234", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CallListScreen)
    with open_db(db_file) as db:
        assert db.execute("SELECT actor, action, subject, detail FROM audit_log WHERE action = 'pin_wrong'").fetchall() == [
            (None, "pin_wrong", "M1", '{"failures":1,"where":"app"}')]


@sync
async def test_the_lock_runs_on_the_computer_s_clock_and_entries_record_it(db_file, monkeypatch):
    """The app given a time (--now) locks on the real clock, not on the time it was given, and its audit entries
    written far from the real time record that too."""
    from datetime import timedelta

    real = [NOW + timedelta(days=4)]
    monkeypatch.setattr(WorkbenchApp, "real_now", lambda self: real[0])
    app = WorkbenchApp(db_file, now=NOW, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pick(pilot, "M1")
        for _ in range(FREE_FAILURES):
            await pilot.press(*"0000", "enter")
            await settle(pilot)
        await pilot.press(*"1234", "enter")
        await settle(pilot)
        assert hint(app) == "Too many wrong PINs for 李娜: try again in 2 seconds."
        real[0] += timedelta(seconds=2)
        await pilot.press(*"1234", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CallListScreen)
    with open_db(db_file) as db:
        marked = [json.loads(d).get("real_at") for (d,) in db.execute(
            "SELECT detail FROM audit_log WHERE action IN ('pin_wrong', 'pin_locked')")]
    assert marked == [(NOW + timedelta(days=4)).isoformat()] * (FREE_FAILURES + 1)   # the wrong ones, the locked one
