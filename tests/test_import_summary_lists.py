"""The import summary names several columns as a sentence of the interface language lists them."""

from tests.import_support import write_csv


def _two_unmapped(tmp_path):
    return write_csv(tmp_path / "extract.csv", [["客户号", "姓名", "备注", "联系人"], ["C1", "张三", "x", "李四"]])


def test_columns_not_imported_are_listed_with_the_enumeration_comma_in_chinese(cli, db_path, tmp_path):
    result = cli("--db", db_path, "--lang", "zh_CN", "import", "customers", _two_unmapped(tmp_path))
    assert result.exit_code == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if "备注" in line)
    assert "备注、联系人" in line and "备注, 联系人" not in line


def test_columns_not_imported_are_listed_with_commas_in_english(cli, db_path, tmp_path):
    result = cli("--db", db_path, "import", "customers", _two_unmapped(tmp_path))
    assert "Columns not imported (map them with --map 'SOURCE=field'): 备注, 联系人." in result.stdout.splitlines()
