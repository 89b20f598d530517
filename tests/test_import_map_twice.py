"""A --map that gives a column two fields, or a field two columns, is refused in one sentence saying so, before the
file is read (the last used to win unsaid, and the file then had "no usable header")."""

import pytest

from tests.import_support import customers, run_import, write_csv
from workbench.errors import WorkbenchError
from workbench.importing.headers import parse_map_options


def extract(tmp_path):
    return write_csv(tmp_path / "x.csv", [["CIF", "户主", "备注"], ["C1", "张三", "a"]])


def test_a_column_given_two_fields_is_refused(db_path, tmp_path):
    with pytest.raises(WorkbenchError) as refused:
        run_import(db_path, extract(tmp_path), mappings=("CIF=customer_id", "CIF=name"))
    assert str(refused.value) == ("--map gives the column 'CIF' two fields, 'customer_id' and 'name'; a column takes "
                                  "one field.")
    with pytest.raises(WorkbenchError, match="the column 'cif' two fields, 'customer_id' and ''"):
        parse_map_options(["CIF=customer_id", "cif="])   # columns are named without regard to case
    assert customers(db_path) == []


def test_a_field_given_two_columns_is_refused_before_the_header_is_looked_for(db_path, tmp_path):
    with pytest.raises(WorkbenchError) as refused:
        run_import(db_path, extract(tmp_path), mappings=("CIF=customer_id", "户主=customer_id"))
    assert str(refused.value) == ("--map gives the field 'customer_id' more than one column (CIF, 户主); a field takes "
                                  "one column.")


def test_the_same_twice_is_once_and_two_phone_columns_are_allowed(db_path, tmp_path):
    assert parse_map_options(["CIF=customer_id", "cif=customer_id", "a=phone", "b=phone", "c=", "d="]) == {
        "CIF": "customer_id", "a": "phone", "b": "phone", "c": "", "d": ""}
    summary = run_import(db_path, extract(tmp_path), mappings=("CIF=customer_id", "CIF=customer_id", "户主=name"))
    assert summary.inserted == 1


def test_in_chinese(cli, tmp_path, db_path):
    result = cli("--db", db_path, "--lang", "zh_CN", "import", "customers", extract(tmp_path), "--map", "CIF=customer_id",
                 "--map", "CIF=name")
    assert result.exit_code != 0
    assert "--map 给“CIF”列指定了两个字段：“customer_id”和“name”；一列只能对应一个字段。" in result.stderr
