"""The unassigned pool: active customers no manager looks after, which supervisors see and assign.

Customers land here when an extract gives them no manager (or 未分配, 公共户 ...). The pool is listed
most valuable first (the stored priority, then assets), after its warm leads (leads_first), and
assigning gives each customer to a manager as `reassign` would, all in one transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from workbench.access import get_manager
from workbench.errors import WorkbenchError
from workbench.followups import reassign_customer
from workbench.i18n import gettext as _, ngettext
from workbench.leads import WarmLead, warm_leads
from workbench.txn import write_transaction

_IN_POOL = "c.manager_id IS NULL AND c.active = 1"
# The same for a few customers named by key: the unary + keeps SQLite off the pool's and branches' indexes,
# which would read every pooled customer to find them.
_NAMED_IN_POOL = "+c.manager_id IS NULL AND +c.active = 1"
# Named, as the planner would rather take customers_manager (manager_id IS NULL) and sort the whole pool.
_POOL_INDEX = "INDEXED BY customers_pool"


@dataclass(frozen=True)
class PoolEntry:
    customer_id: str
    name: str
    branch_id: str | None
    branch_name: str | None
    tier: int | None
    aum_fen: int
    dormancy_score: float | None
    priority: float | None
    last_activity_on: str | None


def pool_size(conn: sqlite3.Connection, branch_id: str | None = None) -> int:
    where, params = _where(branch_id)
    return conn.execute(f"SELECT count(*) FROM customers c {_POOL_INDEX} WHERE {where}", params).fetchone()[0]


_ENTRY = ("SELECT c.customer_id, c.name, c.branch_id, b.name, c.tier, c.aum_fen, c.dormancy_score, c.priority,"
          " c.last_activity_on FROM customers c {index} LEFT JOIN branches b USING (branch_id) WHERE {where}")


def pool_page(conn: sqlite3.Connection, *, branch_id: str | None = None, limit: int = 200,
              offset: int = 0, first: Sequence[str] = ()) -> list[PoolEntry]:
    """A page of the pool, the highest priority first (unscored customers last), then by assets; the
    customers named in first (warm leads, say) come before all others, in that order, those still in
    the pool."""
    where, params = _where(branch_id)
    ahead = []
    if first:
        named = f"{_NAMED_IN_POOL}{' AND +c.branch_id = ?' if branch_id else ''}"
        found = {row[0]: PoolEntry(*row) for row in conn.execute(
            _ENTRY.format(index="", where=f"{named} AND c.customer_id IN (SELECT value FROM json_each(?))"),
            (*params, json.dumps(list(first))))}
        ahead = [found[cid] for cid in dict.fromkeys(first) if cid in found]
        where, params = f"{where} AND c.customer_id NOT IN (SELECT value FROM json_each(?))", (*params, json.dumps(list(found)))
    page = ahead[offset:offset + limit]
    rows = conn.execute(
        _ENTRY.format(index=_POOL_INDEX, where=where)
        + " ORDER BY c.priority IS NULL, c.priority DESC, c.aum_fen DESC, c.customer_id LIMIT ? OFFSET ?",
        (*params, limit - len(page), max(0, offset - len(ahead))),
    ).fetchall() if len(page) < limit else []
    return page + [PoolEntry(*row) for row in rows]


def pool_leads(conn: sqlite3.Connection, today: date) -> dict[str, WarmLead]:
    """The pool's warm leads by customer id, the highest score first: leads_first's, worked out once for a screen
    that turns pages (most of a page's read on a large pool)."""
    return {w.customer_id: w for w in warm_leads(conn, today, pool=True, booked_too=True)}


def leads_first(conn: sqlite3.Connection, today: date, *, branch_id: str | None = None,
                limit: int = 200, offset: int = 0,
                found: dict[str, WarmLead] | None = None) -> tuple[list[PoolEntry], dict[str, WarmLead]]:
    """A page of the pool with its warm leads first (pool_page's first), and those of them on the page
    by customer id: a lead who went back to the pool is one to give a manager soon, to whoever logged
    the interest (WarmLead.intent_by) if they can. found: pool_leads as read earlier (None: read now); those
    of them no longer in the pool are passed over, as ever."""
    found = pool_leads(conn, today) if found is None else found
    entries = pool_page(conn, branch_id=branch_id, limit=limit, offset=offset, first=list(found))
    return entries, {e.customer_id: found[e.customer_id] for e in entries if e.customer_id in found}


def left_of(conn: sqlite3.Connection, staff_ids: set[str]) -> set[str]:
    """Those of staff_ids who have left: a warm lead's interest logged by one of them is offered to nobody."""
    return {row[0] for row in conn.execute(
        "SELECT staff_id FROM staff WHERE active = 0 AND staff_id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(staff_ids)),))}


def page_title(shown: int, total: int, leads: int, offset: int = 0) -> str:
    """'Unassigned pool: 50 of 1,234, 3 warm leads first', the title of a page leads_first gave; a later
    page says which it is ('501–1,000 of 1,234')."""
    if offset:
        title = _("Unassigned pool: {first}–{last} of {total}").format(
            first=f"{offset + 1:,}", last=f"{offset + shown:,}", total=f"{total:,}")
    else:
        title = _("Unassigned pool: {shown} of {total}").format(shown=f"{shown:,}", total=f"{total:,}")
    if leads:
        title += _(", ") + ngettext("{n} warm lead first", "{n} warm leads first", leads).format(n=leads)
    return title


def lead_cell(leads: dict[str, WarmLead], customer_id: str) -> str:
    """The page's Lead column: a warm lead's score, else nothing."""
    return f"{leads[customer_id].lead.score:g}" if customer_id in leads else ""


def assign(conn: sqlite3.Connection, customer_ids: list[str], manager_id: str, *, at: datetime,
           by_id: str) -> list[str]:
    """Give each customer of the pool to the manager, their pending follow-ups along, in one
    transaction; returns the follow-ups moved. A customer who is not (or no longer) in the pool is
    refused, so a list read a while ago cannot take a customer from the manager who has them now."""
    if not customer_ids:
        raise WorkbenchError(_("Name at least one customer to assign."))
    with write_transaction(conn):
        manager = get_manager(conn, manager_id)
        moved: list[str] = []
        for customer_id in dict.fromkeys(customer_ids):
            _check_in_pool(conn, customer_id)
            moved += reassign_customer(conn, customer_id, manager.staff_id, at=at, by_id=by_id, source="pool")
    return moved


def _check_in_pool(conn: sqlite3.Connection, customer_id: str) -> None:
    row = conn.execute("SELECT manager_id, active FROM customers WHERE customer_id = ?", (customer_id,)).fetchone()
    if row is None:
        raise WorkbenchError(_("Unknown customer {customer_id!r}.").format(customer_id=customer_id))
    if row[0] is not None:
        raise WorkbenchError(_("Customer {id} is not in the pool: {manager} looks after them"
                               " (use `workbench reassign` to move them).").format(id=customer_id, manager=row[0]))
    if not row[1]:
        raise WorkbenchError(_("Customer {id} is inactive (not in the latest full extract).").format(id=customer_id))


def _where(branch_id: str | None) -> tuple[str, tuple]:
    return (f"{_IN_POOL} AND c.branch_id = ?", (branch_id,)) if branch_id else (_IN_POOL, ())
