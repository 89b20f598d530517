"""CLI commands: the branches and which is under which (`workbench branch list|set`)."""

from __future__ import annotations

from typing import Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from workbench.cli.base import app, state
from workbench.i18n import N_, _

branch_app = typer.Typer(help="Branches and sub-branches: which is under which, so that a branch's settings reach"
                              " its sub-branches.")
app.add_typer(branch_app, name="branch")

# The fields `branch set` changes, marked for the catalogue: their names are shown, translated.
_FIELDS = {"name": N_("branch name"), "parent_id": N_("above it"), "level": N_("level")}
_LEVELS = {"bank": N_("bank"), "branch": N_("branch office"), "sub_branch": N_("sub-branch")}


@branch_app.command("list")
def branch_list(ctx: typer.Context) -> None:
    """Every branch, each under the one above it: its name, level, staff at work and active customers."""
    from workbench.branches import branch_rows

    db = state(ctx).open()
    rows = branch_rows(db.conn)
    if not rows:
        typer.echo(_("No branches yet: they come with the first customer extract (its branch column)."))
        return
    table = Table(_("code"), _("branch name"), _("above it"), _("level"), _("staff"), _("customers"))
    for r in rows:
        table.add_row(Text(r.branch_id), Text(r.name), Text(r.parent_id or ""), _(_LEVELS.get(r.level, r.level)),
                      f"{r.staff:,}", f"{r.customers:,}")
    Console().print(table)


@branch_app.command("set")
def branch_set(
    ctx: typer.Context,
    branch_id: str = typer.Argument(..., metavar="CODE", help="The branch to change, as the extracts name it."),
    parent: Optional[str] = typer.Option(None, "--parent", metavar="CODE",
                                         help="The branch it is under ('' for none): its settings then reach this one."),
    name: Optional[str] = typer.Option(None, "--name", help="Its name."),
) -> None:
    """Put a branch under another (a 分理处 under its 支行) or rename it (supervisors; audited)."""
    from workbench.branches import set_branch
    from workbench.cli.settings import rechecking
    from workbench.errors import WorkbenchError

    cli = state(ctx)
    db = cli.open()
    by_id = cli.keeper(db, N_("change a branch"))
    if parent is None and name is None:
        raise WorkbenchError(_("Say what to change: --parent CODE, --name NAME, or both."))
    placed = {} if parent is None else {"parent_id": parent.strip()}
    changed = set_branch(db.conn, branch_id, name=name, at=cli.now(), by_id=by_id, told=rechecking, **placed)
    if not changed:
        typer.echo(_("Nothing to change for {id}.").format(id=branch_id))
    for field, (before, after) in changed.items():
        shown = [_(_LEVELS[v]) if field == "level" else (v or _("(none)")) for v in (before, after)]
        typer.echo(_("{id} {field}: {before} -> {after}").format(id=branch_id, field=_(_FIELDS[field]),
                                                                 before=shown[0], after=shown[1]))
