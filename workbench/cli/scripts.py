"""CLI commands: call scripts as TOML files (`workbench scripts export|import|seed`)."""

from __future__ import annotations

from pathlib import Path

import typer

from workbench.cli.base import app, state
from workbench.i18n import N_, _, ngettext

scripts_app = typer.Typer(help="Call scripts (话术): export, import and seed the defaults.")
app.add_typer(scripts_app, name="scripts")


@scripts_app.command("export")
def export_cmd(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="TOML file to write."),
    force: bool = typer.Option(False, "--force", help="Replace FILE even if it is not an earlier scripts export."),
) -> None:
    """Write every active script to a TOML file you can edit and import again."""
    from workbench.scripts import export_scripts

    db = state(ctx).open()
    n = export_scripts(db.conn, file, force=force)
    typer.echo(ngettext("Exported {n} script to {path}.", "Exported {n} scripts to {path}.", n).format(n=n, path=file))


@scripts_app.command("import")
def import_cmd(ctx: typer.Context, file: Path = typer.Argument(..., help="TOML file to read.")) -> None:
    """Add or replace the scripts of a TOML file (all of them or none)."""
    from workbench.scripts import import_scripts

    cli = state(ctx)
    db = cli.open()
    cli.keeper(db, N_("import call scripts"))   # every manager reads them
    done = import_scripts(db.conn, file, at=cli.now())
    typer.echo(_("Scripts in {file}: {added} added, {changed} changed, {same} unchanged.").format(
        file=file.name, added=len(done.added), changed=len(done.changed), same=len(done.unchanged)))


@scripts_app.command("seed")
def seed_cmd(ctx: typer.Context) -> None:
    """Add the shipped Chinese and English scripts (existing ones stay as they are)."""
    from workbench.scripts import seed_default_scripts

    cli = state(ctx)
    db = cli.open()
    cli.keeper(db, N_("add the default call scripts"))
    n = seed_default_scripts(db.conn, at=cli.now())
    typer.echo(ngettext("Added {n} default script.", "Added {n} default scripts.", n).format(n=n))
