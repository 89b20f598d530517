"""The priority's penalty for recent attempts counts the calls the contact budget counts: those made since the
customer last asked for the next contact (a call back, interest, an appointment), not the ones before the request.
Migration 137 brings the attempt days stored under the old count to it. Real database files, the real log."""

import sqlite3
from contextlib import closing

from factories import seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)
from test_rules_attempts import attempts_shown, log

from workbench.db import open_db
from workbench.rules import refresh_contact_state


def _days(conn, cid="C1"):
    return conn.execute("SELECT recent_attempt_days FROM contact_state WHERE customer_id = ?", (cid,)).fetchone()[0]


def test_calls_before_the_customers_request_cost_no_priority(conn):
    log(conn, "2026-11-16T10:00", result="no_answer", outcome=None)
    log(conn, "2026-11-16T15:00", result="no_answer", outcome=None)
    assert attempts_shown(conn, "2026-11-17") == -20.0
    log(conn, "2026-11-17T10:00", outcome="call_back")   # reached: "call me back on Thursday"
    assert _days(conn) == "[]"
    assert attempts_shown(conn, "2026-11-18") == 0.0   # was -30: "3 attempts in the last 7 days"
    log(conn, "2026-11-19T10:00", result="no_answer", outcome=None)   # the callback, unanswered: an attempt again
    assert attempts_shown(conn, "2026-11-20") == -10.0


def test_a_visit_in_which_the_customer_is_interested_restarts_the_count_too(conn):
    log(conn, "2026-11-16T10:00", result="no_answer", outcome=None)
    log(conn, "2026-11-17T10:00", outcome="interested", channel="visit")
    assert attempts_shown(conn, "2026-11-18") == 0.0
    log(conn, "2026-11-18T11:00", result="no_answer", outcome=None)
    log(conn, "2026-11-18T10:30", outcome="reactivated")   # no request: a call like any
    assert attempts_shown(conn, "2026-11-19") == -20.0


def test_migration_137_counts_the_stored_days_since_the_request_and_asks_for_a_rescore(conn, db_path):
    log(conn, "2026-11-16T10:00", result="no_answer", outcome=None)
    log(conn, "2026-11-17T10:00", outcome="call_back")
    log(conn, "2026-11-18T10:00", result="no_answer", outcome=None)
    log(conn, "2026-11-16T10:00", result="no_answer", outcome=None, cid="C2")   # no request: left as it is
    log(conn, "2026-11-17T10:00", outcome="reactivated", cid="C2")
    log(conn, "2026-11-17T10:00", outcome="interested", channel="visit", cid="C3")   # no call at all
    afresh = [_days(conn, cid) for cid in ("C1", "C2", "C3")]
    assert afresh == ['["2026-11-18"]', '["2026-11-16", "2026-11-17"]', None]
    with conn:   # as the old count stored them: every call of the last seven days
        conn.execute("UPDATE contact_state SET recent_attempt_days = '[\"2026-11-16\", \"2026-11-17\", \"2026-11-18\"]'"
                     " WHERE customer_id = 'C1'")
        conn.execute("UPDATE customers SET score_digest = 7, scored_on = '2026-11-18', scores_due_on = '2026-11-25'")
        conn.execute("DELETE FROM schema_migrations WHERE version = 137")
    open_db(db_path).close()
    with closing(sqlite3.connect(db_path)) as migrated:
        assert [_days(migrated, cid) for cid in ("C1", "C2", "C3")] == afresh
        assert migrated.execute("SELECT customer_id FROM customers WHERE scored_on IS NULL AND score_digest IS NULL"
                                " AND scores_due_on IS NULL").fetchall() == [("C1",)]
        refresh_contact_state(migrated, None)   # what the rules fold afresh
        assert [_days(migrated, cid) for cid in ("C1", "C2", "C3")] == afresh
