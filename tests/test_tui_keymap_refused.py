"""A binding in app.keymap's stored row that the settings' check refuses now (shift+5, let in by an older check) is
ignored as the app starts: its action keeps its default key, the rest of the map is bound, and one sentence says which
key was ignored and why. The row stopped the app (and every command) until it was mended outside it."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from sync_data import as_user, branch_file
from test_tui_keymap_stored import bar, with_keymap
from tui_fixtures import NOW, pressed, sync
from workbench import keymap
from workbench.db import connect
from workbench.screens.agenda import AgendaScreen
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.outcome_form import OutcomeForm
from workbench.settings import check_stored, load_settings

SHIFTED = ("The app ignores shift+5 for Outcome (outcome) in app.keymap (shift with a digit or sign types the character"
           " the keyboard layout gives, so the app cannot know the key) and keeps its default, o; correct app.keymap"
           " with `workbench settings set` or remove it with `workbench settings unset`.")


@sync
async def test_a_shifted_digit_in_the_stored_keymap_falls_back_to_the_default_key_and_is_said(tmp_path):
    path = with_keymap(tmp_path, {"outcome": "shift+5", "agenda": "g"}, checked=False)
    with closing(connect(path)) as conn:
        assert check_stored(conn) == []   # the row no longer stops a command (nor the app) before it starts
    app = WorkbenchApp(path, now=NOW, lang="en", user="M1")
    said = []
    app.notify = lambda message, **kwargs: said.append((message, kwargs.get("severity")))
    async with app.run_test(size=(120, 30)) as pilot:
        await pressed(pilot, CallListScreen)
        assert said[:1] == [(SHIFTED, "warning")]
        assert " o Outcome " in bar(app) and " g Agenda " in bar(app)   # the default for it, the rest of the map kept
        await pressed(pilot, AgendaScreen, "g")
        await pilot.press("escape")
        await pressed(pilot, OutcomeForm, "o")


@pytest.mark.parametrize(("stored", "lang", "sentence"), [
    ({"outcome": "shift+5"}, "en", SHIFTED),
    ({"close": "foo", "gone": "shift+1"}, "en",   # an id no screen binds binds nothing: not said
     "The app ignores foo for Close help (close) in app.keymap (it names no key a keyboard has) and keeps its default,"
     " escape, ?, q; correct app.keymap with `workbench settings set` or remove it with `workbench settings unset`."),
    ({"outcome": 5}, "zh_CN",
     "工作台忽略 app.keymap 中给“登记”（outcome）的 5（它不是键盘上的键），该操作仍用默认按键 o；"
     "请用 `workbench settings set` 更正或用 `workbench settings unset` 删除 app.keymap。"),
])
def test_the_sentence_names_the_key_ignored_and_why(tmp_path, stored, lang, sentence):
    from workbench.i18n import set_language

    path = with_keymap(tmp_path, stored, checked=False)
    set_language(lang)
    try:
        with closing(connect(path)) as conn:
            assert keymap.in_force(load_settings(conn)["app.keymap"]) == ({}, sentence)
    finally:
        set_language("en")


def test_a_clash_among_the_rest_is_said_after_it_and_takes_every_default():
    bound, said = keymap.in_force({"outcome": "shift+5", "next": "f"})
    assert bound == {} and said.startswith(SHIFTED + " Setting app.keymap gives f to both")
    assert keymap.in_force({"outcome": "l"}) == ({"outcome": "l"}, None)


def test_doctor_warns_of_it_and_the_database_stays_usable(cli, db_path):
    branch = branch_file(db_path, pins={"S1": "4321"})
    with closing(sqlite3.connect(branch)) as c, c:
        c.execute("INSERT INTO settings (scope, key, value) VALUES ('bank', 'app.keymap', '{\"outcome\": \"shift+5\"}')")
    doctor = as_user(cli, branch, None, None, "doctor", "--json")
    assert doctor.exit_code == 0   # every stored setting is read: only the one binding falls back
    assert [w["message"] for w in json.loads(doctor.stdout)["warnings"] if w["code"] == "setting_unusable"] == [SHIFTED]
