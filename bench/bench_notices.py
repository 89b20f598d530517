"""Benchmark the sample's campaign notices (workbench.sample.notices.give_notices) on a large branch.

    python bench/bench_notices.py [--customers N] [--runs R]

`workbench sample` gives the campaigns' first notices only up to NOTICES_MAX_CUSTOMERS customers, because
each manager's day of them works out the manager's care suggestions twice (to choose them, then to accept
them, as the agenda's "accept all" does). This times giving them on a larger sample (built once, as
bench_report's), inside a transaction rolled back after each run. Baseline, in the same run on the same
data: working out each of those manager-days' suggestions once, the agenda's own work. Medians of R runs.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta

from bench_report import sample_db, timed
from workbench import followups
from workbench.db import open_db
from workbench.sample import DEFAULT_TODAY, NOTICES_MAX_CUSTOMERS, org
from workbench.sample.calls import is_working_day
from workbench.sample.notices import give_notices


def manager_days(today: date) -> list[tuple[str, date]]:
    """The (manager, day) pairs give_notices works through: working days of the last week of campaigns."""
    first = min(today + timedelta(days=c[3]) for c in org.CAMPAIGNS)
    day, days = max(first, today - timedelta(days=7)), []
    while day < today:
        if is_working_day(day):
            days += [(manager_id, day) for manager_id, *_rest in org.MANAGERS]
        day += timedelta(days=1)
    return days


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=200_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if args.customers <= NOTICES_MAX_CUSTOMERS:
        ap.error(f"a sample of up to {NOTICES_MAX_CUSTOMERS:,} customers has its notices already; give more")
    conn = open_db(sample_db(args.customers)).conn
    seed = int(conn.execute("SELECT value FROM meta WHERE key = 'sample.seed'").fetchone()[0])
    pairs = manager_days(DEFAULT_TODAY)

    def notices() -> None:
        conn.execute("BEGIN")
        try:
            give_notices(conn, DEFAULT_TODAY, seed)
        finally:
            conn.execute("ROLLBACK")

    def suggestions() -> None:
        for manager_id, day in pairs:
            followups.care_suggestions(conn, manager_id, day)

    base = timed(suggestions, args.runs)
    took = timed(notices, args.runs)
    conn.close()
    print(f"{args.customers:,} customers, {len(pairs)} manager-days; median of {args.runs}")
    print(f"give the notices           {took:7.2f} s")
    print(f"baseline: suggestions once {base:7.2f} s   ratio {took / base:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
