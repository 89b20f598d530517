"""Outcomes as the call list sees them: the contact rules hide, the kept promise returns."""

from datetime import date, datetime

import pytest
from factories import seed_branch

from workbench.calllist import call_list
from workbench.outcomes import FollowUpRequest, log_outcome
from workbench.scoring import rescore


@pytest.fixture
def conn(fresh_db):
    seed_branch(fresh_db)
    rescore(fresh_db.conn, date(2026, 11, 20))
    return fresh_db.conn


def listed(conn, at):
    return [(e.customer_id, e.is_follow_up) for e in call_list(conn, "M1", at)]


def test_unanswered_callback_is_hidden_four_hours_then_first_again(conn):
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", at=datetime(2026, 11, 19, 10),
                business_outcome="call_back", follow_up=FollowUpRequest(date(2026, 11, 20), "10:00"))
    assert listed(conn, datetime(2026, 11, 20, 9, 30))[0] == ("C1", True)
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="no_answer", at=datetime(2026, 11, 20, 10, 5))
    assert "C1" not in [c for c, _f in listed(conn, datetime(2026, 11, 20, 14, 0))]
    assert listed(conn, datetime(2026, 11, 20, 14, 5))[0] == ("C1", True)
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", at=datetime(2026, 11, 20, 14, 10),
                business_outcome="interested")
    assert ("C1", True) not in listed(conn, datetime(2026, 11, 20, 14, 20))


def test_cooloff_and_do_not_call_leave_the_list(conn):
    log_outcome(conn, customer_id="C2", manager_id="M1", line_result="reached", at=datetime(2026, 11, 20, 10),
                business_outcome="not_interested")
    log_outcome(conn, customer_id="C3", manager_id="M1", line_result="reached", at=datetime(2026, 11, 20, 10),
                business_outcome="do_not_call")
    assert [c for c, _f in listed(conn, datetime(2026, 11, 20, 11))] == ["C1"]
    assert sorted(c for c, _f in listed(conn, datetime(2026, 12, 20, 10))) == ["C1", "C2"]
