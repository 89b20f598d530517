"""Ask before saving a do-not-call request, which takes the customer off every list at once."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from workbench.screens.localise import _, localise_bindings


class ConfirmDoNotCallScreen(ModalScreen[bool]):
    """One key: y saves the request; n or escape goes back to the form with nothing saved."""

    CSS_PATH = "confirm_do_not_call.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes, save", id="confirm_yes"),
        Binding("n,escape", "answer(False)", "No, back to the form", id="confirm_no"),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.customer_name = name
        localise_bindings(self)

    def compose(self) -> ComposeResult:
        # The name is customer data: put in as plain text where the translation places it, never as markup.
        before, _found, after = _("Did {name} ask never to be called again?").partition("{name}")
        question = Text(before)
        question.append(self.customer_name, style="bold")
        question.append(after)
        with Vertical(id="confirm"):
            yield Static(_("Do-not-call request"), id="confirm-title")
            yield Static(question, id="confirm-question")
            yield Static(_("Saving takes the customer off every call list at once and cancels their follow-ups."))
            yield Static(_("y yes, save · n or esc no, back to the form"), classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
