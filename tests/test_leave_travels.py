"""A leave travels with its hand-over's assignment entries, as a cover does: `staff hand-over M1 --to M2 --leave` on
desk A writes entries that carry the time M1 was marked as left (left_at, bundle format version 5), and desk B, which
imports them, marks M1 as left in the same transaction as the moves, gives M1's follow-ups booked on B alone on as
--leave does, and says so; a repeated bundle changes nothing, and one without the mark (version 4) leaves M1 as today.
Head office's extract, weeks later and still naming M1, then gives M1's customers back to M1 on neither desk: both
end with the same manager for every customer. Real database files, real bundle files, a real CSV extract, the real
CLI."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

import sync_data
from test_cover_travels import rewrite
from tests.import_support import write_csv

HANDED = "2026-11-20T10:00:00"     # M1 leaves the bank: desk A hands M1's customers over
CARRIED = "2026-11-20T18:00:00"    # the bundle reaches desk B
EXTRACT = "2026-12-10T09:00:00"    # head office's extract, 20 days later (past EXTRACT_LAG_DAYS), still naming M1
HEADER = ["客户号", "姓名", "客户经理号", "所属机构"]


def run(cli, path, now, *args, user="S1"):
    done = cli("--db", path, "--now", now, "--user", user, "--lang", "en", *args)
    assert done.exit_code == 0, done.stderr
    return done


def rows(path, sql, *args) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql, args).fetchall()


def managers(path) -> dict[str, str | None]:
    return dict(rows(path, "SELECT customer_id, manager_id FROM customers ORDER BY customer_id"))


def active(path, staff_id) -> int:
    return rows(path, "SELECT active FROM staff WHERE staff_id = ?", staff_id)[0][0]


def last_import(path) -> dict:
    return json.loads(rows(path, "SELECT detail FROM audit_log WHERE action = 'import' ORDER BY seq DESC LIMIT 1")[0][0])


def extract(tmp_path):
    """Head office's extract as it had the branch before the leave: M1's customers (the even ones) still M1's."""
    return write_csv(tmp_path / "x.csv", [HEADER, *[[f"C{i:03d}", f"客户{i}", "M1" if i % 2 == 0 else "M2", "B1"]
                                                    for i in range(6)]])


def as_version_4(manifest, entries) -> None:
    """As a workbench before leaves travelled wrote the bundle: version 4, no left_at."""
    manifest["format_version"] = 4
    for entry in entries:
        entry["row"].pop("left_at", None)


@pytest.fixture
def desks(tmp_path, cli):
    """Desks A and B of sync_data's branch (S1; M1 has C000, C002, C004, M2 the odd ones), with a follow-up of M1's
    booked on desk B alone, and M1 handed over to M2 with --leave on desk A, its bundle written."""
    a, b = sync_data.two_terminals(tmp_path)
    run(cli, b, "2026-11-19T15:00:00", "followup", "add", "--customer", "C001", "--when", "2026-11-27",
        "--channel", "visit", "--manager", "M1")   # M2's customer, M1's visit: booked on B alone
    run(cli, a, HANDED, "staff", "hand-over", "M1", "--to", "M2", "--leave")
    run(cli, a, CARRIED, "export", "bundle", "--out", tmp_path / "a1.wbundle", "--since", "last")
    return a, b, tmp_path / "a1.wbundle"


def test_the_leave_travels_with_the_hand_over_and_an_extract_naming_the_leaver_ends_alike_on_both_desks(
        cli, desks, tmp_path):
    a, b, bundle = desks
    head, *body = bundle.read_bytes().splitlines()
    carried = [json.loads(line)["row"] for line in body if json.loads(line)["table"] == "assignments"]
    assert json.loads(head)["format_version"] == 5
    assert [(r["customer_id"], r["left_at"]) for r in carried] == [("C000", HANDED), ("C002", HANDED),
                                                                    ("C004", HANDED)]
    assert active(a, "M1") == 0 and active(b, "M1") == 1

    said = run(cli, b, CARRIED, "import", "bundle", bundle).stdout
    assert active(b, "M1") == 0   # no `staff set M1 --inactive` needed here
    assert "Marked as left here, as the hand-over with --leave on another terminal did: M1 李经理." in said.splitlines()
    assert managers(b) == managers(a) == {f"C{i:03d}": "M2" for i in range(6)}
    # In the import's one transaction: the audit says so, M1's visit booked here went to its customer's manager.
    assert last_import(b)["staff_left"] == {"M1": ["S1", HANDED, 0]}
    assert rows(b, "SELECT actor, detail FROM audit_log WHERE action = 'staff_change' AND subject = 'M1'") == [
        ("S1", '{"active":[true,false]}')]
    assert rows(b, "SELECT owner_id FROM followups WHERE customer_id = 'C001'") == [("M2",)]
    assert last_import(b)["followups_of_leavers"] == {
        rows(b, "SELECT followup_id FROM followups WHERE customer_id = 'C001'")[0][0]: "M2"}

    x = extract(tmp_path)
    for desk in (a, b):
        said = run(cli, desk, EXTRACT, "import", "customers", x).stdout
        assert "Customers the extract gives to staff who have left: M1 (3)." in said
        assert "3 of them kept the active manager they already had" in said
    assert managers(a) == managers(b) == {f"C{i:03d}": "M2" for i in range(6)}
    assert active(a, "M1") == active(b, "M1") == 0


def test_a_leave_to_the_pool_travels_and_the_extract_leaves_the_customers_in_the_pool_on_both_desks(cli, tmp_path):
    a, b = sync_data.two_terminals(tmp_path)
    run(cli, a, HANDED, "staff", "hand-over", "M1", "--to-pool", "--leave")
    run(cli, a, CARRIED, "export", "bundle", "--out", tmp_path / "a1.wbundle", "--since", "last")
    run(cli, b, CARRIED, "import", "bundle", tmp_path / "a1.wbundle")
    assert active(b, "M1") == 0
    pooled = {"C000": None, "C001": "M2", "C002": None, "C003": "M2", "C004": None, "C005": "M2"}
    assert managers(a) == managers(b) == pooled
    for desk in (a, b):
        said = run(cli, desk, EXTRACT, "import", "customers", extract(tmp_path)).stdout
        assert "Customers the extract gives to staff who have left: M1 (3)." in said
        assert "3 of them went to their branch's unassigned pool instead" in said
    assert managers(a) == managers(b) == pooled


def test_a_repeated_bundle_changes_nothing_and_one_without_the_mark_leaves_the_leaver_as_before(cli, desks, tmp_path):
    a, b, bundle = desks
    run(cli, b, CARRIED, "import", "bundle", bundle)
    assert active(b, "M1") == 0
    before = rows(b, "SELECT * FROM staff ORDER BY staff_id"), managers(b), rows(b, "SELECT * FROM followups")
    changes = rows(b, "SELECT count(*) FROM audit_log WHERE action = 'staff_change'")
    run(cli, b, "2026-11-21T09:00:00", "import", "bundle", bundle)
    assert (rows(b, "SELECT * FROM staff ORDER BY staff_id"), managers(b), rows(b, "SELECT * FROM followups")) == before
    assert rows(b, "SELECT count(*) FROM audit_log WHERE action = 'staff_change'") == changes
    assert "staff_left" not in last_import(b)

    # A desk that gets the same hand-over from a workbench before leaves travelled: the moves, and M1 at work, as today.
    c = sync_data.branch_file(tmp_path / "c.sqlite")
    rewrite(bundle, as_version_4)
    run(cli, c, CARRIED, "import", "bundle", bundle)
    assert active(c, "M1") == 1 and managers(c) == managers(a)
    assert "staff_left" not in last_import(c)


@pytest.mark.parametrize("change", [
    lambda row: row.update(until="2026-12-01"),           # a cover is no leave
    lambda row: row.update(by_id=row["from_manager_id"]),  # nobody hands their own customers over with --leave
    lambda row: row.update(left_at="2026-11-20T10:00"),   # not a time as the workbench writes one
    lambda row: row.update(left_at=None),                 # a key only a leave's entries have
    lambda row: row.update(left_at="2026-11-21T10:00:00"),   # after the entry itself
])
def test_a_leave_not_as_the_workbench_writes_one_is_refused_and_changes_nothing(cli, desks, tmp_path, change):
    a, b, bundle = desks

    def altered(manifest, entries):
        for entry in entries:
            if entry["table"] == "assignments":
                change(entry["row"])

    rewrite(bundle, altered)
    before = sync_data.dump(b)
    done = cli("--db", b, "--now", CARRIED, "--user", "S1", "--lang", "en", "import", "bundle", bundle)
    assert done.exit_code != 0 and "is not an outcome, follow-up, assignment or erasure entry" in done.stderr
    assert sync_data.dump(b) == before


def test_a_leave_made_by_someone_not_a_supervisor_here_marks_nobody(cli, desks, tmp_path):
    a, b, bundle = desks
    with closing(sqlite3.connect(b)) as conn, conn:
        conn.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('S2', '主管二', 'supervisor', 'B1')")
        conn.execute("UPDATE staff SET role = 'manager' WHERE staff_id = 'S1'")   # S1 is no supervisor on desk B
    run(cli, b, CARRIED, "import", "bundle", bundle, user="S2")
    assert active(b, "M1") == 1 and "staff_left" not in last_import(b)


def test_a_leaver_who_still_manages_customers_here_is_not_marked_and_the_import_says_how_many(cli, desks, tmp_path):
    a, b, bundle = desks
    with closing(sqlite3.connect(b)) as conn, conn:   # M2, who takes M1's customers, is not on desk B's staff
        conn.execute("UPDATE customers SET manager_id = NULL WHERE manager_id = 'M2'")
        conn.execute("DELETE FROM staff WHERE staff_id = 'M2'")
    said = run(cli, b, CARRIED, "import", "bundle", bundle).stdout
    assert active(b, "M1") == 1   # as `staff set M1 --inactive` would refuse: C000, C002, C004 are M1's here still
    assert "Marked as left" not in said
    assert last_import(b)["staff_left"] == {"M1": ["S1", HANDED, 3]}
    assert rows(b, "SELECT owner_id FROM followups WHERE customer_id = 'C001'") == [("M1",)]


def test_an_extract_naming_a_leaver_still_at_work_here_leaves_the_hand_overs_customers_where_it_put_them(
        cli, desks, tmp_path):
    a, b, bundle = desks
    run(cli, b, "2026-11-20T11:00:00", "reassign", "--customer", "C001", "--to", "M1")   # on desk B alone
    run(cli, b, CARRIED, "import", "bundle", bundle)
    assert active(b, "M1") == 1 and last_import(b)["staff_left"] == {"M1": ["S1", HANDED, 1]}
    assert {c: m for c, m in managers(b).items() if c != "C001"} == {c: m for c, m in managers(a).items() if c != "C001"}
    said = run(cli, b, EXTRACT, "import", "customers", extract(tmp_path)).stdout
    # The hand-over's customers are a leaver's, whatever the time since: they stay with M2, as on desk A.
    assert "Customers the extract gives to staff who have left: M1 (3)." in said
    assert "3 of them kept the active manager they already had" in said
    run(cli, a, EXTRACT, "import", "customers", extract(tmp_path))
    assert managers(a) == managers(b) == {f"C{i:03d}": "M2" for i in range(6)}   # C001: head office's word, weeks on
