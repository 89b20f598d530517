"""import_customers: one extract into the database in one transaction."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Callable

from workbench import audit
from workbench.importing.headers import parse_map_options
from workbench.importing.model import ImportOptions, ImportSummary
from workbench.importing.rejects import RejectWriter, reject_path
from workbench.importing.rows import RowError, build_converter
from workbench.importing.sources import Source, open_source
from workbench.importing.store import CustomerWriter
from workbench.importing.values import text

Progress = Callable[[int, int], None]


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
    """Import a customer extract; the database changes all at once or not at all."""
    path = Path(path)
    overrides = parse_map_options(options.mappings)
    source = open_source(path, encoding=options.encoding, delimiter=options.delimiter, overrides=overrides)
    try:
        summary = ImportSummary(path.name, file_sha256(path), kind=source.kind, encoding=source.encoding,
                                delimiter=source.delimiter, dry_run=options.dry_run, full=options.full)
        _describe_mapping(summary, source)
        previous = conn.execute(
            "SELECT imported_at FROM import_log WHERE sha256 = ? AND kind = 'customers' ORDER BY import_id LIMIT 1",
            (summary.sha256,),
        ).fetchone()
        if previous:
            summary.already_imported = previous[0]
            return summary
        _run(conn, source, summary, options, now, user_id, progress)
    finally:
        source.close()
    return summary


def _describe_mapping(summary: ImportSummary, source: Source) -> None:
    mapping = source.mapping
    summary.mapped = {f: mapping.header[i] for f, i in mapping.columns.items()}
    summary.unmapped_columns = list(mapping.unmapped)
    summary.ignored_columns = list(mapping.ignored)
    summary.notes += source.notes
    if source.skipped_above_header:
        summary.notes.append(f"{source.skipped_above_header} line(s) above the header skipped")


def _run(conn, source: Source, summary: ImportSummary, options: ImportOptions, now, user_id, progress) -> None:
    now_text = now.isoformat(timespec="seconds")
    rejects = RejectWriter(reject_path(source.path), source.mapping.header)
    conn.execute("BEGIN IMMEDIATE")
    try:
        import_id = conn.execute(
            "INSERT INTO import_log (kind, file_name, sha256, imported_at, user_id, full_extract) "
            "VALUES ('customers', ?, ?, ?, ?, ?)",
            (summary.file_name, summary.sha256, now_text, user_id, int(options.full)),
        ).lastrowid
        staff_by_name = _unique_staff_names(conn)
        columns, convert = build_converter(source.mapping, staff_by_name)
        writer = CustomerWriter(conn, columns, import_id, now_text)
        seen, rejected_ids = _load(source, convert, writer, rejects, summary, options, progress)
        accepted = len(seen)
        if options.full:
            _inactivate(writer, summary, seen, rejected_ids)
        del seen   # the file's ids are no longer needed; the changed ids are read back next
        summary.inserted_ids, summary.updated_ids = writer.changed_ids()
        summary.inserted, summary.updated = len(summary.inserted_ids), len(summary.updated_ids)
        summary.unchanged = accepted - summary.inserted - summary.updated
        summary.new_staff, summary.new_branches = writer.new_staff, writer.new_branches
        if "phone_valid" in columns:
            summary.phones_invalid = conn.execute(
                "SELECT count(*) FROM customers WHERE last_import_id = ? AND phone_valid = 0", (import_id,)
            ).fetchone()[0]
        summary.rejected = rejects.count
        _log(conn, summary, import_id, now_text, user_id)
        _after_import(conn, summary, now)
        if options.dry_run:
            conn.execute("ROLLBACK")
        else:
            conn.execute("COMMIT")
            summary.import_id = import_id
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        rejects.close(keep=False)
        raise
    rejects.close(keep=True)
    summary.reject_file = rejects.path if rejects.count else None
    if not rejects.count and rejects.path.exists() and not options.dry_run:
        rejects.path.unlink()   # a report left by an earlier import of this file name is stale now


def _after_import(conn, summary: ImportSummary, now) -> None:
    """Inside the import's transaction: credit confirmed reactivations, rescore what changed."""
    from workbench.scoring import rescore
    from workbench.sync.reactivation import confirm_reactivations

    touched = [*summary.inserted_ids, *summary.updated_ids, *summary.inactivated_ids]
    if not touched:
        return
    # New activity dates in the extract are head office's word that a reached customer woke up.
    summary.confirmed_reactivations = len(confirm_reactivations(conn, today=now.date()))
    total = conn.execute("SELECT count(*) FROM customers").fetchone()[0]
    # Past half the table one full pass (which also refits BG/NBD) beats a lookup per id.
    rescore(conn, now.date(), customer_ids=None if len(touched) * 2 > total else touched)


def _unique_staff_names(conn) -> dict[str, str]:
    rows = conn.execute("SELECT name, min(staff_id) FROM staff GROUP BY name HAVING count(*) = 1").fetchall()
    return dict(rows)


def _load(source, convert, writer, rejects, summary, options, progress):
    """Convert and write every row; later rows repeating a customer number are rejected."""
    seen: set[str] = set()
    rejected_ids: set[str] = set()
    batch: list[tuple] = []
    i_branch = writer.i_branch
    branches: set = set()
    rows_read = blank = 0
    for row_number, cells in source.rows:
        rows_read += 1
        try:
            values = convert(cells)
        except RowError as exc:
            if not any(text(c) for c in cells):
                blank += 1
                continue
            rejects.add(row_number, str(exc), cells)
            cid = _cell_id(cells, source)
            if cid:
                rejected_ids.add(cid)
            continue
        customer_id = values[0]
        if customer_id in seen:
            rejects.add(row_number, f"customer {customer_id} appears again (first row kept)", cells)
            continue
        seen.add(customer_id)
        batch.append(values)
        if len(batch) >= options.batch_size:
            writer.write(batch)
            if i_branch is not None:
                branches.update(r[i_branch] for r in batch)
            batch = []
            if progress:
                progress(source.position(), source.size)
    if batch:
        writer.write(batch)
        if i_branch is not None:
            branches.update(r[i_branch] for r in batch)
    if progress:
        progress(source.size, source.size)
    summary.rows_read, summary.blank_rows = rows_read - blank, blank
    summary.covered_branches = sorted(b for b in branches if b is not None) if i_branch is not None else []
    return seen, rejected_ids


def _cell_id(cells, source: Source) -> str:
    index = source.mapping.columns["customer_id"]
    return text(cells[index]) if index < len(cells) else ""


def _inactivate(writer: CustomerWriter, summary: ImportSummary, seen: set, rejected_ids: set) -> None:
    if not seen:
        summary.notes.append("no row was accepted, so --full inactivated nobody")
        return
    branches = summary.covered_branches if writer.i_branch is not None else None
    summary.inactivated_ids = writer.inactivate_absent(branches, lambda cid: cid in seen or cid in rejected_ids)
    summary.inactivated = len(summary.inactivated_ids)


def _log(conn, summary: ImportSummary, import_id: int, now_text: str, user_id: str | None) -> None:
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
                "new_branches": summary.new_branches},
    )
