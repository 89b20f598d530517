"""CLI commands: init and doctor."""

from __future__ import annotations

import json
import os
import stat
from datetime import timedelta

import typer
from rich.console import Console

from workbench import festivals
from workbench.cli.base import app, state
from workbench.db import SCHEMA_VERSION, schema_version

COUNTED_TABLES = ("branches", "staff", "customers", "holdings", "outcomes", "followups", "import_log")


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the database (or bring an older one to the current schema) and show its identity."""
    cli = state(ctx)
    path = cli.resolve_db_path()
    if cli.db_path is None:
        path.parent.mkdir(parents=True, exist_ok=True)   # the user data folder, made on first use
    created = not path.exists()
    db = cli.open(must_exist=False)
    if created:
        os.chmod(path, 0o600)   # customer data: for this user only, as the sample's copy is
    terminal = db.execute("SELECT value FROM meta WHERE key = 'terminal_id'").fetchone()[0]
    Console().print(f"Database {path} at schema version {schema_version(db)}; terminal {terminal}.", markup=False)


@app.command()
def doctor(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print the findings as JSON.")) -> None:
    """Check the database: integrity, schema version, row counts and file permissions."""
    cli = state(ctx)
    path = cli.resolve_db_path()
    db = cli.open()
    integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    counts = {t: db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in COUNTED_TABLES if db[t].exists()}
    warnings = []
    mode = os.stat(path).st_mode
    if mode & (stat.S_IRGRP | stat.S_IROTH):
        warnings.append(f"{path} is readable by other users of this computer; run: chmod 600 {path}")
    if (cli.now().date() + timedelta(days=365)) > festivals.KNOWN_UNTIL:
        warnings.append(f"the festival calendar ends on {festivals.KNOWN_UNTIL.isoformat()}: festival greetings stop"
                        " being suggested after it; a newer Branch Workbench carries the years after")
    report = {
        "path": str(path),
        "integrity": integrity,
        "schema_version": schema_version(db),
        "current_schema_version": SCHEMA_VERSION,
        "counts": counts,
        "warnings": warnings,
    }
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        console = Console()
        console.print(f"Database: {path}", markup=False)
        console.print(f"Integrity: {integrity}", markup=False)
        console.print(f"Schema version: {report['schema_version']} (current {SCHEMA_VERSION})", markup=False)
        for table, n in counts.items():
            console.print(f"  {table}: {n:,}", markup=False)
        for warning in warnings:
            console.print(f"warning: {warning}", markup=False, style="yellow")
    if integrity != "ok":
        raise typer.Exit(1)
