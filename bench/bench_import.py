"""Benchmark the customer import against raw sqlite3 executemany, measured in the same run.

    python bench/bench_import.py --rows 1000000

Writes a realistic N-row core-banking CSV (Chinese headers, mixed phone and date forms) and two smaller
workbooks (openpyxl's inline text; xlsxwriter's shared strings with real numbers and dates, as Excel
saves them), imports each into a fresh database in a child process (so peak memory is that process's
ru_maxrss; the reader process's is its child's), re-imports a 1%-changed copy, and reports rows/s,
seconds per phase, peak memory before and with the scoring (an import into an empty table scores the
staged rows and then inserts them: score_and_load; otherwise the rescore follows the load), and the
ratio to a raw executemany of ready-made tuples into the same customers table and into a plain table.
Each workbook's sheet is also read alone by the streaming reader and by python-calamine (which loads
a sheet whole), the baseline for the reading.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from workbench.sample import phones

HEADER = ["客户号", "姓名", "性别", "出生日期", "手机号", "客户经理号", "所属机构", "资产余额", "峰值资产", "开户日期",
          "最近交易日期", "近12个月交易次数", "风险等级", "是否拒绝营销", "标签"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"
MOBILE_PREFIXES = [prefix for prefix, _ in phones.MOBILE_PREFIXES]


def _phone(rng: random.Random, i: int) -> str:
    roll = rng.random()
    mobile = f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**8):08d}"   # ranges in service, as in real extracts
    if roll < 0.85:
        return mobile
    if roll < 0.93:
        return f"+86 {mobile[:3]} {mobile[3:7]} {mobile[7:]}"
    if roll < 0.97:
        return f"0{rng.choice(['21', '10', '755', '571'])}-{rng.randrange(2 * 10**7, 9 * 10**7)}"
    return rng.choice(["", "8555123", "12345", "无"])


def _date(rng: random.Random, start: date, days: int) -> str:
    d = start + timedelta(days=rng.randrange(days))
    form = rng.random()
    if form < 0.7:
        return d.isoformat()
    if form < 0.9:
        return f"{d.year}/{d.month}/{d.day}"
    return d.strftime("%Y%m%d")


def row(rng: random.Random, i: int) -> list:
    aum = rng.choice([rng.randrange(0, 50_000), rng.randrange(50_000, 500_000), rng.randrange(500_000, 6_000_000)])
    return [
        f"6{i:011d}", rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", rng.choice(GIVEN)]),
        rng.choice("男女"), _date(rng, date(1940, 1, 1), 25_000), _phone(rng, i),
        "" if rng.random() < 0.05 else f"M{rng.randrange(40):03d}", f"B{rng.randrange(3):02d}",
        f"{aum:,}.{rng.randrange(100):02d}", f"{aum * 2:,}", _date(rng, date(2000, 1, 1), 9000),
        _date(rng, date(2023, 1, 1), 1100), rng.randrange(60), rng.choice(["C1", "C2", "C3", "C4", "C5"]),
        "是" if rng.random() < 0.03 else "否", rng.choice(["", "理财", "基金,保险", "老年客户"]),
    ]


def write_csv(path: Path, rows: int, *, seed: int = 7, change_every: int = 0) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for i in range(rows):
            r = row(rng, i)
            if change_every and i % change_every == 0:
                r[7] = "1,000.00"
            out.writerow(r)


def write_xlsx(path: Path, rows: int) -> bool:
    try:
        from openpyxl import Workbook
    except ImportError:
        return False
    rng = random.Random(11)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for i in range(rows):
        sheet.append(row(rng, i))
    book.save(path)
    return True


def write_xlsx_typed(path: Path, rows: int) -> None:
    """The same rows as Excel saves them: shared strings, amounts and counts as numbers, dates as dates."""
    import xlsxwriter

    rng = random.Random(11)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("客户")
    dated = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADER)
    for r in range(1, rows + 1):
        for c, value in enumerate(row(rng, r - 1)):
            if c in (7, 8):
                sheet.write_number(r, c, float(value.replace(",", "")))
            elif c in (3, 9, 10) and "-" in value:
                sheet.write_datetime(r, c, datetime.fromisoformat(value), dated)
            elif isinstance(value, int):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, value)
    book.close()


def child_read_sheet(file: str, reader: str) -> dict:
    """Every row of the workbook's first sheet, read by the streaming reader or by calamine (each
    timed from after its import)."""
    if reader == "calamine":
        from python_calamine import CalamineWorkbook

        def rows():
            return CalamineWorkbook.from_path(file).get_sheet_by_index(0).iter_rows()
    else:
        from workbench.importing.xlsx import XlsxBook

        def rows():
            book = XlsxBook(file)
            return book.rows(book.sheet_names[0])
    start = time.perf_counter()
    count = sum(1 for _ in rows())
    return {"seconds": time.perf_counter() - start, "rows": count, "maxrss_mb": _maxrss_mb(resource.RUSAGE_SELF)}


def child_import(db_path: str, file: str, workers: str = "auto") -> dict:
    from workbench.db import open_db
    from workbench.importing import ImportOptions, import_customers, run

    before_rescore = {}

    def measured(step):
        def first_measured(*args, **kwargs):
            # Peak memory of the import itself, before the scoring (measured apart) loads and adds its own.
            before_rescore.setdefault("maxrss_mb", _maxrss_mb(resource.RUSAGE_SELF))
            return step(*args, **kwargs)
        return first_measured

    run._after_import = measured(run._after_import)
    run.score_and_load = measured(run.score_and_load)   # a fresh import scores before it inserts
    db = open_db(db_path)
    options = ImportOptions(workers=None if workers == "auto" else int(workers))
    start = time.perf_counter()
    summary = import_customers(db.conn, file, options=options, now=datetime(2026, 3, 1, 9, 0))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": summary.rows_read, "inserted": summary.inserted, "updated": summary.updated,
            "unchanged": summary.unchanged, "rejected": summary.rejected, "phases": summary.seconds,
            "maxrss_mb": _maxrss_mb(resource.RUSAGE_SELF),
            "import_maxrss_mb": before_rescore.get("maxrss_mb", _maxrss_mb(resource.RUSAGE_SELF)),
            "reader_maxrss_mb": _maxrss_mb(resource.RUSAGE_CHILDREN)}


def _maxrss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def child_baseline(db_path: str, rows: int, table: str) -> dict:
    """Raw executemany of ready-made tuples in one transaction: the floor for the database part."""
    import sqlite3

    from workbench.db import open_db

    open_db(db_path).close()
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    cols = ("customer_id, name, gender, birthday, phone_raw, phone_e164, phone_valid, phone_kind, phone_problem, "
            "branch_id, aum_fen, aum_peak_fen, opened_on, last_activity_on, activity_count_12m, risk_level, "
            "do_not_call, tags, manager_id, last_import_id, updated_at")
    if table == "plain":
        conn.execute(f"CREATE TABLE plain ({cols})")
    data = [(f"6{i:011d}", "王伟", "M", "1980-03-01", "13812345678", "+8613812345678", 1, "mobile", None, "B00",
             123456, 246912, "2010-01-01", "2025-03-01", 5, "C3", 0, "", f"M{i % 40:03d}", 1, "2026-03-01T09:00:00")
            for i in range(rows)]
    sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * 21)})"
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO branches (branch_id, name) VALUES ('B00', 'x')")
    for i in range(0, rows, 5000):
        conn.executemany(sql, data[i:i + 5000])
    conn.execute("COMMIT")
    return {"seconds": time.perf_counter() - start, "rows": rows}


def _child(*args: str) -> dict:
    """The result of running this script with --child ARGS in a new process. (On Linux a process's peak
    memory counts its parent's size when it was started, so the parent stays small.)"""
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, env=env)
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--xlsx-rows", type=int, default=None, help="default: rows/10, at most 100,000")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "import":
            result = child_import(*rest)
        elif kind == "read_sheet":
            result = child_read_sheet(*rest)
        elif kind == "write_xlsx":   # in a child: a child's peak memory starts at its parent's size
            writer = write_xlsx_typed if rest[0] == "typed" else write_xlsx
            result = {"written": writer(Path(rest[1]), int(rest[2])) is not False}
        else:
            result = child_baseline(rest[0], int(rest[1]), rest[2])
        print(json.dumps(result))
        return
    xlsx_rows = args.xlsx_rows or min(args.rows // 10 or 1, 100_000)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        csv_path, changed, xlsx_path = work / "extract.csv", work / "extract2.csv", work / "extract.xlsx"
        typed_path = work / "excel.xlsx"
        write_csv(csv_path, args.rows)
        write_csv(changed, args.rows, change_every=100)
        has_xlsx = _child("write_xlsx", "openpyxl", str(xlsx_path), str(xlsx_rows))["written"]
        _child("write_xlsx", "typed", str(typed_path), str(xlsx_rows))
        mb = csv_path.stat().st_size / 1e6
        print(f"CSV: {args.rows:,} rows, {mb:.0f} MB; xlsx: {xlsx_rows:,} rows; {os.cpu_count()} cores")
        base = _child("baseline", str(work / "base.sqlite"), str(args.rows), "customers")
        plain = _child("baseline", str(work / "plain.sqlite"), str(args.rows), "plain")
        report = [("raw executemany -> customers", base), ("raw executemany -> plain table", plain)]
        report.append(("import CSV (fresh database)", _child("import", str(work / "db.sqlite"), str(csv_path))))
        report.append(("re-import, 1% changed", _child("import", str(work / "db.sqlite"), str(changed))))
        report.append(("import CSV, no reader process", _child("import", str(work / "db0.sqlite"), str(csv_path), "0")))
        if has_xlsx:
            report.append(("import xlsx (fresh database)", _child("import", str(work / "x.sqlite"), str(xlsx_path))))
            report.append(("import xlsx, no reader process",
                           _child("import", str(work / "x0.sqlite"), str(xlsx_path), "0")))
        report.append(("import Excel-saved xlsx", _child("import", str(work / "t.sqlite"), str(typed_path))))
        for label, result in report:
            print(_line(label, result, base, plain))
        for label, path in (("openpyxl's xlsx", xlsx_path), ("Excel-saved xlsx", typed_path)):
            if path.exists():
                streamed, loaded = _child("read_sheet", str(path), "stream"), _child("read_sheet", str(path), "calamine")
                print(f"read {label}: streaming {streamed['seconds']:.2f} s, peak {streamed['maxrss_mb']:.0f} MB; "
                      f"calamine {loaded['seconds']:.2f} s, peak {loaded['maxrss_mb']:.0f} MB; "
                      f"{streamed['seconds'] / loaded['seconds']:.2f}x the time, "
                      f"{streamed['maxrss_mb'] / loaded['maxrss_mb']:.2f}x the memory")


def _line(label: str, result: dict, base: dict, plain: dict) -> str:
    rate = result["rows"] / result["seconds"]
    line = f"{label:32s} {result['seconds']:7.2f} s {rate:>10,.0f} rows/s"
    if "phases" not in result:
        return line
    phases = result["phases"]
    if result["rows"] == base["rows"]:
        line += f"  {result['seconds'] / base['seconds']:.2f}x customers baseline"
    if "rescore" in phases:   # the rescore followed the load
        without = result["seconds"] - phases["rescore"]
        line += f"\n    without rescore {without:6.2f} s {result['rows'] / without:>10,.0f} rows/s"
        if result["rows"] == base["rows"]:
            line += f"  {without / base['seconds']:.2f}x customers baseline, {without / plain['seconds']:.2f}x plain"
    line += ("\n    phases: " + ", ".join(f"{k} {v:.2f}" for k, v in phases.items()) +
             f"\n    peak RSS: import {result['import_maxrss_mb']:.0f} MB, with scoring {result['maxrss_mb']:.0f} MB,"
             f" reader process {result['reader_maxrss_mb']:.0f} MB"
             f"\n    [ins {result['inserted']:,} upd {result['updated']:,} same {result['unchanged']:,}"
             f" rej {result['rejected']:,}]")
    return line


if __name__ == "__main__":
    main()
