"""CLI commands: a backup of the database, taken at any time, and a backup put back in its place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import typer

from workbench.cli.base import app, state
from workbench.dates import to_the_minute
from workbench.errors import BUSY_EXIT, WorkbenchError, is_busy
from workbench.i18n import N_, gettext as _, join_list, ngettext
from workbench.backup import file_size
from workbench.schema_check import listed

RESTORE = N_("restore the database from a backup")


@app.command("backup")
def backup_cmd(
    ctx: typer.Context,
    out: Path = typer.Argument(..., help="The backup file to write."),
    force: bool = typer.Option(False, "--force", help="Replace OUT if it exists."),
) -> None:
    """Write a consistent copy of the database to OUT, safe while the app is open."""
    from workbench.backup import take_backup

    cli = state(ctx)
    db = cli.open()
    # Any staff member, named and PIN-checked, as for an export: the audit log says who took the data away. A
    # database nobody has joined yet needs no one.
    actor = cli.actor(db).staff_id if db.execute("SELECT 1 FROM staff LIMIT 1").fetchone() else None
    made = take_backup(db.conn, cli.resolve_db_path(), out, now=cli.now(), actor=actor, force=force)
    typer.echo(_("Backed up to {path}: {size}, taken {at}.").format(path=out, size=file_size(made.size),
                                                                    at=to_the_minute(made.taken_at)))
    if made.altered:
        typer.echo(_("warning: the database's schema was altered outside the workbench ({changes}), and the backup"
                     " carries that: `workbench doctor` says how to put it right, and `workbench restore` refuses this"
                     " backup without --force.").format(changes=listed(made.altered)))


@app.command("restore")
def restore_cmd(
    ctx: typer.Context,
    backup: Path = typer.Argument(..., help="The backup file to put in place."),
    force: bool = typer.Option(False, "--force", help="Restore a backup whose schema was altered outside the"
                               " workbench all the same."),
) -> None:
    """Put a backup in the database's place, with a new terminal id; the database as it was is kept beside."""
    from workbench.backup import install, staged_restore

    cli = state(ctx)
    path = cli.resolve_db_path()
    if cli.db_path is None:
        path.parent.mkdir(parents=True, exist_ok=True)   # the user data folder, on a terminal set up from a backup
    elif not path.parent.is_dir():
        raise WorkbenchError(_("There is no folder {folder}; create it first, or check the path {path}.").format(
            folder=path.parent, path=path))
    asked, actor = _keeper_of_current(cli, path)
    with staged_restore(backup, path, force=force) as staged:
        if not asked:   # no database here that can say who its supervisors are: the backup's say
            cli.user = cli.staff_id(staged.db, cli.user)
            actor = cli.keeper(staged.db, RESTORE)
        done = install(staged, path, now=cli.now(), actor=actor)
    at = to_the_minute(done.taken_at or done.latest)
    if done.taken_at:
        typer.echo(_("Restored {database} from {backup}, the backup of terminal {terminal} taken on {at}; the database"
                     " now has terminal id {new}.").format(database=path, backup=backup, terminal=done.backup_terminal,
                                                         at=at, new=done.terminal_id))
    else:
        typer.echo(_("Restored {database} from {backup}, a copy of terminal {terminal} that does not say when it was"
                     " taken; the database now has terminal id {new}.").format(
            database=path, backup=backup, terminal=done.backup_terminal, new=done.terminal_id))
    if done.altered:
        typer.echo(_("warning: the restored database carries its schema as altered outside the workbench ({changes}):"
                     " `workbench doctor` says how to put it right.").format(changes=listed(done.altered)))
    kept = path.with_name(done.kept.name) if done.kept is not None else None
    if kept is not None:
        typer.echo(_("The database as it was is kept as {kept}; to undo, close every workbench and restore that"
                     " file.").format(kept=kept))
    if at is None:
        typer.echo(_("It holds no entries: ask each desk for a bundle of everything (`workbench export bundle` without"
                     " --since) and import it here with `workbench import bundle`."))
        return
    _what_is_missing(kept, done.taken_at or done.latest, at)


def _what_is_missing(kept: Path | None, since: str, at: str) -> None:
    """After a restore: how what was done here after the backup comes back, from the database kept beside when it is
    readable, else from the other desks' bundles (only what this desk had sent them), and what travels in no bundle."""
    from workbench.backup import kept_after
    from workbench.cli.audit_show import ACTIONS

    later = kept_after(kept, since) if kept is not None else None
    day = at[:10]
    if later is None:
        typer.echo(_("What was done here after {at} is not in it: ask each desk for a bundle `--since {day}` (`workbench"
                     " export bundle --since {day}`) and import it here with `workbench import bundle`. Only what this"
                     " desk had sent in a bundle comes back with them: its entries made after its last bundle are lost,"
                     " so log them again from your notes.").format(at=at, day=day))
    elif later.entries:
        typer.echo(ngettext("The {n} entry made or received here after {at} is in {kept}: bring it back with"
                            " `workbench --db {kept} export bundle --out {bundle} --since {day}`, then `workbench import"
                            " bundle {bundle}` here.",
                            "The {n} entries made or received here after {at} are in {kept}: bring them back with"
                            " `workbench --db {kept} export bundle --out {bundle} --since {day}`, then `workbench import"
                            " bundle {bundle}` here.", later.entries).format(
            n=f"{later.entries:,}", at=at, kept=kept, bundle=_KEPT_BUNDLE, day=day))
    found = "" if later is None or not later.not_travelling else _(" (the kept database's audit log has: {found})").format(
        found=join_list([ngettext("{action} ({n} time)", "{action} ({n} times)", n).format(action=_(ACTIONS[action]),
                                                                                          n=f"{n:,}")
                         for action, n in later.not_travelling.items()]))
    typer.echo(_("Campaigns and call scripts imported, and settings and staff changed here after {at}, travel in no"
                 " bundle: make them again here{found}.").format(at=at, found=found))


# The bundle of the entries the database kept beside a restore holds from after the backup.
_KEPT_BUNDLE = "before-restore.wbundle"


def _keeper_of_current(cli, path: Path) -> tuple[bool, str | None]:
    """(whether the database in place said, its supervisor acting or None): a supervisor's word once it has one, as
    for a new terminal id, the refusal audited there. A database that is missing, or cannot be opened or read (the
    reason to restore, often), says nothing; one another process is writing to is said as such."""
    if not path.exists():
        return False, None
    try:
        db = cli.open()
    except WorkbenchError as exc:
        if exc.exit_code == BUSY_EXIT:
            raise
        return False, None
    try:
        return True, cli.keeper(db, RESTORE)
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise
        return False, None
    finally:
        db.close()
