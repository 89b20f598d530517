"""Benchmark: handing a leaving manager's customers over (`workbench staff hand-over`) on a sample branch.

    python bench/bench_hand_over.py [--customers N] [--db PATH] [--runs R]

The branch is the realistic sample (`workbench sample --customers N`: eight managers, so the one
with the most customers has about N/6), built once into --db and copied afresh for every timing,
so each run starts from the same file. Baseline, measured in the same run on the same data: one
plain `UPDATE customers SET manager_id = ? WHERE manager_id = ?` of that manager's customers and
its commit, the least any hand-over must write. A second plain UPDATE deals the same rows to three
managers by rowid, for what sharing costs SQLite by itself (the rows land in three places of each
manager index). Each way is the median of R runs, alternating.

Then the hand-over's bundle (`export bundle` on one desk, `import bundle` on another): two copies of the branch
with terminal ids of their own; the next day, desk A hands the manager's customers to one manager and exports
what it made that day (an assignment entry per customer, the follow-up events), and desk B imports it, applying
and rescoring every customer, and imports the same bundle again. Against the same baseline; medians of R runs,
after one run untimed (the first import loads scipy, for the rescore).
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench_report import sample_args
from workbench.db import open_db
from workbench.handover import hand_over
from workbench.sample import generate_sample
from workbench.sync.bundle import export_bundle, import_bundle
from workbench.sync.terminal import new_terminal_id

NOW = datetime(2026, 11, 20, 18, 0)
NEXT_DAY = datetime(2026, 11, 21, 9, 0)   # after every entry of the sample's: the bundle holds the hand-over's alone


def baseline(conn, giver: str, taker: str) -> None:
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE customers SET manager_id = ? WHERE manager_id = ?", (taker, giver))
    conn.execute("COMMIT")


def dealt_by_rowid(conn, giver: str, takers: list[str]) -> None:
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE customers SET manager_id = json_extract(?, '$[' || (rowid % 3) || ']') WHERE manager_id = ?",
                 (json.dumps(takers), giver))
    conn.execute("COMMIT")


def main() -> None:
    args = sample_args(__doc__, db_help="Keep the sample here and reuse it on later runs.")
    with tempfile.TemporaryDirectory() as tmp:
        source = args.db or Path(tmp) / "sample.sqlite"
        if not source.exists():
            generate_sample(source, customers=args.customers)
        db = open_db(source)
        counts = db.conn.execute("SELECT manager_id, count(*) FROM customers WHERE manager_id IS NOT NULL"
                                 " GROUP BY manager_id ORDER BY count(*) DESC, manager_id").fetchall()
        pending = db.conn.execute("SELECT count(*) FROM followups f JOIN customers c USING (customer_id)"
                                  " WHERE c.manager_id = ? AND f.status IN ('open', 'rescheduled')",
                                  (counts[0][0],)).fetchone()[0]
        db.close()
        (giver, handed), taker, others = counts[0], counts[1][0], [c[0] for c in counts[1:4]]
        ways = {
            "baseline: plain UPDATE of manager_id + COMMIT": lambda conn: baseline(conn, giver, taker),
            "plain UPDATE dealing to 3 managers by rowid": lambda conn: dealt_by_rowid(conn, giver, others),
            "hand-over to one manager": lambda conn: hand_over(conn, giver, [taker], at=NOW, by_id="S001"),
            "hand-over shared by 3 managers, dealt by priority": lambda conn: hand_over(conn, giver, others, at=NOW,
                                                                                        by_id="S001"),
            "hand-over to the unassigned pool": lambda conn: hand_over(conn, giver, None, at=NOW, by_id="S001"),
            "dry run (shared by 3)": lambda conn: hand_over(conn, giver, others, at=NOW, by_id="S001", dry_run=True),
            "hand-over to one manager, marked as left": lambda conn: hand_over(conn, giver, [taker], at=NOW,
                                                                               by_id="S001", leave=True),
        }
        times: dict[str, list[float]] = {name: [] for name in ways}
        work = Path(tmp) / "run.sqlite"
        for _run in range(args.runs):
            for name, way in ways.items():
                shutil.copyfile(source, work)
                db = open_db(work)
                db.conn.execute("SELECT count(*) FROM customers WHERE manager_id = ?", (giver,)).fetchone()   # warm the cache
                started = time.perf_counter()
                way(db.conn)
                times[name].append(time.perf_counter() - started)
                db.close()
        print(f"{args.customers:,} customers; {giver} hands over {handed:,} of them with {pending} pending follow-ups"
              f" (median of {args.runs} runs)")
        base = statistics.median(times[next(iter(ways))])
        for name, spent in times.items():
            t = statistics.median(spent)
            print(f"{name:<52} {t * 1000:9.1f} ms  {t / base:5.2f}x baseline")
        bundled = [bundle_round(source, Path(tmp), giver, taker) for _run in range(args.runs + 1)][1:]
        counts = bundled[0].pop("counts")
        print(f"\nthe hand-over's bundle, desk A to desk B: {counts.get('assignments', 0):,} assignment entries,"
              f" {counts.get('followup_events', 0):,} follow-up events")
        for name in bundled[0]:
            t = statistics.median(run[name] for run in bundled)
            print(f"{name:<52} {t * 1000:9.1f} ms  {t / base:5.2f}x baseline")


def bundle_round(source: Path, folder: Path, giver: str, taker: str) -> dict:
    """Desk A hands giver's customers to taker and exports the day's bundle; desk B imports it, twice: the
    seconds of each step, and what the bundle held (counts)."""
    desks = []
    for name in ("a", "b"):
        path = folder / f"desk-{name}.sqlite"
        shutil.copyfile(source, path)
        desks.append(open_db(path))
        new_terminal_id(desks[-1].conn, at=NEXT_DAY, actor="S001")
    a, b = (db.conn for db in desks)
    out = folder / "hand-over.wbundle"
    later = NEXT_DAY.replace(hour=10)
    steps = {
        "hand-over to one manager on desk A": lambda: hand_over(a, giver, [taker], at=NEXT_DAY, by_id="S001"),
        "export bundle on desk A": lambda: export_bundle(a, out, now=later, since=NEXT_DAY.date().isoformat(),
                                                         actor="S001", force=True),
        "import bundle on desk B": lambda: import_bundle(b, out, now=later, actor="S001"),
        "import the same bundle again": lambda: import_bundle(b, out, now=later, actor="S001"),
    }
    took, results = {}, {}
    for name, step in steps.items():
        started = time.perf_counter()
        results[name] = step()
        took[name] = time.perf_counter() - started
    moved = b.execute("SELECT count(*) FROM customers WHERE manager_id = ?", (giver,)).fetchone()[0]
    for db in desks:
        db.close()
    if moved:
        raise SystemExit(f"desk B still has {moved:,} customers with {giver} after the import")
    return {**took, "counts": results["export bundle on desk A"].manifest["counts"]}


if __name__ == "__main__":
    sys.exit(main())
