"""Confirmed reactivations: activity in a newer extract after a logged 'reached' call, within the window."""

from __future__ import annotations

from datetime import date

from sync_data import add_outcome, seed_branch
from workbench.settings import set_setting
from workbench.sync.reactivation import confirm_reactivations


def _activity(conn, customer_id, day):
    conn.execute("UPDATE customers SET last_activity_on = ? WHERE customer_id = ?", (day, customer_id))


def test_activity_after_a_reached_call_confirms_that_call(fresh_db):
    conn = fresh_db.conn
    seed_branch(conn)
    early = add_outcome(conn, "C000", "2026-10-01T10:00:00")
    late = add_outcome(conn, "C000", "2026-10-20T10:00:00")
    add_outcome(conn, "C000", "2026-10-25T10:00:00", line_result="no_answer")   # not reached: never credited
    _activity(conn, "C000", "2026-11-05")
    found = confirm_reactivations(conn, 30, today=date(2026, 11, 10))
    assert [(r.outcome_id, r.activity_on, r.confirmed_on) for r in found] == [(late, "2026-11-05", "2026-11-10")]
    assert early not in {r[0] for r in conn.execute("SELECT outcome_id FROM reactivations")}
    # Running again (the next extract) adds nothing twice.
    assert confirm_reactivations(conn, 30, today=date(2026, 11, 11)) == []
    assert conn.execute("SELECT count(*) FROM reactivations").fetchone()[0] == 1


def test_window_edges_and_activity_before_the_call(fresh_db):
    conn = fresh_db.conn
    seed_branch(conn)
    on_edge = add_outcome(conn, "C000", "2026-10-01T17:00:00")
    _activity(conn, "C000", "2026-10-31")                  # exactly 30 days later: inside
    add_outcome(conn, "C001", "2026-10-01T10:00:00")
    _activity(conn, "C001", "2026-11-01")                  # 31 days: outside
    same_day = add_outcome(conn, "C002", "2026-10-01T09:00:00")
    _activity(conn, "C002", "2026-10-01")                  # came in the same afternoon: counts
    add_outcome(conn, "C003", "2026-10-10T10:00:00")
    _activity(conn, "C003", "2026-10-05")                  # activity before our call: not ours
    found = {r.outcome_id for r in confirm_reactivations(conn, 30, today=date(2026, 11, 2))}
    assert found == {on_edge, same_day}


def test_window_comes_from_settings_and_corrected_calls_do_not_count(fresh_db):
    conn = fresh_db.conn
    seed_branch(conn)
    first = add_outcome(conn, "C000", "2026-10-01T10:00:00")
    add_outcome(conn, "C000", "2026-10-01T10:05:00", line_result="wrong_person", supersedes=first)
    ok = add_outcome(conn, "C001", "2026-10-01T10:00:00")
    _activity(conn, "C000", "2026-10-20")
    _activity(conn, "C001", "2026-10-20")
    set_setting(conn, "sync.reactivation_window_days", 10)
    assert confirm_reactivations(conn, today=date(2026, 10, 21)) == []
    set_setting(conn, "sync.reactivation_window_days", 30)
    conn.execute("INSERT INTO import_log (kind, file_name, sha256, imported_at) VALUES ('customers', 'x.csv', 'h', "
                 "'2026-10-21T08:00:00')")
    found = confirm_reactivations(conn)   # confirmed on the day the extract arrived
    assert [(r.outcome_id, r.confirmed_on) for r in found] == [(ok, "2026-10-21")]


def _segment(conn, customer_id, segment):
    conn.execute("UPDATE customers SET segment = ? WHERE customer_id = ?", (segment, customer_id))


def test_only_a_call_made_while_the_customer_was_dormant_is_confirmed(fresh_db):
    conn = fresh_db.conn
    seed_branch(conn)
    for customer_id, segment in (("C000", "active"), ("C001", "new_customer"), ("C002", "downgraded"),
                                 ("C003", "unconverted_prospect"), ("C004", "low_value_dormant")):
        _segment(conn, customer_id, segment)
    called = {customer_id: add_outcome(conn, customer_id, "2026-10-10T10:00:00")
              for customer_id in ("C000", "C001", "C002", "C003", "C004")}
    _segment(conn, "C004", "active")                  # rescored awake after the call: the call's segment counts
    asleep = add_outcome(conn, "C005", "2026-10-08T10:00:00")   # low-value dormant then ...
    _segment(conn, "C005", "active")
    add_outcome(conn, "C005", "2026-10-12T10:00:00")  # ... and awake at the later call: the earlier one is credited
    for customer_id in ("C000", "C001", "C002", "C003", "C004", "C005"):
        _activity(conn, customer_id, "2026-10-20")
    found = {r.customer_id: r.outcome_id for r in confirm_reactivations(conn, 30, today=date(2026, 10, 21))}
    assert found == {"C002": called["C002"], "C003": called["C003"], "C004": called["C004"], "C005": asleep}
