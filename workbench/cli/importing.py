"""CLI commands: `workbench import customers FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

from workbench.access import staff_label
from workbench.cli.base import import_app, state
from workbench.errors import WorkbenchError
from workbench.branches import branch_label
from workbench.i18n import AND, N_, _, fill, join_list


def _check_permission(cli, db) -> None:
    """A supervisor (with their PIN) imports; before there is one, only the very first import, which
    sets a new database up: later ones would change customers on nobody's authority."""
    first = db.conn.execute("SELECT 1 FROM import_log WHERE kind = 'customers' LIMIT 1").fetchone() is None
    if cli.keeper(db, N_("import customer extracts")) is None and not first:
        raise WorkbenchError(_("This database has no supervisor yet, and only its first import may run without one; "
                               "add one with `workbench staff add ID --name NAME --role supervisor`, then import as "
                               "them with --user ID."), exit_code=3)


@import_app.command("customers")
def customers(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="The extract: CSV/TSV text (UTF-8, GBK/GB18030, UTF-16) or a workbook (.xlsx, .xlsm, .xls, .xlsb, .ods)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Text encoding (default: detected)."),
    delimiter: Optional[str] = typer.Option(None, "--delimiter", help="Column separator, e.g. ',' or tab (default: detected)."),
    mappings: List[str] = typer.Option([], "--map", help="'SOURCE=field' for a column the importer does not know; 'SOURCE=' skips it."),
    full: bool = typer.Option(False, "--full", help="A full extract: customers of its branches missing from it become inactive."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would happen; change nothing in the database."),
    yes: bool = typer.Option(False, "--yes", help="With --full: go ahead even when it makes inactive more of a branch's "
                             "customers than the setting import.full_inactivate_max_pct allows."),
) -> None:
    """Import a customer extract from head office (insert new, update changed, report rejects)."""
    from workbench.importing import ImportOptions, import_customers

    cli = state(ctx)
    db = cli.open()
    now = cli.now()
    _check_permission(cli, db)
    options = ImportOptions(encoding=encoding, delimiter=delimiter, mappings=tuple(mappings), full=full, dry_run=dry_run,
                            yes=yes)
    err = Console(stderr=True)
    if err.is_terminal:
        from rich.progress import Progress

        from workbench.cli.import_progress import ImportProgress

        with Progress(*ImportProgress.columns(), console=err, transient=True) as bar:
            summary = import_customers(db.conn, file, options=options, now=now, user_id=cli.user,
                                       progress=ImportProgress(bar))
    else:
        summary = import_customers(db.conn, file, options=options, now=now, user_id=cli.user)
    _print_summary(summary)
    if summary.new_staff and not summary.dry_run:   # a dry run adds nobody, and so leaves nobody unnamed
        _say_unnamed(db.conn, summary.new_staff)


def _say_unnamed(conn, new_staff: list[str]) -> None:
    """The new managers the file gave no name (stored under their id), and how a supervisor records each one's."""
    from workbench.access import known_name

    names = dict(conn.execute("SELECT staff_id, name FROM staff"))
    if unnamed := [m for m in new_staff if not known_name(m, names.get(m))]:
        Console(highlight=False, soft_wrap=True).print(_(
            "New managers with no name on record (the file gives none): {ids}; the scripts introduce them without"
            " one until `workbench staff set ID --name NAME` records it.").format(ids=_short(unnamed)), markup=False)


def _print_summary(s) -> None:
    out = Console(highlight=False, soft_wrap=True)
    say = lambda line: out.print(line, markup=False)  # noqa: E731  (file and column names are data)
    if s.already_imported:
        say(_("{name} was already imported on {at} with the same options (same SHA-256); nothing changed.").format(name=s.file_name, at=s.already_imported))
        return
    if s.dry_run:
        say(_("Dry run: nothing was written to the database."))
    enc = f", {s.encoding}" if s.encoding else ""
    say(_plural(s.rows_read, False, ("Read {rows} row from {name} ({kind}{enc}).", "Read {rows} rows from {name} ({kind}{enc}).")).format(
        rows=f"{s.rows_read:,}", name=s.file_name, kind=s.kind, enc=enc))
    say(_("Inserted {i}, updated {u}, unchanged {n}, rejected {r}.").format(
        i=f"{s.inserted:,}", u=f"{s.updated:,}", n=f"{s.unchanged:,}", r=f"{s.rejected:,}"))
    if s.full:
        branches = _short(s.covered_branches) if s.covered_branches else _("customers without a branch")
        say(_plural(s.inactivated, s.dry_run, (
            "Full extract of {branches}: {n} customer not in the file is now inactive.",
            "Full extract of {branches}: {n} customers not in the file are now inactive."), (
            "Full extract of {branches}: {n} customer not in the file would be made inactive.",
            "Full extract of {branches}: {n} customers not in the file would be made inactive.",
        )).format(n=f"{s.inactivated:,}", branches=branches))
        if s.inactive_followups:
            _say_inactive_followups(say, s)
        if s.full_refused:
            say(_("Without --yes this import would be refused: {over}.").format(over=s.full_refused))
    else:
        say(_("Partial extract: nobody was inactivated (use --full when the file lists every customer of its branches)."))
    if s.manager_moves or s.branch_moves:
        _say_moves(say, s)
    if s.zero_variants:
        _say_zero_variants(say, s)
    for n, done, would in _counted(s):
        if n:
            say(_plural(n, s.dry_run, done, would).format(n=f"{n:,}"))
    if s.unknown_managers:
        _say_unknown_managers(say, s)
    if s.manager_name_clashes:
        _say_name_clashes(say, s)
    if s.new_staff:   # a dry run adds nobody: it says who the import would add
        say((_("New managers that would be added to staff: {ids}.") if s.dry_run else
             _("New managers added to staff: {ids}.")).format(ids=_short(s.new_staff)))
    if s.new_branches:
        say((_("New branches that would be added: {ids}.") if s.dry_run else
             _("New branches added: {ids}.")).format(
                 ids=_short([branch_label(b, s.new_branch_names.get(b)) for b in s.new_branches])))
    if s.leavers:
        _say_leavers(say, s)
    if s.covers_kept:
        _say_covers_kept(say, s)
    if s.reassigned_kept:
        _say_reassigned_kept(say, s)
    if s.unmapped_columns or s.unheaded_columns:
        cols = [" ".join(c.split()) for c in s.unmapped_columns]
        cols += [_("column {letter} (no header)").format(letter=letter) for letter in s.unheaded_columns]
        say(_("Columns not imported (map them with --map 'SOURCE=field'): {cols}.").format(cols=join_list(cols)))
    if s.unheaded_columns:
        say(_("A column without a header cannot be named with --map: give it a header in the file's header row to "
              "import it."))
    for note in s.notes:
        say(_("({note})").format(note=note))
    if s.reject_file:
        say(_("Rejected rows and reasons: {path}").format(path=s.reject_file))
    if s.phones_invalid and s.uncallable_file:   # the same words on a dry run: it speaks of the file's customers
        say(_plural(s.phones_invalid, False, (
            "{n} imported customer has no callable phone number; it is listed with the reason in {path}",
            "{n} imported customers have no callable phone number; they are listed with the reasons in {path}",
        )).format(n=f"{s.phones_invalid:,}", path=s.uncallable_file))
    elif s.phones_invalid:   # a note above says why the list could not be written
        say(_plural(s.phones_invalid, False, (
            "{n} imported customer has no callable phone number.",
            "{n} imported customers have no callable phone number.",
        )).format(n=f"{s.phones_invalid:,}"))
    if s.import_id is not None:   # numbered among the customer extracts: a reader counts extracts, not bundles too
        say(_("Recorded as customer extract import #{n}.").format(n=s.extract_number))


def _counted(s) -> list[tuple[int, tuple[str, str], tuple[str, str] | None]]:
    """The counts the summary says in a sentence each when not zero: (count, (one, many), the same on a dry run)."""
    return [
        (s.reactivated, (
            N_("Of the updated, {n} customer was inactive and is active again."),
            N_("Of the updated, {n} customers were inactive and are active again.")), (
            N_("Of the updated, {n} customer was inactive and would be active again."),
            N_("Of the updated, {n} customers were inactive and would be active again."))),
        (s.older_dates, (
            N_("{n} customer's last activity or login in the file is before the one stored, which was kept: is the "
               "file older than the last import?"),
            N_("{n} customers' last activity or login in the file is before the one stored, which was kept: is the "
               "file older than the last import?")), (
            N_("{n} customer's last activity or login in the file is before the one stored, which would be kept: is "
               "the file older than the last import?"),
            N_("{n} customers' last activity or login in the file is before the one stored, which would be kept: is "
               "the file older than the last import?"))),
        (s.confirmed_reactivations, (
            N_("{n} reached call is now a confirmed reactivation: the extract shows activity after it."),
            N_("{n} reached calls are now confirmed reactivations: the extract shows activity after them.")), (
            N_("{n} reached call would be a confirmed reactivation: the extract shows activity after it."),
            N_("{n} reached calls would be confirmed reactivations: the extract shows activity after them."))),
        (s.pooled, (
            N_("{n} new customer has no manager and waits in the branch's unassigned pool; a supervisor gives it out "
               "with `workbench pool assign`."),
            N_("{n} new customers have no manager and wait in their branch's unassigned pool; a supervisor gives them "
               "out with `workbench pool assign`.")), (
            N_("{n} new customer would have no manager and wait in the branch's unassigned pool; a supervisor gives it "
               "out with `workbench pool assign`."),
            N_("{n} new customers would have no manager and wait in their branch's unassigned pool; a supervisor gives "
               "them out with `workbench pool assign`."))),
        (s.numbers_switched, (
            N_("{n} customer is now called on the extract's other number: a call found the one in use bad."),
            N_("{n} customers are now called on the extract's other number: a call found the one in use bad.")), (
            N_("{n} customer would be called on the extract's other number: a call found the one in use bad."),
            N_("{n} customers would be called on the extract's other number: a call found the one in use bad."))),
        (len(s.followups_moved), (
            N_("{n} open follow-up went with its customer to the new manager."),
            N_("{n} open follow-ups went with their customers to the new managers.")), (
            N_("{n} open follow-up would go with its customer to the new manager."),
            N_("{n} open follow-ups would go with their customers to the new managers."))),
        (s.consent_assumed, (
            N_("The file has no consent column: {n} new customer is recorded as consenting to marketing."),
            N_("The file has no consent column: {n} new customers are recorded as consenting to marketing.")), (
            N_("The file has no consent column: {n} new customer would be recorded as consenting to marketing."),
            N_("The file has no consent column: {n} new customers would be recorded as consenting to marketing."))),
        (s.consent_blank, (
            N_("{n} blank consent cell was read as consent."),
            N_("{n} blank consent cells were read as consent.")), (
            N_("{n} blank consent cell would be read as consent."),
            N_("{n} blank consent cells would be read as consent."))),
        (len(s.followups_cancelled), (
            N_("{n} pending call, message or campaign notice was cancelled: the extract puts its customer on"
               " do-not-call or withdraws their marketing consent."),
            N_("{n} pending calls, messages or campaign notices were cancelled: the extract puts their customers on"
               " do-not-call or withdraws their marketing consent.")), (
            N_("{n} pending call, message or campaign notice would be cancelled: the extract puts its customer on"
               " do-not-call or withdraws their marketing consent."),
            N_("{n} pending calls, messages or campaign notices would be cancelled: the extract puts their customers on"
               " do-not-call or withdraws their marketing consent."))),
    ]


# The largest flows of customers a summary names; the rest are counted.
FLOWS_SHOWN = 5


def _say_moves(say, s) -> None:
    """How many known customers the extract gives another manager, and another branch, each with its largest flows
    (M003→M006 (300)), so the reader can hold them against what head office announced; and a branch it empties."""
    pool, nowhere = _("the pool"), _("no branch")
    for moves, unset, forms in (
            (s.manager_moves, pool, (
                (N_("{n} customer changed manager: {flows}."), N_("{n} customers changed manager: {flows}.")),
                (N_("{n} customer would change manager: {flows}."),
                 N_("{n} customers would change manager: {flows}.")))),
            (s.branch_moves, nowhere, (
                (N_("{n} customer changed branch: {flows}."), N_("{n} customers changed branch: {flows}.")),
                (N_("{n} customer would change branch: {flows}."),
                 N_("{n} customers would change branch: {flows}."))))):
        if not moves:
            continue
        n = sum(count for *_pair, count in moves)
        flows = [_("{before}→{after} ({n})").format(before=before or unset, after=after or unset, n=f"{count:,}")
                 for before, after, count in moves[:FLOWS_SHOWN]]
        if len(moves) > FLOWS_SHOWN:
            flows.append(_("{n} other flows").format(n=f"{len(moves) - FLOWS_SHOWN:,}"))
        say(_plural(n, s.dry_run, *forms).format(n=f"{n:,}", flows=join_list(flows, last=AND)))
    if s.emptied_branches:
        ids = _short([branch_label(branch, name) for branch, name in s.emptied_branches])
        say(fill(_plural(len(s.emptied_branches), s.dry_run, (
            "{ids} now has no active customers.", "{ids} now have no active customers."), (
            "{ids} would have no active customers.", "{ids} would have no active customers.")), ids=ids))


def _say_inactive_followups(say, s) -> None:
    """The open follow-ups of the customers --full made inactive, by owner: they stay on the agenda (the next
    extract may list the customers again, and a wrong file is undone by the next full one)."""
    n = sum(s.inactive_followups.values())
    owners = _short([f"{owner} ({count:,})" for owner, count in s.inactive_followups.items()])
    say(_plural(n, s.dry_run, (
        "{n} open follow-up belongs to a customer now inactive ({owners}); it stays on the agenda.",
        "{n} open follow-ups belong to customers now inactive ({owners}); they stay on the agenda."), (
        "{n} open follow-up belongs to a customer who would be inactive ({owners}); it would stay on the agenda.",
        "{n} open follow-ups belong to customers who would be inactive ({owners}); they would stay on the agenda.",
    )).format(n=f"{n:,}", owners=owners))


def _say_unknown_managers(say, s) -> None:
    """Names alone in the manager column that no staff member has, with their customers: nobody was given
    them (a name is no staff number), and what to do."""
    n = sum(s.unknown_managers.values())
    names = _short([f"{name} ({count:,})" for name, count in s.unknown_managers.items()])
    column = s.mapped.get("manager", "manager")
    say(_plural(n, s.dry_run, (
        "{n} customer's {column} cell names nobody on the staff ({names}), so they were given to no one (a new "
        "customer goes to the branch's unassigned pool, a known one keeps their manager); add the staff member with "
        "`workbench staff add ID --name NAME` so the next extract finds them, and give new customers out meanwhile "
        "with `workbench pool assign`.",
        "{n} customers' {column} cells name nobody on the staff ({names}), so they were given to no one (new "
        "customers go to their branch's unassigned pool, known ones keep their manager); add the staff members with "
        "`workbench staff add ID --name NAME` so the next extract finds them, and give new customers out meanwhile "
        "with `workbench pool assign`."), (
        "{n} customer's {column} cell names nobody on the staff ({names}), so they would be given to no one (a new "
        "customer goes to the branch's unassigned pool, a known one keeps their manager); add the staff member with "
        "`workbench staff add ID --name NAME` first.",
        "{n} customers' {column} cells name nobody on the staff ({names}), so they would be given to no one (new "
        "customers go to their branch's unassigned pool, known ones keep their manager); add the staff members with "
        "`workbench staff add ID --name NAME` first.",
    )).format(n=f"{n:,}", column=column, names=names))
    # Not every such name is a newcomer's: it may be a staff member's, spelt otherwise than the staff list has it.
    say(_("A name of someone already on the staff, spelt otherwise, is found when the extract writes their staff "
          "number beside it (Wang Wei(M002)), or once `workbench staff set ID --name NAME` gives them the extract's "
          "spelling."))


def _say_name_clashes(say, s) -> None:
    """Customers whose file names their manager otherwise than the staff member of the code beside the name."""
    n = sum(count for *_, count in s.manager_name_clashes)
    pairs = _short([_("{name} ({id}): {id} is {staff}").format(name=name, id=staff_id, staff=staff)
                    for name, staff_id, staff, _count in s.manager_name_clashes], 5)
    say(_plural(n, s.dry_run, (
        "{n} customer's manager is named otherwise than the staff member whose code stands beside the name "
        "({pairs}); they went by the code.",
        "{n} customers' managers are named otherwise than the staff members whose codes stand beside the names "
        "({pairs}); they went by the code."), (
        "{n} customer's manager is named otherwise than the staff member whose code stands beside the name "
        "({pairs}); they would go by the code.",
        "{n} customers' managers are named otherwise than the staff members whose codes stand beside the names "
        "({pairs}); they would go by the code.",
    )).format(n=f"{n:,}", pairs=pairs))


def _say_zero_variants(say, s) -> None:
    """Rows rejected since their customer number is a known customer's but for leading zeros, with the first
    few pairs and what to do in Excel."""
    pairs = join_list(_("{id} (known as {known})").format(id=new, known=old) for new, old in s.zero_pairs)
    more = " …" if s.zero_variants > len(s.zero_pairs) else ""
    column = s.mapped.get("customer_id", "customer_id")
    say(_plural(s.zero_variants, False, (
        "{n} row was rejected because its customer number is a known customer's but for leading zeros "
        "({pairs}{more}); Excel drops leading zeros from a number column, so format the {column} column as text "
        "in Excel and export the file again.",
        "{n} rows were rejected because their customer numbers are known customers' but for leading zeros "
        "({pairs}{more}); Excel drops leading zeros from a number column, so format the {column} column as text "
        "in Excel and export the file again.")).format(n=f"{s.zero_variants:,}", pairs=pairs, more=more,
                                                         column=column))


def _say_leavers(say, s) -> None:
    """Each staff member marked as left whom the extract gives customers, with how many, and where
    those customers went instead: the pool, or the active manager they had."""
    say(_("Customers the extract gives to staff who have left: {ids}.").format(
        ids=_short([f"{staff_id} ({n:,})" for staff_id, n in s.leavers.items()])))
    pooled = sum(s.leavers.values()) - s.leavers_kept
    if pooled:
        say((_("{n} of them would go to their branch's unassigned pool instead; a supervisor gives them to managers "
               "with `workbench pool assign` (to one who is back, after `workbench staff set ID --active`).")
             if s.dry_run else
             _("{n} of them went to their branch's unassigned pool instead; a supervisor gives them to managers "
               "with `workbench pool assign` (to one who is back, after `workbench staff set ID --active`).")
             ).format(n=f"{pooled:,}"))
    if s.leavers_kept:
        say((_("{n} of them would keep the active manager they already have (the extract is older than the "
               "branch's reassignment).") if s.dry_run else
             _("{n} of them kept the active manager they already had (the extract is older than the branch's "
               "reassignment).")).format(n=f"{s.leavers_kept:,}"))


def _say_covers_kept(say, s) -> None:
    """For each cover for a leave running, the customers the extract gives back to the manager away who stay with the
    colleague covering."""
    for away, away_name, taker, taker_name, until, n in s.covers_kept:
        say(fill(_plural(n, s.dry_run, (
            "{n} customer stays with {taker}, covering {staff} until {until}, though the extract gives them back to "
            "{id}: head office is not told of a leave; `workbench staff give-back {id}` gives them back.",
            "{n} customers stay with {taker}, covering {staff} until {until}, though the extract gives them back to "
            "{id}: head office is not told of a leave; `workbench staff give-back {id}` gives them back."), (
            "{n} customer would stay with {taker}, covering {staff} until {until}, though the extract gives them back "
            "to {id}: head office is not told of a leave; `workbench staff give-back {id}` gives them back.",
            "{n} customers would stay with {taker}, covering {staff} until {until}, though the extract gives them back "
            "to {id}: head office is not told of a leave; `workbench staff give-back {id}` gives them back.")),
            n=f"{n:,}", taker=staff_label(taker, taker_name), staff=staff_label(away, away_name),
            until=until, id=away))


def _say_reassigned_kept(say, s) -> None:
    """The customers the extract gives back to the managers the branch took them from (by its latest assignment entry
    here, made on this desk or another, in the last EXTRACT_LAG_DAYS), by those managers: they stayed where the branch
    put them."""
    from workbench.assignments import EXTRACT_LAG_DAYS

    n = sum(s.reassigned_kept.values())
    say(_plural(n, s.dry_run, (
        "{n} customer stays where the branch's reassignment put them, though the extract gives them back to the "
        "manager they were taken from ({ids}): for {days} days after a reassignment an extract is taken as older than "
        "it; a supervisor gives a customer back with `workbench reassign`.",
        "{n} customers stay where the branch's reassignments put them, though the extract gives them back to the "
        "managers they were taken from ({ids}): for {days} days after a reassignment an extract is taken as older than "
        "it; a supervisor gives a customer back with `workbench reassign`."), (
        "{n} customer would stay where the branch's reassignment put them, though the extract gives them back to the "
        "manager they were taken from ({ids}): for {days} days after a reassignment an extract is taken as older than "
        "it; a supervisor gives a customer back with `workbench reassign`.",
        "{n} customers would stay where the branch's reassignments put them, though the extract gives them back to "
        "the managers they were taken from ({ids}): for {days} days after a reassignment an extract is taken as older "
        "than it; a supervisor gives a customer back with `workbench reassign`.",
    )).format(n=f"{n:,}", ids=_short([f"{staff_id} ({count:,})" for staff_id, count in s.reassigned_kept.items()]),
              days=EXTRACT_LAG_DAYS))


def _plural(n: int, dry_run: bool, done: tuple[str, str], would: tuple[str, str] | None = None) -> str:
    """The translated message for n things, each form (one, many); `would` on a dry run when given."""
    one, many = would if dry_run and would else done
    return _(one if n == 1 else many)


def _short(ids: list[str], limit: int = 10) -> str:
    shown = join_list(ids[:limit])
    return shown + (f" … (+{len(ids) - limit})" if len(ids) > limit else "")

