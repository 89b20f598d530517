"""Optional staff PINs: stored only as salted scrypt hashes, with a growing delay after failures.

The delay is a lock-out window kept in the database (not a sleep), so it holds across processes; it runs on
the computer's clock, which the caller reads, so tests can drive it and a claimed time (--now) cannot.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

# scrypt cost: about 50 ms on a branch terminal, 16 MiB of memory.
N, R, P = 2**14, 8, 1
FREE_FAILURES = 3          # failures allowed before any delay
MAX_DELAY_SECONDS = 300


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=N, r=R, p=P, dklen=32)
    return "scrypt${}${}${}${}${}".format(N, R, P, base64.b64encode(salt).decode(), base64.b64encode(digest).decode())


def pin_matches(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(pin.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(digest))


@dataclass(frozen=True)
class PinCheck:
    ok: bool
    wait_seconds: int = 0     # > 0: refused without checking, try again after this long
    failures: int = 0


def delay_after(failures: int) -> int:
    """Seconds to wait after this many consecutive failures: 0, 0, 0, 2, 4, 8 ... up to 5 minutes."""
    if failures < FREE_FAILURES:
        return 0
    return min(MAX_DELAY_SECONDS, 2 ** (failures - FREE_FAILURES + 1))


def locked_out(who: str, seconds: int) -> str:
    """The sentence for a try refused while locked out, the CLI's and the app's: "Too many wrong PINs for 李娜: try
    again in 2 seconds."; a wait of more than 90 s in minutes, rounded up, so it never ends later than said."""
    from workbench.i18n import fill, ngettext

    if seconds > 90:
        minutes = math.ceil(seconds / 60)
        return fill(ngettext("Too many wrong PINs for {name}: try again in {n} minute.",
                             "Too many wrong PINs for {name}: try again in {n} minutes.", minutes), name=who, n=minutes)
    return fill(ngettext("Too many wrong PINs for {name}: try again in {n} second.",
                         "Too many wrong PINs for {name}: try again in {n} seconds.", seconds), name=who, n=seconds)


def set_pin(conn: sqlite3.Connection, staff_id: str, pin: str | None, *, at: datetime, by_id: str | None) -> None:
    """Set (or with None, clear) a staff member's PIN; digits only, 4 to 12 of them. The change is written to
    the audit log (by_id, whose PIN; never the PIN or its hash) in the same transaction."""
    from workbench import audit
    from workbench.errors import WorkbenchError
    from workbench.i18n import _
    from workbench.txn import write_transaction

    if pin is not None and not (pin.isdigit() and pin.isascii() and 4 <= len(pin) <= 12):
        raise WorkbenchError(_("A PIN is 4 to 12 digits."))
    with write_transaction(conn):
        conn.execute("UPDATE staff SET pin_hash = ? WHERE staff_id = ?", (hash_pin(pin) if pin else None, staff_id))
        conn.execute("DELETE FROM pin_attempts WHERE staff_id = ?", (staff_id,))
        audit.record(conn, "pin_set" if pin else "pin_clear", at=at, actor=by_id, subject=staff_id)


def check_pin(conn: sqlite3.Connection, staff_id: str, pin: str | None, *, now: datetime, where: str,
              real_now: datetime | None = None) -> PinCheck:
    """Check a PIN, recording the result; a staff member without a PIN always passes. A wrong or missing PIN, and a
    try refused unchecked while locked out, is written to the audit log (whose PIN was claimed and where: `where` is
    "app" for the app's sign-in, else the CLI command; never the PIN typed) in the transaction that counts it, so the
    right PIN later, which clears the count, leaves the record. The lock runs on real_now, the computer's clock as the
    caller read it (None: now is that clock), so a time claimed with --now neither shortens a lock nor stretches it."""
    from workbench import audit
    from workbench.txn import write_transaction

    row = conn.execute("SELECT pin_hash FROM staff WHERE staff_id = ?", (staff_id,)).fetchone()
    if row is None or row[0] is None:
        return PinCheck(True)
    place = {"where": "app"} if where == "app" else {"where": "cli", "command": where}
    attempt = conn.execute("SELECT failures, locked_until FROM pin_attempts WHERE staff_id = ?", (staff_id,)).fetchone()
    failures, locked_until = attempt if attempt else (0, None)
    clock = real_now or now
    if locked_until and clock < datetime.fromisoformat(locked_until):   # the seconds left, a part of one as one
        wait = math.ceil((datetime.fromisoformat(locked_until) - clock).total_seconds())
        with write_transaction(conn):
            audit.record(conn, "pin_locked", at=now, subject=staff_id, detail={**place, "wait_seconds": wait})
        return PinCheck(False, wait, failures)
    matches = bool(pin) and pin_matches(pin, row[0])   # before the write lock: scrypt takes its 50 ms
    with write_transaction(conn):
        if matches:
            conn.execute("DELETE FROM pin_attempts WHERE staff_id = ?", (staff_id,))
            return PinCheck(True)
        failures = conn.execute("SELECT coalesce(max(failures), 0) + 1 FROM pin_attempts WHERE staff_id = ?",
                                (staff_id,)).fetchone()[0]   # read again under the lock: another process's counts too
        wait = delay_after(failures)
        # to the microsecond: cut to whole seconds, a lock said to last 2 s could end after 1.3
        until = (clock + timedelta(seconds=wait)).isoformat() if wait else None
        conn.execute(
            "INSERT INTO pin_attempts (staff_id, failures, locked_until) VALUES (?, ?, ?)"
            " ON CONFLICT (staff_id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until",
            (staff_id, failures, until),
        )
        audit.record(conn, "pin_wrong", at=now, subject=staff_id, detail={
            **place, "failures": failures, **({"no_pin": True} if not pin else {}),
            **({"locked_seconds": wait} if wait else {})})
    return PinCheck(False, wait, failures)
