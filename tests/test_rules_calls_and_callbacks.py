"""The contact budget and the retry delay count calls alone, from the customer's latest request for the next contact
on (t2 F6): a message logged counts as the same message sent from the agenda's batch does, for nothing, and a callback
the customer asked for is never refused by the budget. Real database files, the real CLI."""

import json
import sqlite3
from contextlib import closing
from datetime import datetime

from factories import add_customer, add_holding, seed_branch, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)

from workbench import followups
from workbench.db import open_db
from workbench.outcomes import log_outcome
from workbench.rules import Entry, contact_state_for
from workbench.settings import DEFAULTS


def entry(at: str, channel: str = "phone", result: str = "no_answer", outcome: str | None = None) -> Entry:
    return Entry(datetime.fromisoformat(at), channel, result, outcome)


def blocked(entries: list[Entry]) -> tuple:
    state = contact_state_for(entries, DEFAULTS)
    return state["blocked_until"], state["block_reason"], json.loads(state["recent_attempt_days"] or "null")


def test_a_message_is_no_attempt_against_the_budget_nor_the_retry_delay():
    calls = [entry("2027-02-01T10:00"), entry("2027-02-01T15:00")]
    # Two unanswered calls that day: the next try tomorrow at the start of the call window.
    assert blocked(calls) == ("2027-02-02T09:00:00", "retry", ["2027-02-01", "2027-02-01"])
    for channel in ("sms", "wechat"):
        sent = calls + [entry("2027-02-02T09:40", channel)]
        assert blocked(sent) == blocked(calls), channel   # was: the budget, until 2027-02-08 10:00
    # A third call is the third attempt.
    assert blocked(calls + [entry("2027-02-02T09:40")])[:2] == ("2027-02-08T10:00:00", "budget")


def test_the_count_starts_again_when_the_customer_asks_for_the_next_contact():
    tried = [entry("2027-02-01T10:00"), entry("2027-02-01T15:00")]
    for outcome in ("call_back", "interested", "appointment"):
        asked = tried + [entry("2027-02-04T10:00", result="reached", outcome=outcome)]
        assert blocked(asked) == (None, None, []), outcome   # the priority's penalty counts as the budget does
    # Another reached outcome is a call like any: the third in seven days.
    assert blocked(tried + [entry("2027-02-04T10:00", result="reached", outcome="reactivated")])[:2] == (
        "2027-02-08T10:00:00", "budget")
    # At the limit, the customer rings in by WeChat and asks to be called back: nothing holds the call back.
    limit = tried + [entry("2027-02-02T10:00")]
    rang_in = limit + [entry("2027-02-03T11:00", "wechat", "reached", "call_back")]
    assert blocked(limit)[:2] == ("2027-02-08T10:00:00", "budget") and blocked(rang_in)[:2] == (None, None)
    # From the request on the budget counts again: three unanswered calls after it rest the customer.
    again = rang_in + [entry("2027-02-04T10:00"), entry("2027-02-05T10:00"), entry("2027-02-06T10:00")]
    assert blocked(again)[:2] == ("2027-02-11T10:00:00", "budget")
    # A rest after "not interested" is no request: it holds whatever came before.
    assert blocked(rang_in + [entry("2027-02-04T10:00", result="reached", outcome="not_interested")])[1] == (
        "cooloff_not_interested")


def _two_calls(conn, cid: str = "C1") -> None:
    for at in ("2027-02-01T10:00:00", "2027-02-01T15:00:00"):
        log_outcome(conn, customer_id=cid, manager_id="M1", line_result="no_answer", at=datetime.fromisoformat(at))


def _state(conn, cid: str) -> tuple:
    return conn.execute("SELECT blocked_until, block_reason, recent_attempt_days FROM contact_state"
                        " WHERE customer_id = ?", (cid,)).fetchone()


def test_an_sms_logged_and_one_marked_sent_from_the_agenda_leave_the_same_rules_behind(conn):
    _two_calls(conn, "C1")
    _two_calls(conn, "C2")
    at = datetime(2027, 2, 2, 9, 40)
    log_outcome(conn, customer_id="C1", manager_id="M1", channel="sms", line_result="no_answer", at=at,
                note="开门红双倍积分短信")
    sms = followups.schedule(conn, customer_id="C2", owner_id="M1", due_on="2027-02-02", at=at, channel="sms",
                             purpose="care_sms")
    assert followups.complete_all(conn, [sms], at=at) == 1
    assert _state(conn, "C1") == _state(conn, "C2") == ("2027-02-02T09:00:00", "retry", '["2027-02-01", "2027-02-01"]')


def test_the_testers_roll_over_is_not_pushed_and_the_callback_asked_for_is_booked(cli, db_path):
    """孙勇国's week before the Spring Festival: 季季享理财 matures on 2027-02-08 (初三)."""
    db = open_db(db_path)
    seed_branch(db)
    db.conn.execute("UPDATE customers SET aum_fen = 80000000 WHERE customer_id = 'C1'")   # 80万: greeted at 春节
    add_holding(db.conn, "C1", product_type="wealth", product_name="季季享理财", maturity_on="2027-02-08")
    db.close()
    run = ("--db", str(db_path), "--user", "M1")
    for now in ("2027-02-01T10:00", "2027-02-01T15:00"):
        assert cli(*run, "--now", now, "log", "--customer", "C1", "--result", "no_answer").exit_code == 0
    assert cli(*run, "--now", "2027-02-02T09:40", "log", "--customer", "C1", "--channel", "sms", "--result",
               "no_answer", "--note", "开门红双倍积分短信").exit_code == 0
    shown = json.loads(cli(*run, "--now", "2027-02-02T09:50", "followups", "--suggest", "--json").stdout)
    assert [(s["kind"], s["due_on"]) for s in shown["suggestions"] if s["customer_id"] == "C1"] == [
        ("maturity", "2027-02-02"), ("festival", "2027-02-05")]   # was: the roll-over on 02-08, no greeting
    asked = cli(*run, "--now", "2027-02-04T10:00", "log", "--customer", "C1", "--result", "reached", "--outcome",
                "call_back", "--follow-up", "2027-02-05")
    assert asked.exit_code == 0, asked.stderr   # was refused: "… before 2027-02-08 (contact budget) …"
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT due_on, status FROM followups WHERE customer_id = 'C1' AND purpose = 'call_back'"
                            ).fetchall() == [("2027-02-05", "open")]
        assert _state(conn, "C1")[:2] == (None, None)


def test_migration_133_folds_the_blocks_the_old_rule_stored(db_path):
    db = open_db(db_path)
    seed_branch(db)
    _two_calls(db.conn, "C1")
    log_outcome(db.conn, customer_id="C1", manager_id="M1", channel="wechat", line_result="no_answer",
                at=datetime(2027, 2, 2, 9, 40))
    add_customer(db, "C9")
    _two_calls(db.conn, "C9")
    afresh = _state(db.conn, "C1"), _state(db.conn, "C9")
    with db.conn:   # what the old rule stored: the WeChat counted, the third attempt in seven days
        db.conn.execute("UPDATE contact_state SET blocked_until = '2027-02-08T10:00:00', block_reason = 'budget',"
                        " recent_attempt_days = '[\"2027-02-01\", \"2027-02-01\", \"2027-02-02\"]'"
                        " WHERE customer_id = 'C1'")
        db.conn.execute("UPDATE customers SET score_digest = 7, scored_on = '2027-02-02'")
        db.conn.execute("DELETE FROM schema_migrations WHERE version = 133")
    db.close()
    db = open_db(db_path)
    try:
        assert (_state(db.conn, "C1"), _state(db.conn, "C9")) == afresh
        assert db.conn.execute("SELECT customer_id FROM customers WHERE scored_on IS NULL").fetchall() == [("C1",)]
    finally:
        db.close()
