"""Benchmark `workbench sample`: seconds per million customers next to a raw sqlite3 baseline.

The baseline, measured in the same run, inserts the same number of customer-shaped rows (one
constant row, no generation) into a bare table with executemany in one transaction: the floor for
writing that many rows. Run: python bench/bench_sample.py [--customers N] [--workers W]
"""

from __future__ import annotations

import argparse
import random
import resource
import sqlite3
import tempfile
import time
from datetime import date
from pathlib import Path

from workbench.sample import generate_sample
from workbench.sample.batch import iso_days
from workbench.sample.customers import COLUMNS, CustomerFactory


def baseline(path: Path, n: int) -> float:
    # One row the generator makes, so the baseline's row has the table's columns whatever they become.
    today = date(2026, 11, 20).toordinal()
    row = CustomerFactory(random.Random(7), today, iso_days(today)).make()[0]
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"CREATE TABLE customers ({', '.join(COLUMNS)})")
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(f"INSERT INTO customers VALUES ({', '.join('?' * len(COLUMNS))})", (row for _ in range(n)))
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = baseline(Path(tmp) / "baseline.sqlite", args.customers)
        cpu0 = time.process_time()
        start = time.perf_counter()
        summary = generate_sample(Path(tmp) / "sample.sqlite", customers=args.customers, workers=args.workers)
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu0
        size = (Path(tmp) / "sample.sqlite").stat().st_size
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"customers            {summary.customers:,} ({summary.holdings:,} holdings, {summary.outcomes:,} outcomes)")
    print(f"workbench sample     {elapsed:.1f} s  ({summary.customers / elapsed:,.0f} customers/s)")
    print(f"raw sqlite3 baseline {base:.1f} s  ({args.customers / base:,.0f} rows/s)")
    print(f"ratio                {elapsed / base:.1f}x the baseline")
    print(f"cpu                  {cpu:.1f} s in this process, {children.ru_utime + children.ru_stime:.1f} s in workers")
    print(f"peak memory          {own:.0f} MB this process, {children.ru_maxrss / 1024:.0f} MB largest worker")
    print(f"file                 {size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
