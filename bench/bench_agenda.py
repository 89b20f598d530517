"""Benchmark of the app's follow-up agenda for the busiest manager of the sample branch: key `f` to the agenda drawn,
`a` (accept the first care suggestion) to the agenda drawn again, and the "more" row's next page.

    python bench/bench_agenda.py [--customers 200000] [--db FILE] [--runs 3]

The branch is the realistic sample (`workbench sample --customers N`, built once, as bench_report's, or --db), copied
first since accepting writes; the manager is the one with the most customers (at 200,000: 67 follow-ups and 4,128
care suggestions at 53b93bd, 2026-11-24; the care rules move the count a little, and the run prints it). In process,
through Textual's Pilot at 80x24 in Chinese; each time runs from the key press to the first refresh after the
agenda's handler (the rows on the screen).
Baselines, in the same run on the same data, alternating with it: the agenda drawn as it was before it came in
pages (every row, added one at a time), and the worker's reads alone (followups.agenda + care_suggestions), the
least any agenda costs. Each is the median of R runs.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, time as clock
from pathlib import Path

from bench_report import sample_args, sample_db
from workbench.sample import DEFAULT_TODAY

NOW = datetime.combine(DEFAULT_TODAY, clock(10, 0))


def one_at_a_time(real):
    """OptionList.add_options as the agenda used it before: one row per call, the list laid out again each time."""

    def add_options(self, new_options):
        for option in list(new_options):
            real(self, [option])
        return self

    return add_options


async def measure(db: Path, manager: str, runs: int) -> dict[str, list[float]]:
    from textual.widgets import OptionList

    from workbench.screens import agenda as agenda_module
    from workbench.screens.agenda import MORE, AgendaScreen
    from workbench.screens.app import WorkbenchApp

    drawn = asyncio.Event()
    handled: list[float] = []
    original = AgendaScreen._draw

    def draw(screen, *args, **kwargs):
        t0 = time.perf_counter()
        original(screen, *args, **kwargs)
        handled.append(time.perf_counter() - t0)
        screen.call_after_refresh(drawn.set)

    AgendaScreen._draw = draw
    times: dict[str, list[float]] = {}
    page, real_add = agenda_module.PAGE, OptionList.add_options

    async def timed(name: str, pilot, *keys: str) -> None:
        drawn.clear()
        t0 = time.perf_counter()
        await pilot.press(*keys)
        await asyncio.wait_for(drawn.wait(), 60)
        times.setdefault(name, []).append(time.perf_counter() - t0)
        times.setdefault(name + " (handler)", []).append(handled[-1])

    app = WorkbenchApp(db, now=NOW, lang="zh_CN", user=manager)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(10):
                await app.workers.wait_for_complete()
                await pilot.pause(0.05)
            for _ in range(runs):
                for variant in ("paged", "whole", "before"):
                    if variant != "paged":
                        agenda_module.PAGE = 10 ** 9
                    if variant == "before":
                        OptionList.add_options = one_at_a_time(real_add)
                    try:
                        await timed(f"open {variant}", pilot, "f")
                        screen = app.screen
                        options = screen.query_one("#agenda", OptionList)
                        first = screen.sections["suggestions"][0]
                        options.highlighted = options.get_option_index(first)
                        await timed(f"accept {variant}", pilot, "a")   # written, read again and drawn
                        if variant == "paged":
                            options.highlighted = options.get_option_index(MORE + "suggestions")
                            await timed("next page", pilot, "enter")
                        await pilot.press("escape")
                        await pilot.pause(0.1)
                    finally:
                        agenda_module.PAGE, OptionList.add_options = page, real_add
    finally:
        AgendaScreen._draw = original
    return times


def reads(db: Path, manager: str, runs: int) -> tuple[float, int, int]:
    """The worker's reads alone, median seconds; how many follow-ups and suggestions they give."""
    from workbench.db import connect
    from workbench.followups import agenda, care_suggestions

    conn = connect(db, create=False)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = agenda(conn, manager, NOW.date())
        suggestions = care_suggestions(conn, manager, NOW.date())
        times.append(time.perf_counter() - t0)
    follow_ups = sum(len(getattr(result, key, None) or []) for key in
                     ("overdue", "today", "this_week", "later", "campaign_over"))
    conn.close()
    return statistics.median(times), follow_ups, len(suggestions)


def main() -> int:
    args = sample_args(__doc__)
    db = Path(tempfile.mkdtemp()) / "agenda.sqlite"
    shutil.copy(args.db or sample_db(args.customers), db)
    from workbench.db import open_db
    from workbench.screens.agenda import PAGE as page_size

    conn = open_db(db).conn   # brings the copy's schema up to date before anything is timed
    manager, mine = conn.execute("SELECT manager_id, count(*) FROM customers WHERE manager_id IS NOT NULL"
                                 " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1").fetchone()
    conn.close()
    base, follow_ups, suggestions = reads(db, manager, args.runs)
    print(f"{args.customers:,} customers; manager {manager} ({mine:,} customers): {follow_ups} follow-ups,"
          f" {suggestions:,} care suggestions; median of {args.runs}, 80x24, zh_CN")
    times = asyncio.run(measure(db, manager, args.runs))
    m = {name: statistics.median(values) for name, values in times.items()}
    print(f"  the worker's reads alone (agenda + care suggestions)        {base * 1000:8.0f} ms")
    for what, name in (("f to the agenda drawn", "open"), ("a to the agenda drawn again", "accept")):
        print(f"  {what}:")
        for variant, how in (("paged", f"a page of {page_size} rows a section (as shipped)"),
                             ("whole", "every row, in one add_options"),
                             ("before", "every row, one add_option each (before)")):
            took = m[f"{name} {variant}"]
            print(f"    {how:<50} {took * 1000:6.0f} ms (handler {m[f'{name} {variant} (handler)'] * 1000:5.0f} ms)"
                  f"  {took / m[f'{name} before']:.2f}x before, {took / base:.1f}x the reads")
    print(f"  the next page of suggestions (enter on the \"more\" row)  {m['next page'] * 1000:.0f} ms"
          f" (handler {m['next page (handler)'] * 1000:.0f} ms; no reads: {m['next page'] / base:.2f}x them)")
    shutil.rmtree(db.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
