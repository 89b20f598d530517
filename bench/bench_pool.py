"""Benchmark: the unassigned pool's page as the pool screen and `workbench pool list` show it, warm leads first.

    python bench/bench_pool.py [--customers N] [--runs R]

The branch is the realistic sample (`workbench sample --customers N`), copied and then pooled: every
customer but one in eleven loses their manager (182,000 of 200,000), as after a hand-over of most of a
branch. Timed: `pool.leads_first` (the pool's warm leads, then the page in the pool's order). Baseline, in
the same run on the same data: `pool.pool_page` alone, the indexed page without the warm leads. Each is
the median of R runs.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
from contextlib import closing
from pathlib import Path

from bench_report import sample_db, timed
from workbench.db import open_db
from workbench.pool import leads_first, pool_page, pool_size
from workbench.sample import DEFAULT_TODAY


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=200_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    path = Path(tempfile.gettempdir()) / f"bench-pool-{args.customers}.sqlite"
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
    print(f"pool page, warm leads first ({leads} on it) {took * 1000:8.1f} ms   baseline (page alone)"
          f" {base * 1000:6.2f} ms   {took / base:6.1f}x")
    conn.close()
    path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
