"""Phone normalisation: the mobile fast path, phonenumbers for the rest, reasons for the uncallable."""

import pytest

from tests.import_support import customers, run_import, write_csv
from workbench.phones import mask_phone, normalise_phone


@pytest.mark.parametrize("raw", ["13812345678", " 138 1234 5678 ", "138-1234-5678", "+86 138 1234 5678",
                                 "008613812345678", "8613812345678", "１３８１２３４５６７８", "+86１３８-1234-5678"])
def test_mainland_mobiles_in_every_common_form(raw):
    assert normalise_phone(raw) == ("+8613812345678", 1, "mobile", None, None)


@pytest.mark.parametrize("raw, e164", [("021-85551234", "+862185551234"), ("(0755)12345678", "+8675512345678"),
                                       ("010 6552 9988", "+861065529988")])
def test_landlines_are_callable(raw, e164):
    assert normalise_phone(raw) == (e164, 1, "landline", None, None)


@pytest.mark.parametrize("raw, problem", [
    (None, "no phone number"), ("", "no phone number"), ("85551234", "a local landline number without its area code"),
    ("12812345678", "not a valid mainland mobile number"), ("12345", "too few digits for a phone number"),
    ("无", "no digits in the phone number"), ("1.38123E+10", "scientific notation"),
])
def test_uncallable_numbers_say_why(raw, problem):
    result = normalise_phone(raw)
    assert result.valid == 0 and result.e164 is None and problem in result.problem


def test_several_numbers_in_one_cell_take_the_first_callable():
    assert normalise_phone("12345/13912345678").e164 == "+8613912345678"


def test_foreign_numbers_keep_their_country():
    assert normalise_phone("+852 9123 4567") == ("+85291234567", 1, "mobile", None, None)


@pytest.mark.parametrize("raw, e164, ext", [
    ("010-12345678转123", "+861012345678", "123"), ("010-12345678 转 123", "+861012345678", "123"),
    ("(010)12345678转123", "+861012345678", "123"), ("010-12345678-转123", "+861012345678", "123"),
    ("021-62345678分机8001", "+862162345678", "8001"), ("021-62345678 分机：8001", "+862162345678", "8001"),
    ("010-12345678 ext. 123", "+861012345678", "123"), ("010-12345678 EXT:123", "+861012345678", "123"),
    ("010-12345678x123", "+861012345678", "123"), ("010-12345678#123", "+861012345678", "123"),
    ("０１０－１２３４５６７８转１２３", "+861012345678", "123"), ("010-12345678 extn 123", "+861012345678", "123"),
    ("010-12345678-123", "+861012345678", "123"), ("021-62345678-8001", "+862162345678", "8001"),
    ("13812345678转1", "+8613812345678", "1"),
])
def test_an_extension_after_a_callable_number_is_kept_apart(raw, e164, ext):
    """The main number is what is dialled (E.164); the extension is what the switchboard is asked for."""
    result = normalise_phone(raw)
    assert (result.e164, result.valid, result.ext) == (e164, 1, ext)


@pytest.mark.parametrize("raw, e164", [("021-6234-5678", "+862162345678"), ("0755-8888-8888", "+8675588888888")])
def test_dashes_inside_one_number_are_not_an_extension(raw, e164):
    assert normalise_phone(raw) == (e164, 1, "landline", None, None)


@pytest.mark.parametrize("raw, problem", [
    ("138-1234-5678-123", "too many digits"),   # after a mobile a trailing group is a slip, not an extension
    ("01012345678-123", "too many digits"),     # no dash between area code and number: one run of digits
    ("85551234转12", "a local landline number without its area code"),   # the number before 转 is judged
    ("转123", "too few digits"), ("138xxxx5678", "not a valid mainland mobile number"),
    ("021-62345678-1234567", "too many digits"),
])
def test_what_is_not_a_number_and_extension_still_says_why(raw, problem):
    result = normalise_phone(raw)
    assert result.valid == 0 and result.e164 is None and result.ext is None and problem in result.problem


def test_import_stores_the_extension_apart_from_the_number(db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["客户号", "姓名", "手机号"], ["C1", "张三", "010-12345678转123"],
                                         ["C2", "李四", "13812345678"], ["C3", "王五", "021-62345678-8001"]])
    summary = run_import(db_path, path)
    assert summary.inserted == 3 and summary.phones_invalid == 0
    assert customers(db_path, "customer_id, phone_raw, phone_e164, phone_valid, phone_kind, phone_ext") == [
        ("C1", "010-12345678转123", "+861012345678", 1, "landline", "123"),
        ("C2", "13812345678", "+8613812345678", 1, "mobile", None),
        ("C3", "021-62345678-8001", "+862162345678", 1, "landline", "8001"),
    ]
    # A newer extract without the extension clears it: the stored value follows the file.
    run_import(db_path, write_csv(tmp_path / "y.csv", [["客户号", "姓名", "手机号"], ["C1", "张三", "010-12345678"],
                                                       ["C2", "李四", "13812345678"], ["C3", "王五", "021-62345678-8001"]]))
    assert customers(db_path, "customer_id, phone_ext") == [("C1", None), ("C2", None), ("C3", "8001")]


def test_a_second_phone_column_stands_in_where_it_is_the_better_number_to_call(db_path, tmp_path):
    """手机号 first; 联系电话 where the first is missing or not callable, or is a landline and the second
    a mobile. When neither is callable the first's reason stands, unless the first cell is empty."""
    path = write_csv(tmp_path / "x.csv", [
        ["客户号", "姓名", "手机号", "联系电话"],
        ["C1", "张三", "13812345678", "010-12345678"],        # the mobile
        ["C2", "李四", "", "010-12345678转8"],                # none: the landline and its extension
        ["C3", "王五", "12345", "13912345678"],              # a broken mobile: the second number
        ["C4", "赵六", "12345", "678"],                      # neither: the first's reason
        ["C5", "钱七", "", "678"],                           # the first empty: the second's reason
        ["C6", "孙八", "", ""],
        ["C7", "周九", "021-62345678", "13712345678"],       # a landline first: the mobile is called
        ["C8", "吴十", "021-62345678", "010-12345678"],      # two landlines: the first
        ["C9", "郑一", "021-62345678", "12345"],             # a landline and a broken number: the landline
    ])
    summary = run_import(db_path, path)
    assert summary.unmapped_columns == [] and summary.mapped["phone_2"] == "联系电话"
    assert customers(db_path, "customer_id, phone_raw, phone_e164, phone_ext, phone_problem") == [
        ("C1", "13812345678", "+8613812345678", None, None),
        ("C2", "010-12345678转8", "+861012345678", "8", None),
        ("C3", "13912345678", "+8613912345678", None, None),
        ("C4", "12345", None, None, "too few digits for a phone number"),
        ("C5", "678", None, None, "too few digits for a phone number"),
        ("C6", None, None, None, "no phone number"),
        ("C7", "13712345678", "+8613712345678", None, None),
        ("C8", "021-62345678", "+862162345678", None, None),
        ("C9", "021-62345678", "+862162345678", None, None),
    ]
    assert summary.phones_invalid == 3


def test_mask_phone_is_unchanged():
    assert mask_phone("+8613812345678") == "138****5678"


def test_import_keeps_raw_and_marks_uncallable(db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["客户号", "姓名", "手机号"], ["C1", "张三", "+86 138-1234-5678"],
                                         ["C2", "李四", "021-85551234"], ["C3", "王五", "8555"], ["C4", "赵六", ""]])
    summary = run_import(db_path, path)
    assert summary.inserted == 4 and summary.rejected == 0 and summary.phones_invalid == 2
    rows = customers(db_path, "customer_id, phone_raw, phone_e164, phone_valid, phone_kind, phone_problem")
    assert rows == [
        ("C1", "+86 138-1234-5678", "+8613812345678", 1, "mobile", None),
        ("C2", "021-85551234", "+862185551234", 1, "landline", None),
        ("C3", "8555", None, 0, None, "too few digits for a phone number"),
        ("C4", None, None, 0, None, "no phone number"),
    ]


def test_uncallable_counts_cover_updated_rows_and_only_judged_numbers(db_path, tmp_path):
    """Not callable counts inserted and updated customers alike, and none when the file has no phones."""
    run_import(db_path, write_csv(tmp_path / "a.csv", [["客户号", "姓名", "手机号"], ["C1", "张三", "13812345678"],
                                                       ["C2", "李四", "13912345678"], ["C3", "王五", "8555"]]))
    summary = run_import(db_path, write_csv(tmp_path / "b.csv", [
        ["客户号", "姓名", "手机号"], ["C1", "张三", "12345"], ["C2", "李四", "13912345678"], ["C4", "赵六", ""]]))
    assert (summary.inserted, summary.updated, summary.unchanged, summary.phones_invalid) == (1, 1, 1, 2)
    no_phones = run_import(db_path, write_csv(tmp_path / "c.csv", [["客户号", "姓名"], ["C5", "钱七"]]))
    assert no_phones.inserted == 1 and no_phones.phones_invalid == 0
    assert customers(db_path, "customer_id, phone_valid")[-1] == ("C5", 0)
