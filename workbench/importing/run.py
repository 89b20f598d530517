"""import_customers: one extract into the database in one transaction."""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
import time
from contextlib import closing, nullcontext
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from workbench import audit
from workbench.errors import WorkbenchError, os_problem
from workbench.db.followups import PENDING_SQL
from workbench.followups import (cancel_blocked_of, cancel_unsuited_of, follow_new_managers, move_followups,
                                 pending_with_their_manager)
from workbench.i18n import _, get_language, ngettext
from workbench.importing import blocks
from workbench.importing.accept import REJECTED, Acceptor
from workbench.importing.headers import exact, normalise, parse_map_options
from workbench.importing.interrupts import Interrupts
from workbench.importing.known import Known
from workbench.importing.model import COMMIT, INDEX, READ, SCORE, ImportOptions, ImportSummary, Progress
from workbench.importing.pipeline import messages, wants_worker
from workbench.importing.produce import Job
from workbench.importing.rejects import (reject_path, remove_earlier, report_beside, report_place, uncallable_path,
                                        write_uncallable)
from workbench.importing.rows import PARTIAL_BIRTHDAY, build_converter
from workbench.importing.sources import Source, column_letter, open_source
from workbench.importing.scored_load import SCHEMA as SCORES_SCHEMA
from workbench.importing.scored_load import SCORE_GROUPS, score_and_load
from workbench.importing.stage import IDS_FILE, attach, remove_scratch, scratch_error, scratch_folder
from workbench.importing.store import LEAVERS, MOVED_BRANCH, REASSIGNED, CustomerWriter

if TYPE_CHECKING:
    from workbench.scoring.staged import StagedInputs

# Past this many changed customers the summary gives counts only, so memory stays flat on huge files.
ID_LIST_LIMIT = 200_000
MANAGER_FIELDS = frozenset({"manager_id", "manager_name", "manager"})   # the columns that can set a manager
BLOCK_FIELDS = frozenset({"do_not_call", "consent"})   # the columns that can forbid marketing to a customer


class NothingAccepted(WorkbenchError):
    """Every row of the file was rejected: nothing is imported or recorded, and the reject report is kept."""


class Clock:
    """Seconds per phase of an import, written into the summary as each phase ends."""

    def __init__(self, seconds: dict[str, float]):
        self.seconds = seconds
        self.mark = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.seconds[phase] = round(now - self.mark, 3)
        self.mark = now


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def import_customers(
    conn: sqlite3.Connection,
    path: str | Path,
    *,
    options: ImportOptions = ImportOptions(),
    now: datetime,
    user_id: str | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import a customer extract; the database changes all at once or not at all. progress, if
    given, is told each step as it goes (model.STEPS)."""
    path = Path(path)
    overrides = parse_map_options(options.mappings)
    source = open_source(path, encoding=options.encoding, delimiter=options.delimiter, overrides=overrides)
    try:
        _check_map_options(options.mappings, source)
        _check_rivals(source)
        if options.full:
            _check_full_sheets(source)
        summary = ImportSummary(path.name, file_sha256(path), kind=source.kind, encoding=source.encoding,
                                delimiter=source.delimiter, dry_run=options.dry_run, full=options.full)
        _describe_mapping(summary, source)
        ran_with = options_key(options, overrides)
        # Only the same file with the same options changes nothing; rows from before migration 90 have none.
        previous = conn.execute(
            "SELECT imported_at FROM import_log WHERE sha256 = ? AND kind = 'customers'"
            " AND (options = ? OR options IS NULL AND ? AND full_extract = ?) ORDER BY import_id LIMIT 1",
            (summary.sha256, ran_with, ran_with == options_key(ImportOptions(full=options.full), {}), int(options.full)),
        ).fetchone()
        if previous:
            summary.already_imported = previous[0]
            return summary
        with Interrupts() as interrupts, _journal_for(conn):
            _run(conn, source, summary, options, overrides, ran_with, now, user_id,
                 interrupts.checking(progress or _untold), interrupts)
    finally:
        source.close()
    return summary


def _check_full_sheets(source: Source) -> None:
    """--full is refused when sheets that may list customers are not read: it would inactivate those customers."""
    if source.other_sheets:
        raise WorkbenchError(_(
            "{name} lists customers on sheet(s) {sheets} under a header unlike the first sheet's, which are not "
            "imported, so --full would inactivate any customers only they list; import a copy without them if they "
            "are not customer lists, or give them the first sheet's columns if they are."
        ).format(name=source.path.name, sheets=", ".join(source.other_sheets)))
    if source.unreadable_sheets:
        raise WorkbenchError(_("{name}'s sheet(s) {sheets} cannot be read, so --full would inactivate any customers "
                               "they list; ask for the file again.").format(
            name=source.path.name, sheets=", ".join(source.unreadable_sheets)))


def _check_map_options(entries: tuple[str, ...], source: Source) -> None:
    """Each --map names a column of the file: a typo would otherwise leave the column it meant unmapped
    without a word (that none gives a column two fields, or a field two columns, parse_map_options saw)."""
    present = {normalise(h) for h in source.mapping.header}
    for entry in entries:
        column = entry.partition("=")[0].strip()
        if normalise(column) not in present:
            columns = ", ".join(" ".join(h.split()) for h in source.mapping.header if h)
            raise WorkbenchError(_("--map {entry!r}: {name} has no column {column!r}; its columns are {columns}.")
                                 .format(entry=entry, name=source.path.name, column=column, columns=columns))


def _check_rivals(source: Source) -> None:
    """Two columns known as one field, headed differently (资产余额(2024年末) and 资产余额(当前)), are
    refused until --map says which to import: taking the first would store last year's assets as
    today's. Columns headed exactly alike cannot be told apart by --map, so the first is read, and said."""
    for rival_field, headers in source.mapping.rivals.items():
        if len({exact(h) for h in headers}) > 1:
            listed = ", ".join(_("{text!r}").format(text=h) for h in headers)
            raise WorkbenchError(_("{name} has {n} columns that could be {field} ({columns}); say which to import "
                                   "with --map, e.g. --map '{last}={field}'.").format(
                name=source.path.name, n=len(headers), field=rival_field, columns=listed, last=headers[-1]))
        source.mapping.notes.append(_("{n} columns are headed {header!r}; the first was read as {field}").format(
            n=len(headers), header=headers[0], field=rival_field))


def options_key(options: ImportOptions, overrides: dict[str, str]) -> str:
    """The options that change what an import of a file does, as the import log keeps them."""
    return json.dumps({"full": options.full, "map": sorted(overrides.items()), "encoding": options.encoding,
                       "delimiter": options.delimiter}, ensure_ascii=False, sort_keys=True)


def _journal_for(conn):
    """Into an empty customers table every page is new: written once under a rollback journal."""
    from workbench.db import rollback_journal

    empty = not conn.execute("SELECT EXISTS (SELECT 1 FROM customers)").fetchone()[0]
    return rollback_journal(conn) if empty else nullcontext(False)


def _describe_mapping(summary: ImportSummary, source: Source) -> None:
    mapping = source.mapping
    summary.mapped = {f: mapping.header[i] for f, i in mapping.columns.items()}
    summary.unmapped_columns = list(mapping.unmapped)
    summary.ignored_columns = list(mapping.ignored)
    summary.notes += mapping.notes + source.notes
    if source.other_sheets:
        summary.notes.append(_("sheet(s) {sheets} also list customers, under a header unlike the first sheet's, and "
                               "were NOT read (import each as a file of its own)").format(
            sheets=", ".join(source.other_sheets)))
    if source.unreadable_sheets:
        summary.notes.append(_("sheet(s) {sheets} cannot be read (damaged?) and were NOT read").format(
            sheets=", ".join(source.unreadable_sheets)))
    if source.hidden_sheets:
        summary.notes.append(_("sheet(s) {sheets} list customers but are hidden in Excel, and were NOT read (unhide "
                               "them to import them)").format(sheets=", ".join(source.hidden_sheets)))
    if source.hidden_columns:   # imported: an extract is its data, and hiding a column only a view of it
        names = ", ".join(" ".join(h.split()) for h in source.hidden_columns)
        summary.notes.append(ngettext("a column hidden in Excel was imported too: {names}",
                                      "columns hidden in Excel were imported too: {names}",
                                      len(source.hidden_columns)).format(names=names))
    if source.skipped_above_header:
        summary.notes.append(_("{n} line(s) above the header skipped").format(n=source.skipped_above_header))


def _note_hidden_rows(summary: ImportSummary, source: Source) -> None:
    """Rows hidden in Excel are imported like the rest (an extract is its data, a filter only a view of
    it), and said, once the rows are read; "by a filter" when every sheet that hides some filters them."""
    count = sum(sheet.count for sheet in source.hidden_rows)
    if count:
        filtered = all(sheet.filtered for sheet in source.hidden_rows if sheet.count)
        how = _("by a filter") if filtered else _("by a filter or by hand")
        summary.notes.append(ngettext("1 row hidden in Excel ({how}) was imported too",
                                      "{n} rows hidden in Excel ({how}) were imported too", count).format(
            n=f"{count:,}", how=how))


def _check_full_page(source: Source) -> None:
    """--full is refused when a web page lists customers in a later table under another header, as for
    a workbook's sheets: they are not imported, so --full would inactivate them (found as the page was
    read, so the import's transaction is rolled back)."""
    page = source.tables
    if page is not None and page.other:
        raise WorkbenchError(_(
            "{name} lists customers in table(s) {tables} under a header unlike table {first}'s, which are not "
            "imported, so --full would inactivate any customers only they list; import a copy without them if "
            "they are not customer lists, or give them table {first}'s columns if they are."
        ).format(name=source.path.name, tables=", ".join(page.other), first=page.first))


def _note_tables(summary: ImportSummary, source: Source) -> None:
    """Which tables of a web page were read, once the page is: said when it has tables after the first
    one read, with each later table skipped named by its number and first row."""
    page = source.tables
    if page is None or not (page.read or page.no_header or page.other):
        return
    if page.read:
        summary.notes.append(_("tables {tables} of the page read, under headers naming the same fields").format(
            tables=", ".join(str(n) for n in [page.first, *page.read])))
    else:
        summary.notes.append(_("table {table} of the page read").format(table=page.first))
    if page.no_header:
        summary.notes.append(_("table(s) {tables} skipped: their header names no customer number and name (a "
                               "summary or totals table?)").format(tables=", ".join(page.no_header)))
    if page.other:
        summary.notes.append(_("table(s) {tables} skipped: they list customers under a header unlike table "
                               "{first}'s (import each as a file of its own)").format(
            tables=", ".join(page.other), first=page.first))


def _note_erased(summary: ImportSummary, listed: list[str], entries: set[str]) -> None:
    """Name the erased customers the file lists, whose rows were not imported: those erased on this terminal, and
    those an erasure entry from another desk names (not held here, or not as erased)."""
    def ids(found: list[str]) -> str:
        return ", ".join(found[:10]) + (" …" if len(found) > 10 else "")

    here = [c for c in listed if c not in entries]
    elsewhere = [c for c in listed if c in entries]
    if here:
        summary.notes.append(ngettext(
            "customer {ids} was erased on this terminal and stays erased: the file's row was not imported",
            "customers {ids} were erased on this terminal and stay erased: the file's rows were not imported",
            len(here)).format(ids=ids(here)))
    if elsewhere:
        summary.notes.append(ngettext(
            "customer {ids} was erased on another desk (an erasure entry a bundle brought): the file's row was not imported",
            "customers {ids} were erased on another desk (erasure entries a bundle brought): the file's rows were not"
            " imported", len(elsewhere)).format(ids=ids(elsewhere)))


def _untold(step: str, done: int, total: int | None) -> None:
    pass


def _run(conn, source: Source, summary: ImportSummary, options: ImportOptions, overrides, ran_with: str, now,
         user_id, progress: Progress, interrupts: Interrupts) -> None:
    now_text = now.isoformat(timespec="seconds")
    clock = Clock(summary.seconds)
    acceptor = scratch = None
    try:
        conn.execute("BEGIN IMMEDIATE")
        interrupts.held = True   # a scratch folder made is one removed below
        scratch = scratch_folder()
        interrupts.held = False
        interrupts.check()
        import_id = conn.execute(
            "INSERT INTO import_log (kind, file_name, sha256, imported_at, user_id, full_extract, options) "
            "VALUES ('customers', ?, ?, ?, ?, ?, ?)",
            (summary.file_name, summary.sha256, now_text, user_id, int(options.full), ran_with),
        ).lastrowid
        # Numbered among the customer extracts alone: the import log numbers bundles too.
        summary.extract_number = conn.execute("SELECT count(*) FROM import_log WHERE kind = 'customers'").fetchone()[0]
        known = Known.read(conn)
        # Any column that names the manager (a code, a name, or either) may give customers to others.
        names_manager = not MANAGER_FIELDS.isdisjoint(source.mapping.columns)
        followups = pending_with_their_manager(conn) if names_manager else {}
        converter = build_converter(source.mapping, known, now.date())
        columns = converter.columns
        writer = CustomerWriter(conn, columns, import_id, now_text,
                                manager_names="manager_name" in source.mapping.columns,
                                names_alone="manager" in source.mapping.columns)
        worker = wants_worker(source, options.workers)
        # Into an empty table each part's scoring inputs are read as it comes, while a reader process
        # converts the next; read here, they wait for the end of the file (when memory is at its lowest).
        staged = _staged_inputs(conn, writer, now, scratch) if _fresh(conn, writer) else None
        keep = None if staged is None else _keeping(staged, scratch)
        waiting: list[str] = []   # parts whose inputs are read after the file
        hand_over = waiting.append if keep is not None and not worker else keep
        acceptor = Acceptor(writer, source.mapping.columns["customer_id"], source.mapping.header,
                            reject_path(source.path), staged=hand_over, sheets=source.sheets)
        part_bytes = _part_bytes(conn, source.size, SCORE_GROUPS if staged is not None else 2)
        job = Job(source.path, options.encoding, source.delimiter, overrides, known, now.date(), options.batch_size,
                  scratch, part_bytes, blocks.BLOCK_BYTES, get_language(), _part_ends(source.size, part_bytes))
        with closing(messages(job, source, converter, worker=worker)) as stream:
            _load(stream, acceptor, writer, source, progress)
        if options.full and acceptor.unclosed:
            raise WorkbenchError(_unclosed_refusal(summary.file_name, acceptor.unclosed))
        if staged is None:   # (a fresh import has no known customer to repeat)
            _reject_zero_variants(conn, writer, acceptor, summary, scratch / IDS_FILE)
        if options.full:
            _check_full_page(source)
        for schema in waiting:
            keep(schema)
        if "birthday" in columns:
            _note_year_months(conn, summary, acceptor.parts)
        if acceptor.unquoted:
            _quote_repeats(acceptor, job)
        acceptor.close(keep=True)
        if not acceptor.accepted and acceptor.rejects.count:
            raise NothingAccepted(_nothing_accepted(summary.file_name, acceptor))
        clock.lap("read_convert_write")
        if staged is not None:
            score_and_load(conn, acceptor, writer, staged, now.date(), scratch, progress)
            clock.lap("score_and_load")
        summary.rows_read, summary.blank_rows = acceptor.rows_read - acceptor.blank, acceptor.blank
        _note_hidden_rows(summary, source)
        _note_tables(summary, source)
        summary.unheaded_columns = [column_letter(i) for i in sorted(source.unheaded)]
        summary.rejected, summary.covered_branches = acceptor.rejects.count, acceptor.covered_branches
        summary.rejects_blanked = acceptor.blanked
        if acceptor.blanked:
            summary.notes.append(ngettext(
                "{n} rejected row is an erased customer's: the reject report keeps its row and customer numbers alone",
                "{n} rejected rows are erased customers': the reject report keeps their row and customer numbers alone",
                acceptor.blanked).format(n=f"{acceptor.blanked:,}"))
        if options.full:
            _inactivate(conn, writer, summary, acceptor.accepted, scratch / IDS_FILE, options)
        summary.numbers_switched, summary.reactivated = writer.switched, writer.reactivated
        summary.consent_blank = acceptor.blank_consent - writer.erased_blank_consent   # as stored: not erased rows
        summary.older_dates = writer.older_dates
        phones = "phone_valid" in columns   # without a phone column no number was judged
        summary.inserted, summary.updated, not_callable, summary.pooled, uncallable = writer.changed_counts(
            phones and not writer.existing)
        if phones and writer.existing:   # the file's customers without a callable number, changed by it or not
            _attach_seen(conn, scratch / IDS_FILE)
            uncallable = writer.uncallable_of("import_seen.ids")
            not_callable = len(uncallable)
        if "consent" not in columns:   # every new customer has the table's default: consent
            summary.consent_assumed = summary.inserted
        if summary.inserted + summary.updated <= ID_LIST_LIMIT:
            summary.inserted_ids, summary.updated_ids = writer.changed_ids()
        # An erased customer the file lists was left out, not found unchanged (the summary's note names them).
        summary.unchanged = acceptor.accepted - summary.inserted - summary.updated - len(writer.erased_listed)
        summary.new_staff, summary.new_branches = writer.new_staff, writer.new_branches
        summary.new_branch_names = writer.new_branch_names
        summary.unknown_managers = writer.unknown_managers
        summary.manager_name_clashes = [(name, manager, writer.staff_names[manager], count)
                                        for (name, manager), count in writer.name_clashes.items()]
        summary.leavers, summary.leavers_kept = writer.leavers, writer.kept_from_leavers
        summary.reassigned_kept = writer.reassigned_kept
        names = writer.staff_names
        summary.covers_kept = sorted(((away, names.get(away), taker, names.get(taker), until, n)
                                      for (away, taker, until), n in writer.covers_kept.items()), key=lambda c: -c[5])
        summary.erased_kept = writer.erased_listed
        _note_erased(summary, writer.erased_listed, writer.erased_entries)
        # A customer given to another manager takes their pending follow-ups along, as `reassign` does.
        summary.followups_moved = follow_new_managers(conn, followups, at=now, by_id=user_id)
        if writer.leavers and user_id:
            summary.followups_moved += _leavers_followups_to(conn, import_id, user_id, now)
        if writer.existing and not BLOCK_FIELDS.isdisjoint(columns):
            summary.followups_cancelled = _cancel_blocked(conn, import_id, now, user_id)
        unsuited = (_cancel_unsuited(conn, summary, import_id, now, user_id, options.dry_run)
                    if writer.existing and "risk_level" in columns else [])
        if phones:
            summary.phones_invalid = not_callable
        _note_moves(conn, summary, writer)
        # Their blocks were worked out under another branch's contact rules (or the bank's): before the rescore.
        summary.blocks_rechecked = writer.recheck_blocks()
        _log(conn, summary, import_id, now_text, user_id, unsuited)
        clock.lap("counts")
        _after_import(conn, summary, now, clock, total=writer.existing + summary.inserted,
                      scored=staged is not None, progress=progress)
        # After the rescore, which then writes a million new customers' scores into no index at all.
        writer.restore_indexes(progress=lambda done, total: progress(INDEX, done, total))
        clock.lap("indexes")
        if not options.dry_run:
            progress(COMMIT, 0, None)
        interrupts.held = True   # a Ctrl-C from here on comes too late: the import ends as it would have
        interrupts.check()   # but one that came before and was swallowed on its way (see interrupts) stops it
        if options.dry_run:
            conn.execute("ROLLBACK")
        else:
            conn.execute("COMMIT")
            summary.import_id = import_id
        clock.lap("commit")
    except BaseException as exc:
        interrupts.held = True   # the clean-up runs to its end
        try:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if acceptor is not None and not isinstance(exc, NothingAccepted):
                acceptor.close(keep=False)   # a report of rows that were never imported would mislead
        finally:
            _let_go(conn, acceptor, scratch, failed=True)
        raise
    _let_go(conn, acceptor, scratch, failed=False)
    if interrupts.noted:
        summary.notes.append(_("Ctrl-C came as the import was ending, too late to stop it; it ran to its end"))
    reject_file = acceptor.rejects.path
    summary.reject_file = reject_file if summary.rejected else None
    _kept_beside(summary, acceptor.rejects.kept, reject_file)
    if not summary.rejected and not options.dry_run:
        remove_earlier(reject_file)   # a report left by an earlier import of this file is stale now
    _list_uncallable(summary, source.path, uncallable, options.dry_run)
    elsewhere = {p.parent for p in (summary.reject_file, summary.uncallable_file) if p and p.parent != source.path.parent}
    if elsewhere:   # the extract's folder could not be written (a read-only share): say where they went instead
        summary.notes.append(_("{folder}, where {name} lies, cannot be written, so its reports were written to {place}")
                             .format(folder=source.path.parent, name=source.path.name, place=elsewhere.pop()))


def _nothing_accepted(name: str, acceptor: Acceptor) -> str:
    """The sentence refusing a file none of whose rows could be accepted: recorded as imported, it could not be
    imported again once fixed. How many rows, the most common problem, and where the reject report is."""
    problem, rows = acceptor.most_common_problem()
    n = acceptor.rejects.count
    if n == 1:
        said = _("Nothing was imported from {name}: its one row was rejected ({problem}); the reject report is {report}.")
    elif rows == n:
        said = _("Nothing was imported from {name}: all {n} rows were rejected, each for this reason: {problem}; the "
                 "reject report {report} gives each row's reasons.")
    else:
        said = _("Nothing was imported from {name}: all {n} rows were rejected, {rows} of them for this reason: "
                 "{problem}; the reject report {report} gives each row's reasons.")
    return said.format(name=name, n=f"{n:,}", rows=f"{rows:,}", problem=problem, report=acceptor.rejects.path)


def _note_year_months(conn, summary: ImportSummary, parts: list[str]) -> None:
    """Say how many birthdays the file gives as a year and month alone (rows.PARTIAL_BIRTHDAY, stored as none)."""
    n = sum(conn.execute(f"SELECT count(*) FROM {schema}.staged WHERE length(birthday) = {PARTIAL_BIRTHDAY}").fetchone()[0]
            for schema in parts)   # (our own schema names)
    if n:
        summary.notes.append(ngettext(
            "{n} birthday was given as a year and month only (1980-01): stored as unknown, since greetings need the "
            "day, and the customer's row imported", "{n} birthdays were given as a year and month only (1980-01): "
            "stored as unknown, since greetings need the day, and the customers' rows imported", n).format(n=f"{n:,}"))


def _unclosed_refusal(name: str, unclosed: list[str]) -> str:
    """The sentence refusing --full for a file in which a stray quote took rows into one cell (rows.unclosed_quote):
    their customers would count as not in the file and be made inactive."""
    more = "" if len(unclosed) == 1 else ngettext(" (and {n} more such quote)", " (and {n} more such quotes)",
                                                   len(unclosed) - 1).format(n=f"{len(unclosed) - 1:,}")
    return _("--full is refused for {name}, so nothing was imported: {quote}{more}, so the customers of those rows "
             "would count as not in the file and be made inactive; close the quote in the file and import it "
             "again.").format(name=name, quote=unclosed[0], more=more)


def _kept_beside(summary: ImportSummary, kept: Path | None, written: Path) -> None:
    """The note for a report written beside a file at its name that it may not replace (rejects.report_beside)."""
    if kept is not None:
        summary.notes.append(_("{kept} was left as it is: it is not a report as an import wrote it, but one corrected"
                               " since or another file; this import's is {written}").format(kept=kept, written=written))


def _list_uncallable(summary: ImportSummary, path: Path, rows: list[list], dry_run: bool) -> None:
    """The imported customers without a callable number, listed with why next to the input (as a dry run
    writes the reject report, so does it this list; rejects.report_place says where when that folder cannot be
    written); a list an earlier import of the file left, unchanged since, is removed."""
    listed = uncallable_path(path)
    if not rows:
        if not dry_run:
            remove_earlier(listed)
        return
    wanted = report_place(listed)
    try:
        listed = report_beside(wanted)
        write_uncallable(listed, rows)
    except OSError as exc:
        summary.notes.append(_("the list of customers without a callable number could not be written to {path} "
                               "({reason})").format(path=listed, reason=os_problem(exc)))
        return
    summary.uncallable_file = listed
    _kept_beside(summary, wanted if listed != wanted else None, listed)


def _after_import(conn, summary: ImportSummary, now, clock: Clock, *, total: int, scored: bool,
                  progress: Progress) -> None:
    """Inside the import's transaction: credit confirmed reactivations, rescore what changed (total:
    the customers the table now holds, known without counting them; scored: all were scored as staged)."""
    from workbench.scoring import rescore
    from workbench.sync.reactivation import confirm_reactivations

    changed = summary.inserted + summary.updated + summary.inactivated
    if not changed:
        return
    # New activity dates in the extract are head office's word that a reached customer woke up.
    summary.confirmed_reactivations = len(confirm_reactivations(conn, today=now.date()))
    clock.lap("reactivations")
    if scored:
        return
    # Past half the table one full pass (which also refits BG/NBD) beats a lookup per id.
    listed = len(summary.inserted_ids) + len(summary.updated_ids) == summary.inserted + summary.updated
    told = lambda done, total: progress(SCORE, done, total)  # noqa: E731
    if changed * 2 > total or not listed:
        rescore(conn, now.date(), customer_ids=None, progress=told)
    else:
        rescore(conn, now.date(), customer_ids=[*summary.inserted_ids, *summary.updated_ids, *summary.inactivated_ids],
                progress=told)
    clock.lap("rescore")


def _fresh(conn, writer: CustomerWriter) -> bool:
    """Whether the customers are scored while staged and inserted with their scores: into an empty
    table (whose customers have no holdings yet either)."""
    return not writer.existing and not conn.execute("SELECT EXISTS (SELECT 1 FROM holdings)").fetchone()[0]


def _staged_inputs(conn, writer: CustomerWriter, now, scratch: Path) -> StagedInputs:
    from workbench.scoring.staged import StagedInputs

    return StagedInputs(conn, now.date(), scratch, writer.staged_columns())


def _keeping(staged: StagedInputs, scratch: Path) -> Callable[[str], None]:
    """staged.add, with a failure to write its scratch files (a full disk) told in one sentence."""
    def add(schema: str) -> None:
        try:
            staged.add(schema)
        except OSError as exc:
            raise scratch_error(scratch, exc) from None
    return add


def _part_bytes(conn, size: int, spare: int) -> int:
    """How much of the file goes in each part (a reader process converts the next part while this one
    loads): a part stays attached until the import ends, so the parts must leave `spare` of SQLite's
    attached databases for the files attached after them (the numbers seen; a fresh import's scores)."""
    return math.ceil(size / max(1, conn.getlimit(sqlite3.SQLITE_LIMIT_ATTACHED) - spare))


def _part_ends(size: int, part_bytes: int) -> tuple[int, ...] | None:
    """Where in the file the parts end: as many parts as part_bytes gives, the first and the last half as
    large as the others (None: parts of part_bytes, for fewer than three). This process waits for the
    first part before it has anything to do, and reads the last one's scoring inputs (or loads it) after
    the reader process is done; a fresh import's scoring holds the inserting back until the first part is
    scored (a million rows, on a machine busy with other work: 2.1 -> 1.2 s after the reader, 2.8 -> 1.7 s
    before the first insert)."""
    parts = round(size / part_bytes) if part_bytes else 0
    if parts < 3:
        return None
    unit = size / (parts - 1)
    return tuple(math.ceil(unit * (k + 0.5)) for k in range(parts - 1))


def _load(stream, acceptor: Acceptor, writer: CustomerWriter, source: Source, progress: Progress) -> None:
    """Report each block's rejects and load each part the producer finishes, in file order."""
    for message in stream:
        if message[0] == "block":
            _, rejects, blank, rows, position = message
            acceptor.block(rejects, blank, rows)
            progress(READ, position, source.size)
        elif message[0] == "part":
            _, part, position = message
            if not acceptor.parts and position:
                writer.drop_indexes(part.rows * source.size // position)   # the file's rows, from the first part
            acceptor.part(part)
        elif message[0] == "done":   # a reader process found them on its own copy of the source
            source.hidden_rows, source.tables, source.unheaded = message[1], message[2], message[3]
    progress(READ, source.size, source.size)


def _quote_repeats(acceptor: Acceptor, job: Job) -> None:
    again = open_source(job.path, encoding=job.encoding, delimiter=job.delimiter, overrides=job.overrides)
    try:
        acceptor.quote_repeats(again.rows)
    finally:
        again.close()


ZERO_PAIRS_SHOWN = 5


def _reject_zero_variants(conn, writer: CustomerWriter, acceptor: Acceptor, summary: ImportSummary,
                          ids_path: Path) -> None:
    """A customer number the import inserted that is a known one but for leading zeros (001004 as 1004:
    Excel drops them from a number column) would be the same customer twice, called twice: its row is
    taken back and rejected with what to do, and --full counts the known customer as listed."""
    pairs = writer.zero_variants()
    if not pairs:
        return
    known: dict[str, str] = {}
    for new, old in pairs:
        known.setdefault(new, old)
    _attach_seen(conn, ids_path)
    lines = conn.execute("SELECT customer_id, row FROM import_seen.ids WHERE customer_id IN (SELECT value FROM json_each(?))",
                         (json.dumps(list(known)),)).fetchall()
    writer.remove_inserted(list(known))
    why = _("customer number {id} differs from the known customer {known} only in leading zeros (Excel drops them "
            "from a number column); format the column as text and export again")
    acceptor.reject_loaded({line: (why.format(id=new, known=known[new]), known[new]) for new, line in lines},
                           list(known.values()))
    summary.zero_variants = len(known)
    summary.zero_pairs = list(known.items())[:ZERO_PAIRS_SHOWN]


def _attach_seen(conn, ids_path: Path) -> None:
    """The file's accepted customer numbers (with their rows) as import_seen.ids, attached once."""
    if not any(schema == "import_seen" for _seq, schema, _file in conn.execute("PRAGMA database_list").fetchall()):
        attach(conn, ids_path, "import_seen")


def _inactivate(conn, writer: CustomerWriter, summary: ImportSummary, accepted: int, ids_path: Path,
                options: ImportOptions) -> None:
    """--full: customers of the covered branches the file does not list (even as a rejected row) go inactive;
    refused (see _check_share) when that is most of a branch, unless confirmed."""
    if not accepted:
        summary.notes.append(_("no row was accepted, so --full inactivated nobody"))
        return
    if not writer.existing:
        return   # the table was empty: nobody to inactivate (and a fresh import's scores use the attachments)
    _attach_seen(conn, ids_path)
    if writer.i_branch is None:   # no branch column: the branches its customers are in, not the whole bank
        branches = writer.branches_of("import_seen.ids")
        summary.covered_branches = [b for b in branches if b is not None]
        if None in branches:
            summary.notes.append(_("--full also covered customers without a branch, since the file lists some of them"))
    else:
        branches = summary.covered_branches
    made = writer.inactivate_absent(branches, "import_seen.ids", REJECTED)
    summary.inactivated_ids = [customer_id for customer_id, _branch in made]
    summary.inactivated = len(made)
    if made and not options.yes:
        over = _share_over(conn, writer, made)
        if over is not None and not options.dry_run:
            raise WorkbenchError(_("{over}, so nothing was imported; if {name} really lists every customer of its "
                                   "branches, import it again with --full --yes.").format(over=over, name=summary.file_name))
        summary.full_refused = over
    summary.inactive_followups = _followups_of(conn, summary.inactivated_ids)


def _share_over(conn, writer: CustomerWriter, made: list[tuple[str, str | None]]) -> str | None:
    """Why --full is refused, when it makes inactive more of a branch's active customers than the branch's
    setting import.full_inactivate_max_pct allows (a partial file taken for a full one, another branch's
    list), else None. A branch's active customers are those it had before the import that are active now,
    and the ones made inactive; they are counted only as far as the share needs."""
    from workbench.settings import load_settings

    made_in: dict[str | None, int] = {}
    for _customer, branch in made:
        made_in[branch] = made_in.get(branch, 0) + 1
    over = []   # (share, branch, made inactive, active before, the limit)
    for branch, n in made_in.items():
        limit = load_settings(conn, branch)["import.full_inactivate_max_pct"]
        if limit >= 100:
            continue
        # Past this many kept active, n is within the limit: n * 100 <= limit * (n + kept); at 0 any n is over.
        kept = writer.active_before_up_to(branch, math.ceil(n * (100 - limit) / limit) if limit else -1)
        if n * 100 > limit * (n + kept):
            over.append((n / (n + kept), branch, n, n + kept, limit))
    if not over:
        return None
    over.sort(key=lambda found: (-found[0], -found[2]))
    _share, branch, n, total, limit = over[0]
    place = _("of branch {branch}").format(branch=branch) if branch is not None else _("without a branch")
    others = "" if len(over) == 1 else ngettext(" (and in {n} other branch)", " (and in {n} other branches)",
                                                len(over) - 1).format(n=len(over) - 1)
    return _("--full would make {n} of the {total} active customers {place} inactive{others}, more than the "
             "{limit}% the setting import.full_inactivate_max_pct allows").format(
        n=f"{n:,}", total=f"{total:,}", place=place, others=others, limit=limit)


def _followups_of(conn, customer_ids: list[str]) -> dict[str, int]:
    """The open follow-ups of these customers, counted by owner, most first."""
    if not customer_ids:
        return {}
    return dict(conn.execute(
        f"SELECT owner_id, count(*) FROM followups WHERE status IN {PENDING_SQL}"
        " AND customer_id IN (SELECT value FROM json_each(?)) GROUP BY owner_id ORDER BY count(*) DESC, owner_id",
        (json.dumps(customer_ids),)).fetchall())


def _note_moves(conn, summary: ImportSummary, writer: CustomerWriter) -> None:
    """The customers given another manager or branch, by (before, after), most first (as the upserts counted them),
    and the branches they left that have no active customer now."""
    def largest(flows: dict) -> list[tuple[str | None, str | None, int]]:
        return sorted(((before, after, n) for (before, after), n in flows.items()),
                      key=lambda flow: (-flow[2], flow[0] or "", flow[1] or ""))

    summary.manager_moves = largest(writer.moves.flows("manager"))
    summary.branch_moves = largest(writer.moves.flows("branch"))
    left = sorted({before for before, _after, _n in summary.branch_moves if before is not None})
    summary.emptied_branches = [
        (branch, name) for branch, name in conn.execute(
            "SELECT branch_id, name FROM branches b WHERE branch_id IN (SELECT value FROM json_each(?)) AND NOT EXISTS"
            " (SELECT 1 FROM customers c WHERE c.branch_id = b.branch_id AND c.active = 1) ORDER BY branch_id",
            (json.dumps(left),))] if left else []


def _let_go(conn, acceptor: Acceptor | None, scratch: Path | None, *, failed: bool) -> None:
    """After the transaction: the scratch files detached and removed, the scratch tables dropped. After a failure
    the folder goes even if a file cannot be detached (a read the failure cut short whose cursor something still
    holds keeps them in use), and the error doing so is not raised over the first one."""
    try:
        if acceptor is not None:
            acceptor.detach()
        _detach(conn)
    except sqlite3.Error:
        if not failed:
            raise
    finally:
        if scratch is not None:
            remove_scratch(scratch)


def _detach(conn) -> None:
    for _seq, schema, _file in conn.execute("PRAGMA database_list").fetchall():
        if schema == "import_seen" or schema.startswith(SCORES_SCHEMA):
            conn.execute(f"DETACH DATABASE {schema}")   # one of our own names, never input
    conn.execute(f"DROP TABLE IF EXISTS {LEAVERS}")
    conn.execute(f"DROP TABLE IF EXISTS {REASSIGNED}")
    conn.execute(f"DROP TABLE IF EXISTS {MOVED_BRANCH}")


def _leavers_followups_to(conn: sqlite3.Connection, import_id: int, user_id: str, now: datetime) -> list[str]:
    """The pending follow-ups of customers this import put in the pool, still owned by staff who have left,
    go to the supervisor importing (nobody else would see them) until `pool assign` moves them on, as a
    hand-over to the pool does; returns their ids."""
    moves = conn.execute(
        "SELECT f.followup_id, f.customer_id, ? FROM followups f JOIN customers c USING (customer_id)"
        " JOIN staff s ON s.staff_id = f.owner_id"
        f" WHERE f.status IN {PENDING_SQL} AND s.active = 0 AND c.manager_id IS NULL"
        " AND c.last_import_id = ? ORDER BY f.followup_id", (user_id, import_id)).fetchall()
    move_followups(conn, moves, now, user_id)
    return [followup_id for followup_id, _c, _o in moves]


def _cancel_blocked(conn: sqlite3.Connection, import_id: int, now: datetime, user_id: str | None) -> list[str]:
    """The pending call, SMS and WeChat follow-ups and campaign notices of the customers this import wrote whom it left
    on do-not-call or without marketing consent, cancelled as a logged do-not-call request cancels them
    (followups.cancel_blocked_of); returns their ids."""
    return cancel_blocked_of(conn, "SELECT customer_id FROM customers WHERE last_import_id = :import_id",
                             {"import_id": import_id}, at=now, by_id=user_id)


def _cancel_unsuited(conn: sqlite3.Connection, summary: ImportSummary, import_id: int, now: datetime,
                     user_id: str | None, dry_run: bool) -> list[str]:
    """The open campaign notices of the customers this import wrote whose product their risk level as the extract gives
    it no longer suits (an extract lowered it), cancelled as `campaigns import` cancels those a product's risk level
    raised (followups.cancel_unsuited_of), said in a note; returns their ids."""
    cancelled = cancel_unsuited_of(conn, "SELECT customer_id FROM customers WHERE last_import_id = :import_id",
                                   {"import_id": import_id}, at=now, by_id=user_id)
    if cancelled:
        summary.notes.append((ngettext(
            "{n} open campaign notice would be cancelled: the extract assesses its customer below the product's risk"
            " level", "{n} open campaign notices would be cancelled: the extract assesses their customers below the"
            " products' risk levels", len(cancelled)) if dry_run else ngettext(
            "{n} open campaign notice was cancelled: the extract assesses its customer below the product's risk level",
            "{n} open campaign notices were cancelled: the extract assesses their customers below the products' risk"
            " levels", len(cancelled))).format(n=f"{len(cancelled):,}"))
    return cancelled


def _log(conn, summary: ImportSummary, import_id: int, now_text: str, user_id: str | None,
         unsuited: list[str]) -> None:
    conn.execute(
        "UPDATE import_log SET rows_read = ?, inserted = ?, updated = ?, unchanged = ?, rejected = ?, "
        "inactivated = ?, new_staff = ? WHERE import_id = ?",
        (summary.rows_read, summary.inserted, summary.updated, summary.unchanged, summary.rejected,
         summary.inactivated, len(summary.new_staff), import_id),
    )
    audit.record(
        conn, "import", at=now_text, actor=user_id, subject=summary.file_name,
        detail={"import_id": import_id, "sha256": summary.sha256, "full": summary.full,
                "rows": summary.rows_read, "inserted": summary.inserted, "updated": summary.updated,
                "unchanged": summary.unchanged, "rejected": summary.rejected,
                "inactivated": summary.inactivated, "new_staff": summary.new_staff,
                "new_branches": summary.new_branches, "leavers": summary.leavers,
                "leavers_kept": summary.leavers_kept, "followups_moved": summary.followups_moved,
                **({"followups_cancelled": summary.followups_cancelled} if summary.followups_cancelled else {}),
                **({"notices_unsuited_cancelled": unsuited} if unsuited else {}),
                **({"consent_assumed": summary.consent_assumed} if summary.consent_assumed else {}),
                **({"consent_blank": summary.consent_blank} if summary.consent_blank else {}),
                **({"erased_kept": summary.erased_kept} if summary.erased_kept else {}),
                **({"reassigned_kept": summary.reassigned_kept} if summary.reassigned_kept else {}),
                **({"covers_kept": [[away, taker, until, n] for away, _a, taker, _t, until, n in summary.covers_kept]}
                   if summary.covers_kept else {}),
                **_moves_detail(summary)},
    )


# The largest flows of customers between managers, and between branches, the audit entry keeps beside their totals.
FLOWS_AUDITED = 10


def _moves_detail(summary: ImportSummary) -> dict:
    """How many customers the import gave another manager, and another branch, with the largest flows as [before,
    after, customers]; and how many customers' contact blocks it worked out again. Only what happened."""
    detail = {}
    for key, moves in (("manager_changes", summary.manager_moves), ("branch_changes", summary.branch_moves)):
        if moves:
            detail[key] = sum(n for *_pair, n in moves)
            detail[f"{key}_largest"] = [list(flow) for flow in moves[:FLOWS_AUDITED]]
    if summary.blocks_rechecked:
        detail["contact_blocks_rechecked"] = summary.blocks_rechecked
    return detail
