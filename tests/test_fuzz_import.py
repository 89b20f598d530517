"""Fuzzing the customer importer: random bytes, random CSV text and random typed cells either import
or raise WorkbenchError (never another exception), and the database stays sound either way."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile import count, rows_to_csv, write_typed_xlsx
from tests.import_support import NOW
from workbench.db import open_db
from workbench.errors import WorkbenchError
from workbench.importing import ImportOptions, import_customers
from workbench.importing.headers import SYNONYMS

# The normal run is a few seconds and the same each time; FUZZ_EXAMPLES=5000 searches harder, at random.
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 50)), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

text_chars = st.characters(blacklist_categories=("Cs",))
# Cells a value parser may meet: dates, amounts, flags and codes in many spellings, and anything else.
cell_text = st.one_of(
    st.text(text_chars, max_size=12),
    st.sampled_from(["", "-", "0", "无", "是", "否", "Y", "N", "男", "女", "F", "M", "1", "00000000", "#N/A",
                     "2025-02-30", "2025/13/01", "20250229", "1899-12-31", "9999-99-99", "45000", "99999999",
                     "1e308", "-1e308", "NaN", "inf", "1,234.56", "１２３", "￥1,000.00", "12.345.678",
                     "-0.004", "2025年3月1日", "13800138000", "+86 138 0013 8000", "010-12345678", "C1", "M001"]),
    st.integers(-10**20, 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
# Header names the importer knows, plus a few it does not.
header_names = st.sampled_from(sorted({n for names in SYNONYMS.values() for n in names} | {"备注", "x", ""}))


def fresh_db(folder: str) -> sqlite3.Connection:
    return open_db(Path(folder) / "fuzz.sqlite").conn


def import_or_refuse(conn: sqlite3.Connection, path: Path) -> None:
    """The property: an import or one WorkbenchError, and the database sound and not left mid-transaction."""
    before = count(conn, "customers")
    try:
        summary = import_customers(conn, path, options=ImportOptions(batch_size=7), now=NOW)
    except WorkbenchError as exc:
        assert str(exc) and "\n" not in str(exc)
        assert count(conn, "customers") == before and count(conn, "import_log") == 0
    else:
        assert count(conn, "customers") == before + summary.inserted
        assert summary.inserted + summary.rejected + summary.blank_rows <= summary.rows_read + summary.blank_rows
    assert not conn.in_transaction
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@FUZZ
@given(content=st.binary(max_size=4096), suffix=st.sampled_from([".csv", ".tsv", ".txt", ".xlsx"]))
def test_random_bytes(content, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"extract{suffix}"
        path.write_bytes(content)
        import_or_refuse(fresh_db(folder), path)


@FUZZ
@given(text=st.text(st.sampled_from('客户号姓名手机号,;|\t"\r\n \x00ab1-=\ufeff'), max_size=400),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_random_csv_like_text(text, encoding):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "extract.csv"
        path.write_bytes(text.encode(encoding))
        import_or_refuse(fresh_db(folder), path)


@FUZZ
@given(extra=st.lists(header_names, max_size=8),
       rows=st.lists(st.lists(cell_text, min_size=0, max_size=11), max_size=15),
       encoding=st.sampled_from(["utf-8", "gb18030"]))
def test_random_cells_under_a_real_header(extra, rows, encoding):
    header = ["客户号", "姓名", *extra]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "extract.csv"
        path.write_bytes(rows_to_csv([header, *rows]).decode("utf-8").encode(encoding))
        import_or_refuse(fresh_db(folder), path)


excel_cells = st.one_of(
    cell_text, st.none(), st.booleans(), st.integers(-10**15, 10**15),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2099, 12, 31)),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2099, 12, 31)),
    st.times(), st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=9000)),
)


@settings(FUZZ, max_examples=max(10, FUZZ.max_examples // 3))
@given(extra=st.lists(header_names, max_size=6), rows=st.lists(st.lists(excel_cells, max_size=8), max_size=8))
def test_random_typed_cells_in_a_workbook(extra, rows):
    with tempfile.TemporaryDirectory() as folder:
        path = write_typed_xlsx(Path(folder) / "extract.xlsx", [["客户号", "姓名", *extra], *rows])
        import_or_refuse(fresh_db(folder), path)

