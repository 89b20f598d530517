"""Migration 124 folds the contact state with its own copy of the contact rules as they were when it was made (those of
6c3c60a), not with today's workbench.rules: a later change of the rules (which contacts are attempts, what restarts
the count, which block holds which channel) must not change what 124 does to a database still at schema 123. The
database is the old sample of 58483d7 migrated to 123 by the real migrations (its calls without any contact state),
with messages added (an SMS the rules of 124's day counted as an attempt), a state left for a customer with no entry,
do-not-call flags and bad-number marks no entry holds up, and every customer scored."""

import hashlib
import json
import sqlite3
from contextlib import closing

from test_migrations_contact_state import old_sample_at, up_to

from workbench import rules
from workbench.db import open_db

# What migration 124 wrote on this database with workbench.rules of 6c3c60a, the commit that made it (measured by
# running that commit's own migration 124 on the same file at 123): every contact state, the customers' marks and
# score stamps, and the audit entries it added (a do-not-call flag lifted). Today's rules (calls alone, counted from
# the latest request) would give 466 free, 232 budget and 278 retry.
FOLDED = {"states": 1620, "blocks": {None: 363, "budget": 407, "cooloff_complaint": 19, "cooloff_not_interested": 625,
                                     "retry": 206},
          "do_not_call": 132, "bad_numbers": 175, "kept_bad": 0, "rescore": 1620, "lifted": 3,
          "digest": "5417a9260a1be7c0"}
NO_ENTRY = "NO-ENTRY-0001"   # a stored state for a customer the log never names: 124 removes it


def _at_123(tmp_path, monkeypatch):
    path = tmp_path / "at123.sqlite"
    # an SMS an hour after every third unanswered call: under the rules of 124's day it was an attempt
    with closing(old_sample_at(123, path, monkeypatch)) as conn, conn:
        assert conn.execute("SELECT max(version) FROM schema_migrations WHERE version < 125").fetchone() == (123,)
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone() == (0,)
        conn.execute("INSERT INTO contact_state (customer_id, last_contact_at, contacts_total, blocked_until,"
                     " block_reason) VALUES (?, '2026-11-01T10:00:00', 2, '2026-11-30T09:00:00', 'budget')",
                     (NO_ENTRY,))
        fine = [c for (c,) in conn.execute(
            "SELECT customer_id FROM customers WHERE do_not_call = 0 AND phone_valid = 1 AND customer_id IN"
            " (SELECT customer_id FROM outcomes WHERE channel = 'phone') AND customer_id NOT IN"
            " (SELECT customer_id FROM outcomes WHERE business_outcome = 'do_not_call'"
            "  OR line_result IN ('suspended', 'no_such_number', 'wrong_person')) ORDER BY 1 LIMIT 3")]
        # flags and marks only the log could have set, which no entry in it holds up: 124 lifts them
        conn.executemany("UPDATE customers SET do_not_call = 1, do_not_call_source = 'outcome', phone_valid = 0,"
                         " phone_problem = 'Last call result: Suspended', phone_bad_e164 = '+8613900000000',"
                         " phone_bad_problem = 'Last call result: Suspended' WHERE customer_id = ?",
                         [(c,) for c in fine])
        # marks the log calls for, not yet written: a number its latest call found bad (one changed by an extract
        # after that call stays callable), a do-not-call request
        dead = [c for (c,) in conn.execute(
            "SELECT customer_id FROM customers c WHERE phone_valid = 1 AND (SELECT line_result FROM outcomes o"
            " WHERE o.customer_id = c.customer_id AND o.channel = 'phone' ORDER BY o.at DESC LIMIT 1)"
            " IN ('suspended', 'no_such_number', 'wrong_person') ORDER BY 1 LIMIT 3")]
        conn.executemany("UPDATE customers SET phone_changed_at = ?"
                         " WHERE customer_id = ?", [("2099-01-01 00:00:00" if i == 0 else None, c)
                                                    for i, c in enumerate(dead)])
        conn.execute("UPDATE customers SET do_not_call = 0, do_not_call_source = NULL WHERE customer_id IN"
                     " (SELECT customer_id FROM outcomes WHERE business_outcome = 'do_not_call' ORDER BY 1 LIMIT 2)")
        conn.execute("UPDATE customers SET scored_on = '2026-11-19', score_digest = 1, scores_due_on = '2026-11-30'")
    up_to(monkeypatch, 124)
    return path


def folded(path) -> dict:
    """What 124 left: every contact state, the customers' marks and score stamps, the audit entries (none before);
    counted, and one digest of them all."""
    with closing(sqlite3.connect(path)) as conn:
        states = conn.execute("SELECT customer_id, last_contact_at, last_reached_at, last_line_result, last_outcome,"
                              " contacts_total, recent_attempt_days, blocked_until, block_reason FROM contact_state"
                              " ORDER BY customer_id").fetchall()
        marks = conn.execute("SELECT customer_id, do_not_call, do_not_call_source, phone_valid, phone_problem,"
                             " phone_bad_e164, phone_bad_problem, scored_on, score_digest, scores_due_on"
                             " FROM customers ORDER BY customer_id").fetchall()
        entries = conn.execute("SELECT at, actor, action, subject, detail, prev_hash, hash FROM audit_log"
                               " ORDER BY seq").fetchall()
    blocks: dict = {}
    for *_rest, reason in states:
        blocks[reason] = blocks.get(reason, 0) + 1
    digest = hashlib.sha256(json.dumps([states, marks, entries]).encode()).hexdigest()[:16]
    return {"states": len(states), "blocks": blocks, "do_not_call": sum(m[1] for m in marks),
            "bad_numbers": sum(not m[3] for m in marks), "kept_bad": sum(m[6] is not None for m in marks),
            "rescore": sum(m[7] is None for m in marks),
            "lifted": sum(e[1:5] == (None, "do_not_call_lifted", e[3], '{"migration":124}') for e in entries),
            "digest": digest}


def test_migration_124_folds_a_database_at_123_as_it_did_when_it_was_made(tmp_path, monkeypatch):
    path = _at_123(tmp_path, monkeypatch)
    open_db(path).close()
    assert folded(path) == FOLDED


def test_a_later_change_of_the_contact_rules_does_not_change_what_124_does(tmp_path, monkeypatch):
    path = _at_123(tmp_path, monkeypatch)
    monkeypatch.setattr(rules, "CALLS", frozenset({"phone", "sms", "wechat", "visit"}))
    monkeypatch.setattr(rules, "NOT_ATTEMPTS", frozenset())
    monkeypatch.setattr(rules, "RETRY_RESULTS", frozenset({"no_answer"}))
    monkeypatch.setattr(rules, "UNREACHABLE_NUMBER", frozenset({"suspended"}))
    monkeypatch.setattr(rules, "BAD_NUMBER_PREFIX", "Bad number: ")
    open_db(path).close()
    assert folded(path) == FOLDED
