"""An extract's second phone column: the other cell is kept as the alternate, and when a call has found the
number in use bad, the next extract that lists the customer switches to the other one; the bad one is
remembered, so the same two numbers do not flip back, until no call in the log found a number bad."""

from __future__ import annotations

from datetime import datetime

import pytest

from import_support import refresh_contact, run_import, write_csv
from workbench.db import open_db
from workbench.outcomes import log_outcome

HEADER = ["客户号", "姓名", "手机号", "联系电话", "客户经理号", "所属机构", "资产余额"]
CALLED = datetime(2026, 3, 2, 10, 0)
APRIL, MAY, JUNE = datetime(2026, 4, 1, 9, 0), datetime(2026, 5, 1, 9, 0), datetime(2026, 6, 1, 9, 0)
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
        row = db.execute("SELECT phone_e164, phone_valid, phone_problem, phone_alt_raw, phone_bad_e164,"
                         " phone_bad_problem, phone_changed_at FROM customers WHERE customer_id = 'K1'").fetchone()
    return dict(zip(("e164", "valid", "problem", "alt_raw", "bad", "bad_problem", "changed_at"), row))


def _call(db_path, line_result: str = "no_such_number", at: datetime = CALLED, **kwargs) -> str:
    with open_db(db_path) as db:
        return log_outcome(db.conn, customer_id="K1", manager_id="M1", line_result=line_result, at=at, **kwargs).outcome_id


def _switched(db_path, tmp_path) -> dict:
    """March: a mobile and a landline; the mobile found not to exist; April's extract switches to the landline."""
    run_import(db_path, _extract(tmp_path, "march.csv", "13800000001", "021-62345678"))
    _call(db_path)
    assert (_numbers(db_path)["valid"], _numbers(db_path)["problem"]) == (0, MARK)
    summary = run_import(db_path, _extract(tmp_path, "april.csv", "13800000001", "021-62345678", aum="15000"), now=APRIL)
    assert summary.numbers_switched == 1
    return _numbers(db_path)


SWITCHED = {"e164": LANDLINE, "valid": 1, "problem": None, "alt_raw": "13800000001", "bad": MOBILE, "bad_problem": MARK,
            "changed_at": "2026-04-01T09:00:00"}


def test_the_other_cell_is_kept_as_written_and_parsed_by_nobody(db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [
        HEADER,
        ["K1", "王芳", "13800000001", " 021-62345678 ", "M1", "B1", "1"],
        ["K2", "李强", "12345", "13800000002", "M1", "B1", "1"],    # the second called: the first is kept
        ["K3", "赵六", "13800000003", "", "M1", "B1", "1"],
    ])
    run_import(db_path, path)
    with open_db(db_path) as db:
        rows = db.execute("SELECT customer_id, phone_e164, phone_alt_raw, phone_bad_e164 FROM customers ORDER BY 1")
        assert rows.fetchall() == [("K1", MOBILE, "021-62345678", None), ("K2", "+8613800000002", "12345", None),
                                   ("K3", "+8613800000003", None, None)]


def test_a_number_found_bad_gives_way_to_the_other_and_stays_given_way(db_path, tmp_path):
    assert _switched(db_path, tmp_path) == SWITCHED
    # The call found the mobile bad, before the change: the rules leave the landline callable.
    refresh_contact(db_path, "K1")
    assert _numbers(db_path) == SWITCHED
    # May: the same two numbers in the same order: nothing changes, not even the time the number changed.
    summary = run_import(db_path, _extract(tmp_path, "may.csv", "13800000001", "021-62345678", aum="15000",
                                           blank_line=True), now=MAY)
    assert (summary.updated, summary.unchanged, summary.numbers_switched, _numbers(db_path)) == (0, 1, 0, SWITCHED)


def test_the_columns_in_the_other_order_change_nothing_either(db_path, tmp_path):
    _switched(db_path, tmp_path)
    summary = run_import(db_path, _extract(tmp_path, "may.csv", "021-62345678", "13800000001", aum="15000"), now=MAY)
    assert (summary.numbers_switched, _numbers(db_path)) == (0, SWITCHED)


@pytest.mark.parametrize("second", ["138 0000 0001", "12345", ""], ids=["the same number", "not a number", "blank"])
def test_no_switch_to_a_second_number_nobody_can_call_instead(db_path, tmp_path, second):
    run_import(db_path, _extract(tmp_path, "march.csv", "13800000001", second))
    _call(db_path)
    summary = run_import(db_path, _extract(tmp_path, "april.csv", "13800000001", second, aum="15000"), now=APRIL)
    found = _numbers(db_path)
    assert (summary.numbers_switched, found["e164"], found["valid"], found["problem"], found["bad"]) == (
        0, MOBILE, 0, MARK, None)


@pytest.mark.parametrize("lifted", ["corrected", "reached later"])
def test_a_mark_the_log_lifted_stays_lifted_with_the_same_number_in_both_columns(db_path, tmp_path, lifted):
    """The review's case: nothing keeps a copy of the mark that the rules would not lift."""
    run_import(db_path, _extract(tmp_path, "march.csv", "13800000001", "138 0000 0001"))
    wrong = _call(db_path)
    if lifted == "corrected":
        _call(db_path, "reached", at=CALLED, supersedes=wrong, business_outcome="call_back")
    else:
        _call(db_path, "reached", at=datetime(2026, 3, 5, 10, 0), business_outcome="call_back")
    assert (_numbers(db_path)["valid"], _numbers(db_path)["problem"]) == (1, None)
    run_import(db_path, _extract(tmp_path, "april.csv", "13800000001", "138 0000 0001", aum="15000"), now=APRIL)
    assert (_numbers(db_path)["valid"], _numbers(db_path)["problem"]) == (1, None)


def test_a_blank_second_cell_is_a_gap_and_the_bad_number_is_not_switched_back_to(db_path, tmp_path):
    """The review's case: April switches to B; May leaves the second cell blank; June lists B and A again;
    B is found suspended; July must not go back to A, which a call found not to exist."""
    _switched(db_path, tmp_path)
    run_import(db_path, _extract(tmp_path, "may.csv", "021-62345678", "", aum="16000"), now=MAY)
    assert (_numbers(db_path)["e164"], _numbers(db_path)["alt_raw"], _numbers(db_path)["bad"]) == (
        LANDLINE, "13800000001", MOBILE)
    run_import(db_path, _extract(tmp_path, "june.csv", "021-62345678", "13800000001", aum="17000"), now=JUNE)
    _call(db_path, "suspended", at=datetime(2026, 6, 2, 10, 0))
    summary = run_import(db_path, _extract(tmp_path, "july.csv", "021-62345678", "13800000001", aum="18000"),
                         now=datetime(2026, 7, 1, 9, 0))
    found = _numbers(db_path)
    assert (summary.numbers_switched, found["e164"], found["valid"], found["problem"]) == (
        0, LANDLINE, 0, "Last call result: Suspended")


def test_when_both_numbers_are_found_bad_the_customer_stays_uncallable(db_path, tmp_path):
    _switched(db_path, tmp_path)
    _call(db_path, "suspended", at=datetime(2026, 4, 2, 10, 0))   # the landline is dead too
    run_import(db_path, _extract(tmp_path, "may.csv", "13800000001", "021-62345678", aum="16000"), now=MAY)
    found = _numbers(db_path)
    assert (found["e164"], found["valid"], found["problem"]) == (LANDLINE, 0, "Last call result: Suspended")
    refresh_contact(db_path, "K1")
    assert (_numbers(db_path)["valid"], _numbers(db_path)["problem"]) == (0, "Last call result: Suspended")


def test_an_extract_without_the_second_column_does_not_bring_the_bad_number_back(db_path, tmp_path):
    _switched(db_path, tmp_path)
    run_import(db_path, _extract(tmp_path, "may.csv", "13800000001", None), now=MAY)
    found = _numbers(db_path)
    assert (found["e164"], found["valid"], found["problem"]) == (MOBILE, 0, MARK)


def test_correcting_the_call_that_found_the_number_bad_forgets_it(db_path, tmp_path):
    _switched(db_path, tmp_path)
    with open_db(db_path) as db:
        wrong = db.execute("SELECT outcome_id FROM outcomes WHERE line_result = 'no_such_number'").fetchone()[0]
    _call(db_path, "reached", at=CALLED, supersedes=wrong, business_outcome="call_back")
    assert (_numbers(db_path)["bad"], _numbers(db_path)["bad_problem"]) == (None, None)
    run_import(db_path, _extract(tmp_path, "may.csv", "13800000001", None), now=MAY)
    assert (_numbers(db_path)["e164"], _numbers(db_path)["valid"]) == (MOBILE, 1)


def test_a_new_first_number_is_called_and_the_bad_one_is_still_remembered(db_path, tmp_path):
    _switched(db_path, tmp_path)
    run_import(db_path, _extract(tmp_path, "may.csv", "13900000009", "021-62345678"), now=MAY)
    found = _numbers(db_path)
    assert (found["e164"], found["valid"], found["problem"], found["alt_raw"], found["bad"]) == (
        "+8613900000009", 1, None, "021-62345678", MOBILE)


def test_an_alternate_is_parsed_only_for_a_customer_whose_number_carries_a_mark(db_path, tmp_path):
    """Parsing every second number (mostly landlines, which take phonenumbers' slow path) would cost an
    extract with two phone columns about 10 s a million rows; a re-import parses only the marked few."""
    from workbench.importing.rows import _alternate_values

    def extract(name: str, aum: str):
        return write_csv(tmp_path / name, [HEADER, *([f"K{i}", "王芳", f"138000000{i:02d}", f"021-623456{i:02d}", "M1", "B1", aum]
                                                    for i in range(1, 51))])

    def parses() -> int:
        return _alternate_values.cache_info().misses

    run_import(db_path, extract("march.csv", "12000"))
    before = parses()
    run_import(db_path, extract("april.csv", "15000"), now=APRIL)
    assert parses() == before
    _call(db_path)   # K1's number found bad
    _alternate_values.cache_clear()
    run_import(db_path, extract("may.csv", "16000"), now=MAY)
    assert parses() == 1 and _numbers(db_path)["e164"] == "+862162345601"   # K1's alternate, once, no other


def test_the_cli_summary_says_how_many_were_switched(cli, db_path, tmp_path):
    assert cli("--db", db_path, "staff", "add", "S1", "--name", "王主管", "--role", "supervisor").exit_code == 0
    first = cli("--db", db_path, "--user", "S1", "import", "customers", _extract(tmp_path, "march.csv", "13800000001",
                                                                                  "021-62345678"))
    assert first.exit_code == 0, first.stderr
    _call(db_path)
    april = _extract(tmp_path, "april.csv", "13800000001", "021-62345678", aum="15000")
    dry = cli("--db", db_path, "--user", "S1", "import", "customers", april, "--dry-run")
    assert "1 customer would be called on the extract's other number: a call found the one in use bad." in dry.stdout
    done = cli("--db", db_path, "--user", "S1", "--lang", "zh_CN", "import", "customers", april)
    assert "1 位客户改用数据中的另一个号码联系：外呼发现原号码不可用。" in done.stdout, done.stdout
