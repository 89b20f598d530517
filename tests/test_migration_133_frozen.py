"""Migration 133 folds the stored blocks with its own copy of the contact rules as they were when it was made, not with
today's workbench.rules: a later change of the rules (which calls count, what restarts the count) must not change what
133 does to a database still at schema 132. The database is the old sample of 58483d7 migrated to 132 as that
workbench left it, with every block and attempt day overwritten as an older rule might have stored them, and messages
added (an SMS the old rule counted as an attempt)."""

import hashlib
import json
import sqlite3
from contextlib import closing

from test_migrations_contact_state import old_sample_at, up_to

from workbench import rules
from workbench.db import open_db

# What migration 133 wrote on this database before it froze its fold (measured with workbench.rules of 75f2c93):
# every stored state's attempt days and block, and the customers it marked to rescore.
FOLDED = {"states": 1620, "blocks": {None: 466, "budget": 232, "cooloff_complaint": 19,
                                     "cooloff_not_interested": 625, "retry": 278},
          "rescore": 1574, "digest": "065825944671718e"}


def _at_132(tmp_path, monkeypatch):
    path = tmp_path / "at132.sqlite"
    # an SMS an hour after every third unanswered call: under the old rule it used up one of the week's attempts
    with closing(old_sample_at(132, path, monkeypatch)) as conn, conn:
        assert conn.execute("SELECT max(version) FROM schema_migrations").fetchone() == (132,)
        conn.execute("UPDATE contact_state SET blocked_until = '2026-11-25T09:00:00', block_reason = 'budget',"
                     " recent_attempt_days = '[\"2026-11-18\"]'")
        conn.execute("UPDATE customers SET scored_on = '2026-11-19', score_digest = 1, scores_due_on = '2026-11-30'")
    up_to(monkeypatch, 133)
    return path


def _folded(path) -> dict:
    with closing(sqlite3.connect(path)) as conn:
        states = conn.execute("SELECT customer_id, recent_attempt_days, blocked_until, block_reason FROM contact_state"
                              " ORDER BY customer_id").fetchall()
        rescore = [c for (c,) in conn.execute("SELECT customer_id FROM customers WHERE scored_on IS NULL ORDER BY 1")]
    blocks: dict = {}
    for *_rest, reason in states:
        blocks[reason] = blocks.get(reason, 0) + 1
    digest = hashlib.sha256(json.dumps([states, rescore]).encode()).hexdigest()[:16]
    return {"states": len(states), "blocks": blocks, "rescore": len(rescore), "digest": digest}


def test_migration_133_folds_a_database_at_132_as_it_did_when_it_was_made(tmp_path, monkeypatch):
    path = _at_132(tmp_path, monkeypatch)
    open_db(path).close()
    assert _folded(path) == FOLDED


def test_a_later_change_of_the_contact_rules_does_not_change_what_133_does(tmp_path, monkeypatch):
    path = _at_132(tmp_path, monkeypatch)
    monkeypatch.setattr(rules, "CALLS", frozenset({"phone", "sms", "wechat"}))   # as before 133: messages counted
    monkeypatch.setattr(rules, "ASKED_FOR_MORE", frozenset())
    monkeypatch.setattr(rules, "RETRY_RESULTS", frozenset({"no_answer"}))
    open_db(path).close()
    assert _folded(path) == FOLDED
