"""Move a follow-up to a new date: a quick pick or a typed date and time, saved here so that a refusal keeps the
dialog open with its reason; it closes on a save (with the sentence saying the day and time it moved to) or
escape (None)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from workbench.errors import plain_words
from workbench.screens.localise import _, localise_bindings
from workbench.screens.widgets.key_bar import key_display, key_in_force
from workbench.screens.messages import Failed
from workbench.screens.outcome_form import QUICK_PICKS
from workbench.text_wrap import WrappedText
from workbench.when import examples


class Moved(Message):
    """The follow-up moved: the sentence that says to which day and time."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class RescheduleScreen(ModalScreen):
    CSS_PATH = "reschedule.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, title: str, followup_id: str) -> None:
        super().__init__()
        self.title_text = title
        self.followup_id = followup_id
        self.saving = False
        localise_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="reschedule"):
            yield Static(Text(self.title_text), classes="section-title")   # a customer's name, never markup
            # One line each at 80 columns in both languages, so no example (“明天 全天”) is split over two: the
            # breakers (Rich's, and text_wrap's) may break at the space inside it (tests/test_tui_follow_up_times.py).
            # The example date is a week on, so typing it is never refused as past.
            yield Static(_("+1d, +3d, next-week, friday, {month}/{day}, {date} 10:00").format_map(
                examples(self.app.now())))
            # A day alone keeps the time of day, so how to drop it is said where it is typed.
            yield Static(_("A day alone keeps the follow-up's time."))
            yield Static(_("To drop the time, add 'all day': 'tomorrow all day'."))
            yield Input(value=_(QUICK_PICKS["d"]), id="new-when")
            yield Static(_("{enter} save · {cancel} cancel").format(
                enter=key_display("enter"), cancel=key_in_force(self, "cancel")), id="reschedule-keys", classes="hint")
            yield Static("", id="reschedule-status")

    def on_mount(self) -> None:
        self.query_one("#new-when", Input).focus()

    @on(Input.Submitted, "#new-when")
    def submitted(self, event: Input.Submitted) -> None:
        if event.value.strip() and not self.saving:
            self.saving = True
            self.save(event.value.strip())

    @work(thread=True, exclusive=True, group="reschedule")
    def save(self, when: str) -> None:
        from workbench import followups
        from workbench.when import parse_when

        app = self.app
        now = app.now()
        try:
            with app.connect() as conn:
                due_on, slot = parse_when(when, now)
                # A day alone keeps the follow-up's time of day: the sentence says the day and time it ended on.
                due_on, slot = followups.reschedule(conn, self.followup_id, due_on=due_on, at=now, slot=slot,
                                                    by_id=app.staff.staff_id)
        except Exception as exc:   # WorkbenchError is one sentence; anything else still must not lose what was typed
            self.post_message(Failed(plain_words(exc)))
            return
        self.post_message(Moved(_("Follow-up moved to {when}.").format(
            when=due_on.isoformat() + (f" {slot}" if slot else ""))))

    def on_failed(self, message: Failed) -> None:
        self.saving = False
        self.query_one("#reschedule-status", Static).update(WrappedText(Text(message.text, style="bold red")))
        message.stop()

    def on_moved(self, message: Moved) -> None:
        message.stop()
        self.dismiss(message.text)

    def action_cancel(self) -> None:
        if not self.saving:
            self.dismiss(None)
