"""Append to and verify the hash-chained audit log (table audit_log, migration 4).

Each entry's hash covers its own fields and the previous entry's hash, so changing or removing any
entry breaks every hash after it; ``verify`` names the first entry where the chain breaks.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from workbench.i18n import N_

GENESIS = "0" * 64


def _digest(prev_hash: str, at: str, actor: str | None, action: str, subject: str | None, detail: str) -> str:
    payload = json.dumps([prev_hash, at, actor, action, subject, detail], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(
    conn: sqlite3.Connection,
    action: str,
    *,
    at: datetime | str,
    actor: str | None = None,
    subject: str | None = None,
    detail: dict | None = None,
) -> str:
    """Append one entry inside the caller's transaction; returns its hash (the new chain head)."""
    at_text = at if isinstance(at, str) else at.isoformat(timespec="seconds")
    detail_text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    prev = chain_head(conn)
    digest = _digest(prev, at_text, actor, action, subject, detail_text)
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (at_text, actor, action, subject, detail_text, prev, digest),
    )
    return digest


def chain_head(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return row[0] if row else GENESIS


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    head: str
    first_broken: int | None = None   # seq of the first entry whose hash or link is wrong
    problem: str | None = None


def verify(conn: sqlite3.Connection) -> Verification:
    prev = GENESIS
    count = 0
    for seq, at, actor, action, subject, detail, prev_hash, digest in conn.execute(
        "SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit_log ORDER BY seq"
    ):
        if prev_hash != prev:
            return Verification(False, count, prev, seq, N_("it does not link to the entry before it"))
        if _digest(prev_hash, at, actor, action, subject, detail) != digest:
            return Verification(False, count, prev, seq, N_("its content does not match its hash"))
        prev = digest
        count += 1
    return Verification(True, count, prev)
