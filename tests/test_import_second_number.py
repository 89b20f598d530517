"""An extract's second phone column: the number not called is kept as the alternate, and when a call has
found the number in use bad, the next extract switches to the other one, and does not switch back."""

from __future__ import annotations

from datetime import datetime

from import_support import refresh_contact, run_import, write_csv
from workbench.db import open_db
from workbench.outcomes import log_outcome

HEADER = ["客户号", "姓名", "手机号", "联系电话", "客户经理号", "所属机构", "资产余额"]
CALLED = datetime(2026, 3, 2, 10, 0)
APRIL, MAY = datetime(2026, 4, 1, 9, 0), datetime(2026, 5, 1, 9, 0)
MOBILE, LANDLINE = "+8613800000001", "+862162345678"
MARK = "Last call result: Number does not exist"


def _extract(tmp_path, name: str, first: str, second: str | None, aum: str = "12000", *, blank_line: bool = False):
    """K1's row. The same file twice is skipped whole: a month's file that says what the last one did
    differs from it by a blank line at its end."""
    header = HEADER if second is not None else [h for h in HEADER if h != "联系电话"]
    row = ["K1", "王芳", first, *([second] if second is not None else []), "M1", "B1", aum]
    return write_csv(tmp_path / name, [header, row, *([[]] if blank_line else [])])


def _numbers(db_path) -> dict:
    with open_db(db_path) as db:
        row = db.execute("SELECT phone_e164, phone_valid, phone_problem, phone_alt_e164, phone_alt_problem,"
                         " phone_alt_raw, phone_changed_at FROM customers WHERE customer_id = 'K1'").fetchone()
    return dict(zip(("e164", "valid", "problem", "alt", "alt_problem", "alt_raw", "changed_at"), row))


def _call(db_path, line_result: str = "no_such_number", at: datetime = CALLED) -> None:
    with open_db(db_path) as db:
        log_outcome(db.conn, customer_id="K1", manager_id="M1", line_result=line_result, at=at)


def test_the_number_not_called_is_kept_as_the_alternate(db_path, tmp_path):
    run_import(db_path, _extract(tmp_path, "march.csv", "13800000001", "021-62345678"))
    assert _numbers(db_path) == {"e164": MOBILE, "valid": 1, "problem": None, "alt": LANDLINE, "alt_problem": None,
                                 "alt_raw": "021-62345678", "changed_at": None}


def test_no_alternate_when_the_other_number_is_the_same_or_not_callable(db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [
        HEADER,
        ["K1", "王芳", "13800000001", "138 0000 0001", "M1", "B1", "1"],   # the same number written another way
        ["K2", "李强", "13800000002", "12345", "M1", "B1", "1"],           # not a number anyone can call
        ["K3", "赵六", "13800000003", "", "M1", "B1", "1"],
        ["K4", "钱七", "12345", "13800000004", "M1", "B1", "1"],           # the second called; the first is broken
    ])
    run_import(db_path, path)
    with open_db(db_path) as db:
        rows = db.execute("SELECT customer_id, phone_e164, phone_alt_e164 FROM customers ORDER BY 1").fetchall()
    assert rows == [("K1", MOBILE, None), ("K2", "+8613800000002", None), ("K3", "+8613800000003", None),
                    ("K4", "+8613800000004", None)]


def test_a_number_found_bad_gives_way_to_the_other_and_stays_given_way(db_path, tmp_path):
    run_import(db_path, _extract(tmp_path, "march.csv", "13800000001", "021-62345678"))
    _call(db_path)
    assert (_numbers(db_path)["valid"], _numbers(db_path)["problem"]) == (0, MARK)
    # April: head office still lists the dead mobile first. The landline is called; the mobile keeps its mark.
    summary = run_import(db_path, _extract(tmp_path, "april.csv", "13800000001", "021-62345678", aum="15000"), now=APRIL)
    switched = {"e164": LANDLINE, "valid": 1, "problem": None, "alt": MOBILE, "alt_problem": MARK,
                "alt_raw": "13800000001", "changed_at": "2026-04-01T09:00:00"}
    assert (summary.updated, _numbers(db_path)) == (1, switched)
    # The call found the mobile bad, before the change: the rules leave the landline callable.
    refresh_contact(db_path, "K1")
    assert _numbers(db_path) == switched
    # May: the same two numbers in the same order: nothing changes.
    summary = run_import(db_path, _extract(tmp_path, "may.csv", "13800000001", "021-62345678", aum="15000",
                                           blank_line=True), now=MAY)
    assert (summary.updated, summary.unchanged, _numbers(db_path)) == (0, 1, switched)


def test_when_both_numbers_are_found_bad_the_customer_stays_uncallable(db_path, tmp_path):
    run_import(db_path, _extract(tmp_path, "march.csv", "13800000001", "021-62345678"))
    _call(db_path)
    run_import(db_path, _extract(tmp_path, "april.csv", "13800000001", "021-62345678", aum="15000"), now=APRIL)
    _call(db_path, "suspended", at=datetime(2026, 4, 2, 10, 0))   # the landline is dead too
    assert (_numbers(db_path)["e164"], _numbers(db_path)["valid"]) == (LANDLINE, 0)
    run_import(db_path, _extract(tmp_path, "may.csv", "13800000001", "021-62345678", aum="16000"), now=MAY)
    found = _numbers(db_path)
    assert (found["e164"], found["valid"], found["problem"], found["alt"], found["alt_problem"]) == (
        MOBILE, 0, MARK, LANDLINE, "Last call result: Suspended")
    refresh_contact(db_path, "K1")
    assert (_numbers(db_path)["valid"], _numbers(db_path)["problem"]) == (0, MARK)


def test_an_extract_without_the_second_column_does_not_bring_a_bad_number_back(db_path, tmp_path):
    run_import(db_path, _extract(tmp_path, "march.csv", "13800000001", "021-62345678"))
    _call(db_path)
    run_import(db_path, _extract(tmp_path, "april.csv", "13800000001", "021-62345678", aum="15000"), now=APRIL)
    run_import(db_path, _extract(tmp_path, "may.csv", "13800000001", None), now=MAY)
    found = _numbers(db_path)
    assert (found["e164"], found["valid"], found["problem"]) == (MOBILE, 0, MARK)


def test_a_new_first_number_is_called_and_the_mark_goes_with_the_old(db_path, tmp_path):
    run_import(db_path, _extract(tmp_path, "march.csv", "13800000001", "021-62345678"))
    _call(db_path)
    run_import(db_path, _extract(tmp_path, "april.csv", "13900000009", "021-62345678"), now=APRIL)
    found = _numbers(db_path)
    assert (found["e164"], found["valid"], found["problem"], found["alt"], found["alt_problem"]) == (
        "+8613900000009", 1, None, LANDLINE, None)
    refresh_contact(db_path, "K1")
    assert (_numbers(db_path)["e164"], _numbers(db_path)["valid"]) == ("+8613900000009", 1)
