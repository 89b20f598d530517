"""The unit of amounts on a title line above the header, as head office's reports write it: in brackets, after a
slash, in a note; a line naming 万元 in words not read as a unit is refused, not read as yuan (10,000 times off)."""

import pytest

from tests.import_support import customers, imports_logged, run_import, write_csv, write_xlsx
from workbench.errors import WorkbenchError

HEADER = ["客户号", "客户姓名", "资产余额", "峰值资产(元)"]


@pytest.mark.parametrize("title, fen", [
    ("客户明细 单位（万元）", 64_900_000), ("单位(万元)", 64_900_000), ("客户明细  单位/万元", 64_900_000),
    ("注：资产余额单位为万元", 64_900_000), ("（单位：万元）", 64_900_000), ("金额单位：元", 6_490),
    ("单位（千元）", 6_490_000), ("资产50万元以上客户明细", 6_490), ("五十万元以上客户", 6_490),
    ("资产万元以上客户名单", 6_490), ("万元户名单", 6_490)])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_unit_on_the_title_line_is_read_in_its_common_forms(db_path, tmp_path, title, fen, kind):
    """50万元以上 is what the report lists, not its unit: read as yuan."""
    rows = [[title, "", "", ""], HEADER, ["3100000002", "罗鹏", "64.9", "649000"]]
    summary = run_import(db_path, (write_xlsx if kind == "xlsx" else write_csv)(tmp_path / f"t.{kind}", rows))
    assert summary.inserted == 1
    assert customers(db_path, "aum_fen, aum_peak_fen") == [(fen, 64_900_000)]
    if fen == 64_900_000:
        assert any(note.startswith("amounts read in 万元, as the line above the header says (") for note in summary.notes)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_title_naming_wan_yuan_in_another_form_is_refused(db_path, tmp_path, kind):
    rows = [["客户明细 万元", "", "", ""], HEADER, ["3100000002", "罗鹏", "64.9", "649000"]]
    path = (write_xlsx if kind == "xlsx" else write_csv)(tmp_path / f"t.{kind}", rows)
    with pytest.raises(WorkbenchError, match=r"the line above the header '客户明细 万元' names a unit \(万元\) but not as "
                                             r"the import reads a unit of amounts, so 资产余额 could be in yuan or in it; "
                                             r"write it as 单位：万元 on that line, or in the column's header "
                                             r"\(资产余额\(万元\)\), or 单位：元 if the amounts are in yuan\.$"):
        run_import(db_path, path)
    assert customers(db_path) == [] and imports_logged(db_path) == 0
    # Every amount column giving its own unit, the title line has nothing left to say.
    rows[1] = ["客户号", "客户姓名", "资产余额(万元)"]
    rows[2] = rows[2][:3]
    run_import(db_path, (write_xlsx if kind == "xlsx" else write_csv)(tmp_path / f"u.{kind}", rows))
    assert customers(db_path, "aum_fen") == [(64_900_000,)]
