"""A file that is UTF-8 but for some lines (two exports joined) is refused in one sentence naming the
first such line, wherever it is; so is a GBK file with UTF-8 lines after its own, even where GB18030
decodes them without an error (as garbled names); a file in one encoding is still read as it was."""

from __future__ import annotations

import random

import pytest

from tests.import_support import customers, imports_logged, run_import
from workbench.errors import WorkbenchError
from workbench.importing.sources import SAMPLE_BYTES
from workbench.importing.two_encodings import reads_as_utf8
from workbench.sample.names import NamePicker

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


# Names of two and four characters: six and twelve bytes of UTF-8, which GB18030 decodes without an error.
UTF8_NAMES = ["张伟", "王芳", "欧阳娜娜", "李娜", "刘洋", "陈静"]


def gbk_then_utf8(before: int, after: int) -> bytes:
    """A header and `before` rows in GBK, then `after` rows in UTF-8 that GB18030 decodes too (a UTF-8
    export joined to a GBK one)."""
    data = (HEADER_CN + lines(0, before, "赵敏")).encode("gbk") + "".join(
        f"U{i},{UTF8_NAMES[i % len(UTF8_NAMES)]},13900139000\r\n" for i in range(after)).encode("utf-8")
    data.decode("gb18030")   # as a whole it decodes: before, every UTF-8 name came in garbled without a word
    return data


@pytest.mark.parametrize("reader", ["sample", "blocks", "worker process", "row reader"])
def test_utf8_lines_gb18030_decodes_too_are_refused_naming_the_first(db_path, tmp_path, reader):
    """In the first 256 KB the sample names them; past it, the file as it is read, in each way rows are
    read (a file of lone carriage returns goes row by row, and its lines are counted as csv counts them)."""
    before = 300 if reader == "sample" else 12_000
    data = gbk_then_utf8(before, 50)
    assert (data.index("张伟".encode("utf-8")) > SAMPLE_BYTES) == (reader != "sample")
    path = tmp_path / "joined.csv"
    path.write_bytes(data.replace(b"\r\n", b"\r") if reader == "row reader" else data)
    assert refused(db_path, path, workers=1 if reader == "worker process" else 0) == (
        f"joined.csv is GBK except line {before + 2} and others after it, which are in another encoding (UTF-8?); "
        "save the file again in one encoding (were two files joined?).")


@pytest.mark.parametrize("before", [300, 12_000])
def test_one_utf8_line_among_gbk_ones_is_named(db_path, tmp_path, before):
    path = tmp_path / "edited.csv"
    path.write_bytes((HEADER_CN + lines(0, before, "赵敏")).encode("gbk") + "U1,欧阳娜娜,13900139000\r\n".encode("utf-8")
                     + lines(before, 20, "赵敏").encode("gbk"))
    assert refused(db_path, path) == (f"edited.csv is GBK except line {before + 2}, which is in another encoding "
                                      "(UTF-8?); save the file again in one encoding (were two files joined?).")


def test_the_refusal_in_chinese_and_an_encoding_given_reads_the_file_as_given(cli, db_path, tmp_path):
    """The check is on what detection guessed: --encoding gb18030 says the file is GB18030 throughout."""
    path = tmp_path / "joined.csv"
    path.write_bytes(gbk_then_utf8(300, 2))
    result = cli("--db", db_path, "--lang", "zh_CN", "import", "customers", path)
    assert result.exit_code == 2 and result.stdout == "" and customers(db_path) == []
    assert result.stderr == ("错误\uff1ajoined.csv 是 GBK 编码\uff0c但第 302 行及其后的若干行是另一种编码\uff08UTF-8\uff1f\uff09"
                             "\uff1b请将文件另存为同一种编码\uff08是否把两个文件拼接在了一起\uff1f\uff09\u3002\n")
    assert cli("--db", db_path, "import", "customers", path, "--encoding", "gb18030").exit_code == 0
    assert customers(db_path)[-1] == ("U1", "王芳".encode("utf-8").decode("gb18030"))


def gbk_names(count: int, seed: int) -> list[str]:
    """Real-looking Chinese names: most as the sample branch draws them (by surname share and the given
    names of each generation), the rest of characters drawn from all of GB2312 and from the characters
    GBK adds to it (喆, 堃, 玥 and the like, found in names, rare in other text)."""
    rng = random.Random(seed)
    picker = NamePicker(rng)
    gb2312 = [c for c in (bytes((h, lo)).decode("gbk", "replace") for h in range(0xB0, 0xF8) for lo in range(0xA1, 0xFF))
              if len(c) == 1 and c != "\ufffd"]   # its hanzi, the 3,755 everyday ones first
    gbk_only = [c for c in (bytes((h, lo)).decode("gbk", "replace") for h in range(0x81, 0xA1) for lo in range(0x40, 0xFF))
                if "\u4e00" <= c <= "\u9fff"]
    names = []
    for i in range(count):
        if i % 3:
            names.append(picker.full(rng.choice("MF"), rng.randrange(1940, 2006)))
        else:
            pool = gbk_only if i % 9 == 0 else gb2312
            names.append(rng.choice(gb2312[:3755]) + "".join(rng.choice(pool) for _ in range(rng.choice([1, 2, 2, 3]))))
    return names


def test_thousands_of_real_looking_gbk_names_are_read_and_utf8_names_after_them_refused(db_path, tmp_path):
    """12,000 GBK names (past the 256 KB sample, so both the sample and the file as it is read are
    checked) come in as written; the same file with a UTF-8 export after it is refused at its first line."""
    names = gbk_names(12_000, seed=11)
    body = HEADER_CN + "".join(f"G{i},{name},13800138000\r\n" for i, name in enumerate(names))
    path = tmp_path / "gbk.csv"
    path.write_bytes(body.encode("gbk"))
    assert path.stat().st_size > SAMPLE_BYTES
    summary = run_import(db_path, path)
    assert (summary.encoding, summary.inserted, summary.rejected) == ("gb18030", 12_000, 0)
    assert dict(customers(db_path)) == {f"G{i}": name for i, name in enumerate(names)}
    joined = tmp_path / "joined.csv"
    joined.write_bytes(body.encode("gbk") + "".join(
        f"U{i},{name},13900139000\r\n" for i, name in enumerate(gbk_names(100, seed=12))).encode("utf-8"))
    with pytest.raises(WorkbenchError, match="^joined.csv is GBK except line 12002 and others after it, which are in "
                                             r"another encoding \(UTF-8\?\);"):
        run_import(db_path, joined)


def test_gbk_names_whose_bytes_are_valid_utf8_chinese_are_still_read_as_gbk(db_path, tmp_path):
    """缁靛悍 in GBK (E7 BB B5 E8 BF B2 ...) is valid UTF-8 too, as 绵康: read either way it is everyday
    characters, so the file's own encoding stands; the same names written in UTF-8 read as symbols
    and rare characters in GB18030, and are refused."""
    names = ["缁靛悍", "楗垫绩", "婢捐坎", "纾轰精"]
    for name in names:
        assert name.encode("gbk").decode("utf-8")   # a line of it alone is valid UTF-8 Chinese
    rows = [f"G{i},{names[i % 4]},13800138000\r\n" if i % 1000 == 7 else f"G{i},赵敏,13800138000\r\n"
            for i in range(12_000)]
    path = tmp_path / "gbk.csv"
    path.write_bytes((HEADER_CN + "".join(rows)).encode("gbk"))
    summary = run_import(db_path, path)
    assert (summary.encoding, summary.inserted) == ("gb18030", 12_000)
    assert dict(customers(db_path))["G11007"] == "纾轰精"
    joined = tmp_path / "joined.csv"
    joined.write_bytes(path.read_bytes() + "".join(f"U{i},{name},1\r\n" for i, name in enumerate(names)).encode("utf-8"))
    with pytest.raises(WorkbenchError, match="^joined.csv is GBK except line 12002 and others after it"):
        run_import(db_path, joined)


@pytest.mark.parametrize("before", [300, 12_000])
def test_utf8_names_too_rare_to_tell_alone_are_named_with_the_utf8_lines_after_them(db_path, tmp_path, before):
    """泥潈椲 in UTF-8 reads as rare characters either way, but the UTF-8 export begins with it: the lines
    just before one that reads as UTF-8, valid UTF-8 Chinese themselves (or ASCII among them), go with it."""
    rare = "U0,泥潈椲,13900139000\r\n".encode("utf-8")
    assert not reads_as_utf8(rare)
    path = tmp_path / "joined.csv"
    path.write_bytes((HEADER_CN + lines(0, before, "赵敏")).encode("gbk") + rare + b"U1,John Smith,13900139001\r\n"
                     + "U2,张伟,13900139002\r\n".encode("utf-8"))
    assert refused(db_path, path).startswith(f"joined.csv is GBK except line {before + 2} and others after it, "
                                             "which are in another encoding (UTF-8?);")


def test_utf8_lines_before_gbk_ones_name_the_file_utf8_where_gb18030_decodes_them_too(db_path, tmp_path):
    """A UTF-8 export with a longer GBK one after it: its lines decode as GB18030 too, but read as UTF-8,
    so the file is named by the encoding it starts in, as when they could only be UTF-8."""
    path = tmp_path / "joined.csv"
    path.write_bytes((HEADER_EN + "".join(f"U{i},{UTF8_NAMES[i % len(UTF8_NAMES)]},13900139000\r\n"
                                          for i in range(20))).encode("utf-8") + lines(0, 300, "赵敏").encode("gbk"))
    assert refused(db_path, path).startswith("joined.csv is UTF-8 except line 22 and others after it, which are in "
                                             "another encoding (GBK?);")
