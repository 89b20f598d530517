"""An extract's summary (and its dry run's) says how many known customers it gives another manager, and another branch,
with the largest flows, and a branch it leaves without active customers; the audit entry keeps the counts. Real
database files, real CSV extracts, the real CLI."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from tests.factories import add_branch, add_customer, add_staff
from tests.import_support import write_csv
from workbench.db import open_db

NOW = ("--now", "2026-03-01T09:00:00")
HEADER = ["客户号", "姓名", "客户经理号", "所属机构"]
# customer: (manager and branch before, after in the file)
CUSTOMERS = {
    "C01": (("M1", "B1"), ("M2", "B2")), "C02": (("M1", "B1"), ("M2", "B2")), "C03": (("M1", "B1"), ("M2", "B1")),
    "C04": (("M2", "B1"), ("M3", "B1")), "C05": (("M2", "B1"), ("M3", "B1")),
    "C06": (("M3", "B3"), ("M1", "B2")), "C07": (("M1", "B1"), ("M4", "B1")), "C08": (("M4", "B1"), ("M1", "B1")),
    "C09": (("M2", "B1"), ("M1", "B1")),
    "C10": (("M9", "B1"), ("M9", "B1")),   # M9 has left: to the pool
    "C11": (("M1", "B1"), ("M1", "B1")),   # unchanged
}
MANAGERS = ("10 customers changed manager: M1→M2 (3), M2→M3 (2), M1→M4 (1), M2→M1 (1), M3→M1 (1) and 2 other"
            " flows.")
BRANCHES = "3 customers changed branch: B1→B2 (2) and B3→B2 (1)."
EMPTIED = "城南支行 (B3) now has no active customers."


@pytest.fixture
def bank(db_path):
    db = open_db(db_path)
    for branch, name in (("B1", "城东支行"), ("B2", "城西支行"), ("B3", "城南支行")):
        add_branch(db, branch, name=name)
    add_staff(db, "S1", role="supervisor")
    for staff_id in ("M1", "M2", "M3", "M4"):
        add_staff(db, staff_id)
    add_staff(db, "M9", active=0)
    for customer_id, ((manager, branch), _after) in CUSTOMERS.items():
        add_customer(db, customer_id, manager_id=manager, branch_id=branch)
    db.close()
    return db_path


def _extract(tmp_path, name="x.csv"):
    rows = [[customer_id, f"客户{customer_id}", manager, branch]
            for customer_id, (_before, (manager, branch)) in CUSTOMERS.items()]
    return write_csv(tmp_path / name, [HEADER, *rows, ["N1", "新客户", "M1", "B1"]])


def _import(cli, path, extract, *extra, lang="en"):
    result = cli("--db", path, *NOW, "--lang", lang, "--user", "S1", "import", "customers", extract, *extra)
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def test_the_summary_says_who_changed_manager_and_branch(cli, bank, tmp_path):
    dry = _import(cli, bank, _extract(tmp_path), "--dry-run")
    assert [line for line in dry if "→" in line or "active customers" in line] == [
        MANAGERS.replace("changed", "would change"), BRANCHES.replace("changed", "would change"),
        "城南支行 (B3) would have no active customers."]

    lines = _import(cli, bank, _extract(tmp_path))
    assert lines[lines.index(MANAGERS) + 1:lines.index(MANAGERS) + 3] == [BRANCHES, EMPTIED]
    with closing(sqlite3.connect(bank)) as conn:
        assert conn.execute("SELECT manager_id FROM customers WHERE customer_id = 'C10'").fetchone() == (None,)
        detail = json.loads(conn.execute("SELECT detail FROM audit_log WHERE action = 'import'").fetchone()[0])
    assert (detail["manager_changes"], detail["branch_changes"]) == (10, 3)
    assert detail["manager_changes_largest"][:2] == [["M1", "M2", 3], ["M2", "M3", 2]]
    assert ["M9", None, 1] in detail["manager_changes_largest"]
    assert detail["branch_changes_largest"] == [["B1", "B2", 2], ["B3", "B2", 1]]

    # The same customers where they now are: nobody moves, and nothing is said of it.
    again = _import(cli, bank, write_csv(tmp_path / "y.csv", [HEADER, ["C01", "客户C01", "M2", "B2"]]))
    assert not [line for line in again if "→" in line or "active customers" in line]


def test_the_summary_in_chinese(cli, bank, tmp_path):
    lines = _import(cli, bank, _extract(tmp_path), lang="zh_CN")
    assert ("10 名客户更换了客户经理：M1→M2 3 名、M2→M3 2 名、M1→M4 1 名、M2→M1 1 名、M3→M1 1 名和其他 2 组。"
            in lines)
    assert "3 名客户转到了其他机构：B1→B2 2 名和 B3→B2 1 名。" in lines
    assert "城南支行（B3）已没有在用客户。" in lines


def test_a_leavers_customer_goes_to_the_pool_as_a_flow_of_its_own(cli, bank, tmp_path):
    lines = _import(cli, bank, write_csv(tmp_path / "z.csv", [HEADER, ["C10", "客户C10", "M9", "B1"]]))
    assert "1 customer changed manager: M9→the pool (1)." in lines

