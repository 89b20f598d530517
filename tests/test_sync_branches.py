"""A bundle none of whose entries concerns a customer this database holds, from branches this database holds no
customers of, and holding no erasure, is another branch's and refused whole; one partly about customers or staff unknown
here, one of a branch this database holds, and any erasure entry are imported, with a warning that counts the unknown."""

from __future__ import annotations

import json
import sqlite3
import uuid
from contextlib import closing
from datetime import datetime

import sync_data
from sync_data import add_outcome, dump, terminal_id
from workbench.db import open_db
from workbench.db.followups import append_event
from workbench.sync.bundle import export_bundle

NOW = datetime(2026, 11, 20, 16, 0, 0)


def _other_branch(path, *, also_ours: bool = False):
    """A desk of branch B2 (customers D000-D003 of its manager N1) whose bundle holds a call to each and a follow-up
    of N1's; with also_ours, a call of M1's to our C000 too."""
    db = open_db(path)
    conn = db.conn
    conn.execute("BEGIN")
    conn.execute("INSERT INTO branches (branch_id, name) VALUES ('B2', '城西支行')")
    conn.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('N1', '周经理', 'manager', 'B2')")
    for i in range(4):
        conn.execute("INSERT INTO customers (customer_id, name, manager_id, branch_id) VALUES (?, ?, 'N1', 'B2')",
                     (f"D{i:03d}", f"西{i}"))
        add_outcome(conn, f"D{i:03d}", f"2026-11-20T09:0{i}:00", manager_id="N1", note="外行客户")
    append_event(conn, followup_id="FD", customer_id="D000", kind="created", at="2026-11-20T09:10:00",
                 terminal_id=terminal_id(conn), by_id="N1", owner_id="N1", due_on="2026-11-24")
    if also_ours:
        add_outcome(conn, "C000", "2026-11-20T09:20:00")
    conn.execute("COMMIT")
    bundle = path.with_suffix(".wbundle")
    export_bundle(conn, bundle, now=NOW)
    db.close()
    return bundle


def _ours(path, *, customers: bool = True):
    db = open_db(path)
    if customers:
        sync_data.seed_branch(db.conn)
    else:
        with db.conn:
            db.conn.execute("INSERT INTO staff (staff_id, name, role) VALUES ('S1', '主管王', 'supervisor')")
    db.close()
    return path


def test_a_bundle_about_none_of_our_customers_is_refused_whole(tmp_path, cli):
    ours = _ours(tmp_path / "ours.sqlite")
    bundle = _other_branch(tmp_path / "theirs.sqlite")
    before = dump(ours)
    r = cli("--db", ours, "--user", "S1", "import", "bundle", bundle)
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == ("error: Refused theirs.wbundle: none of its entries concerns a customer known here: it comes"
                        " from branch B2, and this database holds customers of branch B1; it was meant for another"
                        " branch's desks; nothing was imported.\n")
    assert dump(ours) == before   # not an entry, not the import log, not the audit log


def test_a_bundle_into_a_database_with_no_customers_yet_says_so(tmp_path, cli):
    ours = _ours(tmp_path / "ours.sqlite", customers=False)
    before = dump(ours)
    r = cli("--db", ours, "--user", "S1", "--lang", "zh_CN", "import", "bundle", _other_branch(tmp_path / "theirs.sqlite"))
    assert r.exit_code == 2
    assert r.stderr == ("错误：拒绝导入 theirs.wbundle：其中没有一条记录涉及本终端已有的客户，且本数据库还没有任何客户"
                        "（请先导入总行的客户清单）；未导入任何内容。\n")
    assert dump(ours) == before


def test_a_bundle_partly_about_others_is_imported_with_the_counts(tmp_path, cli):
    ours = _ours(tmp_path / "ours.sqlite")
    bundle = _other_branch(tmp_path / "theirs.sqlite", also_ours=True)
    r = cli("--db", ours, "--user", "S1", "import", "bundle", bundle)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[1:] == [
        "warning: 5 new entries in the bundle concern customers not known here; they were kept, but no one's call list"
        " here shows them.",   # D000-D003's calls and D000's follow-up event
        "warning: 1 follow-up the bundle brought is owned by a staff member not on this database's staff.",
        "warning: 4 new outcome entries in the bundle were logged by staff members not on this database's staff; the"
        " report counts them under their ids, as unknown staff."]   # N1's; M1's call to C000 is not counted
    with closing(sqlite3.connect(ours)) as conn:
        assert conn.execute("SELECT count(*) FROM outcomes").fetchone() == (5,)
        detail = conn.execute("SELECT json_extract(detail, '$.unknown_customers'), json_extract(detail, '$.unknown_owners'),"
                              " json_extract(detail, '$.unknown_staff_outcomes') FROM audit_log WHERE action = 'import'"
                              ).fetchone()
    assert detail == (5, 1, 4)
    again = cli("--db", ours, "--user", "S1", "import", "bundle", bundle)   # nothing new: nothing to warn of
    assert again.exit_code == 0 and "warning" not in again.stdout
    # The report's funnel per manager names N1 as unknown here, not as if N1 were a name; M1 by name, as ever.
    for lang, unknown in (("en", "N1 (unknown staff)"), ("zh_CN", "N1（未知员工）")):
        report = cli("--db", ours, "--lang", lang, "--now", "2026-11-20T18:00:00", "--user", "S1", "report", "--json")
        labels = {row["key"]: row["label"] for row in json.loads(report.stdout)["by_manager"]}
        assert labels == {"N1": unknown, "M1": "李经理"}


def test_an_empty_bundle_is_no_other_branchs(tmp_path, cli):
    ours = _ours(tmp_path / "ours.sqlite")
    theirs = tmp_path / "theirs.sqlite"
    theirs.write_bytes(ours.read_bytes())
    with closing(sqlite3.connect(theirs)) as conn, conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'terminal_id'", (str(uuid.uuid4()),))
    bundle = tmp_path / "empty.wbundle"
    assert cli("--db", theirs, "--user", "S1", "export", "bundle", "--out", bundle, "--since", "2026-11-21").exit_code == 0
    r = cli("--db", ours, "--user", "S1", "import", "bundle", bundle)
    assert r.exit_code == 0 and "outcome entries 0 new" in r.stdout


def _with_customer(path, customer: str, branch: str) -> None:
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("INSERT OR IGNORE INTO branches (branch_id, name) VALUES (?, ?)", (branch, branch))
        conn.execute("INSERT INTO customers (customer_id, name, phone_e164, manager_id, branch_id)"
                     " VALUES (?, '王芳', '+8613800000001', 'M1', ?)", (customer, branch))


def _copy_of(ours, path):
    path.write_bytes(ours.read_bytes())
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'terminal_id'", (str(uuid.uuid4()),))
    return path


def test_an_erasure_only_bundle_about_a_customer_not_held_here_is_kept(tmp_path, cli):
    ours = _ours(tmp_path / "ours.sqlite")
    theirs = _copy_of(ours, tmp_path / "theirs.sqlite")
    _with_customer(theirs, "K1", "B1")
    assert cli("--db", theirs, "--now", "2026-11-20T11:00:00", "--user", "S1", "privacy", "erase", "--customer", "K1",
               "--yes").exit_code == 0
    bundle = tmp_path / "since.wbundle"
    assert cli("--db", theirs, "--now", "2026-11-20T11:05:00", "--user", "S1", "export", "bundle", "--since",
               "2026-11-20", "--out", bundle).exit_code == 0
    r = cli("--db", ours, "--now", "2026-11-20T11:10:00", "--user", "S1", "import", "bundle", bundle)
    assert r.exit_code == 0, r.stderr
    assert "not known here: 1." in r.stdout
    with closing(sqlite3.connect(ours)) as conn:
        assert conn.execute("SELECT customer_id, status FROM erasures").fetchall() == [("K1", "unknown_customer")]


def test_another_branchs_erasure_is_kept_too(tmp_path, cli):
    ours = _ours(tmp_path / "ours.sqlite")
    theirs = tmp_path / "theirs.sqlite"
    _other_branch(theirs)
    with closing(sqlite3.connect(theirs)) as conn, conn:
        conn.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('S1', '主管王', 'supervisor', 'B2')")
    assert cli("--db", theirs, "--now", "2026-11-20T11:00:00", "--user", "S1", "privacy", "erase", "--customer", "D001",
               "--yes").exit_code == 0
    bundle = tmp_path / "b2.wbundle"
    assert cli("--db", theirs, "--now", "2026-11-20T11:05:00", "--user", "S1", "export", "bundle", "--out",
               bundle).exit_code == 0
    r = cli("--db", ours, "--now", "2026-11-20T11:10:00", "--user", "S1", "import", "bundle", bundle)
    assert r.exit_code == 0, r.stderr
    with closing(sqlite3.connect(ours)) as conn:
        assert conn.execute("SELECT customer_id, status FROM erasures").fetchall() == [("D001", "unknown_customer")]


def test_a_bundle_of_our_branch_about_customers_not_held_here_is_imported(tmp_path, cli):
    ours = _ours(tmp_path / "ours.sqlite")
    theirs = _copy_of(ours, tmp_path / "theirs.sqlite")
    _with_customer(theirs, "K1", "B1")   # a customer the latest extract gave desk theirs only
    with closing(sqlite3.connect(theirs)) as conn, conn:
        add_outcome(conn, "K1", "2026-11-20T09:00:00")
    bundle = tmp_path / "k1.wbundle"
    assert cli("--db", theirs, "--user", "S1", "export", "bundle", "--since", "2026-11-20", "--out",
               bundle).exit_code == 0
    r = cli("--db", ours, "--user", "S1", "import", "bundle", bundle)
    assert r.exit_code == 0, r.stderr
    assert "warning: 1 new entry in the bundle concerns a customer not known here" in r.stdout


def test_an_unknown_staff_id_is_drawn_harmless_in_the_report():
    """Another desk's text: an escape sequence in the id a bundle names would retitle or clear the supervisor's
    terminal as the report is printed."""
    from workbench.sync.funnel import NOT_ON_STAFF, staff_name

    assert staff_name("\x1b]0;PWNED\x07N\u202e1", NOT_ON_STAFF, "en") == "\ufffd]0;PWNED\ufffdN\ufffd1 (unknown staff)"
    assert staff_name("N1", NOT_ON_STAFF, "zh_CN") == "N1（未知员工）"
