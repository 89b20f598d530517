"""Real extract files for the import tests, written to disk the way head office's tools write them."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

from workbench.db import open_db
from workbench.importing import ImportOptions, import_customers

NOW = datetime(2026, 3, 1, 9, 0, 0)
HEADER_CN = ["客户号", "姓名", "性别", "出生日期", "手机号", "客户经理号", "所属机构", "资产余额", "最近交易日期"]


def write_csv(path: Path, rows: list[list], *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_workbook(path: Path, sheets: dict[str, list[list]], customise=None) -> Path:
    """A workbook with a sheet per entry (title: rows) as openpyxl writes it; customise(title, sheet),
    if given, is called on each sheet before saving (to hide rows, set a filter ...)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if customise is not None:
            customise(title, sheet)
    book.save(path)
    return path


def run_import(db_path: Path, file: Path, now: datetime = NOW, **options):
    db = open_db(db_path)
    try:
        return import_customers(db.conn, file, options=ImportOptions(**options), now=now)
    finally:
        db.close()


def imports_logged(db_path: Path) -> int:
    """How many imports the database has recorded."""
    db = open_db(db_path)
    try:
        return db.conn.execute("SELECT count(*) FROM import_log").fetchone()[0]
    finally:
        db.close()


def customers(db_path: Path, columns: str = "customer_id, name") -> list[tuple]:
    db = open_db(db_path)
    try:
        return db.conn.execute(f"SELECT {columns} FROM customers ORDER BY customer_id").fetchall()
    finally:
        db.close()


# The ways a file's cells are converted: polars a column at a time, or the row converter (see write_way).
WAYS = ["blocks", "csv module", "workbook"]


def write_way(tmp_path: Path, rows: list[list], way: str) -> Path:
    """rows as a file read the given way: a plain CSV goes to polars in blocks; a CSV with a line break in
    a cell goes to the csv module and the row converter, and so does a workbook with a number cell."""
    tags, count = ("多\n行" if way == "csv module" else "理财"), (1 if way == "workbook" else "1")
    rows = [[*rows[0], "标签", "近12个月交易次数"], *[[*row, tags, count] for row in rows[1:]]]
    if way == "workbook":
        return write_xlsx(tmp_path / "x.xlsx", rows)
    return write_csv(tmp_path / "x.csv", rows)


def refresh_contact(db_path: Path, *customer_ids: str) -> None:
    """As a bundle of another terminal's entries would: the rules folded again over these customers' logs."""
    from workbench.rules import refresh_contact_state

    with open_db(db_path) as db:
        with db.conn:
            refresh_contact_state(db.conn, list(customer_ids))


def stored_blocks(db_path: Path) -> dict[str, tuple]:
    """Each customer's stored contact block: customer id -> (blocked_until, block_reason)."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(db_path)) as conn:
        return {row[0]: row[1:] for row in conn.execute(
            "SELECT customer_id, blocked_until, block_reason FROM contact_state ORDER BY 1")}


def blocks_folded_afresh(db_path: Path, folder: Path) -> dict[str, tuple]:
    """Each customer's block as the rules work it out from the log now, as stored_blocks gives it (on a copy in
    folder, its write-ahead log included)."""
    import sqlite3
    from contextlib import closing

    from workbench.rules import refresh_contact_state

    copy = folder / "afresh.sqlite"
    with closing(sqlite3.connect(db_path)) as conn, closing(sqlite3.connect(copy, isolation_level=None)) as target:
        conn.backup(target)
        refresh_contact_state(target, None)
    return stored_blocks(copy)
