"""The deterministic sample branch: the same arguments always give the same rows.

``generate_sample`` builds a fresh database in a temporary file beside the target and renames it
into place only when everything is written, so an interruption leaves no half-written sample.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import random
from collections import deque
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from workbench import ids
from workbench.db import create_indexes, set_terminal_id
from workbench.errors import WorkbenchError
from workbench.i18n import _
from workbench.sync.files import remove_left_behind

DEFAULT_CUSTOMERS = 5000
DEFAULT_SEED = 20261120
DEFAULT_TODAY = date(2026, 11, 20)   # fixed, so the committed sample never depends on the clock
MAX_CUSTOMERS = 5_000_000
CHUNK = 20_000                        # customers generated and inserted per batch
VACUUM_MAX_CUSTOMERS = 200_000        # larger files are benchmarks: built compact, compacting costs time
# Larger samples are benchmarks and skip the campaigns' notices: each manager's day of them works out the
# manager's suggestions twice (200,000 customers: the notices alone 6.7 s, 1.95x working out those
# manager-days' suggestions once; `python -m bench notices`).
NOTICES_MAX_CUSTOMERS = 50_000
BULK_TABLES = ("customers", "holdings")   # their indexes are built once after the rows are in


@dataclass(frozen=True)
class SampleSummary:
    path: Path
    seed: int
    today: date
    customers: int
    unassigned: int
    managers: int
    holdings: int
    outcomes: int
    followups_open: int
    terminal_id: str


def generate_sample(
    path: str | Path,
    *,
    customers: int = DEFAULT_CUSTOMERS,
    seed: int = DEFAULT_SEED,
    today: date = DEFAULT_TODAY,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    new_terminal: bool = False,
) -> SampleSummary:
    """Write the sample branch to path (refusing an existing file unless force) and summarise it; new_terminal:
    the file is a terminal of its own (a working database), not the seed's, from the moment it is in place.

    progress(done, total) is called after each batch of customers; workers is the number of extra
    processes generating batches while this one writes (None: one per CPU, at most four, when
    there is more than one batch and more than one CPU; 0: none).
    """
    from workbench.db import open_db

    path = Path(path)
    if not 1 <= customers <= MAX_CUSTOMERS:
        raise WorkbenchError(_("The number of customers must be between 1 and {most:,}, not {customers:,}.").format(
            most=MAX_CUSTOMERS, customers=customers))
    if path.is_dir():
        raise WorkbenchError(_("{path} is a folder; name a file for the sample.").format(path=path))
    if path.exists() and not force:
        raise WorkbenchError(_("{path} already exists; use --force to replace it.").format(path=path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkbenchError(_("Cannot create the folder for {path}: {reason}.").format(path=path, reason=exc.strerror)) from None
    if not os.access(path.parent, os.W_OK):
        raise WorkbenchError(_("Cannot write in {folder}; choose another --out.").format(folder=path.parent))
    # Through a symbolic link the file it names is replaced, not the link: two databases would drift apart.
    target = path.resolve() if path.is_symlink() else path
    tmp = target.with_name(f".{target.name}.{os.getpid()}.partial")
    _remove(tmp)
    remove_left_behind(target, ".partial")   # a killed run's, hundreds of MB at a million customers
    db = None
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))   # customer data from the first page
        db = open_db(tmp)
        conn = db.conn
        # The file only counts once renamed into place, so the build needs no crash safety of its own.
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA journal_mode = MEMORY")
        summary = _finish(conn, today, _write(conn, path, customers, seed, today, workers, progress))
        conn.execute("PRAGMA journal_mode = DELETE")   # one self-contained file, no -wal beside it
        if customers <= VACUUM_MAX_CUSTOMERS:
            conn.execute("VACUUM")
        db.close()
        db = None
        if new_terminal:
            from workbench.paths import become_new_terminal

            become_new_terminal(tmp)
        os.chmod(tmp, 0o600)   # customer data, even made-up, is for this user only
        os.replace(tmp, target)
    except BaseException:
        if db is not None:
            db.close()
        _remove(tmp)
        raise
    return summary


def seed_terminal_id(seed: int) -> str:
    """The terminal id a sample made from seed is written with (a working copy then gets its own): the first draw
    of the seed's generator, as _write takes it. `workbench terminal show` tells the one from the other."""
    return ids.from_rng(random.Random(seed))


def _finish(conn, today: date, summary: SampleSummary) -> SampleSummary:
    """Make the raw sample ready to use: the engine's scores, contact state and the campaigns' first notices;
    returns the summary with the notices counted.

    Runs after the raw rows are committed and before the file is compacted and renamed into place;
    the steps are workbench.rules.refresh_contact_state for every customer with an outcome,
    workbench.scoring.rescore(conn, today), each made-up call given its customer's segment, then
    notices.give_notices (the workbench's own accept, log and complete; up to NOTICES_MAX_CUSTOMERS customers) and a rescore of the customers they reached. The default scripts came with the
    database's migrations.
    """
    from workbench.db.followups import PENDING_SQL
    from workbench.rules import refresh_contact_state
    from workbench.sample.notices import give_notices
    from workbench.scoring import rescore
    from workbench.sync.reactivation import confirm_reactivations

    with conn:
        conn.execute("BEGIN IMMEDIATE")
        refresh_contact_state(conn, None)
        rescore(conn, today)
        # The made-up calls were written before any customer had a segment: each takes its customer's now.
        conn.execute("UPDATE outcomes SET segment = (SELECT c.segment FROM customers c"
                     " WHERE c.customer_id = outcomes.customer_id) WHERE segment IS NULL")
        touched = give_notices(conn, today, summary.seed) if summary.customers <= NOTICES_MAX_CUSTOMERS else set()
        if touched:
            rescore(conn, today, customer_ids=sorted(touched))
            confirm_reactivations(conn)   # as _write does for the made-up calls
        outcomes, open_count = conn.execute(
            f"SELECT (SELECT count(*) FROM outcomes), (SELECT count(*) FROM followups"
            f" WHERE status IN {PENDING_SQL})").fetchone()
    return dataclasses.replace(summary, outcomes=outcomes, followups_open=open_count)


def _remove(tmp: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.remove(f"{tmp}{suffix}")
        except FileNotFoundError:
            pass


def _write(conn, path: Path, n: int, seed: int, today: date, workers: int | None, progress) -> SampleSummary:
    from workbench.db.followups import replay
    from workbench.sample import batch, calls, customers, holdings, org
    from workbench.sync.reactivation import confirm_reactivations

    rng = random.Random(seed)
    day0 = today.toordinal()
    terminal_id = ids.from_rng(rng)   # seed_terminal_id(seed), drawn from the rng the rest goes on with
    looked_after = {s[0]: 0 for s in org.MANAGERS}
    candidates: dict[str, list] = {s[0]: [] for s in org.MANAGERS}
    others: dict[str, list] = {s[0]: [] for s in org.MANAGERS}
    customer_sql = _insert_sql("customers", customers.COLUMNS)
    holding_sql = _insert_sql("holdings", holdings.COLUMNS)
    unassigned = holding_count = done = 0

    # The generator keeps every reference intact (the tests check it), so the bulk load skips the
    # per-row foreign-key lookups and builds the big tables' indexes once at the end.
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("BEGIN IMMEDIATE")
    try:
        indexes = conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            f" AND tbl_name IN ({','.join('?' * len(BULK_TABLES))}) ORDER BY name", BULK_TABLES
        ).fetchall()
        for name, _sql in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        # The sample is one terminal whose identity comes from the seed, like everything else.
        set_terminal_id(conn, terminal_id)
        conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [
            ("sample.seed", str(seed)), ("sample.today", today.isoformat()), ("sample.customers", str(n))])
        conn.executemany(_insert_sql("branches", ("branch_id", "name", "parent_id", "level")), org.BRANCHES)
        conn.executemany(_insert_sql("staff", ("staff_id", "name", "role", "branch_id", "created_at")),
                         [(s[0], s[1], s[2], s[3], org.STAFF_CREATED_AT) for s in org.STAFF])
        for part in _batches(seed, n, day0, workers):
            conn.executemany(customer_sql, part.customers)
            conn.executemany(holding_sql, part.holdings)
            unassigned += part.unassigned
            holding_count += len(part.holdings)
            done += len(part.customers)
            for staff_id in looked_after:
                looked_after[staff_id] += part.looked_after[staff_id]
                _extend_capped(candidates[staff_id], part.dormant[staff_id], batch.DORMANT_CANDIDATES)
                _extend_capped(others[staff_id], part.others[staff_id], batch.OTHER_CANDIDATES)
            if progress is not None:
                progress(done, n)
        create_indexes(conn, [sql for _, sql in indexes])

        sim = calls.CallSimulator(rng, day0, batch.iso_days(day0), terminal_id)
        for staff_id in looked_after:
            sim.run_manager(staff_id, candidates[staff_id] + others[staff_id], looked_after[staff_id])
        log = sim.log
        conn.executemany(_insert_sql("outcomes", calls.OUTCOME_COLUMNS), log.outcomes)
        conn.executemany(_insert_sql("followup_events", calls.EVENT_COLUMNS), log.events)
        # What the outcomes did to the customers, as logging them in the workbench would have.
        conn.executemany("UPDATE customers SET do_not_call = 1, do_not_call_source = 'outcome' WHERE customer_id = ?",
                         [(cid,) for cid in log.do_not_call])
        iso = batch.iso_days(day0)
        conn.executemany(
            "UPDATE customers SET first_activity_on = coalesce(first_activity_on, ?1), last_activity_on = ?1,"
            " activity_count_12m = ?2 WHERE customer_id = ?3",
            [(iso(day), count, cid) for cid, day, count in log.reactivated])
        replay(conn, None)
        # Head office's extracts have already shown the activity after these calls: credit it now,
        # or the first real import would credit it as news.
        confirm_reactivations(conn)
        _campaigns(conn, today)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    # _finish counts the outcomes and open follow-ups once the campaigns' notices are in.
    return SampleSummary(path, seed, today, n, unassigned, len(org.MANAGERS), holding_count,
                         len(log.outcomes), 0, terminal_id)


def _campaigns(conn, today: date) -> None:
    """Head office's campaigns (org.CAMPAIGNS), as the supervisor would have imported them."""
    from datetime import datetime, time, timedelta

    from workbench import campaigns
    from workbench.sample import org

    found = [campaigns.Campaign(cid, title, offer, today + timedelta(days=first), today + timedelta(days=last), channel,
                                **targets)
             for cid, title, offer, first, last, channel, targets in org.CAMPAIGNS]
    supervisor = next(s[0] for s in org.STAFF if s[2] == "supervisor")
    campaigns.save(conn, found, at=datetime.combine(today - timedelta(days=5), time(9)),
                   by_id=supervisor, source="sample")


def _extend_capped(target: list, items: list, cap: int) -> None:
    if len(target) < cap:
        target.extend(items[: cap - len(target)])


def _batches(seed: int, n: int, day0: int, workers: int | None):
    """The customer batches in order; made by worker processes when there are several batches."""
    from workbench.sample.batch import make_batch

    jobs = [(seed, k, min(CHUNK, n - k * CHUNK), CHUNK, day0) for k in range(-(-n // CHUNK))]
    if workers is None:
        cpus = os.cpu_count() or 1
        workers = min(4, cpus) if len(jobs) > 1 and cpus > 1 else 0
    if workers <= 0:
        for job in jobs:
            yield make_batch(*job)
        return
    # At most a few batches wait in memory: the next is submitted as each one is taken.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending = deque()
        try:
            for job in jobs:
                pending.append(pool.submit(make_batch, *job))
                if len(pending) > workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
