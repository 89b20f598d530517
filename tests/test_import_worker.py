"""The reader process: a large extract is read and converted in a worker process while the import writes.

Every result must be the same as reading in the importing process itself: counts, ids, rejects,
new staff and branches, the customers as stored, --full inactivation, and all-or-nothing on failure.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.hostile import start_workbench, write_extract
from tests.import_support import NOW, customers, run_import, write_csv, write_xlsx
from workbench.db import open_db
from workbench.errors import WorkbenchError

HEADER = ["客户号", "姓名", "性别", "出生日期", "手机号", "客户经理号", "所属机构", "资产余额", "最近交易日期", "标签"]
ROWS = [
    ["C1", "张三", "男", "1980-03-01", "13812345678", "M1", "B1", "1,234.50", "2025/3/1", "理财"],
    ["C2", "李四", "女", "19850506", "+86 139 1234 5678", "M2", "B1", "12.5万", "20250301", ""],
    ["", "=1+1", "男", "", "", "", "B1", "1", "", ""],                        # no number, a formula-looking name
    ["C3", "王五", "X", "", "0755-85551234", "", "B2", "3", "", ""],          # bad gender
    [],                                                                      # blank line
    ["C4", "赵六", "", "45000", "１３８１２３４５６７８", "M1", "B2", "1", "", ""],   # Excel serial, full-width phone
    ["C1", "冒名", "男", "1980-03-01", "13800000000", "M9", "B9", "9", "", ""],   # repeats C1 in a later batch
    ["C5", "钱七", "女", "1990-01-01", "8555123", "M3", "B3", "0", "2024-12-31", "基金、保险"],
    ["C3", "王五", "男", "", "0755-85551234", "", "B2", "3", "", ""],          # C3 again, now valid
    ["C5", "钱七", "女", "1990-01-01", "8555123", "M3", "B3", "0", "2024-12-31", ""],  # repeats C5
]
STORED = "customer_id, name, gender, birthday, phone_raw, phone_e164, phone_valid, phone_problem, manager_id, " \
         "branch_id, aum_fen, last_activity_on, tags, active"


def both_ways(tmp_path: Path, file: Path, **options):
    """Import file into two fresh databases, once without and once with the worker process."""
    results = []
    for workers in (0, 1):
        db = tmp_path / f"w{workers}.sqlite"
        open_db(db).close()
        summary = run_import(db, file, workers=workers, **options)
        report = summary.reject_file.read_text(encoding="utf-8-sig") if summary.reject_file else ""
        results.append((db, summary, report))
    return results


def same_summary(a, b) -> None:
    keys = ("rows_read", "blank_rows", "inserted", "updated", "unchanged", "rejected", "inactivated", "inserted_ids",
            "updated_ids", "inactivated_ids", "new_staff", "new_branches", "covered_branches", "phones_invalid")
    assert {k: getattr(a, k) for k in keys} == {k: getattr(b, k) for k in keys}


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_worker_gives_the_same_import_as_reading_in_process(tmp_path, encoding):
    file = write_csv(tmp_path / "extract.csv", [HEADER, *ROWS], encoding=encoding)
    (db0, plain, report0), (db1, worker, report1) = both_ways(tmp_path, file, batch_size=3)
    same_summary(plain, worker)
    assert (worker.inserted, worker.rejected, worker.blank_rows) == (5, 4, 1)
    assert sorted(worker.inserted_ids) == ["C1", "C2", "C3", "C4", "C5"]
    assert worker.new_staff == ["M1", "M2", "M3"] and worker.new_branches == ["B1", "B2", "B3"]
    assert customers(db0, STORED) == customers(db1, STORED)
    assert customers(db1, "customer_id, name, aum_fen")[0] == ("C1", "张三", 123450)   # the first C1 row kept
    lines = sorted(report1.splitlines())
    assert lines == sorted(report0.splitlines()) and len(lines) == 5
    assert any(line.startswith("8,customer C1 appears again (first row kept)") for line in lines)
    assert any(line.startswith("11,customer C5 appears again") for line in lines)
    assert any("'=1+1" in line for line in lines)   # the formula cell is neutralised in the report


def test_worker_full_extract_inactivates_the_absent(tmp_path):
    first = write_csv(tmp_path / "a.csv", [HEADER, *ROWS])
    later = write_csv(tmp_path / "b.csv", [HEADER, ROWS[0], ["C2", "李四", "女", "bad date", "", "M2", "B1", "1", "", ""]])
    for workers in (0, 1):
        db = tmp_path / f"full{workers}.sqlite"
        open_db(db).close()
        run_import(db, first, workers=workers)
        summary = run_import(db, later, workers=workers, full=True, batch_size=1)
        # Only B1 is covered; C2's row was rejected but it is listed, so it stays active.
        assert summary.covered_branches == ["B1"] and summary.rejected == 1
        assert summary.inactivated_ids == []
        assert customers(db, "customer_id, active") == [("C1", 1), ("C2", 1), ("C3", 1), ("C4", 1), ("C5", 1)]
        without_branch = write_csv(tmp_path / f"c{workers}.csv", [["客户号", "姓名"], ["C1", "张三"], ["C5", "钱七"]])
        summary = run_import(db, without_branch, workers=workers, full=True)
        # Without a branch column the branches its customers are in are covered (C1's B1, C5's B3), not B2.
        assert summary.inactivated_ids == ["C2"] and summary.covered_branches == ["B1", "B3"]
        assert customers(db, "customer_id, active") == [("C1", 1), ("C2", 0), ("C3", 1), ("C4", 1), ("C5", 1)]


def test_worker_reads_xlsx(tmp_path):
    file = write_xlsx(tmp_path / "extract.xlsx", [HEADER, *[r for r in ROWS if r]])
    (db0, plain, _), (db1, worker, _) = both_ways(tmp_path, file, batch_size=2)
    same_summary(plain, worker)
    assert worker.kind == "xlsx" and worker.inserted == 5
    assert customers(db0, STORED) == customers(db1, STORED)


def test_file_broken_part_way_leaves_nothing_with_the_worker(tmp_path, db_path):
    good = "".join(f"C{i},客户{i},13812345678\r\n" for i in range(20_000)).encode()
    file = tmp_path / "broken.csv"
    file.write_bytes("客户号,姓名,手机号\r\n".encode() + good + b"X1,\xff\xfe\xfd,1\r\nbad,row\r\n")
    with pytest.raises(WorkbenchError, match="broken.csv is not valid utf-8 text near line"):
        run_import(db_path, file, workers=1, batch_size=1000)
    assert customers(db_path) == []
    assert not (tmp_path / "broken.csv.rejects.csv").exists()
    db = open_db(db_path)
    assert db.conn.execute("SELECT count(*) FROM import_log").fetchone()[0] == 0
    db.close()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_killing_the_import_stops_its_reader_and_keeps_the_database(tmp_path, db_path):
    """SIGKILL the importing process while its worker reads a large file: the worker ends, nothing is written."""
    file = write_extract(tmp_path / "big.csv", 140_000)
    assert file.stat().st_size > 8 * 1024 * 1024   # large enough for the worker
    proc = start_workbench(db_path, "import", "customers", file)
    deadline = time.monotonic() + 30
    readers: list[int] = []
    while not readers and time.monotonic() < deadline and proc.poll() is None:
        readers = _children(proc.pid)
        time.sleep(0.05)
    assert readers, "the import never started a reader process"
    time.sleep(0.5)
    proc.kill()
    proc.communicate(timeout=30)
    deadline = time.monotonic() + 20
    while any(Path(f"/proc/{pid}").exists() and "Z" not in _state(pid) for pid in readers):
        assert time.monotonic() < deadline, "the reader process outlived the import"
        time.sleep(0.1)
    db = open_db(db_path)
    try:
        assert db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.conn.execute("SELECT count(*) FROM customers").fetchone()[0] == 0
        assert db.conn.execute("SELECT count(*) FROM import_log").fetchone()[0] == 0
    finally:
        db.close()
    # A kill leaves the scratch folder for a later import to remove once stale (tested below).
    assert [p.name[:17] for p in (db_path.parent / "tmp").iterdir()] == ["workbench-import-"]


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_small_files_are_read_in_process(tmp_path):
    from workbench.importing.pipeline import wants_worker
    from workbench.importing.sources import open_source

    small = write_csv(tmp_path / "s.csv", [HEADER, *ROWS])
    source = open_source(small, encoding=None, delimiter=None, overrides={})
    try:
        assert not wants_worker(source, None) and wants_worker(source, 1) and not wants_worker(source, 0)
    finally:
        source.close()


def test_workbooks_go_to_a_worker_by_their_sheets_size_unless_loaded_whole(tmp_path, monkeypatch):
    from tests.test_import_xlsx import write_ods
    from workbench.importing import pipeline
    from workbench.importing.sources import open_source

    streamed = open_source(write_xlsx(tmp_path / "s.xlsx", [HEADER, *[r for r in ROWS if r]]), encoding=None,
                           delimiter=None, overrides={})
    whole = open_source(write_ods(tmp_path / "s.ods", [["客户号", "姓名"], ["C1", "张三"]]), encoding=None,
                        delimiter=None, overrides={})
    try:
        assert streamed.size > 1000 and not pipeline.wants_worker(streamed, None)
        monkeypatch.setattr(pipeline, "SHEET_WORKER_MIN_BYTES", streamed.size)
        monkeypatch.setattr(pipeline, "WORKER_MIN_BYTES", 0)
        assert pipeline.wants_worker(streamed, None) and not pipeline.wants_worker(whole, None)
        monkeypatch.setattr(pipeline, "SHEET_WORKER_MIN_BYTES", streamed.size + 1)
        assert not pipeline.wants_worker(streamed, None)
    finally:
        streamed.close()
        whole.close()


def test_worker_messages_report_rejects_and_stage_the_converted_rows(tmp_path):
    """The worker's messages, read back: rejects with their cells, and part files holding every converted
    row exactly as the importing process would convert it, repeats of a customer number taken out."""
    import io
    import sqlite3

    from workbench.importing.produce import Job, read_frame, worker_main
    from workbench.importing.rows import build_converter, convert_rows
    from workbench.importing.sources import open_source
    from workbench.importing.columns import schema

    file = write_csv(tmp_path / "extract.csv", [HEADER, *ROWS, ROWS[0]], encoding="gb18030")
    source = open_source(file, encoding=None, delimiter=None, overrides={})
    source.close()
    out = io.BytesIO()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    worker_main(Job(file, source.encoding, source.delimiter, {}, {}, NOW.date(), 4, scratch, file.stat().st_size),
                out)   # one part
    out.seek(0)
    messages = []
    while (message := read_frame(out)) is not None:
        messages.append(message)
    assert messages[-1][0] == "done" and [m[0] for m in messages[-3:-1]] == ["block", "part"]
    converter = build_converter(source.mapping, {}, NOW.date())
    again = open_source(file, encoding=None, delimiter=None, overrides={})
    rows = [cells for _, cells in again.rows]
    again.close()
    results = convert_rows(converter.row, rows)
    blocks = [m for m in messages if m[0] == "block"]
    assert sum(m[3] for m in blocks) == len(rows) == 11 and sum(m[2] for m in blocks) == 1   # row 6 is blank
    rejects = [r for m in blocks for r in m[1]]
    assert rejects == [(n, r, cells) for n, r, cells in zip(range(2, 13), results, rows) if r.__class__ is str]
    assert (5, "性别: gender 'X' is not 男/女, M/F or 1/2", ROWS[3]) in rejects   # C3's bad gender, with its cells
    converted = [(n, *r) for n, r in zip(range(2, 13), results) if r.__class__ is tuple]
    firsts = {}
    for row in converted:
        firsts.setdefault(row[1], row)
    (part,) = [m[1] for m in messages if m[0] == "part"]
    assert part.repeats == [(row[0], row[1]) for row in converted if firsts[row[1]] is not row]
    assert (12, ROWS[0][0]) in part.repeats   # the last row repeats the first
    staged = sqlite3.connect(part.path).execute(f"SELECT {', '.join(schema(converter.columns))} FROM staged")
    assert staged.fetchall() == list(firsts.values()) and part.rows == len(firsts) > 4


def test_broken_file_after_the_indexes_were_dropped_restores_them(tmp_path, db_path):
    """A load big enough to drop the customers indexes, failing part-way: the rollback brings them back."""
    def indexes():
        db = open_db(db_path)
        try:
            return db.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers' "
                                   "ORDER BY name").fetchall()
        finally:
            db.close()

    before = indexes()
    assert len(before) >= 4
    good = "".join(f"C{i},客户{i},1381234{i % 10000:04d}\r\n" for i in range(60_000)).encode()
    file = tmp_path / "broken.csv"
    file.write_bytes("客户号,姓名,手机号\r\n".encode() + good + b"X1,\xff\xfe,1\r\n")
    with pytest.raises(WorkbenchError, match="not valid utf-8"):
        run_import(db_path, file, workers=0)
    assert indexes() == before and customers(db_path) == []
    file.write_bytes("客户号,姓名,手机号\r\n".encode() + good)
    summary = run_import(db_path, file, workers=0)
    assert summary.inserted == 60_000 and summary.seconds["indexes"] > 0
    assert indexes() == before
    db = open_db(db_path)
    try:
        plan = db.conn.execute("EXPLAIN QUERY PLAN SELECT count(*) FROM customers WHERE branch_id = 'B1'")
        assert "customers_branch" in " ".join(str(row) for row in plan)
        assert db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()


def test_huge_change_sets_give_counts_without_id_lists(tmp_path, db_path, monkeypatch):
    """Past the id-list limit the summary keeps exact counts only, and the rescore covers everyone."""
    from workbench.importing import run

    monkeypatch.setattr(run, "ID_LIST_LIMIT", 3)
    file = write_csv(tmp_path / "extract.csv", [HEADER, *ROWS])
    summary = run_import(db_path, file)
    assert (summary.inserted, summary.inserted_ids, summary.updated_ids) == (5, [], [])
    assert all(scored for (scored,) in customers(db_path, "scored_on"))
    db = open_db(db_path)
    try:
        assert db.conn.execute("SELECT inserted FROM import_log").fetchone()[0] == 5
    finally:
        db.close()


def test_a_killed_imports_scratch_folder_is_removed_by_a_later_import(tmp_path, monkeypatch):
    """SIGKILL leaves the scratch folder (part files, numbers seen) behind; the next import removes it
    once it is stale, and leaves a recent one alone (another import may be using it)."""
    import tempfile

    from workbench.importing.stage import STALE_SECONDS, remove_scratch, scratch_folder

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    old, fresh, old_file = (tmp_path / "workbench-import-old", tmp_path / "workbench-import-busy",
                            tmp_path / "workbench-import-1.sqlite")
    for folder in (old, fresh):
        folder.mkdir()
        (folder / "part-000.sqlite").write_bytes(b"x")
    old_file.write_bytes(b"x")   # what earlier versions left: a file, not a folder
    now = time.time()
    for stale in (old, old_file):
        os.utime(stale, (now - STALE_SECONDS - 60,) * 2)
    mine = scratch_folder(now)
    try:
        assert not old.exists() and not old_file.exists()
        assert fresh.exists() and mine.is_dir() and mine.parent == tmp_path
    finally:
        remove_scratch(mine)
    assert not mine.exists()


def test_a_few_thousand_new_customers_load_with_the_indexes_rebuilt_once(tmp_path, db_path, monkeypatch):
    """A load that at least doubles the table drops the secondary indexes from 5,000 rows on; they come back
    exactly as they were and the import is the same."""
    from workbench.importing import store

    dropped = []
    real = store.CustomerWriter.drop_indexes

    def spy(self, expected_rows):
        real(self, expected_rows)
        dropped.append(len(self.dropped_indexes))

    monkeypatch.setattr(store.CustomerWriter, "drop_indexes", spy)
    db = open_db(db_path)
    before = db.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers' "
                             "ORDER BY name").fetchall()
    db.close()
    file = tmp_path / "six.csv"
    file.write_text("客户号,姓名,手机号\n" + "".join(f"C{i},客户{i},1381234{i:04d}\n" for i in range(6000)), encoding="utf-8")
    summary = run_import(db_path, file, workers=0)
    assert summary.inserted == 6000 and dropped[0] == len([sql for _, sql in before if sql]) > 0
    db = open_db(db_path)
    try:
        after = db.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers' "
                                "ORDER BY name").fetchall()
        assert after == before and db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()
    again = tmp_path / "again.csv"
    again.write_text("客户号,姓名\n" + "".join(f"D{i},客户{i}\n" for i in range(5500)), encoding="utf-8")
    dropped.clear()
    run_import(db_path, again, workers=0)
    assert dropped == [0]   # 5,500 rows do not double a table of 6,000: the indexes are kept up to date
