"""`workbench settings set|unset` of a contact rule works out again, in the same transaction, the stored contact blocks
of exactly the customers whose rule in force it changes: the branch's, its sub-branches' but one with a value of its
own, or the bank's but those of a branch with its own. The call list (the stored block) and `log` (the rules afresh)
agree. Real database files, the real CLI."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from tests.factories import add_branch, add_customer, add_staff, insert_outcome
from tests.import_support import blocks_folded_afresh, refresh_contact, stored_blocks
from workbench.db import open_db
from workbench.settings import set_setting

NOW = ("--now", "2026-03-10T09:30:00")
FREE = (None, None)
BLOCKED = ("2026-03-15T10:00:00", "budget")   # tried on 03-08 and 03-09: at a limit of two until the 15th


@pytest.fixture
def bank(db_path):
    """B1 with sub-branches B1-1 and B1-2 (which allows 5 attempts of its own), and B2: C1 at B1, C2 at B1-1, C3 at
    B1-2, C4 at B2, C5 at no branch, each tried on 03-08 and 03-09 (2 of the default 3 attempts)."""
    db = open_db(db_path)
    add_branch(db, "B1", name="城东支行")
    add_branch(db, "B1-1", name="一分理处", parent_id="B1", level="sub_branch")
    add_branch(db, "B1-2", name="二分理处", parent_id="B1", level="sub_branch")
    add_branch(db, "B2", name="城西支行")
    add_staff(db, "S1", role="supervisor")
    add_staff(db, "M1")
    set_setting(db.conn, "contact.budget_attempts", 5, "B1-2")
    for customer_id, branch in (("C1", "B1"), ("C2", "B1-1"), ("C3", "B1-2"), ("C4", "B2"), ("C5", None)):
        add_customer(db, customer_id, branch_id=branch)
        insert_outcome(db, customer_id, "2026-03-08T10:00:00", "busy")
        insert_outcome(db, customer_id, "2026-03-09T10:00:00", "reached", business_outcome="reactivated")
    db.close()
    refresh_contact(db_path, "C1", "C2", "C3", "C4", "C5")
    return db_path


def _set(cli, path, *args, lang="en"):
    result = cli("--db", path, *NOW, "--lang", lang, "--user", "S1", "settings", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def _rechecked(path) -> list:
    with closing(sqlite3.connect(path)) as conn:
        return [json.loads(d).get("rechecked") for (d,) in conn.execute(
            "SELECT detail FROM audit_log WHERE action = 'setting' ORDER BY seq")]


def test_a_branchs_contact_rule_reaches_its_customers_and_its_sub_branches(cli, bank, tmp_path):
    assert _set(cli, bank, "set", "contact.budget_attempts", "2", "--branch", "B1") == [
        "contact.budget_attempts for B1: 3 -> 2."]
    assert stored_blocks(bank) == {"C1": BLOCKED, "C2": BLOCKED, "C3": FREE, "C4": FREE, "C5": FREE}
    assert stored_blocks(bank) == blocks_folded_afresh(bank, tmp_path)
    # The list rests C1 at the limit, as `log` refuses to book a next try so soon (the call it logs counts too).
    listed = cli("--db", bank, *NOW, "--user", "M1", "calllist", "--search", "C1")
    assert "1 resting (1 at the attempt limit)" in " ".join(listed.stdout.split())
    refused = cli("--db", bank, *NOW, "--user", "M1", "log", "--customer", "C1", "--result", "no_answer",
                  "--follow-up", "2026-03-10T15:00")
    assert refused.exit_code != 0 and "before 2026-03-16 (contact budget)" in refused.stderr

    # The bank's 2 changes nothing at B1 and B1-1 (B1's own 2) nor at B1-2 (its own 5): C4 and C5 alone.
    _set(cli, bank, "set", "contact.budget_attempts", "2")
    assert stored_blocks(bank) == {"C1": BLOCKED, "C2": BLOCKED, "C3": FREE, "C4": BLOCKED, "C5": BLOCKED}
    # B1's own value removed: B1 takes the bank's, which is the same; nobody's rule changed.
    _set(cli, bank, "unset", "contact.budget_attempts", "--branch", "B1")
    # The bank's removed: the default 3 again everywhere but B1-2.
    _set(cli, bank, "unset", "contact.budget_attempts")
    assert stored_blocks(bank) == {"C1": FREE, "C2": FREE, "C3": FREE, "C4": FREE, "C5": FREE}
    assert _rechecked(bank) == [2, 2, None, 4]


def test_a_rule_the_blocks_do_not_hang_on_rechecks_nobody(cli, bank):
    _set(cli, bank, "set", "contact.window_end", "18:00")
    assert _rechecked(bank) == [None]


@pytest.mark.parametrize("lang, said", [("en", "Re-checking 4 customers' contact rules…"),
                                        ("zh_CN", "正在按新设置重新核算 4 名客户的联系规则……")])
def test_many_customers_rechecked_are_said_before_the_work_begins(cli, bank, monkeypatch, lang, said):
    monkeypatch.setattr("workbench.cli.settings.RECHECK_TOLD", 4)
    lines = _set(cli, bank, "set", "contact.budget_attempts", "2", lang=lang)
    assert lines[0] == said and len(lines) == 2
    assert stored_blocks(bank)["C4"] == BLOCKED
    assert _set(cli, bank, "set", "contact.budget_attempts", "2", "--branch", "B2", lang=lang)[0] != said
