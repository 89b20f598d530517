"""UTF-16 text saved without a byte-order mark is read in the byte order its text shows, not called binary; and
--encoding utf-16 on a file without the mark is one sentence, not an internal error."""

import pytest

from tests.import_support import customers, run_import
from workbench.errors import WorkbenchError

TEXT = "客户号\t客户姓名\t手机号\t资产余额\r\n3100000002\t罗鹏\t18854268368\t64.92\r\n3100000009\t李颖瑶\t13996072544\t1.5万\r\n"


@pytest.mark.parametrize("order", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("given", [None, "utf-16"])
def test_utf16_without_a_byte_order_mark_is_read_in_its_byte_order(db_path, tmp_path, order, given):
    path = tmp_path / "x.txt"
    path.write_bytes(TEXT.encode(order))
    summary = run_import(db_path, path, encoding=given)
    assert (summary.inserted, summary.rejected, summary.encoding, summary.kind) == (2, 0, order, "tsv")
    assert customers(db_path, "customer_id, name, aum_fen") == [("3100000002", "罗鹏", 6492), ("3100000009", "李颖瑶", 1_500_000)]


@pytest.mark.parametrize("encoding", ["utf-16", "UTF16", "utf-32"])
def test_a_byte_order_encoding_given_for_a_file_without_the_mark_is_one_sentence(cli, db_path, tmp_path, encoding):
    path = tmp_path / "gbk.csv"
    path.write_bytes(TEXT.replace("\t", ",").encode("gbk"))
    name = "utf-32" if encoding == "utf-32" else "utf-16"
    with pytest.raises(WorkbenchError, match=rf"^gbk.csv does not start with a byte-order mark and does not read as "
                                             rf"{name} text, so --encoding {name} cannot read it; leave --encoding out "
                                             rf"to have the encoding detected, or give the byte order \({name}le or "
                                             rf"{name}be\)\.$"):
        run_import(db_path, path, encoding=encoding)
    result = cli("--db", db_path, "import", "customers", path, "--encoding", encoding)
    assert result.exit_code != 0 and "unexpected" not in result.stderr and result.stderr.count("\n") == 1
    assert customers(db_path) == []
    assert run_import(db_path, path).inserted == 2   # detected, it is GB18030


def test_a_file_with_the_mark_reads_as_before_and_binary_stays_binary(db_path, tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(TEXT.encode("utf-16"))
    assert run_import(db_path, path, encoding="utf-16").inserted == 2
    noise = tmp_path / "noise.csv"
    noise.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(WorkbenchError, match="looks like a binary file"):
        run_import(db_path, noise)
