"""Reassigning a customer moves their pending follow-ups, in one transaction, audited."""

from datetime import date, datetime

import pytest
from factories import count_rows, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)

from workbench import audit, followups
from workbench.errors import WorkbenchError

NOW = datetime(2026, 11, 20, 10, 0)


def test_pending_follow_ups_move_closed_ones_stay(conn):
    open_one = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-18", at=datetime(2026, 11, 1))
    later = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-12-01", at=NOW)
    done = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-21", at=NOW)
    followups.complete(conn, done, at=NOW)
    other = followups.schedule(conn, customer_id="C2", owner_id="M1", due_on="2026-11-21", at=NOW)
    moved = followups.reassign_customer(conn, "C1", "M2", at=NOW, by_id="S1")
    assert sorted(moved) == sorted([open_one, later])
    assert conn.execute("SELECT manager_id FROM customers WHERE customer_id = 'C1'").fetchone()[0] == "M2"
    assert followups.get(conn, done).owner_id == "M1"
    assert followups.get(conn, other).owner_id == "M1"
    agenda = followups.agenda(conn, "M2", date(2026, 11, 20))
    assert [i.followup_id for i in agenda.overdue] == [open_one]
    assert [i.followup_id for i in agenda.later] == [later]
    assert followups.agenda(conn, "M1", date(2026, 11, 20)).overdue == []
    entry = conn.execute("SELECT actor, action, subject FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert entry == ("S1", "reassign", "C1") and audit.verify(conn).ok


@pytest.mark.parametrize("customer, manager, message", [
    ("NOPE", "M2", "Unknown customer"), ("C1", "NOPE", "Unknown staff"), ("C1", "M1", "already belongs"),
    ("C1", "S1", "S1 is a supervisor; customers are assigned to managers."),   # was taken: on no call list after
])
def test_bad_reassignment_changes_nothing(conn, customer, manager, message):
    followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-21", at=NOW)
    before = count_rows(conn, "followup_events", "audit_log")
    with pytest.raises(WorkbenchError, match=message):
        followups.reassign_customer(conn, customer, manager, at=NOW, by_id="S1")
    assert count_rows(conn, "followup_events", "audit_log") == before
    assert conn.execute("SELECT manager_id FROM customers WHERE customer_id = 'C1'").fetchone()[0] == "M1"
