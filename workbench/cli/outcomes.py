"""CLI commands: log (an outcome), followups (the agenda and care suggestions), reassign."""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

import typer
from rich.cells import cell_len

from workbench import followups
from workbench.access import known_staff, refuse, require_handles
from workbench.branches import another_branch_note
from workbench.cli.base import app, echo_json, state
from workbench.codes import BUSINESS_OUTCOMES, CHANNELS, DORMANCY_REASONS, LINE_RESULTS, label
from workbench.dates import to_the_minute
from workbench.errors import WorkbenchError
from workbench.sync.period import check_date
from workbench.text_wrap import shown_name
from workbench.i18n import N_, gettext as _, join_list, ngettext
from workbench.outcomes import (FollowUpRequest, check_author, get, log_outcome, nothing_booked, settled_names,
                                 taken_facts)
from workbench.when import day_and_slot, parse_when

# An example of several words is glued with no-break spaces (text_wrap.GLUE), so that help never breaks it over two
# lines for a manager to copy as two words; the Chinese ones are words of their own in English text.
_WHEN_HELP = ("YYYY-MM-DD, YYYY-MM-DDTHH:MM, 2026/11/25, 11/25 or 11-25 (the coming one), today, tomorrow, +3d,"
              " next-week, next-month or a weekday (friday, fri, next\u00a0monday), each may take a time"
              " (tomorrow\u00a010:00, fri\u00a03pm) or 'all\u00a0day' (tomorrow\u00a0all\u00a0day: no time, where moving a"
              " follow-up to a day alone keeps its time); or 明天, 后天, 大后天, 三天后, 两周后, 两个月后, 半个月后, 下周, 下个月,"
              " 周五, 下周二, 下下周五, 11月25日, 25号 (the coming 25th), 明天\u00a010:00, 明天下午3点, 11月25日\u00a010点,"
              " 明天\u00a0全天")


def _acting(explicit: Optional[str], fallback: Optional[str], option: str) -> str:
    who = explicit or fallback
    if not who:
        raise WorkbenchError(_("Say who is acting with {option} ID.").format(option=option))
    return who


@app.command("log")
def log_command(
    ctx: typer.Context,
    customer: str = typer.Option(..., "--customer", help="Customer id."),
    result: str = typer.Option(..., "--result", help=f"Line result: {', '.join(LINE_RESULTS)}."),
    outcome: Optional[str] = typer.Option(None, "--outcome", help=f"Business outcome (only when reached): {', '.join(BUSINESS_OUTCOMES)}."),
    reason: Optional[str] = typer.Option(None, "--reason", help=f"Dormancy reason: {', '.join(DORMANCY_REASONS)}."),
    note: str = typer.Option("", "--note", help="Free note, at most 2,000 characters."),
    follow_up: Optional[str] = typer.Option(None, "--follow-up", help=f"Book a follow-up: {_WHEN_HELP}."),
    follow_up_channel: Optional[str] = typer.Option(None, "--follow-up-channel", help=f"Channel of the follow-up (default: the contact's): {', '.join(CHANNELS)}."),
    purpose: Optional[str] = typer.Option(None, "--purpose", help="Purpose of the follow-up (default: the outcome code)."),
    channel: str = typer.Option("phone", "--channel", help=f"Channel of the contact: {', '.join(CHANNELS)}."),
    script: Optional[str] = typer.Option(None, "--script", help="Id of the script used."),
    supersedes: Optional[str] = typer.Option(None, "--supersedes", help="Correct an earlier entry: its outcome id (the contact keeps that entry's time)."),
    manager: Optional[str] = typer.Option(None, "--manager", help="Staff id who made the contact (default: --user)."),
    as_json: bool = typer.Option(False, "--json", help="Print the outcome and follow-up ids as JSON."),
) -> None:
    """Log the outcome of a contact; prints the new entry's id."""
    cli = state(ctx)
    now = cli.now()
    manager_id = _acting(manager, cli.user, "--manager")
    request = None
    if follow_up is not None:
        due_on, slot = parse_when(follow_up, now)
        request = FollowUpRequest(due_on, slot, channel=follow_up_channel or channel, purpose=purpose)
    db = cli.open()
    manager_id = cli.staff_id(db, manager_id)   # m001 is M001, as --user is
    staff = cli.acting_for(db, manager_id, N_("log outcomes"))
    at = now
    if supersedes is not None:
        at = datetime.fromisoformat(get(db.conn, supersedes).at)
    row = followups.customer_row(db.conn, customer)   # an unknown customer is said as such, not refused
    try:   # as log_outcome checks it again, for the manager it is logged for
        check_author(db.conn, staff, row, at)
    except WorkbenchError as refused:
        refuse(db.conn, staff, N_("log outcomes"), str(refused), at=now, target=customer)
    unbooked = request is None and nothing_booked(db.conn, customer, outcome, at.date(), channel)
    logged = log_outcome(
        db.conn, customer_id=customer, manager_id=manager_id, line_result=result, at=at,
        business_outcome=outcome, reason=reason, note=note, channel=channel, script_id=script,
        follow_up=request, supersedes=supersedes, recorded_at=now, entered_by=staff.staff_id,
    )
    block = followups.marketing_block(db.conn, customer)   # as the contact left it
    if as_json:
        echo_json({"outcome_id": logged.outcome_id, "followup_id": logged.followup_id}, indent=None)
    else:
        typer.echo(logged.outcome_id)
    if logged.left_by is not None:
        name = known_staff(db.conn, logged.left_by)[0]
        typer.echo(_("note: {name} ({id}) has left the branch, so the follow-up is {owner}'s; `workbench staff hand-over"
                     " {id}` gives their customers to a manager at work.").format(
                         name=name, id=logged.left_by, owner=manager_id), err=True)
    if logged.taken is not None:   # a supervisor took the customer from the caller: the log has the call all the same
        typer.echo(_taken_note(db.conn, customer, manager_id, logged), err=True)
    if logged.moved_from is not None:   # the follow-up booked is the missed callback, moved: say so
        moved = followups.get(db.conn, logged.followup_id)
        typer.echo(_("note: the callback due {old} was missed by this call and moves to {new}.").format(
            old=day_and_slot(*logged.moved_from), new=day_and_slot(moved.due_on, moved.slot)), err=True)
    if logged.superseded:   # a colleague's promise among them is no longer theirs to keep: say whose it was
        typer.echo(ngettext("note: the follow-up booked replaces one booked before, now cancelled: {items}.",
                            "note: the follow-up booked replaces {n} booked before, now cancelled: {items}.",
                            len(logged.superseded)).format(n=len(logged.superseded),
                                                           items=join_list(settled_names(db.conn, logged))), err=True)
    if logged.cancelled:
        typer.echo(ngettext("note: the do-not-call request cancelled {n} pending follow-up: {ids}.",
                            "note: the do-not-call request cancelled {n} pending follow-ups: {ids}.",
                            len(logged.cancelled)).format(n=len(logged.cancelled), ids=join_list(fid[:followups.SHORT_ID] for fid in logged.cancelled)),
                   err=True)
    elif logged.was_do_not_call and block not in ("do_not_call", "erased"):   # an erasure sets the flag too
        # A correction left no do-not-call entry standing: the customer may be called again, so say so.
        typer.echo(_("note: customer {customer}'s do-not-call request is lifted; the audit log records it.")
                   .format(customer=customer), err=True)
    elif logged.was_do_not_call and channel != "visit" and supersedes is None and outcome != "do_not_call":
        # Logged as it happened (the customer may have rung in), but nobody should call again.
        typer.echo(_("note: {customer} is on the do-not-call list; the contact is logged, but do not contact them"
                     " again.").format(customer=customer), err=True)
    elif block == "no_consent" and channel != "visit" and supersedes is None:
        # As for do-not-call: logged as it happened, but no call, SMS or WeChat is to follow.
        typer.echo(_("note: {customer} has not consented to marketing; the contact is logged, but do not call, text or"
                     " message them.").format(customer=customer), err=True)
    if unbooked and block in ("do_not_call", "no_consent"):   # a visit is the one next step they may be booked
        typer.echo(_("note: {customer} is left with nothing booked after '{outcome}'; they may only be visited:"
                     " --follow-up with --follow-up-channel visit books one.")
                   .format(customer=customer, outcome=label(outcome)), err=True)
    elif unbooked and block is None:   # logged as asked; the note says what the form would have asked
        typer.echo(_("note: {customer} is left with nothing booked after '{outcome}'; --follow-up books the next step.")
                   .format(customer=customer, outcome=label(outcome)), err=True)


def _taken_note(conn, customer: str, manager_id: str, logged) -> str:
    """Whose the customer a supervisor took from the caller is now, and whose the follow-up the contact booked."""
    facts = taken_facts(conn, logged)
    what = {"customer": customer, "manager": manager_id, "when": to_the_minute(facts.at), "to": facts.manager_id,
            "name": facts.manager_name}
    if facts.manager_id is None:
        note = _("note: {customer} was put in the unassigned pool at {when}; the contact is logged as {manager}'s.")
    else:
        note = _("note: {customer} was handed to {name} ({to}) at {when}; the contact is logged as {manager}'s.")
    if facts.owner_id is None:
        return note.format(**what)
    return _("{sentence} {next}").format(sentence=note.format(**what),
                                         next=_("The follow-up it booked is {owner}'s.").format(owner=facts.owner_id))


def _entry_cells(item: followups.FollowUp, today: date) -> list[str]:
    """An agenda entry's columns: id, due day and time, customer, name, channel, purpose, then what to know."""
    notes = [*([followups.rest_note(item.not_before, item.rest_reason)] if item.not_before else []),
             *([followups.number_problem_note(item.number_problem)] if item.number_problem else []),
             *([followups.inactive_note()] if item.inactive else []),
             *([followups.campaign_over_note(item.campaign_ends_on)] if item.campaign_over(today) else [])]
    return [item.followup_id[:followups.SHORT_ID], f"{item.due_on.isoformat()} {item.slot or '--:--'}", item.customer_id,
            shown_name(item.customer_name), _(CHANNELS.get(item.channel, item.channel)), item.purpose_text(),
            "  ".join(notes)]


def _suggestion_cells(s) -> list[str]:
    """A care suggestion's, in the entries' columns: no id, a day without a time, the reason where the purpose is."""
    return ["", s.due_on.isoformat(), s.customer_id, shown_name(s.customer_name), _(CHANNELS[s.channel]),
            s.reason, ""]


# The cells a name's column takes at most, as a table's below 100 columns (base.name_cells): a longer name pushes
# its own line along, not the whole listing.
_NAME_COLUMN, _NAME_CELLS = 3, 14


def _aligned(rows: list[list[str]]) -> list[str]:
    """The rows as lines of columns two spaces apart, each cell padded to the widest of its column in display cells
    (陈军 and 上门拜访 take 4 and 8 cells, as many as two and four characters of Latin text would not); a row's last
    cell is not, nor does it widen its column (a suggestion's long reason does not push the entries' notes along)."""
    def last(row: list[str]) -> int:
        return max((k for k, cell in enumerate(row) if cell), default=0)

    if not rows:
        return []
    widths = [max((cell_len(row[k]) for row in rows if k < last(row)), default=0) for k in range(len(rows[0]))]
    widths[_NAME_COLUMN] = min(widths[_NAME_COLUMN], _NAME_CELLS)
    padded = ([cell + " " * max(width - cell_len(cell), 0) for cell, width in zip(row[:last(row) + 1], widths)]
              for row in rows)
    return [("  " + "  ".join(cells)).rstrip() for cells in padded]


_HEADINGS = {"overdue": "Overdue", "today": "Today", "this_week": "This week", "later": "Later",
             "campaign_over": "Campaign over"}


@app.command("followups")
def followups_command(
    ctx: typer.Context,
    manager: Optional[str] = typer.Option(None, "--manager", help="Whose agenda (default: --user)."),
    day: Optional[str] = typer.Option(None, "--date", help="The day to plan for, YYYY-MM-DD (default: today)."),
    suggest: bool = typer.Option(False, "--suggest", help="Also list care suggestions (birthdays, festivals, maturities, new and woken customers, campaigns)."),
    as_json: bool = typer.Option(False, "--json", help="Print the agenda as JSON."),
) -> None:
    """The follow-up agenda: overdue, today, this week, later."""
    cli = state(ctx)
    today = check_date(day, "--date") if day else cli.now().date()
    db = cli.open()
    owner = cli.staff_id(db, _acting(manager, cli.user, "--manager"))
    cli.acting_for(db, owner, N_("read the follow-up agenda"))   # also says a mistyped owner is unknown
    agenda = followups.agenda(db.conn, owner, today)
    suggestions = followups.care_suggestions(db.conn, owner, today) if suggest else []
    if as_json:
        report = {"manager_id": owner, "date": today.isoformat()}
        report.update({k: [{**i.as_dict(), "purpose_label": i.purpose_text()} for i in v]
                       for k, v in agenda.buckets().items()})
        if suggest:
            report["suggestions"] = [s.as_dict() for s in suggestions]
        echo_json(report)
        return
    shown = [(key, items) for key, items in agenda.buckets().items()
             if key != "campaign_over" or items]   # a heading only while such notices wait to be cancelled
    # One set of columns for the entries and the suggestions alike, so that a day, a name or a channel is read down.
    lines = iter(_aligned([*(_entry_cells(item, today) for _key, items in shown for item in items),
                           *(_suggestion_cells(s) for s in suggestions)]))
    for key, items in shown:
        typer.echo(_("{heading} ({n})").format(heading=_(_HEADINGS[key]), n=len(items)))
        for _item in items:
            typer.echo(next(lines))
    if suggest:
        typer.echo(_("{heading} ({n})").format(heading=_("Care suggestions"), n=len(suggestions)))
        for line in lines:
            typer.echo(line)


@app.command("reassign")
def reassign_command(
    ctx: typer.Context,
    customer: str = typer.Option(..., "--customer", help="Customer id."),
    to: str = typer.Option(..., "--to", help="Staff id of the new manager."),
    user: Optional[str] = typer.Option(None, "--user", help="Supervisor acting (default: the global --user)."),
) -> None:
    """Give a customer to another manager; their pending follow-ups move along (supervisors only)."""
    cli = state(ctx)
    now = cli.now()
    db = cli.open()
    staff = cli.supervisor(db, N_("reassign customers"), user, target=customer)   # without --user here, the global one
    to = cli.staff_id(db, to)
    moved = followups.reassign_customer(db.conn, customer, to, at=now, by_id=staff.staff_id)
    typer.echo(ngettext("Customer {id} now belongs to {manager}; {n} follow-up moved.",
                        "Customer {id} now belongs to {manager}; {n} follow-ups moved.", len(moved)).format(
                            id=customer, manager=to, n=len(moved)))
    note = another_branch_note(db.conn, customer, to)
    if note is not None:
        typer.echo(note, err=True)


followup_app = typer.Typer(help="Change one follow-up: add, move, done, cancel.")
app.add_typer(followup_app, name="followup")


def _owner_or_supervisor(db, cli, typed: str):
    """The acting staff member and the follow-up's whole id (typed whole or by its first characters, as
    `followups` shows it), refused (and the refusal audited) unless they own the follow-up or supervise."""
    staff = cli.actor(db)
    followup_id = followups.resolve_id(db.conn, typed)
    item = followups.get(db.conn, followup_id)
    if not staff.is_supervisor and item.owner_id != staff.staff_id:
        # The audit names the customer it was about, as every refusal does; the sentence names the follow-up.
        refuse(db.conn, staff, N_("change a follow-up"), _("Follow-up {id} belongs to {owner}, not {user}.").format(
            id=followup_id[:followups.SHORT_ID], owner=item.owner_id, user=staff.staff_id), at=cli.now(),
            target=item.customer_id)
    return staff, followup_id


@followup_app.command("add")
def followup_add(
    ctx: typer.Context,
    customer: str = typer.Option(..., "--customer", help="Customer id."),
    when: str = typer.Option(..., "--when", help=f"Due: {_WHEN_HELP}."),
    channel: str = typer.Option("phone", "--channel", help=f"Channel: {', '.join(CHANNELS)}."),
    purpose: Optional[str] = typer.Option(None, "--purpose", help="What it is for, e.g. call_back, maturity."),
    manager: Optional[str] = typer.Option(None, "--manager", help="Owner (default: --user)."),
) -> None:
    """Book a follow-up; prints its id."""
    cli = state(ctx)
    now = cli.now()
    due_on, slot = parse_when(when, now)
    db = cli.open()
    owner = cli.staff_id(db, _acting(manager, cli.user, "--manager"))
    staff = cli.acting_for(db, owner, N_("book follow-ups"))
    require_handles(db.conn, staff, customer, N_("book follow-ups"), at=now)
    typer.echo(followups.schedule(db.conn, customer_id=customer, owner_id=owner, due_on=due_on, slot=slot, at=now,
                                  channel=channel, purpose=purpose, by_id=staff.staff_id))


@followup_app.command("move")
def followup_move(
    ctx: typer.Context,
    followup_id: str = typer.Argument(..., help="Follow-up id, whole or its first 8 characters as `followups` shows them."),
    when: str = typer.Option(..., "--when", help=f"New due time: {_WHEN_HELP}."),
) -> None:
    """Reschedule a pending follow-up."""
    cli = state(ctx)
    now = cli.now()
    due_on, slot = parse_when(when, now)
    db = cli.open()
    staff, followup_id = _owner_or_supervisor(db, cli, followup_id)
    day, kept = followups.reschedule(db.conn, followup_id, due_on=due_on, slot=slot, at=now, by_id=staff.staff_id)
    typer.echo(_("Follow-up moved to {when}.").format(when=day_and_slot(day, kept)))


@followup_app.command("done")
def followup_done(ctx: typer.Context, followup_id: str = typer.Argument(..., help="Follow-up id, whole or its first 8 characters as `followups` shows them.")) -> None:
    """Mark a pending follow-up done (a notice of a campaign that has ended is cancelled: it was never given)."""
    cli = state(ctx)
    db = cli.open()
    staff, followup_id = _owner_or_supervisor(db, cli, followup_id)
    short = followup_id[:followups.SHORT_ID]
    if followups.complete(db.conn, followup_id, at=cli.now(), by_id=staff.staff_id) == "cancelled":
        typer.echo(_("Follow-up {id} cancelled, not done: its campaign ended on {day}, so it was never given.").format(
            id=short, day=followups.get(db.conn, followup_id).campaign_ends_on.isoformat()))
        return
    typer.echo(_("Follow-up {id} marked done.").format(id=short))


@followup_app.command("cancel")
def followup_cancel(ctx: typer.Context, followup_id: str = typer.Argument(..., help="Follow-up id, whole or its first 8 characters as `followups` shows them.")) -> None:
    """Cancel a pending follow-up."""
    cli = state(ctx)
    db = cli.open()
    staff, followup_id = _owner_or_supervisor(db, cli, followup_id)
    followups.cancel(db.conn, followup_id, at=cli.now(), by_id=staff.staff_id)
    typer.echo(_("Follow-up {id} cancelled.").format(id=followup_id[:followups.SHORT_ID]))
