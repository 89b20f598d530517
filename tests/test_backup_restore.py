"""`workbench backup` and `workbench restore`: a consistent copy taken while the app writes, renamed into place whole,
for this user only; a backup put back with a new terminal id, so that the desk's work since comes back in the other
desks' bundles; and the bundle refusal that names a backup put back by hand. Real files, the real CLI."""

from __future__ import annotations

import gc
import json
import os
import resource
import shutil
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing

import pytest

import sync_data
from damaged_files import damage_pages
from sync_data import dump, refusals, terminal_id
from tests.test_cli_read_only import unwritable
from test_migrations_contact_state import up_to
from workbench import backup
from workbench.db import SCHEMA_VERSION, open_db
from workbench.db.connection import connect
from workbench.errors import BUSY_EXIT, DISK_EXIT

TAKEN = "2026-11-20T10:00:00"


def _run(cli, path, when, user, *args):
    return _done(cli("--db", path, "--now", when, *(("--user", user) if user else ()), *args))


def _done(r):
    assert r.exit_code == 0, r.stderr
    return r


def _read(path, sql, *params):
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql, params).fetchall()


def _meta(path) -> dict:
    return dict(_read(path, "SELECT key, value FROM meta WHERE key LIKE 'backup.%'"))


def _integrity(path) -> str:
    return _read(path, "PRAGMA integrity_check")[0][0]


def _left_over(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".part", "-journal")))


@pytest.fixture
def branch(tmp_path):
    return sync_data.branch_file(tmp_path / "branch.sqlite")


def test_a_backup_taken_while_the_app_writes_holds_what_was_committed_and_says_when_and_whose(
        branch, tmp_path, cli, monkeypatch):
    app = connect(branch)   # the app: its committed call sits in the WAL, not yet in the file
    with app:
        sync_data.add_outcome(app, "C000", "2026-11-20T09:30:00", note="committed")
    writer = connect(branch)   # and another write is under way, not committed
    writer.execute("BEGIN IMMEDIATE")
    sync_data.add_outcome(writer, "C001", "2026-11-20T09:40:00", manager_id="M2", note="uncommitted")
    assert (tmp_path / "branch.sqlite-wal").stat().st_size > 0
    real = backup._backup_into

    def copy_then_write_ends(src, tmp):   # the write ends only once the copy is taken; the audit entry then waits
        copy = real(src, tmp)
        writer.execute("ROLLBACK")
        return copy

    monkeypatch.setattr(backup, "_backup_into", copy_then_write_ends)
    out = tmp_path / "backup-1120.sqlite"
    r = _run(cli, branch, TAKEN, "M1", "backup", out)   # any staff member
    app.close()
    writer.close()
    assert r.stdout == f"Backed up to {out}: {round(out.stat().st_size / 1000)} KB, taken 2026-11-20 10:00.\n"
    assert _integrity(out) == "ok"
    assert [n for (n,) in _read(out, "SELECT note FROM outcomes")] == ["committed"]
    assert _meta(out) == {"backup.taken_at": TAKEN, "backup.terminal_id": _read(branch, "SELECT value FROM meta WHERE"
                                                                                 " key = 'terminal_id'")[0][0]}
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(out.name)) == [out.name]   # one file
    assert _read(branch, "SELECT actor, action, subject, json_extract(detail, '$.kind') FROM audit_log"
                         " ORDER BY seq DESC LIMIT 1") == [("M1", "backup", out.name, None)]
    assert _meta(branch) == {}   # the database itself is no backup

    said = cli("--db", out, "doctor")
    assert f"This file is a backup of terminal {_meta(out)['backup.terminal_id']} taken on 2026-11-20 10:00.\n" in said.stdout
    assert "is a backup" not in cli("--db", branch, "doctor").stdout


def test_an_existing_file_is_replaced_only_with_force(branch, tmp_path, cli):
    out = tmp_path / "b.sqlite"
    out.write_text("yesterday's notes")
    r = cli("--db", branch, "--now", TAKEN, "--user", "S1", "backup", out)
    assert r.exit_code == 2 and r.stderr == (f"error: {out} already exists, so it was left as it is; give another name,"
                                             " or add --force to replace it.\n")
    assert out.read_text() == "yesterday's notes"
    _run(cli, branch, TAKEN, "S1", "backup", out, "--force")
    assert _integrity(out) == "ok" and _meta(out)["backup.taken_at"] == TAKEN


def test_the_database_itself_is_never_the_backup(branch, tmp_path, cli):
    before = dump(branch)
    (tmp_path / "link.sqlite").symlink_to(branch)
    os.link(branch, tmp_path / "hard.sqlite")
    (tmp_path / "sub").mkdir()
    for out in (branch, tmp_path / "link.sqlite", tmp_path / "hard.sqlite", tmp_path / "sub" / ".." / "branch.sqlite"):
        r = cli("--db", branch, "--now", TAKEN, "--user", "S1", "backup", out, "--force")
        assert (r.exit_code, r.stderr) == (2, f"error: {out} is the database itself; write the backup to another"
                                              " file.\n")
    assert dump(branch) == before and _meta(branch) == {}
    r = cli("--db", branch, "--user", "S1", "backup", tmp_path)
    assert (r.exit_code, r.stderr) == (2, f"error: {tmp_path} is a folder; give the backup a file name.\n")


def test_a_backup_into_a_folder_that_cannot_be_written_leaves_nothing(branch, tmp_path, cli):
    folder = tmp_path / "out"
    folder.mkdir()
    with unwritable(folder):
        r = cli("--db", branch, "--user", "S1", "backup", folder / "b.sqlite")
    assert r.exit_code == DISK_EXIT
    assert r.stderr.startswith(f"error: This user may not use {folder / 'b.sqlite'} (its permissions, or its folder's)")
    assert list(folder.iterdir()) == []


def test_a_backup_that_fills_the_disk_leaves_no_half_written_file(branch, tmp_path):
    """The process may grow no file past a third of the database, as a disk with that much room left: the copy stops
    part way, and neither the backup nor its temporary file is left."""
    out = tmp_path / "b.sqlite"
    room = branch.stat().st_size // 3
    env = {**os.environ, "WORKBENCH_HOME": str(tmp_path / "home"), "WORKBENCH_LANG": "en"}
    limit = lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (room, room))  # noqa: E731
    r = subprocess.run([sys.executable, "-m", "workbench", "--db", str(branch), "--user", "S1", "backup", str(out)],
                       capture_output=True, text=True, env=env, preexec_fn=limit, timeout=120)
    assert r.returncode == DISK_EXIT, r.stderr
    assert r.stderr.startswith(f"error: The backup could not be written to {out}: the disk"), r.stderr
    assert r.stderr.endswith("; nothing was written there.\n") and r.stdout == ""
    assert not out.exists() and _left_over(tmp_path) == []


def _restore(cli, path, when, user, source):
    """`workbench restore` run here as in its own process: the connections the commands run before in this process
    left to the garbage collector, closed when their process ends, are closed first."""
    gc.collect()
    return cli("--db", path, "--now", when, "--user", user, "restore", source)


def _desks(tmp_path, cli):
    """Desks a and b of one branch (terminal ids of their own); a is backed up at 10:00, then M1 logs a call there at
    11:00, which a's bundle takes to b."""
    a, b = sync_data.two_terminals(tmp_path)
    saved = tmp_path / "a-1120.sqlite"
    _run(cli, a, TAKEN, "S1", "backup", saved)
    _run(cli, a, "2026-11-20T11:00:00", "M1", "log", "--customer", "C000", "--result", "no_answer", "--note", "after")
    _run(cli, a, "2026-11-20T12:00:00", "S1", "export", "bundle", "--out", tmp_path / "a.wbundle")
    _run(cli, b, "2026-11-20T13:00:00", "S1", "import", "bundle", tmp_path / "a.wbundle")
    return a, b, saved


def _notes(path) -> list[str]:
    return [n for (n,) in _read(path, "SELECT note FROM outcomes ORDER BY recorded_at")]


def _terminal(path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return terminal_id(conn)


def test_a_restore_gives_a_new_id_so_the_desks_later_work_comes_back_from_the_others(tmp_path, cli):
    a, b, saved = _desks(tmp_path, cli)
    old = _terminal(a)
    r = _done(_restore(cli, a, "2026-11-20T14:00:00", "S1", saved))
    new = _terminal(a)
    kept = tmp_path / "a.sqlite.before-restore-20261120-140000"
    assert r.stdout == (
        f"Restored {a} from {saved}, the backup of terminal {old} taken on 2026-11-20 10:00; the database now has"
        f" terminal id {new}.\n"
        f"The database as it was is kept as {kept}; to undo, close every workbench and restore that file.\n"
        f"The 1 entry made or received here after 2026-11-20 10:00 is in {kept}: bring it back with `workbench --db"
        f" {kept} export bundle --out before-restore.wbundle --since 2026-11-20`, then `workbench import bundle"
        " before-restore.wbundle` here.\n"
        "Campaigns and call scripts imported, and settings and staff changed here after 2026-11-20 10:00, travel in"
        " no bundle: make them again here.\n")
    assert new != old and _notes(a) == [] and _meta(a) == {} and _integrity(a) == "ok"
    assert _notes(kept) == ["after"] and stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(a.stat().st_mode) == 0o600
    assert _read(a, "SELECT actor, action, subject, json_extract(detail, '$.terminal_id') FROM audit_log"
                    " WHERE action IN ('restore', 'terminal_id_changed') ORDER BY seq") == [
        ("S1", "terminal_id_changed", new, None), ("S1", "restore", saved.name, new)]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("a.sqlite")) == ["a.sqlite", kept.name]
    shown = _run(cli, a, "2026-11-20T14:05:00", "S1", "terminal", "show")
    assert shown.stdout.splitlines()[1:3] == [
        "Set: on 2026-11-20 14:00 by S1, when `workbench restore` put a backup in place.",
        f"Earlier id: {old} (until 2026-11-20 14:00)"]
    assert json.loads(_run(cli, a, "2026-11-20T14:05:00", "S1", "terminal", "show", "--json").stdout)["set_how"] \
        == "restore"

    _run(cli, b, "2026-11-20T15:00:00", "S1", "export", "bundle", "--out", tmp_path / "b.wbundle", "--since",
         "2026-11-20")
    r = _run(cli, a, "2026-11-20T15:30:00", "S1", "import", "bundle", tmp_path / "b.wbundle")
    assert "outcome entries 1 new" in r.stdout and _notes(a) == ["after"]


def test_a_restore_over_a_lost_database_says_only_what_this_desk_had_sent_comes_back(tmp_path, cli):
    a, b, saved = _desks(tmp_path, cli)
    _run(cli, a, "2026-11-20T12:30:00", "M1", "log", "--customer", "C000", "--result", "no_answer", "--note", "unsent")
    a.unlink()   # the disk fails
    r = _done(_restore(cli, a, "2026-11-20T14:00:00", "S1", saved))
    assert r.stdout.split("\n", 1)[1] == (
        "What was done here after 2026-11-20 10:00 is not in it: ask each desk for a bundle `--since 2026-11-20`"
        " (`workbench export bundle --since 2026-11-20`) and import it here with `workbench import bundle`. Only what"
        " this desk had sent in a bundle comes back with them: its entries made after its last bundle are lost, so log"
        " them again from your notes.\n"
        "Campaigns and call scripts imported, and settings and staff changed here after 2026-11-20 10:00, travel in"
        " no bundle: make them again here.\n")
    _run(cli, b, "2026-11-20T15:00:00", "S1", "export", "bundle", "--out", tmp_path / "b.wbundle", "--since",
         "2026-11-20")
    _run(cli, a, "2026-11-20T15:30:00", "S1", "import", "bundle", tmp_path / "b.wbundle")
    assert _notes(a) == ["after"]   # the call sent at 12:00 came back; the one logged after it did not


def test_a_restore_over_a_readable_database_says_how_its_later_entries_come_back_and_what_travels_in_none(
        tmp_path, cli):
    a, _b, saved = _desks(tmp_path, cli)
    _run(cli, a, "2026-11-20T12:30:00", "M1", "log", "--customer", "C000", "--result", "no_answer", "--note", "unsent")
    _run(cli, a, "2026-11-20T12:40:00", "S1", "settings", "set", "contact.budget_attempts", "5")
    _run(cli, a, "2026-11-20T12:41:00", "S1", "settings", "set", "contact.budget_attempts", "6")
    _run(cli, a, "2026-11-20T12:42:00", "S1", "staff", "add", "M7", "--name", "王芳")
    gc.collect()   # as _restore does
    r = _done(cli("--db", a, "--now", "2026-11-20T14:00:00", "--user", "S1", "--lang", "zh_CN", "restore", saved))
    kept = tmp_path / "a.sqlite.before-restore-20261120-140000"
    lines = r.stdout.splitlines()
    assert lines[2:] == [
        f"本终端在 2026-11-20 10:00 之后记录或收到的 2 条记录都在 {kept} 中：先运行 `workbench --db {kept} export bundle"
        " --out before-restore.wbundle --since 2026-11-20`，再在本终端运行 `workbench import bundle"
        " before-restore.wbundle` 即可找回。",
        "2026-11-20 10:00 之后在本终端导入的活动和话术、更改的设置和员工不随任何同步包传递，请在本终端重新操作（保留的数据库的"
        "审计日志中有：修改设置 2 次、添加员工 1 次）。"]
    bundle = tmp_path / "before-restore.wbundle"
    _run(cli, kept, "2026-11-20T14:10:00", "S1", "export", "bundle", "--out", bundle, "--since", "2026-11-20")
    _run(cli, a, "2026-11-20T14:20:00", "S1", "import", "bundle", bundle)
    assert _notes(a) == ["after", "unsent"]


def test_a_restore_is_a_supervisors_act(tmp_path, cli):
    a, _b, saved = _desks(tmp_path, cli)
    before = dump(a)
    r = _restore(cli, a, "2026-11-20T14:00:00", "M1", saved)
    assert r.exit_code == 3
    assert r.stderr == "error: Only a supervisor may restore the database from a backup; M1 is a manager.\n"
    assert refusals(a)[-1] == ("M1", "restore the database from a backup")
    assert _notes(a) == ["after"] and {k: v for k, v in dump(a).items() if k != "audit_log"} == {
        k: v for k, v in before.items() if k != "audit_log"}
    assert not list(tmp_path.glob("a.sqlite.before-restore-*")) and _left_over(tmp_path) == []


def test_a_restore_is_refused_while_another_workbench_has_the_database_open(tmp_path, cli):
    a, _b, saved = _desks(tmp_path, cli)
    app = connect(a)
    app.execute("SELECT count(*) FROM customers").fetchone()
    try:
        r = _restore(cli, a, "2026-11-20T14:00:00", "S1", saved)
    finally:
        app.close()
    assert r.exit_code == BUSY_EXIT
    assert r.stderr == (f"error: {a} is open in another workbench (the app, or a command still running); close"
                        " every workbench first, then restore again; nothing was restored.\n")
    assert _notes(a) == ["after"] and _meta(a) == {}
    assert not list(tmp_path.glob("a.sqlite.before-restore-*")) and _left_over(tmp_path) == []


def test_a_restore_refuses_a_damaged_file_another_kind_of_file_and_a_newer_workbenchs(tmp_path, cli):
    a, _b, saved = _desks(tmp_path, cli)
    damaged = tmp_path / "damaged.sqlite"
    shutil.copy(saved, damaged)
    damage_pages(damaged, "customers")
    text = tmp_path / "notes.sqlite"
    text.write_text("not a database")
    other = tmp_path / "other.sqlite"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE things (x)")
    newer = tmp_path / "newer.sqlite"
    shutil.copy(saved, newer)
    with closing(sqlite3.connect(newer)) as conn, conn:
        conn.execute("INSERT INTO schema_migrations VALUES (?, 'later', '2027-01-01T00:00:00')", (SCHEMA_VERSION + 1,))
    before = dump(a)
    for source, said in (
            (damaged, f"{damaged} is damaged (SQLite's integrity check: "),
            (text, f"{text} is not a workbench database, nor a backup of one; nothing was restored."),
            (other, f"{other} is not a workbench database, nor a backup of one; nothing was restored."),
            (newer, f"{newer} was written by a newer Branch Workbench (its schema is version {SCHEMA_VERSION + 1};"
                    f" this one knows up to {SCHEMA_VERSION}); restore it with that one"),
            (tmp_path / "none.sqlite", f"There is no file {tmp_path / 'none.sqlite'}.")):
        r = _restore(cli, a, "2026-11-20T14:00:00", "S1", source)
        assert r.exit_code == 2 and r.stderr.startswith(f"error: {said}"), r.stderr
    assert r.stdout == "" and dump(a) == before
    assert not list(tmp_path.glob("a.sqlite.before-restore-*")) and _left_over(tmp_path) == []


def test_an_older_backup_is_migrated_and_one_that_does_not_say_when_goes_by_its_entries(tmp_path, cli, monkeypatch):
    a, _b, _saved = _desks(tmp_path, cli)
    old = tmp_path / "old.sqlite"
    with monkeypatch.context() as older:
        up_to(older, 100)
        open_db(old).close()   # a database an older workbench made, copied by hand: no record of when
    r = _done(_restore(cli, a, "2026-11-20T14:00:00", "S1", old))
    assert f"from {old}, a copy of terminal {_read(old, 'SELECT value FROM meta WHERE key = ?', 'terminal_id')[0][0]}" \
           " that does not say when it was taken" in r.stdout
    assert r.stdout.endswith("It holds no entries: ask each desk for a bundle of everything (`workbench export bundle`"
                             " without --since) and import it here with `workbench import bundle`.\n")
    assert max(v for (v,) in _read(a, "SELECT version FROM schema_migrations")) == SCHEMA_VERSION


def test_a_database_past_opening_is_replaced_and_the_wal_left_beside_it_is_not_read_into_the_backup(tmp_path, cli):
    a, _b, saved = _desks(tmp_path, cli)
    gc.collect()   # every workbench closed, as _restore has them
    other = connect(tmp_path / "other.sqlite")   # a WAL as a crash leaves it: a change to a page past the first
    with other:
        other.execute("CREATE TABLE t (x)")
        other.execute("INSERT INTO t VALUES ('a')")
    other.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with other:
        other.execute("UPDATE t SET x = 'b'")
    shutil.copy(tmp_path / "other.sqlite-wal", tmp_path / "a.sqlite-wal")
    other.close()
    a.write_bytes(b"garbage!" * 512)   # no database any more: who the supervisors are, the backup says
    r = _restore(cli, a, "2026-11-20T14:00:00", "M1", saved)
    assert r.exit_code == 3 and "Only a supervisor may restore" in r.stderr
    r = _done(_restore(cli, a, "2026-11-20T14:00:00", "S1", saved))
    assert "Only what this desk had sent in a bundle comes back with them" in r.stdout   # nothing to read beside
    assert not (tmp_path / "a.sqlite-wal").exists()
    assert _integrity(a) == "ok" and _read(a, "SELECT count(*) FROM customers") == [(6,)]
    assert (tmp_path / "a.sqlite.before-restore-20261120-140000").read_bytes() == b"garbage!" * 512


def test_a_terminal_set_up_again_from_a_backup_takes_it_where_there_is_no_database(tmp_path, cli):
    a, _b, saved = _desks(tmp_path, cli)
    fresh = tmp_path / "new-disk" / "branch.sqlite"
    fresh.parent.mkdir()
    assert _restore(cli, fresh, "2026-11-21T09:00:00", "M1", saved).exit_code == 3   # the backup's supervisors say
    r = _done(_restore(cli, fresh, "2026-11-21T09:00:00", "S1", saved))
    assert "is kept as" not in r.stdout and _integrity(fresh) == "ok"
    assert _terminal(fresh) not in (_terminal(a), _terminal(saved)) and list(fresh.parent.iterdir()) == [fresh]


def _put_back_by_hand(saved, path):
    """A backup copied over the database with every workbench closed, and the WAL files beside it removed."""
    gc.collect()   # the connections of the commands run before in this process, closed as their process would
    shutil.copy(saved, path)
    for end in ("-wal", "-shm"):
        path.with_name(path.name + end).unlink(missing_ok=True)


@pytest.mark.parametrize("work", [("log", "--customer", "C000", "--result", "no_answer"),
                                  ("reassign", "--customer", "C002", "--to", "M2")])
def test_a_backup_put_back_by_hand_is_named_when_the_desks_later_work_comes_back(tmp_path, cli, work):
    a, b = sync_data.two_terminals(tmp_path)
    saved = tmp_path / "a-1120.sqlite"
    _run(cli, a, TAKEN, "S1", "backup", saved)
    _run(cli, a, "2026-11-20T11:00:00", "M1" if work[0] == "log" else "S1", *work)
    _run(cli, a, "2026-11-20T12:00:00", "S1", "export", "bundle", "--out", tmp_path / "a.wbundle")
    _run(cli, b, "2026-11-20T13:00:00", "S1", "import", "bundle", tmp_path / "a.wbundle")
    _put_back_by_hand(saved, a)
    _run(cli, b, "2026-11-20T15:00:00", "S1", "export", "bundle", "--out", tmp_path / "b.wbundle")
    r = cli("--db", a, "--now", "2026-11-20T15:30:00", "--user", "S1", "import", "bundle", tmp_path / "b.wbundle")
    assert r.exit_code == 2 and r.stderr == (
        f"error: Refused b.wbundle: it holds entries made under this database's terminal id {_terminal(a)} after"
        " 2026-11-20 10:00, when this database was taken as a backup: a backup put back by hand (not with 'workbench"
        " restore') keeps the id of the desk it was taken of; give it a new id with 'workbench --user <supervisor>"
        " terminal new-id', then import the bundle again, which brings back this desk's work since the backup;"
        " nothing was imported.\n")


def test_a_copy_of_a_backup_is_still_a_copy_for_entries_from_before_the_backup(tmp_path, cli):
    a, _b = sync_data.two_terminals(tmp_path)
    c = tmp_path / "c.sqlite"
    gc.collect()   # the commands' connections closed first, as in the test below
    shutil.copy(a, c)   # a real copy, sharing a's id, which logs a call a never hears of, before a's backup
    _run(cli, c, "2026-11-20T09:00:00", "M1", "log", "--customer", "C000", "--result", "no_answer")
    _run(cli, c, "2026-11-20T09:30:00", "S1", "export", "bundle", "--out", tmp_path / "c.wbundle")
    saved = tmp_path / "a-1120.sqlite"
    _run(cli, a, TAKEN, "S1", "backup", saved)
    r = cli("--db", saved, "--now", "2026-11-20T15:30:00", "--user", "S1", "import", "bundle", tmp_path / "c.wbundle")
    assert r.exit_code == 2 and "so two databases share that id (one was copied from the other)" in r.stderr


def test_a_backup_put_back_by_hand_takes_the_work_back_once_given_a_new_id_and_its_copies_are_copies(tmp_path, cli):
    a, b, saved = _desks(tmp_path, cli)
    _put_back_by_hand(saved, a)   # then given a new id, as the refusal says
    _run(cli, a, "2026-11-20T14:00:00", "S1", "terminal", "new-id")
    _run(cli, b, "2026-11-20T15:00:00", "S1", "export", "bundle", "--out", tmp_path / "b.wbundle")
    _run(cli, a, "2026-11-20T15:30:00", "S1", "import", "bundle", tmp_path / "b.wbundle")
    assert _notes(a) == ["after"]
    c = tmp_path / "c.sqlite"
    gc.collect()   # the commands' connections closed, as their processes would, so the WAL is in the file copied
    shutil.copy(a, c)   # a real copy of the desk, sharing its new id, which logs a call after the backup
    _run(cli, c, "2026-11-20T16:00:00", "M1", "log", "--customer", "C002", "--result", "no_answer")
    _run(cli, c, "2026-11-20T16:30:00", "S1", "export", "bundle", "--out", tmp_path / "c.wbundle")
    r = cli("--db", a, "--now", "2026-11-20T17:00:00", "--user", "S1", "import", "bundle", tmp_path / "c.wbundle")
    assert r.exit_code == 2 and "so two databases share that id (one was copied from the other)" in r.stderr
