"""CLI commands: staff PINs, the audit log, and personal-data requests."""

from __future__ import annotations

import getpass
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import List, Optional

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from workbench import audit, pins, privacy, staffing
from workbench.access import known_staff, require_supervisor, staff_label
from workbench.cli.base import app, at_least_one, echo_json, file_ending, state
from workbench.errors import WorkbenchError
from workbench.i18n import AND, N_, _, fill, join_list, ngettext
from workbench.tiers import yuan

staff_app = typer.Typer(help="Staff members and their PINs.")
audit_app = typer.Typer(help="The tamper-evident audit log.")
privacy_app = typer.Typer(help="Customers' personal data: access requests and erasure (supervisors).")
app.add_typer(staff_app, name="staff")
app.add_typer(audit_app, name="audit")
app.add_typer(privacy_app, name="privacy")


@staff_app.command("list")
def staff_list(ctx: typer.Context) -> None:
    """List staff: id, name, role, branch, whether a PIN is set, and who has left."""
    db = state(ctx).open()
    table = Table(_("id"), _("name"), _("role"), _("branch"), _("PIN"), _("active"))
    for sid, name, role, branch, pin, active in db.execute(
        "SELECT staff_id, name, role, branch_id, pin_hash IS NOT NULL, active FROM staff"
        " ORDER BY active DESC, role DESC, staff_id"
    ):
        # yes or no both ways: a blank cell would read as "not known" rather than "at work" or "no PIN".
        table.add_row(Text(sid), Text(name), _(role), Text(branch or ""), _("yes") if pin else _("no"),
                      _("yes") if active else _("no"))
    Console().print(table)
    _show_covers(db, state(ctx).now().date())


def _show_covers(db, today) -> None:
    """Each open cover, the ended ones with the command that gives the customers back."""
    from workbench.handover import not_in_extract, open_covers

    for cover in open_covers(db.conn):
        if cover.ended(today) and not cover.customers:
            continue   # nothing left with the colleague to give back
        if cover.ended(today):
            said = ngettext("Cover of {staff} by {taker} ended {until}: give back the {n} customer{more} with"
                            " `workbench staff give-back {id}`.",
                            "Cover of {staff} by {taker} ended {until}: give back the {n} customers{more} with"
                            " `workbench staff give-back {id}`.", cover.active)
        else:
            said = ngettext("{taker} covers {staff} until {until} ({n} customer{more}).",
                            "{taker} covers {staff} until {until} ({n} customers{more}).", cover.active)
        typer.echo(fill(said, staff=cover.from_label, taker=cover.to_label, until=cover.until, n=f"{cover.active:,}",
                        more=not_in_extract(cover.customers, cover.active), id=cover.from_id))


@staff_app.command("add")
def staff_add(
    ctx: typer.Context,
    staff_id: str = typer.Argument(..., help="The staff number, as head office's extracts give it (e.g. M009)."),
    name: str = typer.Option(..., "--name", help="Full name."),
    role: str = typer.Option("manager", "--role", help=f"One of: {', '.join(staffing.ROLES)}."),
    branch: Optional[str] = typer.Option(None, "--branch", help="Branch id: one a customer extract has named (branches"
                                                                " come with the first import)."),
) -> None:
    """Add a staff member. The first supervisor may be added by anyone; after that, supervisors only."""
    db, at, actor = _keeper(ctx, N_("add staff"))
    staffing.add_staff(db.conn, staff_id, name, role=role, branch_id=branch, at=at, by_id=actor)
    typer.echo(_("Added {id} ({role}).").format(id=staff_id.strip(), role=_(role)))


@staff_app.command("set")
def staff_set(
    ctx: typer.Context,
    staff_id: str = typer.Argument(..., help="Whose record to change."),
    name: Optional[str] = typer.Option(None, "--name", help="New full name."),
    role: Optional[str] = typer.Option(None, "--role", help=f"New role: {', '.join(staffing.ROLES)}."),
    branch: Optional[str] = typer.Option(None, "--branch", help="New branch id ('' for none)."),
    active: Optional[bool] = typer.Option(None, "--active/--inactive", help="Back at work, or left (keeps their history)."),
) -> None:
    """Change a staff member's name, role, branch, or whether they still work here (supervisors)."""
    db, at, actor = _keeper(ctx, N_("change staff"))
    staff_id = state(ctx).staff_id(db, staff_id)
    changed = staffing.change_staff(db.conn, staff_id, staffing.StaffChange(name, role, branch, active),
                                    at=at, by_id=actor)
    if not changed:
        typer.echo(_("Nothing to change for {id}.").format(id=staff_id))
        return
    for field, (before, after) in changed.items():
        typer.echo(_("{id} {field}: {before} -> {after}").format(id=staff_id, field=_(_FIELDS[field]),
                                                                 before=_shown(field, before), after=_shown(field, after)))


@staff_app.command("hand-over")
def staff_hand_over(
    ctx: typer.Context,
    staff_id: str = typer.Argument(..., metavar="ID", help="Whose customers to hand over (a leaver's too)."),
    to: Optional[List[str]] = typer.Option(None, "--to", metavar="ID[,ID...]",
                                           help="The manager who takes them; several share them, dealt by priority."),
    to_pool: bool = typer.Option(False, "--to-pool", help="Back to their branches' unassigned pools instead."),
    leave: bool = typer.Option(False, "--leave", help="Also mark ID as left, in the same transaction."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show who would get how many; change nothing."),
    until: Optional[str] = typer.Option(None, "--until", metavar="YYYY-MM-DD",
                                        help="A cover for ID's leave, to one manager, up to this last day:"
                                             " `staff give-back ID` returns the customers."),
) -> None:
    """Hand all of a manager's customers over at once, their pending follow-ups along (supervisors)."""
    from workbench.handover import another_branch_notes, hand_over
    from workbench.sync.conflicts import named_staff
    from workbench.sync.period import check_date

    cli = state(ctx)
    db = cli.open()
    staff_id = cli.staff_id(db, staff_id)
    actor = cli.supervisor(db, N_("hand over a manager's customers"), target=staff_id)
    takers = [cli.staff_id(db, t.strip()) for option in to or [] for t in option.split(",") if t.strip()]
    if to_pool == bool(to):
        raise WorkbenchError(_("Say who takes the customers: --to MANAGER (several, comma-separated, share them)"
                               " or --to-pool."))
    last_day = check_date(until.strip(), "--until") if until is not None else None
    done = hand_over(db.conn, staff_id, None if to_pool else takers, at=cli.now(), by_id=actor.staff_id,
                     dry_run=dry_run, leave=leave, until=last_day)
    _show_hand_over(done)
    for note in another_branch_notes(db.conn, done):   # as `reassign` says it of one customer
        typer.echo(note, err=True)
    if done.until:
        typer.echo(fill(_("{taker} would cover {staff} until {until}; `workbench staff give-back {id}` then gives back"
                          " the customers handed over.") if done.dry_run else
                        _("{taker} covers {staff} until {until}; `workbench staff give-back {id}` gives back the"
                          " customers handed over. Until then head office's extracts that name {id} for them leave"
                          " them with {taker_id}."),
                        taker=named_staff(db.conn, takers[0]), staff=staff_label(done.from_id, done.from_name),
                        until=done.until.isoformat(), id=done.from_id, taker_id=takers[0]))


@staff_app.command("give-back")
def staff_give_back(
    ctx: typer.Context,
    staff_id: str = typer.Argument(..., metavar="ID", help="The manager back from leave."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would go back; change nothing."),
) -> None:
    """Give a manager back from leave the customers their cover moved, their follow-ups along (supervisors)."""
    from workbench.handover import give_back, not_in_extract, stayed_note

    cli = state(ctx)
    db = cli.open()
    staff_id = cli.staff_id(db, staff_id)
    actor = cli.supervisor(db, N_("give a manager's customers back"), target=staff_id)
    done = give_back(db.conn, staff_id, at=cli.now(), by_id=actor.staff_id, dry_run=dry_run)
    share, cover = done.share, done.cover
    said = (ngettext("{n} customer{more} would go back from {taker} to {staff} (assets {amount} yuan; pending"
                     " follow-ups: {f}; dry run: nothing was changed).",
                     "{n} customers{more} would go back from {taker} to {staff} (assets {amount} yuan; pending"
                     " follow-ups: {f}; dry run: nothing was changed).", share.active) if dry_run else
            ngettext("{n} customer{more} went back from {taker} to {staff} (assets {amount} yuan; pending"
                     " follow-ups: {f}).",
                     "{n} customers{more} went back from {taker} to {staff} (assets {amount} yuan; pending"
                     " follow-ups: {f}).", share.active))
    typer.echo(fill(said, n=f"{share.active:,}", more=not_in_extract(share.customers, share.active),
                    amount=yuan(share.aum_fen), f=f"{share.followups:,}", taker=cover.to_label,
                    staff=cover.from_label))
    if done.stayed:
        typer.echo(stayed_note(done.stayed))


def _show_hand_over(done) -> None:
    """The shares as a table, then what else happened, or would have."""
    who = staff_label(done.from_id, done.from_name)
    if not done.shares:
        typer.echo(fill(_("{staff} has no customers to hand over.") if done.elsewhere
                        else _("{staff} has no customers; there is nothing to hand over."), staff=who))
    else:
        title = fill(_("{staff}: customers to hand over (dry run: nothing was changed)") if done.dry_run
                     else _("{staff}: customers handed over"), staff=who)
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_footer=True)
        total = (_("Total"), _customers(done.customers, done.active), yuan(sum(s.aum_fen for s in done.shares)),
                 f"{sum(s.followups for s in done.shares):,}")
        for heading, footer, justify in zip((_("To"), _("Customers"), _("Assets (yuan)"), _("Follow-ups")), total,
                                            ("left", "right", "right", "right")):
            table.add_column(heading, footer=footer, justify=justify)
        for s in done.shares:
            keeper = _("Unassigned pool") if s.manager_id is None else staff_label(s.manager_id, s.name)
            table.add_row(Text(keeper), _customers(s.customers, s.active), yuan(s.aum_fen), f"{s.followups:,}")
        Console().print(Text(title), table)
        if done.followups_to:
            typer.echo(_("The pending follow-ups of customers sent to the pool are {keeper}'s until the customers"
                         " get a manager.").format(keeper=done.followups_to))
    if done.elsewhere:
        _show_elsewhere(done)
    if done.left:
        typer.echo(fill(_("{staff} would be marked as left.") if done.dry_run else _("{staff} is marked as left."),
                        staff=done.from_id))


def _customers(customers: int, active: int) -> str:
    """A share's customers as the app's plan counts them: those on the lists, the rest said apart ('3 (+1 not in the
    latest extract)')."""
    from workbench.handover import not_in_extract

    return f"{active:,}" + not_in_extract(customers, active)


def _show_elsewhere(done) -> None:
    """How many of the leaver's own follow-ups on customers not handed over went to those customers' managers."""
    n = done.elsewhere
    if done.dry_run:
        said = ngettext("{id}'s {n} other pending follow-up would go to its customer's manager.",
                        "{id}'s {n} other pending follow-ups would go to their customers' managers.", n)
    else:
        said = ngettext("{id}'s {n} other pending follow-up went to its customer's manager.",
                        "{id}'s {n} other pending follow-ups went to their customers' managers.", n)
    typer.echo(said.format(id=done.from_id, n=f"{n:,}"))
    if done.elsewhere_kept:
        typer.echo(_("Those of customers without a manager at work ({n}) are {keeper}'s until the customers get one.")
                   .format(n=f"{done.elsewhere_kept:,}", keeper=done.by_id))


def _keeper(ctx: typer.Context, action: str):
    """(database, now, the supervisor acting) for a change to the staff table: nobody need say who while
    there is no supervisor yet (WORKBENCH_USER may name someone not added yet)."""
    cli = state(ctx)
    db = cli.open()
    return db, cli.now(), cli.keeper(db, action)


# The fields `staff set` changes, marked for the catalogue: their names are shown, translated.
_FIELDS = {"name": N_("name"), "role": N_("role"), "branch_id": N_("branch_id"), "active": N_("active")}


def _shown(field: str, value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None:
        return _("(none)")
    return _(value) if field == "role" else value


@staff_app.command("pin")
def staff_pin(
    ctx: typer.Context,
    staff_id: str = typer.Option(..., "--staff", help="Whose PIN to set."),
    clear: bool = typer.Option(False, "--clear", help="Remove the PIN."),
) -> None:
    """Set or clear a PIN (the new PIN from WORKBENCH_NEW_PIN, or asked for). Own PIN, or a supervisor's act;
    --user says which."""
    cli = state(ctx)
    db = cli.open()
    staff_id = cli.staff_id(db, staff_id)
    known_staff(db.conn, staff_id)   # a mistyped id is said as such (a leaver's PIN may still be cleared)
    if not cli.user:   # taken as the staff member named, anyone could lock out a colleague who has no PIN yet
        raise WorkbenchError(_("Say who is setting {id}'s PIN with --user ID (or WORKBENCH_USER): {id} themselves"
                               " or a supervisor.").format(id=staff_id))
    actor = cli.actor(db)
    if actor.staff_id != staff_id:
        require_supervisor(db.conn, actor, N_("set another staff member's PIN"), at=cli.now(), target=staff_id)
    new_pin = None if clear else (os.environ.get("WORKBENCH_NEW_PIN") or _typed_pin())
    pins.set_pin(db.conn, staff_id, new_pin, at=cli.now(), by_id=actor.staff_id)   # audited with the change
    typer.echo((_("PIN cleared for {id}.") if clear else _("PIN set for {id}.")).format(id=staff_id))


def _typed_pin() -> str:
    """The new PIN typed at the prompt, unseen; one piped in is read from standard input as it comes, without
    the prompt or getpass's warning that it may be echoed (a pipe shows nothing). Nothing given, an empty line or
    input already at its end (EOF, Ctrl-D) is refused in one sentence; Ctrl-C is an interruption, as anywhere."""
    if sys.stdin is None or not sys.stdin.isatty():
        typed = sys.stdin.readline() if sys.stdin is not None else ""
    else:
        try:
            typed = getpass.getpass(_("New PIN: "))
        except (EOFError, KeyboardInterrupt) as stopped:
            print(file=sys.stderr)   # the sentence that follows starts on a line of its own, not after the prompt
            if isinstance(stopped, KeyboardInterrupt):
                raise
            typed = ""
    typed = typed.rstrip("\r\n")
    if not typed.strip():
        raise WorkbenchError(_("No PIN was given; nothing changed."))
    return typed


@audit_app.command("verify")
def audit_verify(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
    """Walk the hash chain; name the first broken entry. Exit 1 if the chain is broken."""
    db = state(ctx).open()
    result = audit.verify(db.conn)
    if as_json:
        echo_json(result.__dict__, indent=None)
    elif result.ok:
        typer.echo(_("Audit log intact: {entries} entries, head {head}.").format(entries=result.entries, head=result.head))
    else:
        typer.echo(_("Audit log broken at entry {entry}: {problem}.").format(entry=result.first_broken,
                                                                             problem=_(result.problem)), err=True)
    if result.backwards and not as_json:   # not damage: the chain holds, but its times do not run forward
        typer.echo(_backwards(result.backwards))
    if not result.ok:
        raise typer.Exit(1)


def _backwards(found: list[tuple[int, str, str]]) -> str:
    """The warning that entries are dated earlier than the entry before them, naming the three furthest back."""
    shown = 3
    entries = [_("entry {seq} ({at}, after {before})").format(seq=seq, at=at.replace("T", " "),
                                                              before=before.replace("T", " "))
               for seq, at, before in sorted(found, key=_back_by, reverse=True)[:shown]]
    if len(found) > shown:
        entries.append(_("{n} more").format(n=len(found) - shown))
    said = ngettext("warning: {n} entry is dated earlier than the entry before it (a clock set back, or a time given"
                    " with --now): {entries}.",
                    "warning: {n} entries are dated earlier than the entry before each (a clock set back, or a time"
                    " given with --now), the furthest back first: {entries}.", len(found))
    return said.format(n=len(found), entries=join_list(entries, last=AND))


def _back_by(entry: tuple[int, str, str]) -> float:
    """How far back an entry is dated from the one before it, in seconds (0 for a time not in ISO form)."""
    _seq, at, before = entry
    try:
        return (datetime.fromisoformat(before) - datetime.fromisoformat(at)).total_seconds()
    except ValueError:
        return 0.0


@audit_app.command("show")
def audit_show(
    ctx: typer.Context,
    customer: Optional[str] = typer.Option(None, "--customer", help="Only entries about this customer."),
    staff: Optional[str] = typer.Option(None, "--staff", help="Only entries by or about this staff member."),
    since: Optional[str] = typer.Option(None, "--since", help="From this day, YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", help="Up to and including this day, YYYY-MM-DD."),
    action: Optional[str] = typer.Option(None, "--action", help="Only this action code (refusal, erase, outcome,"
                                         " hand_over, backup, restore, ...)."),
    limit: int = typer.Option(50, "--limit", help="At most this many entries, the newest."),
    as_json: bool = typer.Option(False, "--json", help="Print the entries as stored: codes, ids and detail."),
) -> None:
    """The audit log, newest first: who did what, to whom, when (supervisors). Reading it adds nothing to it."""
    from workbench.cli import audit_show as shown
    from workbench.sync.period import check_period

    at_least_one("--limit", limit)
    check_period(since, until)
    cli = state(ctx)
    db = cli.open()
    cli.supervisor(db, N_("read the audit log"))
    flt = audit.Filter(customer, cli.staff_id(db, staff), since, until, action)
    found = audit.entries(db.conn, flt, limit)
    if as_json:
        echo_json(shown.as_json(found))
    elif not found:
        typer.echo(_("No audit log entries match."))
    else:
        shown.show(db.conn, found)


@privacy_app.command("export")
def privacy_export(
    ctx: typer.Context,
    customer_id: str = typer.Option(..., "--customer"),
    out: Path = typer.Option(..., "--out", help="JSON file to write."),
    force: bool = typer.Option(False, "--force", help="Replace --out even if it is not an earlier export of this"
                               " kind."),
) -> None:
    """Everything held on one customer, as JSON (an access request)."""
    from workbench.sync.files import atomic_path, may_replace

    file_ending("--out", out, "JSON", (".json",))
    cli = state(ctx)
    db = cli.open()
    actor = cli.supervisor(db, N_("export a customer's personal data"), target=customer_id)
    may_replace(out, ours=privacy.is_access_export, kind=N_("access request export"), force=force)   # before the audit
    with atomic_path(out) as tmp:   # owner-only, as every export: the customer's unmasked number and every note
        data = privacy.subject_access(db.conn, customer_id, actor=actor.staff_id, at=cli.now())
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    typer.echo(_("Wrote {path}.").format(path=out))


def _say_erased_before(customer_id: str, before: tuple[str | None, str | None]) -> None:
    """That the customer's personal data was erased already, when and by whom (privacy.erased_before)."""
    from workbench.dates import to_the_minute

    at, by = before
    if at is None:
        typer.echo(_("{id}'s personal data was already erased; nothing changed.").format(id=customer_id))
    else:
        typer.echo(_("{id}'s personal data was already erased on {at} by {by}; nothing changed.").format(
            id=customer_id, at=to_the_minute(at), by=by))


@privacy_app.command("erase")
def privacy_erase(
    ctx: typer.Context,
    customer_id: str = typer.Option(..., "--customer"),
    yes: bool = typer.Option(False, "--yes", help="Confirm: this cannot be undone."),
) -> None:
    """Erase a customer's name, phone, birthday, tags and notes; the outcome entries keep the number."""
    cli = state(ctx)
    db = cli.open()
    actor = cli.supervisor(db, N_("erase a customer's personal data"), target=customer_id)
    if (before := privacy.erased_before(db.conn, customer_id)) is not None:
        _say_erased_before(customer_id, before)   # nothing to do, as a file imported twice: exit 0
        return
    if not yes:
        raise WorkbenchError(_("Erasure cannot be undone; add --yes to confirm."))
    from workbench.followups import SHORT_ID   # late: it loads the engine

    result = privacy.erase_customer(db.conn, customer_id, actor=actor.staff_id, at=cli.now())
    if "erased_before" in result:   # erased by another command between the look and the erasure
        _say_erased_before(customer_id, result["erased_before"])
        return
    typer.echo(_("Erased {id}; {n} notes cleared.").format(id=customer_id, n=result["notes_cleared"]))
    cancelled = result["followups_cancelled"]
    if cancelled:   # nobody is to call, message or visit them now
        typer.echo(ngettext("{n} pending follow-up cancelled: {ids}.", "{n} pending follow-ups cancelled: {ids}.",
                            len(cancelled)).format(n=len(cancelled), ids=", ".join(c[:SHORT_ID] for c in cancelled)))
