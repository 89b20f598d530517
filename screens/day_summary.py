"""The day summary: calls, customers reached, outcomes and reasons, per manager for a supervisor,
with the last 30 days of calls as a sparkline.

Calls are phone calls, and their answer rate is of calls, as the report's hours count them; a visit, a WeChat
message or an SMS is counted on its own beside them ("Other contacts: WeChat 15, Visit 21"), never as a call: a visit
always reaches the customer, and would lift the answer rate with no call answered."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Sparkline, Static

from workbench.codes import CHANNELS, label
from workbench.errors import plain_words
from workbench.i18n import join_list
from workbench.keymap import SCREENS
from workbench.sync.funnel import percent
from workbench.screens.widgets.key_bar import KeyBar, key_in_force
from workbench.screens.card_text import title_line
from workbench.screens.localise import _, localise_bindings
from workbench.screens.messages import Failed, SummaryLoaded
from workbench.text_wrap import WrappedText


DAYS = 30   # the sparkline's span, today the last
# The call list's default keys, which the empty day names (the summary opens from any screen: its esc goes back there).
_LIST_KEYS = SCREENS["CallListScreen"].bindings


@dataclass
class Contacts:
    """Phone calls and those answered; other channels' contacts, by channel."""
    calls: int = 0
    answered: int = 0
    others: Counter = field(default_factory=Counter)

    @classmethod
    def of(cls, rows) -> "Contacts":
        """The sum of workbench.outcomes.ChannelDay rows."""
        contacts = cls()
        for row in rows:
            if row.channel == "phone":
                contacts.calls += row.contacts
                contacts.answered += row.reached
            else:
                contacts.others[row.channel] += row.contacts
        return contacts

    def others_text(self) -> str:
        """WeChat 15, Visit 21 (微信 15 次、上门拜访 21 次), in the channels' order."""
        return join_list(_("{channel} {n}").format(channel=label(channel), n=self.others[channel])
                         for channel in CHANNELS if self.others[channel])

    def others_line(self) -> str:
        """The line under the calls that names the other channels' contacts; empty when there are none."""
        return _("Other contacts: {others}").format(others=self.others_text()) if self.others else ""


class DaySummaryScreen(Screen):
    CSS_PATH = "day_summary.tcss"
    BINDINGS = [Binding("escape", "back", "Back", id="back")]

    def __init__(self) -> None:
        super().__init__()
        localise_bindings(self)

    def compose(self) -> ComposeResult:
        yield Static("", id="summary-title", classes="title-bar")
        yield Static(_("Calls, last 30 days"), classes="section-title")
        yield Sparkline([], id="spark")
        yield Static("", id="spark-legend", classes="status-line")
        with VerticalScroll(id="summary-body"):
            yield Static("", id="summary")
        yield KeyBar()

    def on_mount(self) -> None:
        staff = self.app.staff
        who = _("all managers") if staff.is_supervisor else staff.name
        self.query_one("#summary-title", Static).update(title_line(_("Day summary"), who, self.app.today().isoformat()))
        self.load_summary()

    @work(thread=True, exclusive=True, group="summary")
    def load_summary(self) -> None:
        from workbench.outcomes import channel_counts, day_summary

        app = self.app
        manager_id = None if app.staff.is_supervisor else app.staff.staff_id
        today = app.today()
        first = today - timedelta(days=DAYS - 1)
        try:
            with app.connect() as conn:
                summary = day_summary(conn, today, manager_id=manager_id)
                counts = channel_counts(conn, first, today, manager_id=manager_id)
        except Exception as exc:
            self.post_message(Failed(plain_words(exc)))
            return
        # Each day's rows, the days with none included: the sparkline's points.
        days = [first + timedelta(days=i) for i in range(DAYS)]
        daily = [(day, [row for row in counts if row.day == day]) for day in days]
        self.post_message(SummaryLoaded(summary, daily))

    def on_summary_loaded(self, message: SummaryLoaded) -> None:
        days = [Contacts.of(rows) for _day, rows in message.daily]
        self.query_one("#spark", Sparkline).data = [day.calls for day in days] or [0]
        if message.daily:
            first, last = message.daily[0][0], message.daily[-1][0]
            span = Contacts.of(row for _day, rows in message.daily for row in rows)
            legend = _("{start} to {end}: calls {calls}, answered {reached}").format(
                start=str(first), end=str(last), calls=span.calls, reached=span.answered)
            self.query_one("#spark-legend", Static).update(
                WrappedText(Text("\n".join(filter(None, [legend, span.others_line()])))))
        today = message.daily[-1][1] if message.daily else []
        # An empty day says where calls are logged: a first user has none yet and nothing else to go on.
        self.query_one("#summary", Static).update(summary_text(message.summary, today) if message.summary else Text(
            _("No calls logged today. On the call list, {open} opens a customer and {outcome} logs a call.").format(
                open=key_in_force(self, "open", _LIST_KEYS["open"]), outcome=key_in_force(self, "outcome",
                                                                                   _LIST_KEYS["outcome"])),
            style="dim"))

    def on_failed(self, message: Failed) -> None:
        self.query_one("#summary", Static).update(Text(message.text, style="bold red"))

    def action_back(self) -> None:
        self.app.pop_screen()


def summary_text(summary: list, today: list) -> Text:
    """Each manager's day (workbench.outcomes.ManagerDay): phone calls, answered and their rate, customers contacted
    and reached by any channel, other channels' contacts (from today's workbench.outcomes.ChannelDay rows),
    outcomes, reasons."""
    text = Text()
    for row in summary:
        contacts = Contacts.of(r for r in today if r.manager_id == row.manager_id)
        rate = percent(contacts.answered, contacts.calls)
        text.append(row.name or row.manager_id, style="bold")
        text.append("\n  " + _("calls {calls} · answered {answered} · answer rate {rate} · customers {customers},"
                               " reached {reached}").format(calls=contacts.calls, answered=contacts.answered,
                                                            rate=rate, customers=row.customers, reached=row.reached)
                    + "\n")
        if contacts.others_line():
            text.append("  " + contacts.others_line() + "\n")
        for heading, counts in ((_("Outcomes"), row.outcomes), (_("Dormancy reasons"), row.reasons)):
            if counts:
                text.append(f"  {heading}" + _(": "), style="italic")
                text.append(_(", ").join(f"{label(code)} {n}" for code, n in sorted(counts.items(), key=lambda kv: -kv[1])))
                text.append("\n")
    return text
