"""How a large import keeps both cores busy: the work done on each part while the reader process converts the
next one."""

from __future__ import annotations

from tests.import_support import NOW, write_csv
from workbench.db import open_db
from workbench.importing import ImportOptions, blocks, import_customers, run, scored_load

HEADER = ["客户号", "姓名", "手机号", "客户经理号", "所属机构", "资产余额"]


def extract(path, rows: int = 6_000):
    return write_csv(path, [HEADER] + [[f"C{i:06d}", f"客户{i}", f"1381234{i % 10000:04d}", f"M{i % 7}", f"B{i % 3}",
                                        i * 100] for i in range(rows)])


def test_a_fresh_import_adds_its_branches_and_managers_while_the_file_is_read(tmp_path, db_path, monkeypatch):
    """Before the scored parts are inserted, every branch and manager the file names is in, in file order, as a
    load that added them part by part would have them (its insert is then all that waits for the scores)."""
    monkeypatch.setattr(blocks, "BLOCK_BYTES", 8 * 1024)
    seen = []
    real = scored_load.score_and_load

    def score_and_load(conn, *args):
        seen.append((conn.execute("SELECT staff_id FROM staff ORDER BY rowid").fetchall(),
                     conn.execute("SELECT branch_id FROM branches ORDER BY rowid").fetchall()))
        return real(conn, *args)

    monkeypatch.setattr(run, "score_and_load", score_and_load)
    file = extract(tmp_path / "extract.csv")
    db = open_db(db_path)
    try:
        summary = import_customers(db.conn, file, options=ImportOptions(workers=1), now=NOW)
        after = (db.conn.execute("SELECT staff_id FROM staff ORDER BY rowid").fetchall(),
                 db.conn.execute("SELECT branch_id FROM branches ORDER BY rowid").fetchall())
    finally:
        db.close()
    assert seen == [after]
    assert after == ([(f"M{i}",) for i in range(7)], [(f"B{i}",) for i in range(3)])
    assert summary.new_staff == [f"M{i}" for i in range(7)] and summary.new_branches == ["B0", "B1", "B2"]
