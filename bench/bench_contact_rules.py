"""Benchmark: refreshing contact_state from the outcome log, as an outcome-bundle import does.

Baseline: reading the effective log rows alone (the least any refresh must do), measured in the
same run; the refreshes are reported as ratios to it.

    python bench/bench_contact_rules.py [customers]   # default 100,000 (about 3 entries each)
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from workbench.db import open_db
from workbench.rules import _EFFECTIVE_SQL, refresh_contact_state

RESULTS = ["no_answer", "busy", "phone_off", "reached", "reached", "reached"]
OUTCOMES = [None, "not_interested", "call_back", "interested", "complaint"]


def build(path: Path, n: int) -> list[str]:
    db = open_db(path)
    conn = db.conn
    rng = random.Random(7)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO branches (branch_id, name) VALUES ('B1', 'Bench branch')")
    conn.execute("INSERT INTO staff (staff_id, name, branch_id) VALUES ('M1', 'Bench manager', 'B1')")
    ids = [f"C{i:07d}" for i in range(n)]
    conn.executemany(
        "INSERT INTO customers (customer_id, name, phone_e164, phone_valid, manager_id, branch_id) VALUES (?, ?, ?, 1, 'M1', 'B1')",
        [(cid, cid, f"+86138{i:08d}") for i, cid in enumerate(ids)],
    )
    start = datetime(2026, 9, 1, 9)
    rows = []
    for cid in ids:
        last = None
        for _ in range(rng.randint(1, 5)):
            at = (start + timedelta(minutes=rng.randint(0, 80 * 24 * 60))).isoformat(timespec="seconds")
            result = rng.choice(RESULTS)
            outcome = rng.choice(OUTCOMES) if result == "reached" else None
            oid = str(uuid.uuid4())
            supersedes = last if last and rng.random() < 0.05 else None
            rows.append((oid, cid, "M1", "T1", at, "phone", result, outcome, supersedes, at))
            last = oid
    conn.executemany(
        "INSERT INTO outcomes (outcome_id, customer_id, manager_id, terminal_id, at, channel, line_result,"
        " business_outcome, supersedes, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.execute("COMMIT")
    print(f"{n:,} customers, {len(rows):,} outcome entries")
    return ids


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        ids = build(path, n)
        conn = open_db(path).conn
        baseline = timed(lambda: conn.execute(_EFFECTIVE_SQL.format(where=""), ()).fetchall())
        by_ids = timed(lambda: refresh_contact_state(conn, ids))
        everything = timed(lambda: refresh_contact_state(conn, None))
        sample = random.Random(1).sample(ids, 200)
        singles = []
        for cid in sample:
            t0 = time.perf_counter()
            refresh_contact_state(conn, [cid])
            singles.append(time.perf_counter() - t0)
        one = statistics.median(singles)
        print(f"baseline: read the effective log       {baseline * 1000:9.1f} ms")
        print(f"refresh_contact_state(all {n:,} ids)  {by_ids * 1000:9.1f} ms  ({by_ids / baseline:.1f}x baseline)")
        print(f"refresh_contact_state(None)            {everything * 1000:9.1f} ms  ({everything / baseline:.1f}x baseline)")
        print(f"refresh_contact_state(one id), median  {one * 1000:9.3f} ms")


if __name__ == "__main__":
    main()
