"""`export bundle --manager` takes one manager's entries alone, notes and all: the manager themselves or a supervisor
may, as for `export outcomes --manager`; another manager is refused, the attempt audited, and no file is written."""

from __future__ import annotations

import sqlite3

import sync_data
from sync_data import add_outcome
from workbench.db import open_db


def test_a_manager_may_not_take_another_managers_entries_alone(tmp_path, cli):
    a, _b = sync_data.two_terminals(tmp_path)
    db = open_db(a)
    with db.conn:
        add_outcome(db.conn, "C001", "2026-11-20T11:00:00", manager_id="M2", note="客户说儿子在上海")
    db.close()
    theirs = tmp_path / "m2.wbundle"
    r = cli("--db", a, "--now", "2026-11-20T12:00:00", "--user", "M1", "export", "bundle", "--out", theirs,
            "--manager", "M2")
    assert (r.exit_code, r.stderr) == (3, "error: M1 may not act for M2.\n")
    assert not theirs.exists()
    with sqlite3.connect(a) as conn:
        assert conn.execute("SELECT actor, action, subject FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone() == (
            "M1", "refusal", "export a bundle (M2)")
    for user in ("M2", "S1"):   # the manager themselves, or a supervisor
        r = cli("--db", a, "--now", "2026-11-20T12:00:00", "--user", user, "export", "bundle", "--out",
                tmp_path / f"{user}.wbundle", "--manager", "M2")
        assert r.exit_code == 0, r.stderr
        assert "客户说儿子在上海" in (tmp_path / f"{user}.wbundle").read_text(encoding="utf-8")
