"""CLI commands: the bank's and each branch's own settings (`workbench settings show|set|unset`)."""

from __future__ import annotations

import json
from typing import Optional

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from workbench.cli.base import app, echo_json, state
from workbench.errors import WorkbenchError
from workbench.i18n import N_, _, fill, get_language
from workbench.text_wrap import typeset

settings_app = typer.Typer(help="Thresholds, weights and rules: the defaults, and the bank's or a branch's own values.")
app.add_typer(settings_app, name="settings")

_BRANCH_HELP = "A branch or sub-branch id (default: the whole bank)."


@settings_app.command("show")
def show(
    ctx: typer.Context,
    branch: Optional[str] = typer.Option(None, "--branch", help="Show what is in force at this branch or sub-branch."),
    changed: bool = typer.Option(False, "--changed", help="Only the settings whose value in force differs from their default."),
    as_json: bool = typer.Option(False, "--json", help="Print the settings as JSON."),
) -> None:
    """Every setting in force, and where its value comes from (the default, the bank, or a branch)."""
    from workbench import settings

    db = state(ctx).open()
    settings.check_scope(db.conn, branch)
    every = settings.in_force(db.conn, branch)
    rows = [row for row in every if not changed or not row.is_default]
    # A level's own value equal to the default changes nothing here: --changed leaves it out, the table names it.
    same = [row for row in every if changed and row.source != "default" and row.is_default]
    if as_json:
        echo_json([{"key": r.key, "value": r.value, "source": r.source,
                    "description": _(settings.DESCRIPTIONS[r.key])} for r in rows])
        return
    if not rows:   # --changed, and nothing differs: a sentence, not a table's bare header
        from workbench.branches import named

        typer.echo(fill(_("Every setting in force at {branch} is its default."), branch=named(db.conn, branch))
                   if branch else _("Every setting of the bank is its default."))
        _stored_as_default(same)
        return
    console = Console()
    cells = [(Text(row.key), Text(json.dumps(row.value, ensure_ascii=False)),
              Text(_("default") if row.source == "default" else settings.scope_label(row.source)),
              typeset(Text(_(settings.DESCRIPTIONS[row.key])), get_language())) for row in rows]
    if console.width >= _BESIDE:
        table = _settings_table(show_header=True)
        table.add_column(_("what it does"), style="dim", overflow="fold", ratio=2)
        for row in cells:
            table.add_row(*row)
        console.print(table)
    else:   # what each does under it, the line's whole width: beside, it had 22 cells and split setting names
        key_width = max([cell_len(_("setting")), *(key.cell_len for key, *_rest in cells)])
        from_width = max([cell_len(_("from")), *(source.cell_len for _key, _value, source, _does in cells)])
        console.print(_settings_table(key_width, from_width, show_header=True))
        for key, value, source, does in cells:
            table = _settings_table(key_width, from_width, show_header=False)
            table.add_row(key, value, source)
            console.print(table, Padding(does, (0, 0, 0, 4), style="dim"))
    _stored_as_default(same)


def _stored_as_default(same: list) -> None:
    """The levels' own values equal to the default, which --changed leaves out, named."""
    from workbench import settings

    if same:
        typer.echo(_("Stored but equal to the default, so not listed: {keys}.").format(
            keys=", ".join(f"{row.key} ({settings.scope_label(row.source)})" for row in same)))


# From this width on, what a setting does stands beside it (in 47 cells or more at 120), else under it.
_BESIDE = 110


def _settings_table(key_width: int | None = None, from_width: int | None = None, *, show_header: bool) -> Table:
    """The setting, value and source columns, with the given widths so that tables printed one by one line up."""
    table = Table(box=None, pad_edge=False, show_header=show_header, header_style="bold", expand=True)
    table.add_column(_("setting"), no_wrap=True, width=key_width)
    table.add_column(_("value"), overflow="fold", ratio=1)
    table.add_column(_("from"), no_wrap=True, width=from_width)
    return table


# A value such as -1 is a value to check, not an unknown option: it reaches the range check as abc does.
@settings_app.command("set", context_settings={"ignore_unknown_options": True})
def set_cmd(
    ctx: typer.Context,
    key: str = typer.Argument(..., help="The setting, e.g. contact.budget_attempts (see `workbench settings show`)."),
    value: str = typer.Argument(..., help="Its value as JSON (4, 0.5, \"09:30\", [1, 2], {\"a\": 1}); plain text is taken as text."),
    branch: Optional[str] = typer.Option(None, "--branch", help=_BRANCH_HELP),
) -> None:
    """Give a setting the bank's or a branch's own value (supervisors; audited)."""
    cli, db, by_id = _acting(ctx)
    parsed = _parse(value)
    if parsed is None:   # null would read as "remove it": say so rather than do it
        raise WorkbenchError(_("A setting cannot be null; `workbench settings unset {key}` removes it.").format(key=key))
    _change(cli, db, by_id, key, parsed, branch)


@settings_app.command("unset")
def unset_cmd(
    ctx: typer.Context,
    key: str = typer.Argument(..., help="The setting to take back to what the level above says."),
    branch: Optional[str] = typer.Option(None, "--branch", help=_BRANCH_HELP),
) -> None:
    """Remove the bank's or a branch's own value, so the level above (in the end the default) holds (supervisors; audited)."""
    _change(*_acting(ctx), key, None, branch)


def _parse(text: str):
    """JSON when it reads as JSON, else the text itself: `09:30` needs no quotes on a command line."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def _acting(ctx: typer.Context):
    """(state, database, the supervisor acting or None before there is one), settled before the key, level or
    value is looked at: someone who may not change settings, or has not said who they are, hears that first."""
    cli = state(ctx)
    db = cli.open()
    return cli, db, cli.keeper(db, N_("change settings"))


# From this many customers on, working their contact blocks out again takes long enough to be said as it begins.
RECHECK_TOLD = 20_000


def rechecking(n: int) -> None:
    """Said before a contact rule's new value (or a branch's under another parent) is applied to the stored blocks of
    many customers."""
    if n >= RECHECK_TOLD:
        typer.echo(_("Re-checking {n} customers' contact rules…").format(n=f"{n:,}"))


def _change(cli, db, by_id: str | None, key: str, value, branch: str | None) -> None:
    from workbench import campaigns, settings

    scope = settings.check_scope(db.conn, branch, leftover_key=key if value is None else None)
    change = settings.change_setting(db.conn, key, value, scope=scope, at=cli.now(), by_id=by_id,   # checks the value
                                     told=rechecking)
    where = settings.scope_label(scope)
    if not change.changed and value is None:
        typer.echo(_("{where} has no value of its own for {key}; nothing changed.").format(where=where, key=key))
        return
    if not change.changed:
        typer.echo(_("{key} for {where} is already {value}; nothing changed.").format(
            key=key, where=where, value=json.dumps(change.after, ensure_ascii=False)))
        return
    typer.echo(_("{key} for {where}: {before} -> {after}.").format(
        key=key, where=where, before=json.dumps(change.before, ensure_ascii=False),
        after=json.dumps(change.after, ensure_ascii=False)))
    if key == "tiers.lines_fen":
        for problem in campaigns.beyond_the_tiers(db.conn, cli.now().date()):
            typer.echo(_("note: {note}").format(note=problem), err=True)
    if settings.affects_scores(key):
        typer.echo(_("Every customer is rescored before the next call list is shown (`workbench calllist`, the app as"
                     " it starts) or by `workbench score`."))
    elif key == "app.keymap":
        typer.echo(_("The app takes the new keys when it next starts."))
