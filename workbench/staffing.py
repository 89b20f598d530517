"""Adding and changing staff members: the first supervisor sets a database up, supervisors keep it.

While a database has no active supervisor anybody may add or change staff (that is how the first
supervisor gets in); from then on only a supervisor may. Every change is one transaction with its
audit entry.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from workbench import audit
from workbench.db.followups import PENDING_SQL
from workbench.errors import WorkbenchError
from workbench.i18n import N_, _, join_list, ngettext
from workbench.txn import write_transaction

ROLES = ("manager", "supervisor")


@dataclass(frozen=True)
class StaffChange:
    """What `staff set` is asked to change; None leaves a field as it is."""

    name: str | None = None
    role: str | None = None
    branch_id: str | None = None
    active: bool | None = None


def has_supervisor(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM staff WHERE role = 'supervisor' AND active = 1 LIMIT 1").fetchone() is not None


def add_staff(conn: sqlite3.Connection, staff_id: str, name: str, *, role: str, branch_id: str | None,
              at: datetime, by_id: str | None) -> None:
    """A new staff member; an id that differs from a known one only in case is refused, since an
    extract's manager codes are matched without regard to case."""
    staff_id = _text(staff_id, N_("The staff id must be printable text and not empty."))
    name = _text(name, _NAME_REFUSED)
    if any(c.isspace() for c in staff_id):
        raise WorkbenchError(_("A staff id has no spaces: {id!r}.").format(id=staff_id))
    _check_role(role)
    with write_transaction(conn):
        same = conn.execute("SELECT staff_id FROM staff WHERE lower(staff_id) = lower(?)", (staff_id,)).fetchone()
        if same:
            raise WorkbenchError(_("Staff member {id} already exists; change them with `workbench staff set`.").format(
                id=same[0]))
        check_branch(conn, branch_id, then=_("Add {id} without --branch, import the extract, then `workbench staff set"
                                             " {id} --branch {branch}`.").format(id=staff_id, branch=branch_id))
        conn.execute("INSERT INTO staff (staff_id, name, role, branch_id, active, created_at) VALUES (?, ?, ?, ?, 1, ?)",
                     (staff_id, name, role, branch_id, at.isoformat(timespec="seconds")))
        audit.record(conn, "staff_add", at=at, actor=by_id, subject=staff_id,
                     detail={"name": name, "role": role, "branch": branch_id})


def change_staff(conn: sqlite3.Connection, staff_id: str, change: StaffChange, *, at: datetime,
                 by_id: str | None, handed_over: bool = False) -> dict[str, tuple]:
    """Apply a change; returns {field: (before, after)} of what really changed (empty: nothing did). handed_over: a
    leave whose customers and follow-ups a hand-over gives away (check_leaving), on its own desk or on one its entries
    reach (assignments.mark_leavers)."""
    with write_transaction(conn):
        before, after = _before_after(conn, staff_id, change)
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        if not changed:
            return changed
        _check_leaving(conn, staff_id, before, after, handed_over=handed_over)
        conn.execute("UPDATE staff SET name = ?, role = ?, branch_id = ?, active = ? WHERE staff_id = ?",
                     (after["name"], after["role"], after["branch_id"], int(after["active"]), staff_id))
        audit.record(conn, "staff_change", at=at, actor=by_id, subject=staff_id,
                     detail={k: list(v) for k, v in changed.items()})
    return changed


def check_leaving(conn: sqlite3.Connection, staff_id: str, *, handed_over: bool = False) -> None:
    """Refuse, as `staff set ID --inactive` would, to mark staff_id as left. handed_over: a hand-over gives
    away every customer and pending follow-up of theirs in the same transaction, so those are not counted."""
    before, after = _before_after(conn, staff_id, StaffChange(active=False))
    _check_leaving(conn, staff_id, before, after, handed_over=handed_over)


def _before_after(conn: sqlite3.Connection, staff_id: str, change: StaffChange) -> tuple[dict, dict]:
    """The staff member's record as it is and as the change would make it; bad values are refused."""
    row = conn.execute("SELECT name, role, branch_id, active FROM staff WHERE staff_id = ?", (staff_id,)).fetchone()
    if row is None:
        raise WorkbenchError(_("Unknown staff member {id!r}.").format(id=staff_id))
    before = dict(zip(("name", "role", "branch_id", "active"), (row[0], row[1], row[2], bool(row[3]))))
    after = dict(before)
    if change.name is not None:
        after["name"] = _text(change.name, _NAME_REFUSED)
    if change.role is not None:
        _check_role(change.role)
        after["role"] = change.role
    if change.branch_id is not None:
        after["branch_id"] = change.branch_id or None   # '' clears the branch
        check_branch(conn, after["branch_id"])
    if change.active is not None:
        after["active"] = change.active
    return before, after


def _check_leaving(conn: sqlite3.Connection, staff_id: str, before: dict, after: dict, *,
                   handed_over: bool = False) -> None:
    """No change may leave the database without an active supervisor, or a leaver's customers or pending
    follow-ups on no list at all (handed_over: see check_leaving)."""
    was_supervisor = before["role"] == "supervisor" and before["active"]
    if was_supervisor and not (after["role"] == "supervisor" and after["active"]):
        others = conn.execute("SELECT count(*) FROM staff WHERE role = 'supervisor' AND active = 1 AND staff_id <> ?",
                              (staff_id,)).fetchone()[0]
        if not others:
            raise WorkbenchError(_("{id} is the only active supervisor; add another before this change.").format(
                id=staff_id))
    if before["active"] and not after["active"] and not handed_over:
        _check_nothing_left(conn, staff_id)


def _check_nothing_left(conn: sqlite3.Connection, staff_id: str) -> None:
    """A leaver keeps no active customer (on nobody's call list) and no pending follow-up (on nobody's agenda)."""
    customers = conn.execute("SELECT count(*) FROM customers WHERE manager_id = ? AND active = 1",
                             (staff_id,)).fetchone()[0]
    _refuse_if_kept(customers, staff_id, ngettext(
        "{id} still manages {n} active customer; hand the customer over first with `workbench staff hand-over {id}"
        " --to MANAGER` (or --to-pool), which --leave also marks as left.",
        "{id} still manages {n} active customers; hand them over first with `workbench staff hand-over {id}"
        " --to MANAGER` (or --to-pool), which --leave also marks as left.", customers))
    followups = conn.execute(f"SELECT count(*) FROM followups WHERE owner_id = ? AND status IN {PENDING_SQL}",
                             (staff_id,)).fetchone()[0]
    _refuse_if_kept(followups, staff_id, ngettext(
        "{id} still owns {n} pending follow-up; hand it over with `workbench staff hand-over {id} --to MANAGER"
        " --leave` (or --to-pool), which gives it to its customer's manager and marks {id} as left.",
        "{id} still owns {n} pending follow-ups; hand them over with `workbench staff hand-over {id} --to MANAGER"
        " --leave` (or --to-pool), which gives each to its customer's manager and marks {id} as left.", followups))


def _refuse_if_kept(n: int, staff_id: str, sentence: str) -> None:
    """Refuse with the translated sentence when the leaver still keeps n things."""
    if n:
        raise WorkbenchError(sentence.format(id=staff_id, n=f"{n:,}"))


_NAME_REFUSED = N_("The name must be printable text and not empty.")


def _text(value: str, refusal: str) -> str:
    """value with its runs of white space made one space; refused with the sentence refusal when empty or unprintable."""
    value = " ".join(str(value).split())
    if not value or not value.isprintable():
        raise WorkbenchError(_(refusal))
    return value


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise WorkbenchError(_("Unknown role {role!r}; use one of: {roles}.").format(role=role, roles=join_list(ROLES)))


def check_branch(conn: sqlite3.Connection, branch_id: str | None, *, then: str = "") -> None:
    """Refuse a branch the database does not know, naming the known ones; with none known yet, say where branches
    come from, followed by then (what to do instead, if the caller has a way)."""
    if branch_id is None:
        return
    if conn.execute("SELECT 1 FROM branches WHERE branch_id = ?", (branch_id,)).fetchone() is None:
        known = [r[0] for r in conn.execute("SELECT branch_id FROM branches ORDER BY branch_id LIMIT 11")]
        if not known:   # setting up from nothing: people and settings may come before the first extract
            said = _("Unknown branch {branch!r}: this database has no branches yet, as they come with the first"
                     " customer extract (its branch column, 所属机构).").format(branch=branch_id)
            raise WorkbenchError(_("{first} {second}").format(first=said, second=then) if then else said)
        listed = join_list(known[:10]) + (" …" if len(known) > 10 else "")
        raise WorkbenchError(_("Unknown branch {branch!r}; the known branches are: {listed}.").format(
            branch=branch_id, listed=listed))
