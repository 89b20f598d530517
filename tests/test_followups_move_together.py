"""Several follow-ups moved to one day together (a manager back from two days off with a dozen overdue): in one
transaction, each keeping its time of day and held to the checks a single move is; one refused is left where it is
with the sentence saying why, the others move."""

from datetime import date, datetime

import pytest
from factories import seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)

from workbench import followups
from workbench.outcomes import log_outcome

BOOKED = datetime(2026, 11, 17, 16, 0)
NOW = datetime(2026, 11, 20, 9, 0)   # back on Friday: the 18th's and 19th's are overdue


def overdue(conn) -> list[str]:
    return [followups.schedule(conn, customer_id=cid, owner_id="M1", due_on=day, slot=slot, at=BOOKED,
                               purpose="call_back")
            for cid, day, slot in (("C1", "2026-11-18", "10:00"), ("C2", "2026-11-18", None),
                                   ("C3", "2026-11-19", "15:30"))]


def when(conn, fid) -> tuple:
    item = followups.get(conn, fid)
    return item.due_on.isoformat(), item.slot, item.status


def test_each_moves_keeping_its_time_and_one_the_rules_refuse_stays_with_why(conn):
    first, resting, third = overdue(conn)
    # C2 replied to an SMS that they are not interested (a reply closes no call): a month's rest, no call on the 23rd.
    log_outcome(conn, customer_id="C2", manager_id="M1", channel="sms", line_result="reached",
                business_outcome="not_interested", at=datetime(2026, 11, 19, 11, 0))
    before = when(conn, resting)
    moved, refused = followups.reschedule_all(conn, [first, resting, third], due_on=date(2026, 11, 23), at=NOW,
                                              by_id="M1")
    assert moved == [first, third]
    assert list(refused) == [resting] and "not interested" in refused[resting]
    assert when(conn, first) == ("2026-11-23", "10:00", "rescheduled")
    assert when(conn, third) == ("2026-11-23", "15:30", "rescheduled")
    assert when(conn, resting) == before


def test_a_new_time_given_is_every_one_s(conn):
    ids = overdue(conn)
    moved, refused = followups.reschedule_all(conn, ids, due_on="2026-11-23", slot="14:00", at=NOW, by_id="M1")
    assert (moved, refused) == (ids, {})
    assert {when(conn, fid)[:2] for fid in ids} == {("2026-11-23", "14:00")}


def test_one_closed_meanwhile_is_said_and_the_others_move(conn):
    first, second, third = overdue(conn)
    followups.complete(conn, second, at=NOW, by_id="M1")   # on another terminal, say
    moved, refused = followups.reschedule_all(conn, [first, second, third], due_on="2026-11-23", at=NOW)
    assert moved == [first, third] and refused == {second: f"Follow-up {second[:8]} was already done."}


def test_they_move_in_one_transaction_and_a_failure_moves_none(conn, monkeypatch):
    ids = overdue(conn)
    began = []
    conn.set_trace_callback(lambda sql: sql.startswith("BEGIN") and began.append(sql))
    followups.reschedule_all(conn, ids, due_on="2026-11-23", at=NOW)
    assert began == ["BEGIN IMMEDIATE"]
    conn.set_trace_callback(None)
    real, calls = followups.reschedule, []

    def breaks_on_the_third(conn, followup_id, **kwargs):   # not a refusal: the disk, say
        calls.append(followup_id)
        if len(calls) == 3:
            raise OSError("disk I/O error")
        return real(conn, followup_id, **kwargs)

    monkeypatch.setattr(followups, "reschedule", breaks_on_the_third)
    with pytest.raises(OSError):
        followups.reschedule_all(conn, ids, due_on="2026-11-25", at=NOW)
    assert {when(conn, fid)[0] for fid in ids} == {"2026-11-23"}   # the first two's moves rolled back
