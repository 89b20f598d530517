"""KeyBar: the keys of the current screen on one line, drawn as text (a light stand-in for Footer,
which mounts a widget per key and restyles them every time a screen opens)."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from workbench.i18n import gettext as _


class KeyBar(Widget):
    COMPONENT_CLASSES = {"key-bar--key"}
    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $panel; color: $foreground; }
    KeyBar > .key-bar--key { color: $accent; text-style: bold; }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh())

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        text = Text(no_wrap=True, overflow="ellipsis")
        seen: set[str] = set()
        shows = getattr(self.app, "shows_action", lambda action: True)
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen or not shows(binding.action):
                continue
            seen.add(binding.action)
            text.append(f" {self.app.get_key_display(binding)} ", style=key_style)
            text.append(binding.description, style="" if enabled else "dim")
            text.append(" ")
        text.append(" ^p ", style=key_style)
        text.append(_("Commands"))
        return text
