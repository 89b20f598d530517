"""An extract that gives customers to staff marked as left: the summary names each such staff member
with how many customers the file gives them, and those customers go to their branch's unassigned pool
(as with an empty manager cell), except a known customer who already has an active manager, who keeps
them, so nobody's customers wait on a leaver's list."""

from __future__ import annotations

import json

import pytest

from tests.factories import add_branch, add_customer, add_staff
from tests.import_support import customers, run_import, write_csv
from workbench.db import open_db
from workbench.pool import pool_size

NOW = "2026-03-01T09:00:00"
HEADER = ["客户号", "姓名", "客户经理号", "所属机构"]
LEAVERS_LINE = "Customers the extract gives to staff who have left: M9 (4), M8 (1)."
POOLED = ("4 of them went to their branch's unassigned pool instead; a supervisor gives them to managers with "
          "`workbench pool assign` (to one who is back, after `workbench staff set ID --active`).")
KEPT = "1 of them kept the active manager they already had (the extract is older than the branch's reassignment)."


@pytest.fixture
def branch(db_path):
    """Branch B1: supervisor S1, managers M1 and M2, and M8 and M9, who have left. K1 is M2's (head office
    has not heard), L1 an inactive customer still on M9's list, P1 waits in the pool."""
    db = open_db(db_path)
    add_branch(db, "B1")
    for staff_id, role, active in (("S1", "supervisor", 1), ("M1", "manager", 1), ("M2", "manager", 1),
                                   ("M8", "manager", 0), ("M9", "manager", 0)):
        add_staff(db, staff_id, role=role, active=active)
    add_customer(db, "K1", manager_id="M2")
    add_customer(db, "L1", manager_id="M9", active=0)
    add_customer(db, "P1", manager_id=None)
    db.close()
    return db_path


def extract(tmp_path):
    return write_csv(tmp_path / "x.csv", [HEADER, ["N1", "甲", "M9", "B1"], ["K1", "乙", "M9", "B1"],
                                          ["P1", "丙", "M8", "B1"], ["L1", "丁", "M9", "B1"],
                                          ["O1", "戊", "M1", "B1"], ["N2", "己", "m9", "B1"]])


def test_the_summary_names_each_leaver_and_their_customers_go_to_the_pool(cli, branch, tmp_path):
    before = customers(branch, "customer_id, manager_id, active")
    dry = cli("--db", branch, "--user", "S1", "--now", NOW, "import", "customers", extract(tmp_path), "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert LEAVERS_LINE in dry.stdout.splitlines()
    assert POOLED.replace("went to", "would go to") in dry.stdout.splitlines()
    assert ("1 of them would keep the active manager they already have (the extract is older than the branch's "
            "reassignment).") in dry.stdout.splitlines()
    assert customers(branch, "customer_id, manager_id, active") == before

    result = cli("--db", branch, "--user", "S1", "--now", NOW, "import", "customers", extract(tmp_path))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert LEAVERS_LINE in lines and POOLED in lines and KEPT in lines
    assert "New managers added to staff" not in result.stdout   # m9 is the known M9, whatever its case
    assert customers(branch, "customer_id, manager_id, active") == [
        ("K1", "M2", 1), ("L1", None, 1), ("N1", None, 1), ("N2", None, 1), ("O1", "M1", 1), ("P1", None, 1)]
    db = open_db(branch)
    assert pool_size(db.conn, "B1") == 4
    assert db.conn.execute("SELECT count(*) FROM customers WHERE manager_id IN ('M8', 'M9')").fetchone()[0] == 0
    detail = json.loads(db.conn.execute("SELECT detail FROM audit_log WHERE action = 'import'").fetchone()[0])
    assert (detail["leavers"], detail["leavers_kept"]) == ({"M9": 4, "M8": 1}, 1)
    db.close()
    # An extract that names no leaver says nothing of them; an empty manager cell keeps whom K1 has.
    later = write_csv(tmp_path / "y.csv", [HEADER, ["K1", "乙", "", "B1"], ["O1", "戊", "M2", "B1"]])
    result = cli("--db", branch, "--user", "S1", "--now", NOW, "import", "customers", later)
    assert result.exit_code == 0 and "left" not in result.stdout
    assert customers(branch, "customer_id, manager_id")[:2] == [("K1", "M2"), ("L1", None)]


def test_the_summary_in_chinese(cli, branch, tmp_path):
    result = cli("--db", branch, "--user", "S1", "--lang", "zh_CN", "--now", NOW, "import", "customers",
                 extract(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert "清单把客户分给了已离职的员工：M9 (4)、M8 (1)。" in result.stdout
    assert "其中 4 名客户改为进入所属机构的未分配客户池；" in result.stdout
    assert "其中 1 名客户保留原有的在职客户经理（清单早于支行的重新分配）。" in result.stdout


@pytest.mark.parametrize("workers", [0, 1])
def test_a_first_import_in_many_parts_counts_each_leaver_once_over_the_parts(db_path, tmp_path, workers):
    """UTF-16 text is read row by row, so small batches end many parts: each names the leavers it holds,
    and the file's customers are inserted with their scores (into an empty table), the leavers' in the pool."""
    db = open_db(db_path)
    add_branch(db, "B1")
    add_staff(db, "M1")
    add_staff(db, "M9", active=0)
    add_staff(db, "M8", active=0)
    db.close()
    rows = [[f"C{i:04d}", "客户", "M9" if i % 3 == 0 else "M8" if i >= 1500 and i % 3 == 1 else "M1", "B1"]
            for i in range(2000)]
    path = write_csv(tmp_path / "x.tsv", [HEADER, *rows], encoding="utf-16", delimiter="\t")
    summary = run_import(db_path, path, workers=workers, batch_size=50)
    m9, m8 = sum(1 for r in rows if r[2] == "M9"), sum(1 for r in rows if r[2] == "M8")
    assert summary.leavers == {"M9": m9, "M8": m8} and summary.leavers_kept == 0
    assert summary.inserted == 2000 and summary.new_staff == []
    db = open_db(db_path)
    assert pool_size(db.conn, "B1") == m9 + m8
    assert db.conn.execute("SELECT count(*) FROM customers WHERE manager_id = 'M1' AND dormancy_score IS NOT NULL"
                           ).fetchone()[0] == 2000 - m9 - m8
    db.close()
    # Again, the first thousand given to M8 and the rest to nobody: M1's keep M1, the pool's stay there.
    again = write_csv(tmp_path / "y.tsv", [HEADER, *[[c, n, "M8" if i < 1000 else "", b]
                                                     for i, (c, n, _, b) in enumerate(rows)]],
                      encoding="utf-16", delimiter="\t")
    summary = run_import(db_path, again, workers=workers, batch_size=50)
    kept = sum(1 for r in rows[:1000] if r[2] == "M1")
    assert summary.leavers == {"M8": 1000} and summary.leavers_kept == kept and summary.updated == 0
    assert customers(db_path, "count(*), count(manager_id)") == [(2000, 2000 - m9 - m8)]


def test_the_follow_ups_of_a_customer_pooled_from_a_leaver_go_to_the_supervisor_importing(branch, tmp_path):
    """Nobody would see them on a leaver's agenda: they are the supervisor's until `pool assign` moves them on."""
    from datetime import date, datetime

    from workbench import followups
    from workbench.importing.model import ImportOptions
    from workbench.importing.run import import_customers

    db = open_db(branch)
    at = datetime(2026, 2, 27, 9, 0)
    kept = followups.schedule(db.conn, customer_id="K1", owner_id="M2", due_on=date(2026, 3, 5), at=at)
    db.conn.execute("UPDATE staff SET active = 1 WHERE staff_id = 'M9'")   # booked before M9 left
    pooled = followups.schedule(db.conn, customer_id="L1", owner_id="M9", due_on=date(2026, 3, 5), at=at)
    db.conn.execute("UPDATE staff SET active = 0 WHERE staff_id = 'M9'")
    summary = import_customers(db.conn, extract(tmp_path), options=ImportOptions(), now=datetime(2026, 3, 1, 9, 0),
                               user_id="S1")
    owners = dict(db.conn.execute("SELECT followup_id, owner_id FROM followups"))
    event = db.conn.execute("SELECT kind, owner_id, by_id FROM followup_events WHERE followup_id = ? ORDER BY at DESC"
                            " LIMIT 1", (pooled,)).fetchone()
    db.close()
    assert owners == {kept: "M2", pooled: "S1"} and summary.followups_moved == [pooled]
    assert event == ("reassigned", "S1", "S1")
