"""Benchmark: a search on the call list, and its matches off today's list (calllist.off_list, calllist.not_shown).

    python bench/bench_search.py [--customers N] [--db PATH] [--runs R]

The branch is the realistic sample (`workbench sample --customers N`, built once, as bench_report's, or --db);
the manager is the one with the most customers. Once a search's first page is shown, the call list's worker
reads left_out: in one pass over the search's matches in the manager's branch, what resting_counts, not_shown (how
many matches the list never shows, by reason) and off_list (the first 51 matches off the list, one by one: 50 shown,
one more to say there are more) say.
Timed for four searches: the first six digits of a customer number, a surname (王), a whole customer number (the
manager's first resting customer, else their first), and its first four digits, which half the sample's numbers
begin with; off_list for the manager and for a supervisor looking at the manager's list (by_manager).
Baseline, in the same run on the same data: a plain SELECT of the manager's customers the search matches (the
manager's index and the search's own LIKE terms). Each is the median of R runs.
"""

from __future__ import annotations

import datetime as dt
import os
import sys

from bench_report import sample_args, sample_db, timed
from workbench.calllist import OFF_LIST_LIMIT, CallListFilter, _prepared, count_call_list, left_out, not_shown, off_list
from workbench.db import open_db
from workbench.sample import DEFAULT_TODAY

NOW = dt.datetime.combine(DEFAULT_TODAY, dt.time(10, 0))
# The manager's customers the search matches, by the manager's index: the least a search of their list reads.
PLAIN = ("SELECT c.customer_id, c.name, c.phone_e164, c.segment, c.tier, c.priority FROM customers c"
         " WHERE c.manager_id = :manager{filters}")
BASELINE = "baseline: plain SELECT of the manager's matches"


def searches(conn, manager: str) -> list[tuple[str, str]]:
    """(label, search) of the four searches, from the manager's own customer numbers."""
    number = conn.execute(
        "SELECT c.customer_id FROM customers c LEFT JOIN contact_state s USING (customer_id) WHERE c.manager_id = ?"
        " ORDER BY s.blocked_until > ? DESC, c.customer_id LIMIT 1", (manager, NOW.isoformat())).fetchone()[0]
    return [("a number's first six digits", number[:6]), ("a surname", "王"), ("a whole customer number", number),
            ("a number's first four digits, shared by many", number[:4])]


def report(label: str, seconds: float, baseline: float) -> None:
    print(f"  {label:<58} {seconds * 1000:8.1f} ms   {seconds / baseline:6.1f}x")


def main() -> int:
    args = sample_args(__doc__, runs=5, db_help="a sample branch to search (default: bench_report's)")
    conn = open_db(args.db or sample_db(args.customers)).conn
    manager, mine, branch, size = conn.execute(
        "SELECT c.manager_id, count(*), c.branch_id, (SELECT count(*) FROM customers b WHERE b.branch_id = c.branch_id)"
        " FROM customers c WHERE c.manager_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1").fetchone()
    print(f"{args.customers:,} customers; manager {manager}: {mine:,} of the {size:,} of branch {branch};"
          f" median of {args.runs}")
    for label, search in searches(conn, manager):
        flt = CallListFilter(search=search)
        settings, params, extra = _prepared(conn, manager, NOW, flt, None)
        plain = PLAIN.format(filters=extra)
        matched = len(conn.execute(plain, params).fetchall())
        listed = count_call_list(conn, manager, NOW, filters=flt, settings=settings)
        off = off_list(conn, manager, NOW, filters=flt, settings=settings, limit=OFF_LIST_LIMIT + 1)
        never = sum(item.count for item in not_shown(conn, manager, NOW, filters=flt, settings=settings))
        print(f"\nsearch {search!r} ({label}): {matched:,} of the manager's customers match, {listed:,} listed;"
              f" off the list {len(off)}{'+' if len(off) > OFF_LIST_LIMIT else ''} read, {never:,} never listed")
        base = timed(lambda: conn.execute(plain, params).fetchall(), args.runs)
        print(f"  {BASELINE:<58} {base * 1000:8.1f} ms")

        def read_off(by_manager: bool):
            return off_list(conn, manager, NOW, filters=flt, settings=settings, by_manager=by_manager,
                            limit=OFF_LIST_LIMIT + 1)

        def after_first_page():
            left_out(conn, manager, NOW, filters=flt, settings=settings, limit=OFF_LIST_LIMIT + 1)

        report("off_list, the manager's own", timed(lambda: read_off(False), args.runs), base)
        report("off_list, a supervisor's view (by_manager)", timed(lambda: read_off(True), args.runs), base)
        report("not_shown", timed(lambda: not_shown(conn, manager, NOW, filters=flt, settings=settings), args.runs),
               base)
        report("after the first page: left_out, the three in one read", timed(after_first_page, args.runs), base)
    print(f"\nload average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
