"""An import into an empty customers table writes under a rollback journal when it has the file to
itself (each new page written once), and under WAL otherwise; WAL is back afterwards either way."""

from __future__ import annotations

from pathlib import Path

from import_support import NOW, write_csv
from workbench.db import open_db
from workbench.importing import ImportOptions, import_customers

HEADER = ["客户号", "姓名", "手机号", "资产余额", "最近交易日期"]


def extract(path: Path, first: int, n: int) -> Path:
    rows = [[f"C{i:06d}", f"客户{i}", f"139{i:08d}", "12,000.00", "2025-06-01"] for i in range(first, first + n)]
    return write_csv(path, [HEADER, *rows])


def import_watching_the_journal(db_path: Path, file: Path) -> tuple[set[str], object]:
    """Import file; the journal modes seen from inside the import (at each progress step)."""
    db = open_db(db_path)
    seen: set[str] = set()
    try:
        def progress(step, done, total):
            seen.add(db.conn.execute("PRAGMA journal_mode").fetchone()[0])

        summary = import_customers(db.conn, file, options=ImportOptions(), now=NOW, progress=progress)
        assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        return seen, summary
    finally:
        db.close()


def wal_bytes(db_path: Path) -> int:
    wal = db_path.with_name(db_path.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def test_first_import_writes_under_a_rollback_journal_and_later_ones_under_wal(db_path, tmp_path):
    seen, summary = import_watching_the_journal(db_path, extract(tmp_path / "first.csv", 0, 3_000))
    assert seen == {"delete"} and summary.inserted == 3_000
    assert wal_bytes(db_path) == 0
    seen, summary = import_watching_the_journal(db_path, extract(tmp_path / "more.csv", 3_000, 3_000))
    assert seen == {"wal"} and summary.inserted == 3_000
    db = open_db(db_path)
    try:
        assert db.conn.execute("SELECT count(*), count(scored_on) FROM customers").fetchone() == (6_000, 6_000)
        assert db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()


def test_first_import_keeps_wal_while_another_connection_reads(db_path, tmp_path):
    reader = open_db(db_path)
    try:
        reader.conn.execute("SELECT count(*) FROM customers").fetchone()
        seen, summary = import_watching_the_journal(db_path, extract(tmp_path / "first.csv", 0, 3_000))
        assert seen == {"wal"} and summary.inserted == 3_000
        assert reader.conn.execute("SELECT count(*) FROM customers").fetchone()[0] == 3_000
    finally:
        reader.close()


def test_a_failed_first_import_leaves_the_file_empty_and_in_wal(db_path, tmp_path):
    file = extract(tmp_path / "first.csv", 0, 3_000)
    db = open_db(db_path)
    try:
        def interrupt(step, done, total):
            if step == "load" and done:   # some customers are in the table
                raise KeyboardInterrupt

        try:
            import_customers(db.conn, file, options=ImportOptions(), now=NOW, progress=interrupt)
        except KeyboardInterrupt:
            pass
        else:
            raise AssertionError("the import was not interrupted")
        assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.conn.execute("SELECT count(*) FROM customers").fetchone()[0] == 0
        assert db.conn.execute("SELECT count(*) FROM import_log").fetchone()[0] == 0
    finally:
        db.close()
