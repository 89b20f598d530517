"""Head office's extract lags the branch by days: one imported within 14 days of the branch's latest assignment entry
for a customer that names the manager the entry took them from is older than that change, and the customer stays where
the entry put them, on the desk where the change was made and on every desk its bundle reached, whether the extract or
the bundle comes first; past the 14 days it is head office's word. Real database files, real CSV extracts and bundles,
the real CLI."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

import sync_data
from tests.import_support import write_csv
from workbench.db import open_db
from workbench.db.followups import append_event

HEADER = ["客户号", "姓名", "客户经理号", "所属机构"]
KEPT = ("{n} customers stay where the branch's reassignments put them, though the extract gives them back to the"
        " managers they were taken from ({ids}): for 14 days after a reassignment an extract is taken as older than it;"
        " a supervisor gives a customer back with `workbench reassign`.")


def _desks(tmp_path):
    """Desk s (the supervisor's) and desk a (M1's), copies of one branch with their own terminal ids: C000-C005
    split between M1 (even) and M2 (odd), M3 on the staff, and a pending follow-up of M2's for C001, due the 23rd."""
    s, a = sync_data.two_terminals(tmp_path, ("s.sqlite", "a.sqlite"))
    for path in (s, a):
        db = open_db(path)
        db.conn.execute("BEGIN")
        db.conn.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('M3', '王经理', 'manager', 'B1')")
        append_event(db.conn, followup_id="F1", customer_id="C001", kind="created", at="2026-11-19T09:00:00",
                     terminal_id="T0", by_id="M2", owner_id="M2", due_on="2026-11-23", event_id="E1")
        db.conn.execute("COMMIT")
        db.close()
    return s, a


def _run(cli, path, at, *args, lang=()):
    r = cli("--db", path, *lang, "--now", at, "--user", "S1", *args)
    assert r.exit_code == 0, r.stderr
    return r.stdout.splitlines()


def _extract(tmp_path, managers: dict[str, str], name="x.csv"):
    """Head office's full extract of the branch: every customer, with the managers given."""
    return write_csv(tmp_path / name, [HEADER, *[[f"C{i:03d}", f"客户{i}", managers.get(f"C{i:03d}", "M1" if i % 2 == 0
                                                                                          else "M2"), "B1"]
                                                 for i in range(6)]])


def _import_extract(cli, path, at, extract, *extra, lang=()):
    return _run(cli, path, at, "import", "customers", extract, "--full", "--yes", *extra, lang=lang)


def _exchange(cli, source, target, at, tmp_path):
    bundle = tmp_path / f"{source.stem}-{at[-8:-3].replace(':', '')}.wbundle"
    _run(cli, source, at, "export", "bundle", "--out", bundle)
    return _run(cli, target, at, "import", "bundle", bundle)


def _state(path):
    """Every customer's manager and every follow-up's owner."""
    with closing(sqlite3.connect(path)) as conn:
        return (conn.execute("SELECT customer_id, manager_id FROM customers ORDER BY 1").fetchall(),
                conn.execute("SELECT followup_id, owner_id FROM followups ORDER BY 1").fetchall())


def _audit(path):
    with closing(sqlite3.connect(path)) as conn:
        return json.loads(conn.execute("SELECT detail FROM audit_log WHERE action = 'import' AND detail NOT LIKE"
                                       " '%\"kind\": \"bundle\"%' ORDER BY rowid DESC LIMIT 1").fetchone()[0])


@pytest.mark.parametrize("extract_first", [False, True])
def test_a_stale_extract_leaves_the_supervisors_reassignments_on_every_desk_in_either_order(tmp_path, cli,
                                                                                           extract_first):
    """Finding 4: the supervisor gives C001 (M2's) and C003 (M2's) to M1, and C000 (M1's) to M2, on desk s; head
    office's next extract still has the old managers. s imports it after the reassignments, a before or after the
    bundle that brings them: every desk ends with the supervisor's managers, and the follow-up with M1."""
    s, a = _desks(tmp_path)
    for at, customer, to in (("10:30", "C001", "M1"), ("10:31", "C003", "M1"), ("10:32", "C000", "M2")):
        _run(cli, s, f"2026-11-23T{at}:00", "reassign", "--customer", customer, "--to", to)
    after = _state(s)
    assert after[0][:4] == [("C000", "M2"), ("C001", "M1"), ("C002", "M1"), ("C003", "M1")]
    assert after[1] == [("F1", "M1")]
    extract = _extract(tmp_path, {})   # head office lags: the old managers

    dry = _import_extract(cli, s, "2026-11-24T08:25:00", extract, "--dry-run")
    assert KEPT.format(n=3, ids="M1 (1), M2 (2)").replace("stay", "would stay") in dry
    lines = _import_extract(cli, s, "2026-11-24T08:30:00", extract)
    assert KEPT.format(n=3, ids="M1 (1), M2 (2)") in lines
    assert "Inserted 0, updated 0, unchanged 6, rejected 0." in lines
    assert not any("follow-up" in line for line in lines)
    assert _state(s) == after
    assert _audit(s)["reassigned_kept"] == {"M1": 1, "M2": 2}

    if extract_first:   # a has the old managers still: the extract changes nothing, and says nothing of it
        lines = _import_extract(cli, a, "2026-11-24T09:20:00", extract)
        assert "Inserted 0, updated 0, unchanged 6, rejected 0." in lines
        assert not any("reassignment" in line for line in lines)
        _exchange(cli, s, a, "2026-11-24T09:30:00", tmp_path)
    else:
        _exchange(cli, s, a, "2026-11-24T09:00:00", tmp_path)
        assert _state(a) == after
        lines = _import_extract(cli, a, "2026-11-24T09:20:00", extract)
        assert KEPT.format(n=3, ids="M1 (1), M2 (2)") in lines
    assert _state(a) == after
    _exchange(cli, a, s, "2026-11-24T09:40:00", tmp_path)
    assert _state(s) == _state(a) == after


@pytest.mark.parametrize("extract_first", [False, True])
def test_a_leavers_hand_over_survives_a_stale_extract_on_every_desk(tmp_path, cli, extract_first):
    """Finding 2: s hands M2's customers over to M1 and M3 and marks M2 as left, which travels with the hand-over's
    entries: desk a marks M2 as left when they come. Head office's extract still gives M2 her customers: both desks say
    so as a leaver's, and both keep the hand-over, whichever of the extract and the bundle a gets first."""
    s, a = _desks(tmp_path)
    _run(cli, s, "2026-11-23T10:41:00", "staff", "hand-over", "M2", "--to", "M1,M3", "--leave")
    after = _state(s)
    assert {manager for customer, manager in after[0] if customer in ("C001", "C003", "C005")} <= {"M1", "M3"}
    extract = _extract(tmp_path, {})
    lines = _import_extract(cli, s, "2026-11-24T08:30:00", extract)
    assert "Customers the extract gives to staff who have left: M2 (3)." in lines
    assert not any("stay where" in line for line in lines)   # said once, as a leaver's
    assert _state(s) == after

    if extract_first:
        lines = _import_extract(cli, a, "2026-11-24T09:20:00", extract)
        assert not any("reassignment" in line or "left" in line for line in lines)
        _exchange(cli, s, a, "2026-11-24T09:30:00", tmp_path)
    else:
        _exchange(cli, s, a, "2026-11-24T09:00:00", tmp_path)
        lines = _import_extract(cli, a, "2026-11-24T09:20:00", extract, lang=("--lang", "zh_CN"))
        assert "清单把客户分给了已离职的员工：M2 (3)。" in lines
        assert "其中 3 名客户保留原有的在职客户经理（清单早于支行的重新分配）。" in lines
    assert _state(a) == after
    with closing(sqlite3.connect(a)) as conn:   # the leave came with the entries: M2 is marked as left here too
        assert conn.execute("SELECT active FROM staff WHERE staff_id = 'M2'").fetchone() == (0,)
    _exchange(cli, a, s, "2026-11-24T09:40:00", tmp_path)
    assert _state(s) == _state(a) == after


def test_an_extract_that_moved_the_customer_since_the_reassignment_is_head_offices_word_again(tmp_path, cli):
    """Only while the customer has the manager the branch gave them is an extract naming the one before stale: once
    head office has moved them on (to M3), a later extract giving them to M2 again is head office's move, and so is
    one that names a manager the entry had nothing to do with."""
    s, _a = _desks(tmp_path)
    _run(cli, s, "2026-11-23T10:30:00", "reassign", "--customer", "C001", "--to", "M1")
    lines = _import_extract(cli, s, "2026-11-24T08:30:00", _extract(tmp_path, {"C001": "M3", "C003": "M2"}))
    assert not any("stay" in line for line in lines)
    assert _state(s)[0][1] == ("C001", "M3")
    lines = _import_extract(cli, s, "2026-11-25T08:30:00", _extract(tmp_path, {"C001": "M2"}, "y.csv"))
    assert not any("stay" in line for line in lines)
    assert _state(s)[0][1] == ("C001", "M2")
    # Customers handed to the pool stay there when the extract names the manager they were taken from (the next
    # day's file, which moves C000 to M3 besides).
    _run(cli, s, "2026-11-25T10:00:00", "staff", "hand-over", "M2", "--to-pool")
    lines = _import_extract(cli, s, "2026-11-26T08:30:00", _extract(tmp_path, {"C000": "M3"}, "z.csv"))
    assert KEPT.format(n=3, ids="M2 (3)") in lines
    assert [(c, manager) for c, manager in _state(s)[0] if manager in (None, "M3")] == [
        ("C000", "M3"), ("C001", None), ("C003", None), ("C005", None)]


def test_the_rule_ends_fourteen_days_after_the_reassignment_to_the_second(tmp_path, cli):
    """F4: a supervisor covers M2's leave by giving C001 to M1 on the 23rd at 10:30; head office gives C001 back to M2
    in its extract. Imported at 10:30:00 fourteen days on, the extract is still taken as older than the change (C001
    stays with M1); one second later it is head office's word: C001 and its follow-up go back to M2, and nothing says
    the customer stayed."""
    s, _a = _desks(tmp_path)
    _run(cli, s, "2026-11-23T10:30:00", "reassign", "--customer", "C001", "--to", "M1")
    late = tmp_path / "late.sqlite"
    with closing(sqlite3.connect(s)) as source, closing(sqlite3.connect(late)) as copy:
        source.backup(copy)   # the desk as it is, its WAL included
    extract = _extract(tmp_path, {})

    lines = _import_extract(cli, s, "2026-12-07T10:30:00", extract)
    assert ("1 customer stays where the branch's reassignment put them, though the extract gives them back to the"
            " manager they were taken from (M2 (1)): for 14 days after a reassignment an extract is taken as older than"
            " it; a supervisor gives a customer back with `workbench reassign`.") in lines
    assert _state(s)[0][1] == ("C001", "M1") and _state(s)[1] == [("F1", "M1")]
    assert _audit(s)["reassigned_kept"] == {"M2": 1}

    lines = _import_extract(cli, late, "2026-12-07T10:30:01", extract)
    assert not any("stay" in line for line in lines)
    assert "Inserted 0, updated 1, unchanged 5, rejected 0." in lines
    assert _state(late)[0][1] == ("C001", "M2") and _state(late)[1] == [("F1", "M2")]
    assert "reassigned_kept" not in _audit(late)


def test_desks_the_window_left_apart_agree_again_at_their_next_extract(tmp_path, cli):
    """The 14 days run from the entry's time, the same on every desk. Desk a imports head office's extract before the
    supervisor's change of the 23rd reaches it (C001 is M2's still: nothing changes); desk s imports the same file
    after the 14 days (head office's word: C001 back to M2), and only then sends the change to a, where it applies
    (M1). Apart, until each imports the next extract: both give C001 to M2."""
    s, a = _desks(tmp_path)
    _run(cli, s, "2026-11-23T10:30:00", "reassign", "--customer", "C001", "--to", "M1")
    extract = _extract(tmp_path, {})
    _import_extract(cli, a, "2026-11-24T08:30:00", extract)
    lines = _import_extract(cli, s, "2026-12-08T08:30:00", extract)
    assert not any("stay" in line for line in lines)
    _exchange(cli, s, a, "2026-12-08T09:00:00", tmp_path)
    assert (_state(s)[0][1], _state(a)[0][1]) == (("C001", "M2"), ("C001", "M1"))

    following = _extract(tmp_path, {"C005": "M3"}, "next.csv")
    for path, at in ((a, "2026-12-09T08:30:00"), (s, "2026-12-09T08:40:00")):
        lines = _import_extract(cli, path, at, following)
        assert not any("stay" in line for line in lines)
    assert _state(s)[0] == _state(a)[0]
    assert _state(s)[0][1] == ("C001", "M2") and _state(s)[0][5] == ("C005", "M3")
