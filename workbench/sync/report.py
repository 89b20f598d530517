"""The supervisor's report: funnels per manager, segment, script and campaign, why not at each step,
answers by hour, dormancy reasons and follow-ups.

Counts come from the effective outcome log (an entry corrected by a later one is left out); the
funnel's stages are funnel.py's. By hour of day the report counts phone calls instead (the answer
rate: calls answered over calls), since that is what says when to call. Follow-ups are judged
against the day promised: moving one before that day moves the promise, moving it once the day has
passed does not make it kept on time. Textual-free: the CLI prints it, writes it as HTML or JSON,
and the app can show the same dataclasses.
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
from workbench.i18n import gettext
from workbench.sync.campaign_funnel import CampaignFunnel, campaign_funnels
from workbench.sync.funnel import STAGE_COUNTS, Funnel, column_titles, effective_once, figures, period
from workbench.sync.period import check_period
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
    """The follow-ups whose promised day falls in the period (see promised_day)."""
    kept_on_time: int = 0     # done on or before the promised day
    kept_late: int = 0
    overdue: int = 0          # still pending after the promised day, even if moved to a later one since
    pending: int = 0          # pending, the promised day not yet come
    cancelled: int = 0

    @property
    def due(self) -> int:
        """Those whose promised day has come."""
        return self.kept_on_time + self.kept_late + self.overdue


@dataclass
class Report:
    today: str
    since: str | None
    until: str | None
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

    def whose(self) -> str:
        """'王丽娟 (M001)' for a report on one staff member, else ''."""
        return f"{self.manager_name or self.manager_id} ({self.manager_id})" if self.manager_id else ""

    def heading(self, lang: str | None = None, sep: str = " ") -> str:
        """'Outcome report 王丽娟 (M001) 2026-11-14 – 2026-11-20'."""
        period = f"{self.since or '…'} – {self.until or self.today}"
        return sep.join(part for part in (gettext("Outcome report", lang), self.whose(), period) if part)


# Per group: its key, its label and the tables they need joined to eff.
_GROUPS = {
    "total": ("''", "''", ""),
    "manager": ("eff.manager_id", "coalesce(st.name, eff.manager_id)",
                "LEFT JOIN staff st ON st.staff_id = eff.manager_id"),
    "segment": ("coalesce(c.segment, '')", "coalesce(c.segment, '')",
                "LEFT JOIN customers c ON c.customer_id = eff.customer_id"),
    "script": ("coalesce(eff.script_id, '')", "coalesce(sc.title, eff.script_id, '')",
               "LEFT JOIN scripts sc ON sc.script_id = eff.script_id"),
}


def build_report(conn: sqlite3.Connection, *, today: date, since: str | None = None, until: str | None = None,
                 lang: str | None = None, manager_id: str | None = None) -> Report:
    """Compute the whole report from one consistent read of the database; with manager_id, of that staff
    member's work alone (the calls they logged, the notices and follow-ups they hold), a leaver's too."""
    check_period(since, until)
    span = period(since, until)
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        manager_name = known_staff(conn, manager_id)[0] if manager_id is not None else None
        with effective_once(conn, span, manager_id) as eff:
            funnels = {name: _funnels(conn, eff, name, span, lang) for name in _GROUPS}
            report = Report(
                today=today.isoformat(), since=since, until=until,
                total=funnels["total"][0] if funnels["total"] else Funnel("", gettext("All", lang)),
                by_manager=funnels["manager"], by_segment=funnels["segment"], by_script=funnels["script"],
                by_campaign=campaign_funnels(conn, span, manager_id=manager_id, eff=eff), by_hour=_hours(conn, eff, span),
                reasons=_reasons(conn, eff, span, lang), why_not=why_not(conn, span, lang, eff=eff),
                followups=_followups(conn, since, until, today, manager_id),
                manager_id=manager_id, manager_name=manager_name,
            )
    finally:
        if own:
            conn.execute("COMMIT")
    report.total.label = gettext("All", lang)
    return report


def _funnels(conn, eff: str, name: str, span: dict, lang: str | None) -> list[Funnel]:
    key, lab, source = _GROUPS[name]
    none_label = {"segment": gettext("(no segment)", lang), "script": gettext("(no script)", lang)}.get(name, "")
    def shown(k: str, text: str) -> str:
        # A segment's code becomes its label in the report's language; a script shows its title.
        return (segments.label(k, lang) if name == "segment" and k else text) or none_label

    return [Funnel(k, shown(k, l), *counts) for k, l, *counts in conn.execute(
        "WITH " + eff + STAGE_COUNTS.format(key=key, label=lab, source=source), span)]


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


# Each follow-up's events in the order replay folds them, with its final status and last change: of
# the follow-ups once due in the period (the promised day is one of the days an event set).
_FOLLOWUP_EVENTS = """
SELECT f.followup_id, f.status, substr(f.updated_at, 1, 10), e.kind, e.due_on, substr(e.at, 1, 10)
FROM followups f JOIN followup_events e ON e.followup_id = f.followup_id
WHERE f.followup_id IN (SELECT followup_id FROM followup_events WHERE due_on BETWEEN :first AND :last) {mine}
ORDER BY f.followup_id, e.at, e.terminal_id, e.event_id
"""


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


def _followups(conn, since: str | None, until: str | None, today: date, owner_id: str | None = None) -> FollowupStats:
    """FollowupStats of the follow-ups promised in the period (those owner_id holds now, when given)."""
    stats = FollowupStats()
    first, last, now = since or "", until or "9999-12-31", today.isoformat()
    sql = _FOLLOWUP_EVENTS.format(mine="" if owner_id is None else "AND f.owner_id = :owner")
    for _fid, rows in groupby(conn.execute(sql, {"first": first, "last": last, "owner": owner_id}), key=lambda r: r[0]):
        rows = list(rows)
        promised = promised_day([r[3:] for r in rows])
        if promised is None or not first <= promised <= last:
            continue
        status, changed = rows[0][1], rows[0][2]
        if status == "cancelled":
            stats.cancelled += 1
        elif status == "done":
            stats.kept_on_time += changed <= promised
            stats.kept_late += changed > promised
        elif promised < now:
            stats.overdue += 1
        else:
            stats.pending += 1
    return stats


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


def render_text(report: Report, lang: str | None = None) -> str:
    """The report as plain text tables for the terminal."""
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    _ = lambda msg: gettext(msg, lang)  # noqa: E731
    out = io.StringIO()
    console = Console(file=out, width=140, color_system=None)
    console.print(report.heading(lang, "  "), markup=False)
    groups = [(_("Funnel per manager"), [report.total, *report.by_manager], Funnel),
              (_("Funnel per segment"), report.by_segment, Funnel), (_("Funnel per script"), report.by_script, Funnel)]
    if report.by_campaign:   # campaigns are head office's to send; a bank without them sees no empty table
        groups.append((_("Funnel per campaign"), report.by_campaign, CampaignFunnel))
    for title, funnels, kind in groups:
        table = Table(title=title, title_justify="left")
        # The labels keep their width (up to 20 cells: a campaign's code and title); the numbers' headings
        # wrap between words instead, down to their longest word or number.
        rows = [figures(f) for f in funnels]
        table.add_column("", min_width=min(max((cell_len(f.label) for f in funnels), default=0), 20))
        for i, column in enumerate(column_titles(kind)):
            heading = _(column)
            table.add_column(heading, justify="right", max_width=max(
                [*(cell_len(word) for word in heading.split()), *(cell_len(row[i]) for row in rows)]))
        for f, row in zip(funnels, rows):
            table.add_row(Text(f.label), *row)
        console.print(table)
    hours = Table(title=_("Phone calls answered by hour of day"), title_justify="left")
    for column in (_("Hour"), _("Calls"), _("Answered"), _("Answer rate")):
        hours.add_column(column, justify="right")
    for h in report.by_hour:
        hours.add_row(Text(f"{h.hour:02d}:00"), str(h.calls), str(h.answered), f"{h.answer_rate:.0%}")
    console.print(hours)
    steps = Table(title=_("Why not, at each step"), title_justify="left")
    for column, justify in ((_("Stopped at"), "left"), (_("Why"), "left"), (_("Customers"), "right")):
        steps.add_column(column, justify=justify)
    for title, rows in by_step(report.why_not, lang):
        for i, w in enumerate(rows):
            steps.add_row(title if i == 0 else "", Text(w.label), str(w.count))
    console.print(steps)
    reasons = Table(title=_("Dormancy reasons"), title_justify="left")
    reasons.add_column(_("Reason"))
    reasons.add_column(_("Count"), justify="right")
    for r in report.reasons:
        reasons.add_row(Text(r.label), str(r.count))
    console.print(reasons)
    f = report.followups
    counts = ((_("Follow-ups due"), f.due), (_("kept on time"), f.kept_on_time), (_("kept late"), f.kept_late),
              (_("overdue"), f.overdue), (_("not yet due"), f.pending), (_("cancelled"), f.cancelled))
    console.print("  ".join(f"{label}{_(': ')}{n}" for label, n in counts), markup=False)   # 到期跟进：1119, not '到期跟进: 1119'
    return out.getvalue()
