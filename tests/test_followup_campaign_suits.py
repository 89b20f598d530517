"""Moving a follow-up holds it to the campaign product's risk level as booking one does: a notice booked before an
extract lowered the customer's level (one booked before head office gave the product's is cancelled by the import)
cannot be moved to another day for a
customer it does not suit, nor another follow-up be turned into that notice; one it suits moves. Real database file."""

from __future__ import annotations

import pytest

from factories import add_customer, seed_branch
from test_campaign_product_risk import AT, launch
from workbench import followups
from workbench.errors import WorkbenchError

REFUSAL = "Customer K0 is assessed at R1, below R3, the risk level of campaign FUND's product"


@pytest.fixture
def conn(fresh_db):
    """B1's managers; M1's customers K0, assessed R1, and K3, assessed R3."""
    seed_branch(fresh_db)
    add_customer(fresh_db, "K0", risk_level="R1")
    add_customer(fresh_db, "K3", risk_level="R3")
    fresh_db.conn.commit()
    return fresh_db.conn


def _pending(conn, customer, purpose):
    followup_id = followups.schedule(conn, customer_id=customer, owner_id="M1", due_on="2026-12-02", at=AT,
                                     purpose=purpose)
    conn.commit()
    return followup_id


def test_a_notice_booked_before_the_product_risk_is_not_moved_for_a_customer_it_does_not_suit(conn):
    launch(conn)   # head office's R3 fund, K0 then assessed R3 too
    conn.execute("UPDATE customers SET risk_level = 'R3' WHERE customer_id = 'K0'")
    unsuited, suited = _pending(conn, "K0", "campaign:FUND"), _pending(conn, "K3", "campaign:FUND")
    conn.execute("UPDATE customers SET risk_level = 'R1' WHERE customer_id = 'K0'")   # an extract reassesses K0
    conn.commit()
    with pytest.raises(WorkbenchError, match=REFUSAL):
        followups.reschedule(conn, unsuited, due_on="2026-12-03", at=AT)
    assert followups.reschedule(conn, suited, due_on="2026-12-03", at=AT)[0].isoformat() == "2026-12-03"
    moved, refused = followups.reschedule_all(conn, [unsuited, suited], due_on="2026-12-04", at=AT)
    assert moved == [suited] and REFUSAL in refused[unsuited]


def test_another_follow_up_is_not_turned_into_a_notice_the_product_does_not_suit(conn):
    launch(conn)
    other = _pending(conn, "K0", "问房贷")
    with pytest.raises(WorkbenchError, match=REFUSAL):
        followups.reschedule(conn, other, due_on="2026-12-03", at=AT, purpose="campaign:FUND")
    followups.reschedule(conn, other, due_on="2026-12-03", at=AT)   # its own purpose: moves
