"""Benchmark: the unassigned pool's page as the pool screen and `workbench pool list` show it, warm leads first.

    python bench/bench_pool.py [--customers N] [--runs R]

The branch is the realistic sample (`workbench sample --customers N`), copied and then pooled: every
customer but one in eleven loses their manager (182,000 of 200,000), as after a hand-over of most of a
branch. Timed: `pool.leads_first` (the pool's warm leads, then the page in the pool's order), as a screen's
first page reads it, and as the pool screen turns a page (the warm leads it worked out once passed in).
Baseline, in the same run on the same data: `pool.pool_page` alone, the indexed page without the warm leads.

Then what the pool's partial index (`customers_pool`, migration 103) saves: the page, a page 100,000 rows
down (half way, in a smaller pool) and `pool.pool_size`'s count, each against the same call with the index
dropped and not named (the planner's own choice, as before migration 103); and building the index, against
building a plain index of customers.manager_id. Each is the median of R runs.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

from bench_report import sample_db, timed
from workbench import pool
from workbench.db import open_db
from workbench.db.migrations import m0103_pool_index
from workbench.pool import leads_first, pool_leads, pool_page, pool_size
from workbench.sample import DEFAULT_TODAY


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=200_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    path = Path(tempfile.mkdtemp(prefix="bench-pool-")) / f"pool-{args.customers}.sqlite"   # this run's own copy
    shutil.copyfile(sample_db(args.customers), path)   # bench_report's branch, built once
    with closing(sqlite3.connect(path)) as c, c:   # closed, or its -wal (80 MB) outlives the copy
        c.execute("UPDATE customers SET manager_id = NULL WHERE rowid % 11 != 0")
    conn = open_db(path).conn
    outcomes = conn.execute("SELECT count(*) FROM outcomes").fetchone()[0]
    print(f"{args.customers:,} customers, {pool_size(conn):,} pooled, {outcomes:,} outcome entries;"
          f" median of {args.runs}")
    base = timed(lambda: pool_page(conn), args.runs)
    took = timed(lambda: leads_first(conn, DEFAULT_TODAY), args.runs)
    leads = len(leads_first(conn, DEFAULT_TODAY)[1])
    found = pool_leads(conn, DEFAULT_TODAY)
    turned = timed(lambda: leads_first(conn, DEFAULT_TODAY, offset=500, found=found), args.runs)
    print(f"pool page, warm leads first ({leads} on it) {took * 1000:8.1f} ms   baseline (page alone)"
          f" {base * 1000:6.2f} ms   {took / base:6.1f}x")
    print(f"a page turn, the leads kept    {turned * 1000:8.2f} ms   baseline (page alone)"
          f" {base * 1000:6.2f} ms   {turned / base:6.1f}x")
    bench_index(conn, args.runs)
    conn.close()
    shutil.rmtree(path.parent)
    return 0


def bench_index(conn, runs: int) -> None:
    """The page, a deep page and the count with the pool's index and without it; building it."""
    pooled = pool_size(conn)
    deep = 100_000 if pooled > 100_200 else pooled // 2
    calls = {"pool page": lambda: pool_page(conn), f"a page {deep:,} rows down": lambda: pool_page(conn, offset=deep),
             "the count (pool_size)": lambda: pool_size(conn)}
    indexed = {label: timed(call, runs) for label, call in calls.items()}
    conn.execute("DROP INDEX customers_pool")
    named, pool._POOL_INDEX = pool._POOL_INDEX, ""   # the queries as they were before migration 103
    try:
        without = {label: timed(call, runs) for label, call in calls.items()}
    finally:
        pool._POOL_INDEX = named
    print()
    against = "without the pool's index"
    for label, took in indexed.items():
        print(f"{label:<28} {took * 1000:8.2f} ms   {against:<28} {without[label] * 1000:7.1f} ms"
              f"   {took / without[label]:6.3f}x")
    build = built(conn, m0103_pool_index.SQL, "customers_pool", runs)
    plain = built(conn, "CREATE INDEX bench_manager ON customers (manager_id)", "bench_manager", runs)
    label = "building the pool's index"
    print(f"{label:<28} {build * 1000:8.1f} ms   {'a plain index of manager_id':<28} {plain * 1000:7.1f} ms"
          f"   {build / plain:6.2f}x")


def built(conn, sql: str, name: str, runs: int) -> float:
    """The median time to build an index, dropped again after each run but the last."""
    times = []
    for run in range(runs):
        start = time.perf_counter()
        conn.execute(sql)
        times.append(time.perf_counter() - start)
        if run < runs - 1:
            conn.execute(f"DROP INDEX {name}")
    return statistics.median(times)


if __name__ == "__main__":
    sys.exit(main())
