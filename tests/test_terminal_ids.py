"""Two databases that share one terminal id (one was copied from the other): a bundle between them is refused
whole, `terminal new-id` settles it, and the clash their follow-ups hide is then named, here or on a third desk."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from contextlib import closing

import pytest

import sync_data
from sync_data import dump, refusals, terminal_id
from workbench.db import open_db
from workbench.db.followups import append_event

CLASH = ("The follow-up of 客户0 (C000) was changed twice at once under one terminal id, {short}, which two databases"
         " share (one was copied from the other): kept: due 2026-11-27 (by M1 李经理 on terminal {short}); lost: due"
         " 2026-11-25 (by M1 李经理 on terminal {short}); please check it.")


def _terminal(path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return terminal_id(conn)


@pytest.fixture
def copies(tmp_path, cli):
    """a, then b copied from it (so sharing its terminal id); each desk then moves follow-up F1, a to the 25th
    at 10:00, b to the 27th at 10:05, and exports a bundle (a.wbundle, b.wbundle)."""
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    db = open_db(a)
    sync_data.seed_branch(db.conn)
    with db.conn:
        append_event(db.conn, followup_id="F1", customer_id="C000", kind="created", at="2026-11-19T09:00:00",
                     terminal_id=terminal_id(db.conn), by_id="M1", owner_id="M1", due_on="2026-11-23")
    db.close()
    shutil.copy(a, b)
    for path, when, now in ((a, "2026-11-25", "2026-11-20T10:00:00"), (b, "2026-11-27", "2026-11-20T10:05:00")):
        r = cli("--db", path, "--now", now, "--user", "M1", "followup", "move", "F1", "--when", when)
        assert r.exit_code == 0, r.stderr
        r = cli("--db", path, *sync_data.NOW, "--user", "M1", "export", "bundle", "--out", path.with_suffix(".wbundle"))
        assert r.exit_code == 0, r.stderr
    return a, b


def _due(path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT due_on FROM followups WHERE followup_id = 'F1'").fetchone()[0]


def test_a_bundle_from_a_copy_sharing_the_terminal_id_is_refused_whole(copies, cli):
    a, b = copies
    shared = _terminal(a)
    assert _terminal(b) == shared
    before = dump(b)
    r = cli("--db", b, *sync_data.NOW, "--user", "M1", "import", "bundle", a.with_suffix(".wbundle"))
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == (
        f"error: Refused a.wbundle: it holds entries made under this database's terminal id {shared} that this database"
        " never held, so two databases share that id (one was copied from the other); give this one its own id with"
        " 'workbench --user <supervisor> terminal new-id', then import the bundle again; nothing was imported.\n")
    assert dump(b) == before and _due(b) == "2026-11-27"   # nothing half-written, not even the import log


def test_a_bundle_a_terminal_exported_comes_back_harmlessly(copies, cli):
    a, _ = copies
    r = cli("--db", a, *sync_data.NOW, "--user", "M1", "import", "bundle", a.with_suffix(".wbundle"))
    assert r.exit_code == 0, r.stderr
    assert r.stdout == (f"Imported a.wbundle from terminal {_terminal(a)}: outcome entries 0 new, 0 already here;"
                        " follow-up events 0 new, 2 already here.\n")
    assert _due(a) == "2026-11-25"


def test_a_new_id_is_a_supervisors_audited_act_and_then_the_clash_is_named(copies, cli):
    a, b = copies
    shared = _terminal(a)
    r = cli("--db", b, *sync_data.NOW, "--user", "M1", "terminal", "new-id")
    assert r.exit_code == 3 and "Only a supervisor may give this terminal a new id; M1 is a manager." in r.stderr
    assert refusals(b)[-1] == ("M1", "give this terminal a new id") and _terminal(b) == shared

    r = cli("--db", b, *sync_data.NOW, "--user", "S1", "terminal", "new-id")
    assert r.exit_code == 0, r.stderr
    fresh = _terminal(b)
    assert uuid.UUID(fresh).version == 4 and fresh != shared
    assert r.stdout == (f"This terminal's id is now {fresh} (it was {shared}); entries made before keep the old id."
                        " Bundles from the other database can now be imported here; that database refuses this one's"
                        " until it takes a new id too.\n")
    with closing(sqlite3.connect(b)) as conn:
        entry = conn.execute("SELECT actor, subject, detail FROM audit_log WHERE action = 'terminal_id_changed'").fetchall()
    assert entry == [("S1", fresh, f'{{"new":"{fresh}","old":"{shared}"}}')]

    r = cli("--db", b, *sync_data.NOW, "--user", "M1", "import", "bundle", a.with_suffix(".wbundle"))
    assert r.exit_code == 0, r.stderr
    assert CLASH.format(short=shared[:8]) in r.stdout

    # a still holds the old id, and b's move was made under it: a refuses b's bundle until it takes its own.
    r = cli("--db", a, *sync_data.NOW, "--user", "M1", "import", "bundle", b.with_suffix(".wbundle"))
    assert r.exit_code == 2 and "two databases share that id" in r.stderr
    assert cli("--db", a, *sync_data.NOW, "--user", "S1", "terminal", "new-id").exit_code == 0
    r = cli("--db", a, *sync_data.NOW, "--user", "M1", "import", "bundle", b.with_suffix(".wbundle"))
    assert r.exit_code == 0 and CLASH.format(short=shared[:8]) in r.stdout
    assert _due(a) == _due(b) == "2026-11-27"   # the newer change, on both


def test_a_third_terminal_names_the_clash_of_two_copies(copies, tmp_path, cli):
    a, b = copies
    c = tmp_path / "c.sqlite"
    shutil.copy(a, c)
    with closing(sqlite3.connect(c)) as conn, conn:   # a desk of its own, which has seen neither move
        conn.execute("UPDATE meta SET value = ? WHERE key = 'terminal_id'", (str(uuid.uuid4()),))
        conn.execute("DELETE FROM followup_events WHERE kind = 'rescheduled'")
    first = cli("--db", c, *sync_data.NOW, "--user", "S1", "import", "bundle", a.with_suffix(".wbundle"))
    assert first.exit_code == 0 and "please check it" not in first.stdout
    r = cli("--db", c, *sync_data.NOW, "--user", "S1", "import", "bundle", b.with_suffix(".wbundle"))
    assert r.exit_code == 0, r.stderr
    assert CLASH.format(short=_terminal(a)[:8]) in r.stdout


def test_the_clash_is_named_in_chinese(copies, cli):
    a, b = copies
    assert cli("--db", b, *sync_data.NOW, "--user", "S1", "terminal", "new-id").exit_code == 0
    r = cli("--db", b, *sync_data.NOW, "--lang", "zh_CN", "--user", "M1", "import", "bundle", a.with_suffix(".wbundle"))
    short = _terminal(a)[:8]
    assert r.exit_code == 0, r.stderr
    assert (f"客户0（C000）的跟进在同一终端编号 {short} 下被同时修改了两次，该编号为两个数据库共用（其中一个是从另一个复制的）："
            f"保留的是跟进时间 2026-11-27（M1 李经理，终端 {short}）；未生效的是跟进时间 2026-11-25（M1 李经理，终端 {short}）；"
            "请核对。") in r.stdout
