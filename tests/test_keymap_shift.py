"""A shifted letter in app.keymap is the capital Textual reports (shift+o is O): bound as written it would never
fire, and help would list a dead key. A shifted digit or sign is refused: which character it types is the
keyboard layout's business, and Textual reports only that character."""

from __future__ import annotations

import pytest

from workbench import keymap
from workbench.errors import WorkbenchError
from workbench.settings import check_value


def test_a_shifted_letter_is_its_capital():
    assert [keymap.key_name(k) for k in ("shift+o", "shift+O", "O", "o", "shift+tab", "ctrl+shift+o")] == [
        "O", "O", "O", "o", "shift+tab", "ctrl+shift+o"]
    assert keymap.bound({"outcome": "shift+o", "agenda": "g,shift+g", "gone": "x"}) == {"outcome": "O", "agenda": "g,G"}


def test_a_shifted_letter_clashes_with_its_capital_and_types_in_a_text_box():
    clash = keymap.first_clash({"outcome": "shift+o", "next": "O"})
    assert (clash.screen, clash.key) == ("the call list", "O")
    typed = keymap.first_clash({"save": "shift+s"})   # the outcome form's note takes a typed S
    assert (typed.screen, typed.key, typed.other) == ("the outcome form", "S", "typing in a text box")
    assert keymap.first_clash({"outcome": "shift+o"}) is None


def test_a_shifted_digit_or_sign_names_no_key():
    assert all(map(keymap.is_keys, ("shift+o", "shift+tab", "shift+f5", "shift+space", "alt+shift+o")))
    assert not any(map(keymap.is_keys, ("shift+5", "shift+question_mark", "shift+slash", "o,shift+1")))
    with pytest.raises(WorkbenchError, match="takes a table of binding ids to keys"):
        check_value("app.keymap", {"outcome": "shift+5"})
    assert check_value("app.keymap", {"outcome": "shift+o"}) == {"outcome": "shift+o"}
