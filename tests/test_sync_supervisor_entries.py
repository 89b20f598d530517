"""A bundle's checksum detects damage, not forgery: anyone can rewrite a bundle and sign it again. So an assignment or
an erasure entry made on another desk applies only when its by_id is an active supervisor on the staff here; any
other is kept as 'not_supervisor', said, and changes nothing (no customer moved, no one erased, no note cleared)."""

from __future__ import annotations

import json
import sqlite3
import uuid
from contextlib import closing

from sync_data import add_outcome
from test_sync_assignments import _desks, _entries, _export, _managers, _resigned, _run

ERASED = "SELECT name, do_not_call_source FROM customers WHERE customer_id = ?"


def _crafted(tmp_path, cli, s, by_id):
    """Desk s's bundle with an erasure of C001 and a reassignment of C003 (M2 to M1) added, both naming by_id, and
    signed again as anyone can."""
    data = _export(cli, s, "10:00").read_bytes()

    def craft(manifest, entries):
        entries.append({"table": "erasures", "row": {"erasure_id": str(uuid.uuid4()), "customer_id": "C001",
                                                     "at": "2026-11-20T10:00:00", "terminal_id": "x", "by_id": by_id}})
        entries.append({"table": "assignments", "row": {
            "assignment_id": str(uuid.uuid4()), "customer_id": "C003", "from_manager_id": "M2", "to_manager_id": "M1",
            "at": "2026-11-20T10:00:00", "terminal_id": "x", "by_id": by_id, "source": "reassign", "until": None}})
        manifest["counts"]["erasures"] += 1
        manifest["counts"]["assignments"] += 1

    path = tmp_path / f"crafted-{by_id}.wbundle"
    path.write_bytes(_resigned(data, craft))
    return path


def test_a_managers_forged_erasure_and_reassignment_change_nothing_and_are_said(tmp_path, cli):
    s, a = _desks(tmp_path)
    with closing(sqlite3.connect(a)) as conn, conn:
        add_outcome(conn, "C001", "2026-11-20T09:00:00", note="他儿子在上海")
    r = _run(cli, a, "10:10", "M1", "import", "bundle", _crafted(tmp_path, cli, s, "M1"))
    with closing(sqlite3.connect(a)) as conn:
        assert conn.execute(ERASED, ("C001",)).fetchone()[0] == "客户1"
        assert conn.execute("SELECT note FROM outcomes WHERE customer_id = 'C001'").fetchone()[0] == "他儿子在上海"
        assert conn.execute("SELECT status FROM erasures").fetchall() == [("not_supervisor",)]
        assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'erase'").fetchone()[0] == 0
        detail = json.loads(conn.execute("SELECT detail FROM audit_log WHERE action = 'import'").fetchone()[0])
    assert list(detail["erasures_not_supervisor"].values()) == ["C001"]
    assert _managers(a)["C003"] == "M2"
    assert [e[5] for e in _entries(a)] == ["not_supervisor"]
    assert any(line.startswith("客户3 (C003) was given from M2 张经理 to M1 李经理 (by M1 李经理 on terminal x,")
               and line.endswith("but not on this terminal: M1 李经理 is not a supervisor on the staff of this terminal,"
                                 " and only a supervisor's change applies.") for line in r.stdout.splitlines())
    assert ("warning: the erasure of customer C001 (by M1 李经理 on terminal x, 2026-11-20 10:00) was not applied: M1"
            " 李经理 is not a supervisor on the staff of this terminal, and only a supervisor's erasure applies; nothing"
            " was erased.") in r.stdout.splitlines()


def test_a_supervisor_who_has_left_or_is_unknown_here_applies_nothing(tmp_path, cli):
    s, a = _desks(tmp_path)
    with closing(sqlite3.connect(a)) as conn, conn:
        conn.execute("UPDATE staff SET active = 0 WHERE staff_id = 'S1'")
        conn.execute("INSERT INTO staff (staff_id, name, role, branch_id, active) VALUES ('S2', '主管李', 'supervisor',"
                     " 'B1', 1)")
    for by_id in ("S1", "S9"):
        _run(cli, a, "10:10", "S2", "import", "bundle", _crafted(tmp_path, cli, s, by_id))
    with closing(sqlite3.connect(a)) as conn:
        assert conn.execute(ERASED, ("C001",)).fetchone() == ("客户1", None)
        assert conn.execute("SELECT status FROM erasures").fetchall() == [("not_supervisor",)] * 2
    assert _managers(a)["C003"] == "M2"


def test_a_supervisors_entries_still_apply(tmp_path, cli):
    s, a = _desks(tmp_path)
    _run(cli, a, "10:10", "M1", "import", "bundle", _crafted(tmp_path, cli, s, "S1"))   # whoever imports it
    with closing(sqlite3.connect(a)) as conn:
        assert conn.execute(ERASED, ("C001",)).fetchone() == ("(erased)", "erasure")
    assert _managers(a)["C003"] == "M1"


# Who made an entry, and whether desk a applies it: one rule for assignment and erasure entries alike.
MAKERS = {
    "S1": True,    # an active supervisor on the staff here
    "S4": True,    # on the staff here under another branch's id: the staff here decide, not the branch
    "S2": False,   # a supervisor who has left
    "S3": False,   # a supervisor once, a manager now
    "S9": False,   # a supervisor of another branch, on desk s's staff only
    "s1": False,   # not S1: staff ids are matched exactly
    "M1": False,   # a manager
}


def test_assignment_and_erasure_entries_refuse_the_same_makers(tmp_path, cli):
    s, a = _desks(tmp_path, customers=2 * len(MAKERS), staff=(("S9", "外行主管", "supervisor", 1),))
    with closing(sqlite3.connect(a)) as conn, conn:
        conn.execute("DELETE FROM staff WHERE staff_id = 'S9'")
        conn.execute("INSERT INTO branches (branch_id, name) VALUES ('B2', '城西支行')")
        conn.executemany("INSERT INTO staff (staff_id, name, role, branch_id, active) VALUES (?, ?, ?, ?, ?)",
                         [("S2", "主管离", "supervisor", "B1", 0), ("S3", "主管转", "manager", "B1", 1),
                          ("S4", "主管西", "supervisor", "B2", 1)])
    makers = list(MAKERS)
    data = _export(cli, s, "10:00").read_bytes()

    def craft(manifest, entries):
        # Maker i erases C(2i) and gives C(2i+1) from M2 to M1.
        for i, by_id in enumerate(makers):
            entries.append({"table": "erasures", "row": {
                "erasure_id": f"e-{by_id}", "customer_id": f"C{2 * i:03d}", "at": "2026-11-20T10:00:00",
                "terminal_id": "x", "by_id": by_id}})
            entries.append({"table": "assignments", "row": {
                "assignment_id": f"a-{by_id}", "customer_id": f"C{2 * i + 1:03d}", "from_manager_id": "M2",
                "to_manager_id": "M1", "at": "2026-11-20T10:00:00", "terminal_id": "x", "by_id": by_id,
                "source": "reassign", "until": None}})
        manifest["counts"]["erasures"] += len(makers)
        manifest["counts"]["assignments"] += len(makers)

    path = tmp_path / "crafted.wbundle"
    path.write_bytes(_resigned(data, craft))
    _run(cli, a, "10:10", "S1", "import", "bundle", path)
    managers = _managers(a)
    with closing(sqlite3.connect(a)) as conn:
        erasures = dict(conn.execute("SELECT by_id, status FROM erasures"))
        assigned = dict(conn.execute("SELECT by_id, status FROM assignments"))
        erased = {by_id: conn.execute(ERASED, (f"C{2 * i:03d}",)).fetchone()[1] == "erasure"
                  for i, by_id in enumerate(makers)}
    got = {by_id: (erasures[by_id], erased[by_id], assigned[by_id], managers[f"C{2 * i + 1:03d}"] == "M1")
           for i, by_id in enumerate(makers)}
    assert got == {by_id: ("applied", True, "applied", True) if applies else
                   ("not_supervisor", False, "not_supervisor", False) for by_id, applies in MAKERS.items()}
