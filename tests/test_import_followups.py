"""An import that gives a customer to another manager moves their pending follow-ups along, as `reassign` does."""

from __future__ import annotations

from datetime import date, datetime

from tests.import_support import run_import, write_csv
from workbench import followups
from workbench.db import open_db

AT = datetime(2026, 11, 20, 9, 0)
HEADER = ["客户号", "姓名", "客户经理号", "所属机构"]


def _owners(db_path) -> dict[str, str]:
    db = open_db(db_path)
    try:
        return dict(db.conn.execute("SELECT customer_id, owner_id FROM followups WHERE status IN ('open', 'rescheduled')"))
    finally:
        db.close()


def test_pending_follow_ups_go_with_the_customer_to_the_new_manager(db_path, tmp_path):
    run_import(db_path, write_csv(tmp_path / "a.csv", [HEADER, ["C1", "张三", "M1", "B1"], ["C2", "李四", "M1", "B1"],
                                                       ["C3", "王五", "M1", "B1"], ["C4", "赵六", "M2", "B1"]]))
    db = open_db(db_path)
    for customer, owner in (("C1", "M1"), ("C2", "M2"), ("C3", "M1"), ("C4", "M2")):   # C2's: delegated to M2
        followups.schedule(db.conn, customer_id=customer, owner_id=owner, due_on=date(2026, 11, 25), at=AT)
    db.close()
    later = write_csv(tmp_path / "b.csv", [HEADER, ["C1", "张三", "M3", "B1"], ["C2", "李四", "M3", "B1"],
                                           ["C3", "王五", "", "B1"], ["C4", "赵六", "M2", "B1"]])
    dry = run_import(db_path, later, dry_run=True)
    assert len(dry.followups_moved) == 1 and _owners(db_path)["C1"] == "M1"
    summary = run_import(db_path, later)
    # C1's moves with C1; C2's was not its manager's, C3 keeps M1 (an empty cell), C4 stays with M2.
    assert len(summary.followups_moved) == 1
    assert _owners(db_path) == {"C1": "M3", "C2": "M2", "C3": "M1", "C4": "M2"}
    db = open_db(db_path)
    try:
        agenda = followups.agenda(db.conn, "M3", date(2026, 11, 20))
        assert [f.customer_id for bucket in agenda.buckets().values() for f in bucket] == ["C1"]
        event = db.conn.execute("SELECT kind, owner_id, by_id FROM followup_events WHERE followup_id = ?"
                                " ORDER BY at DESC LIMIT 1", summary.followups_moved).fetchone()
        assert event == ("reassigned", "M3", None)
    finally:
        db.close()


def test_follow_ups_move_whichever_header_names_the_manager(db_path, tmp_path):
    """A 客户经理 column (a code or a name) gives customers to managers as 客户经理号 does, follow-ups along."""
    header = ["客户号", "姓名", "客户经理", "所属机构"]
    run_import(db_path, write_csv(tmp_path / "a.csv", [header, ["C1", "张三", "M1", "B1"]]))
    db = open_db(db_path)
    followups.schedule(db.conn, customer_id="C1", owner_id="M1", due_on=date(2026, 11, 25), at=AT)
    db.close()
    summary = run_import(db_path, write_csv(tmp_path / "b.csv", [header, ["C1", "张三", "M3", "B1"]]))
    assert len(summary.followups_moved) == 1 and _owners(db_path) == {"C1": "M3"}
