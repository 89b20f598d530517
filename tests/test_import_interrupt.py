"""Ctrl-C at any moment of an import, with the real CLI in a process of its own: it says the one sentence,
exits 130, leaves the database as it was and removes its scratch folder, with the reader process on (a
file of 8 MB or more) and off.

The steps are found as a person at the terminal sees them, on the progress bar (stderr is a terminal
here). Where a moment is too short to aim at by the clock, a hook in the importing process sends itself
SIGINT at that very point, as Ctrl-C would: while a read of scoring inputs holds its statement open (the
moment that once ended in "the database is busy" and left the scratch folder behind), inside a SQL
function the import registered (where SQLite would have turned Ctrl-C into an error of its own), in the
clean-up of an object being freed (where Python prints it and goes on), and while the commit runs (too
late to stop: the import ends, and says so). In the importing process itself, Ctrl-C comes as each read
of the import's connection in turn has its first row back: every read lets go of its cursor.
"""

from __future__ import annotations

import csv
import os
import pty
import random
import re
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import weakref
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from workbench.db import open_db
from workbench.i18n import gettext
from workbench.importing.pipeline import WORKER_MIN_BYTES
from workbench.staffing import add_staff

HEADER = ["客户号", "姓名", "性别", "出生日期", "手机号", "客户经理", "所属机构", "资产余额(万元)", "最近交易日期", "开户日期",
          "风险等级"]
BIG_ROWS = 102_000   # 8.5 MB in GBK: just over the size that brings the reader process in
SMALL_ROWS = 3_000   # read in the importing process
INTERRUPTED = gettext("Interrupted; nothing was half-written.", "zh_CN")
TOO_LATE = gettext("Ctrl-C came as the import was ending, too late to stop it; it ran to its end", "zh_CN")
STEPS = {step: gettext(step, "zh_CN") for step in (
    "Reading the file", "Scoring customers", "Saving customers", "Rebuilding indexes")}


def _rows(n: int, *, start: int = 0, last_activity=None) -> list[list]:
    draw = random.Random(5)
    return [[f"7{i:09d}", draw.choice("王李张刘陈") + draw.choice("伟芳娜敏静丽强"), draw.choice("男女"),
             f"19{draw.randint(40, 99)}-0{draw.randint(1, 9)}-1{draw.randint(0, 9)}",
             f"13{draw.randint(0, 9)}{draw.randint(10000000, 99999999)}", draw.choice(["M001", "", "M004"]), "310101",
             round(draw.uniform(0, 700), 2), last_activity or f"202{draw.randint(2, 6)}0{draw.randint(1, 9)}15",
             "2015-05-05", "R2"] for i in range(start, start + n)]


def _write(path: Path, rows: list[list]) -> Path:
    with path.open("w", encoding="gbk", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return path


@dataclass(frozen=True)
class Files:
    big: Path      # the reader process reads it
    small: Path    # read in the importing process
    older: Path    # small's customers, their last activity before the stored one
    more: Path     # as many customers again, after small's
    empty: Path    # a database with a supervisor and no customers: a first import scores as it stages
    held: Path     # the same after small's import: an import rescores after loading


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Files:
    folder = tmp_path_factory.mktemp("interrupt")
    big = _write(folder / "big.csv", _rows(BIG_ROWS))
    assert big.stat().st_size >= WORKER_MIN_BYTES
    small = _write(folder / "small.csv", _rows(SMALL_ROWS))
    older = _write(folder / "older.csv", _rows(SMALL_ROWS, last_activity="2020-01-15"))
    more = _write(folder / "more.csv", _rows(SMALL_ROWS, start=SMALL_ROWS))
    empty = folder / "empty.sqlite"
    with open_db(empty) as db:
        add_staff(db.conn, "S1", "王主管", role="supervisor", branch_id=None, at=datetime(2026, 11, 1), by_id=None)
    held = folder / "held.sqlite"
    shutil.copy(empty, held)
    outcome = _import(held, small, folder / "held-scratch")
    assert outcome.code == 0, outcome.stderr
    return Files(big, small, older, more, empty, held)


# Runs the CLI with a hook that sends this process SIGINT at one point of the import (see the module's docstring).
DRIVER = r'''
import os, signal, sys

def interrupt():
    os.kill(os.getpid(), signal.SIGINT)

hook = sys.argv.pop(1)
if hook == "read":   # as a row of a block of scoring inputs comes back, the statement still going
    from workbench.scoring import inputs
    read_block = inputs.read_block
    def reading(conn, *args, **kwargs):
        def row(cursor, values):
            conn.row_factory = None
            interrupt()
            return values
        conn.row_factory = row
        return read_block(conn, *args, **kwargs)
    inputs.read_block = reading
elif hook == "function":   # inside the SQL function an upsert calls for a customer with an older date
    from workbench.importing.store import Tally
    call = Tally.__call__
    def noted(self, kind, value):
        interrupt()
        return call(self, kind, value)
    Tally.__call__ = noted
elif hook == "freed":   # inside the clean-up of an object being freed, where Python can only print it
    from workbench.importing import run
    _load = run._load
    class Freed:
        def __del__(self):
            interrupt()
    def loading(*args):
        Freed()
        return _load(*args)
    run._load = loading
elif hook == "commit":   # while SQLite commits, kept waiting half a second by a reader of the file
    import sqlite3, threading, time
    from workbench.importing import run
    _run = run._run
    def committing(conn, *args):
        path = conn.execute("PRAGMA database_list").fetchone()[2]
        def reading():
            time.sleep(0.1)   # the commit is waiting for the reader by now
            interrupt()
            time.sleep(0.5)
            reader.rollback()
        def trace(sql):
            global reader
            if sql == "COMMIT":
                reader = sqlite3.connect(path, check_same_thread=False)
                reader.execute("BEGIN")
                reader.execute("SELECT count(*) FROM sqlite_master").fetchone()
                threading.Thread(target=reading).start()
        conn.set_trace_callback(trace)
        return _run(conn, *args)
    run._run = committing
from workbench.cli import main
main()
'''


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str   # without the progress bar's escape codes
    scratch: list[str]   # what was left in the import's temporary folder


def _import(db: Path, csv_file: Path, scratch: Path, *, at_step: str | None = None,
            hook: str | None = None) -> Outcome:
    """The import of csv_file into db, in a process of its own with scratch as its temporary folder; at_step:
    Ctrl-C to its process group once the progress bar shows that step (stderr is then a terminal)."""
    scratch.mkdir()
    args = ["--db", str(db), "--user", "S1", "--lang", "zh_CN", "import", "customers", str(csv_file)]
    command = [sys.executable, "-c", DRIVER, hook, *args] if hook else [sys.executable, "-m", "workbench", *args]
    env = {**os.environ, "TMPDIR": str(scratch), "TERM": "xterm", "COLUMNS": "120"}
    env.pop("WORKBENCH_DEBUG", None)
    if at_step is None:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
        return Outcome(done.returncode, done.stdout, done.stderr, os.listdir(scratch))
    terminal, stderr = pty.openpty()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, env=env, start_new_session=True)
    os.close(stderr)
    shown, sent, ends = b"", False, time.monotonic() + 120
    try:
        while time.monotonic() < ends:
            if not select.select([terminal], [], [], 0.5)[0]:
                continue
            try:
                chunk = os.read(terminal, 65536)
            except OSError:   # the terminal's other end is closed: the import has ended
                break
            if not chunk:
                break
            shown += chunk
            if not sent and at_step.encode() in shown:
                os.killpg(process.pid, signal.SIGINT)   # Ctrl-C, as the terminal sends it
                sent = True
        stdout = process.communicate(timeout=30)[0].decode()
    finally:
        os.close(terminal)
        if process.poll() is None:
            process.kill()
            process.wait()
    assert sent, f"the bar never showed {at_step!r}"
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode(errors="replace"))
    return Outcome(process.returncode, stdout, text, os.listdir(scratch))


def _state(db: Path) -> tuple:
    conn = sqlite3.connect(db)
    try:
        return (conn.execute("PRAGMA integrity_check").fetchone()[0],
                conn.execute("SELECT count(*), max(last_import_id) FROM customers").fetchone(),
                conn.execute("SELECT count(*) FROM import_log").fetchone()[0])
    finally:
        conn.close()


def _copy(db: Path, tmp_path: Path) -> Path:
    shutil.copy(db, tmp_path / "c.sqlite")
    return tmp_path / "c.sqlite"


def _assert_interrupted(outcome: Outcome, db: Path, before: tuple) -> None:
    assert "Traceback" not in outcome.stderr, outcome.stderr
    assert (outcome.code, outcome.stderr.strip().splitlines()[-1]) == (130, INTERRUPTED), outcome.stderr[-2000:]
    assert outcome.scratch == []
    assert _state(db) == before


@pytest.mark.parametrize("base, step", [
    ("empty", "Reading the file"), ("empty", "Scoring customers"), ("empty", "Saving customers"),
    ("empty", "Rebuilding indexes"), ("held", "Scoring customers"), ("held", "Rebuilding indexes"),
])
def test_ctrl_c_at_a_step_of_a_large_import(files, tmp_path, base, step):
    db = _copy(getattr(files, base), tmp_path)
    before = _state(db)
    outcome = _import(db, files.big, tmp_path / "tmp", at_step=STEPS[step])
    _assert_interrupted(outcome, db, before)


@pytest.mark.parametrize("base, extract", [("empty", "big"), ("empty", "small"), ("held", "big"), ("held", "more")])
def test_ctrl_c_while_a_read_holds_its_statement_open(files, tmp_path, base, extract):
    """A first import reads each part's scoring inputs as it stages them (with the reader process: as each part
    comes; without: after the file), a later one the customers' in its rescore; Ctrl-C in the middle of such
    a read used to leave the part files attached, and end in "the database is busy" with the folder left."""
    db = _copy(getattr(files, base), tmp_path)
    before = _state(db)
    _assert_interrupted(_import(db, getattr(files, extract), tmp_path / "tmp", hook="read"), db, before)


def test_ctrl_c_inside_a_sql_function_of_the_import(files, tmp_path):
    """SQLite turns an exception inside a SQL function into "user-defined function raised exception": Ctrl-C
    there is an interruption all the same."""
    db = _copy(files.held, tmp_path)
    before = _state(db)
    _assert_interrupted(_import(db, files.older, tmp_path / "tmp", hook="function"), db, before)


def test_ctrl_c_inside_the_clean_up_of_an_object_being_freed(files, tmp_path):
    """Python prints "Exception ignored in ..." for it, and goes on: the import stops at its next step, silently."""
    db = _copy(files.held, tmp_path)
    before = _state(db)
    outcome = _import(db, files.more, tmp_path / "tmp", hook="freed")
    assert "Exception ignored" not in outcome.stderr
    _assert_interrupted(outcome, db, before)


def test_ctrl_c_during_the_commit_lets_the_import_end(files, tmp_path):
    """It used to say "interrupted, nothing half-written" of an import the commit had written."""
    db = _copy(files.empty, tmp_path)
    outcome = _import(db, files.small, tmp_path / "tmp", hook="commit")
    assert outcome.code == 0, outcome.stderr
    assert f"（{TOO_LATE}）" in outcome.stdout
    assert outcome.scratch == []
    assert _state(db) == ("ok", (SMALL_ROWS, 1), 1)


@pytest.mark.parametrize("base, extract", [("empty", "small"), ("held", "more")])
def test_the_connection_of_an_interrupted_import_holds_no_scratch_file(files, tmp_path, monkeypatch, base, extract):
    """The statement a read cut short left going is let go of, so every scratch file is detached: the same
    connection imports the file afterwards."""
    import tempfile

    from workbench.importing import import_customers
    from workbench.scoring import inputs

    read_block = inputs.read_block

    def reading(conn, *args, **kwargs):
        def row(cursor, values):
            raise KeyboardInterrupt   # Ctrl-C, as a row of the block comes back
        conn.row_factory = row
        try:
            return read_block(conn, *args, **kwargs)
        finally:
            conn.row_factory = None

    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    monkeypatch.setattr(inputs, "read_block", reading)
    db = _copy(getattr(files, base), tmp_path)
    before = _state(db)
    now = datetime(2026, 11, 24, 9)
    with open_db(db) as database:
        with pytest.raises(KeyboardInterrupt):
            import_customers(database.conn, getattr(files, extract), now=now, user_id="S1")
        assert {row[1] for row in database.conn.execute("PRAGMA database_list")} <= {"main", "temp"}
        assert os.listdir(tmp_path / "tmp") == []
        assert _state(db) == before
        monkeypatch.setattr(inputs, "read_block", read_block)
        assert import_customers(database.conn, getattr(files, extract), now=now, user_id="S1").inserted == SMALL_ROWS


def _two_branches(rows: list[list]) -> list[list]:
    """The rows with every other one in a second branch."""
    return [[*row[:6], "310102" if i % 2 else row[6], *row[7:]] for i, row in enumerate(rows)]


@pytest.mark.parametrize("base", ["empty", "held"])
def test_ctrl_c_at_any_read_of_the_import_lets_every_scratch_file_go(files, tmp_path, monkeypatch, base):
    """Ctrl-C as each read of the import's connection in turn has its first row back, its statement still going
    when it has more: every read lets go of its cursor (none is left to the error's traceback), so each scratch
    file is detached at once, the folder removed and the database left as it was; from the commit on, the
    import ends and says Ctrl-C came too late."""
    import tempfile

    from workbench.importing import import_customers

    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    now = datetime(2026, 11, 24, 9)
    extract = _write(tmp_path / "few.csv", _two_branches(_rows(200, start=SMALL_ROWS)))
    start = tmp_path / "start.sqlite"
    shutil.copy(files.empty, start)
    if base == "held":   # fewer customers than the extract brings, in two branches: the rescore is a full one,
        # and the import's reads of what the database holds have more than one row
        with open_db(start) as database:
            import_customers(database.conn, _write(tmp_path / "held.csv", _two_branches(_rows(100))), now=now,
                             user_id="S1")
    interrupted = late = 0
    for read in range(1, 500):
        db = _copy(start, tmp_path)
        before = _state(db)
        seen, reads = weakref.WeakSet(), 0

        def row(cursor, values):
            nonlocal reads
            if cursor not in seen:
                seen.add(cursor)
                reads += 1
                if reads == read:
                    del cursor   # Ctrl-C lands in the import's code, not in a frame of the test holding the cursor
                    os.kill(os.getpid(), signal.SIGINT)
            return values

        with open_db(db) as database:
            database.conn.row_factory = row
            summary = error = None
            try:
                summary = import_customers(database.conn, extract, now=now, user_id="S1")
            except KeyboardInterrupt as exc:
                error = exc   # its traceback kept, with every frame it ran through
            database.conn.row_factory = None
            assert {r[1] for r in database.conn.execute("PRAGMA database_list")} <= {"main", "temp"}, read
            database.conn.execute("VACUUM")   # refused while a statement of the connection is still going
            del error
        assert os.listdir(tmp_path / "tmp") == [], read
        if reads < read:   # the import made fewer reads: each has been interrupted
            assert summary is not None and not any("Ctrl-C" in note for note in summary.notes)
            break
        if summary is None:
            assert _state(db) == before, read
            interrupted += 1
        else:
            assert any("Ctrl-C" in note for note in summary.notes), read   # it says it came too late
            late += 1
    else:
        pytest.fail("the import never ended without Ctrl-C")
    assert interrupted > 10 and late >= 1
