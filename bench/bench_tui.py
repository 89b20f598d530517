"""Benchmark of the call-session app: start to first call-list frame, key to frame, opening a card,
and memory, with 100,000 customers on one manager's list. Each number beside a baseline from the
same run (an empty Textual app started the same way).

    python bench/bench_tui.py [--customers 100000] [--others 0] [--db FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

NOW = datetime(2026, 11, 20, 10, 0, 0)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
SEGMENTS = ("high_value_dormant", "low_value_dormant", "unconverted_prospect", "maturing_soon", "birthday_soon")


def build_db(path: Path, customers: int, others: int) -> None:
    """One branch, manager M1 with `customers` scored customers, `others` more for other managers."""
    from workbench.db import open_db
    from workbench.scoring.run import settings_digest
    from workbench.settings import load_settings

    rng = random.Random(7)
    db = open_db(path)
    c = db.conn
    c.execute("BEGIN")
    c.execute("INSERT INTO branches (branch_id, name) VALUES ('B1', '南京路支行')")
    c.executemany("INSERT INTO staff (staff_id, name, role, branch_id) VALUES (?, ?, 'manager', 'B1')",
                  [(f"M{n}", f"经理{n}") for n in range(1, 11)])

    def rows():
        for n in range(customers + others):
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if n % 3 else "")
            manager = "M1" if n < customers else f"M{2 + n % 9}"
            days = rng.randint(30, 900)
            yield (f"C{n:07d}", name, "MF"[n % 2], f"+86138{n:08d}", manager, rng.choice(SEGMENTS),
                   rng.randint(0, 4), (NOW.date() - timedelta(days=days)).isoformat(), round(rng.uniform(0, 100), 3))

    c.executemany(
        "INSERT INTO customers (customer_id, name, gender, phone_e164, phone_valid, manager_id, branch_id, segment,"
        " segments, tier, last_activity_on, priority, scored_on) VALUES (?, ?, ?, ?, 1, ?, 'B1', ?, '', ?, ?, ?, '2026-11-20')",
        rows(),
    )
    c.execute("UPDATE customers SET segments = segment")
    # Scored today already with the settings in force, so the app shows the stored list instead of rescoring first.
    c.execute("INSERT INTO scoring_runs (scored_on, branch_id, customers, fitted, settings_digest)"
              " VALUES ('2026-11-20', 'B1', ?, 0, ?)", (customers + others, settings_digest(load_settings(c, "B1"))))
    c.execute("COMMIT")
    db.close()


CHILD_APP = r"""
import resource, sys, time
from datetime import datetime, timedelta
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.widgets.call_table import CallTable

class Bench(WorkbenchApp):
    CSS_PATH = WorkbenchApp.CSS_PATH and __import__("workbench.screens", fromlist=["x"]).__path__[0] + "/app.tcss"
    def on_mount(self):
        super().on_mount()
        self.set_interval(0.002, self.check)
    def check(self):
        tables = self.screen.query(CallTable) if isinstance(self.screen, CallListScreen) else []
        if tables:
            table = tables.first()
            if table.total and table.entry(0) is not None:
                self.call_after_refresh(self.done)
    def done(self):
        print(json.dumps({"frame_at": time.time(),
                          "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)
        self.exit()
import json
Bench(sys.argv[1], now=datetime(2026, 11, 20, 10), lang="en", user="M1").run(headless=True, size=(100, 30))
"""

CHILD_EMPTY = r"""
import json, resource, time
from textual.app import App
from textual.widgets import Static

class Empty(App):
    def compose(self):
        yield Static("ready")
    def on_mount(self):
        self.call_after_refresh(self.done)
    def done(self):
        print(json.dumps({"frame_at": time.time(),
                          "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)
        self.exit()
Empty().run(headless=True, size=(100, 30))
"""


def start_to_frame(code: str, *args: str) -> tuple[float, float]:
    """Seconds from process start to the first frame, and the process's peak memory in MB."""
    script = Path(tempfile.mkdtemp()) / "child.py"   # a file, so Textual can find the subclass's source
    script.write_text(code, encoding="utf-8")
    started = time.time()
    out = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    return result["frame_at"] - started, result["rss_mb"]


async def settle(app, pilot) -> None:
    for _ in range(5):
        await app.workers.wait_for_complete()
        await pilot.pause()


def draw(widget) -> None:
    """Draw every visible line, as the compositor would for the next frame."""
    for y in range(widget.size.height):
        widget.render_line(y)


async def in_process(db: Path, presses: int) -> dict[str, float]:
    """The app's own work per key press and per card opened, timed in the handlers, not through Pilot."""
    from textual.app import App
    from textual.widgets import DataTable

    from workbench.screens.app import WorkbenchApp
    from workbench.screens.customer_card import CustomerCardScreen
    from workbench.screens.widgets.call_table import CallTable

    opened = asyncio.Event()
    original = CustomerCardScreen._fill

    def filled(screen, message):
        original(screen, message)
        screen.call_after_refresh(opened.set)   # the card's first painted frame with its data

    CustomerCardScreen._fill = filled
    app = WorkbenchApp(db, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(CallTable)
        keys = []
        for _ in range(presses):
            t0 = time.perf_counter()
            table.action_cursor_down()
            draw(table)
            keys.append(time.perf_counter() - t0)
        table.action_first()
        await settle(app, pilot)
        cards = []
        for _ in range(10):
            opened.clear()
            t0 = time.perf_counter()
            app.screen.action_open()
            await asyncio.wait_for(opened.wait(), 10)
            cards.append(time.perf_counter() - t0)
            app.pop_screen()
            await settle(app, pilot)
            app.screen.query_one(CallTable).action_cursor_down()
        table.action_last()
        await settle(app, pilot)
        last_rank = table.current.rank if table.current else None
        total = table.total
    CustomerCardScreen._fill = original

    class Baseline(App):   # Textual's stock DataTable holding just 1,000 rows
        def compose(self):
            yield DataTable()

        def on_mount(self):
            t = self.query_one(DataTable)
            t.add_columns("#", "name", "phone", "segment")
            t.add_rows([(n, f"客户{n}", "138****0000", "low_value_dormant") for n in range(1000)])

    base = Baseline()
    base_keys = []
    async with base.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        dt = base.query_one(DataTable)
        for _ in range(presses):
            t0 = time.perf_counter()
            dt.action_cursor_down()
            draw(dt)
            base_keys.append(time.perf_counter() - t0)
    return {"key_ms": statistics.median(keys) * 1000, "key_ms_p95": sorted(keys)[int(len(keys) * .95)] * 1000,
            "base_key_ms": statistics.median(base_keys) * 1000,
            "card_ms_median": statistics.median(cards) * 1000, "card_ms_max": max(cards) * 1000,
            "last_rank": last_rank, "total": total}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000, help="customers on manager M1's list")
    parser.add_argument("--others", type=int, default=0, help="customers of other managers in the same file")
    parser.add_argument("--db", type=Path, help="reuse this database file (built if missing)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp()) / "bench.sqlite"
    if not db.exists():
        t0 = time.perf_counter()
        build_db(db, args.customers, args.others)
        print(f"built {db} ({args.customers:,} on M1, {args.others:,} others) in {time.perf_counter() - t0:.1f} s")
    app_runs = [start_to_frame(CHILD_APP, str(db)) for _ in range(args.runs)]
    empty_runs = [start_to_frame(CHILD_EMPTY) for _ in range(args.runs)]
    app_s = min(r[0] for r in app_runs)
    empty_s = min(r[0] for r in empty_runs)
    print(f"start to first call-list frame: {app_s * 1000:.0f} ms   (empty Textual app: {empty_s * 1000:.0f} ms,"
          f" ratio {app_s / empty_s:.2f})")
    app_mb = max(r[1] for r in app_runs)
    empty_mb = max(r[1] for r in empty_runs)
    print(f"peak memory at first frame: {app_mb:.0f} MB   (empty Textual app: {empty_mb:.0f} MB, ratio {app_mb / empty_mb:.2f})")
    m = asyncio.run(in_process(db, 200))
    print(f"key press to drawn lines on the list: median {m['key_ms']:.2f} ms, p95 {m['key_ms_p95']:.2f} ms"
          f"   (stock DataTable of 1,000 rows: {m['base_key_ms']:.2f} ms, ratio {m['key_ms'] / m['base_key_ms']:.2f})")
    print(f"open a customer card: median {m['card_ms_median']:.1f} ms, max {m['card_ms_max']:.1f} ms")
    print(f"list of {m['total']:,} rows; 'end' reached rank {m['last_rank']:,}")
    import resource

    print(f"peak memory of this process after scrolling the whole list: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
