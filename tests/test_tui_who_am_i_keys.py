"""The first screen tells a new user how to pick themselves: enter is on the key bar and in help, in their language,
and leaves the bar while the PIN box takes enter for the PIN."""

from __future__ import annotations

import pytest

from tui_fixtures import NOW, build, highlight_option, pick, settle, sync
from workbench.db import open_db
from workbench.pins import set_pin
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.help import key_sections


def bar(app) -> str:
    return app.screen.query_one("KeyBar").render().plain


@pytest.mark.parametrize("lang, choose", [("en", " ⏎ Choose "), ("zh_CN", " ⏎ 选择 ")])
@sync
async def test_the_key_bar_says_enter_picks_until_the_pin_box_takes_it(tmp_path, lang, choose):
    path = build(tmp_path / "who.sqlite")
    db = open_db(path)
    set_pin(db.conn, "M1", "1234", at=NOW, by_id="M1")
    db.close()
    app = WorkbenchApp(path, now=NOW, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert choose in bar(app)
        await pick(pilot, "M1")   # asks for a PIN: enter now gives it
        assert choose not in bar(app)
        await pilot.press("escape")
        await settle(pilot)
        assert choose in bar(app)


@sync
async def test_choose_from_the_palette_picks_the_highlighted_person(tmp_path):
    app = WorkbenchApp(build(tmp_path / "who.sqlite"), now=NOW, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await highlight_option(pilot, "#staff", "M2")
        await pilot.press("ctrl+p", *"choose")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CallListScreen) and app.staff.staff_id == "M2"


def test_help_has_the_first_screens_keys_and_the_supervisors_section_does_not_repeat_them():
    sections = dict(key_sections())
    assert sections["Who is working here"] == [("⏎", "Choose")]
    assert all(what != "Choose" for _keys, what in sections["Managers and hand-over (supervisors)"])
