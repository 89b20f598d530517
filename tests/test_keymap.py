"""The binding ids settings know (workbench.keymap) are those of the app's screens, and no more."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

import workbench.screens
from workbench.keymap import BINDING_IDS, is_keys


def _screens_binding_ids() -> set[str]:
    found = set()
    for module in pkgutil.walk_packages(workbench.screens.__path__, "workbench.screens."):
        for _name, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__.startswith("workbench."):
                found |= {b.id for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)}
    return found


def test_every_binding_has_an_id_and_the_list_is_the_screens():
    ids = _screens_binding_ids()
    assert None not in ids   # a binding without an id cannot be remapped
    assert ids == BINDING_IDS


def test_keys_as_textual_names_them():
    assert all(map(is_keys, ("l", "L", "f5", "ctrl+l", "question_mark", "g,ctrl+g", "shift+tab", "?", "/", "?,h")))
    assert not any(map(is_keys, ("", "ctrl l", "g,", 5, "ctrl+", "é", "??")))
