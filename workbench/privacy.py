"""Personal data: phone reveals, access requests and erasure, each written to the audit log."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from workbench import audit
from workbench.codes import ERASED_NAME
from workbench.db.meta import terminal_id
from workbench.errors import WorkbenchError
from workbench.i18n import _
from workbench.ids import new_id
from workbench.phones import Dialled
from workbench.txn import write_transaction

# An erasure entry's columns that travel in bundles (table erasures, migration 117): no personal data.
ERASURE_COLUMNS = ("erasure_id", "customer_id", "at", "terminal_id", "by_id")
# The customers erased here, or named by an erasure entry held here (an SQL query of customer ids).
ERASED_CUSTOMERS = ("SELECT customer_id FROM erasures WHERE status != 'not_supervisor'"
                    " UNION SELECT customer_id FROM customers WHERE do_not_call_source = 'erasure'")


@dataclass(frozen=True)
class ErasureApplied:
    """What this desk made of an erasure entry made on another: 'applied' (erased here now), 'already' (erased here
    before), 'unknown_customer', or 'not_supervisor' (its by_id is no active supervisor on the staff here, so nothing
    was done: a bundle's checksum detects damage, not forgery)."""
    erasure_id: str
    customer_id: str
    at: str
    terminal_id: str
    by_id: str
    status: str


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


ACCESS_KEYS = ("customer", "holdings", "outcomes", "followups", "contact_state")
ACCESS_FILE_LIMIT = 64 << 20   # an access request's file is small; a larger one is something else


def is_access_export(path) -> bool:
    """The file is an earlier access request's JSON (a customer's data written by `privacy export`), to be replaced."""
    if path.stat().st_size > ACCESS_FILE_LIMIT:
        return False
    data = json.loads(path.read_text(encoding="utf-8"))
    return isinstance(data, dict) and set(ACCESS_KEYS) <= set(data)


def subject_access(conn: sqlite3.Connection, customer_id: str, *, actor: str, at: datetime) -> dict:
    """Everything the workbench holds on one customer, for an access request (logged)."""
    data = {
        "customer": _customer(conn, customer_id),
        "holdings": _rows(conn, "SELECT * FROM holdings WHERE customer_id = ? ORDER BY holding_id", (customer_id,)),
        "outcomes": _rows(conn, "SELECT * FROM outcomes WHERE customer_id = ? ORDER BY at", (customer_id,)),
        "followups": _rows(conn, "SELECT * FROM followups WHERE customer_id = ? ORDER BY due_on", (customer_id,)),
        "followup_events": _rows(conn, "SELECT * FROM followup_events WHERE customer_id = ? ORDER BY at, event_id",
                                 (customer_id,)),
        "contact_state": _rows(conn, "SELECT * FROM contact_state WHERE customer_id = ?", (customer_id,)),
        "reactivations": _rows(conn, "SELECT * FROM reactivations WHERE customer_id = ? ORDER BY contacted_at",
                               (customer_id,)),
        # Who managed them when, on which desk, and each erasure of their data, made here or brought by a bundle.
        "assignments": _rows(conn, "SELECT * FROM assignments WHERE customer_id = ? ORDER BY at, rowid", (customer_id,)),
        "erasures": _rows(conn, "SELECT * FROM erasures WHERE customer_id = ? ORDER BY at, rowid", (customer_id,)),
    }
    with conn:
        audit.record(conn, "access_request", at=at, actor=actor, subject=customer_id)
    return data


def erased_before(conn: sqlite3.Connection, customer_id: str) -> tuple[str | None, str | None] | None:
    """(when, by whom) the customer was erased, from the first erasure entry held here that names them ((None, None)
    for a customer erased with no entry left), or None when they were not erased."""
    if not erased_here(conn, customer_id):
        return None
    row = conn.execute("SELECT at, by_id FROM erasures WHERE customer_id = ? AND status != 'not_supervisor'"
                       " ORDER BY at, erasure_id LIMIT 1", (customer_id,)).fetchone()
    return tuple(row) if row else (None, None)


def erase_customer(conn: sqlite3.Connection, customer_id: str, *, actor: str, at: datetime) -> dict:
    """Erase a customer's personal data in one transaction, with the erasure entry that bundles carry to the other
    desks (table erasures); outcome entries keep the number only. A customer erased already is left as they are,
    with no second entry nor audit entry: erased_before says when and by whom."""
    _customer(conn, customer_id)
    with write_transaction(conn):
        if (before := erased_before(conn, customer_id)) is not None:
            return {"customer_id": customer_id, "erased_before": before, "notes_cleared": 0, "followups_cancelled": []}
        cancelled: list[str] = []
        notes = erase(conn, customer_id, actor=actor, at=at, cancelled=cancelled)
        conn.execute("INSERT INTO erasures (erasure_id, customer_id, at, terminal_id, by_id) VALUES (?, ?, ?, ?, ?)",
                     (new_id(), customer_id, at.isoformat(timespec="seconds"), terminal_id(conn), actor))
    return {"customer_id": customer_id, "notes_cleared": notes, "followups_cancelled": cancelled}


def erase(conn: sqlite3.Connection, customer_id: str, *, actor: str | None, at: datetime,
          detail: dict | None = None, cancelled: list[str] | None = None, rescore: bool = True) -> int:
    """Erase a known customer inside the caller's transaction, audited ('erase'); returns how many notes it cleared
    (and adds the follow-ups it cancelled to `cancelled`, if given).
    `privacy erase` and a bundle's erasure entry (detail then names the entry, who made it and where) both come here.

    The customer row stays (as do-not-call, so never listed again) so that the outcome log and
    the funnel still add up; name, phone, birthday, tags, every note and every follow-up purpose in a manager's own
    words (clear_purposes) are cleared. The flag's source 'erasure' means no correction of a logged do-not-call
    request ever lifts it. Their pending follow-ups are cancelled, as a do-not-call request cancels them: nobody is
    to call, message or visit someone who asked to be forgotten (the audit entry lists them).
    """
    from workbench.followups import cancel_blocked   # late: it loads the engine

    conn.execute(
        "UPDATE customers SET name = ?, phone_raw = NULL, phone_e164 = NULL, phone_ext = NULL, phone_valid = 0,"
        " phone_problem = 'erased', phone_alt_raw = NULL, phone_bad_e164 = NULL, phone_bad_problem = NULL,"
        " birthday = NULL, gender = NULL, tags = '', do_not_call = 1,"
        " do_not_call_source = 'erasure', consent = 0, priority = NULL WHERE customer_id = ?",
        (ERASED_NAME, customer_id),
    )
    notes = conn.execute("UPDATE outcomes SET note = '' WHERE customer_id = ? AND note != ''", (customer_id,)).rowcount
    purposes = clear_purposes(conn, "SELECT :customer", {"customer": customer_id})
    closed = cancel_blocked(conn, [customer_id], at=at, by_id=actor)   # every one: they are erased now
    if cancelled is not None:
        cancelled += closed
    if rescore:   # no birthday and no calls: scores follow at once (a bundle rescores its customers in one batch)
        from workbench.scoring import rescore as rescore_customers  # late: it loads numpy and scipy

        rescore_customers(conn, at.date(), customer_ids=[customer_id])
    audit.record(conn, "erase", at=at, actor=actor, subject=customer_id,
                 detail={"notes_cleared": notes, "purposes_cleared": purposes, "followups_cancelled": closed,
                         **(detail or {})})
    return notes


# --- erasures made on other desks, from a bundle ---------------------------------------------------------------


def apply_erasures(conn: sqlite3.Connection, entries: Iterable[dict], *, actor: str | None, at: datetime,
                   arrived_at: str | None = None, detail: dict | None = None) -> list[ErasureApplied]:
    """Keep each erasure entry a bundle brought and erase its customer here as `privacy erase` does (the same
    function, the same audit entry, naming the entry, who made it and where), in time order, inside the caller's
    transaction. A customer erased here already stays so; one not known here is kept as an entry alone, so that
    notes and follow-up purposes about them that arrive later are cleared too (clear_erased_text). An entry whose
    by_id is no active supervisor on the staff here is kept as 'not_supervisor' and erases nothing, clears nothing."""
    from workbench.assignments import active_supervisors

    supervisors = active_supervisors(conn)
    done = []
    for row in sorted(entries, key=lambda r: (r["at"], r["erasure_id"])):
        if row["by_id"] not in supervisors:
            status = "not_supervisor"
        else:
            found = conn.execute("SELECT do_not_call_source FROM customers WHERE customer_id = ?",
                                 (row["customer_id"],)).fetchone()
            status = "unknown_customer" if found is None else "already" if found[0] == "erasure" else "applied"
        if status == "applied":
            erase(conn, row["customer_id"], actor=actor, at=at, rescore=False, detail={   # the import rescores them
                **(detail or {}), "erasure": row["erasure_id"], "erased_at": row["at"], "by": row["by_id"],
                "terminal": row["terminal_id"]})
        conn.execute(f"INSERT INTO erasures ({', '.join(ERASURE_COLUMNS)}, status, arrived_at)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?)", (*(row[c] for c in ERASURE_COLUMNS), status, arrived_at))
        done.append(ErasureApplied(*(row[c] for c in ERASURE_COLUMNS), status))
    return done


def clear_erased_text(conn: sqlite3.Connection) -> tuple[int, int]:
    """Clear the notes and the follow-up purposes in a manager's own words of every customer erased here, or named by
    an erasure entry held here, that are not cleared yet: those a bundle from a desk that had not erased them
    brought. Returns how many notes and how many follow-up events' purposes."""
    notes = conn.execute(f"UPDATE outcomes SET note = '' WHERE note != '' AND customer_id IN ({ERASED_CUSTOMERS})").rowcount
    return notes, clear_purposes(conn, ERASED_CUSTOMERS)


def clear_purposes(conn: sqlite3.Connection, customers: str, params: dict | None = None) -> int:
    """Set to NULL the follow-up purposes that are a manager's own words ('问房贷，他儿子在上海', typed with --purpose)
    of the customers the SQL query `customers` names (with its named params), in the follow-up events and in the
    follow-ups: an erased customer's personal data (migrations 119 and 121 freeze their own copy). An outcome code, a
    care touch and a campaign (campaign:ID) stay: they say what the follow-up was for, of no one in particular, and
    the funnels count them. Returns how many events."""
    from workbench import campaigns
    from workbench.followups import PURPOSE_CODES   # late: it loads the engine

    free = (f"purpose IS NOT NULL AND purpose NOT IN (SELECT value FROM json_each(:codes))"
            f" AND NOT {campaigns.names_campaign('purpose')} AND customer_id IN ({customers})")
    params = {**(params or {}), "codes": json.dumps(PURPOSE_CODES)}
    events = conn.execute(f"UPDATE followup_events SET purpose = NULL WHERE {free}", params).rowcount
    conn.execute(f"UPDATE followups SET purpose = NULL WHERE {free}", params)
    return events


def erased_refusal(customer_id: str, *, logging: bool) -> WorkbenchError:
    """The sentence a contact logged with, or a follow-up booked for, an erased customer is refused with; logging,
    it adds what may still be logged (a correction), which a booking has no use for."""
    if logging:
        said = _("Customer {id}'s personal data was erased: no contact with them can be logged (an earlier entry can be"
                 " corrected, without a note or a follow-up).")
    else:
        said = _("Customer {id}'s personal data was erased: no contact with them can be logged.")
    return WorkbenchError(said.format(id=customer_id))


def erased_here(conn: sqlite3.Connection, customer_id: str) -> bool:
    """The customer was erased on this desk, or an erasure entry held here names them."""
    return conn.execute(f"SELECT ? IN ({ERASED_CUSTOMERS})", (customer_id,)).fetchone()[0] == 1
