"""A follow-up an import moved along with its customer, applying another desk's assignment entry, is said in a clash as
the entry's maker's change on the entry's terminal, not as a change of whoever carried the bundle on the desk that
imported it. Real database files and bundles, the real CLI."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from contextlib import closing

import sync_data
from workbench.db import open_db
from workbench.db.followups import append_event


def _desk(path):
    with closing(sqlite3.connect(path)) as c, c:
        c.execute("UPDATE meta SET value = ? WHERE key = 'terminal_id'", (str(uuid.uuid4()),))
    return path


def _terminal(path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return sync_data.terminal_id(conn)


def _run(cli, path, at, user, *args):
    r = cli("--db", path, "--lang", "en", "--now", f"2026-11-20T{at}:00", "--user", user, *args)
    assert r.exit_code == 0, r.stderr
    return r.stdout.splitlines()


def _event(path, kind, at, **fields):
    db = open_db(path)
    try:
        db.conn.execute("BEGIN")
        append_event(db.conn, followup_id="F0", customer_id="C000", kind=kind, at=f"2026-11-20T{at}:00",
                     terminal_id=sync_data.terminal_id(db.conn), by_id="M1", **fields)
        db.conn.execute("COMMIT")
    finally:
        db.close()


def test_a_follow_up_moved_by_applying_another_desks_entry_is_said_as_that_desks_change(tmp_path, cli):
    """M1 books a follow-up for C000 on desk a; the supervisor, not yet told of it, gives C000 to M2 on desk s; desk c
    learns of the booking, then of the change (M2 carries s's bundle there), which moves the follow-up to M2 on c;
    then M1's new date for it, made on a before a heard of the change, reaches c: both changes stand, and the move
    is said as S1's on s's terminal."""
    s = tmp_path / "s.sqlite"
    db = open_db(s)
    sync_data.seed_branch(db.conn, 2)
    db.close()
    a, c = _desk(shutil.copy(s, tmp_path / "a.sqlite")), _desk(shutil.copy(s, tmp_path / "c.sqlite"))
    s_terminal, a_terminal = _terminal(s), _terminal(a)
    _event(a, "created", "09:00", owner_id="M1", due_on="2026-11-23")
    _run(cli, a, "09:05", "M1", "export", "bundle", "--out", tmp_path / "a1.wbundle")
    _run(cli, c, "09:10", "S1", "import", "bundle", tmp_path / "a1.wbundle")
    _run(cli, s, "10:32", "S1", "reassign", "--customer", "C000", "--to", "M2")
    _run(cli, s, "10:35", "S1", "export", "bundle", "--out", tmp_path / "s1.wbundle")
    _run(cli, c, "10:40", "M2", "import", "bundle", tmp_path / "s1.wbundle")
    _event(a, "rescheduled", "11:00", due_on="2026-11-25")
    _run(cli, a, "11:05", "M1", "export", "bundle", "--out", tmp_path / "a2.wbundle")
    lines = _run(cli, c, "11:10", "S1", "import", "bundle", tmp_path / "a2.wbundle")
    clash = [line for line in lines if line.startswith("The follow-up of 客户0 (C000)")]
    assert clash == [f"The follow-up of 客户0 (C000) was changed on more than one terminal at once; both changes were"
                     f" kept: due 2026-11-25 (by M1 李经理 on terminal {a_terminal[:8]}), given to M2 张经理 (by S1 主管王"
                     f" on terminal {s_terminal[:8]}); nothing is left to do."]
    with closing(sqlite3.connect(c)) as conn:   # the event itself is c's, by whoever imported: the log says so
        assert conn.execute("SELECT by_id, terminal_id = (SELECT value FROM meta WHERE key = 'terminal_id')"
                            " FROM followup_events WHERE kind = 'reassigned'").fetchall() == [("M2", 1)]
