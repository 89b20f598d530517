"""Staging: converted rows go to scratch part files through Arrow, the first row of each customer
number is kept across parts, and the import copies the parts in and leaves no scratch behind."""

from __future__ import annotations

import sqlite3
import tempfile
import threading

import pytest

from tests.import_support import NOW, customers, run_import
from workbench.db import open_db
from workbench.errors import WorkbenchError
from workbench.importing.columns import rows_frame
from workbench.importing import stage
from workbench.importing.stage import Stager

COLUMNS = ["customer_id", "name", "aum_fen", "manager_id"]


def frame(rows: list[tuple]):
    return rows_frame(COLUMNS, [(*r, None, None) for r in rows])


def staged(part) -> list[tuple]:
    conn = sqlite3.connect(part.path)
    try:
        return conn.execute("SELECT line, customer_id, name, aum_fen, manager_id FROM staged ORDER BY rowid").fetchall()
    finally:
        conn.close()


def test_the_first_row_of_each_customer_number_is_kept_across_parts(tmp_path):
    stager = Stager(tmp_path, COLUMNS)
    stager.add(frame([(2, "C1", "张三", 100, "M1"), (3, "C2", "李四", None, None), (4, "C1", "冒名", 5, "M9")]))
    first = stager.finish_part()
    stager.add(frame([(5, "C3", "王五", 0, "M1")]))
    stager.add(frame([(6, "C2", "又是李四", 7, None), (7, "C4", "赵六", 1, None), (8, "C3", "again", 1, None)]))
    second = stager.finish_part()
    assert stager.finish_part() is None   # nothing added since
    stager.close()
    assert first.repeats == [(4, "C1")] and first.rows == 2
    assert staged(first) == [(2, "C1", "张三", 100, "M1"), (3, "C2", "李四", None, None)]
    assert second.repeats == [(6, "C2"), (8, "C3")] and second.rows == 2
    assert staged(second) == [(5, "C3", "王五", 0, "M1"), (7, "C4", "赵六", 1, None)]
    ids = sqlite3.connect(stager.ids_path).execute("SELECT customer_id, row FROM ids ORDER BY row").fetchall()
    assert ids == [("C1", 2), ("C2", 3), ("C3", 5), ("C4", 7)]


def test_a_temporary_folder_with_a_quote_in_its_path_works(tmp_path):
    folder = tmp_path / "o'brien"
    folder.mkdir()
    stager = Stager(folder, COLUMNS)
    stager.add(frame([(2, "C1", "张三", 1, None), (3, "C1", "again", 1, None)]))
    part = stager.finish_part()
    stager.close()
    assert part.repeats == [(3, "C1")] and (folder / "ids.sqlite").exists()


def test_staged_values_keep_their_types_and_text_is_data(tmp_path):
    stager = Stager(tmp_path, COLUMNS)
    hostile = "'); DROP TABLE staged; --"
    stager.add(frame([(2, "C1", hostile, 9_000_000_000_000_000, "=1+1"), (3, "C2", "\x1f名\u3000", 0, None)]))
    part = stager.finish_part()
    stager.close()
    conn = sqlite3.connect(part.path)
    assert conn.execute("SELECT name, typeof(aum_fen), aum_fen, manager_id FROM staged WHERE line = 2").fetchone() == \
        (hostile, "integer", 9_000_000_000_000_000, "=1+1")
    assert conn.execute("SELECT name, typeof(line) FROM staged WHERE line = 3").fetchone() == ("\x1f名\u3000", "integer")


def _extract(path, rows: int, repeat_every: int) -> int:
    """A plain CSV where every repeat_every-th row gives the number of the row half-way before it;
    how many of those repeat a customer already listed."""
    lines, seen, repeats = ["客户号,姓名,手机号,客户经理号,所属机构,资产余额"], set(), 0
    for i in range(rows):
        cid = f"C{i // 2:06d}" if i % repeat_every == 0 and i else f"C{i:06d}"
        repeats += cid in seen
        seen.add(cid)
        lines.append(f"{cid},客户{i},1381234{i % 10000:04d},M{i % 7},B{i % 3},{i}.50")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return repeats


def loaded_parts(monkeypatch) -> list:
    """The parts an import loads, recorded as it loads them."""
    from workbench.importing.accept import Acceptor

    parts = []
    real = Acceptor.part
    monkeypatch.setattr(Acceptor, "part", lambda self, part: (parts.append(part), real(self, part)))
    return parts


def small_parts(monkeypatch) -> None:
    """Blocks of 64 KB and parts of an eighth of the file, so a 60,000-row file makes several parts."""
    from workbench.importing import blocks, run

    monkeypatch.setattr(blocks, "BLOCK_BYTES", 64 * 1024)
    monkeypatch.setattr(run, "_part_bytes", lambda conn, size, spare: size // 8)


def test_many_parts_import_what_one_part_does(tmp_path, monkeypatch):
    """Repeats spread over several parts (blocks of 64 KB, parts of an eighth of the file) give the same
    import as one part."""
    from workbench.importing import run

    parts = loaded_parts(monkeypatch)
    file = tmp_path / "extract.csv"
    repeats = _extract(file, 60_000, 997)
    results = []
    for many in (False, True):
        if many:
            small_parts(monkeypatch)
        else:
            monkeypatch.setattr(run, "_part_bytes", lambda conn, size, spare: size)
        db = tmp_path / f"w{many}.sqlite"
        open_db(db).close()
        summary = run_import(db, file, workers=0)
        report = summary.reject_file.read_text(encoding="utf-8-sig")
        results.append((summary, report, customers(db, "customer_id, name, manager_id, branch_id, aum_fen, active")))
    (one, report_one, stored_one), (many, report_many, stored_many) = results
    assert len(parts) >= 1 + 7 and parts[0].rows == one.inserted
    assert sum(bool(p.repeats) for p in parts[1:]) > 2
    assert many.rows_read == one.rows_read == 60_000 and many.rejected == one.rejected == repeats > 20
    assert (many.inserted, many.new_staff, many.new_branches) == (one.inserted, one.new_staff, one.new_branches)
    assert many.new_staff == [f"M{i}" for i in range(7)] and many.covered_branches == ["B0", "B1", "B2"]
    assert report_many == report_one and "customer C000498 appears again (first row kept)" in report_many
    assert stored_many == stored_one and len(stored_one) == 60_000 - repeats
    assert ("C000498", "客户498", "M1", "B0", 49850, 1) in stored_one   # the first row of C000498 won


@pytest.mark.parametrize("fail", [False, True])
def test_the_import_leaves_no_scratch_folder(tmp_path, db_path, monkeypatch, fail):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    file = tmp_path / "extract.csv"
    repeats = _extract(file, 20_000, 50)   # past the 256 KB that encoding detection reads
    if fail:
        with file.open("ab") as fh:
            fh.write(b"X1,\xff\xfe,1,M1,B1,1\n")
        with pytest.raises(WorkbenchError, match="not valid utf-8"):
            run_import(db_path, file, workers=1)
        assert customers(db_path) == []
    else:
        assert run_import(db_path, file, workers=1).inserted == 20_000 - repeats
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_write_that_fails_on_the_writing_thread_is_raised_to_the_converting_one(tmp_path, monkeypatch):
    stager = Stager(tmp_path, COLUMNS)
    stager.add(frame([(2, "C1", "张三", 1, None)]))
    stager.finish_part()
    stager.add(frame([(3, "C2", "李四", 1, None)]))
    stager._writes.wait()
    stager._conn.close()   # the part file's connection gone under the writer, as a full disk would fail it
    failed_on, real_append = [], stage._append

    def append(conn, table, data):
        try:
            real_append(conn, table, data)
        except BaseException:
            failed_on.append(threading.current_thread())
            raise
    monkeypatch.setattr(stage, "_append", append)
    stager.add(frame([(4, "C3", "王五", 1, None)]))
    with pytest.raises(WorkbenchError, match=f"Cannot write the import's scratch files in {tmp_path.parent}"):
        stager.finish_part()
    # The writing thread's own error, raised here as one sentence.
    assert failed_on and failed_on[0] is not threading.current_thread()
    stager.close()


def test_scores_that_cannot_be_written_are_one_sentence_naming_the_folder(tmp_path):
    """A fresh import's score file fails on its writing thread: the next wait raises one sentence."""
    import numpy as np

    from workbench.importing.stage import ScoreFile

    columns = {"rowid": np.arange(1, 4), "priority": np.array([1.5, np.nan, 2.0]),
               "segment": np.array(["dormant", None, "active"], dtype=object), "tier": np.array([1, 2, 3])}
    scores = ScoreFile(tmp_path)
    scores.add(0, columns)
    scores.finish()
    stored = sqlite3.connect(scores.path).execute("SELECT rowid, priority, segment, tier FROM scores_0").fetchall()
    assert stored == [(1, 1.5, "dormant", 1), (2, None, None, 2), (3, 2.0, "active", 3)]
    (tmp_path / "again").mkdir()
    scores = ScoreFile(tmp_path / "again")
    scores.add(0, columns)
    scores._writes.wait()
    scores._conn.close()   # the file's connection gone under the writer, as a full disk would fail it
    scores.add(0, columns)
    with pytest.raises(WorkbenchError, match=f"Cannot write the import's scratch files in {tmp_path}"):
        scores.finish()
    scores.close()


def test_scoring_inputs_that_cannot_be_kept_are_one_sentence_and_change_nothing(tmp_path, db_path, monkeypatch):
    """A fresh import keeps each part's scoring inputs in the scratch folder as the part comes: a
    full disk there ends the import with one sentence naming the folder, the database as it was."""
    import errno

    import numpy as np

    from workbench.importing import ImportOptions, import_customers

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    small_parts(monkeypatch)
    file = tmp_path / "extract.csv"
    _extract(file, 60_000, 997)
    real_save, saved = np.save, []

    def save(path, *args, **kwargs):
        saved.append(path)
        if len(saved) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_save(path, *args, **kwargs)

    monkeypatch.setattr(np, "save", save)
    db = open_db(db_path)
    try:
        with pytest.raises(WorkbenchError) as raised:
            import_customers(db.conn, file, options=ImportOptions(workers=0), now=NOW)
        assert str(raised.value).startswith(f"Cannot write the import's scratch files in {tmp_path / 'tmp'} "
                                            "(No space left on device);")
        assert len(saved) == 2 and not db.conn.in_transaction
        for table in ("customers", "staff", "branches", "import_log", "scoring_runs"):
            assert db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
        assert list((tmp_path / "tmp").iterdir()) == []
    finally:
        db.close()


def test_no_room_for_the_scratch_files_is_one_sentence_and_changes_nothing(tmp_path, db_path):
    """Files the import writes are capped at 1 MB (as a full disk would stop them): the import ends with
    one sentence naming the folder, exit 2, and the database as it was."""
    import resource
    import signal
    import subprocess

    from tests.hostile import workbench_argv, workbench_env

    def capped():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # a write past the cap fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))

    for rows in (40_000, 200_000):   # read in the importing process; by a reader process (8 MB and more)
        file = tmp_path / "extract.csv"
        _extract(file, rows, 50)
        assert (file.stat().st_size >= 8 << 20) == (rows == 200_000)
        env = {**workbench_env(db_path), "TMPDIR": str(tmp_path)}
        argv = workbench_argv(db_path, "import", "customers", file, now="2026-03-01T09:00:00", user=None)
        done = subprocess.run(argv, env=env, capture_output=True, text=True, preexec_fn=capped, timeout=120)
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith(f"error: Cannot write the import's scratch files in {tmp_path}")
        assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
        assert customers(db_path) == [] and not list(tmp_path.glob("workbench-import-*"))


def test_ctrl_c_after_some_parts_were_loaded_leaves_nothing_behind(tmp_path, db_path, monkeypatch):
    """Interrupted with parts attached and the writing thread busy: the database is as it was, nothing stays
    attached, no scratch folder is left, and the next import of the file works."""
    from workbench.importing import ImportOptions, import_customers

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    small_parts(monkeypatch)
    loaded = loaded_parts(monkeypatch)
    file = tmp_path / "extract.csv"
    repeats = _extract(file, 60_000, 997)
    def interrupt(step, done, total):
        if len(loaded) >= 3:
            raise KeyboardInterrupt

    db = open_db(db_path)
    try:
        with pytest.raises(KeyboardInterrupt):
            import_customers(db.conn, file, options=ImportOptions(workers=0), now=NOW, progress=interrupt)
        assert not db.conn.in_transaction and len(loaded) == 3
        assert {row[1] for row in db.conn.execute("PRAGMA database_list")} <= {"main", "temp"}
        assert db.conn.execute("SELECT count(*) FROM temp.sqlite_master").fetchone()[0] == 0
        for table in ("customers", "staff", "branches", "import_log"):
            assert db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
        assert list((tmp_path / "tmp").iterdir()) == []
        summary = import_customers(db.conn, file, options=ImportOptions(workers=0), now=NOW)
        assert summary.inserted == 60_000 - repeats
    finally:
        db.close()


def test_ctrl_c_while_a_fresh_import_scores_leaves_nothing_behind(tmp_path, db_path, monkeypatch):
    """Interrupted while the staged customers are being scored (score file thread busy): the database
    is as it was, nothing stays attached, no scratch folder is left, and the import then works."""
    from workbench.importing import ImportOptions, import_customers
    from workbench.importing.stage import ScoreFile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    small_parts(monkeypatch)
    file = tmp_path / "extract.csv"
    repeats = _extract(file, 60_000, 997)
    real_add, added = ScoreFile.add, []

    def add(self, part, columns):
        added.append(part)
        if len(added) == 3:
            raise KeyboardInterrupt
        real_add(self, part, columns)

    monkeypatch.setattr(ScoreFile, "add", add)
    db = open_db(db_path)
    try:
        with pytest.raises(KeyboardInterrupt):
            import_customers(db.conn, file, options=ImportOptions(workers=0), now=NOW)
        assert not db.conn.in_transaction and len(added) == 3
        assert {row[1] for row in db.conn.execute("PRAGMA database_list")} <= {"main", "temp"}
        for table in ("customers", "staff", "branches", "import_log", "scoring_runs"):
            assert db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
        assert list((tmp_path / "tmp").iterdir()) == []
        monkeypatch.setattr(ScoreFile, "add", real_add)
        summary = import_customers(db.conn, file, options=ImportOptions(workers=0), now=NOW)
        assert summary.inserted == 60_000 - repeats
        assert db.conn.execute("SELECT count(*) FROM customers WHERE scored_on IS NULL").fetchone()[0] == 0
    finally:
        db.close()
