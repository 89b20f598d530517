"""The keys in force: a bank's app.keymap shows on the key bar, in help and in every hint, not the default keys; and
each key is spelt one way (the key bar's: ^s, esc, ⌫) on the bar, in help, in the outcome form's hint and question,
the filters', the search box's, the yes/no questions', the hand-over's and the ctrl+c notice."""

from __future__ import annotations

import re

import pytest
from textual.widgets import Input

from tui_fixtures import NOW, build, highlight_option, pressed, settle, sync
from workbench.db import open_db
from workbench.screens.agenda import AgendaScreen
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.confirm import ConfirmScreen
from workbench.screens.confirm_do_not_call import ConfirmDoNotCallScreen
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.filters import FilterScreen
from workbench.screens.hand_over import HandOverScreen
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
        assert (rows["Up"], rows["Down"], rows["Page down"]) == ("↑,k", "^n", "pgdn,space")
        everywhere = app.screen.query_one("#help-keys").render().plain.split("\n\n", 1)[0]
        assert "f1" in everywhere and "?" not in everywhere.replace("(supervisors)", "")


# The spellings the key bar does not use: one key, one name, wherever the user reads it.
_OTHER_SPELLINGS = re.compile(r"ctrl\+|Ctrl|escape|Esc\b|backspace|退格|\benter\b|回车")


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


def shown_on(screen) -> str:
    """Every text of the screen's Statics (a dialog's title, question, detail and hint), one a line."""
    return "\n".join(str(static.render()) for static in screen.query("Static"))


# What each screen's hint says, keys as the key bar spells them (^s, esc, ⏎): English, then Chinese.
_HINTS = {
    "en": {"filters": "^s apply · esc cancel", "search": "(⏎ to apply, esc to clear)",
           "quit": "Press ^q to quit", "do_not_call": "y yes, save · n or esc no, back to the form",
           "complete": "y yes, mark done · n or esc no", "card": "on the card (o) instead",
           "care": "log a call on its card (o).", "accept": "y yes, add them · n or esc no",
           "hand_over": "⏎ hand over (asks first) · l leaving too · esc cancel", "stays": "stays (l: leaving too)",
           "hand_over_yes": "y yes, hand over · n or esc no"},
    "zh_CN": {"filters": "^s 应用 · esc 取消", "search": "（⏎ 确定，esc 清除）",
              "quit": "按 ^q 退出工作台", "do_not_call": "y 是，保存 · n 或 esc 否，返回表单",
              "complete": "y 是，标记完成 · n 或 esc 否", "card": "客户卡片上登记外呼（o）",
              "care": "电话请在客户卡片上登记（o）。", "accept": "y 是，全部加入 · n 或 esc 否",
              "hand_over": "⏎ 移交（先确认）· l 同时标记离职 · esc 取消", "stays": "留任（按 l 同时标记离职）",
              "hand_over_yes": "y 是，移交 · n 或 esc 否"},
}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_every_hint_spells_its_keys_as_the_key_bar_does(tmp_path, lang):
    """The filters, the search box, the ctrl+c notice, the yes/no questions (do-not-call, the agenda's, the
    hand-over's) and the hand-over dialog name their keys as the bar does, in English and in Chinese alike."""
    hints, texts = _HINTS[lang], {}
    path = build(tmp_path / "k.sqlite")
    app = WorkbenchApp(path, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(120, 40)) as pilot:
        texts["filters"] = shown_on(await pressed(pilot, FilterScreen, "ctrl+f"))
        await pilot.press("escape")
        texts["search"] = (await pressed(pilot, CallListScreen)).query_one("#search", Input).placeholder
        said = []
        app.notify = lambda message, **kwargs: said.append(message)
        await pilot.press("ctrl+c")
        texts["quit"] = "\n".join(said)
        await pressed(pilot, OutcomeForm, "o")
        texts["do_not_call"] = shown_on(await pressed(pilot, ConfirmDoNotCallScreen, "1", "7", "ctrl+s"))
        await pilot.press("escape", "escape")
        agenda = await pressed(pilot, AgendaScreen, "f")
        await highlight_option(pilot, "#agenda", "F-0003")   # a call back, overdue: not completed with others
        texts["complete"] = texts["card"] = shown_on(await pressed(pilot, ConfirmScreen, "c"))
        await pilot.press("n")
        await pressed(pilot, AgendaScreen, "C")
        texts["care"] = str(agenda.query_one("#agenda-status").render())
        suggestion = next(key for key in agenda.items if key.startswith("suggestion-"))
        await highlight_option(pilot, "#agenda", suggestion)
        texts["accept"] = shown_on(await pressed(pilot, ConfirmScreen, "A"))
    app = WorkbenchApp(path, now=NOW, lang=lang, user="S1")
    async with app.run_test(size=(120, 40)) as pilot:
        await highlight_option(pilot, "#staff", "M1")
        texts["hand_over"] = texts["stays"] = shown_on(await pressed(pilot, HandOverScreen, "h"))
        await settle(pilot, 5)   # the plan, worked out before enter asks
        texts["hand_over_yes"] = shown_on(await pressed(pilot, ConfirmScreen, "enter"))
    assert {what: hint for what, hint in hints.items() if hint not in texts[what]} == {}, texts
    assert {what: text for what, text in texts.items() if _OTHER_SPELLINGS.search(text)} == {}


@sync
async def test_a_remapped_key_shows_in_the_filters_and_the_questions(tmp_path):
    path = build(tmp_path / "k.sqlite")
    db = open_db(path)
    with db.conn:
        set_setting(db.conn, "app.keymap", {"apply": "f3", "confirm_no": "x,escape", "outcome": "l", "quit": "ctrl+w"})
    db.close()
    app = WorkbenchApp(path, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(120, 40)) as pilot:
        filters = await pressed(pilot, FilterScreen, "ctrl+f")
        assert "f3 apply · esc cancel" in shown_on(filters)
        await pilot.press("escape")
        said = []
        app.notify = lambda message, **kwargs: said.append(message)
        await pressed(pilot, CallListScreen, "ctrl+c")
        assert said == ["Press ^w to quit the workbench."]
        await pressed(pilot, AgendaScreen, "f")
        await highlight_option(pilot, "#agenda", "F-0003")
        question = shown_on(await pressed(pilot, ConfirmScreen, "c"))
        assert "on the card (l) instead" in question and "y yes, mark done · x or esc no" in question
