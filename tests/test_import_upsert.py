"""Re-imports update and never duplicate; --full inactivates the absent; the same file twice does nothing."""

import pytest

from tests.import_support import NOW, customers, run_import, write_csv
from workbench import audit
from workbench.db import open_db
from workbench.errors import WorkbenchError

HEADER = ["customer_id", "name", "phone", "manager_id", "branch_id", "aum", "do_not_call"]


def extract(tmp_path, name, rows):
    return write_csv(tmp_path / name, [HEADER, *rows])


def test_reimport_updates_and_counts_unchanged(db_path, tmp_path):
    first = run_import(db_path, extract(tmp_path, "a.csv", [
        ["C1", "张三", "13812345678", "M1", "B1", "100", "0"], ["C2", "李四", "13912345678", "M1", "B1", "200", "0"]]))
    assert (first.inserted, first.updated, first.unchanged) == (2, 0, 0)
    assert sorted(first.inserted_ids) == ["C1", "C2"] and first.new_staff == ["M1"] and first.new_branches == ["B1"]
    second = run_import(db_path, extract(tmp_path, "b.csv", [
        ["C1", "张三", "13812345678", "M1", "B1", "100", "0"], ["C2", "李四", "13912345678", "M2", "B1", "250", "0"],
        ["C3", "王五", "", "", "B2", "1", "0"]]))
    assert (second.inserted, second.updated, second.unchanged) == (1, 1, 0 + 1)
    assert second.inserted_ids == ["C3"] and second.updated_ids == ["C2"] and second.changed_ids == ["C3", "C2"]
    assert customers(db_path, "customer_id, manager_id, branch_id, aum_fen") == [
        ("C1", "M1", "B1", 10000), ("C2", "M2", "B1", 25000), ("C3", None, "B2", 100)]
    db = open_db(db_path)
    assert db.conn.execute("SELECT count(*) FROM customers").fetchone()[0] == 3
    assert db.conn.execute("SELECT staff_id, role, branch_id FROM staff ORDER BY staff_id").fetchall() == [
        ("M1", "manager", "B1"), ("M2", "manager", "B1")]
    logged = db.conn.execute("SELECT inserted, updated, unchanged, rejected, new_staff FROM import_log ORDER BY import_id").fetchall()
    assert logged == [(2, 0, 0, 0, 1), (1, 1, 1, 0, 1)]
    entries = db.conn.execute("SELECT action, subject FROM audit_log ORDER BY seq").fetchall()
    assert entries == [("import", "a.csv"), ("import", "b.csv")] and audit.verify(db.conn).ok
    db.close()


def test_same_file_twice_changes_nothing(db_path, tmp_path):
    path = extract(tmp_path, "a.csv", [["C1", "张三", "13812345678", "M1", "B1", "100", "0"]])
    run_import(db_path, path)
    again = run_import(db_path, path)
    assert again.already_imported == NOW.isoformat() and again.inserted == 0 and again.import_id is None
    db = open_db(db_path)
    assert db.conn.execute("SELECT count(*) FROM import_log").fetchone()[0] == 1
    db.close()


def test_same_file_with_other_options_is_imported_again(db_path, tmp_path):
    first = extract(tmp_path, "a.csv", [["C1", "张三", "", "M1", "B1", "1", "0"], ["C2", "李四", "", "M1", "B1", "1", "0"]])
    run_import(db_path, first)
    later = extract(tmp_path, "b.csv", [["C1", "张三", "", "M1", "B1", "1", "0"]])
    assert run_import(db_path, later).inactivated == 0
    # Imported as partial, then found to be the full list: --full applies it; the same again is skipped.
    full = run_import(db_path, later, full=True)
    assert full.already_imported is None and full.unchanged == 1 and full.inactivated_ids == ["C2"]
    assert run_import(db_path, later, full=True).already_imported is not None
    # A column missed the first time can be mapped on a second import of the same file.
    noted = write_csv(tmp_path / "c.csv", [["客户号", "姓名", "备注"], ["C1", "张三", "理财"]])
    run_import(db_path, noted)
    mapped = run_import(db_path, noted, mappings=("备注=tags",))
    assert mapped.already_imported is None and mapped.updated_ids == ["C1"]
    assert customers(db_path, "tags")[0] == ("理财",)


def test_an_import_logged_before_options_were_kept_still_counts_as_done(db_path, tmp_path):
    path = extract(tmp_path, "a.csv", [["C1", "张三", "", "M1", "B1", "1", "0"]])
    run_import(db_path, path)
    db = open_db(db_path)
    db.conn.execute("UPDATE import_log SET options = NULL")   # as migration 90 leaves the rows before it
    db.close()
    assert run_import(db_path, path).already_imported is not None
    assert run_import(db_path, path, full=True).already_imported is None


def test_a_map_option_must_name_a_column_of_the_file_and_a_field_only_once(db_path, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["客户号", "姓名", "备注", "说明"], ["C1", "张三", "a", "b"]])
    with pytest.raises(WorkbenchError, match=r"--map '不存在=tags': x.csv has no column '不存在'; its columns are 客户号, 姓名, 备注, 说明\."):
        run_import(db_path, path, mappings=("不存在=tags",))
    with pytest.raises(WorkbenchError, match="gives the field 'tags' more than one column"):
        run_import(db_path, path, mappings=("备注=tags", "说明=tags"))
    assert customers(db_path) == []


def test_full_extract_inactivates_absent_customers_of_covered_branches_only(db_path, tmp_path):
    run_import(db_path, extract(tmp_path, "a.csv", [
        ["C1", "张三", "", "M1", "B1", "1", "0"], ["C2", "李四", "", "M1", "B1", "1", "0"],
        ["C3", "王五", "", "M1", "B2", "1", "0"], ["C4", "赵六", "", "M1", "B1", "1", "0"]]))
    partial = run_import(db_path, extract(tmp_path, "b.csv", [["C1", "张三", "", "M1", "B1", "2", "0"]]))
    assert partial.inactivated == 0
    full = run_import(db_path, extract(tmp_path, "c.csv", [
        ["C1", "张三", "", "M1", "B1", "3", "0"], ["C4", "赵六", "", "M1", "B1", "bad", "0"]]), full=True)
    assert full.inactivated_ids == ["C2"] and full.rejected == 1 and full.covered_branches == ["B1"]
    assert customers(db_path, "customer_id, active") == [("C1", 1), ("C2", 0), ("C3", 1), ("C4", 1)]
    back = run_import(db_path, extract(tmp_path, "d.csv", [["C2", "李四", "", "M1", "B1", "1", "0"]]))
    assert back.updated_ids == ["C2"] and customers(db_path, "active")[1] == (1,)


def test_full_extract_without_a_branch_column_covers_the_branches_its_customers_are_in(db_path, tmp_path):
    run_import(db_path, extract(tmp_path, "a.csv", [
        ["C1", "张三", "", "M1", "B1", "1", "0"], ["C2", "李四", "", "M1", "B1", "1", "0"],
        ["C3", "王五", "", "M1", "B2", "1", "0"]]))
    run_import(db_path, write_csv(tmp_path / "pool.csv", [["客户号", "姓名"], ["C8", "无机构"], ["C9", "也无机构"]]))
    # One customer of B1 listed, no branch column: B1 is covered, B2 and the branchless are not.
    full = run_import(db_path, write_csv(tmp_path / "b1.csv", [["客户号", "姓名"], ["C1", "张三"]]), full=True)
    assert full.inactivated_ids == ["C2"] and full.covered_branches == ["B1"]
    assert customers(db_path, "customer_id, active") == [("C1", 1), ("C2", 0), ("C3", 1), ("C8", 1), ("C9", 1)]
    # Listing a customer without a branch covers the others without one.
    full = run_import(db_path, write_csv(tmp_path / "none.csv", [["客户号", "姓名"], ["C8", "无机构"]]), full=True)
    assert full.inactivated_ids == ["C9"] and full.covered_branches == []
    assert any("without a branch" in note for note in full.notes)


def test_import_never_clears_do_not_call_or_an_assignment(db_path, tmp_path):
    run_import(db_path, extract(tmp_path, "a.csv", [["C1", "张三", "", "M1", "B1", "1", "是"]]))
    run_import(db_path, extract(tmp_path, "b.csv", [["C1", "张三", "", "", "B1", "2", "否"]]))
    assert customers(db_path, "do_not_call, manager_id, aum_fen") == [(1, "M1", 200)]


def test_an_empty_cell_keeps_what_cannot_un_happen_and_the_extract_speaks_for_the_rest(db_path, tmp_path):
    header = ["客户号", "姓名", "性别", "出生日期", "开户日期", "最近交易日期", "所属机构", "手机号", "资产余额", "风险等级"]
    run_import(db_path, write_csv(tmp_path / "a.csv", [header, ["C1", "张三", "男", "1980-03-01", "2010-05-06",
                                                                "2025-03-01", "B1", "13812345678", "100", "R2"]]))
    run_import(db_path, write_csv(tmp_path / "b.csv", [header, ["C1", "张三", "", "", "", "", "", "", "", ""]]))
    assert customers(db_path, "gender, birthday, opened_on, last_activity_on, branch_id") == [
        ("M", "1980-03-01", "2010-05-06", "2025-03-01", "B1")]
    # Head office's record of a phone, a balance or a risk level is what the file says, an empty cell too.
    assert customers(db_path, "phone_raw, phone_valid, aum_fen, risk_level") == [(None, 0, 0, None)]


def test_columns_missing_from_a_later_file_are_kept(db_path, tmp_path):
    run_import(db_path, extract(tmp_path, "a.csv", [["C1", "张三", "13812345678", "M1", "B1", "100", "0"]]))
    slim = write_csv(tmp_path / "slim.csv", [["客户号", "姓名"], ["C1", "张三丰"]])
    assert run_import(db_path, slim).updated == 1
    assert customers(db_path, "name, phone_e164, aum_fen") == [("张三丰", "+8613812345678", 10000)]


def test_duplicate_key_keeps_the_first_row(db_path, tmp_path):
    summary = run_import(db_path, extract(tmp_path, "a.csv", [
        ["C1", "张三", "", "", "B1", "1", "0"], ["C2", "李四", "", "", "B1", "1", "0"], ["C1", "冒名", "", "", "B1", "9", "0"]]))
    assert (summary.inserted, summary.rejected) == (2, 1)
    assert customers(db_path, "customer_id, name, aum_fen") == [("C1", "张三", 100), ("C2", "李四", 100)]
    assert "4,customer C1 appears again (first row kept)" in summary.reject_file.read_text(encoding="utf-8-sig")



def test_import_rescores_what_it_touched(db_path, tmp_path):
    """At commit the imported customers carry a score; a changed one is rescored, an unchanged one is not."""
    run_import(db_path, extract(tmp_path, "a.csv", [
        ["C1", "张三", "13812345678", "M1", "B1", "100", "0"], ["C2", "李四", "13912345678", "M1", "B1", "2000000", "0"]]))
    rows = customers(db_path, "customer_id, scored_on, tier, priority IS NOT NULL")
    assert rows == [("C1", NOW.date().isoformat(), 0, 1), ("C2", NOW.date().isoformat(), 2, 1)]
    later = NOW.replace(day=NOW.day + 1)
    run_import(db_path, extract(tmp_path, "b.csv", [
        ["C1", "张三", "13812345678", "M1", "B1", "100", "0"], ["C2", "李四", "13912345678", "M1", "B1", "2000000", "1"]]), now=later)
    assert customers(db_path, "customer_id, scored_on, priority IS NOT NULL") == [
        ("C1", NOW.date().isoformat(), 1), ("C2", later.date().isoformat(), 0)]


def test_newer_extract_confirms_reactivation_of_a_reached_customer(db_path, tmp_path):
    """Activity after a logged 'reached' call, seen in the next extract, is a confirmed reactivation."""
    header = [*HEADER, "last_activity_on"]
    run_import(db_path, write_csv(tmp_path / "a.csv", [header, ["C1", "张三", "13812345678", "M1", "B1", "100", "0", "2025-01-01"]]))
    db = open_db(db_path)
    db.execute("INSERT INTO outcomes (outcome_id, customer_id, manager_id, terminal_id, at, line_result, recorded_at,"
               " segment) VALUES ('o1', 'C1', 'M1', 'T', ?, 'reached', ?, 'low_value_dormant')",   # dormant when called
               (NOW.isoformat(), NOW.isoformat()))
    db.close()
    later = NOW.replace(day=NOW.day + 1)
    result = run_import(db_path, write_csv(tmp_path / "b.csv", [header, ["C1", "张三", "13812345678", "M1", "B1", "100", "0", later.date().isoformat()]]), now=later)
    assert result.confirmed_reactivations == 1
    assert customers(db_path, "customer_id") == [("C1",)]
    db = open_db(db_path)
    assert db.execute("SELECT outcome_id, confirmed_on FROM reactivations").fetchall() == [("o1", later.date().isoformat())]
