"""Benchmark: the outcome report (`workbench report`, the report screen) on a sample branch.

    python bench/bench_report.py [--customers N] [--db PATH] [--runs R]

The branch is the realistic sample (`workbench sample --customers N`), built once into --db. Timed: the
whole report for all time, for the last 30 days, and one manager's (`--manager`, the one with the most
calls). Baseline, in the same run on the same data: one plain pass over the same outcomes, grouped by
manager (count and distinct customers), the least any funnel must read; for one manager, the same pass over
that manager's outcomes alone. Each is the median of R runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from workbench.db import open_db
from workbench.sample import DEFAULT_TODAY, generate_sample
from workbench.sync.report import build_report

BASELINE = ("SELECT manager_id, count(*), count(DISTINCT customer_id) FROM outcomes WHERE at >= ?"
            " GROUP BY manager_id")
ONE_MANAGER = ("SELECT manager_id, count(*), count(DISTINCT customer_id) FROM outcomes WHERE at >= ?"
               " AND manager_id = ?")   # the same pass over the one manager's outcomes, as the report reads them


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=200_000)
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    path = args.db or Path(tempfile.gettempdir()) / f"bench-report-{args.customers}.sqlite"
    if not path.exists():
        generate_sample(path, customers=args.customers)
    conn = open_db(path).conn
    outcomes, busiest = conn.execute(
        "SELECT (SELECT count(*) FROM outcomes),"
        " (SELECT manager_id FROM outcomes GROUP BY manager_id ORDER BY count(*) DESC LIMIT 1)").fetchone()
    print(f"{args.customers:,} customers, {outcomes:,} outcome entries; median of {args.runs}")
    month = (DEFAULT_TODAY - timedelta(days=29)).isoformat()
    for label, since, manager in (("all time", None, None), ("last 30 days", month, None),
                                  (f"all time, {busiest} alone", None, busiest)):
        if manager is None:
            base = timed(lambda: conn.execute(BASELINE, (since or "",)).fetchall(), args.runs)
        else:
            base = timed(lambda: conn.execute(ONE_MANAGER, (since or "", manager)).fetchall(), args.runs)
        took = timed(lambda: build_report(conn, today=DEFAULT_TODAY, since=since, manager_id=manager), args.runs)
        print(f"report, {label:<24} {took * 1000:9.1f} ms   baseline {base * 1000:7.1f} ms   {took / base:6.1f}x")
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
