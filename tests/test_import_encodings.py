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


@pytest.mark.parametrize("rows", [
    [["客户号", "姓名"], ["C1", "张三"]],                        # one customer: too little text for a statistical guess
    [["客户号", "姓名"]],                                        # a header alone
    [["customer_id", "name"], ["C1", "张"]],                     # English headers, one Chinese character
    [["customer_id", "name"], ["C1", "Zhang"], ["C2", "王五"]],
], ids=["one-row", "header-only", "one-character", "mostly-ascii"])
@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_small_gb_files_are_read_as_gb18030(db_path, tmp_path, rows, encoding):
    """Excel in China saves GBK; a short file gives charset detection little to go on (it guessed UTF-16,
    Big5 or CP949 for these), so text that is not UTF-8 but is valid GB18030 is read as GB18030."""
    path = write_csv(tmp_path / "small.csv", rows, encoding=encoding)
    summary = run_import(db_path, path)
    assert summary.encoding == "gb18030"
    assert customers(db_path) == [tuple(r) for r in rows[1:]]


def test_a_western_file_that_is_not_gb18030_is_still_detected(db_path, tmp_path):
    """Bytes GB18030 cannot hold (é before a line break) leave the choice to charset detection."""
    rows = [["customer_id", "name"]] + [[f"C{i}", f"Renée Dupré {i}"] for i in range(40)]
    path = write_csv(tmp_path / "latin.csv", rows, encoding="cp1252")
    summary = run_import(db_path, path)
    assert summary.encoding != "gb18030" and customers(db_path)[0] == ("C0", "Renée Dupré 0")


def test_other_double_byte_text_that_is_valid_gb18030_is_read_as_gb18030_unless_told(db_path, tmp_path):
    """The deliberate cost of preferring GB18030: Shift-JIS bytes that happen to be valid GB18030 come in
    as GB18030 (the summary names the encoding, so the reader sees it); --encoding reads them right."""
    path = write_csv(tmp_path / "sjis.csv", [["customer_id", "name"], ["C1", "山田太郎"]], encoding="shift_jis")
    assert run_import(db_path, path, dry_run=True).encoding == "gb18030"
    summary = run_import(db_path, path, encoding="shift_jis")
    assert summary.encoding == "shift_jis" and customers(db_path) == [("C1", "山田太郎")]
