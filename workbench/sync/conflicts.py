"""Follow-up conflicts a bundle import found, said so a supervisor can act: whose follow-up, what each desk did,
which change was kept (as it stands after the import) and which lost, and who made each on which terminal; and
reassignments made elsewhere that were not applied here, since another manager has the customer here."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter

from workbench.access import staff_label
from workbench.dates import to_the_minute
from workbench.db.followups import Conflict, ConflictEvent, Held
from workbench.i18n import N_, fill, gettext as _, join_list, ngettext

SHORT_TERMINAL = 8   # a terminal id's first characters name it in a sentence; the JSON keeps it whole


def short_terminal(terminal_id: str) -> str:
    return terminal_id[:SHORT_TERMINAL]


def named_customer(conn: sqlite3.Connection, customer_id: str | None) -> str:
    """A customer as a sentence names them: name and number; the number alone for one not held here, or said as
    erased."""
    row = conn.execute("SELECT name, do_not_call_source FROM customers WHERE customer_id = ?", (customer_id,)).fetchone()
    if row is None or not row[0]:   # a customer this terminal has not been sent: the number alone
        return str(customer_id)
    if row[1] == "erasure":   # the stored placeholder is no name to read out, in any language
        return _("an erased customer ({id})").format(id=customer_id)
    return _("{name} ({id})").format(name=row[0], id=customer_id)


def named_staff(conn: sqlite3.Connection, staff_id: str) -> str:
    """A staff member as a sentence names them: id and name, the id alone for one not on the staff here."""
    row = conn.execute("SELECT name FROM staff WHERE staff_id = ?", (staff_id,)).fetchone()
    return staff_label(staff_id, row[0] if row else None)   # as the staff lists show a manager


def named_terminal(terminal_id: str, here: str | None) -> str:
    """A terminal as a sentence names it: "this terminal" for this database's own id (here), else by its short id."""
    return _("this terminal") if terminal_id == here else _("terminal {terminal}").format(
        terminal=short_terminal(terminal_id))


def _change(conn: sqlite3.Connection, event: ConflictEvent) -> str:
    """What the event did to the follow-up: the due date it set, done, cancelled or given to someone."""
    if event.kind in ("created", "rescheduled"):
        due = f"{event.due_on} {event.slot}" if event.slot else str(event.due_on)
        return _("due {due}").format(due=due)
    if event.kind == "done":
        return _("marked done")
    if event.kind == "cancelled":
        return _("cancelled")
    return _("given to {owner}").format(owner=named_staff(conn, event.owner_id) if event.owner_id else "?")


def _extract_move(conn: sqlite3.Connection, event: ConflictEvent, followup_id: str,
                  here: str) -> tuple[str, str] | None:
    """(file name, import time) of head office's extract whose import on this terminal wrote the 'reassigned' event,
    moving the follow-up along with its customer: the latest customer import by the event's maker, at or before it,
    that moved the follow-up (its audit entry's followups_moved), where the event is the first move of the follow-up
    made here since; None for any other event."""
    if event.kind != "reassigned" or event.terminal_id != here:
        return None
    found = conn.execute(
        "SELECT file_name, imported_at FROM import_log WHERE kind = 'customers' AND user_id IS ? AND imported_at <= ?"
        " ORDER BY imported_at DESC, import_id DESC LIMIT 1", (event.by_id, event.at)).fetchone()
    if found is None or followup_id not in _moved_by_import(conn, found[1], event.by_id):
        return None
    first = conn.execute(
        "SELECT event_id FROM followup_events WHERE followup_id = ? AND kind = 'reassigned' AND terminal_id = ?"
        " AND at >= ? ORDER BY at, event_id LIMIT 1", (followup_id, here, found[1])).fetchone()
    return (found[0], found[1]) if first and first[0] == event.event_id else None


def _moved_by_import(conn: sqlite3.Connection, imported_at: str, actor: str | None) -> set[str]:
    """The follow-ups the customer import of that time by actor moved along with their customers, as its audit entry
    keeps them."""
    return {r[0] for r in conn.execute(
        "SELECT m.value FROM audit_log a, json_each(a.detail, '$.followups_moved') m WHERE a.action = 'import'"
        " AND a.at = ? AND a.actor IS ? AND json_type(a.detail, '$.followups_moved') = 'array'", (imported_at, actor))}


# What a bundle's manifest says of each head office's extract import whose follow-up moves it carries (its "extracts"):
# the terminal it was imported on, by whom, when (the time of each move it made), the file's name and SHA-256.
EXTRACT_KEYS = ("at", "by_id", "file", "sha256", "terminal_id")
# The connection (its id), audit-chain head and terminal id known_extracts last read at, and what it read: a connection
# closed and another opened at its address holds another database, whose chain head differs.
_known: list = [None, None, {}]


def known_extracts(conn: sqlite3.Connection, here: str) -> dict[tuple[str, str, str], dict]:
    """(terminal, importer, time) -> the manifest record (EXTRACT_KEYS) of each head office's extract import known here
    whose moves of follow-ups travel as 'reassigned' events made under that terminal id by the importer at the import's
    time: this terminal's own that moved follow-ups, and those named by the manifests of bundles imported here (kept in
    each import's audit entry, so that this desk names them on with the moves it relays). Read again only when the
    audit log has grown: a hand-over brings thousands of follow-ups to name."""
    from workbench.audit import chain_head

    head = chain_head(conn)
    if _known[0] == id(conn) and _known[1] == (head, here):
        return _known[2]
    known = {}
    for value in conn.execute(
            "SELECT e.value FROM audit_log a, json_each(a.detail, '$.extracts') e WHERE a.action = 'import'"
            " AND json_type(a.detail, '$.extracts') = 'array' ORDER BY a.seq"):
        record = json.loads(value[0])
        known[record["terminal_id"], record["by_id"], record["at"]] = record
    for file, sha256, at, by_id in conn.execute(
            "SELECT l.file_name, l.sha256, l.imported_at, l.user_id FROM import_log l WHERE l.kind = 'customers'"
            " AND l.user_id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'import'"
            " AND a.at = l.imported_at AND a.actor = l.user_id"
            " AND json_array_length(a.detail, '$.followups_moved') > 0) ORDER BY l.import_id"):
        known[here, by_id, at] = {"at": at, "by_id": by_id, "file": file, "sha256": sha256, "terminal_id": here}
    _known[:] = [id(conn), (head, here), known]
    return known


def _extract_elsewhere(conn: sqlite3.Connection, event: ConflictEvent, here: str) -> dict | None:
    """The record of head office's extract import on another terminal whose move of the follow-up the 'reassigned'
    event is (a manifest named it); None for any other event."""
    if event.kind != "reassigned" or event.terminal_id == here or event.by_id is None:
        return None
    return known_extracts(conn, here).get((event.terminal_id, event.by_id, event.at))


def _made_by(conn: sqlite3.Connection, event: ConflictEvent, customer_id: str | None) -> tuple[str | None, str]:
    """Who made the event's change, on which terminal: for a 'reassigned' event a bundle import wrote, applying another
    desk's assignment entry (dated that entry's time, to its new manager), the entry's maker and terminal, not whoever
    carried the bundle on the terminal that imported it."""
    if event.kind == "reassigned" and customer_id is not None:
        entry = conn.execute(
            "SELECT by_id, terminal_id FROM assignments WHERE customer_id = ? AND at = ? AND to_manager_id IS ?"
            " AND terminal_id <> ? AND status IN ('applied', 'already') ORDER BY assignment_id LIMIT 1",
            (customer_id, event.at, event.owner_id, event.terminal_id)).fetchone()
        if entry is not None:
            return entry[0], entry[1]
    return event.by_id, event.terminal_id


def _side(conn: sqlite3.Connection, event: ConflictEvent, here: str, customer_id: str | None = None,
          followup_id: str | None = None) -> str:
    """What the event did and who made it where; a move head office's extract made, here or on the terminal a bundle's
    manifest names, is said as the extract's."""
    extract = _extract_move(conn, event, followup_id, here) if followup_id else None
    if extract is not None:
        return _("{change} (by head office's extract {file}, imported on this terminal at {at})").format(
            change=_change(conn, event), file=extract[0], at=to_the_minute(extract[1]))
    elsewhere = _extract_elsewhere(conn, event, here)
    if elsewhere is not None:
        return _("{change} (by head office's extract {file}, imported on terminal {terminal} at {at})").format(
            change=_change(conn, event), file=elsewhere["file"], terminal=short_terminal(elsewhere["terminal_id"]),
            at=to_the_minute(elsewhere["at"]))
    by_id, made_on = _made_by(conn, event, customer_id)
    terminal = named_terminal(made_on, here)
    if by_id:
        return _("{change} (by {who} on {terminal})").format(change=_change(conn, event),
                                                            who=named_staff(conn, by_id), terminal=terminal)
    return _("{change} (on {terminal})").format(change=_change(conn, event), terminal=terminal)


def _sides(conn: sqlite3.Connection, conflict: Conflict, here: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Each kept change, then each lost one, as a sentence says it."""
    return tuple(tuple(_side(conn, e, here, conflict.customer_id, conflict.followup_id) for e in side)
                 for side in (conflict.kept, conflict.lost))


def _next_step(conn: sqlite3.Connection, conflict: Conflict, others: list[str]) -> str:
    """What a supervisor does about the changes lost, as the follow-up stands now: close it again, move it back, give
    the customer to the manager a lost move named, or book a new one; others, the ids of the customer's other
    follow-ups the same changes met alike."""
    from workbench.followups import SHORT_ID

    status, owner = conn.execute("SELECT status, owner_id FROM followups WHERE followup_id = ?",
                                 (conflict.followup_id,)).fetchone()
    kinds = {e.kind for e in conflict.lost}
    dated = [e for e in conflict.lost if e.kind in ("created", "rescheduled")]
    fid, customer = conflict.followup_id[:SHORT_ID], conflict.customer_id
    if status in ("done", "cancelled"):
        step = (_("it is closed either way, so nothing is left to do") if kinds <= {"done", "cancelled"} else
                _("it is closed now; if a call is still owed, book one: `workbench followup add --customer {customer}"
                  " --when <day>`").format(customer=customer))
    elif kinds & {"done", "cancelled"}:
        step = _("if the customer's answer stands, mark it done or cancel it: `workbench followup done {id}` (or"
                 " `cancel {id}`)").format(id=fid)
    elif dated:
        due, slot = dated[-1].due_on, dated[-1].slot
        step = _("if {due} is the time agreed with the customer, move it back: `workbench followup move {id} --when"
                 " {when}`").format(id=fid, due=f"{due} {slot}" if slot else due, when=f"{due}T{slot}" if slot else due)
    else:
        moved = conflict.lost[-1].owner_id or "?"
        step = fill(_("if it should be {manager}'s, give the customer to them on this terminal too: `workbench"
                      " reassign --customer {customer} --to {id}`") if moved != owner else
                    _("it is {manager}'s all the same, so nothing is left to do"), manager=named_staff(conn, moved),
                    customer=customer, id=moved)
    if others:
        step += _(" (likewise for {ids})").format(ids=join_list([f[:SHORT_ID] for f in others]))
    return step


def _nothing_to_decide(conn: sqlite3.Connection, followup_ids: list[str]) -> bool:
    """Both changes stand together (a close or a date, and a move) and leave nothing to decide: each follow-up the
    sentence speaks for is done (the call was made, whoever holds it now) or still pending, with the date one desk set,
    for the manager the other gave it to. One cancelled is left to someone: whether a call is still owed to the customer
    its new manager has."""
    marks = ", ".join("?" * len(followup_ids))
    statuses = [row[0] for row in conn.execute(f"SELECT status FROM followups WHERE followup_id IN ({marks})",
                                                followup_ids)]
    return len(statuses) == len(followup_ids) and "cancelled" not in statuses


def describe(conn: sqlite3.Connection, conflict: Conflict, here: str, n: int = 1,
             sides: tuple[tuple[str, ...], tuple[str, ...]] | None = None, others: list[str] | None = None) -> str:
    """One sentence for the conflict; here is this database's terminal id; n, how many of the customer's follow-ups
    the same changes met alike (one reassignment moves them all), others the ids of those but this one; sides, its
    _sides when worked out already. One that lost a change ends with what to do about it (_next_step); one that lost
    none with "please check it" only where something is left to decide (_nothing_to_decide)."""
    kept_sides, lost_sides = sides or _sides(conn, conflict, here)
    kept = _(", ").join(kept_sides)   # each in its brackets
    customer = named_customer(conn, conflict.customer_id)
    terminal = short_terminal(conflict.events[0].terminal_id)
    if not conflict.lost:   # changes to different things (a due date and an owner): both stand
        if conflict.same_terminal:
            return ngettext("The follow-up of {customer} was changed twice at once under one terminal id, {terminal},"
                            " which two databases share (one was copied from the other); both changes were kept:"
                            " {kept}; please check it.",
                            "The {n} follow-ups of {customer} were changed twice at once under one terminal id,"
                            " {terminal}, which two databases share (one was copied from the other); both changes were"
                            " kept: {kept}; please check them.", n).format(
                customer=customer, terminal=terminal, kept=kept, n=n)
        if _nothing_to_decide(conn, [conflict.followup_id, *(others or [])]):
            return ngettext("The follow-up of {customer} was changed on more than one terminal at once; both changes"
                            " were kept: {kept}; nothing is left to do.",
                            "The {n} follow-ups of {customer} were changed on more than one terminal at once; both"
                            " changes were kept: {kept}; nothing is left to do.", n).format(
                customer=customer, kept=kept, n=n)
        return ngettext("The follow-up of {customer} was changed on more than one terminal at once; both changes were"
                        " kept: {kept}; please check it.",
                        "The {n} follow-ups of {customer} were changed on more than one terminal at once; both changes"
                        " were kept: {kept}; please check them.", n).format(customer=customer, kept=kept, n=n)
    lost = _(", ").join(lost_sides)
    if conflict.same_terminal:
        return ngettext("The follow-up of {customer} was changed twice at once under one terminal id, {terminal}, which"
                        " two databases share (one was copied from the other): kept: {kept}; lost: {lost}; please check"
                        " it.",
                        "The {n} follow-ups of {customer} were changed twice at once under one terminal id, {terminal},"
                        " which two databases share (one was copied from the other): kept: {kept}; lost: {lost}; please"
                        " check them.", n).format(customer=customer, terminal=terminal, kept=kept, lost=lost, n=n)
    return ngettext("The follow-up of {customer} was changed on more than one terminal at once: kept: {kept}; lost:"
                    " {lost}; {step}.",
                    "The {n} follow-ups of {customer} were changed on more than one terminal at once: kept: {kept};"
                    " lost: {lost}; {step}.", n).format(customer=customer, kept=kept, lost=lost, n=n,
                                                        step=_next_step(conn, conflict, others or []))


_HELD = (N_("The follow-up of {customer} was {change}, but on this terminal the customer's manager is {manager}, so it"
            " stays with them; reassign the customer on this terminal too if that was meant."),
         N_("The {n} follow-ups of {customer} were {change}, but on this terminal the customer's manager is {manager},"
            " so they stay with them; reassign the customer on this terminal too if that was meant."))
_HELD_BY_EXTRACT = (
    N_("The follow-up of {customer} was {change}, but on this terminal the customer's manager is {manager}, so it stays"
       " with them; this terminal has not imported that extract: import it here rather than reassigning the customer."),
    N_("The {n} follow-ups of {customer} were {change}, but on this terminal the customer's manager is {manager}, so"
       " they stay with them; this terminal has not imported that extract: import it here rather than reassigning the"
       " customer."))


def describe_held(conn: sqlite3.Connection, held: Held, here: str, n: int = 1, change: str | None = None) -> str:
    """One sentence for a reassignment made elsewhere and not applied here (to n of the customer's follow-ups);
    change, its _side when worked out already. A move head office's extract made on another terminal, which this one
    has not imported, is no reassignment to repeat here: the sentence says to import the same extract."""
    extract = _extract_elsewhere(conn, held.event, here)
    if extract is not None and conn.execute("SELECT 1 FROM import_log WHERE kind = 'customers' AND sha256 = ?",
                                            (extract["sha256"],)).fetchone() is None:
        forms = _HELD_BY_EXTRACT
    else:
        forms = _HELD
    return fill(ngettext(*forms, n), customer=named_customer(conn, held.customer_id),
                change=change or _side(conn, held.event, here, held.customer_id),
                manager=named_staff(conn, held.manager_id), n=n)


def describe_all(conn: sqlite3.Connection, conflicts: list[Conflict], held: list[Held], here: str) -> list[str]:
    """The sentences for an import's conflicts, then its held reassignments: one per customer and what happened, so a
    reassignment that met a customer's three follow-ups alike is said once, for the three."""
    # What is said, in the order first met: how to say it, and the first of them; its sides (the key's last part),
    # worked out once for the key and passed on.
    first: dict[tuple, tuple] = {}
    count: Counter[tuple] = Counter()
    others: dict[tuple, list[str]] = {}   # the ids of a conflict's follow-ups after the first
    for conflict in conflicts:
        key = ("conflict", conflict.customer_id, conflict.same_terminal, conflict.events[0].terminal_id,
               _sides(conn, conflict, here))
        if first.setdefault(key, (describe, conflict))[1] is not conflict:
            others.setdefault(key, []).append(conflict.followup_id)
        count[key] += 1
    for h in held:
        key = ("held", h.customer_id, h.manager_id, _side(conn, h.event, here, h.customer_id))
        first.setdefault(key, (describe_held, h))
        count[key] += 1
    return [how(conn, item, here, count[key], key[-1], **({"others": others.get(key, [])} if how is describe else {}))
            for key, (how, item) in first.items()]
