"""Benchmark: a bundle's round trip between two desks (`export bundle` on one, `import bundle` on the other).

    python bench/bench_bundle.py [--customers N] [--outcomes M] [--chain CxS ...] [--hand-overs K] [--db PATH] [--runs R]

The branch is the realistic sample (`workbench sample --customers N`), built once (into --db, to reuse it). Desk B
is a copy of it with a terminal id of its own. Desk A is another copy, with an id of its own, that went on
working: the sample's sixty days of calls are copied forward in time, whole weeks at a time (new ids, corrections,
follow-ups and their events pointing at their copies), until desk A has made at least M outcome entries since the
copy; the last copy takes whole customers' calls. Every file is copied afresh for each timing.

Timed, each the median of R runs, alternating, after one run untimed:
1. `export bundle --since` the day after the copy on desk A (M entries with their follow-up events) and
   `import bundle` of that file on desk B. Baseline: desk A's file attached to desk B, and the same outcome
   entries, follow-up events and the follow-ups they make copied with plain INSERT ... SELECT in one transaction
   and its COMMIT, the least a merge must write.
2. `import bundle` on desk B of a supervisor's chain of assignment entries made on desk A by `reassign`
   (`--chain 2000x8`: 2,000 customers with no pending follow-up, each given 8 times to another manager, round by
   round; `1x16000`: one customer 16,000 times over). Baseline: a plain INSERT of the same entries and one
   UPDATE of customers.manager_id to their final managers, in one transaction. The import must leave every
   customer of the chain with desk A's manager; the benchmark checks it.
3. `import bundle` on desk B of a day of hand-overs made on desk A (`--hand-overs 3`: the three managers with the
   most customers each hand their whole book over, shared by the other managers; at 200,000 customers about 100,000
   assignment entries with the follow-ups' events). Baseline: as for a chain. The import must leave every customer
   with desk A's manager; the benchmark checks it.

Peak memory is this process's largest resident size during the step (reset before each where Linux allows it),
and in brackets how far it rose above the resident size the step started with.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from workbench.assignments import COLUMNS as ASSIGNMENTS
from workbench.db import open_db
from workbench.followups import reassign_customer
from workbench.handover import hand_over
from workbench.sample import generate_sample
from workbench.sync.bundle import EVENT_COLUMNS as EVENTS, OUTCOME_COLUMNS as OUTCOMES, export_bundle, import_bundle
from workbench.sync.terminal import new_terminal_id

PENDING = "('open', 'rescheduled')"
STAMP = "strftime('%Y-%m-%dT%H:%M:%S', {column}, :shift)"
# Each column of a copied row: ids mapped to their copy's, times moved forward, desk A's terminal id.
COPIED = {
    "outcome_id": "copied(:round, outcome_id)", "supersedes": "copied(:round, supersedes)",
    "event_id": "copied(:round, event_id)", "followup_id": "copied(:round, followup_id)",
    "based_on": "copied(:round, based_on)", "last_event_id": "copied(:round, last_event_id)",
    "at": STAMP.format(column="at"), "recorded_at": STAMP.format(column="recorded_at"),
    "created_at": STAMP.format(column="created_at"), "updated_at": STAMP.format(column="updated_at"),
    "due_on": "date(due_on, :shift)", "terminal_id": ":terminal",
}


def followup_columns(conn: sqlite3.Connection) -> tuple[str, ...]:
    """Every column of the follow-ups table, as the schema has it: what a follow-up's copy carries."""
    return tuple(row[1] for row in conn.execute("PRAGMA main.table_info(followups)"))


def copied_id(round_: int, entry_id: str | None) -> str | None:
    """The id of an entry's copy in a round: a UUID, the same every time."""
    return None if entry_id is None else str(uuid.uuid5(uuid.NAMESPACE_OID, f"{round_}:{entry_id}"))


def sample_span(path: Path) -> tuple[datetime, datetime]:
    """The first and last time the sample's calls and follow-up events were made or recorded."""
    conn = sqlite3.connect(path)
    first, last = conn.execute(
        "SELECT min(a), max(z) FROM (SELECT min(at) a, max(recorded_at) z FROM outcomes"
        " UNION ALL SELECT min(at), max(at) FROM followup_events)").fetchone()
    conn.close()
    if first is None:
        raise SystemExit("the sample has no calls to copy")
    return datetime.fromisoformat(first), datetime.fromisoformat(last)


def copy_calls(conn: sqlite3.Connection, target: int, first: datetime, last: datetime) -> datetime:
    """Desk A's work since the copy: the sample's calls, follow-ups and events (made from first to last) copied
    forward whole weeks at a time until at least target outcome entries are new; returns a time after the last."""
    conn.create_function("copied", 2, copied_id, deterministic=True)
    span = last - first
    week_shift = 7 * math.ceil((span.total_seconds() / 86400 + 1) / 7)   # whole weeks: calls keep their weekday
    conn.execute("CREATE TEMP TABLE original_outcomes AS SELECT * FROM outcomes")
    conn.execute("CREATE TEMP TABLE original_events AS SELECT * FROM followup_events")
    conn.execute("CREATE TEMP TABLE original_followups AS SELECT * FROM followups")
    conn.execute("CREATE TEMP TABLE chosen (customer_id TEXT PRIMARY KEY)")
    terminal = conn.execute("SELECT value FROM meta WHERE key = 'terminal_id'").fetchone()[0]
    made, round_ = 0, 0
    conn.execute("BEGIN")
    while made < target:
        round_ += 1
        conn.execute("DELETE FROM temp.chosen")
        # The customers whose calls are copied this round: all of them, or (the last round) enough whole customers.
        conn.execute(
            "INSERT INTO temp.chosen SELECT customer_id FROM (SELECT customer_id, n, sum(n) OVER (ORDER BY"
            " copied(:round, customer_id)) AS running FROM (SELECT customer_id, count(*) AS n FROM"
            " temp.original_outcomes GROUP BY customer_id)) WHERE running - n < :need",
            {"round": round_, "need": target - made})
        params = {"round": round_, "shift": f"+{round_ * week_shift} days", "terminal": terminal}
        for table, columns in (("outcomes", OUTCOMES), ("followup_events", EVENTS),
                               ("followups", followup_columns(conn))):
            made_here = conn.execute(
                f"INSERT INTO main.{table} ({', '.join(columns)}) SELECT"
                f" {', '.join(COPIED.get(c, c) for c in columns)} FROM temp.original_{table.split('_')[-1]}"
                " WHERE customer_id IN temp.chosen", params).rowcount
            if table == "outcomes":
                made += made_here
    conn.execute("COMMIT")
    stamp = conn.execute("SELECT max(recorded_at) FROM outcomes").fetchone()[0]
    return datetime.combine(datetime.fromisoformat(stamp).date() + timedelta(days=1), datetime.min.time()) \
        + timedelta(hours=18)


def make_chain(conn: sqlite3.Connection, customers: int, steps: int, supervisor: str, start: datetime) -> dict[str, str]:
    """A supervisor on this desk gives each of that many customers (with a manager, no pending follow-up) to
    another manager, steps times over, round by round; returns each customer's final manager."""
    managers = [r[0] for r in conn.execute(
        "SELECT staff_id FROM staff WHERE role = 'manager' AND active = 1 ORDER BY staff_id")]
    chosen = dict(conn.execute(
        "SELECT customer_id, manager_id FROM customers WHERE manager_id IS NOT NULL AND customer_id NOT IN"
        f" (SELECT customer_id FROM followups WHERE status IN {PENDING}) ORDER BY customer_id LIMIT ?",
        (customers,)))
    if len(chosen) < customers:
        raise SystemExit(f"the sample has only {len(chosen):,} customers with a manager and no pending follow-up")
    rng = random.Random(11)
    at = start
    for _step in range(steps):
        for customer_id, manager in chosen.items():
            to = rng.choice([m for m in managers if m != manager])
            reassign_customer(conn, customer_id, to, at=at, by_id=supervisor)
            chosen[customer_id] = to
            at += timedelta(seconds=2)
    return chosen


def make_hand_overs(conn: sqlite3.Connection, leavers: int, supervisor: str, start: datetime) -> dict[str, str]:
    """The managers with the most customers hand their books over one after another, each shared by the managers
    still at work; returns the final manager of every customer moved."""
    managers = [r[0] for r in conn.execute(
        "SELECT manager_id FROM customers WHERE manager_id IS NOT NULL GROUP BY manager_id ORDER BY count(*) DESC")]
    if len(managers) < leavers + 1:
        raise SystemExit(f"the sample has {len(managers)} managers with customers, too few for {leavers} hand-overs")
    moved: set[str] = set()
    for n, leaver in enumerate(managers[:leavers]):
        moved |= {r[0] for r in conn.execute("SELECT customer_id FROM customers WHERE manager_id = ?", (leaver,))}
        hand_over(conn, leaver, managers[n + 1:], at=start + timedelta(minutes=n), by_id=supervisor, leave=True)
    return dict(conn.execute("SELECT customer_id, manager_id FROM customers WHERE customer_id IN"
                             " (SELECT value FROM json_each(?))", (json.dumps(sorted(moved)),)))


def desk(source: Path, target: Path, supervisor: str, at: datetime) -> Database:
    """A copy of the branch with a terminal id of its own, open."""
    shutil.copyfile(source, target)
    db = open_db(target)
    new_terminal_id(db.conn, at=at, actor=supervisor)
    return db


def reset_peak() -> bool:
    """Start this process's peak resident size afresh (Linux); False where it cannot be."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def resident_mb() -> float:
    """This process's resident size now (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS")) / 1024
    except (OSError, StopIteration):
        return 0.0


class Timings:
    """Seconds and peak memory of each way, over the runs."""

    def __init__(self) -> None:
        self.seconds: dict[str, list[float]] = {}
        self.peaks: dict[str, list[float]] = {}
        self.grown: dict[str, list[float]] = {}   # the peak above the resident size the step started with

    def time(self, name: str, fn):
        reset_peak()
        before = resident_mb()
        started = time.perf_counter()
        result = fn()
        self.seconds.setdefault(name, []).append(time.perf_counter() - started)
        self.peaks.setdefault(name, []).append(peak_mb())
        self.grown.setdefault(name, []).append(self.peaks[name][-1] - before)
        return result

    def median(self, name: str) -> float:
        return statistics.median(self.seconds[name])

    def line(self, name: str, rows: int, base: float) -> str:
        t = self.median(name)
        spent = self.seconds[name]
        return (f"{name:<46} {t:8.3f} s ({min(spent):.3f}-{max(spent):.3f}) {rows / t:>10,.0f} rows/s"
                f"  {t / base:6.2f}x baseline  peak {max(self.peaks[name]):4.0f} MB"
                f" (+{max(0.0, *self.grown[name]):.0f})")


def baseline_merge(b_path: Path, a_path: Path, since: str, now: datetime) -> None:
    """Desk A attached to desk B: the bundle's outcome entries and follow-up events, and the follow-ups they make,
    copied with plain INSERT ... SELECT in one transaction."""
    conn = sqlite3.connect(b_path, isolation_level=None)
    conn.execute("PRAGMA synchronous = NORMAL")   # as open_db, under the WAL it left on the file
    conn.execute("ATTACH DATABASE ? AS desk_a", (str(a_path),))
    arrived = {"since": since, "now": now.isoformat(timespec="seconds")}
    followups = ", ".join(followup_columns(conn))
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(f"INSERT INTO outcomes ({', '.join(OUTCOMES)}, arrived_at) SELECT {', '.join(OUTCOMES)}, :now"
                 " FROM desk_a.outcomes WHERE coalesce(arrived_at, recorded_at) >= :since", arrived)
    conn.execute(f"INSERT INTO followup_events ({', '.join(EVENTS)}, arrived_at) SELECT {', '.join(EVENTS)}, :now"
                 " FROM desk_a.followup_events WHERE coalesce(arrived_at, at) >= :since", arrived)
    conn.execute(f"INSERT INTO followups ({followups}) SELECT {followups} FROM desk_a.followups"
                 " WHERE followup_id IN (SELECT followup_id FROM desk_a.followup_events"
                 " WHERE coalesce(arrived_at, at) >= :since)", arrived)
    conn.execute("COMMIT")
    conn.close()


def baseline_chain(b_path: Path, rows: list[tuple], final: dict[str, str], now: datetime) -> None:
    """The chain's entries inserted as they are and each customer given their final manager, in one transaction."""
    conn = sqlite3.connect(b_path, isolation_level=None)
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(f"INSERT INTO assignments ({', '.join(ASSIGNMENTS)}, status, arrived_at)"
                     f" VALUES ({', '.join('?' * len(ASSIGNMENTS))}, 'applied', ?)",
                     [(*row, now.isoformat(timespec="seconds")) for row in rows])
    conn.execute("UPDATE customers SET manager_id = j.value FROM json_each(?) j WHERE customers.customer_id = j.key",
                 (json.dumps(final),))
    conn.execute("COMMIT")
    conn.close()


def chain_shape(text: str) -> tuple[int, int]:
    try:
        customers, steps = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"a chain is CUSTOMERSxSTEPS (2000x8), not {text!r}") from None
    if customers < 1 or steps < 1:
        raise argparse.ArgumentTypeError(f"a chain needs at least one customer and one step, not {text!r}")
    return customers, steps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--outcomes", type=int, default=25_000, help="outcome entries desk A made since the copy")
    parser.add_argument("--chain", type=chain_shape, action="append", default=None, metavar="CxS",
                        help="C customers each reassigned S times (repeatable; default 2000x8 and 1x16000)")
    parser.add_argument("--hand-overs", type=int, default=3, metavar="K",
                        help="the K managers with the most customers hand their books over in a day (0: none)")
    parser.add_argument("--db", type=Path, default=None, help="Keep the sample here and reuse it on later runs.")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    chains = args.chain or [(2000, 8), (1, 16000)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = args.db or folder / "sample.sqlite"
        built = time.perf_counter()
        if not source.exists():
            generate_sample(source, customers=args.customers)
        db = open_db(source)
        supervisor = db.conn.execute("SELECT staff_id FROM staff WHERE role = 'supervisor' AND active = 1"
                                     " ORDER BY staff_id").fetchone()[0]
        customers = db.conn.execute("SELECT count(*) FROM customers").fetchone()[0]
        db.close()
        first, last = sample_span(source)
        since = (last.date() + timedelta(days=1)).isoformat()   # the first day of the desks' own work
        copied_at = datetime.fromisoformat(f"{since}T08:00:00")   # when the desks became terminals of their own
        a_template, b_template = folder / "desk-a.sqlite", folder / "desk-b.sqlite"
        db = desk(source, a_template, supervisor, copied_at)
        now = copy_calls(db.conn, args.outcomes, first, last)
        db.close()
        desk(source, b_template, supervisor, copied_at).close()
        chain_desks = []
        for n, steps in chains:
            path = folder / f"chain-{n}x{steps}.sqlite"
            db = desk(source, path, supervisor, copied_at)
            final = make_chain(db.conn, n, steps, supervisor, datetime.fromisoformat(f"{since}T09:00:00"))
            bundle = folder / f"chain-{n}x{steps}.wbundle"
            carried = export_bundle(db.conn, bundle, now=now, since=since, actor=supervisor).manifest["counts"]
            if carried["assignments"] != n * steps or sum(carried.values()) != n * steps:
                raise SystemExit(f"the chain's bundle holds {carried}, not {n * steps:,} assignment entries alone")
            rows = db.conn.execute(f"SELECT {', '.join(ASSIGNMENTS)} FROM assignments WHERE at >= ?"
                                   " ORDER BY at, rowid", (since,)).fetchall()
            db.close()
            chain_desks.append((f"chain {n:,}x{steps:,}", bundle, rows, final))
        hand_over_desks = []
        if args.hand_overs:
            path = folder / "hand-overs.sqlite"
            db = desk(source, path, supervisor, copied_at)
            final = make_hand_overs(db.conn, args.hand_overs, supervisor, datetime.fromisoformat(f"{since}T09:00:00"))
            bundle = folder / "hand-overs.wbundle"
            export_bundle(db.conn, bundle, now=now, since=since, actor=supervisor)
            rows = db.conn.execute(f"SELECT {', '.join(ASSIGNMENTS)} FROM assignments WHERE at >= ?"
                                   " ORDER BY at, rowid", (since,)).fetchall()
            db.close()
            hand_over_desks.append((f"{args.hand_overs} hand-overs", bundle, rows, final))
        print(f"{customers:,} customers; built in {time.perf_counter() - built:.0f} s; median of {args.runs} runs"
              f"{'' if reset_peak() else ' (peak memory: of the whole process)'}")

        timings = Timings()
        a_work, b_work = folder / "a.sqlite", folder / "b.sqlite"
        out = folder / "out.wbundle"
        counts: dict[str, int] = {}
        for run in range(args.runs + 1):   # run 0 warms up: the first import loads scipy, for the rescore
            if run == 1:
                timings = Timings()
            shutil.copyfile(a_template, a_work)
            shutil.copyfile(b_template, b_work)
            timings.time("baseline: ATTACH + INSERT ... SELECT + COMMIT", lambda: baseline_merge(b_work, a_work, since, now))

            shutil.copyfile(b_template, b_work)
            db = open_db(a_work)
            counts = timings.time("export bundle on desk A", lambda: export_bundle(
                db.conn, out, now=now, since=since, actor=supervisor, force=True)).manifest["counts"]
            db.close()
            db = open_db(b_work)
            result = timings.time("import bundle on desk B", lambda: import_bundle(db.conn, out, now=now,
                                                                                  actor=supervisor))
            db.close()
            if result.outcomes_new != counts["outcomes"] or result.events_new != counts["followup_events"]:
                raise SystemExit(f"desk B took {result.outcomes_new:,} entries and {result.events_new:,} events of"
                                 f" {counts['outcomes']:,} and {counts['followup_events']:,}")
            timings.seconds.setdefault("export + import", []).append(
                timings.seconds["export bundle on desk A"][-1] + timings.seconds["import bundle on desk B"][-1])
            for kept in (timings.peaks, timings.grown):
                kept.setdefault("export + import", []).append(
                    max(kept["export bundle on desk A"][-1], kept["import bundle on desk B"][-1]))

            for label, bundle, rows, final in chain_desks + hand_over_desks:
                shutil.copyfile(b_template, b_work)
                timings.time(f"baseline: INSERT {label} + UPDATE + COMMIT",
                             lambda: baseline_chain(b_work, rows, final, now))
                shutil.copyfile(b_template, b_work)
                db = open_db(b_work)
                timings.time(f"import bundle: {label}", lambda: import_bundle(db.conn, bundle, now=now,
                                                                              actor=supervisor))
                landed = dict(db.conn.execute(
                    "SELECT customer_id, manager_id FROM customers WHERE customer_id IN (SELECT value FROM json_each(?))",
                    (json.dumps(list(final)),)))
                db.close()
                if landed != final:
                    wrong = sum(landed.get(c) != m for c, m in final.items())
                    raise SystemExit(f"{label}: {wrong:,} customers did not end with desk A's manager")

        rows = counts["outcomes"] + counts["followup_events"]
        print(f"\n1. desk A's bundle since {since}: {counts['outcomes']:,} outcome entries and"
              f" {counts['followup_events']:,} follow-up events; {out.stat().st_size / 1e6:.1f} MB")
        base = timings.median("baseline: ATTACH + INSERT ... SELECT + COMMIT")
        for name in ("baseline: ATTACH + INSERT ... SELECT + COMMIT", "export bundle on desk A",
                     "import bundle on desk B", "export + import"):
            print(timings.line(name, rows, base))
        for number, (label, _bundle, entries, final) in enumerate(chain_desks, start=2):
            print(f"\n{number}. a chain of {len(entries):,} assignment entries ({label}: {len(final):,}"
                  f" customer{'s' if len(final) > 1 else ''}), each landing with desk A's manager")
            base = timings.median(f"baseline: INSERT {label} + UPDATE + COMMIT")
            for name in (f"baseline: INSERT {label} + UPDATE + COMMIT", f"import bundle: {label}"):
                print(timings.line(name, len(entries), base))
        for label, _bundle, entries, final in hand_over_desks:
            print(f"\n{len(chain_desks) + 2}. a day of {label} on desk A: {len(entries):,} assignment entries"
                  f" ({len(final):,} customers), each landing with desk A's manager")
            base = timings.median(f"baseline: INSERT {label} + UPDATE + COMMIT")
            for name in (f"baseline: INSERT {label} + UPDATE + COMMIT", f"import bundle: {label}"):
                print(timings.line(name, len(entries), base))
        print(f"\nload average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
