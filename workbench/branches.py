"""Branches: which is under which (`workbench branch set`), and a customer given to a manager of another branch:
allowed (nothing ties a customer to their branch's managers), but said in one sentence wherever a customer is given
to a manager (`reassign`, `pool assign`, the pool's picker)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from workbench.access import staff_label
from workbench.errors import WorkbenchError
from workbench.i18n import fill, gettext as _


def another_branch_note(conn: sqlite3.Connection, customer_id: str, manager_id: str) -> str | None:
    """A note when the customer's branch is not the manager's: the customer keeps their branch and shows on the
    list of a manager of another. None when the two share a branch (or the manager's is above the customer's: a
    支行 and its 分理处), or either has none. Names and ids are set into
    a Chinese sentence as i18n.fill sets them (仍属于 B2，而 M7 赵敏所在网点是…)."""
    row = conn.execute(
        "SELECT c.branch_id, cb.name, s.branch_id, sb.name, s.name FROM customers c JOIN staff s ON s.staff_id = ?"
        " LEFT JOIN branches cb ON cb.branch_id = c.branch_id LEFT JOIN branches sb ON sb.branch_id = s.branch_id"
        " WHERE c.customer_id = ?", (manager_id, customer_id)).fetchone()
    if row is None or row[0] is None or row[2] is None or covers(conn, row[2], row[0]):
        return None
    customer_branch, customer_branch_name, manager_branch, manager_branch_name, manager_name = row
    return fill(_("note: customer {id} stays with {branch} and {manager} works at {other}: the customer now shows on"
                  " the list of a manager of another branch."),
                id=customer_id, branch=branch_label(customer_branch, customer_branch_name),
                manager=staff_label(manager_id, manager_name),
                other=branch_label(manager_branch, manager_branch_name))


def branch_label(branch_id: str, name: str | None) -> str:
    """'城东支行 (B1)', or the id alone for a branch without a name of its own (an extract named it by id: 'B2', not
    'B2 (B2)')."""
    return _("{name} ({id})").format(name=name, id=branch_id) if name and name != branch_id else branch_id


def named(conn: sqlite3.Connection, branch_id: str) -> str:
    """branch_label of a branch, with the name stored for it."""
    row = conn.execute("SELECT name FROM branches WHERE branch_id = ?", (branch_id,)).fetchone()
    return branch_label(branch_id, row[0] if row else None)


def lineage(branch_id: str | None, parents: dict) -> tuple[str, ...]:
    """branch_id and the branches above it, nearest first, by parents (branch id -> parent id); a loop an older
    database may hold ends where it comes round."""
    chain: list[str] = []
    while branch_id and branch_id not in chain:
        chain.append(branch_id)
        branch_id = parents.get(branch_id)
    return tuple(chain)


def parents_of(conn: sqlite3.Connection, above: str | None = None) -> dict:
    """Every branch's parent (None for a top one); with above, only those of that branch and the branches above it,
    as lineage walks them, read by key however many branches the bank has."""
    if above is None:
        return dict(conn.execute("SELECT branch_id, parent_id FROM branches"))
    return dict(conn.execute(_UP, (above,)))


# The parents on the way up from a branch; UNION stops at a loop an older database may hold.
_UP = ("WITH RECURSIVE up(branch_id) AS (SELECT ? UNION SELECT b.parent_id FROM branches b JOIN up"
       " ON b.branch_id = up.branch_id WHERE b.parent_id IS NOT NULL)"
       " SELECT branch_id, parent_id FROM branches WHERE branch_id IN (SELECT branch_id FROM up)")


def covers(conn: sqlite3.Connection, outer: str, inner: str) -> bool:
    """Whether outer is inner or a branch above it: a 支行's manager works its 分理处's customers too."""
    return outer in lineage(inner, parents_of(conn, above=inner))


@dataclass(frozen=True)
class BranchRow:
    branch_id: str
    name: str
    parent_id: str | None
    level: str
    staff: int       # at work there
    customers: int   # active, there


def branch_rows(conn: sqlite3.Connection) -> list[BranchRow]:
    """Every branch, each under its parent (a branch, then the ones below it), with its staff and customers."""
    staff = dict(conn.execute("SELECT branch_id, count(*) FROM staff WHERE active = 1 GROUP BY branch_id"))
    customers = dict(conn.execute("SELECT branch_id, count(*) FROM customers WHERE active = 1 GROUP BY branch_id"))
    rows = [BranchRow(b, n, p, lv, staff.get(b, 0), customers.get(b, 0))
            for b, n, p, lv in conn.execute("SELECT branch_id, name, parent_id, level FROM branches")]
    parents = {r.branch_id: r.parent_id for r in rows}
    return sorted(rows, key=lambda r: tuple(reversed(lineage(r.branch_id, parents))))


_TOP = object()   # set_branch's parent left as it is


def set_branch(conn: sqlite3.Connection, branch_id: str, *, parent_id=_TOP, name: str | None = None, at: datetime,
               by_id: str | None, told: Callable[[int], None] | None = None) -> dict[str, tuple]:
    """Put branch_id under parent_id ('' or None: at the top) and/or rename it, in one audited transaction; returns
    {field: (before, after)} of what changed. An unknown branch, a parent that is the branch or one below it, the
    bank given a parent or an empty name is refused in one sentence. Under another parent the branch and those below
    it inherit other settings: the stored contact blocks of the customers whose contact rules that changes are worked
    out again in the same transaction (told, if given, hears how many first; rules.recheck_blocks), as `settings set`
    does for a rule's new value, and the audit entry counts them."""
    from workbench import audit
    from workbench.rules import contact_rules, recheck_where_moved
    from workbench.staffing import check_branch
    from workbench.txn import write_transaction

    with write_transaction(conn):
        check_branch(conn, branch_id)
        before = dict(zip(("name", "parent_id", "level"), conn.execute(
            "SELECT name, parent_id, level FROM branches WHERE branch_id = ?", (branch_id,)).fetchone()))
        after = dict(before)
        if name is not None:
            if not name.strip():
                raise WorkbenchError(_("A branch's name cannot be empty."))
            after["name"] = name.strip()
        if parent_id is not _TOP:
            after["parent_id"], after["level"] = _placed(conn, branch_id, parent_id or None, before["level"])
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        if changed:
            rules = {level: contact_rules(conn, level) for level in _under(conn, branch_id)} \
                if "parent_id" in changed else {}
            conn.execute("UPDATE branches SET name = ?, parent_id = ?, level = ? WHERE branch_id = ?",
                         (after["name"], after["parent_id"], after["level"], branch_id))
            rechecked = recheck_where_moved(conn, rules, lambda level: contact_rules(conn, level), told)
            audit.record(conn, "branch_change", at=at, actor=by_id, subject=branch_id,
                         detail={**{k: list(v) for k, v in changed.items()},
                                 **({"rechecked": rechecked} if rechecked else {})})
    return changed


def _under(conn: sqlite3.Connection, branch_id: str) -> list[str]:
    """branch_id and every branch below it."""
    parents = parents_of(conn)
    return [b for b in parents if branch_id in lineage(b, parents)]


def _placed(conn: sqlite3.Connection, branch_id: str, parent_id: str | None, level: str) -> tuple[str | None, str]:
    """(parent, level) of branch_id put under parent_id: a sub-branch under a branch, a branch under the bank."""
    from workbench.staffing import check_branch

    if parent_id is None:
        return None, "bank" if level == "bank" else "branch"
    check_branch(conn, parent_id)
    if level == "bank":
        raise WorkbenchError(_("{branch} is the bank; nothing is above it.").format(branch=branch_id))
    if parent_id == branch_id:
        raise WorkbenchError(_("A branch cannot be above itself ({branch}).").format(branch=branch_id))
    # A loop: neither would ever reach the bank's settings.
    if branch_id in lineage(parent_id, parents_of(conn, above=parent_id)):
        raise WorkbenchError(_("{parent} is under {branch}, so it cannot be above it.").format(
            parent=parent_id, branch=branch_id))
    parent_level = conn.execute("SELECT level FROM branches WHERE branch_id = ?", (parent_id,)).fetchone()[0]
    return parent_id, "branch" if parent_level == "bank" else "sub_branch"
