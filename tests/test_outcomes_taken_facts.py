"""What a contact logged on a customer taken from the caller leaves to say (outcomes.taken_facts), for the CLI's note
and the outcome form alike: whose the customer is now and since when, and whose the booked follow-up is, as stored."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from factories import seed_branch

from tui_fixtures import NOW
from workbench import followups
from workbench.handover import hand_over
from workbench.outcomes import FollowUpRequest, TakenFacts, log_outcome, taken_facts
from workbench.screens.outcome_form import taken_said

LATER = datetime(2026, 11, 20, 10, 20)


@pytest.fixture
def conn(fresh_db):
    seed_branch(fresh_db)   # C1-C3 are M1's, C4 M2's; S1 supervises
    return fresh_db.conn


def _log(conn, customer: str, *, booked: bool = True):
    return log_outcome(conn, customer_id=customer, manager_id="M1", line_result="reached", at=LATER,
                       business_outcome="call_back", follow_up=FollowUpRequest(date(2026, 11, 23)) if booked else None)


def test_a_customer_handed_to_a_manager_and_the_follow_up_theirs(conn):
    followups.reassign_customer(conn, "C1", "M2", at=NOW, by_id="S1")
    logged = _log(conn, "C1")
    assert taken_facts(conn, logged) == TakenFacts(NOW, "M2", "Staff M2", "M2", "Staff M2")
    assert taken_said(conn, logged) == ("Saved. The customer was handed to Staff M2 (M2) at 11-20 10:00. The follow-up"
                                        " you booked is theirs.")


def test_a_customer_sent_to_the_pool_the_follow_up_the_supervisors_who_sent_them(conn):
    hand_over(conn, "M1", None, at=NOW, by_id="S1")
    logged = _log(conn, "C2")
    assert taken_facts(conn, logged) == TakenFacts(NOW, None, None, "S1", "Staff S1")
    assert taken_said(conn, logged) == ("Saved. The customer was put in the unassigned pool at 11-20 10:00. The"
                                        " follow-up you booked went to Staff S1, who put them there.")


def test_nothing_booked_names_no_owner(conn):
    followups.reassign_customer(conn, "C1", "M2", at=NOW, by_id="S1")
    logged = _log(conn, "C1", booked=False)
    assert taken_facts(conn, logged) == TakenFacts(NOW, "M2", "Staff M2", None, None)
    assert taken_said(conn, logged) == "Saved. The customer was handed to Staff M2 (M2) at 11-20 10:00."


def test_the_owner_is_the_one_stored_not_worked_out_again(conn):
    """The new manager left before handing the customer on: log_outcome gives the follow-up to the caller."""
    followups.reassign_customer(conn, "C1", "M2", at=NOW, by_id="S1")
    conn.execute("UPDATE staff SET active = 0 WHERE staff_id = 'M2'")
    logged = _log(conn, "C1")
    assert logged.left_by == "M2" and followups.get(conn, logged.followup_id).owner_id == "M1"
    assert taken_facts(conn, logged) == TakenFacts(NOW, "M2", "Staff M2", "M1", "Staff M1")
    assert taken_said(conn, logged) == ("Saved. The customer was handed to Staff M2 (M2) at 11-20 10:00. The follow-up"
                                        " you booked stays yours.")
