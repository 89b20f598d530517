"""CLI commands: outcome bundles between terminals, supervisor exports and the funnel report."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Optional

import typer

from workbench.cli.base import app, echo_json, export_app, file_ending, import_app, state
from workbench.dates import to_the_minute
from workbench.i18n import N_, gettext as _, join_list, ngettext


# --force on the exporters: a file that is not an earlier export of the same kind is otherwise left as it is.
FORCE_HELP = "Replace --out even if it is not an earlier export of this kind."


@export_app.command("bundle")
def export_bundle_cmd(
    ctx: typer.Context,
    out: Path = typer.Option(..., "--out", help="The bundle file to write."),
    since: Optional[str] = typer.Option(None, "--since", help="Only entries this terminal made or received on or after"
                                        " this date (YYYY-MM-DD): its own by when they were recorded, those imported"
                                        " from other terminals by when they arrived here. 'last': from where its"
                                        " bundles left off (everything the first time), so that nothing is left"
                                        " out."),
    manager: Optional[str] = typer.Option(None, "--manager", help="Only this manager's entries."),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
) -> None:
    """Write outcome entries and follow-up changes into one bundle file for other terminals."""
    from workbench.access import require_self_or_supervisor
    from workbench.sync.bundle import export_bundle

    cli = state(ctx)
    db = cli.open()
    actor = cli.actor(db)   # named and PIN-checked: the audit log says who took the entries away
    manager_id = cli.staff_id(db, manager)
    if manager_id is not None:   # another manager's entries alone, notes and all: theirs or a supervisor's to take
        require_self_or_supervisor(db.conn, actor, manager_id, N_("export a bundle"), at=cli.now())
    result = export_bundle(db.conn, out, now=cli.now(), since=since, manager_id=manager_id,
                           actor=actor.staff_id, force=force)
    counts = result.manifest["counts"]
    typer.echo(_("Wrote {path}: {outcomes} outcome entries, {events} follow-up events, {assignments} assignments of"
                 " customers to managers, {erasures} erasures of personal data.").format(
        path=out, outcomes=counts["outcomes"], events=counts["followup_events"], assignments=counts["assignments"],
        erasures=counts["erasures"]))
    _show_since(since, result)


def _show_since(since: str | None, result) -> None:
    """Where --since last started; and the entries made or received here since this terminal's bundles last sent
    everything (or ever, when none is known to have) that a later day given to --since left out (a next bundle from a
    later day would leave them out too)."""
    from workbench.sync.sent import SINCE_LAST

    sent = result.previous
    if since == SINCE_LAST:
        if sent:
            typer.echo(_("It holds what this terminal made or received since {when}, when {name} sent everything"
                         " before.").format(name=sent.name, when=to_the_minute(sent.at)))
        elif result.last_bundle:
            typer.echo(_("It holds everything, as no bundle this terminal wrote before (the last: {name}) is known to"
                         " have sent everything before a time: one given a day leaves out what came before it, and"
                         " an earlier version did not record what its bundles held.").format(name=result.last_bundle))
        else:
            typer.echo(_("This terminal had written no bundle before, so it holds everything."))
    elif result.left_behind and not sent:
        typer.echo(ngettext(
            "warning: {n} entry made or received here is from before {since}, so it is not in this bundle, and no"
            " bundle this terminal wrote before is known to have sent it; export with --since last to send it.",
            "warning: {n} entries made or received here are from before {since}, so they are not in this bundle, and"
            " no bundle this terminal wrote before is known to have sent them; export with --since last to send"
            " them.", result.left_behind).format(n=f"{result.left_behind:,}", since=since))
    elif result.left_behind:
        typer.echo(ngettext(
            "warning: {n} entry made or received here since this terminal's bundles last sent everything ({name},"
            " written {when}) is from before {since}, so it is not in this bundle; export with --since last (or"
            " --since {day}) to send it.",
            "warning: {n} entries made or received here since this terminal's bundles last sent everything ({name},"
            " written {when}) are from before {since}, so they are not in this bundle; export with --since last (or"
            " --since {day}) to send them.", result.left_behind).format(
            n=f"{result.left_behind:,}", name=sent.name, when=to_the_minute(sent.at), since=since, day=sent.at[:10]))


@import_app.command("bundle")
def import_bundle_cmd(ctx: typer.Context, file: Path = typer.Argument(..., help="The bundle file to merge.")) -> None:
    """Merge an outcome bundle from another terminal (safe to repeat, in any order)."""
    from workbench.sync.bundle import import_bundle

    cli = state(ctx)
    db = cli.open()
    actor = cli.actor(db)   # a bundle rewrites follow-ups and do-not-call flags: the audit log says who merged it
    result = import_bundle(db.conn, file, now=cli.now(), actor=actor.staff_id)
    if result.already_imported_at:
        typer.echo(_("This bundle was already imported on {when}; entries already here were skipped.").format(
            when=to_the_minute(result.already_imported_at)))
    typer.echo(_("Imported {path} from terminal {terminal}: outcome entries {o_new} new, {o_known} already here; "
                 "follow-up events {e_new} new, {e_known} already here.").format(
        path=file.name, terminal=result.manifest.get("terminal_id"), o_new=result.outcomes_new,
        o_known=result.outcomes_known, e_new=result.events_new, e_known=result.events_known))
    if result.left_out:
        _show_left_out(db.conn, result)
    if result.before_month:
        _show_before_month(result)
    for corrected, kept, others in result.corrections_clashed:
        typer.echo(ngettext(
            "Entry {id} was corrected on two desks: {kept}, recorded later, is in effect; {others} reads as corrected"
            " by it.", "Entry {id} was corrected on {n} desks: {kept}, recorded last, is in effect; {others} read as"
            " corrected by it.", len(others)).format(id=corrected, kept=kept, others=join_list(list(others)),
                                                     n=len(others) + 1))   # one other: two desks
    if result.assignments_result is not None:
        _show_assignments(db.conn, result)
    if result.followups_arrived:
        typer.echo(ngettext("{n} pending follow-up the bundle brought was booked before its customer was given to"
                            " another manager, so it went along with the customer.",
                            "{n} pending follow-ups the bundle brought were booked before their customers were given"
                            " to other managers, so they went along with the customers.",
                            len(result.followups_arrived)).format(n=len(result.followups_arrived)))
    if result.followups_of_leavers:
        _show_leavers(db.conn, result.followups_of_leavers)
    if any(not leaver.customers for leaver in result.staff_left):
        _show_staff_left(db.conn, result.staff_left)
    if result.erasures_new or result.notes_cleared:
        _show_erasures(db.conn, result)
    if result.followups_cancelled:   # a block brought, or one here that a follow-up brought meets
        typer.echo(ngettext("{n} pending follow-up was cancelled: its customer is on do-not-call, without marketing"
                            " consent or erased.",
                            "{n} pending follow-ups were cancelled: their customers are on do-not-call, without"
                            " marketing consent or erased.",
                            len(result.followups_cancelled)).format(n=f"{len(result.followups_cancelled):,}"))
    if result.clock_apart is not None:   # within CLOCK_SKEW, so taken: a clock a day behind files calls a day early
        hours = round(result.clock_apart.total_seconds() / 3600)
        typer.echo(ngettext(
            "Entries in this bundle were recorded up to {n} hour later than this terminal's clock says it is now:"
            " one of the two clocks is wrong; check this terminal's date and time before logging more calls.",
            "Entries in this bundle were recorded up to {n} hours later than this terminal's clock says it is now:"
            " one of the two clocks is wrong; check this terminal's date and time before logging more calls.",
            hours).format(n=hours))
    if result.notices_unsuited:   # booked elsewhere before that desk knew the product's risk level
        typer.echo(ngettext("{n} campaign notice that came was cancelled: its product does not suit its customer's risk"
                            " level.",
                            "{n} campaign notices that came were cancelled: their products do not suit their customers'"
                            " risk levels.",
                            len(result.notices_unsuited)).format(n=f"{len(result.notices_unsuited):,}"))
    # Entries and follow-ups this database cannot place: another branch's, in part.
    for n, one, many in (
        (result.unknown_customer_entries,
         N_("warning: {n} new entry in the bundle concerns a customer not known here; it was kept, but no one's call"
            " list here shows it."),
         N_("warning: {n} new entries in the bundle concern customers not known here; they were kept, but no one's"
            " call list here shows them.")),
        (result.unknown_owner_followups,
         N_("warning: {n} follow-up the bundle brought is owned by a staff member not on this database's staff."),
         N_("warning: {n} follow-ups the bundle brought are owned by staff members not on this database's staff.")),
        (result.unknown_staff_outcomes,
         N_("warning: {n} new outcome entry in the bundle was logged by a staff member not on this database's staff; the"
            " report counts it under their id, as unknown staff."),
         N_("warning: {n} new outcome entries in the bundle were logged by staff members not on this database's staff;"
            " the report counts them under their ids, as unknown staff.")),
    ):
        if n:
            typer.echo(ngettext(one, many, n).format(n=f"{n:,}"))
    if result.differing:
        typer.echo(ngettext("warning: {n} entry in the bundle reuses an id held here with different content; the copy "
                            "here was kept (first: {first}).",
                            "warning: {n} entries in the bundle reuse an id held here with different content; the copy "
                            "here was kept (first: {first}).", len(result.differing)).format(
            n=len(result.differing), first=result.differing[0]))
    if result.conflicts or result.held:
        from workbench.db import terminal_id
        from workbench.sync.conflicts import describe_all

        here = terminal_id(db.conn)
        for sentence in describe_all(db.conn, result.conflicts, [], here):
            typer.echo(sentence)
        # A hand-over another desk made brings a held follow-up for each customer it could not move here: capped.
        _name_first(describe_all(db.conn, [], result.held, here), lambda sentence: sentence, N_(
            "… and {n} more customer's follow-ups stay with the manager here; the audit log's entry of this import"
            " names each."), N_(
            "… and {n} more customers' follow-ups stay with their managers here; the audit log's entry of this import"
            " names each."))


# What each table's entry left out is called.
LEFT_OUT_KINDS = {"outcomes": N_("outcome entry"), "followup_events": N_("follow-up event"),
                  "assignments": N_("assignment entry")}


def _show_left_out(conn, result) -> None:
    """The new entries left out for their time: the bounds and what to do once, then each of the first
    NAMED_NOT_APPLIED (its kind, id, customer, time and terminal: which desk's clock to check)."""
    from workbench.sync.bundle import EARLIEST
    from workbench.sync.conflicts import named_customer, short_terminal
    from workbench.text_wrap import shown_name

    n = len(result.left_out)
    typer.echo(ngettext(
        "warning: {n} new entry in the bundle was left out: it is dated after {latest} (a day past this terminal's"
        " clock) or before {earliest}, where no right clock dates an entry; check the clock of the terminal that made"
        " it. One dated ahead is merged when a bundle brings it again once its time has come.",
        "warning: {n} new entries in the bundle were left out: they are dated after {latest} (a day past this"
        " terminal's clock) or before {earliest}, where no right clock dates an entry; check the clocks of the"
        " terminals that made them. One dated ahead is merged when a bundle brings it again once its time has come.",
        n).format(
        n=f"{n:,}", latest=to_the_minute(result.latest_time), earliest=EARLIEST.date().isoformat()))
    more = N_("… and {n} more left out; the audit log's entry of this import names each.")
    _name_first(result.left_out, lambda e: _("Left out: {kind} {id} for {customer}, dated {at}, made on terminal"
                                              " {terminal}.").format(
        kind=_(LEFT_OUT_KINDS[e.table]), id=shown_name(e.entry_id), at=_said_time(e.at),
        customer=shown_name(named_customer(conn, e.customer_id)), terminal=shown_name(short_terminal(e.terminal_id))),
        more, more)


def _said_time(at: str) -> str:
    """A time an entry gives, to the minute; one that cannot be said in local time (the year 9999 and an offset) as
    written."""
    from workbench.text_wrap import shown_name

    try:
        return to_the_minute(at)
    except OverflowError:
        return shown_name(at)


def _show_before_month(result) -> None:
    """How many of the new entries are dated before this month, the earliest, and whose report they change: a late
    bundle changes the figures of a month that may have been sent already."""
    n, earliest, start = result.before_month, result.earliest_before_month, result.month_start
    last = (date.fromisoformat(start) - timedelta(days=1)).isoformat()[:7]
    months = last if earliest[:7] == last else _("{first} to {last}").format(first=earliest[:7], last=last)
    typer.echo(ngettext("{n} of the new entries is dated {earliest}, before {start}: the report for {months} changes.",
                        "{n} of the new entries are dated before {start} (the earliest {earliest}): the report for"
                        " {months} changes.", n).format(n=f"{n:,}", start=start, earliest=to_the_minute(earliest),
                                                        months=months))


def _show_staff_left(conn, left) -> None:
    """The managers the bundle's hand-overs with --leave marked as left here, as on the terminal that handed them over,
    in one line (one who still manages active customers here is not marked: the lines on the customers not moved say
    why)."""
    from workbench.i18n import fill, join_list
    from workbench.sync.conflicts import named_staff

    typer.echo(fill(_("Marked as left here, as the hand-over with --leave on another terminal did: {leavers}."),
                    leavers=join_list([named_staff(conn, leaver.staff_id) for leaver in left if not leaver.customers])))


def _show_leavers(conn, moved: list[tuple[str, str, str]]) -> None:
    """The follow-ups of staff who have left here that the import gave on, in one sentence: the leavers, and who took
    how many."""
    from collections import Counter

    from workbench.i18n import fill, join_list
    from workbench.sync.conflicts import named_staff

    takers = Counter(owner for _fid, _leaver, owner in moved)
    leavers = join_list([named_staff(conn, leaver) for leaver in sorted({leaver for _f, leaver, _o in moved})])
    took = join_list([named_staff(conn, owner) if len(moved) == 1 else
                      _("{heading} ({n})").format(heading=named_staff(conn, owner), n=f"{n:,}")
                      for owner, n in sorted(takers.items())])
    typer.echo(fill(ngettext("{n} pending follow-up was booked for staff who have left here ({leavers}), so it went to"
                        " {takers}: as at a hand-over with --leave, a leaver's follow-ups go to their customers'"
                        " managers, or to a supervisor for a customer without one at work.",
                        "{n} pending follow-ups were booked for staff who have left here ({leavers}), so they went to"
                        " {takers}: as at a hand-over with --leave, a leaver's follow-ups go to their customers'"
                        " managers, or to a supervisor for a customer without one at work.", len(moved)),
                    n=f"{len(moved):,}", leavers=leavers, takers=took))


# How many entries not applied are named one by one; a hand-over refused whole names the rest in its audit entry.
NAMED_NOT_APPLIED = 20
# How many managers missing here the sentence on the customers they were not given names.
NAMED_MISSING_STAFF = 10
# How the entries past those named are said unless other words are given: the same words for one and for many.
MORE_NOT_APPLIED = N_("… and {n} more not applied; the audit log's entry of this import names each.")


def _name_first(entries: list, sentence, one: str = MORE_NOT_APPLIED, many: str = MORE_NOT_APPLIED) -> None:
    """A sentence for each of the first NAMED_NOT_APPLIED entries, then how many more the audit log names."""
    for entry in entries[:NAMED_NOT_APPLIED]:
        typer.echo(sentence(entry))
    if (rest := len(entries) - NAMED_NOT_APPLIED) > 0:
        typer.echo(ngettext(one, many, rest).format(n=f"{rest:,}"))


def _show_missing_staff(not_applied: list) -> None:
    """Once, where more entries were not applied than are named: the customers not moved because the managers they
    were given to are not on the staff here, and what moves them (importing the bundle again does not: its entries
    are held here already, and an import decides only the entries it brings)."""
    from workbench.i18n import join_list

    missing = [entry for entry in not_applied if entry.reason == "unknown_manager"]
    if len(not_applied) <= NAMED_NOT_APPLIED or not missing:
        return
    managers = sorted({entry.to_manager_id for entry in missing})
    named = join_list([*managers[:NAMED_MISSING_STAFF], *(["…"] if len(managers) > NAMED_MISSING_STAFF else [])])
    n = len({entry.customer_id for entry in missing})
    typer.echo(ngettext(
        "{n} customer was not moved: the manager they were given to is not on this terminal's staff ({managers})."
        " Importing the bundle again will not move them, as its entries are held here already: add the managers with"
        " `workbench staff add`, then give the customers to them on this terminal too (`workbench staff hand-over`,"
        " `workbench reassign`).",
        "{n} customers were not moved: the managers they were given to are not on this terminal's staff ({managers})."
        " Importing the bundle again will not move them, as its entries are held here already: add the managers with"
        " `workbench staff add`, then give the customers to them on this terminal too (`workbench staff hand-over`,"
        " `workbench reassign`).", n).format(n=f"{n:,}", managers=named))


def _show_assignments(conn, result) -> None:
    """What came of the bundle's new assignment entries: how many applied, and each one not applied and why (those a
    later change in force here superseded are counted only: nothing they would have done is missing here)."""
    from workbench.assignments import describe_not_applied
    from workbench.db import terminal_id

    came = result.assignments_result
    typer.echo(_("Customers given to managers: {new} new entries, {known} already here; {applied} applied here, "
                 "{already} already so here, {superseded} superseded by a later change, {not_applied} not applied."
                 ).format(new=result.assignments_new, known=result.assignments_known, applied=len(came.applied),
                          already=len(came.already), superseded=len(came.superseded),
                          not_applied=len(came.not_applied)))
    here = terminal_id(conn)
    _show_missing_staff(came.not_applied)
    _name_first(came.not_applied, lambda entry: describe_not_applied(conn, entry, here))
    if result.followups_moved:
        typer.echo(ngettext("{n} pending follow-up that only this terminal held went along with its customer.",
                            "{n} pending follow-ups that only this terminal held went along with their customers.",
                            len(result.followups_moved)).format(n=len(result.followups_moved)))


def _show_erasures(conn, result) -> None:
    """What came of the bundle's erasure entries, each one not made by a supervisor here (so not applied), and the
    notes of erased customers it brought, cleared."""
    from workbench.sync.conflicts import named_staff, short_terminal

    came = [e.status for e in result.erasures]
    if came:
        typer.echo(_("Erasures of personal data: {new} new entries, {known} already here; customers erased here now:"
                     " {applied}, erased here before: {already}, not known here: {unknown}.").format(
            new=result.erasures_new, known=result.erasures_known, applied=came.count("applied"),
            already=came.count("already"), unknown=came.count("unknown_customer")))
    refused = [e for e in result.erasures if e.status == "not_supervisor"]
    _name_first(refused, lambda entry: _(
        "warning: the erasure of customer {customer} (by {who} on terminal {terminal}, {at}) was not applied: {who} is"
        " not a supervisor on the staff of this terminal, and only a supervisor's erasure applies; nothing was"
        " erased.").format(customer=entry.customer_id, who=named_staff(conn, entry.by_id),
                           terminal=short_terminal(entry.terminal_id), at=to_the_minute(entry.at)))
    if result.notes_cleared:
        typer.echo(ngettext("{n} note the bundle brought about a customer erased here was cleared.",
                            "{n} notes the bundle brought about customers erased here were cleared.",
                            result.notes_cleared).format(n=result.notes_cleared))


@export_app.command("outcomes")
def export_outcomes_cmd(
    ctx: typer.Context,
    out: Path = typer.Option(..., "--out", help="The file to write."),
    fmt: Optional[str] = typer.Option(None, "--format", help="csv (UTF-8 with BOM), xlsx or jsonl (default: the"
                                      " one --out's extension names; the two must agree)."),
    since: Optional[str] = typer.Option(None, "--since", help="First day (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--until", help="Last day (YYYY-MM-DD), inclusive."),
    manager: Optional[str] = typer.Option(None, "--manager", help="Only this manager's outcomes."),
    campaign: Optional[str] = typer.Option(None, "--campaign", help="Only the contacts that count for this campaign"
                                           " (its id), as the report counts them."),
    include_phone: bool = typer.Option(False, "--include-phone", help="Full phone numbers (supervisors only)."),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
) -> None:
    """Export one row per outcome for supervisors: customer, manager, times, codes and labels, campaigns, follow-up."""
    from rich.progress import Progress

    from workbench.i18n import get_language
    from workbench.sync.export import OutcomeFilter, export_format, export_outcomes

    fmt = export_format(out, fmt)   # a name that says one format and a file that holds another: refused first
    cli = state(ctx)
    db = cli.open()
    staff = cli.actor(db)
    # A bad period is refused by export_outcomes before it writes anything, as the report refuses it.
    flt = OutcomeFilter(since=since, until=until, manager_id=cli.staff_id(db, manager), campaign_id=campaign)
    err = _stderr_console()
    # Off where nobody watches: a bar stopped there still leaves a blank line before an error's sentence.
    with Progress(transient=True, console=err, disable=not err.is_terminal) as bar:
        task = bar.add_task(_("Exporting"), total=None)
        result = export_outcomes(
            db.conn, out, staff=staff, now=cli.now(), fmt=fmt, include_phone=include_phone,
            flt=flt, lang=get_language(), force=force,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    contacts = result.rows - result.corrected
    # A manager's own: the customers they hold now, whoever logged the contacts, not what the report counts for them.
    if result.own_customers and (result.corrected or result.by_others):
        typer.echo(ngettext(
            "Wrote {rows} outcome with the customers you manage to {path}: {contacts} in effect ({corrected} corrected"
            " later), {others} of them logged by other staff.",
            "Wrote {rows} outcomes with the customers you manage to {path}: {contacts} in effect ({corrected}"
            " corrected later), {others} of them logged by other staff.", result.rows).format(
                rows=f"{result.rows:,}", path=out, contacts=f"{contacts:,}", corrected=f"{result.corrected:,}",
                others=f"{result.by_others:,}"))
    elif not result.corrected:
        typer.echo(ngettext("Wrote {rows} outcome to {path}.", "Wrote {rows} outcomes to {path}.", result.rows).format(
            rows=f"{result.rows:,}", path=out))
    elif result.rows == 1:
        typer.echo(_("Wrote 1 outcome to {path} (corrected later: no contact, as the report counts them).").format(
            path=out))
    else:
        # The rows of entries corrected later (log --supersedes) are in the file, marked; the report leaves them out.
        typer.echo(ngettext(
            "Wrote {rows} outcomes to {path} ({corrected} of them corrected later: {contacts} contact, as the report"
            " counts them).",
            "Wrote {rows} outcomes to {path} ({corrected} of them corrected later: {contacts} contacts, as the report"
            " counts them).", contacts).format(rows=f"{result.rows:,}", path=out, corrected=f"{result.corrected:,}",
                                               contacts=f"{contacts:,}"))
    if result.sheets > 1:
        typer.echo(_("Excel holds 1,048,576 rows per sheet, so the rows continue over {sheets} sheets.").format(
            sheets=result.sheets))


@app.command("report")
def report_cmd(
    ctx: typer.Context,
    since: Optional[str] = typer.Option(None, "--since", help="First day (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--until", help="Last day (YYYY-MM-DD), inclusive."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    html: Optional[Path] = typer.Option(None, "--html", help="Also write a self-contained HTML page."),
    manager: Optional[str] = typer.Option(None, "--manager", help="One staff member's work: the calls they logged,"
                                          " the notices and follow-ups they hold."),
    force: bool = typer.Option(False, "--force", help="Replace the --html file even if it is not an earlier report"
                               " page."),
) -> None:
    """The funnel per manager, segment and script, reach by hour, dormancy reasons and follow-ups."""
    from workbench.i18n import get_language
    from workbench.sync.report import build_report, render_text, report_dict
    from workbench.sync.report_html import may_write_html, write_html

    if html is not None:
        file_ending("--html", html, "HTML", (".html", ".htm"))
    cli = state(ctx)
    db = cli.open()
    cli.supervisor(db, N_("read the outcome report"))   # as the app's report: a manager is refused, and it is audited
    if html is not None:
        may_write_html(html, force=force)   # before the report is computed
    report = build_report(db.conn, today=cli.now().date(), since=since, until=until, lang=get_language(),
                          manager_id=cli.staff_id(db, manager))
    if html is not None:
        write_html(report, html, lang=get_language())
    if as_json:
        echo_json(report_dict(report))
    else:
        shown_on = _stdout_console()   # its tables drawn as the console can: ASCII where it is not UTF-8
        typer.echo(render_text(report, lang=get_language(), width=_terminal_width(), encoding=shown_on.encoding,
                               legacy_windows=shown_on.legacy_windows))
        if html is not None:
            typer.echo(_("Wrote {path}.").format(path=html))


def _terminal_width() -> int | None:
    """The width the report is printed in: COLUMNS, else that of the terminal standard output is; None for a file
    or a pipe, which get every table whole. Not rich's Console().width, which the other commands' tables use, nor
    shutil.get_terminal_size: for a file or a pipe both give a width (80, or rich the terminal's, read from standard
    input), and the funnels would be split (tests/test_report_width.py)."""
    import os

    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns):
        return int(columns)
    if not sys.stdout.isatty():
        return None
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns or None
    except (OSError, ValueError):
        return None


def _stdout_console():
    from rich.console import Console

    return Console()


def _stderr_console():
    from rich.console import Console

    return Console(file=sys.stderr)
