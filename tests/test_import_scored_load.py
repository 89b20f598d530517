"""A fresh import scores its staged customers on a thread of their own, a group of parts ahead of the
ones the connection's thread inserts (importing.scored_load)."""

from __future__ import annotations

import sqlite3
import tempfile
import threading

import pytest

from tests.import_support import NOW, customers, write_csv
from workbench.db import open_db
from workbench.importing import ImportOptions, blocks, import_customers, run, scored_load
from workbench.importing.accept import Acceptor
from workbench.importing.stage import ScoreFile
from workbench.importing.store import CustomerWriter
from workbench.scoring import staged

HEADER = ["客户号", "姓名", "手机号", "客户经理号", "所属机构", "资产余额", "最近交易日期"]


def extract(path, rows: int = 6_000):
    return write_csv(path, [HEADER] + [[f"C{i:06d}", f"客户{i}", f"1381234{i % 10000:04d}", f"M{i % 4}",
                                        f"B{i % 2}", i * 100, f"2025-{1 + i % 12:02d}-15"] for i in range(rows)])


def in_pieces(monkeypatch, parts_of: int = 5) -> list:
    """Small blocks and chunks, a part per parts_of-th of the file; returns the parts as they come."""
    monkeypatch.setattr(blocks, "BLOCK_BYTES", 16 * 1024)
    monkeypatch.setattr(run, "_part_bytes", lambda conn, size, spare: size // parts_of)
    monkeypatch.setattr(staged, "STAGED_CHUNK", 300)
    parts = []
    real = Acceptor.part
    monkeypatch.setattr(Acceptor, "part", lambda self, part: parts.append(part) or real(self, part))
    return parts


def scoring_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "import-scoring"]


@pytest.mark.parametrize("parts, groups, expected", [
    (0, 4, []),
    (1, 4, [[0]]),
    (3, 4, [[0], [1], [2]]),
    (6, 4, [[0], [1], [2, 3], [4, 5]]),
    (9, 4, [[0], [1, 2], [3, 4, 5], [6, 7, 8]]),
    (5, 2, [[0], [1, 2, 3, 4]]),
    (5, 1, [[0, 1, 2, 3, 4]]),
    (5, 0, [[0, 1, 2, 3, 4]]),   # no attachment free: still one group (the caller's parts left none)
])
def test_parts_go_in_runs_the_first_a_single_part(parts, groups, expected):
    assert scored_load.score_groups(parts, groups) == expected


def test_the_first_part_is_inserted_while_the_last_group_is_still_being_scored(tmp_path, db_path, monkeypatch):
    """The scoring thread holds its last group's first chunk until the connection's thread has
    inserted the first part: a run that scored everything before inserting would wait in vain."""
    parts = in_pieces(monkeypatch)
    inserted_first = threading.Event()
    waited = []
    groups = []
    real_groups = scored_load.score_groups
    monkeypatch.setattr(scored_load, "score_groups", lambda *a: groups.append(real_groups(*a)) or groups[-1])
    real_add, real_load = ScoreFile.add, CustomerWriter.load

    def add(self, part, columns):
        if part == groups[0][-1][0] and not waited:
            waited.append(inserted_first.wait(timeout=20))
        real_add(self, part, columns)

    def load(self, part, scores=None):
        rows = real_load(self, part, scores)
        inserted_first.set()
        return rows

    monkeypatch.setattr(ScoreFile, "add", add)
    monkeypatch.setattr(CustomerWriter, "load", load)
    file = extract(tmp_path / "extract.csv")
    db = open_db(db_path)
    try:
        summary = import_customers(db.conn, file, options=ImportOptions(workers=0), now=NOW)
        assert summary.inserted == 6_000 and len(parts) >= 4 and len(groups[0]) >= 3
        assert waited == [True]
        unscored = db.conn.execute("SELECT count(*) FROM customers WHERE scored_on IS NULL OR priority IS NULL")
        assert unscored.fetchone()[0] == 0
        assert {row[1] for row in db.conn.execute("PRAGMA database_list")} <= {"main", "temp"}
    finally:
        db.close()
    assert not scoring_threads()


def test_ctrl_c_while_inserting_stops_the_scoring_thread_and_changes_nothing(tmp_path, db_path, monkeypatch):
    """Ctrl-C reaches the connection's thread, here while it inserts the second part and the scoring
    thread is still at work: the thread is stopped and waited for, nothing stays attached, no scratch
    file is left, the database is as it was, and the import then works."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    in_pieces(monkeypatch)
    real_load, loads = CustomerWriter.load, []

    def load(self, part, scores=None):
        loads.append(part)
        if len(loads) == 2:
            raise KeyboardInterrupt
        return real_load(self, part, scores)

    monkeypatch.setattr(CustomerWriter, "load", load)
    file = extract(tmp_path / "extract.csv")
    db = open_db(db_path)
    try:
        with pytest.raises(KeyboardInterrupt):
            import_customers(db.conn, file, options=ImportOptions(workers=0), now=NOW)
        assert not scoring_threads() and not db.conn.in_transaction
        assert {row[1] for row in db.conn.execute("PRAGMA database_list")} <= {"main", "temp"}
        for table in ("customers", "staff", "branches", "import_log", "scoring_runs"):
            assert db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
        assert list((tmp_path / "tmp").iterdir()) == []
        monkeypatch.setattr(CustomerWriter, "load", real_load)
        assert import_customers(db.conn, file, options=ImportOptions(workers=0), now=NOW).inserted == 6_000
    finally:
        db.close()


def test_a_full_extract_into_an_empty_table_with_every_attachment_in_use(tmp_path, db_path, monkeypatch):
    """--full into an empty table has nobody to inactivate, so it attaches no list of numbers seen: the
    parts and the score files may take every attachment SQLite allows."""
    parts = in_pieces(monkeypatch, parts_of=9)
    file = extract(tmp_path / "extract.csv", 30_000)
    limit = sqlite3.connect(":memory:").getlimit(sqlite3.SQLITE_LIMIT_ATTACHED)
    db = open_db(db_path)
    try:
        summary = import_customers(db.conn, file, options=ImportOptions(workers=0, full=True), now=NOW)
    finally:
        db.close()
    assert len(parts) == limit - 1 and summary.inserted == 30_000 and summary.inactivated == 0
    assert len(customers(db_path)) == 30_000


def test_progress_is_told_on_the_callers_thread_only(tmp_path, db_path, monkeypatch):
    """The scoring thread's progress reaches the caller through the connection's thread: a caller may
    touch its own thread's objects (a Textual app, this connection) in its callback."""
    in_pieces(monkeypatch)
    file = extract(tmp_path / "extract.csv")
    callers = []
    db = open_db(db_path)
    try:
        def progress(step, done, total):
            callers.append((step, threading.current_thread()))
            db.conn.execute("SELECT 1")   # a sqlite3 connection refuses any other thread

        import_customers(db.conn, file, options=ImportOptions(workers=0), now=NOW, progress=progress)
    finally:
        db.close()
    scored = [thread for step, thread in callers if step == "score"]
    assert len(scored) > 3 and {thread for _, thread in callers} == {threading.current_thread()}


def test_attached_scratch_files_keep_a_small_page_cache(tmp_path, db_path, monkeypatch):
    """Each part and score file is read once, in order: SQLite's default 2 MB cache for each of up to
    ten attached files would only add memory."""
    from workbench.importing.stage import ATTACHED_CACHE_KIB

    in_pieces(monkeypatch)
    file = extract(tmp_path / "extract.csv")
    caches = {}
    db = open_db(db_path)
    try:
        def progress(step, done, total):
            for _, schema, _ in db.conn.execute("PRAGMA database_list").fetchall():
                caches[schema] = db.conn.execute(f"PRAGMA {schema}.cache_size").fetchone()[0]

        import_customers(db.conn, file, options=ImportOptions(workers=0), now=NOW, progress=progress)
    finally:
        db.close()
    attached = {schema: size for schema, size in caches.items() if schema not in ("main", "temp")}
    assert any(s.startswith("import_part") for s in attached) and any(s.startswith("import_scores") for s in attached)
    assert set(attached.values()) == {-ATTACHED_CACHE_KIB} and caches["main"] != -ATTACHED_CACHE_KIB
