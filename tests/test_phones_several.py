"""Two numbers in one phone cell (a space, Excel's Alt+Enter, / ; 、 between them) or a number with a note in
brackets (13800138000(本人)): the customer is called on the best number (a mobile before a landline, as between
two phone columns), not refused as "not a phone number"; the other number is the alternate."""

import pytest

from tests.import_support import customers, run_import, write_csv, write_workbook
from workbench.phones import normalise_phone, phone_cell_numbers


@pytest.mark.parametrize("cell, e164, ext", [
    ("13800138000 13900139000", "+8613800138000", None),
    ("13800138000\n13900139000", "+8613800138000", None),          # Alt+Enter in Excel
    ("13800138000\r\n13900139000", "+8613800138000", None),
    ("13800138000(本人)", "+8613800138000", None),
    ("13800138000 （微信同号）", "+8613800138000", None),
    ("13800138000 本人", "+8613800138000", None),
    ("13800138000 021-62345678", "+8613800138000", None),
    ("021-62345678 13800138000", "+8613800138000", None),           # the mobile, wherever it stands
    ("010-62345678/13800138000", "+8613800138000", None),
    ("13800138009 (宅) 021-62345678", "+8613800138009", None),
    ("021 6234 5678 13800138000", "+8613800138000", None),
    ("021-62345678（转123）", "+862162345678", "123"),               # an extension in brackets is one
    ("021-62345678(转123)", "+862162345678", "123"),
    ("021-62345678(分机 8001)", "+862162345678", "8001"),
])
def test_the_best_number_of_a_cell_is_called(cell, e164, ext):
    result = normalise_phone(cell)
    assert (result.e164, result.valid, result.ext) == (e164, 1, ext)


@pytest.mark.parametrize("cell, e164", [
    ("021 6234 5678", "+862162345678"), ("138 0013 8000", "+8613800138000"), ("+86 138 0013 8000", "+8613800138000"),
    ("(021)62345678", "+862162345678"), ("010-12345678-123", "+861012345678"), ("本人13800138000", "+8613800138000"),
])
def test_a_number_written_with_spaces_or_brackets_is_still_one(cell, e164):
    assert normalise_phone(cell).e164 == e164
    assert phone_cell_numbers(cell) == (cell, None)


@pytest.mark.parametrize("cell, problem", [
    ("1380013800 1390013900", "not a phone number"), ("无 不详", "no digits in the phone number"),
    ("(本人)", "no phone number"),
])
def test_a_cell_with_no_callable_number_keeps_its_reason(cell, problem):
    result = normalise_phone(cell)
    assert (result.valid, result.problem) == (0, problem)


@pytest.mark.parametrize("cell", ["138 0013 8000 1", "1380013 8000 12", "13800138000 1", "021 6234 5678 9",
                                  "13800138000 021-6234567"])
def test_a_number_mistyped_with_a_digit_too_many_is_no_callable_number(cell):
    # Its first eleven digits are someone else's number: a piece with digits that reads as no number spoils the cell.
    result = normalise_phone(cell)
    assert (result.valid, result.e164) == (0, None), result
    assert phone_cell_numbers(cell) == (cell, None)


@pytest.mark.parametrize("cell, called, alternate", [
    ("13985122056/13900139000", "13985122056", "13900139000"),
    ("13800138000\n021-62345678", "13800138000", "021-62345678"),
    ("021-62345678、13800138000", "13800138000", "021-62345678"),
    ("021-62345678 13800138000 13900139000", "13800138000", "021-62345678"),
    ("13800138000(本人)", "13800138000(本人)", None),
    ("13800138000 本人", "13800138000 本人", None),
    ("13800138000/无", "13800138000/无", None),
    ("13800138000", "13800138000", None), ("", "", None), (None, None, None),
])
def test_a_cell_of_several_numbers_splits_into_the_one_called_and_the_alternate(cell, called, alternate):
    assert phone_cell_numbers(cell) == (called, alternate)


def test_an_extract_with_two_numbers_in_a_cell_makes_its_customers_callable(db_path, tmp_path):
    rows = [["客户号", "客户姓名", "手机号"],
            ["C1", "陈慧", "13985122056/13900139000"], ["C2", "李磊", "18916101344\n13900139001"],
            ["C3", "张六", "13800138006 13900139006"], ["C4", "张九", "13800138009 (宅) 021-62345678"],
            ["C5", "王五", "021-62345678（转123）"], ["C6", "赵四", "010-62345678/13800138004"],
            ["C7", "钱七", "13800138007(本人)"]]
    summary = run_import(db_path, write_csv(tmp_path / "f_onecell.csv", rows))
    assert summary.inserted == 7 and summary.rejected == 0
    assert customers(db_path, "customer_id, phone_e164, phone_valid, phone_ext") == [
        ("C1", "+8613985122056", 1, None), ("C2", "+8618916101344", 1, None), ("C3", "+8613800138006", 1, None),
        ("C4", "+8613800138009", 1, None), ("C5", "+862162345678", 1, "123"), ("C6", "+8613800138004", 1, None),
        ("C7", "+8613800138007", 1, None)]


def test_a_workbook_cell_with_a_line_break_between_two_numbers(db_path, tmp_path):
    path = write_workbook(tmp_path / "x.xlsx", {"客户": [["客户号", "客户姓名", "联系电话"],
                                                          ["C1", "陈慧", "021-62345678\n13985122056"]]})
    run_import(db_path, path)
    assert customers(db_path, "customer_id, phone_e164, phone_kind") == [("C1", "+8613985122056", "mobile")]
