"""A customer given to a manager of another branch: allowed (nothing ties a customer to their branch's managers),
but said in one sentence wherever a customer is given to a manager (`reassign`, `pool assign`, the pool's picker)."""

from __future__ import annotations

import sqlite3

from workbench.access import known_name
from workbench.i18n import fill, gettext as _


def another_branch_note(conn: sqlite3.Connection, customer_id: str, manager_id: str) -> str | None:
    """A note when the customer's branch is not the manager's: the customer keeps their branch and shows on the
    list of a manager of another. None when the two share a branch, or either has none. Names and ids are set into
    a Chinese sentence as i18n.fill sets them (仍属于 B2，而 M7 赵敏所在网点是…)."""
    row = conn.execute(
        "SELECT c.branch_id, cb.name, s.branch_id, sb.name, s.name FROM customers c JOIN staff s ON s.staff_id = ?"
        " LEFT JOIN branches cb ON cb.branch_id = c.branch_id LEFT JOIN branches sb ON sb.branch_id = s.branch_id"
        " WHERE c.customer_id = ?", (manager_id, customer_id)).fetchone()
    if row is None or row[0] is None or row[2] is None or row[0] == row[2]:
        return None
    customer_branch, customer_branch_name, manager_branch, manager_branch_name, manager_name = row
    return fill(_("note: customer {id} stays with {branch} and {manager} works at {other}: the customer now shows on"
                  " the list of a manager of another branch."),
                id=customer_id, branch=branch_label(customer_branch, customer_branch_name),
                manager=f"{manager_id} {known_name(manager_id, manager_name)}".strip(),
                other=branch_label(manager_branch, manager_branch_name))


def branch_label(branch_id: str, name: str | None) -> str:
    """'城东支行 (B1)', or the id alone for a branch without a name of its own (an extract named it by id: 'B2', not
    'B2 (B2)')."""
    return _("{name} ({id})").format(name=name, id=branch_id) if name and name != branch_id else branch_id
