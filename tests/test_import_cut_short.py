"""A text extract cut short (a USB copy broken off part-way) is refused whole, naming the row it ends in: imported,
its last customers would be missing without a word, and --full would inactivate them."""

import pytest

from tests.import_support import customers, imports_logged, run_import, write_csv
from workbench.errors import WorkbenchError

HEADER = ["客户号", "客户姓名", "手机号", "资产余额", "标签"]
ROWS = [[f"31000000{i:02}", f"客户{i}", f"138001380{i:02}", f"{1000 + i}.50", "老年客户"] for i in range(1, 21)]


def whole(tmp_path, encoding="utf-8", name="whole.csv"):
    return write_csv(tmp_path / name, [HEADER, *ROWS], encoding=encoding)


def cut(tmp_path, data: bytes, name="cut.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refused(db_path, path, row, **options):
    before = customers(db_path, "customer_id, active, aum_fen"), imports_logged(db_path)
    with pytest.raises(WorkbenchError, match=rf"^{path.name} ends part-way through row {row}: it seems cut short; "
                                             r"ask for the file again\.$"):
        run_import(db_path, path, **options)
    assert (customers(db_path, "customer_id, active, aum_fen"), imports_logged(db_path)) == before


@pytest.mark.parametrize("workers", [0, 1])
def test_a_file_cut_in_the_middle_of_a_row_is_refused_and_full_inactivates_nobody(db_path, tmp_path, workers):
    run_import(db_path, whole(tmp_path))
    data = whole(tmp_path, name="m2.csv").read_bytes()
    end = data.index(b"3100000015")   # row 16 is the 15th customer: cut inside its phone number
    refused(db_path, cut(tmp_path, data[:end + 25]), 16, full=True, workers=workers)


@pytest.mark.parametrize("encoding, code", [("utf-8", "utf-8"), ("gb18030", "gb18030"), ("utf-16", "utf-16-le")])
def test_a_file_cut_inside_a_character_is_cut_short_not_another_encoding(db_path, tmp_path, encoding, code):
    """The last 标签 cut between the bytes of 客: not "say its encoding with --encoding" (which cannot help),
    whether the encoding is detected or given."""
    data = whole(tmp_path, encoding).read_bytes().rstrip(b"\r\n\x00")
    data = data[:-len("户".encode(code)) - 1]
    assert data[-1:] not in (b"\n", b"\x00")
    refused(db_path, cut(tmp_path, data), 21)
    refused(db_path, cut(tmp_path, data), 21, encoding=encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])   # read in blocks, and row by row
def test_a_last_row_short_or_inside_an_open_quote_is_cut_short(db_path, tmp_path, encoding):
    text = "\r\n".join(",".join(row) for row in [HEADER, *ROWS[:5]])
    refused(db_path, cut(tmp_path, (text + '\r\n3100000099,客户99,1380').encode(encoding)), 7)
    refused(db_path, cut(tmp_path, (text + '\r\n3100000099,客户99,13800,9.5,"老年客户,理').encode(encoding)), 7)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_whole_file_without_a_last_line_break_is_imported(db_path, tmp_path, encoding):
    """Many tools end a file without a line break: a full last row, or a quoted last cell, is no cut."""
    text = "\r\n".join(",".join(row) for row in [HEADER, *ROWS[:5]]) + '\r\n3100000099,"客户,99",13800,9.5,"理财"'
    summary = run_import(db_path, cut(tmp_path, text.encode(encoding)))
    assert (summary.inserted, summary.rejected) == (6, 0)
    assert customers(db_path)[-1] == ("3100000099", "客户,99")
    padded = cut(tmp_path, (text.replace("99", "98") + "\r\n  \x1a").encode(encoding), "ctrl_z.csv")
    assert run_import(db_path, padded).inserted == 1


def test_the_cli_says_so_in_one_sentence_and_exits_non_zero(cli, db_path, tmp_path):
    data = whole(tmp_path).read_bytes()
    path = cut(tmp_path, data[:data.index(b"3100000003") + 4])
    result = cli("--db", db_path, "--now", "2026-03-01T09:00:00", "import", "customers", path, "--full")
    assert result.exit_code != 0
    assert result.stderr.strip() == ("error: cut.csv ends part-way through row 4: it seems cut short; ask for the file "
                                     "again.")
    assert customers(db_path) == []


@pytest.mark.parametrize("encoding, given", [("utf-16-be", None), ("utf-32", "utf-32")])
def test_a_short_last_row_before_a_line_break_is_a_reject_in_any_width_of_text(db_path, tmp_path, encoding, given):
    """The line break is looked for in the file's own encoding: a short last row before it is the row's problem."""
    text = "\r\n".join(",".join(row) for row in [HEADER, *ROWS[:2]]) + "\r\n3100000099,客户99\r\n"
    data = ("\ufeff" + text).encode(encoding) if encoding.endswith("be") else text.encode(encoding)
    summary = run_import(db_path, cut(tmp_path, data), encoding=given)
    assert (summary.inserted, summary.rejected) == (2, 1)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_copy_padded_with_zeros_after_the_break_is_cut_short(db_path, tmp_path, encoding):
    """A broken copy often keeps the file's size, zeros where the rest should be: not "binary", nor another
    encoding, whether it breaks inside a character or between rows."""
    data = whole(tmp_path, encoding).read_bytes()
    end = data.index("客户12".encode(encoding))
    refused(db_path, cut(tmp_path, data[:end + 1] + b"\x00" * 4096), 13)
    refused(db_path, cut(tmp_path, data[:data.index(b"3100000012")] + b"\x00" * 9), 13)
