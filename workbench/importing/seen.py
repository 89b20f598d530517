"""The customer numbers an import has read so far, kept in a scratch SQLite file so memory stays flat.

A Python set of a million customer numbers costs about 95 MB; this file costs a few MB of page cache
whatever the extract's size. The import's own connection attaches it at the end to find the
customers a full extract no longer lists.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import time
from pathlib import Path

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS ids (customer_id TEXT PRIMARY KEY, row INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS rejected (customer_id TEXT PRIMARY KEY) WITHOUT ROWID;"
)


PREFIX = "workbench-import-"
# An import killed outright (power cut, SIGKILL) cannot remove its scratch file; the next import
# removes such leftovers once they have sat untouched this long (no import takes hours).
STALE_SECONDS = 6 * 3600


def scratch_path(now: float | None = None) -> Path:
    """A new empty scratch file in the temporary folder (the caller removes it); stale ones go first."""
    _remove_stale(Path(tempfile.gettempdir()), time.time() if now is None else now)
    handle, name = tempfile.mkstemp(prefix=PREFIX, suffix=".sqlite")
    os.close(handle)
    return Path(name)


def _remove_stale(folder: Path, now: float) -> None:
    for leftover in folder.glob(f"{PREFIX}*.sqlite*"):
        try:
            if now - leftover.stat().st_mtime > STALE_SECONDS:
                leftover.unlink()
        except OSError:
            pass   # another user's file, or gone already: not ours to worry about


def remove_scratch(path: Path) -> None:
    for suffix in ("", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


class SeenIds:
    """Accepted customer numbers with the row that first gave each, and the numbers of rejected rows."""

    def __init__(self, path: Path):
        self.conn = sqlite3.connect(str(path), isolation_level=None)
        # Scratch data: nothing to keep if the machine stops, so no journal and no syncing.
        self.conn.execute("PRAGMA journal_mode = OFF")
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.execute("PRAGMA cache_size = -16384")
        self.conn.executescript(SCHEMA)
        self.conn.execute("BEGIN")

    def first_rows(self, pairs: list[tuple[str, int]]) -> list[bool]:
        """Record (customer number, row) pairs; for each, True when no earlier row gave that number."""
        conn = self.conn
        before = conn.total_changes
        conn.executemany("INSERT INTO ids (customer_id, row) VALUES (?, ?) ON CONFLICT DO NOTHING", pairs)
        if conn.total_changes - before == len(pairs):
            return [True] * len(pairs)
        first = dict(conn.execute(
            "SELECT customer_id, row FROM ids WHERE customer_id IN (SELECT value FROM json_each(?))",
            (json.dumps([cid for cid, _ in pairs], ensure_ascii=False),),
        ))
        return [first[cid] == row for cid, row in pairs]

    def add_rejected(self, customer_id: str) -> None:
        self.conn.execute("INSERT INTO rejected (customer_id) VALUES (?) ON CONFLICT DO NOTHING", (customer_id,))

    def close(self) -> None:
        if self.conn is not None:
            self.conn.execute("COMMIT")
            self.conn.close()
            self.conn = None
