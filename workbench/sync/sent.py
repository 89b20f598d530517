"""How far this terminal's bundles have sent what it holds, as its audit log has it: where `export bundle --since
last` starts, and what a bundle given a later day leaves behind."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

# What --since takes for "from where this terminal's bundles left off".
SINCE_LAST = "last"


@dataclass(frozen=True)
class SentUpTo:
    """Everything this terminal made or received before at went out in the bundle name, written then, or earlier."""
    at: str     # to the second, local, as the audit log keeps it
    name: str


def sent_up_to(conn: sqlite3.Connection, manager_id: str | None) -> SentUpTo | None:
    """How far the bundles written here sent manager_id's entries (everyone's for None): the latest bundle of everyone's
    or of that manager's says it (one of everyone's only, for None); None when none was written. A bundle that left
    entries behind (a later day for --since) kept the point its previous one had reached; one audited before its
    entry said so counts as having sent everything up to when it was written. Newest first, so only the log's entries
    since it are read."""
    row = conn.execute(
        "SELECT coalesce(json_extract(detail, '$.sent_up_to'), at), coalesce(json_extract(detail, '$.sent_in'), subject)"
        " FROM audit_log WHERE action = 'export' AND json_extract(detail, '$.kind') = 'bundle'"
        " AND (json_extract(detail, '$.manager') IS NULL OR json_extract(detail, '$.manager') = ?)"
        " ORDER BY seq DESC LIMIT 1", (manager_id,)).fetchone()
    return SentUpTo(at=row[0], name=row[1]) if row else None
