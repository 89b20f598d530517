"""Append to and verify the hash-chained audit log (table audit_log, migration 4).

Each entry's hash covers its own fields and the previous entry's hash, so changing or removing any
entry breaks every hash after it; ``verify`` names the first entry where the chain breaks, and the entries
dated earlier than the one before them (a clock set back, or a time claimed with --now).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from workbench.i18n import N_

GENESIS = "0" * 64
# An entry whose time is further than this from the computer's clock (a time claimed with --now) records the real one.
CLOCK_TOLERANCE = timedelta(minutes=5)
_REAL_CLOCK = "workbench_real_now"   # the SQL function real_clock gives a connection


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
    """Append one entry inside the caller's transaction; returns its hash (the new chain head). On a connection given
    the computer's clock (real_clock), an entry at a time further than CLOCK_TOLERANCE from it holds the real time
    too, as detail real_at, which the hash covers."""
    at_text = at if isinstance(at, str) else at.isoformat(timespec="seconds")
    if (real := _real_time(conn, at_text)) is not None:
        detail = {**(detail or {}), "real_at": real}
    detail_text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    prev = chain_head(conn)
    digest = _digest(prev, at_text, actor, action, subject, detail_text)
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (at_text, actor, action, subject, detail_text, prev, digest),
    )
    return digest


def real_clock(conn: sqlite3.Connection, read: Callable[[], datetime]) -> None:
    """Give conn the computer's clock, `read` (the CLI's or the app's: the engine never reads it), so that an entry
    written on it under a claimed time says when it was really written."""
    conn.create_function(_REAL_CLOCK, 0, lambda: read().isoformat(timespec="seconds"))


def _real_time(conn: sqlite3.Connection, at_text: str) -> str | None:
    """The real time, when conn has the computer's clock and at_text is further from it than CLOCK_TOLERANCE."""
    try:
        real = conn.execute(f"SELECT {_REAL_CLOCK}()").fetchone()[0]
    except sqlite3.OperationalError:   # no clock given (the engine's own tests, a migration): the time is the real one
        return None
    return real if abs(datetime.fromisoformat(real) - datetime.fromisoformat(at_text)) > CLOCK_TOLERANCE else None


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
    # (seq, at, the entry before's at) of each entry dated earlier than the one before it: not damage, but its time
    # was a clock set back or one claimed (--now)
    backwards: list[tuple[int, str, str]] = field(default_factory=list)


def verify(conn: sqlite3.Connection) -> Verification:
    prev = GENESIS
    count = 0
    before: str | None = None
    backwards = []
    for seq, at, actor, action, subject, detail, prev_hash, digest in conn.execute(
        "SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit_log ORDER BY seq"
    ):
        if prev_hash != prev:
            return Verification(False, count, prev, seq, N_("it does not link to the entry before it"), backwards)
        if _digest(prev_hash, at, actor, action, subject, detail) != digest:
            return Verification(False, count, prev, seq, N_("its content does not match its hash"), backwards)
        if before is not None and at < before:   # ISO times of one form: as text, in time order
            backwards.append((seq, at, before))
        prev, before = digest, at
        count += 1
    return Verification(True, count, prev, backwards=backwards)


@dataclass(frozen=True)
class Entry:
    """One audit log entry as stored: its action a code, its detail the JSON it was written with."""
    seq: int
    at: str
    actor: str | None
    action: str
    subject: str | None
    detail: dict

    def shown_action(self) -> str:
        """The action as it is read: a backup recorded as an export of kind backup (before backups had their own
        action) is a backup."""
        if self.action == "export" and self.detail.get("kind") == "backup":
            return "backup"
        return self.action

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


# A backup was recorded as an export of kind backup before it had its own action: either is found as a backup.
_OLD_BACKUP = ("(action = 'export' AND coalesce(CASE WHEN json_valid(detail) THEN json_extract(detail, '$.kind') END,"
               " '') = 'backup')")
_ACTIONS_SQL = {"backup": f"(action = ? OR {_OLD_BACKUP})", "export": f"(action = ? AND NOT {_OLD_BACKUP})"}


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
        where.append(_ACTIONS_SQL.get(flt.action, "action = ?"))
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
