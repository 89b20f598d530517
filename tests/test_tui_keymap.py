"""The keys in force: a bank's app.keymap shows on the key bar and in help, not the default keys; and each key is
spelt one way (the key bar's: ^s, esc, ⌫) on the bar, in help and in the outcome form's hint and question."""

from __future__ import annotations

import re

import pytest

from tui_fixtures import NOW, build, pressed, settle, sync
from workbench.db import open_db
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.outcome_form import OutcomeForm
from workbench.settings import set_setting


def help_rows(app) -> dict[str, str]:
    """What each key does, as help lists it (what -> keys), for the call list's section."""
    text = app.screen.query_one("#help-keys").render().plain
    section = text.split("Call list\n", 1)[1].split("\n\n", 1)[0]
    return {m.group(2): m.group(1) for m in re.finditer(r"^  (\S+(?: \S+)*?)\s{2,}(.+)$", section, re.M)}


@sync
async def test_help_and_the_key_bar_show_the_banks_keymap(tmp_path):
    path = build(tmp_path / "k.sqlite")
    db = open_db(path)
    with db.conn:
        set_setting(db.conn, "app.keymap", {"outcome": "l", "agenda": "g,ctrl+g", "search": "?", "help": "f1",
                                            "cursor_down": "ctrl+n"})
    db.close()
    app = WorkbenchApp(path, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CallListScreen)
        bar = str(app.screen.query_one("KeyBar").render())
        assert " l Outcome " in bar and " g Agenda " in bar and " f Agenda" not in bar
        await pilot.press("f1")
        await settle(pilot)
        rows = help_rows(app)
        assert rows["Outcome"] == "l" and rows["Agenda"] == "g,^g" and rows["Search"] == "?"
        assert rows["Move"] == "↑ ^n pgup pgdn"
        everywhere = app.screen.query_one("#help-keys").render().plain.split("\n\n", 1)[0]
        assert "f1" in everywhere and "?" not in everywhere.replace("(supervisors)", "")


# The spellings the key bar does not use: one key, one name, wherever the user reads it.
_OTHER_SPELLINGS = re.compile(r"ctrl\+|Ctrl|escape|Esc\b|backspace|退格|\benter\b")


def test_keys_are_spelt_as_textual_spells_them_on_the_key_bar():
    """key_display is App.get_key_display for every key a screen binds, so help and hints match the bar."""
    from textual.app import App
    from textual.binding import Binding

    from workbench.keymap import SCREENS, key_names
    from workbench.screens.widgets.key_bar import key_display

    keys = {key for screen in SCREENS.values() for keys in screen.bindings.values() for key in key_names(keys)}
    assert {"ctrl+s", "escape", "backspace", "enter", "question_mark"} <= keys
    for key in keys | {"ctrl+p", "ctrl+n", "f1"}:
        assert key_display(key) == App.get_key_display(App(), Binding(key, "x")), key
    assert [key_display(k) for k in ("ctrl+s", "escape", "backspace", "enter", "?", "pagedown")] == [
        "^s", "esc", "⌫", "⏎", "?", "pgdn"]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_the_outcome_form_and_help_spell_each_key_as_the_key_bar_does(tmp_path, lang):
    app = WorkbenchApp(build(tmp_path / "k.sqlite"), now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(120, 40)) as pilot:
        card = await pressed(pilot, CustomerCardScreen, "enter")
        bar = str(card.query_one("KeyBar").render())   # the form is a dialog over the card, its keys in its hint
        assert " esc " in bar and " ^q " in bar and " ^p " in bar
        form = await pressed(pilot, OutcomeForm, "o")
        hint = str(form.query_one("#keys-hint").render())
        save, cancel = {"en": ("Save", "Cancel"), "zh_CN": ("保存", "取消")}[lang]
        assert hint.startswith(f"^s {save} · esc {cancel} · ⌫ "), hint
        await pilot.press("1", "3", "ctrl+s")   # reached, interested, nothing booked: the question names the key
        await settle(pilot)
        question = str(form.query_one("#form-status").render())
        assert " ^s " in question
        assert not [text for text in (bar, hint, question) if _OTHER_SPELLINGS.search(text)], (bar, hint, question)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        shown = "\n".join(str(static.render()) for static in app.screen.query("Static"))
        assert "esc" in shown and "^p" in shown and "^s" in shown and "⌫" in shown
        assert not _OTHER_SPELLINGS.findall(shown), shown


@sync
async def test_the_outcome_forms_hint_and_question_name_a_remapped_save_key(tmp_path):
    path = build(tmp_path / "k.sqlite")
    db = open_db(path)
    with db.conn:
        set_setting(db.conn, "app.keymap", {"save": "f2"})
    db.close()
    app = WorkbenchApp(path, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        assert str(form.query_one("#keys-hint").render()).startswith("f2 Save · esc Cancel")
        await pilot.press("1", "3", "f2")
        await settle(pilot)
        assert "or press f2 again to save without one" in str(form.query_one("#form-status").render())
