"""A visit booked for a customer on do-not-call or without marketing consent (allowed, and kept by every cancel on
purpose) heads the call list when due, as any other visit; a call, SMS, WeChat or campaign notice of theirs never
does, nor does an erased customer's visit, and a contact rule's rest still holds the visit back."""

import datetime as dt

import pytest

from engine_rows import add_customer, add_followup, basic_branch, set_contact
from workbench import followups
from workbench.calllist import (CallListFilter, call_list, count_call_list, explain, left_out, not_shown,
                                resting_counts)
from workbench.scoring import rescore

NOW = dt.datetime(2026, 3, 10, 10, 0)
TODAY = NOW.date()


@pytest.fixture
def conn(fresh_db):
    """C1 callable, C2 on do-not-call, C3 without consent, C4 on do-not-call with an unusable number; each of C2-C4
    with a visit due today; C2 with a call due too, C3 a notice of campaign K1 by visit (one not
    sent here is live); all M1's."""
    conn = fresh_db.conn
    basic_branch(conn)
    add_customer(conn, "C1")
    add_customer(conn, "C2", do_not_call=1)
    add_customer(conn, "C3", consent=0)
    add_customer(conn, "C4", do_not_call=1, phone_valid=0)
    rescore(conn, TODAY)
    for cid in ("C2", "C3", "C4"):
        add_followup(conn, f"V{cid}", cid, TODAY.isoformat(), channel="visit")
    add_followup(conn, "P2", "C2", TODAY.isoformat(), channel="phone")
    add_followup(conn, "K3", "C3", "2026-03-09", channel="visit")
    conn.execute("UPDATE followups SET purpose = 'campaign:K1' WHERE followup_id = 'K3'")
    conn.commit()
    return conn


def test_a_due_visit_of_a_blocked_customer_heads_the_list_and_nothing_else_of_theirs_does(conn):
    entries = call_list(conn, "M1", NOW)
    heads = [(e.customer_id, e.followup_id) for e in entries if e.is_follow_up]
    assert heads == [("C2", "VC2"), ("C3", "VC3")]   # the visits alone: not C2's call, C3's notice nor C4 (no number)
    assert [e.customer_id for e in entries if not e.is_follow_up] == ["C1"]
    assert count_call_list(conn, "M1", NOW) == 3
    assert explain(conn, "C3", TODAY, manager_id="M1", now=NOW)[0].text.startswith("visit booked")
    assert followups.marketing_block(conn, "C3") == "no_consent"   # still blocked: only the visit is offered


def test_a_search_for_them_lists_them_and_counts_them_nowhere_else(conn):
    for cid in ("C2", "C3"):
        flt = CallListFilter(search=cid)
        assert [e.customer_id for e in call_list(conn, "M1", NOW, filters=flt)] == [cid]
        assert not_shown(conn, "M1", NOW, filters=flt) == [] and left_out(conn, "M1", NOW, filters=flt).off_list == []
    assert [(n.reason, n.count) for n in not_shown(conn, "M1", NOW, filters=CallListFilter(search="C4"))] == [
        ("do_not_call", 1)]


def test_the_contact_rules_still_hold_the_visit_back_and_say_so(conn):
    set_contact(conn, "C3", last_contact_at="2026-03-09T11:00:00", blocked_until="2026-03-20T10:00:00")
    conn.execute("UPDATE contact_state SET block_reason = 'cooloff_complaint' WHERE customer_id = 'C3'")
    assert "C3" not in {e.customer_id for e in call_list(conn, "M1", NOW)}
    assert resting_counts(conn, "M1", NOW) == {"cooloff_complaint": 1}
    searched = left_out(conn, "M1", NOW, filters=CallListFilter(search="C3"))
    assert searched.resting == {"cooloff_complaint": 1} and searched.not_shown == []
    assert [(m.customer_id, m.reason) for m in searched.off_list] == [("C3", "cooloff_complaint")]


def test_an_erased_customers_visit_never_heads_it(conn):
    conn.execute("INSERT INTO erasures (erasure_id, customer_id, at, terminal_id, by_id)"
                 " VALUES ('E1', 'C2', '2026-03-01T09:00:00', 'T1', 'S1')")
    assert "C2" not in {e.customer_id for e in call_list(conn, "M1", NOW)}
    assert [(n.reason, n.count) for n in not_shown(conn, "M1", NOW, filters=CallListFilter(search="C2"))] == [
        ("erased", 1)]
