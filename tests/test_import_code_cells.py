"""A manager's or a branch's code and name in one cell ('王伟(M001)', '上海分行营业部（310001）',
'M002-李娜'): the code is the id, the name names the staff member or branch the import creates."""

from __future__ import annotations

import pytest

from tests.import_support import run_import, write_csv
from workbench.db import connect
from workbench.importing.known import Known
from workbench.importing.rows import split_branch, split_code, split_manager


@pytest.mark.parametrize("cell, expected", [
    ("张伟(M001)", ("M001", "张伟")),
    ("李娜（M002）", ("M002", "李娜")),
    ("M003 王芳", ("M003", "王芳")),
    ("M002-李娜", ("M002", "李娜")),
    ("李娜/M002", ("M002", "李娜")),
    ("李娜 M002", ("M002", "李娜")),
    ("上海分行营业部（310001）", ("310001", "上海分行营业部")),
    ("310001上海分行营业部", ("310001", "上海分行营业部")),
    ("SH-001 浦东支行", ("SH-001", "浦东支行")),
    ("浦东支行 - SH-001", ("SH-001", "浦东支行")),
    # no code: a name as it stands
    ("浦东支行（自贸区）", None), ("张伟（离职）", None), ("1号支行", None), ("3楼营业厅", None), ("王 伟", None),
    ("总行营业部", None), ("M001-", None), ("-张伟", None),
])
def test_a_code_is_found_beside_a_name(cell, expected):
    assert split_code(cell) == expected


def test_branch_and_manager_cells():
    assert split_branch("310001") == ("310001", None) and split_branch(310001) == ("310001", None)
    assert split_branch("浦东支行（自贸区）") == ("浦东支行（自贸区）", None) and split_branch(" ") == (None, None)
    assert split_manager("M004", Known()) == ("M004", None)
    assert split_manager("赵六", Known.of_names({"赵六": "M006"})) == ("M006", "赵六")
    # Before, the note in brackets became the id: every departed manager one staff member, '离职'. A name no staff
    # member has is no id at all (test_import_manager_names).
    assert split_manager("张伟（离职）", Known()) == (None, "张伟（离职）")


def test_an_extract_naming_its_branch_and_manager_beside_their_codes(tmp_path, db_path):
    file = write_csv(tmp_path / "extract.csv", [
        ["客户号", "姓名", "客户经理", "所属机构"],
        ["C1", "张三", "王伟(M001)", "上海分行营业部(310001)"],
        ["C2", "李四", "M002-李娜", "310001"],
        ["C3", "王五", "M002", "310002 浦东支行"],
        ["C4", "赵六", "M001", "浦东支行（自贸区）"],
    ])
    summary = run_import(db_path, file)
    assert summary.inserted == 4 and summary.rejected == 0
    assert summary.new_branches == ["310001", "310002", "浦东支行（自贸区）"]
    conn = connect(db_path)
    try:
        customers = conn.execute("SELECT customer_id, manager_id, branch_id FROM customers ORDER BY 1").fetchall()
        assert customers == [("C1", "M001", "310001"), ("C2", "M002", "310001"), ("C3", "M002", "310002"),
                             ("C4", "M001", "浦东支行（自贸区）")]
        assert conn.execute("SELECT staff_id, name FROM staff ORDER BY 1").fetchall() == [("M001", "王伟"), ("M002", "李娜")]
        assert conn.execute("SELECT branch_id, name FROM branches ORDER BY 1").fetchall() == [
            ("310001", "上海分行营业部"), ("310002", "浦东支行"), ("浦东支行（自贸区）", "浦东支行（自贸区）")]
    finally:
        conn.close()


def test_staff_and_branches_named_as_the_database_knows_them(tmp_path, db_path):
    first = write_csv(tmp_path / "a.csv", [["客户号", "姓名", "客户经理", "所属机构"],
                                          ["C1", "张三", "李明(M002)", "城东一分理处(B110)"],
                                          ["C2", "李四", "李明(M007)", "B120"], ["C3", "王五", "王伟(M001)", "B120"]])
    run_import(db_path, first)
    later = write_csv(tmp_path / "b.csv", [["客户号", "姓名", "客户经理", "所属机构"],
                                          ["C1", "张三", "王伟", "城东一分理处"],    # names of a known manager and branch
                                          ["C2", "李四", "李明", "B120"],            # a name two managers share
                                          ["C3", "王五", "m001", "B120"],            # a known code in lower case
                                          ["C4", "赵六", "未分配", "B120"],          # the branch's pool
                                          ["C5", "钱七", "公共户", "B120"]])
    summary = run_import(db_path, later)
    assert summary.rejected == 1 and summary.new_staff == [] and summary.new_branches == []
    report = (tmp_path / "b.csv.rejects.csv").read_text(encoding="utf-8-sig")
    assert "manager 李明 names 2 staff members (M002, M007); give the staff number" in report
    conn = connect(db_path)
    try:
        assert conn.execute("SELECT customer_id, manager_id, branch_id FROM customers ORDER BY 1").fetchall() == [
            ("C1", "M001", "B110"), ("C2", "M007", "B120"), ("C3", "M001", "B120"), ("C4", None, "B120"),
            ("C5", None, "B120")]
        assert [r[0] for r in conn.execute("SELECT staff_id FROM staff ORDER BY 1")] == ["M001", "M002", "M007"]
    finally:
        conn.close()
