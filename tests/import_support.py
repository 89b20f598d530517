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


def run_import(db_path: Path, file: Path, now: datetime = NOW, **options):
    db = open_db(db_path)
    try:
        return import_customers(db.conn, file, options=ImportOptions(**options), now=now)
    finally:
        db.close()


def customers(db_path: Path, columns: str = "customer_id, name") -> list[tuple]:
    db = open_db(db_path)
    try:
        return db.conn.execute(f"SELECT {columns} FROM customers ORDER BY customer_id").fetchall()
    finally:
        db.close()
