"""A customer's manager changed on one desk (reassign, pool assign, a hand-over) travels in bundles as an assignment
entry and applies on the desk that imports it where the customer still has the manager it was taken from; what does
not apply is kept and said once. Real database files, real bundles, the real CLI."""

from __future__ import annotations

import json
import shutil
import sqlite3
import uuid
from contextlib import closing
from datetime import datetime

import pytest

import sync_data
from sync_data import add_outcome, as_version_2, dump, terminal_id
from workbench.db import open_db
from workbench.db.followups import append_event
from workbench.errors import WorkbenchError
from workbench.sync.bundle import FORMAT_VERSION, _canonical, _digest, export_bundle, import_bundle

NOW = datetime(2026, 11, 20, 16, 0, 0)
M3 = ("M3", "王经理", "manager", 1)
SUMMARY = ("Customers given to managers: {new} new entries, {known} already here; {applied} applied here, {already} already"
           " so here, {superseded} superseded by a later change, {refused} not applied.")


def _summary(*, new: int, known: int, applied: int, already: int, refused: int, superseded: int = 0) -> str:
    return SUMMARY.format(new=new, known=known, applied=applied, already=already, superseded=superseded, refused=refused)


def _desks(tmp_path, *, customers: int = 6, pool: tuple[str, ...] = (), staff: tuple[tuple, ...] = (M3,),
           followups: tuple[tuple[str, str], ...] = ()):
    """Desk s (the supervisor's) and desk a, copies of one branch with their own terminal ids: customers split between
    M1 (even) and M2 (odd), those in pool in the unassigned pool, staff (id, name, role, active) added, and a pending
    follow-up of the customer's manager, due the 23rd, for each (follow-up, customer) of followups."""
    s, a = tmp_path / "s.sqlite", tmp_path / "a.sqlite"
    db = open_db(s)
    sync_data.seed_branch(db.conn, customers)
    conn = db.conn
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO staff (staff_id, name, role, branch_id, active) VALUES (?, ?, ?, 'B1', ?)", staff)
    conn.execute("UPDATE customers SET manager_id = NULL WHERE customer_id IN (SELECT value FROM json_each(?))",
                 (json.dumps(pool),))
    for fid, customer in followups:
        owner = conn.execute("SELECT coalesce(manager_id, 'S1') FROM customers WHERE customer_id = ?", (customer,)).fetchone()[0]
        append_event(conn, followup_id=fid, customer_id=customer, kind="created", at="2026-11-19T09:00:00",
                     terminal_id=terminal_id(conn), by_id=owner, owner_id=owner, due_on="2026-11-23")
    conn.execute("COMMIT")
    db.close()
    shutil.copy(s, a)
    with closing(sqlite3.connect(a)) as c, c:
        c.execute("UPDATE meta SET value = ? WHERE key = 'terminal_id'", (str(uuid.uuid4()),))
    return s, a


def _run(cli, path, now, user, *args, lang=()):
    r = cli("--db", path, *lang, "--now", f"2026-11-20T{now}:00", "--user", user, *args)
    assert r.exit_code == 0, r.stderr
    return r


def _export(cli, path, now, name=None):
    bundle = path.with_suffix(f".{name or now.replace(':', '')}.wbundle")
    _run(cli, path, now, "S1", "export", "bundle", "--out", bundle)
    return bundle


def _import(cli, path, now, bundle, *, lang=()):
    """Import the bundle here; the lines after the 'Imported …' one (a repeat's note comes before it)."""
    lines = _run(cli, path, now, "S1", "import", "bundle", bundle, lang=lang).stdout.splitlines()
    first = [i for i, line in enumerate(lines) if line.startswith(("Imported ", "已从终端"))]
    assert first, lines
    return lines[first[0] + 1:]


def _managers(path) -> dict[str, str | None]:
    with closing(sqlite3.connect(path)) as conn:
        return dict(conn.execute("SELECT customer_id, manager_id FROM customers"))


def _entries(path, *where) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT customer_id, from_manager_id, to_manager_id, source, by_id, status, manager_here"
                            f" FROM assignments {' '.join(where)} ORDER BY at, rowid").fetchall()


def _owner(path, fid):
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT f.owner_id, c.manager_id FROM followups f JOIN customers c USING (customer_id)"
                            " WHERE f.followup_id = ?", (fid,)).fetchone()


def _short(path):
    with closing(sqlite3.connect(path)) as conn:
        return terminal_id(conn)[:8]


def _unchanged_but_the_logs(before, after):
    for table in set(before) | set(after):
        if table not in ("import_log", "audit_log"):
            assert after[table] == before[table], table


# --- the local actions write their entries --------------------------------------------------------------------


def test_reassign_pool_assign_and_a_hand_over_each_write_one_entry_a_customer_in_their_transaction(tmp_path, cli):
    s, _a = _desks(tmp_path, pool=("C001",))
    _run(cli, s, "10:00", "S1", "reassign", "--customer", "C000", "--to", "M2")
    _run(cli, s, "10:01", "S1", "pool", "assign", "C001", "--to", "M3")
    # All or none: C003 is M2's, so C005 is not assigned either, and no entry is written.
    assert cli("--db", s, "--user", "S1", "pool", "assign", "C005", "C003", "--to", "M3").exit_code != 0
    _run(cli, s, "10:02", "S1", "staff", "hand-over", "M1", "--to", "M3", "--dry-run")
    _run(cli, s, "10:03", "S1", "staff", "hand-over", "M1", "--to-pool")
    assert _entries(s) == [
        ("C000", "M1", "M2", "reassign", "S1", "made_here", None),
        ("C001", None, "M3", "pool", "S1", "made_here", None),
        ("C002", "M1", None, "hand_over", "S1", "made_here", None),
        ("C004", "M1", None, "hand_over", "S1", "made_here", None),
    ]
    with closing(sqlite3.connect(s)) as conn:
        ids = [r[0] for r in conn.execute("SELECT assignment_id FROM assignments")]
        assert all(uuid.UUID(i).version == 4 for i in ids) and len(set(ids)) == 4
        assert {r[0] for r in conn.execute("SELECT terminal_id FROM assignments")} == {terminal_id(conn)}
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE assignments SET to_manager_id = 'M1'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM assignments")


def test_a_customers_entries_keep_their_order_within_one_second(tmp_path, cli):
    s, _a = _desks(tmp_path)
    _run(cli, s, "10:00", "S1", "staff", "hand-over", "M1", "--to-pool")
    _run(cli, s, "10:00", "S1", "pool", "assign", "C002", "--to", "M2")
    _run(cli, s, "10:00", "S1", "reassign", "--customer", "C002", "--to", "M3")
    with closing(sqlite3.connect(s)) as conn:
        assert conn.execute("SELECT at, source FROM assignments WHERE customer_id = 'C002' ORDER BY rowid").fetchall() == [
            ("2026-11-20T10:00:00", "hand_over"), ("2026-11-20T10:00:01", "pool"), ("2026-11-20T10:00:02", "reassign")]


# --- they travel ----------------------------------------------------------------------------------------------


def test_a_pool_customer_given_on_the_supervisors_desk_is_on_the_managers_list_on_the_managers_desk(tmp_path, cli):
    s, a = _desks(tmp_path, pool=("C001", "C003"))
    _run(cli, s, "10:00", "S1", "pool", "assign", "C001", "--to", "M2")

    def listed(now):
        rows = json.loads(_run(cli, a, now, "M2", "calllist", "--manager", "M2", "--json").stdout)
        return {row["customer_id"] for row in rows}

    assert "C001" not in listed("10:05")
    assert _import(cli, a, "10:10", _export(cli, s, "10:05")) == [
        _summary(new=1, known=0, applied=1, already=0, refused=0)]
    assert _managers(a)["C001"] == "M2" and _managers(a)["C003"] is None
    assert "C001" in listed("10:15")
    pooled = json.loads(_run(cli, a, "10:15", "S1", "pool", "list", "--json").stdout)
    assert "C001" not in json.dumps(pooled) and "C003" in json.dumps(pooled)
    assert _entries(a) == [("C001", None, "M2", "pool", "S1", "applied", None)]
    # The same bundle again changes nothing and says nothing more.
    before = dump(a)
    assert _import(cli, a, "10:20", s.with_suffix(".1005.wbundle")) == []
    _unchanged_but_the_logs(before, dump(a))


def test_a_reassignments_follow_ups_are_no_longer_held(tmp_path, cli):
    s, a = _desks(tmp_path, followups=(("F1", "C000"),))
    _run(cli, s, "10:00", "S1", "reassign", "--customer", "C000", "--to", "M2")
    assert _owner(s, "F1") == ("M2", "M2")
    # Before assignments travelled, this import said the follow-up "stays with" M1, the customer's manager here.
    assert _import(cli, a, "10:10", _export(cli, s, "10:05")) == [
        _summary(new=1, known=0, applied=1, already=0, refused=0)]
    assert _owner(a, "F1") == ("M2", "M2")


def test_a_hand_over_of_many_customers_travels_with_the_follow_ups_only_this_desk_held(tmp_path, cli):
    s, a = _desks(tmp_path, customers=3000)
    db = open_db(a)   # a follow-up of C000's booked on desk a alone, after the copy
    with db.conn:
        append_event(db.conn, followup_id="FA", customer_id="C000", kind="created", at="2026-11-20T09:00:00",
                     terminal_id=terminal_id(db.conn), by_id="M1", owner_id="M1", due_on="2026-11-24")
    db.close()
    _run(cli, s, "10:00", "S1", "staff", "hand-over", "M1", "--to", "M2,M3", "--leave")
    assert len(_entries(s, "WHERE source = 'hand_over'")) == 1500
    lines = _import(cli, a, "10:10", _export(cli, s, "10:05"))
    assert lines == [_summary(new=1500, known=0, applied=1500, already=0, refused=0),
                     "1 pending follow-up that only this terminal held went along with its customer.",
                     "Marked as left here, as the hand-over with --leave on another terminal did: M1 李经理."]
    assert _managers(a) == _managers(s)
    assert {m for m in _managers(a).values()} == {"M2", "M3"}
    assert _owner(a, "FA") == (_managers(a)["C000"],) * 2
    with closing(sqlite3.connect(a)) as conn:
        assert conn.execute("SELECT count(*) FROM assignments WHERE status = 'applied'").fetchone() == (1500,)
        # The leave travels with the hand-over's entries: M1 is marked as left here too.
        assert conn.execute("SELECT active FROM staff WHERE staff_id = 'M1'").fetchone() == (0,)


def test_a_chain_applies_in_time_order_whatever_the_file_order(tmp_path, cli):
    s, a = _desks(tmp_path)
    _run(cli, s, "10:00", "S1", "staff", "hand-over", "M1", "--to-pool")
    _run(cli, s, "10:00", "S1", "pool", "assign", "C002", "--to", "M2")   # the same second: 10:00:01
    bundle = _export(cli, s, "10:05")
    head, body = bundle.read_bytes().split(b"\n", 1)
    lines = body.split(b"\n")[:-1]
    reversed_body = b"".join(line + b"\n" for line in reversed(lines))   # pool -> M2 first, M1 -> pool after
    manifest = json.loads(head)
    manifest["sha256"] = _digest(manifest, reversed_body)
    backwards = tmp_path / "backwards.wbundle"
    backwards.write_bytes(_canonical(manifest) + b"\n" + reversed_body)
    assert _import(cli, a, "10:10", backwards) == [_summary(new=4, known=0, applied=4, already=0, refused=0)]
    assert {c: m for c, m in _managers(a).items() if c in ("C000", "C002", "C004")} == {
        "C000": None, "C002": "M2", "C004": None}
    assert _managers(a) == _managers(s)


# --- and where they do not apply, say so once -----------------------------------------------------------------


def test_where_a_later_change_decides_the_entry_is_kept_reported_once_and_the_follow_up_held(tmp_path, cli):
    s, a = _desks(tmp_path)
    _run(cli, a, "10:05", "S1", "reassign", "--customer", "C000", "--to", "M3")
    db = open_db(s)   # a follow-up only desk s knows, which the reassignment there gives to M2
    with db.conn:
        append_event(db.conn, followup_id="F9", customer_id="C000", kind="created", at="2026-11-20T09:00:00",
                     terminal_id=terminal_id(db.conn), by_id="M1", owner_id="M1", due_on="2026-11-24")
    db.close()
    _run(cli, s, "10:00", "S1", "reassign", "--customer", "C000", "--to", "M2")
    s_bundle = _export(cli, s, "10:06")
    assert _import(cli, a, "10:10", s_bundle) == [
        _summary(new=1, known=0, applied=0, already=0, refused=1),
        f"客户0 (C000) was given from M1 李经理 to M2 张经理 (by S1 主管王 on terminal {_short(s)}, 2026-11-20 10:00),"
        " but not on this terminal: here the customer's manager is M3 王经理, and a later change decides.",
        f"The follow-up of 客户0 (C000) was given to M2 张经理 (by S1 主管王 on terminal {_short(s)}), but on this terminal"
        " the customer's manager is M3 王经理, so it stays with them; reassign the customer on this terminal too if that"
        " was meant.",
    ]
    assert _managers(a)["C000"] == "M3" and _owner(a, "F9") == ("M3", "M3")
    assert _entries(a, "WHERE status != 'made_here'") == [("C000", "M1", "M2", "reassign", "S1", "other_manager", "M3")]
    before = dump(a)
    assert _import(cli, a, "10:15", s_bundle) == []   # kept: a repeat reports nothing again
    _unchanged_but_the_logs(before, dump(a))
    # The other way round, desk a's later entry (M1 -> M3) decides on desk s too: the desks agree.
    assert _import(cli, s, "10:20", _export(cli, a, "10:20")) == [
        _summary(new=1, known=1, applied=1, already=0, refused=0),
        "1 pending follow-up that only this terminal held went along with its customer."]
    assert _managers(s) == _managers(a) and _owner(s, "F9") == ("M3", "M3")


def test_the_same_change_made_on_both_desks_is_already_so(tmp_path, cli):
    s, a = _desks(tmp_path, pool=("C001",))
    _run(cli, s, "10:00", "S1", "pool", "assign", "C001", "--to", "M2")
    _run(cli, a, "10:01", "S1", "pool", "assign", "C001", "--to", "M2")
    assert _import(cli, a, "10:10", _export(cli, s, "10:05")) == [
        _summary(new=1, known=0, applied=0, already=1, refused=0)]
    assert _entries(a, "WHERE status = 'already'") == [("C001", None, "M2", "pool", "S1", "already", None)]


def test_an_unknown_customer_an_unknown_manager_a_leaver_and_a_supervisor_are_named(tmp_path, cli):
    staff = (M3, ("M5", "赵经理", "manager", 1), ("M6", "钱经理", "manager", 1))
    s, a = _desks(tmp_path, staff=staff)
    with closing(sqlite3.connect(s)) as conn, conn:   # on desk s only: a manager and a customer
        conn.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('M4', '孙经理', 'manager', 'B1')")
        conn.execute("INSERT INTO customers (customer_id, name, manager_id, branch_id) VALUES ('C900', '新客户', 'M1', 'B1')")
    with closing(sqlite3.connect(a)) as conn, conn:   # on desk a, M5 has left and M6 is a supervisor
        conn.execute("UPDATE staff SET active = 0 WHERE staff_id = 'M5'")
        conn.execute("UPDATE staff SET role = 'supervisor' WHERE staff_id = 'M6'")
    for customer, to in (("C900", "M2"), ("C000", "M4"), ("C002", "M5"), ("C004", "M6")):
        _run(cli, s, "10:00", "S1", "reassign", "--customer", customer, "--to", to)
    before = _managers(a)
    given = "was given from M1 李经理 to {to} (by S1 主管王 on terminal " + _short(s) + ", 2026-11-20 10:00), but not on this terminal: "
    assert _import(cli, a, "10:10", _export(cli, s, "10:05")) == [
        _summary(new=4, known=0, applied=0, already=0, refused=4),
        "C900 " + given.format(to="M2 张经理") + "the customer is not known on this terminal.",
        "客户0 (C000) " + given.format(to="M4") + "M4 is not on the staff of this terminal.",
        "客户2 (C002) " + given.format(to="M5 赵经理") + "M5 赵经理 has left.",
        "客户4 (C004) " + given.format(to="M6 钱经理") + "M6 钱经理 is a supervisor on this terminal, and customers are"
                                                          " assigned to managers.",
        "warning: 1 new entry in the bundle concerns a customer not known here; it was kept, but no one's call list"
        " here shows it.",
    ]
    assert _managers(a) == before
    assert [e[5] for e in _entries(a)] == ["unknown_customer", "unknown_manager", "left", "not_manager"]


def test_a_hand_over_refused_whole_names_twenty_and_counts_the_rest(tmp_path, cli):
    s, a = _desks(tmp_path, customers=60)   # M1 has 30
    _run(cli, a, "10:01", "S1", "staff", "hand-over", "M1", "--to", "M3")
    _run(cli, s, "10:00", "S1", "staff", "hand-over", "M1", "--to", "M2")
    lines = _import(cli, a, "10:10", _export(cli, s, "10:05"))
    assert lines[0] == _summary(new=30, known=0, applied=0, already=0, refused=30)
    assert len(lines) == 22 and all("here the customer's manager is M3 王经理" in line for line in lines[1:21])
    assert lines[21] == "… and 10 more not applied; the audit log's entry of this import names each."
    with closing(sqlite3.connect(a)) as conn:
        detail = json.loads(conn.execute("SELECT detail FROM audit_log WHERE action = 'bundle_assignments'").fetchone()[0])
    assert set(detail["not_applied"].values()) == {"other_manager"} and len(detail["not_applied"]) == 30


def _new_manager_on_s(tmp_path, pool=("C001", "C003")):
    """Desks s and a with the customers of pool in the pool, and M4, a manager on desk s's staff only."""
    s, a = _desks(tmp_path, pool=pool)
    with closing(sqlite3.connect(s)) as conn, conn:
        conn.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('M4', '孙经理', 'manager', 'B1')")
    return s, a


def _audited(path) -> dict:
    with closing(sqlite3.connect(path)) as conn:
        return json.loads(conn.execute("SELECT detail FROM audit_log WHERE action = 'bundle_assignments'").fetchone()[0])


def test_an_entry_a_later_change_in_force_here_supersedes_is_counted_not_named(tmp_path, cli):
    s, a = _new_manager_on_s(tmp_path)
    _run(cli, s, "10:00", "S1", "pool", "assign", "C001", "C003", "--to", "M4")
    _run(cli, s, "10:01", "S1", "reassign", "--customer", "C003", "--to", "M2")
    _run(cli, s, "10:02", "S1", "staff", "hand-over", "M4", "--to-pool", "--leave")
    before = _managers(a)
    # M4 is no one here, so pool -> M4 applies to neither; but C001 is back in the pool and C003 is M2's, here as on
    # desk s: nothing those two entries would have done is missing here.
    assert _import(cli, a, "10:10", _export(cli, s, "10:05")) == [
        _summary(new=4, known=0, applied=1, already=1, superseded=2, refused=0)]
    assert _managers(a) == _managers(s) == {**before, "C003": "M2"}
    assert _entries(a) == [("C001", None, "M4", "pool", "S1", "unknown_manager", None),
                           ("C003", None, "M4", "pool", "S1", "unknown_manager", None),
                           ("C003", "M4", "M2", "reassign", "S1", "applied", None),
                           ("C001", "M4", None, "hand_over", "S1", "already", None)]
    detail = _audited(a)   # each still with why it did not apply
    assert detail["not_applied"] == {} and sorted(detail["superseded"].values()) == ["unknown_manager"] * 2


def test_an_entry_after_the_one_in_force_here_is_still_named(tmp_path, cli):
    s, a = _new_manager_on_s(tmp_path)
    _run(cli, s, "10:00", "S1", "pool", "assign", "C001", "--to", "M2")
    _run(cli, s, "10:01", "S1", "reassign", "--customer", "C001", "--to", "M4")
    # The earlier entry applies; the later one does not, and C001 is M2's here and M4's there: it is named.
    assert _import(cli, a, "10:10", _export(cli, s, "10:05")) == [
        _summary(new=2, known=0, applied=1, already=0, superseded=0, refused=1),
        f"客户1 (C001) was given from M2 张经理 to M4 (by S1 主管王 on terminal {_short(s)}, 2026-11-20 10:01), but not on"
        " this terminal: M4 is not on the staff of this terminal."]
    assert _managers(a)["C001"] == "M2"
    detail = _audited(a)
    assert list(detail["not_applied"].values()) == ["unknown_manager"] and detail["superseded"] == {}


def test_superseded_entries_are_counted_and_the_rest_named_in_chinese(tmp_path, cli):
    s, a = _new_manager_on_s(tmp_path)
    _run(cli, s, "10:00", "S1", "pool", "assign", "C001", "--to", "M4")
    _run(cli, s, "10:00", "S1", "pool", "assign", "C003", "--to", "M2")
    _run(cli, s, "10:01", "S1", "staff", "hand-over", "M4", "--to-pool")
    _run(cli, s, "10:02", "S1", "reassign", "--customer", "C003", "--to", "M4")
    assert _import(cli, a, "10:10", _export(cli, s, "10:05"), lang=("--lang", "zh_CN")) == [
        "客户改派记录：新增 4 条（已有 0 条）；本终端执行 1 条，1 条在本终端已是如此，1 条已被更晚的改派取代，1 条未执行。",
        f"客户3（C003）已由 M2 张经理改派给 M4（S1 主管王，终端 {_short(s)}，2026-11-20 10:02），但在本终端未执行："
        "本终端的员工中没有 M4。"]


def test_the_chinese_sentence_sets_the_pool_and_an_id_in_as_chinese_is_set(tmp_path, cli):
    """由 未分配客户池改派给 M4 and 员工中没有M4 were said: no space between the pool and the Chinese beside it, one
    between an id and Chinese (i18n.fill)."""
    s, a = _new_manager_on_s(tmp_path, pool=("C001",))
    _run(cli, s, "10:00", "S1", "pool", "assign", "C001", "--to", "M4")
    assert _import(cli, a, "10:10", _export(cli, s, "10:05"), lang=("--lang", "zh_CN"))[1:] == [
        f"客户1（C001）已由未分配客户池改派给 M4（S1 主管王，终端 {_short(s)}，2026-11-20 10:00），但在本终端未执行："
        "本终端的员工中没有 M4。"]


def test_a_customer_erased_here_stays_as_erased(tmp_path, cli):
    s, a = _desks(tmp_path)
    _run(cli, a, "09:00", "S1", "privacy", "erase", "--customer", "C000", "--yes")
    _run(cli, s, "10:00", "S1", "reassign", "--customer", "C000", "--to", "M2")
    assert _import(cli, a, "10:10", _export(cli, s, "10:05")) == [
        _summary(new=1, known=0, applied=0, already=0, refused=1),
        f"an erased customer (C000) was given from M1 李经理 to M2 张经理 (by S1 主管王 on terminal {_short(s)},"
        " 2026-11-20 10:00), but not on this terminal: the customer's personal data was erased on this terminal, so"
        " their record is left as it is."]
    with closing(sqlite3.connect(a)) as conn:
        assert conn.execute("SELECT manager_id, name, do_not_call_source FROM customers WHERE customer_id = 'C000'"
                            ).fetchone() == ("M1", "(erased)", "erasure")
    # What desk a passes on of it holds numbers and ids only, as its outcome entries do.
    relayed = _export(cli, a, "10:20").read_text(encoding="utf-8")
    assert '"customer_id":"C000"' in relayed and "客户0" not in relayed


def test_the_import_says_it_in_chinese(tmp_path, cli):
    s, a = _desks(tmp_path)
    _run(cli, a, "10:06", "S1", "reassign", "--customer", "C000", "--to", "M3")
    _run(cli, s, "10:05", "S1", "reassign", "--customer", "C000", "--to", "M2")
    _run(cli, s, "10:05", "S1", "reassign", "--customer", "C001", "--to", "M1")
    assert _import(cli, a, "10:10", _export(cli, s, "10:06"), lang=("--lang", "zh_CN")) == [
        "客户改派记录：新增 2 条（已有 0 条）；本终端执行 1 条，0 条在本终端已是如此，0 条已被更晚的改派取代，1 条未执行。",
        f"客户0（C000）已由 M1 李经理改派给 M2 张经理（S1 主管王，终端 {_short(s)}，2026-11-20 10:05），但在本终端未执行："
        "在本终端该客户的客户经理是 M3 王经理，以更晚的一项改派为准。"]
    assert _managers(a)["C001"] == "M1"


# --- what a bundle may hold -----------------------------------------------------------------------------------


def test_export_narrows_by_manager_and_date(tmp_path, cli):
    s, _a = _desks(tmp_path, pool=("C001",))
    _run(cli, s, "10:00", "S1", "reassign", "--customer", "C000", "--to", "M2")   # from M1, to M2
    _run(cli, s, "10:00", "S1", "pool", "assign", "C001", "--to", "M3")           # from the pool, to M3
    db = open_db(s)
    try:
        counts = {m: export_bundle(db.conn, tmp_path / f"{m}.wbundle", now=NOW, manager_id=m).manifest["counts"]["assignments"]
                  for m in ("M1", "M2", "M3", "S1")}
        assert counts == {"M1": 1, "M2": 1, "M3": 1, "S1": 2}   # from, to or by them
        assert export_bundle(db.conn, tmp_path / "later.wbundle", now=NOW, since="2026-11-21").manifest["counts"][
            "assignments"] == 0
        manifest = export_bundle(db.conn, tmp_path / "all.wbundle", now=NOW).manifest
        assert (manifest["format_version"], manifest["counts"]["assignments"]) == (FORMAT_VERSION, 2)
    finally:
        db.close()


def _resigned(data: bytes, change) -> bytes:
    """The bundle with change(manifest, entries) applied and signed again, as a writer that signs its own would."""
    head, body = data.split(b"\n", 1)
    manifest = json.loads(head)
    entries = [json.loads(line) for line in body.split(b"\n") if line]
    change(manifest, entries)
    new_body = b"".join(_canonical(e) + b"\n" for e in entries)
    manifest["sha256"] = _digest(manifest, new_body)
    return _canonical(manifest) + b"\n" + new_body


def _attempt(target, data, tmp_path) -> str | None:
    """Import data into target: None when it imports, else the refusal's sentence."""
    path = tmp_path / "x.wbundle"
    path.write_bytes(data)
    db = open_db(target)
    try:
        import_bundle(db.conn, path, now=NOW, actor="S1")
    except WorkbenchError as exc:
        return str(exc)
    finally:
        db.close()
    return None


@pytest.fixture
def bundle_with_an_assignment(tmp_path, cli):
    """Desk s's bundle of one call and one reassignment, and desk a that has neither."""
    s, a = _desks(tmp_path)
    db = open_db(s)
    with db.conn:
        add_outcome(db.conn, "C002", "2026-11-20T09:00:00")
    db.close()
    _run(cli, s, "10:00", "S1", "reassign", "--customer", "C000", "--to", "M2")
    return _export(cli, s, "10:05").read_bytes(), a


def _as_version_1(manifest, entries):
    as_version_2(manifest, entries)
    manifest["format_version"] = 1
    del manifest["counts"]["assignments"], manifest["counts"]["erasures"]
    entries[:] = [e for e in entries if e["table"] != "assignments"]


def test_a_version_1_bundle_still_imports_and_may_not_hold_assignments(bundle_with_an_assignment, tmp_path):
    data, a = bundle_with_an_assignment
    assert _attempt(a, _resigned(data, _as_version_1), tmp_path) is None
    with closing(sqlite3.connect(a)) as conn:
        assert conn.execute("SELECT customer_id FROM outcomes").fetchall() == [("C002",)]
        assert conn.execute("SELECT count(*) FROM assignments").fetchone() == (0,)
    before = dump(a)

    def version_1_with_the_assignment(manifest, entries):
        as_version_2(manifest, entries)
        manifest["format_version"] = 1
        del manifest["counts"]["assignments"], manifest["counts"]["erasures"]

    assert "line 3 is not an outcome, follow-up, assignment or erasure entry" in _attempt(
        a, _resigned(data, version_1_with_the_assignment), tmp_path)

    def newer(manifest, entries):
        manifest["format_version"] = FORMAT_VERSION + 1

    assert (f"its format version {FORMAT_VERSION + 1} is not one this workbench reads (it reads versions 1 to"
            f" {FORMAT_VERSION})") in _attempt(a, _resigned(data, newer), tmp_path)
    assert dump(a) == before


def _assignment(entries) -> dict:
    return next(e["row"] for e in entries if e["table"] == "assignments")


@pytest.mark.parametrize("spoil", [
    lambda row: row.update(at="2026-11-20 10:00:00"),          # not as this workbench writes a time
    lambda row: row.update(at="2026-11-20T10:00:00+08:00"),    # a time zone: would not sort with the others
    lambda row: row.update(at="yesterday"),
    lambda row: row.update(source="extract"),                  # head office's extracts make no entries
    lambda row: row.update(to_manager_id="M1"),                # from and to the same manager
    lambda row: row.update(to_manager_id=""),
    lambda row: row.update(to_manager_id=None),                # only a hand-over gives to the pool
    lambda row: row.update(source="pool"),                     # a pool assignment takes from the pool
    lambda row: row.update(source="hand_over", from_manager_id=None),   # a hand-over takes from a staff member
    lambda row: row.update(by_id=None),
    lambda row: row.update(customer_id=" C000"),
    lambda row: row.update(assignment_id=7),
    lambda row: row.pop("source"),
    lambda row: row.update(status="applied"),                  # what a desk made of it never travels
])
def test_a_spoiled_assignment_row_refuses_the_bundle_whole(bundle_with_an_assignment, tmp_path, spoil):
    data, a = bundle_with_an_assignment
    before = dump(a)
    message = _attempt(a, _resigned(data, lambda manifest, entries: spoil(_assignment(entries))), tmp_path)
    assert message == "Refused x.wbundle: line 3 is not an outcome, follow-up, assignment or erasure entry; nothing was imported."
    assert dump(a) == before


def test_a_tampered_assignment_row_is_refused_whole(bundle_with_an_assignment, tmp_path):
    data, a = bundle_with_an_assignment
    before = dump(a)
    tampered = data.replace(b'"to_manager_id":"M2"', b'"to_manager_id":"M3"')   # a well-formed row, another manager
    assert tampered != data
    assert "its checksum does not match its content" in _attempt(a, tampered, tmp_path)
    assert dump(a) == before


def _import_data(target, data, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(data)
    db = open_db(target)
    try:
        return import_bundle(db.conn, path, now=NOW, actor="S1")
    finally:
        db.close()


def test_an_entry_held_with_other_content_is_kept_as_held_and_named_in_file_order(bundle_with_an_assignment, tmp_path):
    data, a = bundle_with_an_assignment
    assert _import_data(a, data, tmp_path, "x.wbundle").assignments_new == 1
    entry = _assignment([json.loads(line) for line in data.splitlines()[1:]])

    def other_manager_and_time(manifest, entries):
        _assignment(entries)["to_manager_id"] = "M3"
        next(e["row"] for e in entries if e["table"] == "outcomes")["at"] = "2026-11-20T09:00:01"

    result = _import_data(a, _resigned(data, other_manager_and_time), tmp_path, "y.wbundle")
    outcome = next(json.loads(line)["row"]["outcome_id"] for line in data.splitlines()[1:] if b'"outcomes"' in line)
    assert (result.assignments_new, result.assignments_known) == (0, 1)
    assert result.differing == [outcome, entry["assignment_id"]]   # as the file has them
    assert _managers(a)["C000"] == "M2"


def test_an_entry_the_bundle_repeats_with_other_content_is_taken_the_first_time(bundle_with_an_assignment, tmp_path):
    data, a = bundle_with_an_assignment

    def repeated(manifest, entries):
        entries.append({"table": "assignments", "row": {**_assignment(entries), "to_manager_id": "M3"}})
        manifest["counts"]["assignments"] += 1

    result = _import_data(a, _resigned(data, repeated), tmp_path, "x.wbundle")
    assert (result.assignments_new, result.assignments_known, result.unknown_customer_entries) == (1, 1, 0)
    assert result.differing == [_assignment([json.loads(line) for line in data.splitlines()[1:]])["assignment_id"]]
    assert _managers(a)["C000"] == "M2"


def test_an_entry_made_under_this_desks_id_that_it_never_held_is_refused(tmp_path, cli):
    s, a = _desks(tmp_path)
    copy = tmp_path / "copy.sqlite"
    shutil.copy(a, copy)   # shares desk a's terminal id
    _run(cli, copy, "10:00", "S1", "reassign", "--customer", "C000", "--to", "M2")
    before = dump(a)
    r = cli("--db", a, "--user", "S1", "import", "bundle", _export(cli, copy, "10:05"))
    assert r.exit_code == 2 and "two databases share that id" in r.stderr
    assert dump(a) == before


# --- the open app hears of them -------------------------------------------------------------------------------


def test_the_open_apps_watcher_hears_the_customers_a_bundle_moved(tmp_path, cli):
    from workbench.screens.app import data_changes

    s, a = _desks(tmp_path)
    _run(cli, s, "10:00", "S1", "reassign", "--customer", "C000", "--to", "M2")
    bundle = _export(cli, s, "10:05")
    with closing(sqlite3.connect(a)) as conn:
        conn.isolation_level = None
        here = terminal_id(conn)
        marks = data_changes(conn, None, frozenset(), here).marks
        _import(cli, a, "10:10", bundle)
        changed = data_changes(conn, marks, frozenset(), here)
    assert {"M1", "M2"} <= changed.managers and "C000" in changed.customers and changed.imported


# --- desks end agreeing, whatever order the entries come in -----------------------------------------------------


def test_a_chain_split_across_bundles_lands_as_on_the_desk_that_made_it(tmp_path, cli):
    s, a = _desks(tmp_path)
    _run(cli, s, "10:00", "S1", "reassign", "--customer", "C000", "--to", "M3")
    _run(cli, s, "10:01", "S1", "reassign", "--customer", "C000", "--to", "M2")
    m2 = tmp_path / "m2.wbundle"   # M3 -> M2 only: the entry M1 -> M3 names no M2
    _run(cli, s, "10:05", "S1", "export", "bundle", "--manager", "M2", "--out", m2)
    # The latest change decides, though M3 never had the customer here.
    assert _import(cli, a, "10:06", m2)[0] == _summary(new=1, known=0, applied=1, already=0, refused=0)
    assert _managers(a)["C000"] == "M2"
    # M1 -> M3 came before it: kept, not applied, and superseded by the entry in force here, so not named.
    assert _import(cli, a, "10:10", _export(cli, s, "10:09")) == [_summary(
        new=1, known=1, applied=0, already=0, superseded=1, refused=0)]
    assert _managers(a) == _managers(s) and _managers(a)["C000"] == "M2"
    assert [e[5] for e in _entries(a)] == ["other_manager", "applied"]


def test_two_desks_reassigning_one_customer_at_once_agree_on_the_later_change(tmp_path, cli):
    s, a = _desks(tmp_path, followups=(("F1", "C000"),))
    _run(cli, s, "10:00", "S1", "reassign", "--customer", "C000", "--to", "M3")
    _run(cli, a, "10:02", "S1", "reassign", "--customer", "C000", "--to", "M2")
    from_s, from_a = _export(cli, s, "10:05"), _export(cli, a, "10:05")
    _import(cli, s, "10:10", from_a)
    _import(cli, a, "10:10", from_s)
    assert _managers(a) == _managers(s) and _managers(s)["C000"] == "M2"
    assert _owner(s, "F1") == _owner(a, "F1") == ("M2", "M2")


def test_a_follow_up_booked_elsewhere_before_a_reassignment_goes_along_in_one_exchange(tmp_path, cli):
    s, a = _desks(tmp_path)
    db = open_db(a)   # desk a books a follow-up of C000's (M1's) before it hears of the reassignment on desk s
    with db.conn:
        append_event(db.conn, followup_id="FA", customer_id="C000", kind="created", at="2026-11-20T09:00:00",
                     terminal_id=terminal_id(db.conn), by_id="M1", owner_id="M1", due_on="2026-11-24")
    db.close()
    _run(cli, s, "10:00", "S1", "reassign", "--customer", "C000", "--to", "M2")
    a_bundle, s_bundle = _export(cli, a, "10:05", "a"), _export(cli, s, "10:05", "s")
    _import(cli, a, "10:10", s_bundle)
    _import(cli, s, "10:10", a_bundle)
    assert _owner(a, "FA") == ("M2", "M2")
    assert _owner(s, "FA") == ("M2", "M2")   # not left with M1 until a second exchange
    with closing(sqlite3.connect(s)) as conn:   # with the 'reassigned' event desk a writes too
        assert conn.execute("SELECT kind, owner_id, terminal_id = ? FROM followup_events WHERE followup_id = 'FA'"
                            " ORDER BY at", (terminal_id(conn),)).fetchall() == [("created", "M1", 0),
                                                                                 ("reassigned", "M2", 1)]


def _book(cli, path, now, customer="C000"):
    """A follow-up of the customer's for M1, booked on the desk by M1 at now; its id."""
    return _run(cli, path, now, "M1", "followup", "add", "--customer", customer, "--when", "2026-11-24").stdout.strip()


def test_a_follow_up_booked_for_the_old_manager_after_the_reassignment_stays_on_both_desks(tmp_path, cli):
    s, a = _desks(tmp_path, followups=(("F1", "C000"),))
    _run(cli, s, "10:00", "S1", "reassign", "--customer", "C000", "--to", "M2")
    fb = _book(cli, a, "10:03")   # desk a has not heard of the reassignment yet
    a_bundle, s_bundle = _export(cli, a, "10:05", "a"), _export(cli, s, "10:05", "s")
    assert "went along" not in " ".join(_import(cli, a, "10:10", s_bundle))
    assert "went along" not in " ".join(_import(cli, s, "10:10", a_bundle))
    # Booked after the change: it stays with M1 wherever it arrives first; F1, booked before, went along.
    assert _owner(a, fb) == _owner(s, fb) == ("M1", "M2")
    assert _owner(a, "F1") == _owner(s, "F1") == ("M2", "M2")


def test_a_follow_up_booked_in_the_same_second_as_the_reassignment_goes_along_on_both_desks(tmp_path, cli):
    s, a = _desks(tmp_path)
    _run(cli, s, "10:00", "S1", "reassign", "--customer", "C000", "--to", "M2")
    ft = _book(cli, a, "10:00")   # a tie goes to the entry, on every desk
    a_bundle, s_bundle = _export(cli, a, "10:05", "a"), _export(cli, s, "10:05", "s")
    _import(cli, a, "10:10", s_bundle)
    assert _import(cli, s, "10:10", a_bundle)[-1] == (
        "1 pending follow-up the bundle brought was booked before its customer was given to another manager, so it"
        " went along with the customer.")
    assert _owner(a, ft) == _owner(s, ft) == ("M2", "M2")
    with closing(sqlite3.connect(s)) as conn:   # one second past the booking, so it is the later event
        assert conn.execute("SELECT kind, at FROM followup_events WHERE followup_id = ? ORDER BY at",
                            (ft,)).fetchall() == [("created", "2026-11-20T10:00:00"), ("reassigned", "2026-11-20T10:00:01")]


def test_a_follow_up_that_went_along_goes_on_with_a_later_change_that_arrives_after_it(tmp_path, cli):
    s, a = _desks(tmp_path)
    fa = _book(cli, a, "09:30")
    _run(cli, s, "10:00", "S1", "reassign", "--customer", "C000", "--to", "M2")
    first = _export(cli, s, "10:01")
    _run(cli, s, "10:05", "S1", "reassign", "--customer", "C000", "--to", "M3")
    _import(cli, a, "10:10", first)   # FA goes along to M2, dated the change (10:00), not this import
    assert _owner(a, fa) == ("M2", "M2")
    a_bundle, s_bundle = _export(cli, a, "10:15", "a"), _export(cli, s, "10:15", "s")
    _import(cli, a, "10:20", s_bundle)   # the change to M3, made at 10:05, before FA went along here
    _import(cli, s, "10:20", a_bundle)
    assert _owner(a, fa) == _owner(s, fa) == ("M3", "M3")


def test_a_follow_ups_move_dated_the_change_is_sent_on_from_the_day_it_was_made(tmp_path, cli):
    s, a = _desks(tmp_path)
    fa = _book(cli, a, "09:30")
    _run(cli, s, "10:00", "S1", "reassign", "--customer", "C000", "--to", "M2")
    bundle = _export(cli, s, "10:05")
    r = cli("--db", a, "--now", "2026-11-21T09:00:00", "--user", "S1", "import", "bundle", bundle)
    assert r.exit_code == 0, r.stderr
    out = tmp_path / "next-day.wbundle"
    r = cli("--db", a, "--now", "2026-11-21T09:10:00", "--user", "S1", "export", "bundle", "--since", "2026-11-21",
            "--out", out)
    assert r.exit_code == 0, r.stderr
    sent = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()[1:]]
    assert [(e["row"]["followup_id"], e["row"]["kind"], e["row"]["owner_id"], e["row"]["at"]) for e in sent
            if e["table"] == "followup_events"] == [(fa, "reassigned", "M2", "2026-11-20T10:00:00")]
