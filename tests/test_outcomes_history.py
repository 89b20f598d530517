"""Reading the log: a customer's history, the day's progress, daily counts and the day summary."""

from datetime import date

from factories import insert_outcome, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)

from workbench import outcomes


def test_history_newest_first_with_superseded_flagged(conn):
    first = insert_outcome(conn, "C1", "2026-11-18T10:00:00", "no_answer")
    wrong = insert_outcome(conn, "C1", "2026-11-19T10:00:00", "reached", business_outcome="complaint")
    fixed = insert_outcome(conn, "C1", "2026-11-19T10:00:00", "reached", business_outcome="interested", supersedes=wrong)
    insert_outcome(conn, "C2", "2026-11-20T10:00:00", "reached")
    records = outcomes.history(conn, "C1")
    assert [r.outcome_id for r in records][2] == first
    assert {r.outcome_id for r in records[:2]} == {wrong, fixed}
    by_id = {r.outcome_id: r for r in records}
    assert by_id[wrong].superseded and by_id[wrong].superseded_by == fixed
    assert not by_id[fixed].superseded and by_id[fixed].supersedes == wrong
    assert outcomes.history(conn, "nobody") == []


def day_of_calls(conn):
    insert_outcome(conn, "C1", "2026-11-20T09:10:00", "no_answer")
    insert_outcome(conn, "C1", "2026-11-20T14:00:00", "reached", business_outcome="interested", reason="no_need")
    insert_outcome(conn, "C2", "2026-11-20T10:00:00", "reached", business_outcome="not_interested", reason="competitor")
    wrong = insert_outcome(conn, "C3", "2026-11-20T11:00:00", "reached", business_outcome="appointment")
    insert_outcome(conn, "C3", "2026-11-20T11:00:00", "busy", supersedes=wrong)
    insert_outcome(conn, "C4", "2026-11-20T11:00:00", "reached", business_outcome="reactivated", manager_id="M2")
    insert_outcome(conn, "C1", "2026-11-19T23:59:59", "reached", business_outcome="interested")
    insert_outcome(conn, "C1", "2026-11-21T00:00:00", "reached", business_outcome="interested")


def test_day_progress_counts_customers_not_dials(conn):
    day_of_calls(conn)
    assert outcomes.day_progress(conn, "M1", date(2026, 11, 20), 40) == outcomes.Progress(3, 2, 1, 40)
    assert outcomes.day_progress(conn, "M2", date(2026, 11, 20), 10) == outcomes.Progress(1, 1, 1, 10)
    assert outcomes.day_progress(conn, "M1", date(2026, 11, 22), 40) == outcomes.Progress(0, 0, 0, 40)


def test_day_summary_per_manager(conn):
    day_of_calls(conn)
    m1, m2 = outcomes.day_summary(conn, date(2026, 11, 20))
    assert (m1.manager_id, m1.customers, m1.reached) == ("M1", 3, 2)
    assert m1.outcomes == {"interested": 1, "not_interested": 1}
    assert m1.reasons == {"no_need": 1, "competitor": 1}
    assert (m2.manager_id, m2.name, m2.outcomes) == ("M2", "Staff M2", {"reactivated": 1})
    assert [m.manager_id for m in outcomes.day_summary(conn, date(2026, 11, 20), manager_id="M2")] == ["M2"]
    assert outcomes.day_summary(conn, date(2026, 11, 22)) == []
