"""KeyBar: the keys of the current screen on one line, drawn as text (a light stand-in for Footer,
which mounts a widget per key and restyles them every time a screen opens)."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.keys import format_key
from textual.widget import Widget

from workbench.i18n import OR, gettext as _, join_list
from workbench.keymap import key_name, key_names
from workbench.screens.glyphs import key_word

BACK = ("back", "cancel", "clear_filters")   # the actions that leave a screen (clear_filters is shown only as "Back")
_KEPT = frozenset({"help", "command_palette", *BACK})   # never dropped from a bar too wide


def key_display(key: str) -> str:
    """One key as the key bar spells it, and so wherever the user reads a key (help, a form's hint, a refusal):
    esc, ^s, ⏎, ⌫, ?, pgdn; Textual's spelling (App.get_key_display), from a Textual or a keymap's name
    (escape or ctrl+s, ? or question_mark). On a console that cannot show ⏎ or ⌫, the key in words (回车, 退格)."""
    *modifiers, name = key_name(key).split("+")
    name = key_word(name) or format_key(name)
    if "ctrl" in modifiers:
        modifiers.remove("ctrl")
        name = "^" + name
    return "+".join([*modifiers, name])


def keys_display(keys: str) -> str:
    """A binding's keys, comma-separated (g,ctrl+g), as shown: g,^g."""
    return ",".join(map(key_display, key_names(keys)))


def keys_in_force(node, binding_id: str, default: str | None = None) -> list[str]:
    """A binding's keys in force, as shown: a bank's app.keymap may move them (app.keymap_in_force). node is
    the screen or the app that binds it, whose BINDINGS give the default keys unless default names them (a
    binding of another screen: the card's outcome, named on the agenda)."""
    keymap = getattr(node, "keymap_in_force", None)
    if keymap is None:
        keymap = getattr(node.app, "keymap_in_force", {})
    if default is None:
        default = next(b.key for b in type(node).BINDINGS if getattr(b, "id", None) == binding_id)
    return keys_display(keymap.get(binding_id) or default).split(",")


def key_in_force(node, binding_id: str, default: str | None = None) -> str:
    """The binding's first key in force, as the key bar spells it ("{save} apply" in a hint: ^s, or the key a
    bank's keymap gives it)."""
    return keys_in_force(node, binding_id, default)[0]


def either_key(keys: list[str]) -> str:
    """Keys any of which does it, in words: "n or esc"."""
    return join_list(keys, last=OR)


def bindings_offered(screen) -> list[tuple[object, Binding, bool]]:
    """The bindings in force on screen (as Screen.active_bindings finds them), each with the node that binds it and
    whether it is enabled, in the order their nodes declare them: a bank's keymap changes a key, not its place on the
    bar (Textual puts a remapped binding last). One binding per key: the nearest node's, unless another's is a
    priority one, or is shown where the nearest's is hidden: a focused widget's hidden binding does not hide the
    screen's shown one of the same key (the agenda's list takes enter to select, and the agenda opens what is
    selected), but a text box's does (enter in the search box searches, it opens nobody). The key bar and the
    command palette both list this; it alone reads Textual's private binding chain."""
    from textual.widgets import Input, TextArea

    app = screen.app
    found: dict[str, tuple[tuple[int, int], Binding, bool, object]] = {}   # key -> (place, binding, enabled, node)
    for at, (node, bindings) in enumerate(screen._modal_binding_chain):
        declared = {b.id or b.action: n for n, (_key, b) in reversed(list(enumerate(node._bindings)))}
        for key, binding in bindings:
            state = app._check_action_state(binding.action, node)
            if state is False:   # not offered here at all
                continue
            held = found.get(key)
            outranks = held is not None and not held[1].priority and (
                binding.priority or (binding.show > held[1].show and not isinstance(held[3], (Input, TextArea))))
            if held is None or outranks:
                found[key] = ((at, declared.get(binding.id or binding.action, len(declared))), binding, bool(state),
                              node)
    return [(node, binding, enabled)
            for _place, binding, enabled, node in sorted(found.values(), key=lambda held: held[0])]


class KeyBar(Widget):
    """Drawn in the theme's own key bar colours (Textual's Footer's, $footer-*), which theme.legible makes read at
    4.5:1 on the bar, as app.tcss draws it: $panel and $accent were 1.3-2.4:1 in the light themes."""

    COMPONENT_CLASSES = {"key-bar--key"}
    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $footer-background; color: $footer-description-foreground; }
    KeyBar > .key-bar--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh())

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        keys: list[tuple[str, str, str, bool]] = []   # (action, key, what it does, enabled)
        shows = getattr(self.app, "shows_action", lambda action: True)
        seen: set[str] = set()
        for _node, binding, enabled in bindings_offered(self.screen):
            if binding.show and shows(binding.action) and binding.action not in seen:
                seen.add(binding.action)
                keys.append((binding.action, binding.key_display or key_display(binding.key), binding.description,
                             enabled))
        keys.append(("command_palette", "^p", _("Commands"), True))
        # Too wide: keys leave whole, never cut to a key with no label. Quit goes first, then the screen's
        # keys from the right; help and the palette stay, as every key is found through them, and so does the
        # way back (esc: back, cancel, or a supervisor's "Back" to "Whose call list?" on a manager's list).
        text = self._line(keys, key_style)
        while text.cell_len > self.size.width:
            drop = next((k for k in keys if k[0] == "quit"), None) or next(
                (k for k in reversed(keys) if k[0] not in _KEPT), None)
            if drop is None:
                break   # cut at the edge after all (a terminal narrower than help and the palette)
            keys.remove(drop)
            text = self._line(keys, key_style)
        return text

    @staticmethod
    def _line(keys: list[tuple[str, str, str, bool]], key_style) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        for _action, key, what, enabled in keys:
            text.append(f" {key} ", style=key_style)
            text.append(what, style="" if enabled else "dim")
            text.append(" ")
        text.rstrip()
        return text
