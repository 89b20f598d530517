"""CLI command: sample, the deterministic demo branch (also the benchmark data)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from workbench.cli.base import app, folder_must_exist, state
from workbench.errors import WorkbenchError
from workbench.sync.period import check_date
from workbench.i18n import N_, _
from workbench.sample import DEFAULT_CUSTOMERS, DEFAULT_SEED, DEFAULT_TODAY, generate_sample

PROGRESS_FROM = 50_000   # smaller samples take about a second: no progress bar


@app.command()
def sample(
    ctx: typer.Context,
    customers: int = typer.Option(DEFAULT_CUSTOMERS, "--customers", help="How many customers to generate (up to millions for benchmarks)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Where to write the sample (default: the --db file, else your working database)."),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Random seed: the same arguments always give the same data."),
    today: Optional[str] = typer.Option(None, "--today", help=f"The day the sample is as of, YYYY-MM-DD (default {DEFAULT_TODAY})."),
    force: bool = typer.Option(False, "--force", help="Replace the file if it exists."),
) -> None:
    """Write a realistic, deterministic sample branch: staff, customers, holdings, calls and follow-ups."""
    cli = state(ctx)
    as_of = check_date(today, "--today") if today else DEFAULT_TODAY
    if out is None and cli.db_path is not None:
        out = cli.db_path
    working = out is None   # the working database: a terminal of its own, not the seed's
    if out is not None:
        folder_must_exist(out)
    else:
        from workbench.paths import DB_FILE, data_dir

        out = data_dir() / DB_FILE
    if force:
        _may_replace(cli, out)
    console = Console(stderr=True)
    started = time.perf_counter()
    if customers >= PROGRESS_FROM and console.is_terminal:
        columns = (TextColumn(_("customers")), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console) as bar:
            task = bar.add_task(_("customers"), total=customers)
            summary = generate_sample(out, customers=customers, seed=seed, today=as_of, force=force, new_terminal=working,
                                      progress=lambda done, total: bar.update(task, completed=done))
    else:
        def report(done: int, total: int) -> None:
            console.print(_("customers: {done:,} / {total:,}").format(done=done, total=total), markup=False, highlight=False)

        summary = generate_sample(out, customers=customers, seed=seed, today=as_of, force=force, new_terminal=working,
                                  progress=report if customers >= PROGRESS_FROM else None)
    typer.echo(_(
        "Sample written to {path}: {customers:,} customers ({unassigned:,} unassigned) of {managers} managers,"
        " {holdings:,} holdings, {outcomes:,} past outcomes, {followups:,} open follow-ups; as of {today},"
        " seed {seed} ({seconds:.1f} s)."
    ).format(path=summary.path, customers=summary.customers, unassigned=summary.unassigned, managers=summary.managers,
             holdings=summary.holdings, outcomes=summary.outcomes, followups=summary.followups_open,
             today=summary.today, seed=summary.seed, seconds=time.perf_counter() - started))


def _may_replace(cli, out: Path) -> None:
    """Replacing a database that has a supervisor wipes its customers, outcomes and audit log: that takes a
    supervisor's word (PIN-checked), and a refusal is written to the log it would have wiped. A database that
    cannot be read just now (in use, or left mid-write) is not replaced at all: it fails closed."""
    import sqlite3

    from workbench.staffing import has_supervisor

    if not out.is_file():
        return
    with out.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":   # not a database: nobody's work to guard
            return
    busy = WorkbenchError(_("{path} is in use or was left mid-write, so it is not replaced; close the app and any"
                            " command using it (or run `workbench doctor` on it), then try again.").format(path=out))
    conn = sqlite3.connect(f"{out.resolve().as_uri()}?mode=ro", uri=True, timeout=1)   # looking does not make it a database
    try:
        guarded = has_supervisor(conn)
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):   # locked, or a hot journal a read-only open cannot roll back
            raise busy from None
        guarded = False
    except sqlite3.DatabaseError:   # damaged beyond reading: no one's work can be read from it to guard
        guarded = False
    finally:
        conn.close()
    if guarded:
        from workbench.db import open_db

        db = open_db(out)
        try:
            cli.supervisor(db, N_("replace the database with a sample"))
        finally:
            db.close()
    conn = sqlite3.connect(out, isolation_level=None)
    try:   # leaving WAL needs the file to itself: another connection (the app) would keep a log beside the new file
        conn.execute("PRAGMA busy_timeout = 0")
        alone = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    except sqlite3.Error:
        alone = False
    finally:
        conn.close()
    if not alone:
        raise busy


