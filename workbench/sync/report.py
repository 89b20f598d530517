"""The supervisor's report: funnels per manager, segment, script and campaign, why not at each step,
answers by hour, dormancy reasons and follow-ups.

Counts come from the effective outcome log (an entry corrected by a later one is left out); the
funnel's stages are funnel.py's. The funnel per segment counts each entry under the segment its customer
was in when it was logged (outcomes.segment), so a customer whose segment changed within the period is
dialled in each segment they were called in. By hour of day the report counts phone calls instead (the answer
rate: calls answered over calls), since that is what says when to call. Follow-ups are judged
against the day promised: moving one before that day moves the promise, moving it once the day has
passed does not make it kept on time. A period without --until ends today, so the follow-ups booked
for later days are left out of it. Textual-free: the CLI prints it, writes it as HTML or JSON, and
the app shows the same dataclasses and the same follow-up counts (followup_counts).
"""

from __future__ import annotations

import io
import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import date
from itertools import groupby

from workbench import segments
from workbench.codes import label
from workbench.access import known_staff
from workbench.campaigns import names_campaign
from workbench.i18n import N_, gettext
from workbench.sync.campaign_funnel import CampaignFunnel, campaign_funnels
from workbench.sync.funnel import (CONFIRMED_NOTE, FUNNEL_UNITS, STAFF_ACTIVE, STAGE_COUNTS, Funnel, column_titles,
                                   effective_once, figures, percent, period, staff_name)
from workbench.sync.period import last_day
from workbench.sync.why_not import WhyNot, by_step, why_not


@dataclass
class HourRow:
    hour: int
    calls: int       # phone calls made in that hour of the day
    answered: int    # ... that reached the customer

    @property
    def answer_rate(self) -> float:
        return self.answered / self.calls if self.calls else 0.0


@dataclass
class ReasonRow:
    code: str
    label: str
    count: int


@dataclass
class FollowupStats:
    """The follow-ups whose promised day falls in the period (see promised_day). Pending ones are overdue, due today
    or booked for a later day by the day alone, as the agenda has them: one promised for 15:00 today is due today."""
    kept_on_time: int = 0     # done on or before the promised day
    kept_late: int = 0
    overdue: int = 0          # still pending after the promised day, even if moved to a later one since
    due_today: int = 0        # pending, promised for today (any time of it)
    booked_later: int = 0     # pending, promised for a day after today (a period that runs past today)
    cancelled: int = 0

    @property
    def due(self) -> int:
        """Those kept, and those pending whose promised day has come (today's too)."""
        return self.kept_on_time + self.kept_late + self.overdue + self.due_today


@dataclass
class Report:
    today: str
    since: str | None        # the first day asked for; None: all time
    until: str               # the last day: the one asked for, else today
    total: Funnel
    by_manager: list[Funnel] = field(default_factory=list)
    by_segment: list[Funnel] = field(default_factory=list)
    by_script: list[Funnel] = field(default_factory=list)
    by_campaign: list[CampaignFunnel] = field(default_factory=list)
    by_hour: list[HourRow] = field(default_factory=list)
    reasons: list[ReasonRow] = field(default_factory=list)
    why_not: list[WhyNot] = field(default_factory=list)
    followups: FollowupStats = field(default_factory=FollowupStats)
    manager_id: str | None = None     # a report on one staff member's work: the calls they logged, the follow-ups they hold
    manager_name: str | None = None
    manager_left: bool = False        # that staff member has left: the heading says so
    first_day: str | None = None      # the first day of anything counted (an entry, a promised day, a notice)

    def whose(self, lang: str | None = None) -> str:
        """'王丽娟 (M001)' for a report on one staff member ('张晓燕 (M003, left)' for a leaver: one pair of brackets,
        full-width in Chinese), else ''."""
        if not self.manager_id:
            return ""
        return staff_name(self.manager_name or self.manager_id, not self.manager_left, lang, self.manager_id)

    def period_text(self, lang: str | None = None) -> str:
        """'2026-11-14 – 2026-11-20'; without a first day asked for, all time from the first day counted."""
        if self.since is not None:
            return f"{self.since} – {self.until}"
        if self.first_day is not None:
            return gettext("all time: {first} – {last}", lang).format(first=self.first_day, last=self.until)
        return gettext("all time: up to {last}", lang).format(last=self.until)

    def heading(self, lang: str | None = None, sep: str = " ") -> str:
        """'Outcome report 王丽娟 (M001) 2026-11-14 – 2026-11-20'."""
        return sep.join(part for part in (gettext("Outcome report", lang), self.whose(lang), self.period_text(lang)) if part)

    def has_today(self) -> bool:
        return (self.since or "") <= self.today <= self.until

    def runs_past_today(self) -> bool:
        return self.until > self.today


def followup_counts(report: Report) -> list[tuple[str, int]]:
    """The follow-up counts every view shows, (English label, count), in order: today's only in a period that has
    today, those booked for later days only in one that runs past it."""
    f = report.followups
    return [(N_("Follow-ups due"), f.due), (N_("kept on time"), f.kept_on_time), (N_("kept late"), f.kept_late),
            (N_("overdue"), f.overdue), *([(N_("still due today"), f.due_today)] if report.has_today() else ()),
            *([(N_("booked for later days"), f.booked_later)] if report.runs_past_today() else ()),
            (N_("cancelled"), f.cancelled)]


# Per group: its key, its label, whether the key's staff member is active, and the tables they need joined to eff.
_GROUPS = {
    "total": ("''", "''", "NULL", ""),
    "manager": ("eff.manager_id", "coalesce(st.name, eff.manager_id)", STAFF_ACTIVE,
                "LEFT JOIN staff st ON st.staff_id = eff.manager_id"),
    # The segment each entry keeps from when it was logged, not the customer's now: a rescore moves no call.
    "segment": ("coalesce(eff.segment, '')", "coalesce(eff.segment, '')", "NULL", ""),
    "script": ("coalesce(eff.script_id, '')", "coalesce(sc.title, eff.script_id, '')", "NULL",
               "LEFT JOIN scripts sc ON sc.script_id = eff.script_id"),
}


def build_report(conn: sqlite3.Connection, *, today: date, since: str | None = None, until: str | None = None,
                 lang: str | None = None, manager_id: str | None = None) -> Report:
    """Compute the whole report from one consistent read of the database; with manager_id, of that staff
    member's work alone (the calls they logged, the notices they hold, the follow-ups they held when due), a leaver's
    too."""
    until = last_day(since, until, today)
    span = period(since, until)
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        manager_name, active = known_staff(conn, manager_id) if manager_id is not None else (None, True)
        with effective_once(conn, span, manager_id) as eff:
            funnels = {name: _funnels(conn, eff, name, span, lang) for name in _GROUPS}
            followups, first_promised = _followups(conn, since, until, today, manager_id)
            report = Report(
                today=today.isoformat(), since=since, until=until,
                total=funnels["total"][0] if funnels["total"] else Funnel("", gettext("All", lang)),
                by_manager=funnels["manager"], by_segment=funnels["segment"], by_script=funnels["script"],
                by_campaign=campaign_funnels(conn, span, manager_id=manager_id, eff=eff, lang=lang),
                by_hour=_hours(conn, eff, span),
                reasons=_reasons(conn, eff, span, lang), why_not=why_not(conn, span, lang, eff=eff),
                followups=followups, manager_id=manager_id, manager_name=manager_name, manager_left=not active,
                first_day=None if since is not None else _first_day(conn, eff, span, manager_id, first_promised),
            )
    finally:
        if own:
            conn.execute("COMMIT")
    report.total.label = gettext("All", lang)
    return report


def _funnels(conn, eff: str, name: str, span: dict, lang: str | None) -> list[Funnel]:
    key, lab, active, source = _GROUPS[name]
    none_label = {"segment": gettext("(no segment)", lang), "script": gettext("(no script)", lang)}.get(name, "")

    def shown(k: str, text: str, active: bool | None) -> str:
        # A segment's code becomes its label in the report's language; a script shows its title; a manager who has
        # left is named so, as the heading names them.
        return (segments.label(k, lang) if name == "segment" and k else staff_name(text, active, lang)) or none_label

    return [Funnel(k, shown(k, l, a), *counts) for k, l, a, *counts in conn.execute(
        "WITH " + eff + STAGE_COUNTS.format(key=key, label=lab, active=active, source=source), span)]


def _hours(conn, eff: str, span: dict) -> list[HourRow]:
    rows = conn.execute("WITH " + eff + """
        SELECT CAST(substr(at, 12, 2) AS INTEGER) AS h, count(*), sum(line_result = 'reached')
        FROM eff WHERE channel = 'phone' GROUP BY h ORDER BY h""", span).fetchall()
    return [HourRow(h, calls, answered) for h, calls, answered in rows]


def _reasons(conn, eff: str, span: dict, lang: str | None) -> list[ReasonRow]:
    rows = conn.execute("WITH " + eff + """
        SELECT reason, count(*) FROM eff WHERE reason IS NOT NULL AND reason != ''
        GROUP BY reason ORDER BY count(*) DESC, reason""", span).fetchall()
    return [ReasonRow(code, label(code, lang), n) for code, n in rows]


# Each follow-up's events in the order replay folds them, with its final status, last change and owner now: of
# the follow-ups once due in the period (the promised day is one of the days an event set), with owner_id ({mine})
# those they ever held.
_FOLLOWUP_EVENTS = """
SELECT f.followup_id, f.status, substr(f.updated_at, 1, 10), f.owner_id, e.kind, e.due_on, substr(e.at, 1, 10),
       iif({owner_set}, e.owner_id, NULL)
FROM followups f JOIN followup_events e ON e.followup_id = f.followup_id
WHERE f.followup_id IN (SELECT followup_id FROM followup_events WHERE due_on BETWEEN :first AND :last) {mine}
ORDER BY f.followup_id, e.at, e.terminal_id, e.event_id
"""
_EVER_HELD = ("AND (f.owner_id = :owner OR EXISTS (SELECT 1 FROM followup_events o WHERE o.followup_id = f.followup_id"
              " AND o.owner_id = :owner))")


def promised_day(events: list[tuple[str, str | None, str]]) -> str | None:
    """The day a follow-up was promised for, from its (kind, due_on, day) events in order: the day it
    was created for, moved by a reschedule made on or before the day then promised, kept by a later one."""
    promised = None
    for kind, due_on, day in events:
        if due_on is None or kind not in ("created", "rescheduled"):
            continue
        if promised is None or kind == "created" or day <= promised:
            promised = due_on
    return promised


def holder_on(day: str, owners: list[tuple[str, str | None]], now: str | None) -> str | None:
    """Who held a follow-up at the end of day, from its (day, owner set or None) events in order: the owner the last
    event that set one on or before it gave (booked for, handed over, given back); else its owner now."""
    held = None
    for on, owner in owners:
        if on > day:
            break
        held = owner or held
    return held or now


def _followups(conn, since: str | None, until: str, today: date,
               owner_id: str | None = None) -> tuple[FollowupStats, str | None]:
    """FollowupStats of the follow-ups promised in the period, and the first day promised among them; with owner_id,
    of those owner_id held on the day each fell due (or was kept or cancelled, if before): one that fell due while a
    colleague covered a leave counts for the colleague, not for the manager it went back to."""
    from workbench.db.followups import OWNER_SET_SQL

    stats = FollowupStats()
    first, last, now = since or "", until, today.isoformat()
    earliest = None
    sql = _FOLLOWUP_EVENTS.format(mine="" if owner_id is None else _EVER_HELD,
                                  owner_set=OWNER_SET_SQL.format(event="e"))
    for _fid, rows in groupby(conn.execute(sql, {"first": first, "last": last, "owner": owner_id}), key=lambda r: r[0]):
        rows = list(rows)
        promised = promised_day([r[4:7] for r in rows])
        if promised is None or not first <= promised <= last:
            continue
        status, changed = rows[0][1], rows[0][2]
        closed = status in ("done", "cancelled") and changed < promised
        if owner_id is not None and holder_on(changed if closed else promised, [(r[6], r[7]) for r in rows],
                                              rows[0][3]) != owner_id:
            continue
        earliest = min(earliest or promised, promised)
        if status == "cancelled":
            stats.cancelled += 1
        elif status == "done":
            stats.kept_on_time += changed <= promised
            stats.kept_late += changed > promised
        elif promised < now:
            stats.overdue += 1
        elif promised == now:
            stats.due_today += 1
        else:
            stats.booked_later += 1
    return stats, earliest


def _first_day(conn, eff: str, span: dict, manager_id: str | None, first_promised: str | None) -> str | None:
    """The first day of anything an all-time report counts: an entry, a follow-up's promised day, a campaign's
    notice given; None when there is nothing."""
    mine = "" if manager_id is None else " AND owner_id = :manager"
    days = [first_promised, *conn.execute(
        "WITH " + eff + " SELECT (SELECT min(substr(at, 1, 10)) FROM eff),"
        f" (SELECT min(substr(created_at, 1, 10)) FROM followups WHERE {names_campaign('purpose')}"
        f" AND created_at <= :until{mine})", {**span, "manager": manager_id}).fetchone()]
    return min((day for day in days if day), default=None)


def report_dict(report: Report) -> dict:
    """The report as plain data for JSON, with the derived rates filled in."""
    data = asdict(report)
    for name in ("by_manager", "by_segment", "by_script", "by_campaign"):
        data[name] = [funnel.as_dict() for funnel in getattr(report, name)]
    data["total"] = report.total.as_dict()
    data["followups"]["due"] = report.followups.due
    for row, hour in zip(data["by_hour"], report.by_hour):
        row["answer_rate"] = round(hour.answer_rate, 4)
    return data


# The width the text report is laid out in where no terminal gives one (a file, a pipe): every funnel whole.
FULL_WIDTH = 140
LABEL_CELLS = 20   # the most cells a funnel's label keeps before it wraps (a campaign's code and title)


def render_text(report: Report, lang: str | None = None, width: int | None = None, *, encoding: str = "utf-8",
                legacy_windows: bool = False) -> str:
    """The report as plain text tables for a terminal `width` columns wide (FULL_WIDTH if None): no line is wider,
    a funnel too wide for it going on in further tables of its other columns. `encoding` and `legacy_windows` are
    those of the console it is printed on: its tables are drawn in ASCII where that is not UTF-8, as every other
    command's are (a GB18030 console draws ┏━┃ two columns wide, and every row of the table wrapped)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from workbench.text_wrap import WrappedText, in_words

    _ = lambda msg: gettext(msg, lang)  # noqa: E731
    width = width or FULL_WIDTH
    out = _Page(encoding)
    console = Console(file=out, width=width, color_system=None, legacy_windows=legacy_windows)
    console.print(report.heading(lang, "  "), markup=False)

    def show(table: Table) -> None:
        """A table, or its title and the app's sentence for a section with nothing in it: no empty table."""
        if table.row_count:
            console.print(table)
        else:
            console.print(Text(str(table.title)), Text(_("Nothing in this period.")), sep="\n")

    groups = [(_("Funnel per manager"), [report.total, *report.by_manager], Funnel),
              (_("Funnel per segment"), report.by_segment, Funnel), (_("Funnel per script"), report.by_script, Funnel)]
    if report.by_campaign:   # campaigns are head office's to send; a bank without them sees no empty table
        groups.append((_("Funnel per campaign"), report.by_campaign, CampaignFunnel))
    for k, (title, funnels, kind) in enumerate(groups):
        for table in _funnel_tables(console, title, funnels, kind, lang):
            show(table)
        if k == 0:   # the units named once, under the first funnel
            for note in (FUNNEL_UNITS, CONFIRMED_NOTE):
                console.print(WrappedText(Text(_(note)), words=in_words(lang)))
    hours = Table(title=_("Phone calls answered by hour of day"), title_justify="left")
    for column in (_("Hour"), _("Calls"), _("Answered"), _("Answer rate")):
        hours.add_column(column, justify="right")
    for h in report.by_hour:
        hours.add_row(Text(f"{h.hour:02d}:00"), str(h.calls), str(h.answered), percent(h.answered, h.calls))
    show(hours)
    steps = Table(title=_("Why not, at each step"), title_justify="left")
    for column, justify in ((_("Stopped at"), "left"), (_("Why"), "left"), (_("Customers"), "right")):
        steps.add_column(column, justify=justify)
    for title, rows in by_step(report.why_not, lang):
        for i, w in enumerate(rows):
            steps.add_row(title if i == 0 else "", Text(w.label), str(w.count))
    show(steps)
    reasons = Table(title=_("Dormancy reasons"), title_justify="left")
    reasons.add_column(_("Reason"))
    reasons.add_column(_("Times recorded"), justify="right")   # entries, not customers as "why not" counts
    for r in report.reasons:
        reasons.add_row(Text(r.label), str(r.count))
    show(reasons)
    counts = followup_counts(report)   # 到期跟进：1119, not '到期跟进: 1119'
    for line in _packed([f"{_(label)}{_(': ')}{n}" for label, n in counts], width):
        console.print(line, markup=False)
    return out.getvalue()


class _Page(io.StringIO):
    """The text report being written, with the encoding of the console it is for, whose boxes Rich draws by it."""

    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:
        return self._encoding


def _funnel_tables(console, title: str, funnels: list[Funnel], kind: type[Funnel], lang: str | None) -> list:
    """A funnel's table, or, where it is wider than the console, its number columns shared out in order over as
    few tables as fit (the widest of them as narrow as can be), each with the labels again and titled as going on:
    no figure is left out or split."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    rows = [figures(f) for f in funnels]
    headings = [gettext(column, lang) for column in column_titles(kind)]
    # The labels keep their width (up to LABEL_CELLS); the numbers' headings wrap between words instead, down to
    # their longest word or number.
    label_cells = min(max((cell_len(f.label) for f in funnels), default=0), LABEL_CELLS)
    cells = [max([*(cell_len(word) for word in heading.split()), *(cell_len(row[i]) for row in rows)])
             for i, heading in enumerate(headings)]
    # The least width of a table of the labels and some number columns: each column takes its cells, a space
    # either side and a rule, the labels at least their longest word, and the table its left edge.
    labels = max([label_cells, *(cell_len(word) for f in funnels for word in f.label.split())])
    shares = _shares(len(cells)) if funnels else [[range(len(cells))]]   # nothing to show: said once, under its title
    parts = min(shares, key=lambda share: _fit(share, cells, labels + 4, console.width))

    def table(part: int, columns: range) -> Table:
        shown = Table(title=title if part == 0 else gettext("{title} (continued)", lang).format(title=title),
                      title_justify="left")
        shown.add_column("", min_width=label_cells)
        for i in columns:
            shown.add_column(headings[i], justify="right", max_width=cells[i])
        for f, row in zip(funnels, rows):
            shown.add_row(Text(f.label), *(row[i] for i in columns))
        return shown

    return [table(k, columns) for k, columns in enumerate(parts)]


def _shares(n: int) -> list[list[range]]:
    """Every way to share n columns out in order over one or more tables."""
    from itertools import combinations

    return [[range(a, b) for a, b in zip((0, *cuts), (*cuts, n))]
            for k in range(n) for cuts in combinations(range(1, n), k)]


def _fit(share: list[range], cells: list[int], base: int, width: int) -> tuple:
    """How well a share of the columns fits width, least best: whether a table is too wide, how many tables there
    are, then how wide the widest is."""
    widest = max(base + sum(cells[i] + 3 for i in columns) for columns in share)
    return widest > width, len(share), widest


def _packed(items: list[str], width: int) -> list[str]:
    """items two spaces apart on lines of at most width cells, none split (a label stays with its figure)."""
    from rich.cells import cell_len

    lines: list[str] = []
    for item in items:
        if lines and cell_len(lines[-1]) + 2 + cell_len(item) <= width:
            lines[-1] += "  " + item
        else:
            lines.append(item)
    return lines
