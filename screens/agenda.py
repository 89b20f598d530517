"""The follow-up agenda: overdue, today, this week (and later), then the suggested care touches;
reschedule or complete a follow-up, or accept a suggestion as one, from here."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual import work
from textual.message import Message
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement

from workbench.codes import CHANNELS, MESSAGE_CHANNELS, label
from workbench.errors import plain_words
from workbench.followups import campaign_over_note, inactive_note, number_problem_note, rest_note
from workbench.keymap import SCREENS
from workbench.leads import LEAD
from workbench.screens.widgets.key_bar import KeyBar, key_in_force
from workbench.screens.widgets.row_list import RowList
from workbench.screens.card_text import title_line
from workbench.screens.contrast import HEED, WARNING, WarningsReadable
from workbench.dates import short_date
from workbench.screens.widgets.columns import fit
from workbench.screens.widgets.hanging_text import HANG_MIN, HangingText
from workbench.screens.widgets.status_text import StatusText
from workbench.screens.localise import _, localise_bindings, ngettext
from workbench.screens.messages import (AgendaLoaded, Failed, FollowUpChanged, SuggestionAccepted,
                                        SuggestionsAccepted)
from workbench.text_wrap import ASIDE_OPENS, CLAUSE_ENDS, line_starts, shown_name, wrap

SECTIONS = (("overdue", "Overdue"), ("today", "Today"), ("this_week", "This week"), ("later", "Later"),
            ("campaign_over", "Campaign over"))
NAME_CELLS = 12   # names line up; a longer one is cut with an ellipsis
MARKED = "● "     # a marked follow-up's row starts with it, where another's has two spaces (a plain console: "o ")
STATUS_LINES = 3  # the status line's rows (agenda.tcss: max-height)
PAGE = 200        # a section's rows drawn at first, and each time its "more" row is opened (AgendaScreen._page)
MORE = "more-"    # the "more" row's id: MORE + the section's key


class FollowUpRow:
    """A follow-up's row, hanging as HangingText: its purpose, then its notes (number unusable, resting until),
    each note kept whole: one the end of a line would split ("号" / "码不可用") starts the next line, as the card's
    script heading moves its hint; one too long for any line breaks after its clauses, the first of them still
    where the line ends if it fits there."""

    def __init__(self, prefix: Text, pieces: list[Text]) -> None:
        self.prefix, self.pieces = prefix, pieces

    def _tail(self, width: int | None) -> Text:
        """The pieces two spaces apart, at `width` cells (None: on one line) with each note laid out as above."""
        tail = Text()
        for piece in self.pieces:
            if not tail or width is None:
                tail.append_text(Text("  ") + piece if tail else piece)
                continue
            room = width - wrap(tail, width)[-1].cell_len - 2
            if piece.cell_len <= room:
                tail.append_text(Text("  ") + piece)
                continue
            plain = piece.plain   # too long for a line of its own too: it may start after a clause that fits here
            first = (line_starts(plain, room, clauses=True) or [0])[0] if room > 0 and piece.cell_len > width else 0
            head = plain[:first].rstrip()
            if head and (head[-1] in CLAUSE_ENDS or plain[first] in ASIDE_OPENS) and cell_len(head) <= room:
                tail.append_text(Text("  ") + piece[:len(head)])   # a whole clause fits where the line ends
                piece = piece[first:]
            tail.append("\n")
            tail.append_text(Text("\n").join(wrap(piece, width, clauses=True)))
        return tail

    @property
    def plain(self) -> str:
        return self.prefix.plain + self._tail(None).plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width - self.prefix.cell_len
        yield HangingText(self.prefix, self._tail(width if width >= HANG_MIN else None))   # else it does not hang

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, HangingText(self.prefix, self._tail(None)))


class AgendaList(WarningsReadable, RowList):
    """The agenda's rows: an overdue date or an unusable number stays readable on the highlighted row too."""


class KeptRow:
    """An agenda row drawn once for each width and kept: a follow-up marked or unmarked gets a new prompt, and the
    option list then measures every row again (OptionList.replace_option_prompt: each rendered anew, some 0.3 s a key
    on an agenda of 2,000 follow-ups, 600 rows drawn), all but that one as they were."""

    def __init__(self, row) -> None:
        self.row = row
        self._drawn: dict[tuple, list] = {}

    @property
    def plain(self) -> str:
        return self.row.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        key = (options.max_width, options.justify, options.overflow, options.no_wrap)
        if (lines := self._drawn.get(key)) is None:
            lines = self._drawn[key] = list(console.render(self.row, options))
        yield from lines

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.row)


def suggestion_key(suggestion, taken) -> str:
    """The suggestion's row id: its kind, customer, day and campaign, so a highlight stays on it when the agenda is read
    again ("suggestion-birthday-C0004-2026-11-23"); a second alike (never expected) is numbered."""
    key = "-".join(["suggestion", suggestion.kind, suggestion.customer_id, suggestion.due_on.isoformat(),
                    *([suggestion.campaign_title] if suggestion.campaign_title else [])])
    candidate, n = key, 1
    while candidate in taken:
        n += 1
        candidate = f"{key}-{n}"
    return candidate


def customers_of(items) -> frozenset[str]:
    """The customers of these follow-ups or suggestions."""
    return frozenset(item.customer_id for item in items)


@dataclass
class FollowUpsCancelled(Message):
    """The notices of a campaign that has ended, cancelled (AgendaScreen.cancel_notices): how many."""

    cancelled: int
    customers: frozenset[str] = frozenset()   # theirs, read again wherever shown


@dataclass
class SentMarked(Message):
    """A batch of messages sent outside the workbench, marked done (AgendaScreen.action_complete_all): how many, and the
    campaign notices among them left open because their product does not suit their customer (followups.complete_sent)."""

    done: int
    unsuited: list[str]
    customers: frozenset[str] = frozenset()   # theirs, read again wherever shown


class AgendaScreen(Screen):
    CSS_PATH = "agenda.tcss"
    BINDINGS = [
        Binding("enter", "open", "Open", id="open"),
        Binding("r", "reschedule", "Reschedule", id="reschedule"),
        Binding("c", "complete", "Complete", id="complete"),
        Binding("C", "complete_all", "Complete all", id="complete_all", show=False),   # in help (?); the bar stays short
        Binding("a", "accept", "Accept", id="accept"),
        Binding("A", "accept_all", "Accept all", id="accept_all", show=False),
        Binding("space", "mark", "Mark", id="mark"),   # then r moves the marked together
        Binding("escape", "back", "Back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, object] = {}   # every follow-up and suggestion read, shown or not, by row id
        self.sections: dict[str, list[str]] = {}   # each section's row ids, in order
        self.shown: dict[str, int] = {}   # how many rows of a section are drawn, when more than PAGE
        self.marked: set[str] = set()   # the follow-ups marked to be moved together (action_mark), by id
        self.section_of: dict[str, str] = {}   # each follow-up's section, by id
        self.widths = (0, 0)   # the day's and the channel's columns, in cells, as drawn last
        self.loaded: AgendaLoaded | None = None
        self.after_move: list[str] | None = None   # the rows to keep the highlight on once moved ones are read again
        localise_bindings(self)

    def compose(self) -> ComposeResult:
        yield Static("", id="agenda-title", classes="title-bar")
        yield AgendaList(id="agenda")
        yield Static("", id="agenda-status", classes="status-line")
        yield KeyBar()

    def on_mount(self) -> None:
        title = title_line(_("Follow-up agenda"), self.app.owner.name, self.app.today().isoformat())
        self.query_one("#agenda-title", Static).update(title)
        self.query_one("#agenda", OptionList).focus()
        self.load_agenda()

    @work(thread=True, exclusive=True, group="agenda")
    def load_agenda(self, refusal: str | None = None) -> None:
        """Read the agenda and the care suggestions; `refusal`, if given, is shown once the list is redrawn."""
        from workbench.followups import agenda, care_suggestions

        app = self.app
        try:
            with app.connect() as conn:
                result = agenda(conn, app.owner.staff_id, app.today())
                suggestions = care_suggestions(conn, app.owner.staff_id, app.today())
        except Exception as exc:
            self.post_message(Failed(plain_words(exc)))
            return
        self.post_message(AgendaLoaded(result, suggestions=suggestions))
        if refusal:
            self.post_message(Failed(refusal))

    def on_agenda_loaded(self, message: AgendaLoaded) -> None:
        self.loaded = message
        anchor, self.after_move = self.after_move, None
        self._draw(anchor)

    def _draw(self, anchor: list[str] | None = None) -> None:
        """Draw the agenda read last, each section's first rows as far as it is shown (PAGE at first), all added at
        once; the highlight goes by `anchor` (none of its rows left: the last row), else stays on its row (_anchor,
        _placed)."""
        message = self.loaded
        channel_cells = max(cell_len(label(code)) for code in CHANNELS)   # the widest label in the language shown
        options = self.query_one("#agenda", OptionList)
        highlighted = options.highlighted
        anchor = self._anchor() if anchor is None else anchor
        self.items.clear()
        self.sections.clear()
        self.section_of.clear()
        today = self.app.today()
        # A day in another year shows its year: then every day is as wide, so the columns after it line up.
        days = [f.due_on for key, _t in SECTIONS for f in getattr(message.agenda, key, None) or []]
        day_cells = max((len(short_date(d, today)) for d in [*days, *(s.due_on for s in message.suggestions)]),
                        default=0)
        self.widths = (day_cells, channel_cells)
        rows: list[Option] = []
        for key, title in SECTIONS:
            entries = list(getattr(message.agenda, key, None) or [])
            if key in ("later", "campaign_over") and not entries:
                continue
            rows.append(Option(Text(_("{heading} ({n})").format(heading=_(title), n=len(entries)), style="bold"), disabled=True))
            for f in entries:
                self.items[f.followup_id] = f
                self.section_of[f.followup_id] = key
            rows += self._page(key, [(f.followup_id, f) for f in entries],
                               lambda f, key=key: self._follow_up_row(f, key, today, day_cells, channel_cells))
        if message.suggestions:
            rows.append(Option(Text(_("{heading} ({n})").format(heading=_("Care suggestions"), n=len(message.suggestions)), style="bold"), disabled=True))
            keyed = []
            for suggestion in message.suggestions:
                key = suggestion_key(suggestion, self.items)
                self.items[key] = suggestion
                keyed.append((key, suggestion))
            rows += self._page("suggestions", keyed,
                               lambda s: self._suggestion_row(s, today, day_cells, channel_cells))
        options.clear_options()
        options.add_options(rows)   # at once: added one by one, each would lay the whole list out again
        if self.items:
            options.highlighted = self._placed(options, anchor, highlighted)
        self.marked &= self.items.keys()   # one closed meanwhile, here or elsewhere, is no longer marked
        self._show_count()

    def _show_count(self) -> None:
        """The status line: how many follow-ups are open, and how many are marked and which key moves them."""
        open_count = len(self.items) - len(self.loaded.suggestions)
        said = _("{n} open follow-ups").format(n=open_count) if open_count else _("Nothing to follow up. Well done.")
        if self.marked:
            said = _("{sentence} · {n} marked: {key} moves them to a day").format(
                sentence=said, n=len(self.marked), key=key_in_force(self, "reschedule"))
        self._status(said)

    def _status(self, said, *, error: bool = False) -> None:
        """The status line; an error in the theme's error colour, bold (app.tcss: -error), which reads at 4.5:1 in
        every theme: Rich's red was 2.9-6.1:1 on the screen, under 4.5 in 14 of the 20 themes."""
        status = self.query_one("#agenda-status", Static)
        status.update(said)
        status.set_class(error, "-error")

    def _page(self, section: str, keyed: list[tuple[str, object]], row: Callable[[object], object]) -> list[Option]:
        """A section's rows as far as it is shown, then, if more are left, a row saying how many and that the open
        key shows the next PAGE of them (`more-<section>`): each row is measured as it is added, and the busiest
        manager of a large branch has thousands of care suggestions."""
        self.sections[section] = [key for key, _item in keyed]
        shown = self.shown.get(section, PAGE)
        options = [Option(KeptRow(row(item)), id=key) for key, item in keyed[:shown]]
        left = len(keyed) - shown
        if left > 0:
            key = key_in_force(self, "open")
            said = (_("{n:,} more not shown: {key} shows the next {page}.").format(n=left, key=key, page=PAGE)
                    if left > PAGE else
                    ngettext("{n} more not shown: {key} shows it.", "{n} more not shown: {key} shows them.", left)
                    .format(n=left, key=key))
            options.append(Option(Text("  " + said, style="italic"), id=MORE + section))
        return options

    def show_more(self, section: str) -> None:
        """Show the section's next PAGE rows, the highlight on the first of them (where the "more" row was), at the
        top of the list, so the new rows follow it."""
        shown = self.shown.get(section, PAGE)
        self.shown[section] = shown + PAGE
        self._draw(anchor=self.sections[section][shown:shown + 1])
        options = self.query_one("#agenda", OptionList)
        self.call_after_refresh(options.scroll_to_highlight, top=True)

    def _follow_up_row(self, f, key: str, today, day_cells: int, channel_cells: int) -> FollowUpRow:
        """A follow-up of the section `key`: day, time, customer, channel, then its purpose and notes."""
        row = Text(MARKED, style="bold") if f.followup_id in self.marked else Text("  ")
        row.append(short_date(f.due_on, today).ljust(day_cells), style=WARNING if key == "overdue" else "bold")
        row.append(f" {f.slot or '     '}  ")
        row.append(fit(shown_name(getattr(f, "customer_name", None) or f.customer_id), NAME_CELLS))   # customer text: data
        row.append("  " + fit(label(getattr(f, "channel", None) or "phone"), channel_cells))
        row.append("  ")
        pieces = []
        if getattr(f, "purpose", None):
            pieces.append(Text(f.purpose_text(), style="italic"))
        if getattr(f, "inactive", False):   # nor them: the latest full extract left the customer out
            pieces.append(Text(inactive_note(), style=WARNING))
        if getattr(f, "number_problem", None):   # the list no longer offers them at all
            pieces.append(Text(number_problem_note(f.number_problem), style=WARNING))
        if getattr(f, "not_before", None):   # the list will not offer them before then
            pieces.append(Text(rest_note(f.not_before, f.rest_reason), style=HEED))
        if key == "campaign_over":   # c cancels it, C every one of its campaign
            pieces.append(Text(campaign_over_note(f.campaign_ends_on), style=HEED))
        return FollowUpRow(row, pieces)

    def _suggestion_row(self, suggestion, today, day_cells: int, channel_cells: int) -> HangingText:
        """A care touch the engine suggests (birthdays, festivals, maturities, the new-customer and woken-customer
        cadences, head office's campaigns)."""
        row = Text("  ")
        row.append(short_date(suggestion.due_on, today).ljust(day_cells), style="bold")
        row.append("        ")
        row.append(fit(shown_name(suggestion.customer_name or suggestion.customer_id), NAME_CELLS))
        row.append("  " + fit(label(suggestion.channel), channel_cells) + "  ")
        return HangingText(row, Text(suggestion.reason, style="italic"))

    def _anchor(self) -> list[str]:
        """The highlighted row's id, then the ids of the rows below it: the first of them still on the agenda when it
        is read again keeps the highlight (the follow-up or suggestion itself, else the one that took its place)."""
        options = self.query_one("#agenda", OptionList)
        if options.highlighted is None:
            return []
        return [option.id for option in (options.get_option_at_index(n) for n in range(options.highlighted,
                options.option_count)) if option.id is not None]

    @staticmethod
    def _placed(options: OptionList, anchor: list[str], highlighted: int | None) -> int:
        """Where the highlight goes on the agenda just drawn: on the follow-up or suggestion it was on, by id; gone
        (completed, accepted: now a follow-up above), on the first row below it that is still there, which now
        stands in its place; none of them left, on the last row; on an agenda opened afresh, its first row (never a
        heading: nothing overdue, "Overdue (0)" is followed by the next heading)."""
        for option_id in anchor:
            try:
                return options.get_option_index(option_id)
            except OptionDoesNotExist:
                continue
        enabled = [n for n in range(options.option_count) if not options.get_option_at_index(n).disabled]
        return enabled[0] if highlighted is None else enabled[-1]

    def on_failed(self, message: Failed) -> None:
        self._status(StatusText(Text(message.text), STATUS_LINES), error=True)

    def on_follow_up_changed(self, message: FollowUpChanged) -> None:
        self.app.notify(_("Follow-up completed."))
        self.changed(message.customers)

    def changed(self, customers: frozenset[str]) -> None:
        """The agenda changed these customers' follow-ups: read again here, and in the call list and whatever else
        shows them (their "due today" reasons and order), as after a save on a card; the watcher leaves the app's own
        writes to whoever made them."""
        self.app.read_again(customers, list_stale=True, but=self)
        self.load_agenda()

    def on_suggestion_accepted(self, message: SuggestionAccepted) -> None:
        """Say whose follow-up the accepted suggestion became (a name is data, never markup), and read again: a
        warm lead's is a follow-up call, not a care touch."""
        from workbench.i18n import fill

        suggestion = message.suggestion
        name = shown_name(suggestion.customer_name or suggestion.customer_id)
        said = (_("Follow-up call for {name} added to the agenda.") if suggestion.kind == LEAD
                else _("Care follow-up for {name} added to the agenda."))
        self.app.notify(fill(said, name=name), markup=False)
        self.changed(frozenset({suggestion.customer_id}))

    def rescheduled(self, moved: str, customer_id: str, below: list[str]) -> None:
        """The dialog moved the follow-up: say to which day and time (a day alone keeps its time), and read again, the
        highlight where the row was, on the row below it that took its place (`below`: their ids when the key was
        pressed): the next overdue one the manager works on, not the moved one at its new day, further down."""
        self.app.notify(moved)
        self.after_move = below
        self.changed(frozenset({customer_id}))

    def _current(self):
        options = self.query_one("#agenda", OptionList)
        if options.highlighted is None:
            return None
        return self.items.get(options.get_option_at_index(options.highlighted).id)

    def action_open(self) -> None:
        from workbench.screens.customer_card import CustomerCardScreen

        options = self.query_one("#agenda", OptionList)
        row_id = options.get_option_at_index(options.highlighted).id if options.highlighted is not None else None
        if row_id and row_id.startswith(MORE):   # the "more" row of a section: its next rows
            self.show_more(row_id.removeprefix(MORE))
            return
        item = self._current()
        if item is None:
            return
        # An SMS or WeChat (a care touch, a campaign's notice), booked or suggested: the card shows it, not a call script.
        purpose = item.purpose if hasattr(item, "followup_id") else item.kind
        message = (purpose, item.channel) if item.channel in MESSAGE_CHANNELS else None
        self.app.push_screen(CustomerCardScreen(item.customer_id, message=message))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_open()

    def _current_follow_up(self):
        """The highlighted follow-up; a suggestion must be accepted before it can be changed."""
        item = self._current()
        if item is not None and not hasattr(item, "followup_id"):
            self._status(_("Accept the suggestion first ({accept}).").format(accept=key_in_force(self, "accept")))
            return None
        return item

    def action_mark(self) -> None:
        """Mark the highlighted follow-up to be moved with the others marked (or unmark it), and go on to the next row,
        so that a run of overdue ones is marked key by key; the reschedule key then moves them all to one day. Only its
        row is drawn again: the agenda may hold thousands."""
        options = self.query_one("#agenda", OptionList)
        item = self._current_follow_up()
        if item is None:
            return
        self.marked ^= {item.followup_id}
        options.replace_option_prompt(item.followup_id, KeptRow(self._follow_up_row(
            item, self.section_of[item.followup_id], self.app.today(), *self.widths)))
        options.action_cursor_down()
        self._show_count()

    def action_reschedule(self) -> None:
        from workbench.screens.reschedule import RescheduleScreen

        if self.marked:
            self.reschedule_marked()
            return
        item = self._current_follow_up()
        if item is None:
            return
        title = _("Reschedule") + " · " + shown_name(getattr(item, "customer_name", None) or item.customer_id)
        below = self._anchor()[1:]
        # The dialog saves and keeps itself open on a refusal; it closes once the follow-up has moved.
        self.app.push_screen(RescheduleScreen(title, item.followup_id),
                             lambda moved: moved and self.rescheduled(moved, item.customer_id, below))

    def reschedule_marked(self) -> None:
        """Move the marked follow-ups to one day together (the dialog's, in one transaction), in the agenda's order;
        the refused stay marked, for another day."""
        from workbench.screens.reschedule import RescheduleScreen

        marked = [f for key, f in self.items.items() if key in self.marked]
        title = ngettext("Reschedule {n} marked follow-up", "Reschedule {n} marked follow-ups", len(marked)).format(
            n=len(marked))
        names = {f.followup_id: shown_name(f.customer_name or f.customer_id) for f in marked}
        self.app.push_screen(RescheduleScreen(title, [f.followup_id for f in marked], names),
                             lambda together: together and self.moved_together(together, marked))

    def moved_together(self, together, marked: list) -> None:
        """Say in one toast how many moved and why each refused one did not; the moved are no longer marked, and the
        highlight, on one of them, goes to the row below that took its place (as after one is moved)."""
        self.marked -= set(together.moved)
        text = "\n".join([together.text, _("Not moved:"), *together.refused]) if together.refused else together.text
        self.app.notify(text, markup=False, severity="warning" if together.refused else "information",
                        timeout=10 if together.refused else 5)
        self.after_move = [key for key in self._anchor() if key not in together.moved]
        self.changed(customers_of(f for f in marked if f.followup_id in together.moved))

    def _outcome_key(self) -> str:
        """The customer card's key that logs a call, as the key bar spells it (a bank's keymap may move it)."""
        return key_in_force(self, "outcome", SCREENS["CustomerCardScreen"].bindings["outcome"])

    def action_complete(self) -> None:
        """Mark the highlighted follow-up done without a logged call, once the user confirms it; a notice of a
        campaign that has ended is cancelled instead (it was never given)."""
        from workbench.screens.confirm import ConfirmScreen, with_name

        item = self._current_follow_up()
        if item is None:
            return
        if item.campaign_over(self.app.today()):
            self.cancel_notices([item])
            return
        question = _("Mark the follow-up with {name} due {day} as done, without logging a call?").replace(
            "{day}", item.due_on.isoformat())
        self.app.push_screen(
            ConfirmScreen(_("Complete the follow-up"), with_name(question, shown_name(item.customer_name or item.customer_id)),
                          _("If you spoke to the customer, log the call on the card ({outcome}) instead: that"
                            " closes the follow-up and keeps what was said.").format(outcome=self._outcome_key()),
                          _("{yes} yes, mark done · {no} no")),
            lambda yes: yes and self.complete(item.followup_id, item.customer_id))

    def action_complete_all(self) -> None:
        """Mark done every care touch of the highlighted one's kind due by today (a day's greetings sent as
        a batch), once the user confirms; a call is logged on its card, one by one."""
        from workbench import followups
        from workbench.screens.confirm import ConfirmScreen

        item = self._current_follow_up()
        if item is None:
            return
        today = self.app.today()
        if item.campaign_over(today):   # every notice of its campaign on the agenda, whatever their day or channel
            self.cancel_notices([f for key, f in self.items.items() if not key.startswith("suggestion-")
                                 and f.purpose == item.purpose])
            return
        if not followups.sent_in_batch(item.purpose, item.channel) or item.due_on > today:
            self._status(
                _("Only care touches due by today are completed together; log a call on its card ({outcome}).")
                .format(outcome=self._outcome_key()))
            return
        alike = [f for key, f in self.items.items() if not key.startswith("suggestion-")
                 and f.purpose == item.purpose and f.channel == item.channel and f.due_on <= today]
        question = Text(_("Mark all {n} follow-ups of this kind ({step}) due by today as done, without logging calls?")
                        .format(n=len(alike), step=item.purpose_text()))
        self.app.push_screen(
            ConfirmScreen(_("Complete all of this kind"), question,
                          _("For touches sent outside the workbench, such as a batch of greeting SMS."),
                          _("{yes} yes, mark done · {no} no")),
            lambda yes: yes and self.write(lambda conn, at, by: SentMarked(
                *followups.complete_sent(conn, [f.followup_id for f in alike], at=at, by_id=by), customers_of(alike))))

    def cancel_notices(self, notices: list) -> None:
        """Cancel the notices (of one campaign that has ended: no customer can be told any more), once the user
        confirms; one alone is named by its customer."""
        from workbench import followups
        from workbench.screens.confirm import ConfirmScreen, filled

        first = notices[0]
        parts = {"campaign": first.purpose_text(), "day": first.campaign_ends_on.isoformat()}   # a title is data
        if len(notices) == 1:
            question = filled(_("Cancel the notice of {campaign} to {name}? The campaign ended on {day}."), **parts,
                              name=Text(shown_name(first.customer_name or first.customer_id), style="bold"))
        else:
            question = filled(_("Cancel all {n} open notices of {campaign}? The campaign ended on {day}."), **parts,
                              n=str(len(notices)))
        ids = [f.followup_id for f in notices]
        self.app.push_screen(
            ConfirmScreen(_("Cancel the notices of a campaign that has ended"), question,
                          _("If you told the customer before it ended, log that call on the card ({outcome})"
                            " instead.").format(outcome=self._outcome_key()),
                          _("{yes} yes, cancel · {no} no")),
            lambda yes: yes and self.write(lambda conn, at, by: FollowUpsCancelled(
                followups.cancel_all(conn, ids, at=at, by_id=by), customers_of(notices))))

    def on_follow_ups_cancelled(self, message: FollowUpsCancelled) -> None:
        self.app.notify(ngettext("Cancelled {n} notice.", "Cancelled {n} notices.", message.cancelled).format(
            n=message.cancelled))
        self.changed(message.customers)

    def on_sent_marked(self, message: SentMarked) -> None:
        """How many the batch marked done, and, a warning, how many notices it left open: an unsuited product's notice
        is not recorded as given (its card says why; cancelling it is the manager's)."""
        text = ngettext("Marked {n} follow-up done.", "Marked {n} follow-ups done.", message.done).format(n=message.done)
        if message.unsuited:
            text = _("{sentence} {next}").format(sentence=text, next=ngettext(
                "{n} campaign notice was left open: its product does not suit its customer (the card says why).",
                "{n} campaign notices were left open: their products do not suit their customers (the cards say why).",
                len(message.unsuited)).format(n=len(message.unsuited)))
        self.app.notify(text, severity="warning" if message.unsuited else "information")
        self.changed(message.customers)

    def _current_suggestion(self, binding_id: str):
        """The highlighted suggestion; on a booked follow-up, a line saying that the key takes a suggestion."""
        item = self._current()
        if item is None or not hasattr(item, "followup_id"):
            return item
        key = key_in_force(self, binding_id)
        if any(name.startswith("suggestion-") for name in self.items):
            said = _("This follow-up is booked already; {key} takes a suggestion from \"{section}\" below.").format(
                key=key, section=_("Care suggestions"))
        else:
            said = _("This follow-up is booked already; {key} takes a care suggestion, and there is none now.").format(
                key=key)
        self._status(said)
        return None

    def action_accept(self) -> None:
        item = self._current_suggestion("accept")
        if item is not None:
            self.accept(item)

    def action_accept_all(self) -> None:
        """Accept every suggestion of the highlighted one's kind (all the festival greetings, say), once the user confirms."""
        from workbench import followups
        from workbench.screens.confirm import ConfirmScreen

        item = self._current_suggestion("accept_all")
        if item is None:
            return
        alike = [s for key, s in self.items.items() if key.startswith("suggestion-") and s.kind == item.kind]

        def accept_all(conn: sqlite3.Connection, at: datetime, by: str) -> Message:
            ids, left = followups.accept_suggestions(conn, alike, at=at, by_id=by)
            return SuggestionsAccepted(len(ids), left, item.kind, customers_of(alike))

        question = Text(_("Add all {n} suggestions of this kind ({step}) to the agenda?").format(
            n=len(alike), step=item.purpose_text()))
        self.app.push_screen(
            ConfirmScreen(_("Accept all of this kind"), question,
                          _("Each gets the day the contact rules allow now; any they no longer allow is left out."),
                          _("{yes} yes, add them · {no} no")),
            lambda yes: yes and self.write(accept_all))

    @work(thread=True, group="agenda-change")
    def write(self, change: Callable[[sqlite3.Connection, datetime, str], Message]) -> None:
        """Make one change on a connection of this thread, as the staff member signed in, now; post the
        message it returns, or the failure."""
        app = self.app
        try:
            with app.connect() as conn:
                message = change(conn, app.now(), app.staff.staff_id)
        except Exception as exc:
            self.post_message(Failed(plain_words(exc)))
            return
        self.post_message(message)

    def on_suggestions_accepted(self, message: SuggestionsAccepted) -> None:
        if message.kind == LEAD:   # warm leads' calls, not care touches
            text = ngettext("Added {n} follow-up call to the agenda.", "Added {n} follow-up calls to the agenda.",
                            message.added).format(n=message.added)
        else:
            text = ngettext("Added {n} care follow-up to the agenda.", "Added {n} care follow-ups to the agenda.",
                            message.added).format(n=message.added)
        if message.left:
            text = _("{sentence} {next}").format(sentence=text, next=ngettext(
                "{n} was no longer suggested.", "{n} were no longer suggested.", message.left).format(n=message.left))
        self.app.notify(text)
        self.changed(message.customers)

    @work(thread=True, group="agenda-change")
    def accept(self, suggestion) -> None:
        from workbench import followups
        from workbench.errors import WorkbenchError

        app = self.app
        try:
            with app.connect() as conn:
                followups.accept_suggestion(conn, suggestion, at=app.now(), by_id=app.staff.staff_id)
        except WorkbenchError as exc:   # the rules refuse it now: show the suggestions as they are, then why
            app.call_from_thread(self.load_agenda, str(exc))
            return
        except Exception as exc:
            self.post_message(Failed(plain_words(exc)))
            return
        self.post_message(SuggestionAccepted(suggestion))

    def complete(self, followup_id: str, customer_id: str) -> None:
        """Mark the follow-up done."""
        from workbench import followups

        def complete(conn: sqlite3.Connection, at: datetime, by: str) -> Message:
            followups.complete(conn, followup_id, at=at, by_id=by)
            return FollowUpChanged(frozenset({customer_id}))

        self.write(complete)

    def action_back(self) -> None:
        self.app.pop_screen()
