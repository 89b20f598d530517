"""The outcome form: line result and business outcome by digit, reason, note, follow-up and its channel.

The form logs a phone call: the contact's channel is phone (its line results are a call's). The
select beside the follow-up date is the follow-up's channel only, labelled so: a visit booked after a
call leaves the call a call (a call logged as a visit would not count as an attempt, nor mark a dead
number). When an SMS, WeChat or visit follow-up of the customer is due (today or overdue), the form also offers
"Contact by" that channel: a message is logged on it, replied (reached, then the outcome) or sent with no
reply (no_answer); a visit that took place is reached, then the outcome (one that did not is moved on the agenda,
not logged). Logging it closes that follow-up (the engine closes those due on the contact's own channel, replied to
or not, in the same transaction: workbench.outcomes). Phone stays the default: a call to confirm a visit before it
is a call. Other contacts are logged with `workbench log --channel`.

The preview under the follow-up box says what a typed time means, and why it would be refused: parse_when's
sentence, or the contact rules' (outside the call window, or before the rules allow a call again once this
contact is logged): followups.contact_rules_refusal, the save's own check, given what the form read when it opened,
never the database per key.

The note is a box of several lines: a note pasted from a message or an e-mail keeps all of them, as the card, the
export and the bundle do (a one-line box kept a paste's first line and dropped the rest, silently). A follow-up box
holding only one of the quick keys' letters (d, t, w, m; x: none) reads as that pick, so the hint over it holds
while typing too, after the note (the letters picked nothing there: "Cannot read the follow-up time 'w'").

Every way out of a form holding a typed note or time asks first (ask_to_discard): escape here, and ctrl+q, the
palette's Quit, "Go to: call list" and "Switch user", which the app routes through it (WorkbenchApp.leave).

ctrl+s saves in one transaction through the engine; the form says saved only after the commit. A
reached call is not saved without its business outcome, and a do-not-call request only once the
user has confirmed it. An outcome that promises a next step (interested, call back, appointment) with
no follow-up given and none pending once the contact is logged (a visit booked stays after a call) asks once; ctrl+s
again saves it as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.events import DescendantFocus, Key, Paste
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static, TextArea

from workbench.codes import (BUSINESS_OUTCOMES, CHANNELS, DORMANCY_REASONS, LINE_RESULTS, MESSAGE_CHANNELS, OTHER_RESULTS,
                             label, result_label)
from workbench.errors import plain_words
from workbench.i18n import AND, N_, join_list
from workbench.screens.confirm import ConfirmScreen, Sentence, filled, with_name
from workbench.screens.contrast import HEED, MarksReadable
from workbench.screens.glyphs import mark
from workbench.screens.localise import _, localise_bindings, ngettext
from workbench.screens.messages import DueMessages, Failed, FollowUpWanted, OutcomeSaved
from workbench.screens.widgets.key_bar import key_in_force
from workbench.text_wrap import WrappedText, in_words
from workbench.when import examples

# Typed into the follow-up field in the interface language (明天 in Chinese); parse_when reads both.
QUICK_PICKS = {"d": N_("+1d"), "t": N_("+3d"), "w": N_("next-week"), "m": N_("next-month")}
# The quick key that clears the follow-up: typed alone in the box, it books none either.
NO_PICK = "x"
# What the nothing-booked question is about: the only error about these three fields.
_FOLLOW_UP_QUESTION = ("line", "outcome", "when")
# The weekdays as the follow-up preview names them, Monday first (date.weekday()).
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def when_preview(text: str, now, refusal: Callable[[date, str | None], str | None] | None = None,
                 said: str = "") -> Text:
    """What a typed follow-up time means, as parse_when reads it at `now` (the app's clock): "→ 2026-11-21 (Sat)
    15:00", a day off (the statutory calendar's: a weekend, 初三, never a make-up Sunday, which is named a working day)
    or a festival marked; or the sentence it is refused with; then, on a line of its own, the sentence `refusal` gives
    for that day and time (the contact rules'), if any, unless the status line says something (`said`): the status
    wins the rows, for at the form's tallest both did not fit 80x24, and the refusal is back once the status goes.
    Until then, unless the status is that refusal, the time's row marks it refused (a note too long was said alone,
    and the time looked accepted). Pure: run on every keystroke."""
    from workbench import festivals
    from workbench.errors import WorkbenchError
    from workbench.when import parse_when

    if not text.strip():
        return Text()
    try:
        due, slot = parse_when(text, now)
    except WorkbenchError as refused:
        return Text() if str(refused) in said else Text(str(refused), style=HEED)
    weekday = _(WEEKDAYS[due.weekday()])
    festival = [key for day, key in festivals.festival_days(due.year) if day == due]
    working = festivals.is_working_day(due)   # the statutory calendar's: 初三 is off, a make-up Sunday worked
    if festival:
        weekday = _("{weekday}, {festival}").format(weekday=weekday, festival=festivals.names(festival))
    elif not working and due.weekday() < 5:
        weekday = _("{weekday}, day off").format(weekday=weekday)
    elif working and due.weekday() >= 5:
        weekday = _("{weekday}, a working day").format(weekday=weekday)
    template = _("{arrow} {day} ({weekday}) {time}") if slot else _("{arrow} {day} ({weekday})")
    shown = filled(template, arrow=mark("→"), day=Text(due.isoformat(), style="bold"),
                   time=Text(slot or "", style="bold"),
                   weekday=Text(weekday, style=Style(bold=True) + HEED if festival or not working else ""))
    problem = refusal(due, slot) if refusal is not None else None
    if problem and not said:
        shown.append("\n")
        shown.append(problem, style=HEED)
    elif problem and problem not in said:   # the status says another refusal: this one stays marked, on the time's row
        shown.append(" · ")
        shown.append(_("not allowed by the contact rules"), style=Style(bold=True) + HEED)
    return shown


def contact_rules(conn, customer_id: str) -> Callable[..., str | None]:
    """followups.contact_rules_refusal with the customer's branch's settings, contact state (the contacts in effect
    too, to fold in one about to be logged) and name given, read once for a preview checked on every key typed."""
    from workbench.followups import contact_rules_refusal, customer_row
    from workbench.rules import read_contact_state
    from workbench.settings import load_settings

    customer = customer_row(conn, customer_id)
    return partial(contact_rules_refusal, load_settings(conn, customer[3]),
                   read_contact_state(conn, customer[0], entries=True), customer[1] or customer[0])


def picked_when(typed: str) -> str:
    """The follow-up time a box holds: a quick key's letter alone (d, t, w, m) is its pick, x alone none; anything
    else as typed, stripped."""
    typed = typed.strip()
    if typed.lower() == NO_PICK:
        return ""
    return _(QUICK_PICKS[typed.lower()]) if typed.lower() in QUICK_PICKS else typed


class NoteBox(TextArea):
    """The note, as many lines as it is given: enter starts a new line, tab moves on. `value` and `cursor_position`
    (characters before the cursor, newlines counted), as an Input's."""

    @property
    def value(self) -> str:
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.load_text(text)

    @property
    def cursor_position(self) -> int:
        return self.document.get_index_from_location(self.cursor_location)

    def _on_paste(self, event: Paste) -> None:
        """A paste goes no further than the box (TextArea's own handler, run after this one, inserts it): TextArea lets
        it bubble on, and one sent to the box itself came back from the app, which hands a paste to the focused
        widget, and was inserted twice."""
        event.stop()


class WhenPreview(MarksReadable, Sentence):
    """What the typed follow-up time means, and why it would be refused: a weekend day and a refusal in the theme's
    warning colour, readable on the dialog (MarksReadable; a yellow of its own was 2.0-2.7:1 in the light themes).
    Grown (a refusal said by the last key typed adds its rows), it is scrolled into the form's view once laid out: the
    form scrolled for it as it was drawn, with the rows it had before, and at 60x20 the refusal stayed under the keys,
    only "→ … 21:00" on screen."""

    def on_resize(self) -> None:
        if isinstance(self.screen, OutcomeForm):
            self.screen._keep_in_view()


@dataclass
class RulesLoaded(Message):
    """The contact rules the form checks a follow-up time against: followups.contact_rules_refusal with the branch's
    settings, the customer's contact state and name given (None: they could not be read; the save checks); block: the
    words the card's title gives what forbids marketing to them (card_text.BLOCK_TITLES), or None."""

    rules: Callable[..., str | None] | None
    block: str | None = None


def taken_said(conn, logged) -> str:
    """'Saved. The customer was handed to 李明 (M002) at 11-20 10:00. The follow-up you booked is theirs.' for a
    contact logged on a customer a supervisor took from the caller meanwhile (outcomes.taken_facts)."""
    from workbench.outcomes import taken_facts

    facts = taken_facts(conn, logged)
    when = f"{facts.at:%m-%d %H:%M}"
    if facts.manager_id is None:
        saved = _("Saved. The customer was put in the unassigned pool at {when}.").format(when=when)
    else:
        saved = _("Saved. The customer was handed to {name} ({to}) at {when}.").format(
            name=facts.manager_name, to=facts.manager_id, when=when)
    if facts.owner_id is None:
        return saved
    if facts.owner_id == facts.manager_id:
        then = _("The follow-up you booked is theirs.")
    elif facts.manager_id is None and facts.owner_id == logged.taken.by_id:
        then = _("The follow-up you booked went to {name}, who put them there.").format(name=facts.owner_name)
    else:   # their new manager has left since: log_outcome kept it with the caller
        then = _("The follow-up you booked stays yours.")
    return _("{sentence} {next}").format(sentence=saved, next=then)


def saved_said(conn, logged) -> str:
    """What a save did besides saving, said with it ('' when nothing): whose a customer taken meanwhile is now
    (taken_said), and the next steps booked before that the follow-up booked settled, now cancelled, as `log`'s note
    names them (outcomes.settled_names): 'Saved. The follow-up booked replaces one booked before, now cancelled:
    2026-11-16 10:00 Interested (张晓燕).'"""
    from workbench.outcomes import settled_names

    said = taken_said(conn, logged) if logged.taken is not None else ""
    if not logged.superseded:
        return said
    names = settled_names(conn, logged)
    replaced = ngettext("The follow-up booked replaces one booked before, now cancelled: {items}.",
                        "The follow-up booked replaces {n} booked before, now cancelled: {items}.",
                        len(names)).format(n=len(names), items=join_list(names))
    return _("{sentence} {next}").format(sentence=said or _("Saved."), next=replaced)


@dataclass
class SavedOutcome:
    customer_id: str
    outcome_id: str
    followup_id: str | None


class OutcomeForm(ModalScreen):
    CSS_PATH = "outcome_form.tcss"
    COMPONENT_CLASSES = {"outcome-form--block"}   # what forbids marketing to the customer, after the title
    AUTO_FOCUS = ""   # never focus a text box by itself (e.g. when the terminal regains focus): digits pick codes
    BINDINGS = [
        # Not a priority binding: one would run ahead of a digit typed just before it, and save without it.
        Binding("ctrl+s", "save", "Save", id="save"),
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("backspace", "back_step", "Change result", id="back_step", show=False),
    ]

    def __init__(self, customer_id: str, name: str, *, script_id: str | None = None) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.customer_name = name
        self.script_id = script_id
        self.line_result: str | None = None
        self.business_outcome: str | None = None
        self.channel = "phone"   # the contact's: another only when a follow-up on it is due (see DueMessages)
        self.due_messages: list = []   # the customer's SMS and WeChat follow-ups due by today, as loaded
        self.asked_outcome = False   # a save was refused for want of the outcome: the column stays marked
        self.saving = False
        self.error: tuple[dict, tuple] | None = None   # the error shown: the form's values then, the fields it is about
        self.status_text = ""   # what the status line says
        self.rules: Callable[..., str | None] | None = None   # read when the form opens (load_rules)
        self._replace_when = False   # the follow-up box is focused by a refusal of its quick pick: select the pick
        self._discard_then: Callable[[], object] | None = None   # what a yes to the discard question on screen does
        localise_bindings(self)

    def compose(self) -> ComposeResult:
        # Scrolls when the terminal is too short for it (60x20): the field in focus and its refusal are kept in view.
        with VerticalScroll(id="form", can_focus=False):
            with Horizontal(id="title-row"):
                yield Static(self._title(), id="form-title")
                # Shown only when an SMS, WeChat or visit follow-up is due: the contact may be that one.
                yield Static(_("Contact by"), id="contact-channel-label", classes="-message")
                yield Select([(label("phone"), "phone")], value="phone", allow_blank=False, id="contact-channel",
                             compact=True, classes="-message")
            yield Static("", id="due-messages", classes="-message")
            with Horizontal(id="codes"):
                yield Static("", id="lines")
                yield Static("", id="outcomes")
            yield Select([(label(c), c) for c in DORMANCY_REASONS], prompt=_("Dormancy reason (optional)"), id="reason",
                         compact=True)
            # No length limit in the box: it would cut a long paste silently; the count says when it is too long.
            yield NoteBox(placeholder=_("Note"), id="note", compact=True, highlight_cursor_line=False)
            yield Static("", id="note-count")
            yield Static(_("Follow-up: d +1 day · t +3 days · w next week · m next month · x none"), id="when-hint",
                         classes="hint")
            with Horizontal(id="when-row"):
                # Examples short enough to show whole in the box at 80 columns (tests/test_tui_outcome_form.py); the
                # date is a week on, so typing it is never refused as past.
                yield Input(placeholder=self._when_examples()[0], id="when", compact=True, select_on_focus=False)
                yield Static(_("Follow-up by"), id="follow-up-channel-label")
                yield Select([(label(c), c) for c in CHANNELS], value="phone", allow_blank=False,
                             id="follow-up-channel", compact=True)
            yield WhenPreview("", id="when-preview")   # what the typed time means, or why it cannot be booked
            yield Static(" · ".join(f"{key_in_force(self, b.id)} {_(b.description)}" for b in self.BINDINGS),
                         id="keys-hint", classes="hint")
            yield Sentence("", id="form-status")

    def _when_examples(self) -> tuple[str, str]:
        """The follow-up box's placeholder, and a shorter one for a box too narrow for its date."""
        return (_("+1d, +3d, next-week, {month}/{day} 10:00").format_map(examples(self.app.now())),
                _("+1d, +3d, next-week"))

    def on_resize(self) -> None:
        # A date cut mid-way reads as another day ("11月2" for 11月28日): a box too narrow for it gives none.
        box = self.query_one("#when", Input)
        whole, short = self._when_examples()
        box.placeholder = whole if cell_len(whole) <= box.content_region.width else short

    def on_mount(self) -> None:
        self._draw_codes()
        self.set_focus(None)   # digits pick codes first; tab moves into the fields
        for select in self.query_one("#reason", Select), self.query_one("#follow-up-channel", Select):
            self._open_upward(select)
        self.load_due_messages(self.app.today())
        self.load_rules()

    def _title(self) -> Text:
        """'Log outcome · 李娜': the name is data, as plain text."""
        return Text(_("Log outcome") + " · ").append(self.customer_name)

    @work(thread=True, exclusive=True, group="contact-rules")
    def load_rules(self) -> None:
        """What the preview checks a follow-up time against, read once: not per key typed. The contacts in effect
        come too, to fold in the one this form logs as log_outcome does before it books; and whether the customer may
        be marketed to, for the title to say it (a visit, or a contact they start, is still logged here; the save
        refuses what the rules do not allow)."""
        from workbench.followups import marketing_block
        from workbench.screens.card_text import BLOCK_TITLES

        try:
            with self.app.connect() as conn:
                rules = contact_rules(conn, self.customer_id)
                block = BLOCK_TITLES.get(marketing_block(conn, self.customer_id))
        except Exception:   # the save still checks the rules; the preview and the title only say less
            self.post_message(RulesLoaded(None))
            return
        self.post_message(RulesLoaded(rules, _(block) if block else None))

    def on_rules_loaded(self, message: RulesLoaded) -> None:
        self.rules = message.rules
        if message.block:
            self.query_one("#form-title", Static).update(self._title().append(
                "  " + message.block, style=self.get_component_rich_style("outcome-form--block", partial=True)))
        self._draw_preview()

    def _draw_preview(self) -> None:
        """Under the follow-up box: what the typed time means and whether it can be booked, with the form as it is
        (the contact's result, the follow-up's channel)."""
        typed = self.query_one("#when", Input).value
        if typed.strip().lower() == NO_PICK:
            preview = Text(_("{arrow} no follow-up").format(arrow=mark("→")))
        else:
            preview = when_preview(picked_when(typed), self.app.now(), self._refusal(),
                                   said=self.status_text if self.error else "")
        self.query_one("#when-preview", WhenPreview).update(preview)
        self._keep_in_view()

    def _refusal(self) -> Callable[[date, str | None], str | None] | None:
        """The contact rules' refusal of a follow-up day and time, with the form as it is (the contact's result,
        the follow-up's channel); None until the rules are read."""
        from workbench.rules import Entry

        contact = Entry(self.app.now(), self.channel, self.line_result, self.business_outcome) if self.line_result else None
        channel, rules = self.query_one("#follow-up-channel", Select).value, self.rules
        return None if rules is None else (lambda due, slot: rules(due, slot, channel, contact=contact))

    @work(thread=True, exclusive=True, group="due-messages")
    def load_due_messages(self, today) -> None:
        """The customer's SMS, WeChat and visit follow-ups due by today, which the form offers to log on their
        channel: not a notice of a campaign over (campaigns.live_sql), which is no longer to be sent and waits on the
        agenda to be cancelled."""
        from workbench.followups import open_for_customer

        try:
            with self.app.connect() as conn:
                due = [f for f in open_for_customer(conn, self.customer_id)
                       if f.channel in OTHER_RESULTS and f.due_on <= today and not f.campaign_over(today)]
        except Exception as exc:   # the call is still logged as one; say why nothing else is offered
            self.post_message(DueMessages([], problem=plain_words(exc)))
            return
        self.post_message(DueMessages(due))

    def on_due_messages(self, message: DueMessages) -> None:
        self.due_messages = message.followups
        if message.problem:
            self.query_one("#due-messages", Static).update(Text(message.problem))
            self.query_one("#due-messages", Static).display = True
            return
        channels = [c for c in OTHER_RESULTS if any(f.channel == c for f in message.followups)]
        if not channels:
            return
        self.query_one("#contact-channel", Select).set_options([(label(c), c) for c in ("phone", *channels)])
        self.query_one("#contact-channel", Select).value = self.channel
        for widget in self.query(".-message"):
            widget.display = True
        self._draw_due_messages()

    def _draw_due_messages(self) -> None:
        """Under the title: which message is due, and how to log it (or that saving closes it)."""
        lines = []
        for f in self.due_messages:
            about = {"channel": label(f.channel), "purpose": f.purpose_text() or f.due_on.isoformat()}
            if f.channel == self.channel == "visit":
                lines.append(_("Saving logs the visit and closes the follow-up due ({purpose}).").format(**about))
            elif f.channel == self.channel:
                lines.append(_("Saving logs this {channel} and closes the follow-up due ({purpose}).").format(**about))
            else:
                lines.append(_("{channel} due ({purpose}): to log it, set Contact by to {channel}.").format(**about))
        # Broken as Chinese is typeset: a closing mark (。”）) never starts a line of its own.
        self.query_one("#due-messages", Static).update(WrappedText(Text("\n".join(lines)), words=in_words()))

    def _line_codes(self) -> tuple[str, ...]:
        """The line results the digits pick, for the contact's channel."""
        return tuple(OTHER_RESULTS.get(self.channel, LINE_RESULTS))

    @staticmethod
    def _open_upward(select: Select) -> None:
        """Open the select's list above it, over the codes, all of it inside the dialog: Textual opens it below,
        and beneath the reason and the follow-up channel there is less room than their lists need (they drew
        over the dialog's edge and the card behind, at any terminal size)."""
        overlay = select.query_one("SelectOverlay")   # Textual's list widget (not exported): by its type's name
        height = overlay.option_count + overlay.styles.gutter.height   # every option, and its border
        overlay.styles.max_height = height
        overlay.styles.offset = (0, -(height + 1))   # from below the select's row (compact: one line) to above it

    def _draw_codes(self) -> None:
        results = OTHER_RESULTS.get(self.channel)
        title = _("{channel} result").format(channel=label(self.channel)) if results else _("Line result")
        lines = Text(title + "\n", style="bold")
        for n, code in enumerate(self._line_codes(), 1):
            chosen = code == self.line_result
            lines.append(f"{n} ", style="bold reverse" if chosen else "bold")
            lines.append(result_label(code, self.channel) + "\n", style="reverse" if chosen else "")
        heading = (_("Outcome (after the visit)") if self.channel == "visit" else
                   _("Outcome (when they replied)") if results else _("Outcome (when reached)"))
        outcomes = Text(heading + "\n", style="bold")
        active = self.line_result == "reached"
        for n, code in enumerate(BUSINESS_OUTCOMES, 1):
            chosen = code == self.business_outcome
            style = "reverse" if chosen else ("" if active else "dim")
            outcomes.append(f"{n} ", style="bold " + style)
            outcomes.append(label(code) + "\n", style=style)
        lines.rstrip()
        outcomes.rstrip()
        self.query_one("#lines", Static).update(lines)
        self.query_one("#outcomes", Static).update(outcomes)
        self.query_one("#outcomes", Static).set_class(
            self.asked_outcome and active and self.business_outcome is None, "-missing")

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        """A text box is entered with its cursor at the end of its text, to go on typing there (after a quick pick
        too: its value set, the cursor stayed where it was); the follow-up box sent to by a refusal of its quick
        pick, with that pick selected, so the day typed next replaces it."""
        if isinstance(event.widget, Input) and self._replace_when and event.widget.id == "when":
            self._replace_when = False
            event.widget.select_all()
        elif isinstance(event.widget, Input):
            event.widget.cursor_position = len(event.widget.value)
        elif isinstance(event.widget, TextArea):
            event.widget.move_cursor(event.widget.document.end)
        self._keep_in_view()

    def _keep_in_view(self) -> None:
        """Once laid out, the field in focus and what is said about it (the follow-up's preview, the note's count,
        the status) scrolled into the form's view, the field first: on a short terminal the form scrolls, and the
        follow-up box and its refusal were below its edge."""
        def scroll() -> None:
            form, focused = self.query_one("#form", VerticalScroll), self.focused
            said = [self.query_one("#form-status")]
            if focused is not None and focused.id == "when":
                said.insert(0, self.query_one("#when-preview"))
            elif focused is not None and focused.id == "note":
                said.insert(0, self.query_one("#note-count"))
            for widget in [w for w in said if w.display] + ([focused] if focused is not None else []):
                form.scroll_to_widget(widget, animate=False, immediate=True)

        self.call_after_refresh(scroll)

    def on_key(self, event: Key) -> None:
        """Digits pick codes and letters pick follow-ups, unless the user is typing in a text box."""
        if isinstance(self.focused, (Input, TextArea)):
            return
        key = event.character or ""
        if key.isdigit() and self._codes_picked():
            # The codes are picked: a digit starts the follow-up time ("24号", "11月24日"), never re-picks the outcome
            # unseen (⌫ takes it back to pick another); the box takes this digit and, holding the focus, the rest.
            box = self.query_one("#when", Input)
            box.value += key
            box.focus()
            event.stop()
        elif key.isdigit() and key != "0":
            n = int(key)
            if self.line_result is None and n <= len(self._line_codes()):
                self.line_result = self._line_codes()[n - 1]
            elif self.line_result == "reached" and n <= len(BUSINESS_OUTCOMES):
                self.business_outcome = list(BUSINESS_OUTCOMES)[n - 1]
            else:
                return
            self._draw_codes()
            self._recheck()
            event.stop()
        elif key in QUICK_PICKS:
            self.query_one("#when", Input).value = _(QUICK_PICKS[key])
            event.stop()
        elif key == "x":
            self.query_one("#when", Input).value = ""
            event.stop()

    def _codes_picked(self) -> bool:
        """Whether the contact's result is picked, and for one that reached the customer, the outcome too."""
        return self.line_result is not None and (self.line_result != "reached" or self.business_outcome is not None)

    def action_back_step(self) -> None:
        if self.business_outcome is not None:
            self.business_outcome = None
        else:
            self.line_result = None
        self._draw_codes()
        self._recheck()

    def action_cancel(self) -> None:
        """Close the form; once something is typed in it (a note, a follow-up time), only after asking."""
        self.ask_to_discard(lambda: self.dismiss(None))

    def typed(self) -> list[str]:
        """What closing the form would lose, named for the question (nothing: it may close at once)."""
        return [_(what) for what, value in ((N_("the note"), self.query_one("#note", NoteBox).value),
                                            (N_("the follow-up time"), picked_when(self.query_one("#when", Input).value)))
                if value.strip()]

    def ask_to_discard(self, then: Callable[[], object]) -> None:
        """Run `then` (close the form, go to the list, quit…) at once if nothing is typed, else once the user has said
        yes to losing it; no goes back to the form as it was. Asked again while the question is up (ctrl+q over
        it), the question stays and yes runs the newer `then`. Nothing while a save is under way, as escape: the form
        closes itself once saved (it would have closed the question instead)."""
        if self.saving:
            return
        typed = self.typed()
        if not typed:
            then()
            return
        if self._discard_then is not None:
            self._discard_then = then
            return
        self._discard_then = then
        self.app.push_screen(ConfirmScreen(
            _("Discard the outcome"), with_name(_("Close the form for {name} without saving it?"), self.customer_name),
            _("What you typed ({typed}) is lost; nothing is logged.").format(
                typed=join_list(typed, last=AND)),
            _("{yes} yes, discard · {no} no, back to the form")), self._after_discard)

    def _after_discard(self, discard: bool | None) -> None:
        then, self._discard_then = self._discard_then, None
        if discard and then is not None:
            then()

    def action_save(self) -> None:
        if self.saving:
            return
        message, visit = self.channel in MESSAGE_CHANNELS, self.channel == "visit"
        if self.line_result is None:
            self._status(_("Pick the result of the visit first (digit 1).") if visit else
                         _("Pick the result of the {channel} first (digits 1-2).").format(channel=label(self.channel))
                         if message else _("Pick the line result first (digits 1-7)."), error=True, about=("line",))
            return
        if self.line_result == "reached" and self.business_outcome is None:
            self.asked_outcome = True
            self.set_focus(None)   # out of any text box, so the next digit picks the outcome
            self._draw_codes()
            self._status(_("The visit took place: pick the outcome (digits 1-7) before saving.") if visit else
                         _("The customer replied: pick the outcome (digits 1-7) before saving.") if message else
                         _("The customer was reached: pick the outcome (digits 1-7) before saving."), error=True,
                         about=("line", "outcome"))
            return
        if self._note_too_long():
            return
        if self.business_outcome == "do_not_call":
            from workbench.screens.confirm_do_not_call import ConfirmDoNotCallScreen

            self.app.push_screen(ConfirmDoNotCallScreen(self.customer_name), self._after_confirm)
            return
        self._start_save()

    def _note_too_long(self) -> bool:
        """A note longer than the engine keeps is refused here, whole, so the user can shorten it."""
        from workbench.outcomes import MAX_NOTE

        note = self.query_one("#note", NoteBox).value
        if len(note) <= MAX_NOTE:
            return False
        self._status(_("Not saved: {error}").format(error=_("The note has {n} characters; the most is {max}.").format(
            n=f"{len(note):,}", max=f"{MAX_NOTE:,}")), error=True, about=("note",))
        return True

    def _after_confirm(self, yes: bool | None) -> None:
        if yes:
            self._start_save()
        else:
            self._status(_("Do-not-call not confirmed; nothing was saved."), error=True)

    def _start_save(self) -> None:
        reason = self.query_one("#reason", Select).value
        ask_follow_up = not self.asked_follow_up   # read before "Saving…" puts the question away
        self.saving = True
        self._status(_("Saving{ellipsis}").format(ellipsis=mark("…")))
        self.save(
            line_result=self.line_result,
            business_outcome=self.business_outcome,
            reason=None if reason is Select.NULL else reason,
            note=self.query_one("#note", NoteBox).value,
            when=picked_when(self.query_one("#when", Input).value),
            follow_up_channel=self.query_one("#follow-up-channel", Select).value,
            ask_follow_up=ask_follow_up,
            channel=self.channel,
        )

    @work(thread=True, exclusive=True, group="save")
    def save(self, *, line_result, business_outcome, reason, note, when, follow_up_channel,
             ask_follow_up=False, channel="phone") -> None:
        from workbench.when import parse_when
        from workbench.outcomes import FollowUpRequest, log_outcome, nothing_booked

        app = self.app
        now = app.now()
        try:
            with app.connect() as conn:
                follow_up = None
                if when:
                    due_on, slot = parse_when(when, now)
                    follow_up = FollowUpRequest(due_on=due_on, slot=slot, channel=follow_up_channel)
                elif ask_follow_up and nothing_booked(conn, self.customer_id, business_outcome, now.date(), channel):
                    self.post_message(FollowUpWanted(business_outcome))
                    return
                # One transaction: the contact, and the follow-ups it keeps (a message sent keeps its own, replied to
                # or not: log_outcome closes them).
                logged = log_outcome(
                    conn, customer_id=self.customer_id, manager_id=app.staff.staff_id, line_result=line_result,
                    at=now, business_outcome=business_outcome, reason=reason, note=note, channel=channel,
                    # The card's script is a call's: a message read none out.
                    script_id=self.script_id if channel == "phone" else None, follow_up=follow_up,
                )
                said = saved_said(conn, logged)
        except Exception as exc:   # WorkbenchError is one sentence; anything else still must not lose the form
            self.post_message(Failed(plain_words(exc)))
            return
        self.post_message(OutcomeSaved(self.customer_id, logged.outcome_id, logged.followup_id, said))

    def on_follow_up_wanted(self, message: FollowUpWanted) -> None:
        self.saving = False
        self._status(_("{outcome}, and nothing is booked: pick a follow-up (d, t, w, m), or press {save} again to save"
                       " without one.").format(outcome=label(message.outcome), save=key_in_force(self, "save")),
                     error=True, about=_FOLLOW_UP_QUESTION)

    def on_failed(self, message: Failed) -> None:
        self.saving = False
        self._status(_("Not saved: {error}").format(error=message.text), error=True)
        box = self.query_one("#when", Input)
        if self.focused is not box and self._when_refused():
            # The refusal is about the follow-up: the box takes the day it asks for, a quick pick's word replaced.
            self._replace_when = box.value.strip() in {_(pick) for pick in QUICK_PICKS.values()}
            box.focus()

    def _when_refused(self) -> bool:
        """Whether the follow-up time in the box is one the preview refuses: unreadable, or against the contact
        rules (as the save refuses it)."""
        from workbench.errors import WorkbenchError
        from workbench.when import parse_when

        when, refusal = picked_when(self.query_one("#when", Input).value), self._refusal()
        if not when:
            return False
        try:
            due, slot = parse_when(when, self.app.now())
        except WorkbenchError:
            return True
        return refusal is not None and refusal(due, slot) is not None

    def on_outcome_saved(self, message: OutcomeSaved) -> None:
        self._status(_("Saved."))
        # A customer taken meanwhile, a booking that settled what was booked before: the manager learns what changed.
        self.app.notify(message.said or _("Saved."), timeout=8 if message.said else 2)
        self.dismiss(SavedOutcome(message.customer_id, message.outcome_id, message.followup_id))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._recheck()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._count_note(event.text_area.text)
        self._recheck(preview=False)   # the note does not feed the preview
        self._keep_in_view()   # the count, once shown, and the lines a paste added

    def _count_note(self, note: str) -> None:
        """How long the note is against the most a note may be: shown once it is near, red beyond."""
        from workbench.outcomes import MAX_NOTE

        count = self.query_one("#note-count", Static)
        count.display = len(note) > MAX_NOTE * 0.8
        count.set_class(len(note) > MAX_NOTE, "-error")
        if len(note) > MAX_NOTE:
            count.update(Text(_("{n} of {max} characters: {over} too many").format(
                n=f"{len(note):,}", max=f"{MAX_NOTE:,}", over=f"{len(note) - MAX_NOTE:,}")))
        else:
            count.update(Text(_("{n} of {max} characters").format(n=f"{len(note):,}", max=f"{MAX_NOTE:,}")))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "contact-channel" and event.value != self.channel:
            self.channel = event.value
            if self.line_result not in self._line_codes():   # busy, switched off…: a call's only
                self.line_result = self.business_outcome = None
            self._draw_codes()
            self._draw_due_messages()
        self._recheck(preview=event.select.id != "reason")   # nor does the dormancy reason

    def _values(self) -> dict:
        """What a save reads from the form, by field."""
        return {"line": self.line_result, "outcome": self.business_outcome,
                "reason": self.query_one("#reason", Select).value, "note": self.query_one("#note", NoteBox).value,
                "when": picked_when(self.query_one("#when", Input).value),
                "follow_up_channel": self.query_one("#follow-up-channel", Select).value, "channel": self.channel}

    def _status(self, text: str, error: bool = False, about: tuple = ()) -> None:
        """Show a status line; an error is about some fields (none named: anything a save reads). In the theme's
        error or success colour, bold (app.tcss: -error, -done), which reads at 4.5:1 on the dialog in every theme."""
        self.error = (self._values(), about) if error else None
        self.status_text = text
        status = self.query_one("#form-status", Sentence)
        status.update(Text(text))
        status.set_class(error, "-error")
        status.set_class(not error, "-done")
        status.set_class(bool(text), "-said")   # no empty row kept for it: the form is tight at 80x24
        self._draw_preview()   # a refusal the status now says, the preview no longer repeats

    @property
    def asked_follow_up(self) -> bool:
        """Whether the nothing-booked question is on the form, so the next ctrl+s saves without a follow-up; any
        other line, or a change to what it was about, takes it away and it is asked again."""
        return self.error is not None and self.error[1] == _FOLLOW_UP_QUESTION

    def _recheck(self, preview: bool = True) -> None:
        """An error goes once the user changes what it was about: it described the form as it was. The preview is
        drawn again when what it shows may have changed (preview: the time, its channel, the contact's result), or
        the status."""
        if self.error is not None:
            then, about = self.error
            now = self._values()
            if any(then[field] != now[field] for field in about or now):
                self._status("")   # which draws the preview
                return
        if preview:
            self._draw_preview()
