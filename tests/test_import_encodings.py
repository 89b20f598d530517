"""CSV in UTF-8, UTF-8 with BOM, GBK/GB18030 and TSV: detected, or said with --encoding/--delimiter."""

import pytest

from tests.import_support import HEADER_CN, customers, run_import, write_csv
from workbench.errors import WorkbenchError

ROWS = [HEADER_CN, ["C001", "张三", "男", "1980-03-01", "13812345678", "M01", "B01", "1000", "2025-03-01"],
        ["C002", "欧阳娜娜", "女", "1990-05-06", "13912345678", "M01", "B01", "2000", "2025-03-02"]]


@pytest.mark.parametrize("encoding, expected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
                                                 ("gbk", "gb18030"), ("gb18030", "gb18030")])
def test_encodings_are_detected(db_path, tmp_path, encoding, expected):
    path = write_csv(tmp_path / "extract.csv", ROWS, encoding=encoding)
    summary = run_import(db_path, path)
    assert summary.encoding == expected
    assert summary.inserted == 2 and summary.rejected == 0
    assert customers(db_path) == [("C001", "张三"), ("C002", "欧阳娜娜")]


def test_gbk_bytes_are_really_gbk(tmp_path):
    path = write_csv(tmp_path / "extract.csv", ROWS, encoding="gbk")
    data = path.read_bytes()
    assert "张三".encode("gbk") in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def test_tsv_and_semicolons_are_detected(db_path, tmp_path):
    tsv = write_csv(tmp_path / "extract.tsv", ROWS, delimiter="\t")
    summary = run_import(db_path, tsv)
    assert summary.kind == "tsv" and summary.delimiter == "\t" and summary.inserted == 2
    semi = write_csv(tmp_path / "semi.csv", [r + ["x"] for r in ROWS], delimiter=";")
    assert run_import(db_path, semi).delimiter == ";"


def test_encoding_and_delimiter_overrides(db_path, tmp_path):
    path = write_csv(tmp_path / "extract.txt", ROWS, encoding="gb18030", delimiter="|")
    summary = run_import(db_path, path, encoding="gb18030", delimiter="|")
    assert summary.encoding == "gb18030" and summary.delimiter == "|"
    assert customers(db_path)[1] == ("C002", "欧阳娜娜")


def test_wrong_encoding_is_one_clear_sentence_and_writes_nothing(db_path, tmp_path):
    path = write_csv(tmp_path / "extract.csv", ROWS, encoding="gbk")
    with pytest.raises(WorkbenchError, match="not valid utf-8 text.*--encoding"):
        run_import(db_path, path, encoding="utf-8")
    assert customers(db_path) == []


def test_utf16_with_bom_as_excel_unicode_text(db_path, tmp_path):
    path = write_csv(tmp_path / "extract.txt", ROWS, encoding="utf-16", delimiter="\t")
    summary = run_import(db_path, path)
    assert summary.inserted == 2 and customers(db_path)[0] == ("C001", "张三")
