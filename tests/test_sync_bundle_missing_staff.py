"""A hand-over made on one desk to managers the importing desk does not have: the import says the cause once, names
the first twenty customers not moved and the first twenty follow-ups held, counts the rest, and tells what moves
them (importing the bundle again does not). Real database files, real bundles, the real CLI."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from test_sync_assignments import _desks, _export, _import, _managers, _run

CAUSE = ("30 customers were not moved: the managers they were given to are not on this terminal's staff (M4). Importing"
         " the bundle again will not move them, as its entries are held here already: add the managers with `workbench"
         " staff add`, then give the customers to them on this terminal too (`workbench staff hand-over`, `workbench"
         " reassign`).")


def _new_manager_on_s_alone(tmp_path):
    """Desks s and a of 60 customers (M1 has the 30 even ones), a pending follow-up for each of M1's first 25, and
    M4 on desk s's staff only."""
    s, a = _desks(tmp_path, customers=60, followups=tuple((f"F{i:03}", f"C{i:03}") for i in range(0, 50, 2)))
    with closing(sqlite3.connect(s)) as conn, conn:
        conn.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('M4', '孙经理', 'manager', 'B1')")
    return s, a


def test_customers_and_follow_ups_held_for_want_of_staff_are_said_once_and_capped(tmp_path, cli):
    s, a = _new_manager_on_s_alone(tmp_path)
    _run(cli, s, "10:00", "S1", "staff", "hand-over", "M1", "--to", "M4", "--leave")
    bundle = _export(cli, s, "10:05")
    before = _managers(a)
    lines = _import(cli, a, "10:10", bundle)
    assert lines[1] == CAUSE
    assert all("M4 is not on the staff of this terminal" in line for line in lines[2:22])
    assert lines[22] == "… and 10 more not applied; the audit log's entry of this import names each."
    assert all(line.startswith("The follow-up of ") and "stays with them" in line for line in lines[23:43])
    assert lines[43:] == ["… and 5 more customers' follow-ups stay with their managers here; the audit log's entry of"
                          " this import names each."]
    assert _managers(a) == before
    # What the sentence says: adding M4 and importing again moves no one; the same hand-over made here does.
    _run(cli, a, "10:20", "S1", "staff", "add", "M4", "--name", "孙经理")
    assert _import(cli, a, "10:21", bundle) == []
    assert _managers(a) == before
    _run(cli, a, "10:22", "S1", "staff", "hand-over", "M1", "--to", "M4", "--leave")
    assert _managers(a) == _managers(s)


def test_the_cause_is_said_in_chinese(tmp_path, cli):
    s, a = _new_manager_on_s_alone(tmp_path)
    _run(cli, s, "10:00", "S1", "staff", "hand-over", "M1", "--to", "M4", "--leave")
    lines = _import(cli, a, "10:10", _export(cli, s, "10:05"), lang=("--lang", "zh_CN"))
    assert lines[1].startswith("30 位客户未改派：接手的客户经理不在本终端的员工名单中（M4）。")
    assert lines[22] == "……另有 10 条未执行；本次导入的审计日志逐条列出。"
    assert lines[43:] == ["……另有 5 位客户的跟进仍由本终端的客户经理负责；本次导入的审计日志逐条列出。"]


def test_twenty_entries_or_fewer_are_each_named_without_the_sentence(tmp_path, cli):
    s, a = _new_manager_on_s_alone(tmp_path)
    for customer in ("C000", "C002"):
        _run(cli, s, "10:00", "S1", "reassign", "--customer", customer, "--to", "M4")
    lines = _import(cli, a, "10:10", _export(cli, s, "10:05"))
    assert len(lines) == 5 and not any("were not moved" in line for line in lines)
    assert [("M4 is not on the staff" in line, "stays with them" in line) for line in lines[1:]] == [
        (True, False), (True, False), (False, True), (False, True)]
