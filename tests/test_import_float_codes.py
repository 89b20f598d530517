"""A customer number or staff code a spreadsheet wrote as a float (3100000002.0), or with a character that shows as
nothing in it (a zero-width space, a byte order mark), is the same customer or manager, never a second one; one it
wrote in scientific notation (3.100000009E9) may have lost digits, so its row is rejected, saying so."""

from __future__ import annotations

import csv
import shutil

import pytest

from tests.committed_sample import SAMPLE
from tests.import_support import WAYS, run_import, write_csv, write_way
from workbench.db import open_db

HEADER = ["客户号", "姓名", "手机号", "客户经理号"]
FIRST = [HEADER, ["3100000002", "罗鹏", "13800138002", "1001"], ["3100000009", "李颖瑶", "13800138009", "1001"],
         ["3100000017", "李涵萍", "13800138017", "1002"], ["3100000020", "王五", "13800138020", "1002"],
         ["3100000021", "赵六", "13800138021", "1002"], ["3100000022", "钱七", "13800138022", "1002"],
         ["3100000023", "孙八", "13800138023", "1002"]]
# The same customers and managers again, as spreadsheets and copies write them; their phones changed (an update).
AGAIN = [HEADER, ["3100000002.0", "罗鹏", "13900139002", "1001.0"], ["\u200b3100000009", "李颖瑶", "13900139009", "1001"],
         ["3100000017\ufeff", "李涵萍", "13900139017", "\u20601002"], ["3100000020.00", "王五", "13900139020", "1002"],
         ["\u200c3100000021\u200d", "赵六", "13900139021", "1002\u200b"], ["\xa03100000022\xa0", "钱七", "13900139022", "1002"],
         ["'3100000023.0", "孙八", "13900139023", "1002"]]


def rejects(path) -> list[list[str]]:
    with path.with_name(path.name + ".rejects.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))[1:]


def stored(db_path) -> tuple[list, list]:
    with open_db(db_path) as db:
        return (db.conn.execute("SELECT customer_id, manager_id, phone_raw FROM customers ORDER BY 1").fetchall(),
                [r[0] for r in db.conn.execute("SELECT staff_id FROM staff ORDER BY 1")])


@pytest.mark.parametrize("way", WAYS)
def test_a_number_written_as_a_float_or_with_an_invisible_character_is_the_same_customer(db_path, tmp_path, way):
    run_import(db_path, write_way(tmp_path, FIRST, way))
    summary = run_import(db_path, write_way(tmp_path, AGAIN, way))
    assert (summary.inserted, summary.updated, summary.rejected) == (0, 7, 0)
    customers, staff = stored(db_path)
    assert customers == [(row[0], row[3], "13900139" + row[0][-3:]) for row in FIRST[1:]]
    assert staff == ["1001", "1002"]


@pytest.mark.parametrize("way", WAYS)
def test_a_number_in_scientific_notation_is_rejected_saying_digits_may_be_lost(db_path, tmp_path, way):
    rows = [HEADER, ["3.100000009E9", "李颖瑶", "13800138009", "1001"], ["3100000017", "李涵萍", "13800138017", "1.002E3"],
            ["3E0001", "代码", "13800138001", "1001"]]
    path = write_way(tmp_path, rows, way)
    summary = run_import(db_path, path)
    assert (summary.inserted, summary.rejected) == (1, 2)
    assert [row[:2] for row in rejects(path)] == [
        ["2", "客户号: 3.100000009E9 was written by the spreadsheet as a number in scientific notation, so digits may "
              "be lost; format the column as text and export again"],
        ["3", "客户经理号: 1.002E3 was written by the spreadsheet as a number in scientific notation, so digits may "
              "be lost; format the column as text and export again"]]
    assert stored(db_path)[0] == [("3E0001", "1001", "13800138001")]


def test_a_manager_cell_written_as_a_float_is_the_staff_member(db_path, tmp_path):
    header = ["客户号", "姓名", "客户经理"]
    run_import(db_path, write_csv(tmp_path / "a.csv", [header, ["C1", "甲", "1001"]]))
    run_import(db_path, write_csv(tmp_path / "b.csv", [header, ["C2", "乙", "1001.0"], ["C3", "丙", "\ufeff1001"]]))
    customers, staff = stored(db_path)
    assert [c[:2] for c in customers] == [("C1", "1001"), ("C2", "1001"), ("C3", "1001")]
    assert staff == ["1001"]


def test_the_samples_own_customers_written_as_floats_are_updated_not_inserted_again(tmp_path):
    db_path = tmp_path / "sample.sqlite"
    shutil.copy(SAMPLE, db_path)
    with open_db(db_path) as db:
        before = db.conn.execute("SELECT count(*) FROM customers").fetchone()[0]
        picked = db.conn.execute("SELECT customer_id, name, phone_raw, manager_id, branch_id FROM customers "
                                 "WHERE active = 1 ORDER BY customer_id LIMIT 40").fetchall()
    marks = ["{}.0", "\u200b{}", "{}\ufeff", "{}.00", "\u2060{}\u200c"]
    rows = [["客户号", "客户姓名", "手机号", "客户经理号", "所属机构"]] + [
        [marks[i % len(marks)].format(cid), name, phone or "", manager or "", branch]
        for i, (cid, name, phone, manager, branch) in enumerate(picked)]
    summary = run_import(db_path, write_csv(tmp_path / "again.csv", rows))
    assert (summary.inserted, summary.rejected, summary.updated + summary.unchanged) == (0, 0, 40)
    with open_db(db_path) as db:
        assert db.conn.execute("SELECT count(*) FROM customers").fetchone()[0] == before
