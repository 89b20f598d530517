"""An option list whose j and k move the highlight as on the call list."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class RowList(OptionList):
    """Textual's OptionList moves on the arrows alone; a manager used to the call list's j and k (vi's keys) presses
    them here too, so they move the highlight, under the call list's binding ids so that a keymap moves both."""

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, id="cursor_up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="cursor_down"),
    ]
