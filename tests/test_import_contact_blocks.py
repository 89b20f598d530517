"""An extract that moves a customer to another branch works out the customer's stored contact block again under the
new branch's contact rules, in the import's transaction: the call list (which reads the stored block) and `log` (which
applies the rules afresh) agree. So does one that brings in a customer whose contacts came before them. Real database
files, a real CSV extract, the real CLI."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from tests.factories import add_branch, add_customer, add_staff, insert_outcome
from tests.import_support import blocks_folded_afresh, refresh_contact, stored_blocks, write_csv
from workbench.db import open_db
from workbench.settings import set_setting

NOW = ("--now", "2026-03-01T09:00:00")
HEADER = ["客户号", "姓名", "客户经理号", "所属机构"]
BLOCKED = ("2026-03-06T10:00:00", "budget")   # two attempts from 02-27 10:00, the limit where it is two


@pytest.fixture
def branch(db_path):
    """B1 allows 2 attempts in 7 days, B2 4. K1 and K2 are M1's at B1, N1 is not held yet; each was tried on 02-27
    and reached on 02-28 (N1's contacts came in a bundle before head office listed them, so they were folded under
    the bank's 3), and K1 and K2 rest at B1's limit."""
    db = open_db(db_path)
    add_branch(db, "B1", name="城东支行")
    add_branch(db, "B2", name="城西支行")
    add_staff(db, "S1", role="supervisor")
    add_staff(db, "M1")
    add_staff(db, "M2", branch_id="B2")
    set_setting(db.conn, "contact.budget_attempts", 2, "B1")
    set_setting(db.conn, "contact.budget_attempts", 4, "B2")
    for customer_id in ("K1", "K2"):
        add_customer(db, customer_id)
    for customer_id in ("K1", "K2", "N1"):
        insert_outcome(db, customer_id, "2026-02-27T10:00:00", "busy")
        insert_outcome(db, customer_id, "2026-02-28T10:00:00", "reached", business_outcome="reactivated")
    db.close()
    refresh_contact(db_path, "K1", "K2", "N1")
    return db_path


def _extract(tmp_path):
    """K1 goes to M2 at B2; K2 stays; N1 comes in at B1."""
    return write_csv(tmp_path / "x.csv", [HEADER, ["K1", "甲", "M2", "B2"], ["K2", "乙", "M1", "B1"],
                                          ["N1", "丙", "M1", "B1"]])


def test_a_customer_moved_to_another_branch_rests_by_its_rules(cli, branch, tmp_path):
    assert stored_blocks(branch) == {"K1": BLOCKED, "K2": BLOCKED, "N1": (None, None)}
    dry = cli("--db", branch, *NOW, "--user", "S1", "import", "customers", _extract(tmp_path), "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert stored_blocks(branch) == {"K1": BLOCKED, "K2": BLOCKED, "N1": (None, None)}   # a dry run writes nothing

    result = cli("--db", branch, *NOW, "--user", "S1", "import", "customers", _extract(tmp_path))
    assert result.exit_code == 0, result.stderr
    # K1 has made 2 of B2's 4 attempts; K2 is still at B1's limit; N1, now at B1, has reached it.
    assert stored_blocks(branch) == {"K1": (None, None), "K2": BLOCKED, "N1": BLOCKED}
    assert stored_blocks(branch) == blocks_folded_afresh(branch, tmp_path)
    with closing(sqlite3.connect(branch)) as conn:
        detail = json.loads(conn.execute("SELECT detail FROM audit_log WHERE action = 'import'").fetchone()[0])
    assert detail["contact_blocks_rechecked"] == 2   # K1 and N1: K2's branch did not change

    # M2's list shows K1, and `log` lets M2 book the call the list offers.
    listed = cli("--db", branch, "--now", "2026-03-01T09:30:00", "--user", "M2", "calllist", "--json")
    assert [row["customer_id"] for row in json.loads(listed.stdout)] == ["K1"]
    logged = cli("--db", branch, "--now", "2026-03-01T09:30:00", "--user", "M2", "log", "--customer", "K1",
                 "--result", "no_answer", "--follow-up", "2026-03-01T15:00")
    assert logged.exit_code == 0, logged.stderr


def test_an_extract_that_moves_nobody_leaves_the_blocks_alone(cli, branch, tmp_path):
    same = write_csv(tmp_path / "same.csv", [HEADER, ["K1", "甲", "M2", "B1"], ["K2", "乙", "M1", "B1"]])
    result = cli("--db", branch, *NOW, "--user", "S1", "import", "customers", same)
    assert result.exit_code == 0, result.stderr
    assert stored_blocks(branch) == {"K1": BLOCKED, "K2": BLOCKED, "N1": (None, None)}
    with closing(sqlite3.connect(branch)) as conn:
        detail = json.loads(conn.execute("SELECT detail FROM audit_log WHERE action = 'import'").fetchone()[0])
    assert "contact_blocks_rechecked" not in detail
