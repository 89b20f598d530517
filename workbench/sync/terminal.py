"""A terminal's own id, which every outcome entry and follow-up event it makes carries.

Two databases that share one id (one was copied from the other) cannot tell each other's changes apart, so
a bundle import refuses entries made under its own id that it never held; a new id settles it.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from workbench import audit
from workbench.db.meta import set_terminal_id, terminal_id
from workbench.ids import new_id
from workbench.txn import write_transaction


def new_terminal_id(conn: sqlite3.Connection, *, at: datetime, actor: str | None) -> tuple[str, str]:
    """Give this database a fresh terminal id, audited, in one transaction; returns (old, new). Entries made
    before keep the old id: they were made where they were made."""
    new = new_id()
    with write_transaction(conn):
        old = terminal_id(conn)
        set_terminal_id(conn, new)
        audit.record(conn, "terminal_id_changed", at=at, actor=actor, subject=new, detail={"old": old, "new": new})
    return old, new
