"""The day summary: calls, customers reached, outcomes and reasons, per manager for a supervisor,
with the last 30 days of calls as a sparkline."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Sparkline, Static

from workbench.codes import label
from workbench.screens.widgets.key_bar import KeyBar
from workbench.screens.card_text import title_line
from workbench.screens.localise import _, localise_bindings
from workbench.screens.messages import Failed, SummaryLoaded


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
        from workbench.outcomes import daily_counts, day_summary

        app = self.app
        manager_id = None if app.staff.is_supervisor else app.staff.staff_id
        try:
            with app.connect() as conn:
                summary = day_summary(conn, app.today(), manager_id=manager_id)
                daily = daily_counts(conn, app.today(), days=30, manager_id=manager_id)
        except Exception as exc:
            self.post_message(Failed(str(exc)))
            return
        self.post_message(SummaryLoaded(summary, list(daily)))

    def on_summary_loaded(self, message: SummaryLoaded) -> None:
        calls = [row[1] for row in message.daily]
        self.query_one("#spark", Sparkline).data = calls or [0]
        if message.daily:
            first, last = message.daily[0][0], message.daily[-1][0]
            legend = _("{start} to {end}: calls {calls}, answered {reached}").format(
                start=str(first), end=str(last), calls=sum(calls), reached=sum(row[2] for row in message.daily)
            )
            self.query_one("#spark-legend", Static).update(legend)
        self.query_one("#summary", Static).update(summary_text(message.summary))

    def on_failed(self, message: Failed) -> None:
        self.query_one("#summary", Static).update(Text(message.text, style="bold red"))

    def action_back(self) -> None:
        self.app.pop_screen()


def summary_text(summary: list) -> Text:
    """Each manager's day (workbench.outcomes.ManagerDay): contacts, customers reached, outcomes, reasons."""
    if not summary:
        return Text(_("No calls logged today."), style="dim")
    text = Text()
    for row in summary:
        text.append(row.name or row.manager_id, style="bold")
        text.append("\n  " + _("calls {calls} · customers {customers} · reached {reached} · reach rate {rate:.0%}").format(
            calls=row.calls, customers=row.customers, reached=row.reached, rate=row.reach_rate) + "\n")
        for heading, counts in ((_("Outcomes"), row.outcomes), (_("Reasons"), row.reasons)):
            if counts:
                text.append(f"  {heading}" + _(": "), style="italic")
                text.append(_(", ").join(f"{label(code)} {n}" for code, n in sorted(counts.items(), key=lambda kv: -kv[1])))
                text.append("\n")
    return text
