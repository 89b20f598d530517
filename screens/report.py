"""The supervisor's report: the funnel per manager, segment, script and campaign, why not at each step,
calls answered by hour, dormancy reasons and follow-ups, for the last 7 or 30 days, of all managers or
one at a time, drawn as tables and horizontal bars."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any

from rich import box
from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from workbench.errors import plain_words
from workbench.i18n import N_, pgettext
from workbench.screens.card_text import title_line
from workbench.screens.glyphs import mark
from workbench.screens.localise import _, localise_bindings
from workbench.screens.widgets.key_bar import KeyBar
from workbench.screens.widgets.wide_scroll import WideScroll, column_starts, split_labels
from workbench.sync.funnel import CONFIRMED_NOTE, FUNNEL_UNITS, percent
from workbench.text_wrap import WrappedText, in_words

BAR_WIDTH = 24   # cells for the longest bar; fits beside a label in 80 columns


@dataclass
class ReportLoaded(Message):
    days: int
    report: Any   # workbench.sync.report.Report (its manager_id: one manager's work, else None)
    callers: list   # (id, name) of all who called in the period: whom `s` steps through
    span: tuple     # (since, until) the callers are of


@dataclass
class ReportFailed(Message):
    days: int
    manager_id: str | None
    text: str     # one sentence


def stage_title(stage: str) -> str:
    """A funnel stage's name, with head-office confirmation shortened to fit beside a bar."""
    from workbench.sync.funnel import STAGE_TITLES

    return _("Confirmed") if stage == "confirmed" else _(STAGE_TITLES[stage])


def column_title(title: str) -> str:
    """A funnel table's column title (funnel.column_titles), the long ones shortened to fit 120 columns."""
    from workbench.sync.funnel import STAGE_TITLES

    if title == STAGE_TITLES["confirmed"]:
        return stage_title("confirmed")
    return pgettext("report", "Done") if title == "Notices done" else _(title)


def since_day(today: date, days: int) -> str:
    """The first day of a period of days ending today."""
    return (today - timedelta(days=days - 1)).isoformat()


def bars(rows: list[tuple[str, float, str]], *, style: str | Style = "", width: int = BAR_WIDTH) -> Text:
    """Horizontal bars (label, value, value text), scaled to the largest value, as plain Text lines."""
    text = Text()
    if not rows:
        return Text(_("Nothing in this period."), style="dim")
    top = max(value for _l, value, _s in rows) or 1
    label_w = min(max(cell_len(label) for label, _v, _s in rows), 24)
    for label, value, shown in rows:
        cells = round(width * value / top * 8)   # eighths of a cell, for smooth bars
        full, part = divmod(cells, 8)
        bar = "█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")
        fitted = set_cell_size(label, label_w) if cell_len(label) > label_w else label
        text.append(Text(" " * (label_w - cell_len(fitted)) + fitted))
        text.append(" ")
        text.append(bar, style=style)
        text.append(" " + shown + "\n")
    text.rstrip()
    return text


def funnel_table(report) -> Table:
    """The funnel per manager as a table with one column per manager (all managers first), so a
    branch's handful of managers fits an 80-column terminal; more scroll sideways."""
    from workbench.sync.funnel import STAGES, reach_rate_text

    funnels = [report.total, *report.by_manager]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1), expand=False)
    table.add_column("")
    for funnel in funnels:
        table.add_column(Text(funnel.label), justify="right", no_wrap=True)
    table.add_row(_("Contacts"), *(str(f.calls) for f in funnels))
    for stage in STAGES:
        table.add_row(stage_title(stage), *(str(getattr(f, stage)) for f in funnels))
    table.add_row(_("Reach rate"), *(reach_rate_text(f) for f in funnels))
    return table


def group_table(funnels, heading: str, kind=None) -> Table | Text:
    """A funnel per group (segment, script, campaign), one row each, in the order given; wide tables
    scroll sideways."""
    from workbench.sync.funnel import Funnel, column_titles, figures

    if not funnels:
        return Text(_("Nothing in this period."), style="dim")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1), expand=False)
    # The labels keep their width (up to 24 cells: a campaign's code and title), the numbers fit beside them.
    table.add_column(heading, no_wrap=True, min_width=min(max(cell_len(f.label) for f in funnels), 24))
    for title in column_titles(kind or Funnel):
        table.add_column(column_title(title), justify="right", no_wrap=True)
    for funnel in funnels:
        table.add_row(Text(funnel.label), *figures(funnel))
    return table


def bar_blocks(blocks, *, style: str | Style = "") -> Text:
    """Bars under headings: (heading, bars' rows) per block, one blank line between blocks."""
    text = Text()
    for heading, rows in blocks:
        text.append(Text(heading, style="bold"))
        text.append("\n")
        text.append(bars(rows, style=style))
        text.append("\n\n")
    text.rstrip()
    return text or Text(_("Nothing in this period."), style="dim")


def manager_bars(report, style: str | Style = "") -> Text:
    """One bar block per manager: customers at each stage of the funnel."""
    from workbench.sync.funnel import stage_values

    return bar_blocks(((funnel.label, [(stage_title(s), v, str(v)) for s, v in stage_values(funnel)])
                       for funnel in report.by_manager), style=style)


def why_not_bars(report, style: str | Style = "") -> Text:
    """Where the contacted customers stopped: a bar block per step, its reasons the commonest first."""
    from workbench.sync.why_not import by_step

    return bar_blocks(((title, [(w.label, w.count, str(w.count)) for w in rows])
                       for title, rows in by_step(report.why_not)), style=style)


# The report's sections in order (name, English title); the wide tables among them scroll sideways.
TITLES = (("funnel", N_("Funnel")), ("managers", N_("Funnel per manager")),
          ("manager-bars", N_("Customers per stage, per manager")), ("segments", N_("Funnel per segment")),
          ("scripts", N_("Funnel per script")), ("campaigns", N_("Funnel per campaign")),
          ("why-not", N_("Why not, at each step")), ("hours", N_("Phone calls answered by hour of day")),
          ("reasons", N_("Dormancy reasons")), ("followups", N_("Follow-ups")))
WIDE = ("managers", "segments", "scripts", "campaigns")
# The notes under a section (its note, its id): a Confirmed bar longer than Reactivated's needs a word, and
# "Calls 5135, Dialled 1716" its units named.
NOTES = {"funnel": (CONFIRMED_NOTE, "report-confirmed-note"), "managers": (FUNNEL_UNITS, "report-funnel-units")}


class ReportScreen(Screen):
    CSS_PATH = "report.tcss"
    # The bars' colours and a failure's, the theme's own (report.tcss), a section's bars one colour.
    COMPONENT_CLASSES = {"report--bar", "report--bar-why-not", "report--bar-hours", "report--bar-reasons",
                         "report--bar-followups", "report--error"}
    BINDINGS = [
        Binding("w", "week", "7 days", id="report_week"),
        Binding("m", "month", "30 days", id="report_month"),
        Binding("s", "next_manager", "Next manager", id="report_next_manager"),
        # Wide tables (many managers, a narrow terminal) scroll sideways; their titles say so when they overflow.
        Binding("left", "scroll_wide(-1)", "Scroll tables left", id="scroll_left", show=False),
        Binding("right", "scroll_wide(1)", "Scroll tables right", id="scroll_right", show=False),
        Binding("escape", "back", "Back", id="back"),
    ]

    def __init__(self, days: int = 7) -> None:
        super().__init__()
        self.days = days
        self.manager_id: str | None = None   # one manager's report, else all managers'
        self.managers: list[tuple[str, str]] = []   # (id, name) of those who called in the period below
        self.managers_span: tuple | None = None      # (since, until) self.managers are of
        localise_bindings(self)

    def compose(self) -> ComposeResult:
        yield Static("", id="report-title", classes="title-bar")
        with VerticalScroll(id="report-body"):
            for name, title in TITLES:
                yield Static(_(title), id=f"report-{name}-title", classes="section-title")
                loading = Static(Text(_("Loading{ellipsis}").format(ellipsis=mark("…")), style="dim"),
                                 id=f"report-{name}", classes="report-part")
                if name in WIDE:
                    # The rows' labels stay in place beside the figures, which scroll sideways.
                    with Horizontal(id=f"report-{name}-table", classes="report-table"):
                        yield Static("", id=f"report-{name}-labels", classes="report-part report-labels")
                        with WideScroll(id=f"report-{name}-scroll", classes="report-wide"):
                            yield loading
                else:
                    yield loading
                if name in NOTES:
                    note, note_id = NOTES[name]
                    yield Static(WrappedText(Text(_(note), style="dim"), words=in_words()), id=note_id,
                                 classes="report-note")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_campaigns(False)
        self.show_period()

    def show_campaigns(self, shown: bool) -> None:
        """Campaigns are head office's to send: without any in the period their section is not shown."""
        for part in ("#report-campaigns-title", "#report-campaigns-table"):
            self.query_one(part).display = shown

    def show_period(self) -> None:
        today = self.app.today()
        since, until = since_day(today, self.days), today.isoformat()
        heading = _("Report, last {days} days").format(days=self.days)
        whose = dict(self.managers).get(self.manager_id, self.manager_id) if self.manager_id else _("all managers")
        self.query_one("#report-title", Static).update(title_line(heading, whose, f"{since} – {until}"))
        # Until the new period's figures land, the old ones are shown dimmed: the title already names the new one.
        self.query_one("#report-body").add_class("-stale")
        # Stepping through managers (s) keeps the period: its callers are known, not worked out again.
        known = self.managers if self.managers_span == (since, until) else None
        self.load_report(self.days, self.manager_id, known)

    @work(thread=True, exclusive=True, group="report")
    def load_report(self, days: int, manager_id: str | None, known: list | None = None) -> None:
        from workbench.sync.funnel import callers, period
        from workbench.sync.report import build_report

        app = self.app
        today = app.today()
        since, until = since_day(today, days), today.isoformat()
        try:
            with app.connect() as conn:
                conn.execute("BEGIN")   # the report and the callers from one read
                try:
                    report = build_report(conn, today=today, since=since, until=until, lang=app.lang, manager_id=manager_id)
                    # All managers' report has them already; one manager's does not need them, the screen does.
                    who = ([(f.key, f.label) for f in report.by_manager] if manager_id is None
                           else known if known is not None else callers(conn, period(since, until), app.lang))
                finally:
                    conn.execute("COMMIT")
        except Exception as exc:
            self.post_message(ReportFailed(days, manager_id, plain_words(exc)))
            return
        self.post_message(ReportLoaded(days, report, who, (since, until)))

    def _shown(self, days: int, manager_id: str | None) -> bool:
        """Whether a worker's result is for the period and manager the keys ask for now."""
        return (days, manager_id) == (self.days, self.manager_id)

    def on_report_loaded(self, message: ReportLoaded) -> None:
        if not self._shown(message.days, message.report.manager_id):
            return   # an older period's or manager's result arrived after the keys changed it
        report = message.report
        self.managers, self.managers_span = message.callers, message.span
        total = report.total
        from workbench.sync.campaign_funnel import CampaignFunnel
        from workbench.sync.funnel import stage_values
        from workbench.sync.report import followup_counts

        bar = partial(self.get_component_rich_style, partial=True)
        parts = {
            "funnel": bars([(stage_title(s), v, str(v)) for s, v in stage_values(total)], style=bar("report--bar")),
            "managers": funnel_table(report) if report.by_manager else Text(_("Nothing in this period."), style="dim"),
            "manager-bars": manager_bars(report, bar("report--bar")),
            "segments": group_table(report.by_segment, _("Segment")),
            "scripts": group_table(report.by_script, _("Script")),
            "campaigns": group_table(report.by_campaign, _("Campaign"), CampaignFunnel),
            "why-not": why_not_bars(report, bar("report--bar-why-not")),
            "hours": bars([(f"{h.hour:02d}:00", h.answer_rate, f"{percent(h.answered, h.calls)} ({h.answered}/{h.calls})")
                           for h in report.by_hour], style=bar("report--bar-hours")),
            "reasons": bars([(r.label, r.count, str(r.count)) for r in report.reasons],
                            style=bar("report--bar-reasons")),
            # The same counts as `workbench report` and its page, in the same words.
            "followups": bars([(_(label), n, str(n)) for label, n in followup_counts(report)],
                              style=bar("report--bar-followups")),
        }
        for name, content in parts.items():
            if name in WIDE:
                labels, content = split_labels(content)
                self.query_one(f"#report-{name}-labels", Static).update(labels)
                self.query_one(f"#report-{name}-scroll", WideScroll).set_stops(*column_starts(self.app.console, content))
            self.query_one(f"#report-{name}", Static).update(content)
        self.show_campaigns(bool(report.by_campaign))
        self.query_one("#report-body").remove_class("-stale")

    def on_wide_scroll_overflow(self, message: WideScroll.Overflow) -> None:
        """A wide table's title says how to see the rest, while some of it is out of sight."""
        name = message.scroll.id.removeprefix("report-").removesuffix("-scroll")
        title = _(dict(TITLES)[name])
        self.query_one(f"#report-{name}-title", Static).update(
            _("{title} ({left} {right} for the rest)").format(title=title, left=mark("←"), right=mark("→"))
            if message.cut else title)

    def action_scroll_wide(self, direction: int) -> None:
        for wide in self.query(".report-wide").results(WideScroll):
            wide.step(direction)

    def on_report_failed(self, message: ReportFailed) -> None:
        if not self._shown(message.days, message.manager_id):
            return   # an older period's or manager's failure: the one asked for now is still coming
        # The error in the funnel's place, and no other period's figures under this period's title.
        for part in self.query(".report-part").results(Static):
            part.update(Text(message.text, style=self.get_component_rich_style("report--error", partial=True))
                        if part.id == "report-funnel" else Text(""))
        self.show_campaigns(False)
        self.query_one("#report-body").remove_class("-stale")

    def action_week(self) -> None:
        self.days = 7
        self.show_period()

    def action_month(self) -> None:
        self.days = 30
        self.show_period()

    def action_next_manager(self) -> None:
        """The next of those who called in the shown period, then all managers again."""
        ids = [staff_id for staff_id, _name in self.managers]
        if self.manager_id in ids:
            at = ids.index(self.manager_id) + 1
            self.manager_id = ids[at] if at < len(ids) else None
        else:
            self.manager_id = ids[0] if ids else None
        self.show_period()

    def action_back(self) -> None:
        self.app.pop_screen()
