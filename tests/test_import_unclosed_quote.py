"""A stray opening quote (a cell beginning "VIP客户 with no closing quote) takes the rows after it into one cell: the
reader marks that cell with the rows it took in, for its row's reject to name them and for --full not to count their
customers as gone from the file."""

import pickle

import pytest

from tests.import_support import customers, run_import, write_csv
from workbench.errors import WorkbenchError
from workbench.importing.blocks import UnclosedQuote, read_blocks
from workbench.importing.sources import open_source

HEADER = ["客户号", "客户姓名", "手机号", "资产余额", "地址", "标签"]
ROWS = [[f"31000004{i:02}", f"客户{i}", f"138001380{i:02}", f"{1000 + i}.50", "上海市", "老年客户"] for i in range(1, 9)]


def stray_quote(tmp_path, encoding="utf-8"):
    """Row 3 (the second customer) opens a quote in 标签 never closed; row 6's quoted 标签 closes it. Row 8's address
    is quoted over two lines, as Excel writes a line break in a cell."""
    lines = [",".join(HEADER)] + [",".join(row) for row in ROWS]
    lines[2] = lines[2].replace(",老年客户", ',"VIP客户')
    lines[5] = lines[5].replace(",老年客户", ',"老年客户,信用卡"')
    lines[7] = lines[7].replace(",上海市,", ',"上海市\r\n黄浦区",')
    path = tmp_path / "quote.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def marked_rows(path):
    """(row, reason) of each marked cell, read in blocks when the text allows, else row by row."""
    source = open_source(path, encoding=None, delimiter=None, overrides={})
    try:
        if source.in_blocks:
            rows = [(number, cells) for block in read_blocks(
                source.path, source.encoding, source.delimiter, source.header_lines, len(source.mapping.header),
                header_row=source.header_row) for number, cells in zip(block.numbers, block.rows or [])]
        else:
            rows = list(source.rows)
    finally:
        source.close()
    return [(number, cell.reason) for number, cells in rows for cell in cells if isinstance(cell, UnclosedQuote)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])   # in blocks, and row by row
def test_the_cell_an_unclosed_quote_opens_names_the_rows_it_takes_in(tmp_path, encoding):
    assert marked_rows(stray_quote(tmp_path, encoding)) == [
        (3, "an unclosed quote in row 3 takes in the rows after it (4 to 6)")]


def test_a_line_break_in_a_quoted_address_takes_in_no_row(tmp_path):
    path = write_csv(tmp_path / "x.csv", [HEADER, [*ROWS[0][:4], "上海市\n黄浦区\n南京东路1号", "理财"], ROWS[1]])
    assert marked_rows(path) == []


def test_the_mark_survives_the_reader_process(tmp_path):
    """Rejects come from the reader process pickled, cells and all."""
    cell = UnclosedQuote("VIP客户\n3100000494,孙德明")
    cell.reason = "an unclosed quote in row 3 takes in the row after it (4)"
    again = pickle.loads(pickle.dumps(cell, protocol=pickle.HIGHEST_PROTOCOL))
    assert isinstance(again, UnclosedQuote) and again == cell and again.reason == cell.reason


def test_the_reject_names_the_rows_and_full_is_refused(db_path, tmp_path):
    path = stray_quote(tmp_path)
    summary = run_import(db_path, path)
    assert "3,an unclosed quote in row 3 takes in the rows after it (4 to 6)," in \
        summary.reject_file.read_text(encoding="utf-8-sig")
    with pytest.raises(WorkbenchError, match="an unclosed quote in row 3 takes in the rows after it"):
        run_import(db_path, path, full=True)
    assert len(customers(db_path)) == 4
