"""CLI commands of the engine: `score` (rescore everyone) and `calllist` (a manager's explained list)."""

from __future__ import annotations

import datetime as dt
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from workbench import priority, segments, tiers
from workbench.cli.base import app, at_least_one, echo_json, name_cells, state
from workbench.errors import WorkbenchError
from workbench.sync.period import check_date
from workbench.i18n import get_language, gettext, join_list, pgettext
from workbench.text_wrap import shown_name, typeset


def _parse_tier(text: str | None, lines) -> int | None:
    """A tier given as its index (0 = below the first line) or its name in either language, e.g. 500k or 50万."""
    if text is None:
        return None
    if text.strip().isdigit():
        return int(text)
    if (tier := tiers.line_of_name(text, lines)) is not None:
        return tier
    raise WorkbenchError(gettext("Unknown tier {text!r}; give 0-{top} or one of: {names}.").format(
        text=text, top=len(lines), names=join_list(tiers.amount_label(line) for line in lines)))


def _now_on(cli, date_text: str | None) -> dt.datetime:
    """The clock at the edge, moved to --date when given (same time of day)."""
    now = cli.now()
    day = check_date(date_text, "--date") if date_text is not None else None
    return now if day is None else dt.datetime.combine(day, now.time())


@app.command()
def score(ctx: typer.Context,
          date: Optional[str] = typer.Option(None, "--date", help="Score as of this day (YYYY-MM-DD); default today."),
          full: bool = typer.Option(False, "--full", help="Look at every customer and refit BG/NBD, even when "
                                    "only the customers due would do."),
          as_json: bool = typer.Option(False, "--json", help="Print the result as JSON.")) -> None:
    """Bring every customer's scores up to date: dormancy, tiers, segments and call-list priority."""
    from workbench.scoring import rescore

    cli = state(ctx)
    today = _now_on(cli, date).date()
    conn = cli.open().conn
    err = Console(stderr=True)
    if err.is_terminal:   # a full run over a million customers takes seconds: show how far it is
        from rich.progress import BarColumn, Progress, TimeRemainingColumn

        with Progress("{task.description}", BarColumn(), "{task.percentage:>3.0f}%", TimeRemainingColumn(),
                      console=err, transient=True) as bar:
            task = bar.add_task(gettext("Scoring customers"), total=None)
            result = rescore(conn, today, refit=full,
                             progress=lambda done, total: bar.update(task, completed=done, total=total))
    else:
        result = rescore(conn, today, refit=full)
    fitted = sum(1 for run in result.runs if run.fitted)
    if as_json:
        echo_json({
            "scored_on": today.isoformat(), "mode": result.mode, "customers": result.customers,
            "listable": result.listable, "written": result.written,
            "branches": [{"branch_id": r.branch_id, "customers": r.customers, "fitted": r.fitted} for r in result.runs],
        })
        return
    if result.mode == "due":
        text = gettext("Scores up to date as of {day}: due for a look {n}, changed {written}; "
                       "every other customer's scores still hold.")
    else:
        text = gettext("Scored as of {day}: customers {n}, may be called {listable}, changed {written}; "
                       "BG/NBD fitted for branches: {fitted} of {branches}.")
    Console().print(text.format(n=f"{result.customers:,}", listable=f"{result.listable:,}",
                                written=f"{result.written:,}", day=today.isoformat(), fitted=fitted,
                                branches=len(result.runs)), markup=False)


@app.command()
def calllist(ctx: typer.Context,
             manager: Optional[str] = typer.Option(None, "--manager", help="Staff id of the relationship manager (default: --user, a manager's own list)."),
             date: Optional[str] = typer.Option(None, "--date", help="The list for this day (YYYY-MM-DD); default today."),
             limit: Optional[int] = typer.Option(None, "--limit", help="At most this many entries (default: the day's target)."),
             segment: Optional[str] = typer.Option(None, "--segment", help=f"Only this segment: {', '.join(segments.CODES)}."),
             tier: Optional[str] = typer.Option(None, "--tier", help="Only this tier: 0-4 or a name such as 500k (50万)."),
             trigger: Optional[str] = typer.Option(None, "--trigger", help=f"Only this trigger: {', '.join(segments.TRIGGERS)}."),
             search: Optional[str] = typer.Option(None, "--search", help="Name part, customer number start or phone's last digits."),
             follow_ups_only: bool = typer.Option(False, "--follow-ups", help="Only the calls and visits booked that are due today or overdue."),
             as_json: bool = typer.Option(False, "--json", help="Print the list as JSON.")) -> None:
    """A manager's call list: due follow-ups first, then by priority, each with its reasons."""
    from workbench.calllist import (CallListFilter, call_list, count_call_list, left_out, manager_settings,
                                    moved_note, not_shown_parts, resting_parts)
    from workbench.scoring import needs_rescore, rescore

    at_least_one("--limit", limit)
    cli = state(ctx)
    now = _now_on(cli, date)
    db = cli.open()
    manager = cli.staff_id(db, manager) if manager else _own_list(db, cli.user)   # m001 is M001, as --user is
    actor = cli.acting_for(db, manager, "read the call list")   # the manager themselves (PIN-checked) or a supervisor
    conn = db.conn
    settings = manager_settings(conn, manager)
    target = int(settings["calllist.daily_target"])
    lines = settings["tiers.lines_fen"]
    filters = CallListFilter(segment=segment, tier=_parse_tier(tier, lines), trigger=trigger,
                             follow_ups_only=follow_ups_only, search=search)
    if needs_rescore(conn, now.date()):
        rescore(conn, now.date(), refit=False)  # the day-change rescore reuses the latest BG/NBD fit
    entries = call_list(conn, manager, now, filters=filters, limit=limit or target, settings=settings)
    # For a search only: who it matches that the contact rules rest today, and who no list shows, and why (whose they
    # are told to a supervisor only), as the app's filter line says; one read of the matches, no one named (limit=0)
    # but a customer the search names exactly who was the manager's and has gone to another: whose they are now.
    notes = []
    if (search or "").strip():
        out = left_out(conn, manager, now, filters=filters, settings=settings, by_manager=actor.is_supervisor, limit=0)
        if out.resting:
            notes.append(gettext(", ").join(resting_parts(out.resting)))
        if out.not_shown:
            notes.append(gettext(", ").join(not_shown_parts(out.not_shown)))
        notes += [moved_note(match) for match in out.moved]
    if as_json:   # the list's shape stays a list: the explanation is a note beside it, as the other commands' notes
        echo_json([_as_json(e, lines) for e in entries])
        for note in notes:
            typer.echo(gettext("note: {note}").format(note=note), err=True)
        return
    total = count_call_list(conn, manager, now, filters=filters, settings=settings)
    _print_table(entries, lines, total, now)
    for note in notes:
        Console().print(typeset(Text(note), get_language(), clauses=True))   # Chinese broken between clauses


def _own_list(db, user: str | None) -> str:
    """Whose list a calllist without --manager shows: the manager's own, given as --user; a supervisor or nobody
    named must say whose."""
    from workbench.access import get_staff

    staff = get_staff(db.conn, user) if user else None
    if staff is None or staff.role != "manager":
        raise WorkbenchError(gettext("Say whose call list with --manager ID (a manager's own list needs only --user)."))
    return staff.staff_id


def _as_json(entry, lines) -> dict:
    return {
        "customer_id": entry.customer_id, "rank": entry.rank, "name": entry.name, "phone": entry.phone_masked,
        "priority": entry.priority, "segment": entry.segment, "segment_label": segments.label(entry.segment),
        "tier": entry.tier, "tier_name": tiers.tier_name(entry.tier or 0, lines),
        "dormant_days": entry.dormant_days, "last_contact_at": entry.last_contact_at,
        "is_follow_up": entry.is_follow_up, "followup_id": entry.followup_id,
        "followup_due_on": entry.followup_due_on, "followup_slot": entry.followup_slot, "overdue": entry.overdue,
        "reasons": [{"code": r.code, "text": r.text, "points": round(r.points, 2)} for r in entry.reasons],
    }


def _print_table(entries, lines, total: int, now: dt.datetime) -> None:
    console = Console()
    table = Table(title=gettext("Call list for {day}: {shown} of {total}").format(
        day=now.date().isoformat(), shown=f"{len(entries):,}", total=f"{total:,}"), show_lines=False)
    # Below 120 columns the segment, the tier and the follow-up flag, which the reasons say anyway (the segment
    # first, the tier always, a due follow-up at their head), give their room to the reasons: at 80 they were 10
    # cells wide and split a date, then 22 and took six or seven lines a customer.
    wide = console.width >= 120
    # Short cells never wrap (a phone split over two lines is misread), a long name is cut (name_cells), the
    # reasons take the rest.
    for heading, justify, wrap in (("#", "right", False), ("Customer", "left", False), ("Phone", "left", False),
                                   *([("Segment", "left", True), ("Tier", "left", False)] if wide else []),
                                   ("Priority", "right", False), ("Why", "left", True)):
        if heading == "Customer":
            table.add_column(gettext(heading), overflow="ellipsis", no_wrap=True, max_width=name_cells(console.width))
        else:
            table.add_column(gettext(heading), justify=justify, overflow="fold", no_wrap=not wrap,
                             ratio=3 if heading == "Why" else None)
    for e in entries:
        flag = "" if not wide else pgettext("call list", "overdue") if e.overdue else \
            pgettext("call list", "due") if e.is_follow_up else ""
        table.add_row(Text(str(e.rank)), Text(shown_name(e.name)), Text(e.phone_masked),
                      *([Text(segments.label(e.segment)), Text(tiers.tier_name(e.tier or 0, lines))] if wide else []),
                      Text(f"{flag} " if flag else "") + Text(priority.shown(e.priority)),
                      typeset(Text(priority.summary(e.reasons)), get_language(), clauses=True))
    console.print(table)
