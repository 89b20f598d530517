"""How a large import keeps both cores busy: the parts' sizes, the work done on each part while the reader process
converts the next one, and the phone cells converted in polars."""

from __future__ import annotations

import math
import sqlite3

import polars as pl

from tests.import_support import NOW, write_csv
from workbench.db import open_db
from workbench.importing import ImportOptions, blocks, import_customers, run, scored_load
from workbench.importing.accept import Acceptor
from workbench.importing.columns import Distinct, phone_columns
from workbench.importing.rows import _phone_values

HEADER = ["客户号", "姓名", "手机号", "客户经理号", "所属机构", "资产余额"]


def extract(path, rows: int = 6_000):
    return write_csv(path, [HEADER] + [[f"C{i:06d}", f"客户{i}", f"1381234{i % 10000:04d}", f"M{i % 7}", f"B{i % 3}",
                                        i * 100] for i in range(rows)])


def test_the_first_and_the_last_part_are_half_as_large_as_the_others():
    assert run._part_ends(1_200, 200) == (120, 360, 600, 840, 1_080)
    assert run._part_ends(1_000, math.ceil(1_000 / 6)) == (100, 300, 500, 700, 900)   # _part_bytes' six parts
    assert run._part_ends(400, 200) is None and run._part_ends(100, 0) is None   # two parts, one: as they were


def test_the_producer_makes_the_parts_it_was_given_room_for(tmp_path, db_path, monkeypatch):
    """Half-size first and last parts, never more parts than _part_bytes left room for, and every row loaded."""
    monkeypatch.setattr(blocks, "BLOCK_BYTES", 8 * 1024)
    parts = []
    real = Acceptor.part
    monkeypatch.setattr(Acceptor, "part", lambda self, part: parts.append(part.rows) or real(self, part))
    file = extract(tmp_path / "extract.csv")
    db = open_db(db_path)
    try:
        summary = import_customers(db.conn, file, options=ImportOptions(workers=0), now=NOW)
        room = db.conn.getlimit(sqlite3.SQLITE_LIMIT_ATTACHED) - scored_load.SCORE_GROUPS
    finally:
        db.close()
    assert summary.inserted == 6_000 == sum(parts) and len(parts) == room
    middle = sum(parts[1:-1]) / len(parts[1:-1])
    assert parts[0] < 0.65 * middle and parts[-1] < 0.65 * middle


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
        summary = import_customers(db.conn, file, options=ImportOptions(workers=0), now=NOW)
        after = (db.conn.execute("SELECT staff_id FROM staff ORDER BY rowid").fetchall(),
                 db.conn.execute("SELECT branch_id FROM branches ORDER BY rowid").fetchall())
    finally:
        db.close()
    assert seen == [after]
    assert after == ([(f"M{i}",) for i in range(7)], [(f"B{i}",) for i in range(3)])
    assert summary.new_staff == [f"M{i}" for i in range(7)] and summary.new_branches == ["B0", "B1", "B2"]


def test_mobiles_written_with_plus_86_and_spaces_convert_in_polars_as_the_row_converts_them():
    """+86 138 1234 5678 is parsed by nobody, and every cell comes out as the row's parse gives it."""
    cells = ["+86 138 1234 5678", "+86 199 0000 0000", "+86 140 1234 5678", "+86 161 1234 5678", "+86 138 1234 567",
             " +86 138 1234 5678", "+86  138 1234 5678", "+86 138-1234-5678", "+8613812345678", "13812345678",
             "021-62345678", "", "无", "+86 １38 1234 5678", "+86 138 1234 5678 ", "'+86 138 1234 5678"]
    asked = []

    def parse(cell):
        asked.append(cell)
        return _phone_values(cell)

    columns, failed = phone_columns(pl.Series(cells, dtype=pl.String), Distinct(parse, 0))
    assert failed is None
    assert list(zip(*(column.to_list() for column in columns))) == [_phone_values(cell) for cell in cells]
    assert "+86 138 1234 5678" not in asked and "+86 199 0000 0000" not in asked
    assert "+86 140 1234 5678" in asked   # not a range in service: phonenumbers judges it
    only_spaced, _ = phone_columns(pl.Series(["+86 138 1234 5678", "13812345678"]), Distinct(parse, 0))
    assert [column.to_list() for column in only_spaced] == [list(v) for v in zip(*map(_phone_values, ["+86 138 1234 5678",
                                                                                                      "13812345678"]))]
