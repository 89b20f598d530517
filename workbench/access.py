"""Who may do what: managers work their own customers, supervisors everything.

A refused attempt is recorded in the audit log before the refusal is raised.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from workbench import audit
from workbench.errors import WorkbenchError
from workbench.i18n import gettext as _, join_list


@dataclass(frozen=True)
class Staff:
    staff_id: str
    name: str
    role: str
    branch_id: str | None

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"


def known_name(staff_id: str | None, name: str | None) -> str:
    """A staff member's name as it may be shown or read aloud: '' when it is not known, as for a manager an extract
    added by id alone (stored under the id, in whatever case: a customer must never hear 我是客户经理M009)."""
    name = (name or "").strip()
    return "" if not staff_id or name.casefold() == str(staff_id).strip().casefold() else name


def staff_label(staff_id: str, name: str | None) -> str:
    """A staff member as lists and sentences show them: 'M001 王丽娟', the id alone when the name is not known."""
    return f"{staff_id} {known_name(staff_id, name)}".strip()


def staff_id_as_stored(conn: sqlite3.Connection, staff_id: str | None) -> str | None:
    """staff_id as the staff table spells it, for an id a person typed (m001 for M001), as extracts' staff codes
    match whatever their case: the exact id, else the one id equal to it but for case; one that matches none is
    returned as given (for the caller to say it is unknown), one that matches several is refused naming them."""
    if not staff_id:
        return staff_id
    found = [row[0] for row in conn.execute(
        "SELECT staff_id FROM staff WHERE staff_id = ? COLLATE NOCASE ORDER BY staff_id", (staff_id,))]
    if not found or staff_id in found:
        return staff_id
    if len(found) == 1:
        return found[0]
    raise WorkbenchError(_("{id!r} matches staff ids that differ only in case: {ids}; give one exactly.").format(
        id=staff_id, ids=join_list(found)))


def _unknown(conn: sqlite3.Connection, staff_id: str) -> WorkbenchError:
    """Unknown staff_id, naming the id it matches but for case (an engine call takes ids as stored)."""
    stored = staff_id_as_stored(conn, staff_id)
    if stored != staff_id:
        return WorkbenchError(_("Unknown staff member {id!r}; the staff id is {stored}.").format(id=staff_id,
                                                                                                 stored=stored))
    return WorkbenchError(_("Unknown staff member {id!r}.").format(id=staff_id))


def get_staff(conn: sqlite3.Connection, staff_id: str | None) -> Staff:
    """The staff member at work with exactly this id (the CLI turns a typed id into the stored one first, with
    staff_id_as_stored: callers here go on to write the id they gave)."""
    if not staff_id:
        raise WorkbenchError(_("Say who is acting with --user ID (or WORKBENCH_USER)."))
    row = conn.execute("SELECT staff_id, name, role, branch_id, active FROM staff WHERE staff_id = ?",
                       (staff_id,)).fetchone()
    if row is None:
        raise _unknown(conn, staff_id)
    if not row[4]:   # a leaver keeps their history but neither acts nor takes work
        raise WorkbenchError(_("{name} ({id}) has left the branch; `workbench staff set {id} --active` brings them"
                               " back.").format(name=row[1], id=staff_id))
    return Staff(*row[:4])


def get_manager(conn: sqlite3.Connection, staff_id: str) -> Staff:
    """A manager at work, who can be given customers (a supervisor looks after no call list)."""
    staff = get_staff(conn, staff_id)
    if staff.role != "manager":
        raise WorkbenchError(_("{id} is a {role}; customers are assigned to managers.").format(
            id=staff.staff_id, role=_(staff.role)))
    return staff


def known_staff(conn: sqlite3.Connection, staff_id: str) -> tuple[str, bool]:
    """(name, still active) of a staff member who may have left (a report on, or a hand-over of, a
    leaver's work); an unknown id is refused."""
    row = conn.execute("SELECT name, active FROM staff WHERE staff_id = ?", (staff_id,)).fetchone()
    if row is None:
        raise _unknown(conn, staff_id)
    return row[0], bool(row[1])


def require_supervisor(conn: sqlite3.Connection, staff: Staff, action: str, *, at: datetime,
                       target: str | None = None) -> None:
    """Refuse (and log the attempt) unless staff is a supervisor. action stays English in the audit log and is
    translated in the message, so callers mark it with N_(); target is the customer or staff member it was about."""
    if staff.is_supervisor:
        return
    refuse(conn, staff, action, _("Only a supervisor may {action}; {user} is a {role}.").format(
        action=_(action), user=staff.staff_id, role=_(staff.role)), at=at, target=target)


def require_self_or_supervisor(conn: sqlite3.Connection, staff: Staff, staff_id: str, action: str, *,
                               at: datetime) -> None:
    """Refuse (and log the attempt) unless staff is staff_id themselves or a supervisor."""
    if staff.staff_id == staff_id or staff.is_supervisor:
        return
    refuse(conn, staff, action, _("{user} may not act for {other}.").format(user=staff.staff_id, other=staff_id),
           at=at, target=staff_id)


def refuse(conn: sqlite3.Connection, staff: Staff, action: str, message: str, *, at: datetime,
           target: str | None = None) -> None:
    """Write the refused attempt to the audit log, committed, then raise message (exit code 3). The entry's subject is
    the action as its English code and the customer or staff member it was about (target), translated when shown."""
    if conn.in_transaction:
        raise RuntimeError("check permissions before opening a transaction, so the refusal's audit entry commits")
    with conn:
        audit.record(conn, "refusal", at=at, actor=staff.staff_id, subject=audit.refusal_subject(action, target),
                     detail={"role": staff.role})
    raise WorkbenchError(message, exit_code=3)


def require_handles(conn: sqlite3.Connection, staff: Staff, customer_id: str, action: str, *, at: datetime) -> None:
    """Refuse (and log the attempt) unless staff works this customer: their own, or anyone's for a supervisor.
    An unknown customer is said as such. The engine checks again inside its write, for the manager the
    contact is logged for, not the person acting (followups.check_handles)."""
    from workbench.followups import check_handles, customer_row

    customer = customer_row(conn, customer_id)   # an unknown customer is said as such, not refused
    try:
        check_handles(staff, customer)
    except WorkbenchError as refused:
        refuse(conn, staff, action, str(refused), at=at, target=customer_id)
