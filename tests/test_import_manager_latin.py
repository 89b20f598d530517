"""A staff code beside a manager's name in Latin letters ('M002-Wang Wei', 'Wang Wei(M002)') gives the customer
to that staff member, as one beside a Chinese name does, whichever way the file is read; a name beside the code
that is not the staff member's is counted, and nobody already on the staff is asked for."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.import_support import NOW, WAYS, customers, run_import, write_csv, write_way
from tests.test_import_blocks import SETTINGS, TODAY, block_equals_rows
from workbench.db import open_db
from workbench.importing.headers import map_columns
from workbench.importing.known import Known
from workbench.importing.rows import build_converter, split_manager

HEADER = ["客户号", "姓名", "客户经理"]
KNOWN = Known({"Wang Wei": ("M002",), "王伟": ("M003",), "Lina": ("M004",), "Boss": ("S001",)},
              {"M002": "M002", "M003": "M003", "M004": "M004", "S001": "S001", "SH-01": "SH-01"})


@pytest.mark.parametrize("cell, expected", [
    ("M002-Wang Wei", ("M002", "Wang Wei")), ("Wang Wei(M002)", ("M002", "Wang Wei")),
    ("M002 Wang Wei", ("M002", "Wang Wei")), ("WangWei(M002)", ("M002", "WangWei")), ("Lina(M002)", ("M002", "Lina")),
    ("Wang Wei（M002）", ("M002", "Wang Wei")), ("Wang Wei ( m002 )", ("M002", "Wang Wei")),
    ("M002/Wang Wei", ("M002", "Wang Wei")), ("M002 - Wang Wei", ("M002", "Wang Wei")),
    ("Wang Wei M002", ("M002", "Wang Wei")), ("Wang Wei-M002", ("M002", "Wang Wei")),
    ("(M002)Wang Wei", ("M002", "Wang Wei")), ("M002\u3000Wang Wei", ("M002", "Wang Wei")),
    ("M002-Lina", ("M002", "Lina")), ("SH-01 Wang Wei", ("SH-01", "Wang Wei")),
    # a code nobody has yet, in the id pattern: a new manager, named by the cell
    ("M009-Zhao Liu", ("M009", "Zhao Liu")), ("Zhao Liu(M009)", ("M009", "Zhao Liu")), ("Zhao Liu 009", ("009", "Zhao Liu")),
    # Chinese names as before, and a Latin name beside a Chinese note is no code
    ("M002-王伟", ("M002", "王伟")), ("王伟(M003)", ("M003", "王伟")), ("ZW 张伟", ("ZW", "张伟")),
    ("王伟 - SH-001", ("SH-001", "王伟")), ("Wang Wei（离职）", (None, "Wang Wei（离职）")),
    # a name alone, in another spelling than the staff list's, is that staff member's; a word is no code
    ("WANG WEI", ("M002", "WANG WEI")), ("WangWei", ("M002", "WangWei")), ("Lina", ("M004", "Lina")),
    ("Zhang Wei", (None, "Zhang Wei")), ("Wang Wei 2", (None, "Wang Wei 2")), ("Wang Wei(离职)", (None, "Wang Wei(离职)")),
    # codes alone stay codes
    ("M002", ("M002", None)), ("m003", ("M003", None)), ("M009-Lina", ("M009-Lina", None)), ("SH-001", ("SH-001", None)),
    ("unassigned", (None, None)), ("未分配", (None, None)),
])
def test_a_staff_code_beside_a_name_in_any_script(cell, expected):
    assert split_manager(cell, KNOWN) == expected


def test_a_name_several_staff_spell_alike_is_refused():
    known = Known({"Wang Wei": ("M002",), "WANG WEI": ("M005",)}, {"M002": "M002", "M005": "M005"})
    assert split_manager("Wang Wei", known) == ("M002", "Wang Wei")   # as stored, exactly: one
    with pytest.raises(ValueError, match="M002, M005"):
        split_manager("wangwei", known)


def _staffed(cli, db):
    assert cli("--db", db, "init").exit_code == 0
    assert cli("--db", db, "staff", "add", "S001", "--name", "王主管", "--role", "supervisor").exit_code == 0
    assert cli("--db", db, "--user", "S001", "staff", "add", "M002", "--name", "Wang Wei").exit_code == 0
    assert cli("--db", db, "--user", "S001", "staff", "add", "M003", "--name", "王伟").exit_code == 0


def test_the_extract_gives_each_customer_to_the_staff_member_of_the_code(cli, tmp_path):
    db = tmp_path / "branch.sqlite"
    _staffed(cli, db)
    extract = write_csv(tmp_path / "extract.csv", [
        HEADER, ["C1", "甲", "M002-Wang Wei"], ["C2", "乙", "Wang Wei(M002)"], ["C3", "丙", "M002 Wang Wei"],
        ["C4", "丁", "WangWei(M002)"], ["C5", "戊", "Lina(M002)"], ["C6", "己", "M002-王伟"], ["C7", "庚", "王伟(M003)"],
        ["C8", "辛", "WANG WEI（M002）"], ["C9", "壬", "Zhao Liu(M009)"]])
    done = cli("--db", db, "--user", "S001", "--now", NOW.isoformat(), "import", "customers", extract)
    assert done.exit_code == 0, done.stderr
    assert "nobody on the staff" not in done.stdout and "staff add" not in done.stdout
    assert ("2 customers' managers are named otherwise than the staff members whose codes stand beside the names "
            "(Lina (M002): M002 is Wang Wei, 王伟 (M002): M002 is Wang Wei); they went by the code.") in done.stdout
    assert "New managers added to staff: M009." in done.stdout
    assert customers(db, "customer_id, manager_id") == [
        ("C1", "M002"), ("C2", "M002"), ("C3", "M002"), ("C4", "M002"), ("C5", "M002"), ("C6", "M002"), ("C7", "M003"),
        ("C8", "M002"), ("C9", "M009")]
    with open_db(db) as opened:
        assert opened.conn.execute("SELECT staff_id, name FROM staff ORDER BY 1").fetchall() == [
            ("M002", "Wang Wei"), ("M003", "王伟"), ("M009", "Zhao Liu"), ("S001", "王主管")]


def test_a_name_nobody_has_is_said_with_how_to_find_a_staff_member_spelt_otherwise(cli, tmp_path):
    db = tmp_path / "branch.sqlite"
    _staffed(cli, db)
    extract = write_csv(tmp_path / "extract.csv", [HEADER, ["C1", "甲", "Wei Wang"], ["C2", "乙", "wang wei"]])
    done = cli("--db", db, "--user", "S001", "--lang", "zh_CN", "--now", NOW.isoformat(), "import", "customers", extract)
    assert done.exit_code == 0, done.stderr
    assert "1 名客户的“客户经理”单元格所写的人不在员工名单中（Wei Wang (1)）" in done.stdout
    assert "或用 `workbench staff set ID --name NAME` 把其姓名改成清单中的写法" in done.stdout
    assert customers(db, "customer_id, manager_id") == [("C1", None), ("C2", "M002")]


@pytest.mark.parametrize("way", WAYS)
def test_every_way_of_reading_the_file_splits_alike(db_path, tmp_path, way):
    run_import(db_path, write_csv(tmp_path / "staff.csv", [HEADER, ["C0", "零", "Wang Wei(M002)"]]))
    rows = [HEADER, ["C1", "甲", "M002-Wang Wei"], ["C2", "乙", "Lina(M002)"], ["C3", "丙", "M007 Zhao Liu"],
            ["C4", "丁", "wangwei"]]
    summary = run_import(db_path, write_way(tmp_path, rows, way))
    assert summary.rejected == 0 and summary.unknown_managers == {}
    assert summary.manager_name_clashes == [("Lina", "M002", "Wang Wei", 1)]
    assert customers(db_path, "customer_id, manager_id") == [
        ("C0", "M002"), ("C1", "M002"), ("C2", "M002"), ("C3", "M007"), ("C4", "M002")]


manager_cell = st.one_of(
    st.sampled_from(["M002-Wang Wei", "Wang Wei(M002)", "WangWei（M002）", "(m002) Lina", "M009 Zhao Liu", "Zhao Liu-M009",
                     "Wang Wei（离职）", "WANG WEI", "Lina", "M009-Lina", "王伟(M003)", "SH-01 Wang", "Wang Wei 2", "", "未分配"]),
    st.builds(lambda code, sep, name: sep.join([code, name]) if sep != "()" else f"{name}({code})",
              st.sampled_from(["M002", "m003", "M009", "SH-01", "Wang", "09"]), st.sampled_from(["-", " ", "/", "()", "｜"]),
              st.sampled_from(["Wang Wei", "Lina", "王伟", "Zhao Liu", "x", "1"])))


@SETTINGS
@given(cells=st.lists(manager_cell, min_size=1, max_size=25))
def test_block_conversion_equals_row_conversion_on_latin_names(cells):
    rows = [[f"C{i}", "张三", cell] for i, cell in enumerate(cells)]
    converter = build_converter(map_columns(HEADER, {}), KNOWN, TODAY)
    block_equals_rows(converter, rows, len(HEADER))
    converted, _ = converter.block(pl.DataFrame({f"c{i}": [r[i] for r in rows] for i in range(3)}), list(range(len(rows))))
    assert converted.filter(pl.col("manager_id") == "M002").height == sum(split_manager(c, KNOWN)[0] == "M002" for c in cells)
