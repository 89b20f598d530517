"""Benchmark: exporting N outcome rows (default 1,000,000) as CSV, JSONL and XLSX.

The baseline is the plain csv module writing the same joined rows from the same query, measured in
the same run; the workbench's export adds labels, masking, neutralisation, the BOM and progress.
Run: python bench/bench_export.py [--rows 1000000] [--skip-xlsx]
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from workbench.access import get_staff
from workbench.db import open_db
from workbench.sync.export import _QUERY, OutcomeFilter, export_outcomes

LINES = ["reached", "no_answer", "busy", "phone_off", "reached", "reached"]
BUSINESS = [None, "interested", "call_back", "not_interested", "appointment", "reactivated"]
# One entry in CORRECT_EVERY is a correction of the one before (`log --supersedes`), about the sample's share.
CORRECT_EVERY = 170
NOTES = ["", "客户表示下周到网点办理", "=1+1", "定期到期,建议续存", "-", "要求寄送理财产品说明"]


def build(path: Path, rows: int) -> None:
    db = open_db(path)
    conn = db.conn
    rng = random.Random(7)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO branches (branch_id, name) VALUES ('B1', '城东支行')")
    conn.executemany("INSERT INTO staff (staff_id, name, role, branch_id) VALUES (?, ?, ?, 'B1')",
                     [("S1", "主管", "supervisor")] + [(f"M{i}", f"经理{i}", "manager") for i in range(20)])
    customers = 20_000
    conn.executemany(
        "INSERT INTO customers (customer_id, name, phone_e164, phone_valid, manager_id, branch_id) VALUES (?, ?, ?, 1, ?, 'B1')",
        ((f"C{i:07d}", f"客户{i}", f"+86139{i:08d}", f"M{i % 20}") for i in range(customers)),
    )
    start = datetime(2026, 1, 1, 9)
    before: list[tuple] = []

    def outcome(i: int):
        if before and i % CORRECT_EVERY == 0:
            # A correction of the entry before: same customer and time, recorded later, naming the one it replaces.
            oid, cid, mid, _t, at, *_rest = before[0]
            before[0] = (str(uuid.UUID(int=rng.getrandbits(128))), cid, mid, "t1", at, rng.choice(LINES),
                         rng.choice(BUSINESS), rng.choice(NOTES), at[:-2] + "59", oid)
            return before[0]
        at = (start + timedelta(minutes=i // 3)).isoformat(timespec="seconds")
        c = rng.randrange(customers)
        before[:] = [(str(uuid.UUID(int=rng.getrandbits(128))), f"C{c:07d}", f"M{c % 20}", "t1", at,
                      rng.choice(LINES), rng.choice(BUSINESS), rng.choice(NOTES), at, None)]
        return before[0]

    conn.executemany(
        "INSERT INTO outcomes (outcome_id, customer_id, manager_id, terminal_id, at, line_result, business_outcome,"
        " note, recorded_at, supersedes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (outcome(i) for i in range(rows)),
    )
    conn.execute("COMMIT")
    db.close()


def baseline(conn, out: Path) -> int:
    """The plain csv module writing the same joined rows, no labels, masking or neutralisation."""
    n = 0
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        for row in conn.execute(_QUERY.format(where="1 = 1")):
            writer.writerow(row)
            n += 1
    return n


def baseline_xlsx(conn, out: Path) -> int:
    """xlsxwriter alone (constant_memory, write_string per cell) on the same rows: the writer's own cost."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    n = 0
    for n, row in enumerate(conn.execute(_QUERY.format(where="1 = 1")), start=1):
        for col, value in enumerate(row):
            if value is not None:
                sheet.write_string(n, col, value)
    workbook.close()
    return n


def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--skip-xlsx", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _, t_build = timed(lambda: build(folder / "bench.sqlite", args.rows))
        print(f"built {args.rows:,} outcome rows in {t_build:.1f} s")
        db = open_db(folder / "bench.sqlite")
        staff = get_staff(db.conn, "S1")
        now = datetime(2026, 12, 1, 18)
        n, t_base = timed(lambda: baseline(db.conn, folder / "base.csv"))
        print(f"baseline csv module: {n:,} rows in {t_base:.2f} s ({n / t_base:,.0f} rows/s)")
        if not args.skip_xlsx:
            n, t_xbase = timed(lambda: baseline_xlsx(db.conn, folder / "base.xlsx"))
            print(f"baseline xlsxwriter alone: {n:,} rows in {t_xbase:.2f} s ({n / t_xbase:,.0f} rows/s)")
        formats = ["csv", "jsonl"] + ([] if args.skip_xlsx else ["xlsx"])
        for fmt in formats:
            out = folder / f"out.{fmt}"
            result, t = timed(lambda: export_outcomes(db.conn, out, staff=staff, now=now, fmt=fmt,
                                                      flt=OutcomeFilter(), lang="zh_CN"))
            size = out.stat().st_size / 1e6
            print(f"workbench {fmt:5s}: {result.rows:,} rows in {t:.2f} s ({result.rows / t:,.0f} rows/s), "
                  f"{size:.0f} MB, {result.sheets} sheet(s), {t / t_base:.2f}x the csv baseline"
                  + (f", {t / t_xbase:.2f}x xlsxwriter alone" if fmt == "xlsx" else ""))
        db.close()
    import resource

    print(f"peak memory (max RSS of this process): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
