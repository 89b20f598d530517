"""The ids of the app's key bindings, which the app.keymap setting remaps ({"outcome": "l"}), and which
screen binds which of them to which keys by default, beside the keys no keymap moves.

It lives here, away from Textual, so that a keymap can be checked where settings are; tests/test_keymap.py
holds it to the screens' BINDINGS and to the keys of the Textual widgets they focus.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass

from workbench.i18n import N_, gettext, join_list, pgettext

# The keys a keymap may name besides letters and digits, as Textual names them.
_NAMED_KEYS = ("escape enter tab space backspace delete insert up down left right home end pageup pagedown "
               + " ".join(f"f{n}" for n in range(1, 25))).split()
_MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")


def is_keys(text: object) -> bool:
    """Whether text names keys a keyboard has, comma-separated: a letter or digit (l, L, 5), a named key
    (f5, escape, pageup), a printable character (?, /) or its name (question_mark, slash), each perhaps
    with modifiers (ctrl+l, shift+tab). A word that names no key ("foo") would bind nothing: a binding
    nobody could press."""
    return isinstance(text, str) and all(_is_key(key.strip()) for key in text.split(","))


def _is_key(key: str) -> bool:
    if len(key) == 1:
        return "!" <= key <= "~"
    *modifiers, last = key.split("+")
    if any(m not in _MODIFIERS for m in modifiers):
        return False
    if modifiers == ["shift"] and (last in _CHARACTER_NAMES or last.isdigit()):
        return False   # Textual reports the character shift types (%, ?), which the keyboard's layout decides
    if len(last) == 1:
        return last.isascii() and last.isalnum()
    return last in _NAMED_KEYS or last in _CHARACTER_NAMES


def unknown_ids(keymap: dict) -> list[str]:
    return sorted(set(keymap) - BINDING_IDS)


# ---- which keys each screen takes ------------------------------------------------------------------

_TEXTUAL_NAMES = {"solidus": "slash", "reverse_solidus": "backslash", "commercial_at": "at",
                  "hyphen_minus": "minus", "plus_sign": "plus", "low_line": "underscore"}
_ALIASES = {"ctrl+i": "tab", "ctrl+m": "enter", "ctrl+left_square_bracket": "escape"}   # one key, two names


def key_name(key: str) -> str:
    """The name Textual gives a key as typed in a keymap: '?' is question_mark, '/' slash, ctrl+i tab, and
    shift+o is O (Textual reports the capital a shifted letter types, never "shift+o": bound as written, that
    key would never fire)."""
    key = key.strip()
    if len(key) == 1 and not key.isalnum():
        key = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
        key = _TEXTUAL_NAMES.get(key, key)
    if key.startswith("shift+") and len(key) == 7 and key[-1].isascii() and key[-1].isalpha():
        key = key[-1].upper()
    return _ALIASES.get(key, key)


# The names Textual gives the printable characters that are neither letters nor digits (question_mark, slash).
_CHARACTER_NAMES = frozenset(key_name(chr(c)) for c in range(ord("!"), ord("~") + 1) if not chr(c).isalnum())


def key_shown(key: str) -> str:
    """A key as people type it: question_mark is ?, slash /; other names stay (ctrl+q, enter, space)."""
    name = {v: k for k, v in _TEXTUAL_NAMES.items()}.get(key, key)
    try:
        char = unicodedata.lookup(name.replace("_", " "))
    except KeyError:
        return key
    return char if len(key) > 1 and "!" <= char <= "~" else key


def key_names(keys: str) -> list[str]:
    return [key_name(key) for key in keys.split(",")]


_NOT_TYPED = frozenset(_NAMED_KEYS) - {"space"}   # the named keys that put no character in a text box


def types_a_character(key: str) -> bool:
    """Whether the key puts a character in a text box (l, L, 5, question_mark, space), so a focused box takes it."""
    return "+" not in key and key not in _NOT_TYPED


# Textual's own keys on every screen: what each does, as the refusal names it.
_TEXTUAL = {"ctrl+p": N_("the command palette"), "ctrl+c": N_("copying"), "super+c": N_("copying"),
            "tab": N_("moving to the next field"), "shift+tab": N_("moving to the previous field")}
_MOVE = N_("moving in the list")
_OPTION_LIST = dict.fromkeys(("up", "down", "home", "end", "pageup", "pagedown", "enter"), _MOVE)
_DATA_TABLE = _OPTION_LIST | dict.fromkeys(("left", "right", "ctrl+home", "ctrl+end"), _MOVE)
_SCROLL = dict.fromkeys(("up", "down", "home", "end", "pageup", "pagedown", "left", "right", "ctrl+pageup",
                         "ctrl+pagedown"), N_("scrolling"))
_SELECT = dict.fromkeys(("enter", "down", "up", "space"), N_("opening a drop-down list"))
TYPING = N_("typing in a text box")   # every key that types a character, on a screen whose text box has the focus

_APP = {"quit": "ctrl+q", "help": "question_mark"}   # the app's: every screen (help: not behind a dialog)
_BACK = {"back": "escape"}
_CURSOR = {"cursor_up": "up,k", "cursor_down": "down,j", "page_up": "pageup", "page_down": "pagedown,space",
           "first": "home", "last": "end"}   # the call list's table


@dataclass(frozen=True)
class ScreenKeys:
    title: str                  # as the refusal names the screen (N_-marked)
    bindings: dict[str, str]    # binding id -> its default keys (the app's quit and help where they work)
    fixed: dict[str, str]       # key no keymap moves -> what it does there (N_-marked)
    typing: bool = False        # a text box usually has the focus: keys that type are taken too


def _screen(title: str, bindings: dict[str, str], *fixed: dict[str, str], dialog: bool = False,
            typing: bool = False) -> ScreenKeys:
    """A screen's keys; a dialog (a modal screen) cuts off the app's help, not its priority quit. A key the
    screen binds itself is its own, not the widget's (the report's ←/→, the agenda's enter)."""
    app = {"quit": _APP["quit"]} if dialog else _APP
    own = {key for keys in bindings.values() for key in key_names(keys)}
    taken = {key: what for widget in (*fixed, _TEXTUAL) for key, what in widget.items() if key not in own}
    return ScreenKeys(title, bindings | app, taken, typing)


SCREENS: dict[str, ScreenKeys] = {
    "WhoAmIScreen": _screen(N_("the list of staff"), {"pick": "enter", "hand_over": "h", **_BACK}, _OPTION_LIST),
    "CallListScreen": _screen(N_("the call list"), {
        "open": "enter", "outcome": "o", "next": "n", "agenda": "f", "summary": "s", "report": "r", "pool": "u",
        "search": "slash", "filters": "ctrl+f", "clear_filters": "escape", **_CURSOR}),
    "CustomerCardScreen": _screen(N_("the customer card"), {
        "outcome": "o", "next": "n", "purpose": "p", "agenda": "f", **_BACK}, _SCROLL),
    "OutcomeForm": _screen(N_("the outcome form"), {"save": "ctrl+s", "cancel": "escape", "back_step": "backspace"},
                           dict.fromkeys("1234567", N_("picking a line result or an outcome")),
                           dict.fromkeys("dtwmx", N_("picking a follow-up")), _SELECT, dialog=True, typing=True),
    "AgendaScreen": _screen(N_("the follow-up agenda"), {
        "open": "enter", "reschedule": "r", "complete": "c", "complete_all": "C", "accept": "a", "accept_all": "A",
        "mark": "space", **_BACK, "cursor_up": "up,k", "cursor_down": "down,j"}, _OPTION_LIST),
    "DaySummaryScreen": _screen(N_("the day summary"), dict(_BACK), _SCROLL),
    "ReportScreen": _screen(N_("the report"), {
        "report_week": "w", "report_month": "m", "report_next_manager": "s", "scroll_left": "left",
        "scroll_right": "right", **_BACK}, _SCROLL),
    "PoolScreen": _screen(N_("the unassigned pool"), {"assign": "a", "next_page": "n", "previous_page": "p", **_BACK,
                                                      "first": "home", "last": "end"}, _DATA_TABLE),
    "HandOverScreen": _screen(N_("the hand-over"), {"hand_over_leave": "l", "cancel": "escape"}, _OPTION_LIST, _SCROLL,
                              dialog=True),
    "AssignToScreen": _screen(N_("the assign dialog"), {"cancel": "escape"}, _OPTION_LIST, dialog=True),
    "ConfirmScreen": _screen(N_("the yes/no question"), {"confirm_yes": "y", "confirm_no": "n,escape"}, dialog=True),
    "FilterScreen": _screen(N_("the filters"), {"apply": "ctrl+s", "cancel": "escape"}, _SELECT, dialog=True),
    "HelpScreen": _screen(N_("the help"), {"close": "escape,question_mark,q"}, _SCROLL, dialog=True),
    "RescheduleScreen": _screen(N_("the reschedule dialog"), {"cancel": "escape"}, dialog=True, typing=True),
}
# Every id a keymap may name: each bound on some screen.
BINDING_IDS = frozenset().union(*(screen.bindings for screen in SCREENS.values()))
# What each binding does, as the key bar and the help name it (its Binding's description on every screen that has
# it: tests/test_keymap.py holds the two together).
ACTION_NAMES = {
    "accept": N_("Accept"), "accept_all": N_("Accept all"), "agenda": N_("Agenda"), "apply": N_("Apply"),
    "assign": N_("Assign"), "back": N_("Back"), "back_step": N_("Change result"), "cancel": N_("Cancel"),
    "clear_filters": N_("Clear filters"), "close": N_("Close help"), "complete": N_("Complete"),
    "complete_all": N_("Complete all"), "confirm_no": N_("No"), "confirm_yes": N_("Yes"), "cursor_down": N_("Down"),
    "cursor_up": N_("Up"), "filters": N_("Filters"), "first": N_("First"), "hand_over": N_("Hand over"),
    "hand_over_leave": N_("Leaving"), "help": N_("Help"), "last": N_("Last"), "mark": N_("Mark"), "next": N_("Next"),
    "next_page": N_("Next page"), "open": N_("Open"), "outcome": N_("Outcome"), "page_down": N_("Page down"),
    "page_up": N_("Page up"), "pick": N_("Choose"), "pool": N_("Pool"), "previous_page": N_("Previous page"), "purpose": N_("Script purpose"),
    "quit": N_("Quit"), "report": N_("Report"), "report_month": N_("30 days"), "report_next_manager": N_("Next manager"),
    "report_week": N_("7 days"), "reschedule": N_("Reschedule"), "save": N_("Save"),
    "scroll_left": N_("Scroll tables left"), "scroll_right": N_("Scroll tables right"), "search": N_("Search"),
    "summary": N_("Summary"),
}


def binding_label(binding_id: str, lang: str | None = None) -> str:
    """A binding as a refusal names it: what it does, and the id a keymap gives it by, 'Outcome (outcome)' /
    '“业务结果”（outcome）' (an id alone would be English code inside a Chinese sentence)."""
    name = ACTION_NAMES.get(binding_id)
    if name is None:
        return binding_id
    return pgettext("key binding", "{name} ({id})", lang).format(name=gettext(name, lang), id=binding_id)


@dataclass(frozen=True)
class Clash:
    """Two bindings given one key on one screen (other: a binding id), or a binding given a key the screen
    keeps for itself (other: what that key does there)."""

    screen: str   # ScreenKeys.title
    key: str
    binding: str
    other: str
    fixed: bool


def keys_in_force(keymap: dict[str, str], screen: ScreenKeys) -> dict[str, list[str]]:
    """Each binding id of the screen -> its keys once keymap is applied."""
    return {bid: key_names(keymap.get(bid) or default) for bid, default in screen.bindings.items()}


def first_clash(keymap: dict[str, str]) -> Clash | None:
    """The first place keymap makes two things on one screen answer to one key, a remapped binding first."""
    for screen in SCREENS.values():
        owner: dict[str, str] = {}
        # The remapped bindings come last, so a clash names one of them first.
        for bid, keys in sorted(keys_in_force(keymap, screen).items(), key=lambda item: item[0] in keymap):
            for key in dict.fromkeys(keys):
                if key in owner and owner[key] != bid:
                    return Clash(screen.title, key, bid, owner[key], False)
                if key in screen.fixed or (screen.typing and types_a_character(key)):
                    return Clash(screen.title, key, bid, screen.fixed.get(key, TYPING), True)
                owner[key] = bid
    return None


def bound(keymap: dict[str, str]) -> dict[str, str]:
    """The keymap as the app binds it: each key by the name Textual reports it under (shift+o is O), the ids
    no screen binds left out (they would bind nothing)."""
    return {bid: ",".join(key_names(keys)) for bid, keys in keymap.items() if bid in BINDING_IDS}


def refused(stored: dict) -> dict[str, object]:
    """The bindings of app.keymap as stored whose keys is_keys refuses (shift+5, let in by an older check or written
    around `settings set`), by id: the app ignores each, its action keeping its default keys."""
    return {bid: keys for bid, keys in stored.items() if not is_keys(keys)}


# Why is_keys refuses a binding's keys, as the sentence on an ignored one says it.
_SHIFTED = N_("shift with a digit or sign types the character the keyboard layout gives, so the app cannot know the key")
_NO_KEY = N_("it names no key a keyboard has")


def ignored(binding_id: str, keys: object) -> str:
    """The sentence on a stored binding the app ignores (refused), in the current language."""
    parts = [part.strip() for part in keys.split(",")] if isinstance(keys, str) else []
    shifted = bool(parts) and all(_is_key(p) or _is_key(p.removeprefix("shift+")) for p in parts)
    default = [key_shown(key) for key in key_names(next(
        screen.bindings[binding_id] for screen in SCREENS.values() if binding_id in screen.bindings))]
    return gettext("The app ignores {keys} for {binding} in app.keymap ({why}) and keeps its default, {default};"
                   " correct app.keymap with `workbench settings set` or remove it with `workbench settings unset`."
                   ).format(keys=keys if isinstance(keys, str) else json.dumps(keys, ensure_ascii=False),
                            binding=binding_label(binding_id), why=gettext(_SHIFTED if shifted else _NO_KEY),
                            default=join_list(default))


def unusable(stored: dict) -> str | None:
    """What the app leaves of app.keymap as stored, in sentences, or None (in_force): what doctor warns of."""
    return in_force(stored)[1]


def _clash(keymap: dict[str, str]) -> str | None:
    """Why the app cannot use a keymap read from the settings table, in a sentence, or None: one written there
    around `workbench settings set` may give one key two jobs on a screen, and Textual would silently drop one.
    The app then takes its default keys, all of them: those help documents, while keeping the rest of the map
    could clash again (a key moved away to make room for a remapped one)."""
    from workbench.errors import WorkbenchError
    from workbench.settings import check_value   # which imports this module

    try:
        check_value("app.keymap", bound(keymap))
    except WorkbenchError as refused:
        return gettext("{problem} Until app.keymap is corrected with `workbench settings set` or removed with"
                       " `workbench settings unset`, the app uses its default keys.").format(problem=refused)
    return None


def in_force(stored: dict) -> tuple[dict[str, str], str | None]:
    """The keymap the app binds from app.keymap as stored, and what it leaves of it in sentences, or None: each
    binding it ignores (refused), its action keeping its default keys, then why it binds none of the rest (_clash)."""
    wrong = refused(stored)
    usable = {bid: keys for bid, keys in stored.items() if bid not in wrong}
    clash = _clash(usable)
    said = [ignored(bid, keys) for bid, keys in wrong.items() if bid in BINDING_IDS] + [clash] * bool(clash)
    return ({} if clash else bound(usable)), " ".join(said) or None
