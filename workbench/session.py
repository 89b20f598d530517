"""Who is working at this terminal: the staff to choose from and the one chosen last time (and the theme picked
here last)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from workbench import campaigns
from workbench.access import Staff
from workbench.db.followups import PENDING_SQL

LAST_USER_KEY = "app.last_user"
THEME_KEY = "app.theme"   # in meta, as the last user: a terminal's own, neither a setting nor synced


def list_staff(conn: sqlite3.Connection) -> list[Staff]:
    """Active staff, supervisors first, then by staff number (the order the bank gives them; an order
    of Chinese names by code point would look random)."""
    rows = conn.execute(
        "SELECT staff_id, name, role, branch_id FROM staff WHERE active = 1"
        " ORDER BY role = 'manager', staff_id"
    ).fetchall()
    return [Staff(*r) for r in rows]


# The active managers, by staff number; {overdue}: a column more, or none.
_MANAGERS = "SELECT staff_id, name, role, branch_id{overdue} FROM staff s WHERE active = 1 AND role = 'manager'" \
    " ORDER BY staff_id"


def _overdue(alias: str) -> str:
    """SQL true when a follow-up (columns prefixed by alias) is overdue on :today and still work (campaigns.live_sql:
    pending, and no notice of a campaign over, which waits on the agenda to be cancelled)."""
    return f"{alias}due_on < :today AND {campaigns.live_sql(alias, ':today')}"


def managers_visible_to(conn: sqlite3.Connection, staff: Staff) -> list[Staff]:
    """A supervisor sees every active manager; a manager sees only themself."""
    if not staff.is_supervisor:
        return [staff]
    return [Staff(*r) for r in conn.execute(_MANAGERS.format(overdue=""))]


def managers_overdue(conn: sqlite3.Connection, staff: Staff, today: date) -> list[tuple[Staff, int]]:
    """managers_visible_to's managers, each with how many of the follow-ups they hold are overdue (as follow_ups_held
    counts a supervisor's), in the same read: so that a supervisor sees a manager's promises lapsing (one away, say)
    before the customers do. Each count is a range of followups_owner_due."""
    if not staff.is_supervisor:
        return [(staff, follow_ups_held(conn, staff.staff_id, today).overdue)]
    column = f", (SELECT count(*) FROM followups f WHERE f.owner_id = s.staff_id AND {_overdue('f.')})"
    return [(Staff(*r[:4]), r[4]) for r in conn.execute(_MANAGERS.format(overdue=column), {"today": today.isoformat()})]


@dataclass(frozen=True)
class Held:
    """The pending follow-ups a staff member owns, and how many of them are overdue (live ones: campaigns.live_sql)."""

    pending: int
    overdue: int


def follow_ups_held(conn: sqlite3.Connection, staff_id: str, today: date) -> Held:
    """The follow-ups this staff member holds: a supervisor holds those of customers sent to the pool
    (a hand-over or an import) until a manager is given them, and nowhere else lists them."""
    pending, overdue = conn.execute(   # a notice of a campaign over is no work left (on the agenda apart, to cancel)
        f"SELECT count(*), coalesce(sum({_overdue('')}), 0) FROM followups"
        f" WHERE owner_id = :staff AND status IN {PENDING_SQL}",
        {"today": today.isoformat(), "staff": staff_id},
    ).fetchone()
    return Held(pending, overdue)


def last_user(conn: sqlite3.Connection) -> str | None:
    return _remembered(conn, LAST_USER_KEY)


def remember_user(conn: sqlite3.Connection, staff_id: str) -> None:
    """Remember who worked here last, so the next start offers them first."""
    _remember(conn, LAST_USER_KEY, staff_id)


def last_theme(conn: sqlite3.Connection) -> str | None:
    return _remembered(conn, THEME_KEY)


def remember_theme(conn: sqlite3.Connection, name: str) -> None:
    """Remember the theme picked here last, so the next start has it too: this terminal's colours, no one else's."""
    _remember(conn, THEME_KEY, name)


def _remembered(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _remember(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def has_pin(conn: sqlite3.Connection, staff_id: str) -> bool:
    """Whether signing in as this staff member asks for a PIN (see workbench.pins)."""
    row = conn.execute("SELECT pin_hash IS NOT NULL FROM staff WHERE staff_id = ?", (staff_id,)).fetchone()
    return bool(row and row[0])
