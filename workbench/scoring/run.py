"""rescore(): read the customers a run covers, score them branch by branch, write what changed.

Three kinds of run:
  partial  the customers named (after an import, an outcome, a bundle): always exact for them.
  full     everyone; refits BG/NBD per branch when asked to (refit=True) or when a branch's last
           fit is scoring.refit_days old (a branch without a fit yet is always fitted), the other
           branches reuse their latest parameters. Records a scoring_runs row per branch.
  due      what a run with refit=False becomes when nothing but time has passed since the last
           one: only the customers whose scores_due_on has come (or who were never scored). It is
           chosen when every branch's latest run used the settings in force now, its last full run
           is at most scoring.full_rescore_days old and its fit is fresh; a change to any setting
           scores depend on (settings.affects_scores) means a full run.
Every changed input reaches the scores through a partial run in the same transaction (imports,
outcomes and bundles call rescore for the customers they touch), which is what makes a due run
exact; the periodic full run is the safety net.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from workbench import dormancy
from workbench.db import create_indexes
from workbench.scoring import inputs, model, store
from workbench.scoring.staged import StagedInputs
from workbench.settings import load_settings, scoring_part
from workbench.txn import write_transaction

FIT_SAMPLE_MAX = 5_000  # a larger branch is fitted on an evenly spread sample of this many customers
REBUILD_INDEX_FROM = 100_000  # from this many changed rows (and a quarter of the table), rebuild the score indexes

# The indexes on written score columns, dropped and rebuilt from their stored definitions around a
# large write (faster than updating them row by row).
_SCORE_INDEXES = ("customers_calllist", "customers_scores_due", "customers_unscored")


@dataclass
class BranchRun:
    branch_id: str | None
    customers: int
    fitted: bool
    params: dormancy.BGNBDParams | None = None
    settings_digest: str | None = None
    refitted: bool = False   # a fit was attempted in this run (it may have fallen back to the rules)


@dataclass
class RescoreResult:
    scored_on: dt.date
    mode: str = "partial"  # partial, full or due (see the module's docstring)
    customers: int = 0     # customers looked at
    listable: int = 0
    written: int = 0       # customers whose scores changed and were written
    runs: list[BranchRun] = field(default_factory=list)


def rescore(conn: sqlite3.Connection, today: dt.date, *, customer_ids: Iterable[str] | None = None,
            settings: Mapping | None = None, refit: bool = True,
            progress: Callable[[int, int], None] | None = None) -> RescoreResult:
    """Recompute the stored scores of the given customers (all when None) as of today.

    With customer_ids None, refit=True (the default) is a full run refitting BG/NBD; refit=False
    brings every score up to date the cheapest exact way: a due run when only time has passed,
    else a full run (refitting only stale fits). An explicit `settings` always means a full run.
    progress, if given, is told (customers scored, of how many) before the fits and after each chunk.
    """
    ids = None if customer_ids is None else json.dumps(sorted(set(customer_ids)))
    if ids == "[]":
        return RescoreResult(scored_on=today)
    with write_transaction(conn):
        branches, per_branch = _branches(conn, ids, settings)
        if ids or refit or settings is not None:
            mode, refit_now = "partial" if ids else "full", bool(refit) and not ids
        else:
            mode, refit_now = _plan(conn, today, branches, per_branch)
        which = {"partial": inputs.NAMED, "full": inputs.ALL, "due": inputs.DUE}[mode]
        window = max([int(s["segments.maturity_within_days"]) for s in per_branch] or [0])
        budget = max([int(s["contact.budget_days"]) for s in per_branch] or [0])
        table = _table_rows(conn)
        covered = inputs.prepare(conn, today, which, {"ids": ids, "today": today.isoformat()}, branches, window,
                                 budget)
        result = RescoreResult(scored_on=today, mode=mode)
        told = _teller(progress, table if covered is None else covered)
        told(result)
        result.runs = _branch_runs(conn, today, branches, per_branch, mode=mode, refit=refit_now)
        dropped: list[str] | None = None   # the score indexes' statements once dropped for a large write
        for cols in inputs.chunks(conn, today, everyone=which is inputs.ALL):
            changed, moved, scores, digest, due = _score_chunk(today, cols, per_branch, result)
            if dropped is None and _worth_rebuilding(result, changed.size, cols["rowid"].size,
                                                     table if covered is None else covered, table):
                dropped = _drop_score_indexes(conn)
            store.write(conn, today, cols, scores, digest, due, changed, moved)
            result.written += changed.size
            told(result)
        create_indexes(conn, dropped or [])
        inputs.finish(conn)
        if mode != "partial":
            for run in result.runs:   # every branch with customers, due or not: the plan reads them back
                _record_run(conn, today, run, mode)
    return result


def rescore_staged(conn: sqlite3.Connection, today: dt.date, staged: StagedInputs,
                   sink: Callable[[int, dict[str, np.ndarray]], None],
                   progress: Callable[[int, int], None] | None = None) -> RescoreResult:
    """The full run (refitting BG/NBD) that rescore(conn, today) would make once the staged parts
    are inserted, part after part in rowid order, into an empty customers table, made before they are:
    sink(k, columns) takes the score columns (store.score_values, with "rowid") of part k's
    customers, a chunk at a time. Inserted with them, they need no rescore (tests/test_scoring_staged.py).
    progress: as rescore's. An import runs the three steps itself, scoring on a thread of its own.
    """
    with write_transaction(conn):
        run = plan_staged(conn, today, staged, progress)
        score_staged(run, staged, sink)
        return record_staged(conn, run, staged)


@dataclass
class StagedRun:
    """A full run over staged parts with its fits made: what score_staged needs, and its counts."""

    today: dt.date
    per_branch: list
    result: RescoreResult
    told: Callable[[RescoreResult], None]


def plan_staged(conn: sqlite3.Connection, today: dt.date, staged: StagedInputs,
                progress: Callable[[int, int], None] | None = None) -> StagedRun:
    """rescore_staged's first step, on the connection's thread: each branch's settings and BG/NBD fit."""
    per_branch = [load_settings(conn, b) for b in staged.branches]
    result = RescoreResult(scored_on=today, mode="full")
    told = _teller(progress, sum(staged.counts))
    told(result)
    samples = staged.samples([_fit_cap(s) for s in per_branch])
    result.runs = _branch_runs(conn, today, staged.branches, per_branch, mode="full", refit=True, samples=samples)
    return StagedRun(today, per_branch, result, told)


def score_staged(run: StagedRun, staged: StagedInputs, sink: Callable[[int, dict[str, np.ndarray]], None],
                 stop: threading.Event | None = None) -> None:
    """rescore_staged's second step: score every staged chunk into sink. It runs no SQL, so it may run
    on another thread than the connection's; it ends early, between chunks, once stop is set."""
    today, result = run.today, run.result
    for k, cols in staged.chunks():
        if stop is not None and stop.is_set():
            return
        _, _, scores, digest, due = _score_chunk(today, cols, run.per_branch, result)
        result.written += cols["rowid"].size
        run.told(result)   # before the sink, which may hand the chunk's part over to be inserted
        sink(k, {"rowid": cols["rowid"].astype(np.int64),
                 **store.score_values(today, cols, scores, digest, due, np.arange(cols["rowid"].size))})


def record_staged(conn: sqlite3.Connection, run: StagedRun, staged: StagedInputs) -> RescoreResult:
    """rescore_staged's last step, on the connection's thread once every chunk is scored: a
    scoring_runs row per branch."""
    staged.finish()
    for branch_run in run.result.runs:
        _record_run(conn, run.today, branch_run, "full")
    return run.result


def _branch_runs(conn, today: dt.date, branches, per_branch, *, mode: str, refit: bool,
                 samples=None) -> list[BranchRun]:
    """Each branch's run, with its BG/NBD parameters (_branch_params; fitted on samples[k] if given)
    and no customers counted yet."""
    runs = []
    for k, (branch, effective) in enumerate(zip(branches, per_branch)):
        params, refitted = _branch_params(conn, today, branch, effective, mode=mode, refit=refit,
                                          sample=None if samples is None else samples[k])
        runs.append(BranchRun(branch, 0, params is not None, params, settings_digest(effective), refitted))
    return runs


def _teller(progress: Callable[[int, int], None] | None, total: int) -> Callable[[RescoreResult], None]:
    """What tells progress how far a run is (customers scored, of total), or does nothing."""
    if progress is None:
        return lambda result: None
    return lambda result: progress(result.customers, total)


def _score_chunk(today: dt.date, cols, per_branch, result: RescoreResult):
    """A chunk of customers scored with their branch's settings and BG/NBD fit, counted into result:
    the positions whose scores changed, those whose due date alone moves, the scores, digests and
    days until due."""
    n = cols["rowid"].size
    scores, digest, due = model.Scores.empty(n), np.zeros(n, dtype=np.int64), np.ones(n, dtype=np.int64)
    for k, (run, effective) in enumerate(zip(result.runs, per_branch)):
        at = np.flatnonzero(cols["branch"] == k)
        if not at.size:
            continue
        part = {name: col[at] for name, col in cols.items()}
        branch_scores = model.score(part, today, effective, run.params)
        scores.put(at, branch_scores)
        digest[at] = model.digest(branch_scores, part)
        due[at] = model.due_in(part, today, effective, run.params, digest[at])
        run.customers += at.size
    result.customers += n
    result.listable += int((cols["listable"] == 1).sum())
    changed = np.flatnonzero(digest != cols["digest"])
    # An unchanged row keeps its due date unless it is due now (a due run) or is due sooner.
    stored_due = np.where(np.isnan(cols["due"]), 0, cols["due"])
    moved = np.flatnonzero((digest == cols["digest"]) & ((stored_due <= 0) | (due < stored_due)))
    return changed, moved, scores, digest, due


def _worth_rebuilding(result: RescoreResult, changing: int, chunk: int, covered: int, table: int) -> bool:
    """Whether the writes this run is heading for (those so far, this chunk's, and its share of
    changes over the customers still to read) are enough to drop the score indexes and rebuild them."""
    expected = result.written + changing + changing / chunk * max(covered - result.customers, 0)
    return expected >= REBUILD_INDEX_FROM and expected * 4 >= table


def needs_rescore(conn: sqlite3.Connection, today: dt.date) -> bool:
    """True when no full or due run has happened today yet, some customer has never been scored, or a setting the
    scores depend on changed since a branch's last run (new tier lines: the list read the new lines' names beside
    scores, tiers and segments made by the old ones, "Downgraded from 5万 to 5万", until the next morning)."""
    last = conn.execute("SELECT max(scored_on) FROM scoring_runs").fetchone()[0]
    if last is None or last < today.isoformat():
        return conn.execute("SELECT EXISTS (SELECT 1 FROM customers)").fetchone()[0] == 1
    if conn.execute("SELECT EXISTS (SELECT 1 FROM customers WHERE scored_on IS NULL)").fetchone()[0] == 1:
        return True
    # Only branches with customers: a run records none for a branch left empty, whose last digest would then never
    # match again and rescore every list opened.
    return any(used != settings_digest(load_settings(conn, branch)) for branch, used in conn.execute(
        "SELECT branch_id, settings_digest FROM scoring_runs r"
        " WHERE run_id IN (SELECT max(run_id) FROM scoring_runs GROUP BY branch_id)"
        " AND EXISTS (SELECT 1 FROM customers c WHERE c.branch_id IS r.branch_id)").fetchall())


def _branches(conn, ids, settings) -> tuple[list, list]:
    """The branches of the customers a run may cover, and each one's effective settings."""
    where = "WHERE customer_id IN (SELECT value FROM json_each(?))" if ids else ""
    branches = [r[0] for r in conn.execute(f"SELECT DISTINCT branch_id FROM customers {where}",
                                           (ids,) if ids else ()).fetchall()]
    return branches, [settings if settings is not None else load_settings(conn, b) for b in branches]


def _plan(conn, today: dt.date, branches, per_branch) -> tuple[str, bool]:
    """('due', False) when only time has passed since every branch's last run; else a full run,
    refitting BG/NBD when some branch's last fit is scoring.refit_days old."""
    def days_ago(key: str) -> str:
        return (today - dt.timedelta(days=min([int(s[key]) for s in per_branch] or [0]))).isoformat()

    latest = {row[0]: row[1:] for row in conn.execute(
        "SELECT branch_id, scored_on, settings_digest,"
        " (SELECT max(f.scored_on) FROM scoring_runs f WHERE f.branch_id IS r.branch_id AND f.mode = 'full'),"
        " (SELECT max(f.scored_on) FROM scoring_runs f WHERE f.branch_id IS r.branch_id AND f.refitted = 1)"
        " FROM scoring_runs r WHERE run_id IN (SELECT max(run_id) FROM scoring_runs GROUP BY branch_id)")}
    runs = [latest.get(branch, (None,) * 4) for branch in branches]
    if any(refitted is not None and refitted < days_ago("scoring.refit_days") for *_, refitted in runs):
        return "full", True
    for (scored_on, used, last_full, _), effective in zip(runs, per_branch):
        if (scored_on is None or scored_on > today.isoformat() or used != settings_digest(effective)
                or last_full is None or last_full < days_ago("scoring.full_rescore_days")):
            return "full", False
    return "due", False


def _table_rows(conn) -> int:
    """About how many customers there are (the largest rowid: exact unless rows were deleted)."""
    return conn.execute("SELECT ifnull(max(rowid), 0) FROM customers").fetchone()[0]


# The version of the scoring formulas: raise it whenever a change to them (workbench.priority, dormancy,
# segments, tiers) gives other scores from the same inputs, so that the next run is a full one. Scores stored by
# the older formulas otherwise stood until each customer's own due day (the maturity ramp: up to a week).
FORMULA_VERSION = 3


def settings_digest(settings: Mapping) -> str:
    """A short digest of the effective settings a run scored with (those scores depend on: a new keymap or
    call window needs no rescore), and of the formulas' version."""
    text = json.dumps({"formula": FORMULA_VERSION, **scoring_part(settings)}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _drop_score_indexes(conn) -> list[str]:
    """Drop the score indexes, returning the statements that recreate them as they were."""
    found = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN (SELECT value FROM json_each(?))",
        (json.dumps(_SCORE_INDEXES),)).fetchall()
    for name, _ in found:
        conn.execute(f"DROP INDEX {name}")  # name is one of _SCORE_INDEXES, never input
    return [sql for _, sql in found]


def _stored_params(conn, branch):
    """The branch's parameters from its latest scoring run; None if that run had no fit; False if no run yet."""
    row = conn.execute(
        "SELECT fitted, r, alpha, a, b, log_likelihood, customers FROM scoring_runs"
        " WHERE branch_id IS ? ORDER BY run_id DESC LIMIT 1", (branch,)).fetchone()
    if row is None:
        return False
    if not row[0]:
        return None
    return dormancy.BGNBDParams(r=row[1], alpha=row[2], a=row[3], b=row[4], log_likelihood=row[5], n=row[6])


def _branch_params(conn, today, branch, settings, *, mode: str, refit: bool, sample=None):
    """BG/NBD parameters for the branch (fitted now, or the latest stored; None: the rule score
    only), and whether a fit was attempted now (always for a full run's branch without a run yet);
    fitted on the given sample (StagedInputs.samples) if any, else on inputs.branch_sample's."""
    stored = _stored_params(conn, branch)
    if mode != "full" or not refit and stored is not False:
        return stored or None, False
    if sample is None:
        sample = inputs.branch_sample(conn, today, branch, _fit_cap(settings))
    frequency, recency, age = model.bgnbd_inputs(sample, today, 0)
    return dormancy.fit_for_scoring(frequency, recency, age, settings), True


def _fit_cap(settings) -> int:
    """How many of a branch's customers its BG/NBD fit takes, evenly spread, at most."""
    return max(FIT_SAMPLE_MAX, int(settings["dormancy.min_customers_to_fit"]))


def _record_run(conn, today: dt.date, run: BranchRun, mode: str) -> None:
    p = run.params
    conn.execute(
        "INSERT INTO scoring_runs (scored_on, branch_id, customers, fitted, r, alpha, a, b, log_likelihood, mode,"
        " settings_digest, refitted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (today.isoformat(), run.branch_id, run.customers, int(run.fitted),
         *((None,) * 5 if p is None else (p.r, p.alpha, p.a, p.b, p.log_likelihood)), mode, run.settings_digest,
         int(run.refitted)),
    )
