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


@dataclass(frozen=True)
class Entry:
    """One audit log entry as stored: its action a code, its detail the JSON it was written with."""
    seq: int
    at: str
    actor: str | None
    action: str
    subject: str | None
    detail: dict

    def target(self) -> str | None:
        """The customer or staff member a refusal was about ('erase a customer's personal data (C1)' -> 'C1'); the
        subject itself for any other entry."""
        if self.action != "refusal":
            return self.subject
        return refused_about(self.subject)[1]


def refused_about(subject: str | None) -> tuple[str, str | None]:
    """(what was attempted, whom it was about or None) of a refusal's subject, 'ACTION (TARGET)' or 'ACTION'."""
    text = subject or ""
    if text.endswith(")") and " (" in text:
        action, _sep, target = text[:-1].rpartition(" (")
        return action, target
    return text, None


def refusal_subject(action: str, target: str | None) -> str:
    """A refusal's subject: the attempted action as its English code, and whom it was about, if anyone."""
    return action if target is None else f"{action} ({target})"


@dataclass(frozen=True)
class Filter:
    """Which entries `entries` lists: each filter given narrows the listing (None: any)."""
    customer: str | None = None   # entries about this customer: its subject, a refusal's target, or named in detail
    staff: str | None = None      # entries by this staff member, or about them
    since: str | None = None      # first day, YYYY-MM-DD
    until: str | None = None      # last day, YYYY-MM-DD
    action: str | None = None     # an action code (refusal, erase, ...)


def entries(conn: sqlite3.Connection, flt: Filter, limit: int) -> list[Entry]:
    """The newest `limit` entries that match flt, newest first. Only reads: the chain is as it was."""
    where, params = [], []
    for who, by in ((flt.customer, ""), (flt.staff, " OR actor = ?")):
        if who is None:
            continue
        # Its subject, a refusal's target (the subject's ' (ID)' ending), or a JSON string in its detail.
        where.append("(subject = ? OR (action = 'refusal' AND substr(subject, -(length(?) + 3)) = ' (' || ? || ')')"
                     " OR instr(detail, json_quote(?)) > 0" + by + ")")
        params += [who] * (5 if by else 4)
    if flt.since is not None:
        where.append("substr(at, 1, 10) >= ?")
        params.append(flt.since)
    if flt.until is not None:
        where.append("substr(at, 1, 10) <= ?")
        params.append(flt.until)
    if flt.action is not None:
        where.append("action = ?")
        params.append(flt.action)
    sql = ("SELECT seq, at, actor, action, subject, detail FROM audit_log"
           + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY seq DESC LIMIT ?")
    return [Entry(seq, at, actor, action, subject, _detail(detail))
            for seq, at, actor, action, subject, detail in conn.execute(sql, (*params, limit))]


def _detail(text: str) -> dict:
    """An entry's detail; one that is not a JSON object (written by hand, or by something else) kept under 'text'."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return {"text": text}
    return value if isinstance(value, dict) else {"text": text}
