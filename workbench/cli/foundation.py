"""CLI commands: init and doctor."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from dataclasses import dataclass, field
from datetime import timedelta

import typer
from rich.console import Console
from rich.text import Text

from workbench import festivals, schema_check
from workbench.cli.base import app, echo_json, state
from workbench.dates import to_the_minute
from workbench.db import SCHEMA_VERSION, schema_version, terminal_id
from workbench.db.connection import newer_database, write_block
from workbench.errors import WorkbenchError
from workbench.i18n import N_, _, get_language, join_list, set_language
from workbench.text_wrap import typeset

COUNTED_TABLES = ("branches", "staff", "customers", "holdings", "outcomes", "followups", "assignments", "erasures",
                  "import_log")
# How doctor names each counted table to a person (the JSON keeps the table names).
_TABLE_LABELS = {"branches": N_("branches"), "staff": N_("staff"), "customers": N_("customers"),
                 "holdings": N_("holdings"), "outcomes": N_("outcomes"), "followups": N_("followups"),
                 "assignments": N_("assignments"), "erasures": N_("erasures"), "import_log": N_("import_log")}


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
    terminal = terminal_id(db.conn)
    Console().print(_("Database {path} at schema version {version}; terminal {terminal}.").format(
        path=path, version=schema_version(db), terminal=terminal), markup=False)


@app.command()
def doctor(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print the findings as JSON.")) -> None:
    """Check the database: integrity, schema version, row counts, file permissions and stored settings."""
    cli = state(ctx)
    path = cli.resolve_db_path()
    db = cli.open(read_only_ok=True)   # a file it may not write is still read, checked, and said to be read-only
    found = _integrity(db)
    integrity = found.lines[0]
    counts = {t: _count(db, t) for t in COUNTED_TABLES if db[t].exists()}
    warnings, settings_ok = _warnings(cli, db, path, found)
    backup = _backup_record(db)
    if as_json:   # each warning's code and English sentence stay the same whatever --lang; the label follows it
        english = warnings if get_language() == "en" else _in_english(lambda: _warnings(cli, db, path, found)[0])
        echo_json({
            "path": str(path),
            "integrity": integrity,
            "integrity_problems": [] if found.sound else found.lines,
            "damaged_tables": found.tables,
            "schema_version": schema_version(db),
            "current_schema_version": SCHEMA_VERSION,
            "counts": counts,
            "backup": backup,
            "warnings": [{"code": code, "message": message, "message_label": label}
                         for (code, message), (_code, label) in zip(english, warnings)],
        })
    else:
        console = Console()
        console.print(_("Database: {path}").format(path=path), markup=False)
        # SQLite's "ok" is said in the interface language; damage by where it is, with SQLite's first finding.
        if found.sound:
            console.print(_("Integrity: ok"), markup=False)
        elif found.tables:
            console.print(_("Integrity: damaged ({where}): {integrity}").format(where=join_list(found.tables),
                                                                               integrity=integrity), markup=False)
        else:
            console.print(_("Integrity: {integrity}").format(integrity=integrity), markup=False)
        console.print(_("Schema version: {version} (current {current})").format(
            version=schema_version(db), current=SCHEMA_VERSION), markup=False)
        if backup is not None:
            console.print(_("This file is a backup of terminal {terminal} taken on {at}.").format(
                terminal=backup["terminal_id"], at=to_the_minute(backup["taken_at"])), markup=False)
        for table, n in counts.items():
            console.print("  " + (_("{table}: {n:,}").format(table=_(_TABLE_LABELS[table]), n=n) if n is not None else
                                  _("{table}: cannot be read").format(table=_(_TABLE_LABELS[table]))), markup=False)
        for _code, warning in warnings:
            # Chinese broken as it is typeset: Rich broke 第 1 档 at its spaces
            console.print(typeset(Text(_("warning: {warning}").format(warning=warning), style="yellow"), get_language(),
                                  clauses=True))
    if not found.sound or not settings_ok or write_block(path) is not None or schema_version(db) > SCHEMA_VERSION:
        raise typer.Exit(1)   # nothing else can use it


@dataclass
class Integrity:
    """What SQLite's integrity check found: its lines (["ok"] when sound) and the tables it finds damaged, each
    with its indexes."""

    lines: list[str]
    tables: list[str] = field(default_factory=list)

    @property
    def sound(self) -> bool:
        return self.lines == ["ok"]

    def indexes_only(self) -> list[str]:
        """The indexes named when every finding is an index out of step with its table ("row 5 missing from index
        outcomes_at"), which REINDEX builds again from the table; [] for any other damage."""
        names = [_INDEX_FINDING.search(line) for line in self.lines]
        return sorted({m.group(1) for m in names if m}) if all(names) and self.tables else []


# An integrity finding about an index's entries, not about a page: REINDEX mends it.
_INDEX_FINDING = re.compile(r"(?:missing from|entries in) index (\S+)$")


def _integrity(db) -> Integrity:
    """Check the whole file, then, when it is damaged, each table with its indexes; a page SQLite cannot read stops
    its check with "database disk image is malformed" past the first findings, so fewer are asked for then."""
    lines = None
    for most in (20, 5, 1):
        try:
            lines = [line for (row,) in db.execute(f"PRAGMA integrity_check({most})") for line in row.splitlines()
                     if not line.startswith("*** ")]
            break
        except sqlite3.DatabaseError as exc:
            said = str(exc)
    if lines == ["ok"]:
        return Integrity(lines)
    found = Integrity(lines or [said])
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall():
        try:
            if db.execute(f"PRAGMA integrity_check([{table}])").fetchall() == [("ok",)]:
                continue
        except sqlite3.DatabaseError:
            pass
        found.tables.append(table)
    return found


def _backup_record(db) -> dict | None:
    """When the file was taken as a backup, and of which terminal (workbench backup); None for any other database, or
    when a damaged page stops the reading."""
    from workbench.backup import backup_record

    try:
        return backup_record(db.conn)
    except sqlite3.DatabaseError:
        return None


def _count(db, table: str) -> int | None:
    """The rows of table, None when a damaged page stops the count."""
    try:
        return db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]
    except sqlite3.DatabaseError:
        return None


def _warnings(cli, db, path, found: Integrity) -> tuple[list[tuple[str, str]], bool]:
    """(code, sentence in the interface language) of each thing doctor warns about, and whether every stored
    setting can be read."""
    from workbench import campaigns, keymap
    from workbench.settings import check_stored, load_settings

    warnings = []
    if indexes := found.indexes_only():   # an index is built from its table, which is whole: REINDEX makes it again
        warnings.append(("integrity_damaged", _(
            "only the indexes {indexes} are out of step with their tables, which are whole: `sqlite3 {path} REINDEX`"
            " builds them again (keep a copy of the file first)").format(indexes=join_list(indexes), path=path)))
    elif not found.sound:
        warnings.append(("integrity_damaged", _(
            "{path} is damaged: a part of it cannot be read or does not hold together; restore it from a backup").format(
                path=path)))
    block = write_block(path)
    if block == "immutable":   # or a read-only disk: chmod would not help
        warnings.append(("file_read_only", _(
            "{path} cannot be written although its permissions allow it: doctor only read it, and every other command"
            " refuses it; it is marked immutable (chattr -i {path} lifts that) or lies on a read-only disk").format(
                path=path)))
    elif block == "mode":
        warnings.append(("file_read_only", _(
            "{path} is read-only for this user: doctor only read it, and every other command refuses it; make it"
            " writable (chmod 600 {path} as its owner) or copy it somewhere writable").format(path=path)))
    elif block == "folder":
        warnings.append(("folder_read_only", _(
            "{folder}, the folder of {path}, is read-only for this user, and SQLite writes its journal beside the"
            " database: doctor only read it, and every other command refuses it; make the folder writable or copy"
            " the file somewhere writable").format(folder=path.resolve().parent, path=path)))
    if (version := schema_version(db)) > SCHEMA_VERSION:   # read as it is: said as every other command refuses it
        warnings.append(("schema_newer_than_program", _("{refusal} Doctor only read it.").format(
            refusal=newer_database(path, version))))
    if altered := schema_check.alterations(db.conn):
        warnings.append(("schema_altered", _schema_advice(altered, path)))
    if os.stat(path).st_mode & (stat.S_IRGRP | stat.S_IROTH):
        warnings.append(("file_readable_by_others", _(
            "{path} is readable by other users of this computer; run: chmod 600 {path}").format(path=path)))
    if (cli.now().date() + timedelta(days=365)) > festivals.KNOWN_UNTIL:
        warnings.append(("festival_calendar_ending", _(
            "the festival calendar ends on {day}: festival greetings stop being suggested after it;"
            " a newer Branch Workbench carries the years after").format(day=festivals.KNOWN_UNTIL.isoformat())))
    try:
        unknown = check_stored(db.conn)
    except WorkbenchError as exc:   # the sentence names the row and how to mend it
        return [*warnings, ("setting_unusable", str(exc))], False
    # A keymap that gives one key two jobs (written around `settings set`) is read, but the app takes its defaults.
    if clash := keymap.unusable(load_settings(db.conn)["app.keymap"]):
        warnings.append(("setting_unusable", clash))
    if db["campaigns"].exists():   # an older database doctor may only read has none yet
        warnings += [("campaign_beyond_the_tiers", problem)
                     for problem in campaigns.beyond_the_tiers(db.conn, cli.now().date())]
    if unknown:
        warnings.append(("settings_unknown", _(
            "settings no longer known are ignored: {keys}; remove each with `workbench settings unset`").format(
            keys=_(", ").join(unknown))))
    return warnings, True


def _schema_advice(altered: list, path) -> str:
    """The schema's alterations and what to do: an index holds no data, so its statements put it right; a trigger or a
    view missing, changed or added calls for a backup from before, and a restore loses what was done here since."""
    if schema_check.indexes_only(altered):
        return _("the schema was altered outside the workbench ({changes}); an index holds no data, so nothing needs"
                 " restoring: `sqlite3 {path} \"{sql}\"` puts it right (keep a copy of the file first).").format(
            changes=schema_check.listed(altered), path=path, sql=schema_check.mending(altered))
    return _("the schema was altered outside the workbench ({changes}): triggers keep the audit log and the outcome log"
             " append-only, and one added changes the data unseen; restore the file from a backup taken before the"
             " change (`workbench restore`), which loses what was done here after that backup but for what the other"
             " desks' bundles bring back.").format(changes=schema_check.listed(altered))


def _in_english(make):
    """What make() says with the interface language set to English for the while (sentences built deep in
    the engine, a stored setting's, are translated where they are made)."""
    before = get_language()
    set_language("en")
    try:
        return make()
    finally:
        set_language(before)
