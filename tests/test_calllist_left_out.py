"""calllist.left_out: what the call list's worker reads once a search's first page is shown (the resting counts, how
many matches the list never shows and the first of those off it, one by one) from one read of the customers the search
matches, each as resting_counts, not_shown and off_list say it."""

import datetime as dt

import pytest

from engine_rows import TODAY, add_branch, add_customer, add_followup, add_staff, set_contact
from test_calllist_search_off_list import searched_branch
from workbench import followups
from workbench.calllist import BOOKED, CallListFilter, LeftOut, NotShown, call_list, left_out, resting_counts
from workbench.scoring import rescore

NOW = dt.datetime(2026, 3, 10, 10, 0)


@pytest.fixture
def varied(fresh_db):
    """searched_branch's customers, C0 booked for a later day too (its follow-up due today lists them), and M1's
    customers C900 (resting) and C901 (booked) of another branch, B2."""
    conn = searched_branch(fresh_db.conn)
    add_branch(conn, "B2", "城西支行")
    add_staff(conn, "M3", "周经理", branch_id="B2")
    for cid in ("C900", "C901"):
        add_customer(conn, cid, name="客户", branch_id="B2", last_activity_on="2024-06-01")
    rescore(conn, TODAY)
    add_followup(conn, "F901", "C901", "2026-03-12", slot="09:30")
    add_followup(conn, "F0b", "C0", "2026-03-12")
    set_contact(conn, "C900", last_contact_at="2026-03-09T11:00:00", attempts_on=["2026-03-09"],
                blocked_until="2026-04-08T11:00:00")
    conn.execute("UPDATE contact_state SET block_reason = 'cooloff_not_interested' WHERE customer_id = 'C900'")
    return conn


@pytest.mark.parametrize("text", ["C", "C1", "C2", "8", "客户"])
@pytest.mark.parametrize("by_manager", [False, True])
@pytest.mark.parametrize("follow_ups_only", [False, True])
def test_one_read_of_a_searchs_matches_says_what_the_three_say(varied, text, by_manager, follow_ups_only):
    flt = CallListFilter(search=text, follow_ups_only=follow_ups_only)
    said = []
    varied.set_trace_callback(said.append)
    out = left_out(varied, "M1", NOW, filters=flt, by_manager=by_manager, limit=10)
    varied.set_trace_callback(None)
    assert sum(" LIKE " in sql for sql in said) == 1   # the search's matches are read once
    assert out.resting == resting_counts(varied, "M1", NOW, filters=flt)
    assert list(out.resting) == list(resting_counts(varied, "M1", NOW, filters=flt))   # in its order


# What a search for "C2" matches that the list never shows, (reason, count, whose), and the first ten off the list,
# (id, reason), by (by_manager, follow_ups_only): the fixture's customers, as searched_branch and varied make them.
C2_LEFT_OUT = {
    (False, False): ([("inactive", 11, None), ("other_manager", 11, None), ("pool", 11, None), ("do_not_call", 2, None),
                      ("number_unusable", 11, None)],
                     [("C217", "booked"), ("C238", "booked"), ("C28", "booked"), ("C280", "booked"), ("C212", "retry"),
                      ("C232", "retry"), ("C252", "retry"), ("C272", "retry"), ("C292", "retry"),
                      ("C216", "cooloff_complaint")]),
    (False, True): ([("inactive", 1, None), ("number_unusable", 1, None)],
                    [("C252", "retry"), ("C294", "inactive"), ("C273", "number_unusable")]),
    (True, False): ([("inactive", 11, None), ("other_manager", 11, "M2"), ("pool", 11, None), ("do_not_call", 2, None),
                     ("number_unusable", 11, None)],
                    [("C217", "booked"), ("C238", "booked"), ("C28", "booked"), ("C280", "booked"), ("C212", "retry"),
                     ("C232", "retry"), ("C252", "retry"), ("C272", "retry"), ("C292", "retry"),
                     ("C216", "cooloff_complaint")]),
    (True, True): ([("inactive", 1, None), ("number_unusable", 1, None)],
                   [("C252", "retry"), ("C294", "inactive"), ("C273", "number_unusable")]),
}


@pytest.mark.parametrize(("by_manager", "follow_ups_only"), list(C2_LEFT_OUT))
def test_what_a_search_leaves_out_is_said_reason_by_reason_and_one_by_one(varied, by_manager, follow_ups_only):
    flt = CallListFilter(search="C2", follow_ups_only=follow_ups_only)
    out = left_out(varied, "M1", NOW, filters=flt, by_manager=by_manager, limit=10)
    said = ([(n.reason, n.count, n.manager_id) for n in out.not_shown], [(m.customer_id, m.reason) for m in out.off_list])
    assert said == C2_LEFT_OUT[by_manager, follow_ups_only]


def test_the_managers_own_of_another_branch_are_counted_as_resting_counts_counts_them_not_named(varied):
    """M1's customers of branch B2 are on M1's list and rest on it, as resting_counts says; what the search finds
    one by one and what it says the list never shows are of M1's branch."""
    out = left_out(varied, "M1", NOW, filters=CallListFilter(search="C90"), by_manager=True)
    assert out.resting == resting_counts(varied, "M1", NOW, filters=CallListFilter(search="C90"))
    assert out.resting["cooloff_not_interested"] >= 1 and out.resting[BOOKED] >= 1
    assert {"C900", "C901"}.isdisjoint(m.customer_id for m in out.off_list)
    alone = left_out(varied, "M1", NOW, filters=CallListFilter(search="C900"), by_manager=True)
    assert alone == LeftOut({"cooloff_not_interested": 1}, [], [])
    assert left_out(varied, "M1", NOW, filters=CallListFilter(search="C901")) == LeftOut({BOOKED: 1}, [], [])


def test_the_first_off_the_list_in_their_order_and_each_read_as_off_list_reads_them(varied):
    out = left_out(varied, "M1", NOW, filters=CallListFilter(search="C"), by_manager=True, limit=400)
    first = left_out(varied, "M1", NOW, filters=CallListFilter(search="C"), by_manager=True, limit=7)
    assert first.off_list == out.off_list[:7] and first.resting == out.resting and first.not_shown == out.not_shown
    booked = [m for m in out.off_list if m.reason == BOOKED]
    assert booked and out.off_list[:len(booked)] == booked and all(m.until > NOW.date().isoformat() for m in booked)
    assert [m.reason for m in out.off_list][-1] == "pool"
    listed = {e.customer_id for e in call_list(varied, "M1", NOW, filters=CallListFilter(search="C"))}
    assert "C0" in listed and listed.isdisjoint(m.customer_id for m in out.off_list)


def test_without_a_search_the_resting_counts_alone(varied):
    for flt in (None, CallListFilter(), CallListFilter(search="  "), CallListFilter(follow_ups_only=True)):
        assert left_out(varied, "M1", NOW, filters=flt, by_manager=True) == LeftOut(
            resting_counts(varied, "M1", NOW, filters=flt))


def test_a_customer_an_erasure_entry_held_here_names_is_erased_to_the_list_as_to_booking(varied):
    """The list's reasons and booking read one block (rules.MARKETING_BLOCK): a customer an erasure entry held here
    names is erased to both, whatever their row says."""
    varied.execute("INSERT INTO erasures (erasure_id, customer_id, at, terminal_id, by_id)"
                   " VALUES ('E1', 'C298', '2026-03-01T09:00:00', 'T1', 'S1')")
    assert left_out(varied, "M1", NOW, filters=CallListFilter(search="C298")).not_shown == [NotShown("erased", 1)]
    assert followups.marketing_block(varied, "C298") == "erased"
