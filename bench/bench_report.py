"""Benchmark: the outcome report (`workbench report`, the report screen) on a sample branch.

    python bench/bench_report.py [--customers N] [--outcomes M] [--db PATH] [--runs R]

The branch is the realistic sample (`workbench sample --customers N`), built once into --db. With
--outcomes M its 60 days of outcome entries are copied further back in time, 60 days at a time (new ids,
corrections still pointing at their copied entry), until the log holds at least M entries: a branch
with a longer history, built once into its own file. Timed: the
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
from workbench.db.connection import SCHEMA_VERSION
from workbench.sample import DEFAULT_TODAY, generate_sample
from workbench.sync.report import build_report

BASELINE = ("SELECT manager_id, count(*), count(DISTINCT customer_id) FROM outcomes WHERE at >= ?"
            " GROUP BY manager_id")
ONE_MANAGER = ("SELECT manager_id, count(*), count(DISTINCT customer_id) FROM outcomes WHERE at >= ?"
               " AND manager_id = ?")   # the same pass over the one manager's outcomes, as the report reads them


def grow_outcomes(conn, target: int) -> None:
    """Copy the sample's outcome entries 60, 120, ... days back until the log holds at least target."""
    original = conn.execute("SELECT count(*) FROM outcomes").fetchone()[0]
    if original == 0:
        raise SystemExit("the sample has no outcome entries to copy")
    have, back = original, 0
    conn.execute("BEGIN")
    while have < target:
        back += 60
        shift = f"-{back} days"
        conn.execute(
            "INSERT INTO outcomes (outcome_id, customer_id, manager_id, terminal_id, at, channel, line_result,"
            " business_outcome, reason, note, script_id, supersedes, recorded_at)"
            " SELECT printf('copy%d-%s', ?1, outcome_id), customer_id, manager_id, terminal_id,"
            " strftime('%Y-%m-%dT%H:%M:%S', at, ?2), channel, line_result, business_outcome, reason, note, script_id,"
            " iif(supersedes IS NULL, NULL, printf('copy%d-%s', ?1, supersedes)), strftime('%Y-%m-%dT%H:%M:%S', recorded_at, ?2)"
            " FROM (SELECT * FROM outcomes WHERE outcome_id NOT LIKE 'copy%' ORDER BY rowid LIMIT ?3)",
            (back, shift, min(original, target - have)))
        have = conn.execute("SELECT count(*) FROM outcomes").fetchone()[0]
    conn.execute("COMMIT")


def sample_db(customers: int, name: str = "") -> Path:
    """The sample branch of that many customers in the temporary folder, built the first time it is asked for
    (name: a variant's suffix, for a copy a benchmark changes)."""
    # Named by the schema: a sample another checkout built at another schema is never taken for this one's.
    path = Path(tempfile.gettempdir()) / f"bench-report-{customers}{name}-v{SCHEMA_VERSION}.sqlite"
    if not path.exists():
        generate_sample(path, customers=customers)
    return path


def sample_args(doc: str, *, runs: int = 3,
                db_help: str = "a sample branch (default: bench_report's)") -> argparse.Namespace:
    """--customers, --db and --runs, as a benchmark on the realistic sample takes them; doc's first line describes it."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--customers", type=int, default=200_000)
    ap.add_argument("--db", type=Path, default=None, help=db_help)
    ap.add_argument("--runs", type=int, default=runs)
    return ap.parse_args()


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
    ap.add_argument("--outcomes", type=int, default=0, help="grow the outcome log to at least this many entries")
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if args.outcomes and args.db:
        ap.error("--outcomes writes copied entries into the database: leave out --db, and the bench builds its own")
    grown = f"-{args.outcomes}" if args.outcomes else ""
    path = args.db or sample_db(args.customers, grown)
    if not path.exists():   # a --db of one's own, not there yet: the sample goes there
        generate_sample(path, customers=args.customers)
    conn = open_db(path).conn
    if conn.execute("SELECT count(*) FROM outcomes").fetchone()[0] < args.outcomes:
        grow_outcomes(conn, args.outcomes)
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
