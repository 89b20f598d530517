"""A database's indexes, triggers and views compared with those the migrations make in a fresh one: what was altered
outside the workbench, for doctor to warn of, a backup to say it carries and a restore to refuse.

Only something outside the workbench drops, changes or adds one. A trigger dropped leaves the audit log and the outcome
log open to edits; one added does to the data whatever it was written to do, unseen (mark each customer called as
do-not-call); an index holds no data of its own, so one missing, changed or added only slows or speeds the workbench.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from workbench.db import SCHEMA_VERSION, schema_version
from workbench.i18n import AND, N_, _, join_list

# The schema objects besides tables that the migrations make, as sqlite_master lists them (SQLite's own indexes, those
# of a table's keys, have no SQL).
_SCHEMA_OBJECTS = ("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger', 'view')"
                   " AND sql IS NOT NULL")
_KINDS = {"index": N_("index"), "trigger": N_("trigger"), "view": N_("view")}


@dataclass(frozen=True)
class Alteration:
    kind: str          # index, trigger or view
    name: str
    how: str           # missing, changed or added
    sql: str | None    # the statement the migrations make it with; None for one they do not make

    def said(self) -> str:
        """In words: "trigger audit_no_update missing", "trigger evil added"."""
        kind = _(_KINDS[self.kind])
        if self.how == "missing":
            return _("{kind} {name} missing").format(kind=kind, name=self.name)
        if self.how == "changed":
            return _("{kind} {name} changed").format(kind=kind, name=self.name)
        return _("{kind} {name} added").format(kind=kind, name=self.name)


def alterations(conn: sqlite3.Connection) -> list[Alteration]:
    """The indexes, triggers and views that a database of the current schema made fresh has and conn's lacks, has with
    other SQL, or that conn's has and no migration makes, in order of kind and name. [] for another schema version, or
    a file whose schema cannot be read (damaged: its integrity check says so)."""
    if schema_version(conn) != SCHEMA_VERSION:
        return []
    made = _made()
    try:
        here = {(kind, name): sql for kind, name, sql in conn.execute(_SCHEMA_OBJECTS)}
    except sqlite3.DatabaseError:
        return []
    found = []
    for key in sorted(made.keys() | here.keys()):
        if key not in here:
            found.append(Alteration(*key, "missing", made[key]))
        elif key not in made:
            found.append(Alteration(*key, "added", None))
        elif " ".join(here[key].split()) != " ".join(made[key].split()):
            found.append(Alteration(*key, "changed", made[key]))
    return found


@cache
def _made() -> dict[tuple[str, str], str]:
    """The indexes, triggers and views the migrations make, by (kind, name): the same for the life of the program."""
    from workbench.db.migrations import apply_migrations

    fresh = sqlite3.connect(":memory:", isolation_level=None)
    try:
        apply_migrations(fresh)
        return {(kind, name): sql for kind, name, sql in fresh.execute(_SCHEMA_OBJECTS)}
    finally:
        fresh.close()


def listed(found: Sequence[Alteration]) -> str:
    """The alterations in words, as one list: "index import_log_sha256 missing and trigger evil added"."""
    return join_list([alteration.said() for alteration in found], last=AND)


def indexes_only(found: Sequence[Alteration]) -> bool:
    """Whether only indexes were altered: no data is at stake, and the statements put them right."""
    return all(alteration.kind == "index" for alteration in found)


def mending(found: Sequence[Alteration]) -> str:
    """The SQL that puts altered indexes right: a missing one made, a changed one made again, an added one dropped."""
    statements = []
    for alteration in found:
        if alteration.how != "missing":
            statements.append(f"DROP INDEX {alteration.name}")
        if alteration.sql is not None:
            statements.append(" ".join(alteration.sql.split()))
    return "; ".join(statements)
