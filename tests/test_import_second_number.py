"""An extract's second phone column: the number not called is kept as the alternate, and when a call has
found the number in use bad, the next extract switches to the other one, and does not switch back."""

from __future__ import annotations

from datetime import datetime

import pytest

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
        row = db.execute("SELECT phone_e164, phone_valid, phone_problem, phone_alt_raw, phone_alt_e164,"
                         " phone_alt_problem, phone_changed_at FROM customers WHERE customer_id = 'K1'").fetchone()
    return dict(zip(("e164", "valid", "problem", "alt_raw", "alt", "alt_problem", "changed_at"), row))


def _call(db_path, line_result: str = "no_such_number", at: datetime = CALLED) -> None:
    with open_db(db_path) as db:
        log_outcome(db.conn, customer_id="K1", manager_id="M1", line_result=line_result, at=at)


def test_the_number_not_called_is_kept_as_the_alternate_as_written(db_path, tmp_path):
    """Its text only: it is parsed when the import may switch to it, not for every row."""
    path = write_csv(tmp_path / "x.csv", [
        HEADER,
        ["K1", "王芳", "13800000001", " 021-62345678 ", "M1", "B1", "1"],
        ["K2", "李强", "12345", "13800000002", "M1", "B1", "1"],    # the second called: the first is kept
        ["K3", "赵六", "13800000003", "", "M1", "B1", "1"],
    ])
    run_import(db_path, path)
    with open_db(db_path) as db:
        rows = db.execute("SELECT customer_id, phone_e164, phone_alt_raw, phone_alt_e164 FROM customers ORDER BY 1")
        assert rows.fetchall() == [("K1", MOBILE, "021-62345678", None), ("K2", "+8613800000002", "12345", None),
                                   ("K3", "+8613800000003", None, None)]


@pytest.mark.parametrize(("second", "its_mark"), [("138 0000 0001", MARK), ("12345", None)],
                         ids=["the same number", "not a number"])
def test_no_switch_to_a_second_number_nobody_can_call_instead(db_path, tmp_path, second, its_mark):
    run_import(db_path, _extract(tmp_path, "march.csv", "13800000001", second))
    _call(db_path)
    run_import(db_path, _extract(tmp_path, "april.csv", "13800000001", second, aum="15000"), now=APRIL)
    found = _numbers(db_path)
    assert (found["e164"], found["valid"], found["problem"], found["alt_raw"], found["alt_problem"]) == (
        MOBILE, 0, MARK, second, its_mark)


def test_a_number_found_bad_gives_way_to_the_other_and_stays_given_way(db_path, tmp_path):
    run_import(db_path, _extract(tmp_path, "march.csv", "13800000001", "021-62345678"))
    _call(db_path)
    assert (_numbers(db_path)["valid"], _numbers(db_path)["problem"]) == (0, MARK)
    # April: head office still lists the dead mobile first. The landline is called; the mobile keeps its mark.
    summary = run_import(db_path, _extract(tmp_path, "april.csv", "13800000001", "021-62345678", aum="15000"), now=APRIL)
    switched = {"e164": LANDLINE, "valid": 1, "problem": None, "alt_raw": "13800000001", "alt": MOBILE,
                "alt_problem": MARK, "changed_at": "2026-04-01T09:00:00"}
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
    assert (found["e164"], found["valid"], found["problem"], found["alt_raw"], found["alt_problem"]) == (
        "+8613900000009", 1, None, "021-62345678", None)
    refresh_contact(db_path, "K1")
    assert (_numbers(db_path)["e164"], _numbers(db_path)["valid"]) == ("+8613900000009", 1)


def test_an_alternate_is_parsed_only_for_a_customer_whose_number_carries_a_mark(db_path, tmp_path):
    """Parsing every second number (mostly landlines, which take phonenumbers' slow path) would cost an
    extract with two phone columns about 10 s a million rows; a re-import parses only the marked few."""
    from workbench.importing.rows import alternate_part

    def extract(name: str, aum: str):
        return write_csv(tmp_path / name, [HEADER, *([f"K{i}", "王芳", f"138000000{i:02d}", f"021-623456{i:02d}", "M1", "B1", aum]
                                                    for i in range(1, 51))])

    def parses() -> tuple[int, int]:
        """(calls, distinct texts and parts asked for the first time)"""
        info = alternate_part.cache_info()
        return info.hits + info.misses, info.misses

    run_import(db_path, extract("march.csv", "12000"))
    calls, _ = parses()
    run_import(db_path, extract("april.csv", "15000"), now=APRIL)
    assert parses()[0] == calls
    _call(db_path)   # K1's number found bad
    _, new = parses()
    run_import(db_path, extract("may.csv", "16000"), now=MAY)
    assert parses()[0] > calls and parses()[1] - new <= 5   # the parts of K1's alternate, no other
    assert _numbers(db_path)["e164"] == "+862162345601"
