"""Through the real CLI and real bundle files: a customer given to another manager on one desk is given to them on the
desk that imports the bundle, the follow-ups along (tests/test_sync_assignments.py has the desk where someone else
manages the customer, which keeps the follow-up with them); and a conflict is reported once, by the import that brings
it, naming what the follow-up holds after that import."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from contextlib import closing

import sync_data
from sync_data import terminal_id
from workbench.db import open_db
from workbench.db.followups import append_event


def _desks(tmp_path, *, new_id_for_b: bool):
    """a with follow-ups F1 (C000) and F2 (C002), both M1's, due the 23rd; b copied from it, with its own terminal
    id when new_id_for_b (else sharing a's, as a copied database does)."""
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    db = open_db(a)
    sync_data.seed_branch(db.conn)
    with db.conn:
        for fid, customer in (("F1", "C000"), ("F2", "C002")):
            append_event(db.conn, followup_id=fid, customer_id=customer, kind="created", at="2026-11-19T09:00:00",
                         terminal_id=terminal_id(db.conn), by_id="M1", owner_id="M1", due_on="2026-11-23")
    db.close()
    shutil.copy(a, b)
    if new_id_for_b:
        with closing(sqlite3.connect(b)) as conn, conn:
            conn.execute("UPDATE meta SET value = ? WHERE key = 'terminal_id'", (str(uuid.uuid4()),))
    return a, b


def _run(cli, path, now, user, *args):
    r = cli("--db", path, "--now", f"2026-11-20T{now}:00", "--user", user, *args)
    assert r.exit_code == 0, r.stderr
    return r


def _exchange(cli, path, now, other):
    """Export a bundle from other and import it here; the import's lines after the 'Imported …' one."""
    bundle = other.with_suffix(f".{now.replace(':', '')}.wbundle")
    _run(cli, other, now, "S1", "export", "bundle", "--out", bundle)
    lines = _run(cli, path, now, "S1", "import", "bundle", bundle).stdout.splitlines()
    assert lines[0].startswith("Imported ")
    return lines[1:]


def _followup(path, fid):
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT f.owner_id, c.manager_id, f.due_on, f.slot FROM followups f"
                            " JOIN customers c USING (customer_id) WHERE f.followup_id = ?", (fid,)).fetchone()


def _short(path):
    with closing(sqlite3.connect(path)) as conn:
        return terminal_id(conn)[:8]


def test_a_reassignment_made_on_another_desk_travels_and_its_follow_ups_go_with_it(tmp_path, cli):
    a, b = _desks(tmp_path, new_id_for_b=True)
    _run(cli, b, "11:35", "S1", "reassign", "--customer", "C000", "--to", "M2")
    _run(cli, b, "11:35", "S1", "reassign", "--customer", "C002", "--to", "M2")
    _run(cli, a, "11:40", "M1", "followup", "move", "F1", "--when", "明天 下午3点")
    a_bundle_first = a.with_suffix(".first.wbundle")
    _run(cli, a, "11:45", "S1", "export", "bundle", "--out", a_bundle_first)
    # Here too M1 had both customers, so the reassignments apply and the follow-ups go to M2 (none held), F1 at the
    # time M1 moved it to: both changes stood, and the notice says so.
    both = ("The follow-up of 客户0 (C000) was changed on more than one terminal at once; both changes were kept: due"
            " 2026-11-21 15:00 (by M1 李经理 on {a}), given to M2 张经理 (by S1 主管王 on {b}); nothing is left to do.")
    assert _exchange(cli, a, "11:50", b) == [
        "Customers given to managers: 2 new entries, 0 already here; 2 applied here, 0 already so here, 0 superseded"
        " by a later change, 0 not applied.",
        both.format(a="this terminal", b=f"terminal {_short(b)}")]
    assert _followup(a, "F1") == ("M2", "M2", "2026-11-21", "15:00")
    assert _followup(a, "F2") == ("M2", "M2", "2026-11-23", None)
    _run(cli, a, "11:52", "M2", "log", "--customer", "C002", "--result", "reached",
         "--outcome", "not_interested")
    # On b the customers are M2's: F1 is M2's and at M1's new time.
    b_lines = _run(cli, b, "11:55", "S1", "import", "bundle", a_bundle_first).stdout.splitlines()[1:]
    assert b_lines == [both.format(a=f"terminal {_short(a)}", b="this terminal")]
    assert _followup(b, "F1") == ("M2", "M2", "2026-11-21", "15:00")
    # The same history again tells nothing new, and the desks agree.
    assert _exchange(cli, a, "12:00", b) == []
    assert _exchange(cli, b, "12:10", a) == []
    assert _followup(a, "F1") == _followup(b, "F1") == ("M2", "M2", "2026-11-21", "15:00")


def test_a_conflict_is_reported_once_naming_what_the_follow_up_holds_after_the_import(tmp_path, cli):
    a, b = _desks(tmp_path, new_id_for_b=False)
    shared = _short(a)
    _run(cli, b, "10:00", "M1", "followup", "move", "F1", "--when", "2026-11-24")
    _run(cli, a, "10:05", "M1", "followup", "move", "F1", "--when", "2026-11-26")
    _run(cli, a, "10:10", "S1", "terminal", "new-id")
    clash = ("The follow-up of 客户0 (C000) was changed twice at once under one terminal id, {shared}, which two databases"
             " share (one was copied from the other): kept: due {kept} (by M1 李经理 on terminal {where}); lost: due"
             " 2026-11-24 (by M1 李经理 on terminal {shared}); please check it.")
    assert _exchange(cli, a, "10:15", b) == [clash.format(shared=shared, kept="2026-11-26", where=shared)]
    _run(cli, a, "10:20", "M1", "followup", "move", "F1", "--when", "2026-11-27")
    _run(cli, b, "10:30", "S1", "terminal", "new-id")
    # b hears of the clash now, and a's later move on the line that won is what was kept.
    assert _exchange(cli, b, "10:35", a) == [clash.format(shared=shared, kept="2026-11-27", where=_short(a))]
    assert _followup(b, "F1")[2] == "2026-11-27"
    _run(cli, b, "10:40", "M1", "followup", "move", "F1", "--when", "2026-11-30")
    assert _exchange(cli, a, "10:45", b) == []   # a reported this clash at 10:15
    assert _followup(a, "F1") == _followup(b, "F1") == ("M1", "M1", "2026-11-30", None)
