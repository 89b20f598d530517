"""The block reader and the block converter give exactly what the row reader and row converter give.

Large text extracts are split by polars in blocks and converted a column at a time; the row path
(csv module, one row at a time) stays the reference. These properties compare the two on random
text with quotes, line breaks in cells, ragged rows, blank lines and CRLF, and on random cells.
"""

from __future__ import annotations

import csv
import io
import os
from datetime import date, timedelta
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_fuzz_import import cell_text
from workbench.importing.blocks import can_read_in_blocks, read_blocks
from workbench.importing.headers import map_columns
from workbench.importing.columns import PY_WHITESPACE, schema
from workbench.importing.rows import build_converter, convert_rows

SETTINGS = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 60)), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])

# Cells that stress the splitting: delimiters, quotes and line breaks inside, spaces around.
split_cell = st.one_of(
    st.text(st.sampled_from('ab张三1 ,;"\t\n\r'), max_size=6),
    st.sampled_from(["", " ", '"', '""', "a,b", 'x"y', "line\nbreak", "crlf\r\nin", "王五"]),
)


def reference(text: str, delimiter: str) -> tuple[int, list[tuple[int, list[str]]]]:
    """The header's last line, and (row number, cells) for each record after it, as csv.reader reads them: rows
    counted as a spreadsheet counts them, a record a row however many lines its cells span."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(reader, None)
    header_lines = reader.line_num
    return header_lines, list(enumerate(reader, 2))


def from_blocks(path: Path, delimiter: str, header_lines: int, width: int, block_bytes: int) -> list:
    out = []
    for block in read_blocks(path, "utf-8", delimiter, header_lines, width, block_bytes=block_bytes, header_row=1):
        rows = [list(r) for r in block.frame.rows()] if block.frame is not None else block.rows
        out += list(zip(block.numbers, rows))
    return out


@SETTINGS
@given(
    rows=st.lists(st.lists(split_cell, min_size=1, max_size=5), min_size=1, max_size=30),
    width=st.integers(1, 5),
    delimiter=st.sampled_from([",", "\t", ";"]),
    crlf=st.booleans(),
    block_bytes=st.sampled_from([8, 64, 1024, 1 << 20]),
    data=st.data(),
)
def test_blocks_split_records_as_the_csv_module_does(tmp_path, rows, width, delimiter, crlf, block_bytes, data):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n").writerows(
        [[f"h{i}" for i in range(width)], *rows])
    text = buffer.getvalue()
    edit = data.draw(st.sampled_from(["", "\n", '"', 'x"', "\n\n", "\r", "\r\r\n"]))   # a hand-edited file
    if "\r" not in edit:
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + edit + text[at:]
    if not can_read_in_blocks("utf-8", text):
        return   # such a file goes to the row reader whole
    if "\r" in edit:   # a lone carriage return after the header: csv ends a line there, and so must the blocks
        at = data.draw(st.integers(text.index("\n") + 1, len(text)))
        text = text[:at] + edit + text[at:]
    path = tmp_path / "x.csv"
    path.write_bytes(text.encode())
    try:
        header_lines, expected = reference(text, delimiter)
    except csv.Error:
        return   # the row reader refuses it too (tested in test_import_bad_files)
    assert from_blocks(path, delimiter, header_lines, width, block_bytes) == expected


def test_files_whose_lines_end_in_a_lone_carriage_return_are_read_row_by_row():
    assert can_read_in_blocks("utf-8", "a,b\r\nc,d\r\n") and can_read_in_blocks("gb18030", "a,b\nc,d\n")
    assert not can_read_in_blocks("utf-8", "a,b\rc,d\r") and not can_read_in_blocks("utf-16", "a,b\n")


def test_plain_blocks_go_to_polars_and_odd_ones_to_the_csv_module(tmp_path):
    path = tmp_path / "x.csv"
    plain = "".join(f"C{i},客户{i},\"1,000.00\"\n" for i in range(500))
    path.write_text("id,name,aum\n" + plain + 'C9,"two\nlines",1\n' + plain, encoding="utf-8")
    blocks = list(read_blocks(path, "utf-8", ",", 1, 3, block_bytes=4096))
    assert any(b.frame is not None for b in blocks) and any(b.rows is not None for b in blocks)
    numbers = [n for b in blocks for n in b.numbers]
    assert numbers[:2] == [2, 3] and numbers[500] == 502 and numbers[501] == 503 and len(numbers) == 1001


ALL_FIELDS = ["客户号", "姓名", "性别", "出生日期", "手机号", "联系电话", "客户经理", "客户经理姓名", "所属机构", "机构名称",
              "资产余额(万元)", "峰值资产", "开户日期", "首次交易日期", "最近交易日期", "最近登录日期", "近12个月交易次数",
              "风险等级", "是否拒绝营销", "是否同意营销", "标签", "身份证号"]
person_cell = st.one_of(cell_text, st.sampled_from(
    ["110101199003071234", "11010119900307123X",
     # ID numbers born on TODAY's day of grace, and on days no birthday can be: later, before 1900, 1900-01-01
     "110101202603021234", "110101202603031234", "11010120300507123X", "110101189912311234", "110101190001011234",
     "张伟(M001)", "李娜（M002）", "M003 王芳", "M004", "赵六", " C1 ",
     # codes beside names, and names that only look so
     "M002-李娜", "李娜/M002", "上海分行营业部（310001）", "310001上海分行营业部", "浦东支行（自贸区）", "1号支行", "SH-001 浦东支行",
     # dates and phones near the shapes polars converts itself
     "2025-3-1", " 2025/03/01 ", "19991231", "+2025-03-01", "2101-01-01", "1900-01-01", "２０２５-03-01",
     "2025-03-01 10:00", "0001-01-01", "2025-03/01", "20250230", "13812345678", " 13812345678", "138 1234 5678",
     "+8613812345678", "+86 139 1234 5678", "+86-13812345678", "+86 128 1234 5678", "+86 138 1234 56789",
     "+86 138 1234 5678\x1f", "12812345678", "1381234567８", "0086 138-1234-5678", "86 13812345678", "８６13812345678",
     "（138）1234.5678", "\u3000+86 138 1234 5678\x1c", "+86 138 1234 567", "138 1234 5678/010-62345678", "010-12345678转123", "021-62345678-8001", "17912345678", "", "1,000", "1,000.5", "0012.30", "１２.00",
     # thousands separators, in their places and out of them
     "12,34", "1,2345", "1,234,567.89", "12,345.00", ",123", "1,23.00", "1 234"]))
# The import's day for the converters here (tests.import_support.NOW's), and dates about it: the days
# around it (its day of grace, then dates that cannot be facts yet) in shapes polars converts and others,
# later dates and the "no end date" placeholders.
TODAY = date(2026, 3, 1)
DATE_SHAPES = [date.isoformat, lambda d: f"{d.year}/{d.month}/{d.day}", lambda d: d.strftime("%Y%m%d"),
               lambda d: f"{d.year}年{d.month}月{d.day}日", lambda d: f" {d} 08:00",
               lambda d: str((d - date(1899, 12, 30)).days)]   # as an Excel day number
date_cell = st.one_of(
    st.builds(lambda day, shape: shape(day), st.dates(TODAY - timedelta(days=2), TODAY + timedelta(days=3)),
              st.sampled_from(DATE_SHAPES)),
    st.sampled_from(["2030-05-01", "2099-12-31", "2999-12-31", "29991231", "2999/12/31", "3000-01-01", "30000101"]))


# Every field, with the manager as one cell ('张伟(M001)'); a few, with the manager's number and the
# person read from the ID number alone; and a few with the branch's code and name in one cell.
HEADERS = [ALL_FIELDS, ["客户号", "姓名", "身份证号", "客户经理号", "手机号", "资产余额", "最近交易日期"],
           ["客户号", "姓名", "客户经理", "所属机构", "手机号"]]   # the branch's name, if any, in its own cell


def block_equals_rows(converter, rows: list[list[str]], width: int) -> None:
    """The block converter's (converted, rejected) say for every row what convert_rows says."""
    frame = pl.DataFrame({f"c{i}": [r[i] for r in rows] for i in range(width)},
                         schema={f"c{i}": pl.String for i in range(width)})
    numbers = list(range(10, 10 + len(rows)))
    expected = convert_rows(converter.row, rows)
    converted, rejected = converter.block(frame, numbers)
    assert converted.schema == schema(converter.columns)
    assert rejected == {i: r for i, r in enumerate(expected) if r.__class__ is not tuple}
    assert converted.rows() == [(n, *r) for n, r in zip(numbers, expected) if r.__class__ is tuple]
    kinds = [int if t == pl.Int64 else str for t in list(schema(converter.columns).values())[1:]]
    for values in (r for r in expected if r.__class__ is tuple):   # the row path gives what the schema says
        assert all(x is None or x.__class__ is k for x, k in zip(values, kinds)), values


# Spaces Python strips and Rust keeps (\x1c-\x1f), ideographic spaces, NULs and line breaks around ids and names.
edge_cell = st.one_of(person_cell, date_cell,
                      st.builds(lambda a, b, c: a + b + c, st.sampled_from(["", " ", "\x1c", "\x1f", "\u3000"]),
                                st.sampled_from(["C1", "张三", "", "a\x00b", "x\ny", "r\rs"]),
                                st.sampled_from(["", "\x1e", "\u3000", "\t"])))


@SETTINGS
@given(headers=st.sampled_from(HEADERS), data=st.data())
def test_block_conversion_equals_row_conversion(headers, data):
    width = len(headers)
    rows = data.draw(st.lists(st.lists(edge_cell, min_size=width, max_size=width), min_size=1, max_size=25))
    empty = data.draw(st.sets(st.integers(0, width - 1), max_size=3))   # columns empty in this whole block
    rows = [["" if i in empty else c for i, c in enumerate(r)] for r in rows]
    mapping = map_columns(headers, {})
    assert len(mapping.columns) == width, mapping.columns   # every column is mapped, so every parser runs
    converter = build_converter(mapping, {"赵六": "M006"}, TODAY)
    block_equals_rows(converter, rows, width)
    block_equals_rows(converter, rows, width)   # again: answers remembered from the first block agree


@SETTINGS
@given(dates=st.lists(st.lists(st.one_of(date_cell, st.sampled_from(["", "2025-03-01"])), min_size=3, max_size=3),
                      min_size=1, max_size=25))
def test_block_conversion_equals_row_conversion_on_dates_about_today(dates):
    """Dates around TODAY and placeholders in the date columns of otherwise valid rows, whose dates alone
    decide whether they are taken."""
    headers = ["客户号", "姓名", "出生日期", "开户日期", "最近登录日期"]
    converter = build_converter(map_columns(headers, {}), {}, TODAY)
    rows = [[f"C{i}", "张三", *cells] for i, cells in enumerate(dates)]
    block_equals_rows(converter, rows, len(headers))
    block_equals_rows(converter, rows, len(headers))   # again: answers remembered from the first block agree


def test_a_block_of_empty_optional_cells_keeps_the_column_types():
    """All-null columns stay text or whole numbers (Arrow ingest refuses a column of type Null)."""
    headers = ALL_FIELDS
    rows = [["C1", "张三"] + [""] * (len(headers) - 2), ["C2", "李四"] + [""] * (len(headers) - 2)]
    converter = build_converter(map_columns(headers, {}), {}, TODAY)
    block_equals_rows(converter, rows, len(headers))
    converted, _ = converter.block(pl.DataFrame({f"c{i}": [r[i] for r in rows] for i in range(len(headers))}), [2, 3])
    assert pl.Null not in converted.schema.dtypes() and converted.height == 2


def test_python_whitespace_is_what_str_strip_removes():
    assert set(PY_WHITESPACE) == {chr(i) for i in range(0x110000) if chr(i).isspace()}


def test_amounts_with_misplaced_separators_are_rejected_by_the_block_way_too():
    headers = ["客户号", "姓名", "资产余额", "峰值资产", "近12个月交易次数"]
    cells = ["12,34", "1,234,567.89", "1,2345", "12,345.00", ",123", "1,000", "1,23.00", "1 234"]
    good = {1, 3, 5, 7}
    rows = [[f"C{i}", "张三", cell, "1,000.00", "12"] for i, cell in enumerate(cells)]   # the balance varies
    rows += [[f"P{i}", "李四", "1,000.00", cell, "12"] for i, cell in enumerate(cells)]  # then the peak
    rows += [[f"N{i}", "王五", "1,000.00", "1,000.00", cell] for i, cell in enumerate(["1,234", "12,34"])]
    converter = build_converter(map_columns(headers, {}), {}, TODAY)
    block_equals_rows(converter, rows, len(headers))
    _, rejected = converter.block(pl.DataFrame({f"c{i}": [r[i] for r in rows] for i in range(len(headers))}),
                                  list(range(len(rows))))
    assert sorted(rejected) == [i for i in range(16) if i % 8 not in good] + [17]


def test_two_phone_columns_agree_the_block_way_and_the_row_way():
    """Every pair of cells (callable, broken, empty, blank) in 手机号 and 联系电话: the same choice both ways."""
    cells = ["13812345678", "010-12345678转8", "12345", "+86 128 1234 5678", "", " ", "17912345678", "021 6234 5678"]
    rows = [[f"C{i}-{j}", "张三", a, b] for i, a in enumerate(cells) for j, b in enumerate(cells)]
    converter = build_converter(map_columns(["客户号", "姓名", "手机号", "联系电话"], {}), {}, TODAY)
    block_equals_rows(converter, rows, 4)


def test_codes_beside_names_split_alike_both_ways():
    """Manager and branch cells holding a code and a name, or a name that only looks so."""
    cells = ["王伟(M001)", "M002-李娜", "李娜/M002", "上海分行营业部（310001）", "310001上海分行营业部", "310002",
             "浦东支行（自贸区）", "1号支行", "SH-001 浦东支行", "张伟（离职）", "", "赵六"]
    rows = [[f"C{i}", "张三", manager, branch, "13812345678"]
            for i, (manager, branch) in enumerate(zip(cells, reversed(cells)))]
    converter = build_converter(map_columns(HEADERS[2], {}), {"赵六": "M006"}, TODAY)
    block_equals_rows(converter, rows, len(HEADERS[2]))
    converted, _ = converter.block(pl.DataFrame({f"c{i}": [r[i] for r in rows] for i in range(5)}), list(range(12)))
    assert converted.filter(pl.col("branch_id") == "310001")["branch_name"].to_list() == ["上海分行营业部"] * 2
