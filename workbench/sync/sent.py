"""How far this terminal's bundles have sent what it holds, as its audit log has it: where `export bundle --since
last` starts, and what a bundle given a later day leaves behind."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

# What --since takes for "from where this terminal's bundles left off".
SINCE_LAST = "last"

# The export entries of the bundles written here of a manager's entries (its ?): everyone's, or that manager's.
_BUNDLES = ("FROM audit_log WHERE action = 'export' AND json_extract(detail, '$.kind') = 'bundle'"
            " AND (json_extract(detail, '$.manager') IS NULL OR json_extract(detail, '$.manager') = ?)")


@dataclass(frozen=True)
class SentUpTo:
    """Everything this terminal made or received before at went out in the bundle name, written then, or earlier."""
    at: str     # to the second, local, as the audit log keeps it
    name: str


def sent_up_to(conn: sqlite3.Connection, manager_id: str | None) -> SentUpTo | None:
    """How far the bundles written here sent manager_id's entries (everyone's for None): the latest bundle of everyone's
    or of that manager's that says a point says it (one of everyone's only, for None). None when none says one: a
    terminal's bundles given a day, with none before them that sent everything, left out what came before that day
    (their entry's point is null), and a bundle audited before its entry said a point may have been given a day or
    --manager, which its entry does not tell (so such a terminal's first --since last sends everything: an import
    takes a repeat as already held, and a gap would be lost). Newest first, so only the log's entries since it are
    read."""
    row = conn.execute(
        "SELECT json_extract(detail, '$.sent_up_to'), json_extract(detail, '$.sent_in') " + _BUNDLES +
        " AND json_type(detail, '$.sent_up_to') = 'text' ORDER BY seq DESC LIMIT 1", (manager_id,)).fetchone()
    return SentUpTo(at=row[0], name=row[1]) if row else None


def last_bundle(conn: sqlite3.Connection, manager_id: str | None) -> str | None:
    """The name of the last bundle written here of manager_id's entries (everyone's, or that manager's), whatever it
    sent; None when this terminal wrote none."""
    row = conn.execute("SELECT subject " + _BUNDLES + " ORDER BY seq DESC LIMIT 1", (manager_id,)).fetchone()
    return row[0] if row else None
