"""Personal data: phone reveals, access requests and erasure, each written to the audit log."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from workbench import audit
from workbench.errors import WorkbenchError
from workbench.i18n import _
from workbench.phones import Dialled
from workbench.txn import write_transaction

ERASED_NAME = "(erased)"


def _customer(conn: sqlite3.Connection, customer_id: str) -> dict:
    cur = conn.execute("SELECT * FROM customers WHERE customer_id = ?", (customer_id,))
    row = cur.fetchone()
    if row is None:
        raise WorkbenchError(_("Unknown customer {customer_id!r}.").format(customer_id=customer_id))
    return dict(zip([d[0] for d in cur.description], row))


def _rows(conn: sqlite3.Connection, sql: str, params: tuple) -> list[dict]:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def reveal_phone(conn: sqlite3.Connection, customer_id: str, *, actor: str, at: datetime) -> Dialled:
    """The full phone number, and its extension, for the call screen; every reveal is logged (who,
    when, which customer)."""
    customer = _customer(conn, customer_id)
    with write_transaction(conn):
        audit.record(conn, "phone_reveal", at=at, actor=actor, subject=customer_id)
    return Dialled(customer["phone_e164"], customer["phone_ext"])


def subject_access(conn: sqlite3.Connection, customer_id: str, *, actor: str, at: datetime) -> dict:
    """Everything the workbench holds on one customer, for an access request (logged)."""
    data = {
        "customer": _customer(conn, customer_id),
        "holdings": _rows(conn, "SELECT * FROM holdings WHERE customer_id = ? ORDER BY holding_id", (customer_id,)),
        "outcomes": _rows(conn, "SELECT * FROM outcomes WHERE customer_id = ? ORDER BY at", (customer_id,)),
        "followups": _rows(conn, "SELECT * FROM followups WHERE customer_id = ? ORDER BY due_on", (customer_id,)),
        "contact_state": _rows(conn, "SELECT * FROM contact_state WHERE customer_id = ?", (customer_id,)),
    }
    with conn:
        audit.record(conn, "access_request", at=at, actor=actor, subject=customer_id)
    return data


def erase_customer(conn: sqlite3.Connection, customer_id: str, *, actor: str, at: datetime) -> dict:
    """Erase a customer's personal data in one transaction; outcome entries keep the number only.

    The customer row stays (as do-not-call, so never listed again) so that the outcome log and
    the funnel still add up; name, phone, birthday, tags and every note are cleared. The flag's
    source 'erasure' means no correction of a logged do-not-call request ever lifts it.
    """
    _customer(conn, customer_id)
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "UPDATE customers SET name = ?, phone_raw = NULL, phone_e164 = NULL, phone_ext = NULL, phone_valid = 0,"
            " phone_problem = 'erased', phone_alt_raw = NULL, phone_bad_e164 = NULL, phone_bad_problem = NULL,"
            " birthday = NULL, gender = NULL, tags = '', do_not_call = 1,"
            " do_not_call_source = 'erasure', consent = 0, priority = NULL WHERE customer_id = ?",
            (ERASED_NAME, customer_id),
        )
        notes = conn.execute("UPDATE outcomes SET note = '' WHERE customer_id = ? AND note != ''", (customer_id,)).rowcount
        from workbench.scoring import rescore  # late: it loads numpy and scipy
        rescore(conn, at.date(), customer_ids=[customer_id])  # no birthday and no calls: scores follow at once
        audit.record(conn, "erase", at=at, actor=actor, subject=customer_id, detail={"notes_cleared": notes})
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return {"customer_id": customer_id, "notes_cleared": notes}
