"""Benchmark the engine at scale: rescoring and one manager's call list in a 1,000,000-customer database.

    python bench/bench_engine.py [--db PATH] [--customers N] [--rebuild] [--data synthetic|sample]

The database is built by bulk SQL (a recursive CTE with deterministic pseudo-random columns: 20
branches, 200 managers of ~5,000 customers each, holdings, contact history and follow-ups) and
reused on later runs. Every timing is reported with its ratio to a baseline measured in the same
run on the same data: for rescoring a plain SELECT of the columns rescoring reads plus a plain
UPDATE of one column on every row; for the call list a plain indexed SELECT of the manager's rows.
Rescoring is measured as a first run (every row written), a full run with nothing changed, and
seven mornings in a row (the daily run, which looks only at the customers whose scores are due).
How many customers are due each morning depends on the data: --data sample measures rescoring on
the realistic sample generator's branch instead (more customers in the middle of the dormancy
curve, whose whole-point scores step more often).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

from workbench.calllist import call_list, count_call_list, resting_counts
from workbench.db import open_db
from workbench.db.connection import SCHEMA_VERSION
from workbench.scoring import rescore

TODAY = dt.date(2026, 11, 22)
NOW = dt.datetime(2026, 11, 22, 10, 0)
MANAGERS = 200
BRANCHES = 20

# h(k) is a deterministic pseudo-random number per customer i and column k.
_H = "((n.i * 2654435761 + {k} * 40503 + (n.i * {k}) % 9973) % 1000003)"

_CUSTOMERS_SQL = f"""
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < :count - 1)
INSERT INTO customers (customer_id, name, gender, birthday, phone_e164, phone_valid, phone_kind, manager_id,
    branch_id, aum_fen, aum_peak_fen, opened_on, first_activity_on, last_activity_on, last_login_on,
    activity_count_12m, do_not_call, consent, active)
SELECT printf('C%07d', n.i), '客户' || n.i, CASE WHEN {_H.format(k=1)} % 2 THEN 'M' ELSE 'F' END,
    date('1940-01-01', '+' || ({_H.format(k=2)} % 25000) || ' days'),
    printf('+861%02d%08d', 30 + {_H.format(k=3)} % 60, n.i), {_H.format(k=4)} % 50 != 0, 'mobile',
    printf('M%03d', n.i % {MANAGERS}), printf('B%02d', (n.i % {MANAGERS}) / ({MANAGERS} / {BRANCHES})),
    CAST(pow(10, 5 + ({_H.format(k=5)} % 5000) / 1250.0) AS INTEGER),
    CASE WHEN {_H.format(k=6)} % 10 < 3
         THEN CAST(pow(10, 5 + ({_H.format(k=5)} % 5000) / 1250.0) * (1 + ({_H.format(k=7)} % 400) / 100.0) AS INTEGER) END,
    date(:today, '-' || (30 + {_H.format(k=8)} % 6000) || ' days'),
    date(:today, '-' || (20 + {_H.format(k=8)} % 6000) || ' days'),
    date(:today, '-' || min(20 + {_H.format(k=8)} % 6000, {_H.format(k=9)} % 1500) || ' days'),
    CASE WHEN {_H.format(k=10)} % 5 != 0 THEN date(:today, '-' || ({_H.format(k=11)} % 800) || ' days') END,
    {_H.format(k=12)} % 40, {_H.format(k=13)} % 100 = 0, {_H.format(k=14)} % 80 != 0, 1
FROM n
"""

# r(k) is the same kind of number per customer row, for the tables built from customers.
_R = "((rowid * 2654435761 + {k} * 40503) % 1000003)"

_HOLDINGS_SQL = f"""
INSERT INTO holdings (customer_id, product_type, product_name, balance_fen, opened_on, maturity_on)
SELECT customer_id, CASE WHEN {_R.format(k=21)} % 3 = 0 THEN 'time_deposit' ELSE 'wealth' END, '产品', aum_fen / 2,
       opened_on, date(:today, '+' || ({_R.format(k=22)} % 400) || ' days')
FROM customers WHERE {_R.format(k=23)} % 5 < 2
"""

# The day `back` days before the last contact: the recent attempts are 0-3 of them, two days apart.
_ATTEMPT_DAY = "date(:today, '-' || ({r} % 60 + {back}) || ' days')".format(r=_R.format(k=24), back="{back}")
_ATTEMPT_DAYS = "CASE {n} WHEN 0 THEN NULL WHEN 1 THEN json_array({d0}) WHEN 2 THEN json_array({d2}, {d0})" \
    " ELSE json_array({d4}, {d2}, {d0}) END".format(
        n=f"{_R.format(k=25)} % 4", **{f"d{b}": _ATTEMPT_DAY.format(back=b) for b in (0, 2, 4)})

_CONTACT_SQL = f"""
INSERT INTO contact_state (customer_id, last_contact_at, last_line_result, contacts_total, recent_attempt_days,
    blocked_until, block_reason)
SELECT customer_id, strftime('%Y-%m-%dT10:00:00', :today, '-' || ({_R.format(k=24)} % 60) || ' days'), 'no_answer',
       1 + {_R.format(k=25)} % 4, {_ATTEMPT_DAYS},
       CASE WHEN {_R.format(k=26)} % 3 = 0 THEN strftime('%Y-%m-%dT%H:%M:%S', :now, '+4 hours') END,
       CASE WHEN {_R.format(k=26)} % 3 = 0 THEN 'retry' END
FROM customers WHERE {_R.format(k=27)} % 10 = 0
"""

_FOLLOWUPS_SQL = f"""
INSERT INTO followups (followup_id, customer_id, owner_id, due_on, slot, status, created_at, updated_at)
SELECT 'F' || rowid, customer_id, manager_id, date(:today, printf('%+d days', {_R.format(k=28)} % 21 - 10)), NULL,
       'open', :now, :now
FROM customers WHERE {_R.format(k=29)} % 100 = 7
"""


def build(path: Path, count: int) -> None:
    """Create the benchmark database from scratch with `count` customers."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    conn = open_db(path).conn
    params = {"count": count, "today": TODAY.isoformat(), "now": NOW.isoformat(timespec="seconds")}
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO branches (branch_id, name) VALUES (?, ?)",
                     [(f"B{b:02d}", f"支行{b}") for b in range(BRANCHES)])
    conn.executemany("INSERT INTO staff (staff_id, name, branch_id) VALUES (?, ?, ?)",
                     [(f"M{m:03d}", f"经理{m}", f"B{m // (MANAGERS // BRANCHES):02d}") for m in range(MANAGERS)])
    for sql in (_CUSTOMERS_SQL, _HOLDINGS_SQL, _CONTACT_SQL, _FOLLOWUPS_SQL):
        conn.execute(sql, {k: v for k, v in params.items() if f":{k}" in sql})
    conn.execute("INSERT INTO meta (key, value) VALUES ('bench_engine_customers', ?)", (f"synthetic {count}",))
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def build_sample(path: Path, count: int) -> None:
    """The realistic sample branch (`workbench sample`) at `count` customers, as of the bench's day."""
    from workbench.sample import generate_sample

    generate_sample(path, customers=count, today=TODAY, force=True)
    conn = open_db(path).conn
    conn.execute("INSERT INTO meta (key, value) VALUES ('bench_engine_customers', ?)", (f"sample {count}",))
    conn.close()


def built_with(path: Path) -> str | None:
    if not path.exists():
        return None
    conn = open_db(path).conn
    row = conn.execute("SELECT value FROM meta WHERE key = 'bench_engine_customers'").fetchone()
    conn.close()
    return row[0] if row else None


def timed(fn, repeat: int = 1) -> float:
    """The median wall time of fn over `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(label: str, seconds: float, baseline: float, base_label: str) -> None:
    print(f"{label:<44} {seconds * 1000:10.1f} ms   {seconds / baseline:6.2f}x {base_label}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # Named by the schema, as bench_report's samples are.
    ap.add_argument("--db", type=Path,
                    default=Path(tempfile.gettempdir()) / f"workbench-bench-engine-v{SCHEMA_VERSION}.sqlite")
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--data", choices=("synthetic", "sample"), default="synthetic",
                    help="synthetic: bulk SQL, 200 managers of 5,000 (the default); sample: the realistic sample "
                         "generator, 8 managers (rescoring only)")
    args = ap.parse_args()
    if args.data == "sample" and args.db.name == f"workbench-bench-engine-v{SCHEMA_VERSION}.sqlite":
        args.db = args.db.with_name(f"workbench-bench-engine-sample-v{SCHEMA_VERSION}.sqlite")

    if args.rebuild or built_with(args.db) != f"{args.data} {args.customers}":
        builder = build if args.data == "synthetic" else build_sample
        seconds = timed(lambda: builder(args.db, args.customers))
        print(f"built {args.customers:,} {args.data} customers in {seconds:.1f} s -> {args.db}")
    conn = open_db(args.db).conn
    size = args.db.stat().st_size / 2**20
    print(f"database {args.db} ({size:,.0f} MiB), {args.customers:,} customers")

    read_base = timed(lambda: conn.execute(
        "SELECT rowid, aum_fen, aum_peak_fen, opened_on, first_activity_on, last_activity_on, last_login_on,"
        " activity_count_12m, birthday, do_not_call, consent, phone_valid, active FROM customers").fetchall())
    report("baseline: plain SELECT of the scored columns", read_base, read_base, "baseline")

    def plain_update():
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE customers SET scored_on = scored_on || ''")
        conn.execute("ROLLBACK")

    update_base = timed(plain_update)
    report("baseline: plain UPDATE of one column", update_base, read_base, "SELECT baseline")
    both = read_base + update_base

    def reset():
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE customers SET score_digest = NULL, scores_due_on = NULL, scored_on = NULL")
        conn.execute("DELETE FROM scoring_runs")
        conn.execute("COMMIT")

    def run(label: str, day: dt.date, refit: bool) -> None:
        start = time.perf_counter()
        result = rescore(conn, day, refit=refit)
        seconds = time.perf_counter() - start
        report(label, seconds, both, "SELECT+UPDATE baselines")
        print(f"{'':<44} {result.mode} run: looked at {result.customers:,}, wrote {result.written:,}")

    reset()
    run("rescore all, first run (every row written)", TODAY, refit=True)
    run("rescore all again (refit, nothing changed)", TODAY, refit=True)
    mornings = []
    for offset in range(1, 8):
        start = time.perf_counter()
        result = rescore(conn, TODAY + dt.timedelta(days=offset), refit=False)
        mornings.append((time.perf_counter() - start, result.customers, result.written, result.mode))
    seconds, looked, written, modes = (sorted(m[i] for m in mornings) for i in range(4))
    report("morning rescore, median of 7 days", statistics.median(seconds), both, "SELECT+UPDATE baselines")
    print(f"{'':<44} {'/'.join(sorted(set(modes)))} runs: looked at {statistics.median(looked):,.0f}, "
          f"wrote {statistics.median(written):,.0f} (median); slowest {max(seconds) * 1000:.0f} ms")
    one_id = conn.execute("SELECT customer_id FROM customers LIMIT 1 OFFSET 41").fetchone()[0]
    one = timed(lambda: rescore(conn, TODAY + dt.timedelta(days=7), customer_ids=[one_id]), repeat=20)
    report("rescore one customer (after an outcome)", one, both, "SELECT+UPDATE baselines")
    if args.data == "sample":
        return 0

    manager = "M042"
    size = conn.execute("SELECT count(*) FROM customers WHERE manager_id = ?", (manager,)).fetchone()[0]
    plain = "SELECT customer_id, name, phone_e164, segment, tier, priority FROM customers WHERE manager_id = ?"
    page_base = timed(lambda: conn.execute(plain + " LIMIT 50", (manager,)).fetchall(), repeat=50)
    full_base = timed(lambda: conn.execute(plain, (manager,)).fetchall(), repeat=20)
    print(f"\nmanager {manager}: {size:,} customers, "
          f"{count_call_list(conn, manager, NOW):,} on today's list")
    report("baseline: plain SELECT, 50 rows", page_base, page_base, "baseline")
    report("baseline: plain SELECT, all the manager's rows", full_base, full_base, "baseline")
    report("call list first page (50, explained)", timed(lambda: call_list(conn, manager, NOW, limit=50), repeat=50),
           page_base, "50-row baseline")
    report("call list full (explained)", timed(lambda: call_list(conn, manager, NOW), repeat=10),
           full_base, "all-rows baseline")
    report("call list full (order only, explain=False)",
           timed(lambda: call_list(conn, manager, NOW, explain=False), repeat=10), full_base, "all-rows baseline")
    report("count_call_list", timed(lambda: count_call_list(conn, manager, NOW), repeat=20),
           full_base, "all-rows baseline")
    report("resting_counts (who the rules rest today)", timed(lambda: resting_counts(conn, manager, NOW), repeat=20),
           full_base, "all-rows baseline")
    bench_campaigns(conn, manager, full_base)
    return 0


def bench_campaigns(conn, manager: str, full_base: float) -> None:
    """The manager's care suggestions, then the same with a campaign for every customer added (rolled back)."""
    from workbench import campaigns
    from workbench.followups import care_suggestions

    today = NOW.date()
    without = timed(lambda: care_suggestions(conn, manager, today), repeat=3)
    report("care suggestions (the agenda's)", without, full_base, "all-rows baseline")
    # Accepting one works its customer's suggestions out again: one customer of each kind suggested.
    ones = {s.kind: s.customer_id for s in care_suggestions(conn, manager, today)}
    one = sorted(timed(lambda c=c: care_suggestions(conn, manager, today, customer_id=c), repeat=3) for c in ones.values())
    if one:
        report(f"  one customer's (median of {len(one)} kinds)", one[len(one) // 2], without,
               "the whole list")
    conn.execute("BEGIN IMMEDIATE")
    try:
        campaigns.save(conn, [campaigns.Campaign("BENCH", "bench", "bench", today, today + dt.timedelta(days=14),
                                                 "phone")], at=NOW, by_id=None)
        found = len(care_suggestions(conn, manager, today))
        with_campaign = timed(lambda: care_suggestions(conn, manager, today), repeat=3)
    finally:
        conn.execute("ROLLBACK")
    report("  + a campaign for every customer", with_campaign, without, "without it")
    print(f"{'':<44} {found:,} suggestions (a campaign offers care.campaign_at_once at a time)")


if __name__ == "__main__":
    sys.exit(main())
