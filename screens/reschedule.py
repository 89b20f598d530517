"""Move a follow-up, or several marked on the agenda, to a new date: a quick pick or a typed date and time, saved here
so that a refusal keeps the dialog open with its reason; it closes on a save (with the sentence saying the day and
time it moved to; for several, Together: how many moved and why each refused one was not) or escape (None).

As in the outcome form, a quick key's letter alone in the box (d, t, w, m) is its pick (picked_when), and the line
under the box says what the typed time means as it is typed (when_preview: "→ 2026-11-23 (Mon) 10:00", a weekend
day or a festival marked, or why it would be refused), a day alone with the time the follow-up keeps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
from workbench.screens.outcome_form import NO_PICK, QUICK_PICKS, WhenPreview, contact_rules, picked_when, when_preview
from workbench.text_wrap import WrappedText
from workbench.when import day_and_slot, examples


class Moved(Message):
    """The follow-up moved: the sentence that says to which day and time."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


@dataclass(frozen=True)
class Together:
    """Several follow-ups moved in one save (followups.reschedule_all): the sentence saying how many moved and to which
    day, each refused one's customer and why (one line each), and the ids moved."""

    text: str
    refused: tuple[str, ...]
    moved: tuple[str, ...]


@dataclass
class MovedTogether(Message):
    together: Together


@dataclass
class RulesRead(Message):
    """What the preview checks a new time against: the contact rules (outcome_form.contact_rules; None: they could
    not be read, the save checks), and the follow-up's channel and the time of day a day alone keeps."""

    rules: Callable[..., str | None] | None
    channel: str = "phone"
    slot: str | None = None


def new_when(typed: str) -> str:
    """The time the box holds: a quick key's letter alone (d, t, w, m) is its pick, as in the outcome form; x, which
    there books none, moves nowhere here: it is read as typed (and refused with parse_when's sentence)."""
    return typed.strip() if typed.strip().lower() == NO_PICK else picked_when(typed)


class RescheduleScreen(ModalScreen):
    CSS_PATH = "reschedule.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, title: str, followup_id: str | list[str], names: dict[str, str] | None = None) -> None:
        """followup_id: one follow-up, or several (a list) moved together, each named by its customer in names when
        it is refused."""
        super().__init__()
        self.title_text = title
        self.followup_ids = [followup_id] if isinstance(followup_id, str) else list(followup_id)
        self.followup_id = self.followup_ids[0]
        self.names = names or {}
        self.saving = False
        self.rules: RulesRead | None = None   # read once the dialog opens
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
            # What the typed time means, or why it cannot be booked: a weekend day and a refusal in the theme's warning
            # colour, readable on the dialog, as in the outcome form (Rich's yellow was 2.0-2.7:1 on a light theme's).
            yield WhenPreview("", id="reschedule-preview")
            yield Static(_("{enter} save · {cancel} cancel").format(
                enter=key_display("enter"), cancel=key_in_force(self, "cancel")), id="reschedule-keys", classes="hint")
            yield Static("", id="reschedule-status")

    def on_mount(self) -> None:
        self.query_one("#new-when", Input).focus()
        self._draw_preview()
        self.read_rules()

    @work(thread=True, exclusive=True, group="reschedule-rules")
    def read_rules(self) -> None:
        from workbench import followups

        if len(self.followup_ids) > 1:   # each customer's own rules: the save checks them, one by one
            self.post_message(RulesRead(None))
            return
        try:
            with self.app.connect() as conn:
                item = followups.get(conn, self.followup_id)
                rules = RulesRead(contact_rules(conn, item.customer_id), item.channel, item.slot)
        except Exception:   # the save still checks; the preview only says less
            rules = RulesRead(None)
        self.post_message(rules)

    def on_rules_read(self, message: RulesRead) -> None:
        self.rules = message
        self._draw_preview()

    @on(Input.Changed, "#new-when")
    def _draw_preview(self) -> None:
        """Under the box: the typed time as the save reads it, a day alone with the follow-up's own time of day."""
        from workbench.errors import WorkbenchError
        from workbench.when import parse_when

        when, now, read = new_when(self.query_one("#new-when", Input).value), self.app.now(), self.rules
        kept = False
        try:
            kept = read is not None and read.slot is not None and parse_when(when, now)[1] is None
        except WorkbenchError:
            pass   # when_preview says why
        refusal = None
        if read is not None and read.rules is not None:
            refusal = lambda due, slot: read.rules(due, slot, read.channel, kept=kept)   # noqa: E731
        preview = when_preview(f"{when} {read.slot}" if kept else when, now, refusal)
        self.query_one("#reschedule-preview", WhenPreview).update(preview)

    @on(Input.Submitted, "#new-when")
    def submitted(self, event: Input.Submitted) -> None:
        when = new_when(event.value)
        if when and not self.saving:
            self.saving = True
            self.save(when)

    @work(thread=True, exclusive=True, group="reschedule")
    def save(self, when: str) -> None:
        from workbench import followups
        from workbench.when import parse_when

        app = self.app
        now = app.now()
        if len(self.followup_ids) > 1:
            self.save_together(when, now)
            return
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
            when=day_and_slot(due_on, slot))))

    def save_together(self, when: str, now) -> None:
        """Move the follow-ups in one transaction (followups.reschedule_all); none moved keeps the dialog open, saying
        why for each, as a single refusal does."""
        from workbench import followups
        from workbench.screens.localise import ngettext
        from workbench.when import parse_when

        app = self.app
        try:
            with app.connect() as conn:
                due_on, slot = parse_when(when, now)
                moved, refused = followups.reschedule_all(conn, self.followup_ids, due_on=due_on, at=now, slot=slot,
                                                          by_id=app.staff.staff_id)
        except Exception as exc:
            self.post_message(Failed(plain_words(exc)))
            return
        # Each refused one's customer, before why (unless the sentence names them: the contact rules' does).
        said = tuple(why if (name := self.names.get(fid, fid)) in why else _("{name}: {why}").format(name=name, why=why)
                     for fid, why in refused.items())
        if not moved:
            self.post_message(Failed("\n".join(said)))
            return
        # A day alone: each keeps its time of day, so the sentence names the day; a time typed is every one's.
        text = ngettext("Moved {n} follow-up to {when}.", "Moved {n} follow-ups to {when}.", len(moved)).format(
            n=len(moved), when=day_and_slot(due_on, slot))
        self.post_message(MovedTogether(Together(text, said, tuple(moved))))

    def on_moved_together(self, message: MovedTogether) -> None:
        message.stop()
        self.dismiss(message.together)

    def on_failed(self, message: Failed) -> None:
        self.saving = False
        status = self.query_one("#reschedule-status", Static)   # in the theme's error colour, bold (app.tcss: -error)
        status.update(WrappedText(Text(message.text)))
        status.add_class("-error")
        message.stop()

    def on_moved(self, message: Moved) -> None:
        message.stop()
        self.dismiss(message.text)

    def action_cancel(self) -> None:
        if not self.saving:
            self.dismiss(None)
