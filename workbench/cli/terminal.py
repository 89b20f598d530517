"""CLI commands: this terminal's identity (what the database knows of it, a new id for a database copied from
another)."""

from __future__ import annotations

import json
import sqlite3
import typer

from workbench.cli.base import app, echo_json, state
from workbench.dates import to_the_minute
from workbench.i18n import N_, gettext as _

terminal_app = typer.Typer(help="This terminal's identity, which its outcome entries and follow-up changes carry.")
app.add_typer(terminal_app, name="terminal")


@terminal_app.command("show")
def show_cmd(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print it as JSON.")) -> None:
    """Show this terminal's id: how and when it was set, its earlier ids, and the entries made under it."""
    cli = state(ctx)
    db = cli.open()
    if db.execute("SELECT 1 FROM staff LIMIT 1").fetchone() is not None:
        cli.actor(db)   # any staff member, named and PIN-checked; a database nobody has joined yet needs no one
    known = terminal_facts(db.conn)
    if as_json:
        echo_json(known)
        return
    typer.echo(_("Terminal id: {id}").format(id=known["terminal_id"]))
    typer.echo(_how_set(known))
    for earlier in known["earlier_ids"]:
        typer.echo(_("Earlier id: {id} (until {at})").format(id=earlier["terminal_id"],
                                                             at=to_the_minute(earlier["until"])))
    typer.echo(_("Outcome entries made under it: {n:,}").format(n=known["outcomes"]))
    typer.echo(_("Follow-up changes made under it: {n:,}").format(n=known["followup_events"]))


def terminal_facts(conn: sqlite3.Connection) -> dict:
    """What the database knows of its terminal id. set_how: "new_id" (`terminal new-id`, audited: set_at and
    set_by), "restore" (given when `workbench restore` put a backup in place, audited likewise), "sample_seed" (the
    sample's own, from its seed: every copy of the file shares it), "sample_copy" (given when this copy of the sample
    was made, at a time not recorded) or "created" (the database's first, set_at when it was created); earlier_ids:
    the ids `terminal new-id` or a restore replaced, oldest first."""
    from workbench.db.meta import terminal_id

    current = terminal_id(conn)
    changes = [(at, actor, json.loads(detail)) for at, actor, detail in conn.execute(
        "SELECT at, actor, detail FROM audit_log WHERE action = 'terminal_id_changed' ORDER BY seq")]
    facts = {"terminal_id": current, "set_how": "created", "set_at": None, "set_by": None,
             "earlier_ids": [{"terminal_id": detail["old"], "until": at} for at, _actor, detail in changes]}
    seed = conn.execute("SELECT value FROM meta WHERE key = 'sample.seed'").fetchone()
    if changes and changes[-1][2]["new"] == current:
        restored = conn.execute("SELECT 1 FROM audit_log WHERE action = 'restore'"
                                " AND json_extract(detail, '$.terminal_id') = ?", (current,)).fetchone()
        facts.update(set_how="restore" if restored else "new_id", set_at=changes[-1][0], set_by=changes[-1][1])
    elif seed is not None:
        from workbench.sample import seed_terminal_id

        facts["set_how"] = "sample_seed" if seed_terminal_id(int(seed[0])) == current else "sample_copy"
    else:
        created = conn.execute("SELECT applied_at FROM schema_migrations ORDER BY version LIMIT 1").fetchone()
        facts["set_at"] = created[0] if created else None
    facts["outcomes"] = conn.execute("SELECT count(*) FROM outcomes WHERE terminal_id = ?", (current,)).fetchone()[0]
    facts["followup_events"] = conn.execute("SELECT count(*) FROM followup_events WHERE terminal_id = ?",
                                            (current,)).fetchone()[0]
    return facts


def _how_set(known: dict) -> str:
    how, at = known["set_how"], to_the_minute(known["set_at"])
    if how == "new_id":
        if known["set_by"] is None:   # before the database had a supervisor, nobody's word was needed
            return _("Set: on {at}, with `workbench terminal new-id`, before the database had a supervisor.").format(
                at=at)
        return _("Set: on {at} by {by}, with `workbench terminal new-id`.").format(at=at, by=known["set_by"])
    if how == "restore":
        if known["set_by"] is None:   # a database without a supervisor: the restore needed nobody's word
            return _("Set: on {at}, when `workbench restore` put a backup in place.").format(at=at)
        return _("Set: on {at} by {by}, when `workbench restore` put a backup in place.").format(
            at=at, by=known["set_by"])
    if how == "sample_seed":
        return _("Set: by the sample's seed; every copy of the sample file shares it until it takes a new one with"
                 " `workbench terminal new-id`.")
    if how == "sample_copy":
        return _("Set: when this copy of the sample was made (the time is not recorded).")
    if at is None:
        return _("Set: when the database was created.")
    return _("Set: when the database was created, on {at}.").format(at=at)


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
