"""The ids of the app's key bindings, which the app.keymap setting remaps ({"outcome": "l"}).

The list lives here, away from Textual, so that a keymap can be checked where settings are;
tests/test_keymap.py holds it to the screens' BINDINGS.
"""

from __future__ import annotations

import re

BINDING_IDS = frozenset({
    "accept", "accept_all", "agenda", "apply", "assign", "back", "back_step", "cancel", "clear_filters",
    "close", "complete", "complete_all", "confirm_no", "confirm_yes", "cursor_down", "cursor_up", "filters",
    "first", "hand_over", "hand_over_leave", "help", "last", "next", "next_page", "open", "outcome",
    "page_down", "page_up", "pool", "previous_page", "purpose", "quit", "report", "report_month",
    "report_next_manager", "report_week", "reschedule", "save", "scroll_left", "scroll_right", "search", "summary",
})

# One key as Textual names it (l, L, f5, ctrl+l, question_mark), or a single character (?, /) it names
# itself; a binding takes several, comma-separated.
_KEY = re.compile(r"[A-Za-z0-9_]+(?:\+[A-Za-z0-9_]+)*|[!-~]")


def is_keys(text: object) -> bool:
    return isinstance(text, str) and all(_KEY.fullmatch(key.strip()) for key in text.split(","))


def unknown_ids(keymap: dict) -> list[str]:
    return sorted(set(keymap) - BINDING_IDS)
