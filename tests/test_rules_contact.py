"""The contact rules folded from the outcome log, each with an injected clock."""

import json
from datetime import datetime, time

import pytest
from factories import add_branch, add_customer, add_staff, insert_outcome, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)

from workbench.rules import contact_state_for, in_call_window, refresh_contact_state
from workbench.settings import DEFAULTS, load_settings, set_setting


def state(conn, cid="C1"):
    row = conn.execute(
        "SELECT last_contact_at, last_reached_at, last_line_result, last_outcome, contacts_total, recent_attempt_days,"
        " blocked_until, block_reason FROM contact_state WHERE customer_id = ?", (cid,)
    ).fetchone()
    keys = ("last_contact_at", "last_reached_at", "last_line_result", "last_outcome", "contacts_total",
            "recent_attempt_days", "blocked_until", "block_reason")
    return dict(zip(keys, row[:5] + (json.loads(row[5] or "null"),) + row[6:])) if row else None


def log(conn, at, result="no_answer", outcome=None, cid="C1", **kw):
    oid = insert_outcome(conn, cid, at, result, business_outcome=outcome, **kw)
    refresh_contact_state(conn, [cid])
    return oid


def test_first_no_answer_blocks_four_hours(conn):
    log(conn, "2026-11-20T10:15:00")
    s = state(conn)
    assert s["blocked_until"] == "2026-11-20T14:15:00" and s["block_reason"] == "retry"
    assert s["last_line_result"] == "no_answer" and s["last_reached_at"] is None
    assert s["contacts_total"] == 1 and s["recent_attempt_days"] == ["2026-11-20"]


@pytest.mark.parametrize("result", ["busy", "phone_off"])
def test_busy_and_phone_off_also_retry(conn, result):
    log(conn, "2026-11-20T10:00:00", result)
    assert state(conn)["blocked_until"] == "2026-11-20T14:00:00"


def test_second_unanswered_same_day_waits_for_next_window_start(conn):
    log(conn, "2026-11-20T10:00:00")
    log(conn, "2026-11-20T15:00:00", "busy")
    s = state(conn)
    assert s["blocked_until"] == "2026-11-21T09:00:00" and s["block_reason"] == "retry"


def test_unanswered_on_consecutive_days_counts_per_day(conn):
    log(conn, "2026-11-19T16:00:00")
    log(conn, "2026-11-20T10:00:00")
    assert state(conn)["blocked_until"] == "2026-11-20T14:00:00"


def test_retry_hours_and_window_come_from_branch_settings(conn):
    set_setting(conn, "contact.retry_no_answer_hours", 2, scope="B1")
    set_setting(conn, "contact.window_start", "08:30", scope="B1")
    log(conn, "2026-11-20T10:00:00")
    assert state(conn)["blocked_until"] == "2026-11-20T12:00:00"
    log(conn, "2026-11-20T12:30:00")
    assert state(conn)["blocked_until"] == "2026-11-21T08:30:00"


def test_reached_call_clears_retry(conn):
    log(conn, "2026-11-20T10:00:00")
    log(conn, "2026-11-20T15:00:00", "reached", "interested")
    s = state(conn)
    assert s["blocked_until"] is None and s["block_reason"] is None
    assert s["last_reached_at"] == "2026-11-20T15:00:00" and s["last_outcome"] == "interested"


def test_budget_three_attempts_in_seven_days(conn):
    # Calls that reached the customer count too (a call back they asked for would start the count again)
    log(conn, "2026-11-16T10:00:00", "reached", "reactivated")
    log(conn, "2026-11-18T10:00:00", "reached", "reactivated")
    assert state(conn)["blocked_until"] is None
    log(conn, "2026-11-20T10:00:00", "reached", "reactivated")
    s = state(conn)
    # The oldest of the last three (16th, 10:00) plus seven days.
    assert s["blocked_until"] == "2026-11-23T10:00:00" and s["block_reason"] == "budget"
    assert s["recent_attempt_days"] == ["2026-11-16", "2026-11-18", "2026-11-20"]


def test_budget_only_counts_attempts_inside_the_window(conn):
    log(conn, "2026-11-10T10:00:00", "reached", "reactivated")
    log(conn, "2026-11-18T10:00:00", "reached", "reactivated")
    log(conn, "2026-11-20T10:00:00", "reached", "reactivated")
    s = state(conn)
    assert s["blocked_until"] is None and s["recent_attempt_days"] == ["2026-11-18", "2026-11-20"]
    assert s["contacts_total"] == 3


def test_budget_wins_over_a_shorter_retry(conn):
    log(conn, "2026-11-19T10:00:00")
    log(conn, "2026-11-19T14:00:00")
    log(conn, "2026-11-20T10:00:00")
    s = state(conn)
    assert s["blocked_until"] == "2026-11-26T10:00:00" and s["block_reason"] == "budget"


def test_budget_settings_per_branch(conn):
    set_setting(conn, "contact.budget_attempts", 2, scope="B1")
    log(conn, "2026-11-16T10:00:00", "reached", "reactivated")
    log(conn, "2026-11-18T10:00:00", "reached", "reactivated")
    assert state(conn)["blocked_until"] == "2026-11-23T10:00:00"


def test_visits_are_not_attempts(conn):
    for day in (16, 17, 18):
        log(conn, f"2026-11-{day}T10:00:00", "reached", "call_back", channel="visit")
    s = state(conn)
    assert s["blocked_until"] is None and s["recent_attempt_days"] is None and s["contacts_total"] == 3


def test_cooloff_not_interested_thirty_days(conn):
    log(conn, "2026-11-20T10:00:00", "reached", "not_interested")
    s = state(conn)
    assert s["blocked_until"] == "2026-12-20T10:00:00" and s["block_reason"] == "cooloff_not_interested"


def test_cooloff_complaint_ninety_days_survives_a_later_unanswered_call(conn):
    log(conn, "2026-11-01T10:00:00", "reached", "complaint")
    log(conn, "2026-11-20T10:00:00")
    s = state(conn)
    assert s["blocked_until"] == "2027-01-30T10:00:00" and s["block_reason"] == "cooloff_complaint"
    assert s["last_outcome"] == "complaint" and s["last_line_result"] == "no_answer"


def test_later_positive_outcome_ends_the_cooloff(conn):
    log(conn, "2026-11-01T10:00:00", "reached", "not_interested")
    log(conn, "2026-11-05T10:00:00", "reached", "interested", channel="visit")
    assert state(conn)["blocked_until"] is None


def test_superseded_entry_is_ignored(conn):
    wrong = log(conn, "2026-11-20T10:00:00", "reached", "complaint")
    assert state(conn)["block_reason"] == "cooloff_complaint"
    log(conn, "2026-11-20T10:00:00", "reached", "interested", supersedes=wrong)
    s = state(conn)
    assert s["blocked_until"] is None and s["last_outcome"] == "interested" and s["contacts_total"] == 1


def test_do_not_call_sets_the_flag(conn):
    log(conn, "2026-11-20T10:00:00", "reached", "do_not_call")
    assert conn.execute("SELECT do_not_call FROM customers WHERE customer_id = 'C1'").fetchone()[0] == 1
    assert conn.execute("SELECT do_not_call FROM customers WHERE customer_id = 'C2'").fetchone()[0] == 0


@pytest.mark.parametrize("result, words", [
    ("no_such_number", "Number does not exist"), ("suspended", "Suspended"), ("wrong_person", "Wrong person"),
])
def test_bad_number_marks_the_phone_and_a_correction_lifts_it(conn, result, words):
    wrong = log(conn, "2026-11-20T10:00:00", result)
    row = conn.execute("SELECT phone_valid, phone_problem FROM customers WHERE customer_id = 'C1'").fetchone()
    assert row == (0, f"Last call result: {words}")
    log(conn, "2026-11-20T10:00:00", "no_answer", supersedes=wrong)
    row = conn.execute("SELECT phone_valid, phone_problem FROM customers WHERE customer_id = 'C1'").fetchone()
    assert row == (1, None)


def test_bad_number_not_reapplied_after_the_number_changed(conn):
    insert_outcome(conn, "C1", "2026-11-20T10:00:00", "no_such_number")
    conn.execute("UPDATE customers SET phone_changed_at = '2026-11-21T08:00:00' WHERE customer_id = 'C1'")
    refresh_contact_state(conn, ["C1"])
    assert conn.execute("SELECT phone_valid FROM customers WHERE customer_id = 'C1'").fetchone()[0] == 1


def test_bad_number_applied_though_something_else_in_the_record_changed(conn):
    insert_outcome(conn, "C1", "2026-11-20T10:00:00", "no_such_number")
    conn.execute("UPDATE customers SET updated_at = '2026-11-21T08:00:00' WHERE customer_id = 'C1'")
    refresh_contact_state(conn, ["C1"])
    assert conn.execute("SELECT phone_valid FROM customers WHERE customer_id = 'C1'").fetchone()[0] == 0


def test_other_phone_problems_are_left_alone(conn):
    conn.execute("UPDATE customers SET phone_valid = 0, phone_problem = 'landline without area code' WHERE customer_id = 'C1'")
    log(conn, "2026-11-20T10:00:00", "reached", "interested")
    row = conn.execute("SELECT phone_valid, phone_problem FROM customers WHERE customer_id = 'C1'").fetchone()
    assert row == (0, "landline without area code")


def test_customer_without_entries_loses_stale_state(conn):
    log(conn, "2026-11-20T10:00:00")
    conn.execute("UPDATE contact_state SET contacts_total = 99")
    refresh_contact_state(conn, ["C1", "C2"])
    assert state(conn)["contacts_total"] == 1 and state(conn, "C2") is None


def test_refresh_all_matches_refresh_by_id(conn):
    for i, cid in enumerate(("C1", "C2", "C3", "C4")):
        insert_outcome(conn, cid, f"2026-11-2{i}T10:00:00", "no_answer")
    refresh_contact_state(conn, None)
    everything = conn.execute("SELECT * FROM contact_state ORDER BY customer_id").fetchall()
    conn.execute("DELETE FROM contact_state")
    refresh_contact_state(conn, ["C4", "C1", "C3", "C2", "C1"])
    assert conn.execute("SELECT * FROM contact_state ORDER BY customer_id").fetchall() == everything
    assert len(everything) == 4


def test_refresh_thousands_in_one_call(conn):
    for i in range(3000):
        add_customer(conn, f"X{i}")
        insert_outcome(conn, f"X{i}", f"2026-11-20T{9 + i % 10:02d}:00:00", "no_answer" if i % 2 else "reached")
    refresh_contact_state(conn, [f"X{i}" for i in range(3000)])
    assert conn.execute("SELECT count(*) FROM contact_state").fetchone()[0] == 3000
    assert conn.execute("SELECT count(*) FROM contact_state WHERE block_reason = 'retry'").fetchone()[0] == 1500


def test_explicit_settings_override_branch_settings(conn):
    add_branch(conn, "B2")
    add_staff(conn, "M9", branch_id="B2")
    add_customer(conn, "C9", manager_id="M9", branch_id="B2")
    insert_outcome(conn, "C9", "2026-11-20T10:00:00", "no_answer", manager_id="M9")
    settings = dict(DEFAULTS, **{"contact.retry_no_answer_hours": 1})
    refresh_contact_state(conn, ["C9"], settings)
    assert state(conn, "C9")["blocked_until"] == "2026-11-20T11:00:00"


def test_state_function_on_its_own():
    from workbench.rules import Entry

    entries = [Entry(datetime(2026, 11, 20, 10), "phone", "no_answer", None)]
    assert contact_state_for(entries, DEFAULTS)["blocked_until"] == "2026-11-20T14:00:00"


def test_call_window(fresh_db):
    settings = load_settings(fresh_db.conn)
    day = datetime(2026, 11, 20)
    assert not in_call_window(datetime.combine(day, time(8, 59)), settings)
    assert in_call_window(datetime.combine(day, time(9, 0)), settings)
    assert in_call_window(datetime.combine(day, time(19, 59, 59)), settings)
    assert not in_call_window(datetime.combine(day, time(20, 0)), settings)
    assert in_call_window(datetime.combine(day, time(7, 0)), dict(settings, **{"contact.window_start": "07:00"}))


def test_every_block_reason_has_its_rule_in_words():
    from workbench.rules import BLOCK_REASONS, BLOCK_RULES

    assert list(BLOCK_RULES) == list(BLOCK_REASONS)
