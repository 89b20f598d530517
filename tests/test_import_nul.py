"""A NUL byte in one cell of a text extract rejects that row, wherever it is in the file, and the reject report shows
it as a visible mark; a file is refused as binary only when it looks like one (a NUL in its header line, or control
bytes no text holds, as packed data has them)."""

import struct
import zlib

import pytest

from tests.import_support import customers


def _png() -> bytes:
    """A 1×1 picture, as a wrong attachment saved under the extract's name would be."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 5)) + chunk(b"IEND", b""))


def test_a_nul_in_a_short_extract_s_name_rejects_that_row_only(cli, db_path, tmp_path):
    path = tmp_path / "nul1.csv"
    path.write_bytes(b"customer_id,name,phone\r\n3199400001,A\x00B,13900000001\r\n3199400002,ok,13900000002\r\n")
    result = cli("--db", db_path, "--lang", "zh_CN", "import", "customers", path)
    assert result.exit_code == 0, result.stderr
    assert customers(db_path) == [("3199400002", "ok")]
    report = (tmp_path / "nul1.csv.rejects.csv").read_text(encoding="utf-8-sig")
    assert report == ("行号,原因,customer_id,name,phone\n"
                      "2,客户号或姓名中有 NUL 字符，此处显示为 \ufffd（文件是否已损坏？）,3199400001,A\ufffdB,13900000001\n")


@pytest.mark.parametrize("content", [
    b"customer_id,na\x00me\r\nC1,A\r\n",   # a NUL in the header line
    _png(),
    b"customer_id,name\n" + bytes(range(32)) * 8,   # control bytes all through
], ids=["header", "picture", "controls"])
def test_what_looks_binary_is_still_refused_as_binary(cli, db_path, tmp_path, content):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    result = cli("--db", db_path, "--lang", "en", "import", "customers", path)
    assert result.exit_code == 2
    assert result.stderr == "error: x.csv looks like a binary file, not a CSV/TSV text or an Excel workbook.\n"
