"""Ask for a follow-up's new date: quick picks by letter or a typed date and time."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from workbench.screens.localise import _, localise_bindings


class RescheduleScreen(ModalScreen):
    CSS_PATH = "reschedule.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title
        localise_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="reschedule"):
            yield Static(self.title_text, classes="section-title")
            yield Static(_("+1d, +3d, next-week, next-month, YYYY-MM-DD or YYYY-MM-DDTHH:MM; enter to save"))
            yield Input(value="+1d", id="new-when")

    def on_mount(self) -> None:
        self.query_one("#new-when", Input).focus()

    @on(Input.Submitted, "#new-when")
    def submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
