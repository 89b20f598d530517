"""A file that is UTF-8 but for some lines (two exports joined) is refused in one sentence naming the
first such line, wherever it is; a file in one encoding is still read as it was."""

from __future__ import annotations


import pytest

from tests.import_support import customers, imports_logged, run_import
from workbench.errors import WorkbenchError
from workbench.importing.sources import SAMPLE_BYTES

HEADER_CN = "客户号,姓名,手机号\r\n"
HEADER_EN = "customer_id,name,phone\r\n"


def lines(start: int, count: int, name: str = "张伟") -> str:
    return "".join(f"C{i},{name}{i},13800138000\r\n" for i in range(start, start + count))


def utf8_with_a_gbk_line(header: str, before: int, after: int) -> bytes:
    """header and `before` rows in UTF-8, one row in GBK, then `after` rows in UTF-8 again."""
    return ((header + lines(0, before)).encode("utf-8") + "G1,王芳,13900139000\r\n".encode("gbk")
            + lines(before + 1, after).encode("utf-8"))


def refused(db_path, path, **options) -> str:
    """The sentence an import of path is refused with; nothing may have been written."""
    with pytest.raises(WorkbenchError) as caught:
        run_import(db_path, path, **options)
    assert customers(db_path) == [] and imports_logged(db_path) == 0
    assert not path.with_name(path.name + ".rejects.csv").exists()
    return str(caught.value)


@pytest.mark.parametrize("header", [HEADER_CN, HEADER_EN], ids=["chinese-header", "english-header"])
def test_a_gbk_line_in_a_utf8_file_is_refused_naming_it(db_path, tmp_path, header):
    """Line 900 of 999 in GBK: read as GB18030 as a whole, every name came in garbled without a word."""
    path = tmp_path / "late.csv"
    path.write_bytes(utf8_with_a_gbk_line(header, 898, 99))
    message = refused(db_path, path)
    assert message == ("late.csv is UTF-8 except line 900, which is in another encoding (GBK?); save the file "
                       "again in one encoding (were two files joined?).")


def test_the_cli_says_it_in_one_line_and_exits_non_zero(cli, db_path, tmp_path):
    path = tmp_path / "late.csv"
    path.write_bytes(utf8_with_a_gbk_line(HEADER_EN, 898, 99))
    result = cli("--db", db_path, "import", "customers", path)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("error: late.csv is UTF-8 except line 900,") and result.stderr.count("\n") == 1
    assert customers(db_path) == []


def test_two_exports_joined_name_the_first_line_of_the_second(db_path, tmp_path):
    path = tmp_path / "joined.csv"
    path.write_bytes((HEADER_CN + lines(0, 500)).encode("utf-8") + lines(500, 500, "欧阳娜娜").encode("gbk"))
    assert refused(db_path, path).startswith(
        "joined.csv is UTF-8 except line 502 and others after it, which are in another encoding (GBK?);")


def test_a_gbk_file_with_utf8_lines_is_refused_too(db_path, tmp_path):
    """The other way round: one UTF-8 name of one character (3 bytes) cannot be read as GBK either."""
    path = tmp_path / "joined.csv"
    path.write_bytes((HEADER_CN + lines(0, 300)).encode("gbk") + "U1,王,13900139000\r\n".encode("utf-8"))
    assert refused(db_path, path).startswith("joined.csv is GBK except line 302, which is in another encoding (UTF-8?);")


@pytest.mark.parametrize("reader", ["blocks", "worker process", "row reader"])
def test_a_gbk_line_past_the_sample_is_named_as_the_file_is_read(db_path, tmp_path, reader):
    """Detection reads only the first 256 KB: a later GBK line fails the decode, which names its line
    exactly in each way the rows are read (a file of lone carriage returns goes row by row)."""
    data = utf8_with_a_gbk_line(HEADER_CN, 12_000, 10)
    assert data.index("王芳".encode("gbk")) > SAMPLE_BYTES
    path = tmp_path / "late.csv"
    path.write_bytes(data.replace(b"\r\n", b"\r") if reader == "row reader" else data)
    message = refused(db_path, path, workers=1 if reader == "worker process" else 0)
    assert message == ("late.csv is not valid utf-8 text near line 12002: the lines before it are UTF-8 but line "
                       "12002 looks like GBK; save the file again in one encoding (were two files joined?), or say "
                       "its encoding with --encoding.")


def test_encoding_given_names_the_bad_line_not_line_one(db_path, tmp_path):
    path = tmp_path / "late.csv"
    path.write_bytes(utf8_with_a_gbk_line(HEADER_CN, 898, 99))
    assert "is not valid utf-8 text near line 900:" in refused(db_path, path, encoding="utf-8")


def test_bytes_of_no_encoding_past_the_sample_name_their_line(db_path, tmp_path):
    path = tmp_path / "broken.csv"
    path.write_bytes((HEADER_CN + lines(0, 12_000)).encode("utf-8") + b"X1,\xff\xfe,1\r\n")
    assert refused(db_path, path) == ("broken.csv is not valid utf-8 text near line 12002; say its encoding with "
                                      "--encoding (e.g. gb18030 or utf-8).")


def test_a_gbk_file_whose_lines_are_now_and_then_valid_utf8_is_still_gb18030(db_path, tmp_path):
    """一伟 in GBK (D2 BB CE B0) is valid UTF-8 by chance: a few such lines among many do not make a GBK
    file "UTF-8 except" the rest."""
    rows = [["C0", "一伟"], ["C1", "张三"], ["C2", "一伟"]] + [[f"C{i}", "李四"] for i in range(3, 30)]
    path = tmp_path / "gbk.csv"
    path.write_bytes((HEADER_CN + "".join(f"{cid},{name},13800138000\r\n" for cid, name in rows)).encode("gbk"))
    summary = run_import(db_path, path)
    assert summary.encoding == "gb18030" and summary.inserted == 30
    assert customers(db_path)[:3] == [("C0", "一伟"), ("C1", "张三"), ("C10", "李四")]
