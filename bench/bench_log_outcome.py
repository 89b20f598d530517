"""Benchmark: logging one outcome (validate, insert, audit, follow-ups, contact rules, rescore) end to end.

Baseline: one bare INSERT into the outcome log in its own transaction, measured in the same run.

    python bench/bench_log_outcome.py [customers]   # default 100,000 customers of one manager
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from workbench.db import open_db
from workbench.outcomes import FollowUpRequest, log_outcome


def build(path: Path, n: int) -> None:
    conn = open_db(path).conn
    conn.execute("BEGIN")
    conn.execute("INSERT INTO branches (branch_id, name) VALUES ('B1', 'Bench branch')")
    conn.execute("INSERT INTO staff (staff_id, name, branch_id) VALUES ('M1', 'Bench manager', 'B1')")
    conn.executemany(
        "INSERT INTO customers (customer_id, name, phone_e164, phone_valid, manager_id, branch_id, aum_fen,"
        " opened_on, last_activity_on) VALUES (?, ?, ?, 1, 'M1', 'B1', ?, '2019-05-01', '2025-06-01')",
        [(f"C{i:07d}", f"C{i}", f"+86138{i:08d}", (i % 500) * 100_000) for i in range(n)],
    )
    conn.execute("COMMIT")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        build(path, n)
        conn = open_db(path).conn
        now = datetime(2026, 11, 20, 10)
        bare, full = [], []
        for i in range(300):
            t0 = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT INTO outcomes (outcome_id, customer_id, manager_id, terminal_id, at, line_result, recorded_at)"
                " VALUES (?, ?, 'M1', 'T1', ?, 'busy', ?)",
                (str(uuid.uuid4()), f"C{i:07d}", now.isoformat(), now.isoformat()),
            )
            conn.execute("COMMIT")
            bare.append(time.perf_counter() - t0)
        for i in range(300):
            at = now + timedelta(seconds=i)
            t0 = time.perf_counter()
            log_outcome(conn, customer_id=f"C{1000 + i:07d}", manager_id="M1", line_result="reached", at=at,
                        business_outcome="call_back", note="bench",
                        follow_up=FollowUpRequest(date(2026, 11, 25), "10:00"))
            full.append(time.perf_counter() - t0)
        b, f = statistics.median(bare), statistics.median(full)
        print(f"{n:,} customers")
        print(f"baseline: bare INSERT + COMMIT, median    {b * 1000:7.3f} ms")
        print(f"log_outcome with a follow-up, median      {f * 1000:7.3f} ms  ({f / b:.1f}x baseline)")
        print(f"log_outcome, 95th percentile              {sorted(full)[int(len(full) * 0.95)] * 1000:7.3f} ms")


if __name__ == "__main__":
    main()
