"""The binding ids settings know (workbench.keymap) are those of the app's screens, and no more."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

import workbench.screens
from workbench import keymap
from workbench.keymap import BINDING_IDS, is_keys


def _screens_bindings() -> list[Binding]:
    """Every Binding of the app's screens and widgets."""
    found = []
    for module in pkgutil.walk_packages(workbench.screens.__path__, "workbench.screens."):
        for _name, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__.startswith("workbench."):
                found += [b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]
    return found


def _screens_binding_ids() -> set[str]:
    return {b.id for b in _screens_bindings()}


def test_every_binding_has_an_id_and_the_list_is_the_screens():
    ids = _screens_binding_ids()
    assert None not in ids   # a binding without an id cannot be remapped
    assert ids == BINDING_IDS


def test_each_binding_is_named_as_the_key_bar_names_it():
    """A refusal names a binding by what it does (keymap.ACTION_NAMES), in the key bar's words on every screen."""
    described = {}
    for b in _screens_bindings():
        described.setdefault(b.id, set()).add(b.description)
    assert described == {bid: {name} for bid, name in keymap.ACTION_NAMES.items()}


@pytest.mark.parametrize("lang, said", [
    ("zh_CN", "设置 app.keymap 让今日外呼名单上的“登记”（outcome）和“下一位”（next）都用 n 键；请各用各的键。"),
    ("en", "Setting app.keymap gives n to both Outcome (outcome) and Next (next) on the call list; give each its own"
           " key."),
])
def test_a_clash_names_each_binding_by_what_it_does_and_its_id(lang, said):
    """'让今日外呼名单上的 outcome 和 next 都用 n 键' showed binding ids raw inside the Chinese sentence."""
    from workbench.errors import WorkbenchError
    from workbench.i18n import set_language
    from workbench.settings import check_value

    set_language(lang)
    with pytest.raises(WorkbenchError) as refused:
        check_value("app.keymap", {"outcome": "n"})
    assert str(refused.value) == said


def test_keys_as_textual_names_them():
    assert all(map(is_keys, ("l", "L", "f5", "ctrl+l", "question_mark", "g,ctrl+g", "shift+tab", "?", "/", "?,h")))
    assert not any(map(is_keys, ("", "ctrl l", "g,", 5, "ctrl+", "é", "??")))
    # Words that name no key: a binding nobody could press.
    assert not any(map(is_keys, ("foo", "ctrl+foo", "f25", "ctl+l", "l,foo", "ctrl+é")))
    assert all(map(is_keys, ("+", "ctrl+question_mark", "alt+f4", "pagedown,space", "ctrl+left_square_bracket")))


def _screen_classes() -> dict:
    from textual.screen import Screen

    found = {}
    for module in pkgutil.walk_packages(workbench.screens.__path__, "workbench.screens."):
        for name, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__ == module.name and cls.__dict__.get("BINDINGS"):
                found[name] = cls
    return found


def _keys(classes) -> dict[str, str]:
    """binding id (None for Textual's own) -> keys, of these classes' own BINDINGS."""
    return {b.id: b.key for cls in classes for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)}


def test_the_keymaps_screens_are_the_screens_with_their_bindings_and_the_apps():
    from textual.screen import ModalScreen

    from workbench.screens.app import WorkbenchApp
    from workbench.screens.widgets.call_table import CallTable
    from workbench.screens.widgets.row_list import RowList
    from workbench.screens.widgets.row_table import RowTable

    classes = _screen_classes()
    assert set(keymap.SCREENS) == set(classes)
    app = _keys([WorkbenchApp])
    # the workbench's own widgets with remappable bindings
    widgets = {"CallListScreen": [CallTable], "PoolScreen": [RowTable], "AgendaScreen": [RowList]}
    for name, cls in classes.items():
        # Behind a dialog only the app's priority bindings (quit) answer; help is the screen's business.
        apps = {"quit": app["quit"]} if issubclass(cls, ModalScreen) else app
        assert keymap.SCREENS[name].bindings == _keys([cls, *widgets.get(name, [])]) | apps, name


def test_the_fixed_keys_are_those_of_textuals_widgets_each_screen_focuses():
    from textual.app import App
    from textual.containers import ScrollableContainer
    from textual.screen import Screen
    from textual.widgets import Checkbox, DataTable, OptionList, Select

    from workbench.codes import BUSINESS_OUTCOMES, LINE_RESULTS
    from workbench.screens.outcome_form import QUICK_PICKS

    def keys(*classes) -> set[str]:
        own = [next(c.__dict__["BINDINGS"] for c in cls.__mro__ if "BINDINGS" in c.__dict__) for cls in classes]
        return {key.strip() for bindings in own for b in bindings for key in b.key.split(",")}

    codes = {str(n) for n in range(1, max(len(LINE_RESULTS), len(BUSINESS_OUTCOMES)) + 1)}
    focused = {   # the Textual widgets on each screen that take the focus, and keys it handles in on_key
        "WhoAmIScreen": keys(OptionList), "CallListScreen": set(), "CustomerCardScreen": keys(ScrollableContainer),
        "OutcomeForm": keys(Select) | codes | set(QUICK_PICKS) | {"x"}, "AgendaScreen": keys(OptionList),
        "DaySummaryScreen": keys(ScrollableContainer), "ReportScreen": keys(ScrollableContainer),
        "PoolScreen": keys(DataTable), "HandOverScreen": keys(OptionList, ScrollableContainer),
        "AssignToScreen": keys(OptionList), "ConfirmScreen": set(), "FilterScreen": keys(Select, Checkbox),
        "HelpScreen": keys(ScrollableContainer), "RescheduleScreen": set(),
    }
    textual = keys(Screen) | (keys(App) - {"ctrl+q"}) | {App.COMMAND_PALETTE_BINDING}   # ctrl+q is the app's quit id
    assert set(focused) == set(keymap.SCREENS)
    for name, screen in keymap.SCREENS.items():
        own = {key for keys_ in screen.bindings.values() for key in keymap.key_names(keys_)}
        assert set(screen.fixed) == (focused[name] | textual) - own, name


def test_the_default_keys_clash_nowhere_and_the_text_box_screens_are_typed_in():
    assert keymap.first_clash({}) is None
    assert [name for name, screen in keymap.SCREENS.items() if screen.typing] == ["OutcomeForm", "RescheduleScreen"]


@pytest.mark.parametrize(("remap", "clash"), [
    ({"outcome": "f"}, ("the call list", "f", "outcome", "agenda", False)),
    ({"agenda": "?"}, ("the call list", "question_mark", "agenda", "help", False)),
    ({"outcome": "ctrl+q"}, ("the call list", "ctrl+q", "outcome", "quit", False)),
    ({"save": "1"}, ("the outcome form", "1", "save", "picking a line result or an outcome", True)),
    ({"save": "s"}, ("the outcome form", "s", "save", "typing in a text box", True)),
    ({"quit": "ctrl+p"}, ("the list of staff", "ctrl+p", "quit", "the command palette", True)),
    ({"assign": "enter"}, ("the unassigned pool", "enter", "assign", "moving in the list", True)),
    ({"outcome": "k"}, ("the call list", "k", "outcome", "cursor_up", False)),
])
def test_a_keymap_that_gives_one_key_two_jobs_on_a_screen_is_found(remap, clash):
    found = keymap.first_clash(remap)
    assert (found.screen, found.key, found.binding, found.other, found.fixed) == clash


@pytest.mark.parametrize("remap", [{"outcome": "l", "agenda": "g,ctrl+g"}, {"outcome": "f", "agenda": "g"},
                                   {"help": "?"}, {"back": "q"}, {"save": "ctrl+enter"}, {"cancel": "ctrl+g"}])
def test_keymaps_that_keep_every_key_to_one_job_pass(remap):
    assert keymap.first_clash(remap) is None
