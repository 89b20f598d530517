"""A re-import lists every customer of the file who has no callable number, those it left unchanged too (what head
office has to fix), in the file's order, and none the file does not list."""

from tests.import_support import run_import, write_csv
from tests.test_import_uncallable import HEADER, listed


def test_a_reimport_lists_the_files_uncallable_customers_changed_or_not(db_path, tmp_path):
    run_import(db_path, write_csv(tmp_path / "march.csv", [HEADER, ["C1", "甲", "95588"], ["C2", "乙", "13800138000"],
                                                           ["C3", "丙", ""]]))
    april = write_csv(tmp_path / "april.csv", [HEADER, ["C4", "丁", "62345678"], ["C2", "乙", "13800138000"],
                                               ["C1", "甲", "95588"]])
    summary = run_import(db_path, april)
    assert (summary.inserted, summary.updated, summary.unchanged, summary.phones_invalid) == (1, 0, 2, 2)
    assert listed(summary.uncallable_file) == [["Customer number", "Customer name", "Phone", "reason"],
                                               ["C4", "丁", "62345678", "a local landline number without its area code"],
                                               ["C1", "甲", "95588", "too few digits for a phone number"]]
