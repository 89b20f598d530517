"""A phone cell holding two numbers in a file with one phone column is read as two phone columns are: the number
called is the cell's preferred one, the other callable one is kept as the alternate, and once a call finds the one
called bad, the next extract switches the customer to it, whichever way the file's cells are converted."""

from __future__ import annotations

import pytest

from import_support import WAYS, run_import, write_way
from test_import_second_number import APRIL, MARK, MOBILE, SWITCHED, _call, _numbers
from workbench.db import open_db

HEADER = ["客户号", "姓名", "手机号", "客户经理号", "所属机构", "资产余额"]


def _month(tmp_path, way: str, aum: str):
    return write_way(tmp_path, [
        HEADER,
        ["K1", "王芳", "13800000001/021-62345678", "M1", "B1", aum],
        ["K2", "李强", "13800000002 13900000002", "M1", "B1", aum],
        ["K3", "赵六", "021 6234 5679", "M1", "B1", aum],              # one number written with spaces
        ["K4", "孙七", "13800000004(本人)", "M1", "B1", aum],            # a note, no second number
        ["K5", "周八", "13800000005", "M1", "B1", aum],
    ], way)


def _phones(db_path) -> list[tuple]:
    with open_db(db_path) as db:
        return db.execute("SELECT customer_id, phone_raw, phone_e164, phone_alt_raw FROM customers ORDER BY 1").fetchall()


@pytest.mark.parametrize("way", WAYS)
def test_the_second_number_of_a_cell_is_the_alternate_a_bad_number_gives_way_to(db_path, tmp_path, way):
    run_import(db_path, _month(tmp_path, way, "12000"))
    assert _phones(db_path) == [
        ("K1", "13800000001", MOBILE, "021-62345678"),
        ("K2", "13800000002", "+8613800000002", "13900000002"),
        ("K3", "021 6234 5679", "+862162345679", None),
        ("K4", "13800000004(本人)", "+8613800000004", None),
        ("K5", "13800000005", "+8613800000005", None),
    ]
    _call(db_path)
    assert (_numbers(db_path)["valid"], _numbers(db_path)["problem"]) == (0, MARK)
    summary = run_import(db_path, _month(tmp_path, way, "15000"), now=APRIL)
    assert summary.numbers_switched == 1
    assert _numbers(db_path) == SWITCHED
