"""A file none of whose rows could be accepted is refused in one sentence (how many rows, the most common reason, where
the reject report is), with nothing recorded, so the same file fixed or with the right options can be imported; the
reject report is still written."""

from __future__ import annotations

import csv

import pytest

from tests.import_support import imports_logged, run_import, write_csv, write_xlsx
from workbench import i18n
from workbench.errors import WorkbenchError

HEADER = ["客户号", "姓名", "开户日期", "近12个月交易次数"]
# Dates as Excel writes them for the United States: every row rejected, most of them for the date alone.
US_DATES = [HEADER, ["C1", "甲", "8/31/2016", "3"], ["C2", "乙", "9/30/2016", "x"], ["C3", "丙", "12/1/2016", "4"]]
# Two rows of three for one reason, the third for another.
MOSTLY = [HEADER, ["C1", "甲", "8/31/2016", "3"], ["C2", "乙", "2016-09-30", "x"], ["C3", "丙", "12/1/2016", "4"]]


def rejected_rows(path) -> list[str]:
    with path.with_name(path.name + ".rejects.csv").open(encoding="utf-8-sig", newline="") as fh:
        return [row[0] for row in list(csv.reader(fh))[1:]]


@pytest.mark.parametrize("write, name", [(write_csv, "us.csv"), (write_xlsx, "us.xlsx")])
def test_a_file_of_which_no_row_is_accepted_is_refused_and_not_recorded(db_path, tmp_path, write, name):
    path = write(tmp_path / name, US_DATES)
    report = tmp_path / f"{name}.rejects.csv"
    with pytest.raises(WorkbenchError) as refused:
        run_import(db_path, path)
    assert str(refused.value) == (
        f"Nothing was imported from {name}: all 3 rows were rejected, each for this reason: 开户日期: '8/31/2016' "
        f"is not a date; the reject report {report} gives each row's reasons.")
    assert rejected_rows(path) == ["2", "3", "4"]
    assert imports_logged(db_path) == 0
    # Not "already imported": the same file is read again, and refused again.
    with pytest.raises(WorkbenchError):
        run_import(db_path, path)
    with pytest.raises(WorkbenchError):
        run_import(db_path, path, dry_run=True)
    assert imports_logged(db_path) == 0


def test_the_one_rows_reason_in_chinese(db_path, tmp_path):
    i18n.set_language("zh_CN")
    path = write_csv(tmp_path / "one.csv", US_DATES[:2])
    with pytest.raises(WorkbenchError, match="^one.csv 没有导入任何内容：其唯一一行被拒收（开户日期：“8/31/2016”不是日期）；"):
        run_import(db_path, path)


def test_one_accepted_row_imports_the_file(db_path, tmp_path):
    path = write_csv(tmp_path / "some.csv", [*US_DATES, ["C4", "丁", "2016-08-31", "1"]])
    summary = run_import(db_path, path)
    assert (summary.inserted, summary.rejected) == (1, 3)
    assert imports_logged(db_path) == 1


def test_the_most_common_reason_is_named_with_its_count(db_path, tmp_path):
    path = write_csv(tmp_path / "mostly.csv", MOSTLY)
    with pytest.raises(WorkbenchError, match=r"all 3 rows were rejected, 2 of them for this reason: 开户日期: '8/31/2016' "
                                             r"is not a date;"):
        run_import(db_path, path)
