"""CLI command: this terminal's identity (a new id for a database copied from another)."""

from __future__ import annotations

import typer

from workbench.cli.base import app, state
from workbench.i18n import N_, gettext as _

terminal_app = typer.Typer(help="This terminal's identity, which its outcome entries and follow-up changes carry.")
app.add_typer(terminal_app, name="terminal")


@terminal_app.command("new-id")
def new_id_cmd(ctx: typer.Context) -> None:
    """Give this database a new terminal id: for a database copied from another, which shares its id."""
    from workbench.sync.terminal import new_terminal_id

    cli = state(ctx)
    db = cli.open()
    actor = cli.keeper(db, N_("give this terminal a new id"))   # a supervisor's word once there is one; audited
    old, new = new_terminal_id(db.conn, at=cli.now(), actor=actor)
    typer.echo(_("This terminal's id is now {new} (it was {old}); entries made before keep the old id. Bundles from the"
                 " other database can now be imported here; that database refuses this one's until it takes a new id"
                 " too.").format(new=new, old=old))
