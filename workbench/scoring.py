"""Rescoring: recompute every stored score column of the customers table, vectorised.

For each branch the customers' columns are read in bulk (dates already turned into day counts by
SQLite), the dormancy rules, BG/NBD p_alive, tiers, segments and priority are computed with numpy,
and the results are written back with one executemany in one transaction. A full run (all
customers) refits BG/NBD per branch when it has at least dormancy.min_customers_to_fit customers
and records a scoring_runs row; with refit=False (the daily rescore) it reuses the branch's latest
fitted parameters and fits only a branch that has none. A partial run (after an import or an
outcome) always reuses the latest parameters.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from workbench import dormancy, priority, segments, tiers
from workbench.settings import load_settings
from workbench.txn import write_transaction

FIT_SAMPLE_MAX = 5_000  # a larger branch is fitted on an evenly spread sample of this many customers
REBUILD_INDEX_FROM = 100_000  # from this many rows, drop and rebuild the priority index around the write

_COLUMNS = ("rowid", "branch", "aum", "peak", "opened", "first", "last", "login", "count", "birthday",
            "listable", "contact", "attempts")

# One pass over the customers in rowid order (so the write-back touches each page once); dates
# arrive as day counts before today, the branch as its index in temp.rescore_branches.
_READ_SQL = """
SELECT c.rowid, (SELECT b.idx FROM temp.rescore_branches b WHERE b.branch_key = coalesce(c.branch_id, '')),
       c.aum_fen, ifnull(c.aum_peak_fen, :missing),
       ifnull(julianday(:today) - julianday(c.opened_on), :missing),
       ifnull(julianday(:today) - julianday(c.first_activity_on), :missing),
       ifnull(julianday(:today) - julianday(c.last_activity_on), :missing),
       ifnull(julianday(:today) - julianday(c.last_login_on), :missing),
       ifnull(c.activity_count_12m, :missing),
       ifnull(CAST(substr(c.birthday, 6, 2) AS INTEGER) * 100 + CAST(substr(c.birthday, 9, 2) AS INTEGER), :missing),
       c.do_not_call = 0 AND c.consent = 1 AND c.phone_valid = 1 AND c.active = 1,
       ifnull(julianday(:today) - julianday(substr(s.last_contact_at, 1, 10)), :missing),
       ifnull(s.attempts_recent, 0)
FROM customers c LEFT JOIN contact_state s ON s.customer_id = c.customer_id
{where}
ORDER BY c.rowid
"""

_MISSING = -1e300  # stands for NULL in the bulk read
_READ_CHUNK = 50_000  # rows converted to numpy at a time

_MATURITY_SQL = """
SELECT c.rowid, min(h.maturity_on), h.product_type
FROM holdings h JOIN customers c ON c.customer_id = h.customer_id
WHERE h.maturity_on BETWEEN :today AND :until {ids}
GROUP BY c.rowid
"""

_IDS_WHERE = "c.customer_id IN (SELECT value FROM json_each(:ids))"

_WRITE_SQL = """
UPDATE customers SET p_alive = ?, rule_dormancy = ?, dormancy_score = ?, dormant_lines = ?,
       dormant_days = ?, tier = ?, peak_tier = ?, segment = ?, segments = ?, triggers = ?,
       priority = ?, next_maturity_on = ?, next_maturity_type = ?, scored_on = ?
WHERE rowid = ?
"""

# The indexes on priority, dropped and rebuilt from their stored definitions around a large write
# (faster than updating them row by row).
_PRIORITY_INDEXES = ("customers_manager_priority", "customers_calllist")


@dataclass
class BranchRun:
    branch_id: str | None
    customers: int
    fitted: bool
    params: dormancy.BGNBDParams | None = None


@dataclass
class RescoreResult:
    scored_on: dt.date
    customers: int = 0
    listable: int = 0
    runs: list[BranchRun] = field(default_factory=list)


def rescore(conn: sqlite3.Connection, today: dt.date, *, customer_ids: Iterable[str] | None = None,
            settings: Mapping | None = None, refit: bool = True) -> RescoreResult:
    """Recompute the stored scores of the given customers (all when None) as of today.

    refit=False lets a full run reuse each branch's latest BG/NBD parameters (the population
    changes slowly; a refit costs far more than the scoring itself).
    """
    ids = None if customer_ids is None else json.dumps(sorted(set(customer_ids)))
    result = RescoreResult(scored_on=today)
    if ids == "[]":
        return result
    with write_transaction(conn):
        where = "WHERE customer_id IN (SELECT value FROM json_each(?))" if ids else ""
        branches = [r[0] for r in conn.execute(
            f"SELECT DISTINCT branch_id FROM customers {where}", (ids,) if ids else ())]
        per_branch = [settings if settings is not None else load_settings(conn, b) for b in branches]
        cols = _read(conn, today, ids, branches)
        out = _Output(cols["rowid"].size)
        _maturities(conn, today, ids, cols, per_branch, out)
        for k, (branch, effective) in enumerate(zip(branches, per_branch)):
            at = np.flatnonzero(cols["branch"] == k)
            run = _score_branch(conn, today, branch, {n: c[at] for n, c in cols.items()}, at, effective, out,
                                full=ids is None, refit=refit)
            result.runs.append(run)
        rebuild = ids is None and out.size >= REBUILD_INDEX_FROM
        dropped = _drop_priority_indexes(conn) if rebuild else []
        out.write(conn, today, cols["rowid"])
        for sql in dropped:
            conn.execute(sql)
        if ids is None:
            for run in result.runs:
                _record_run(conn, today, run)
        result.customers = out.size
        result.listable = int((cols["listable"] == 1).sum())
    return result


def _drop_priority_indexes(conn) -> list[str]:
    """Drop the priority indexes, returning the statements that recreate them as they were."""
    found = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN (SELECT value FROM json_each(?))",
        (json.dumps(_PRIORITY_INDEXES),)).fetchall()
    for name, _ in found:
        conn.execute(f"DROP INDEX {name}")  # name is one of _PRIORITY_INDEXES, never input
    return [sql for _, sql in found]


def needs_rescore(conn: sqlite3.Connection, today: dt.date) -> bool:
    """True when no full run has happened today yet, or some customer has never been scored."""
    last = conn.execute("SELECT max(scored_on) FROM scoring_runs").fetchone()[0]
    if last is None or last < today.isoformat():
        return conn.execute("SELECT EXISTS (SELECT 1 FROM customers)").fetchone()[0] == 1
    return conn.execute("SELECT EXISTS (SELECT 1 FROM customers WHERE scored_on IS NULL)").fetchone()[0] == 1


def _read(conn, today: dt.date, ids, branches) -> dict[str, np.ndarray]:
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS rescore_branches (branch_key TEXT PRIMARY KEY, idx INTEGER NOT NULL)")
    conn.execute("DELETE FROM temp.rescore_branches")
    conn.executemany("INSERT INTO temp.rescore_branches VALUES (?, ?)", [(b or "", i) for i, b in enumerate(branches)])
    sql = _READ_SQL.format(where=f"WHERE {_IDS_WHERE}" if ids else "")
    cur = conn.execute(sql, {"today": today.isoformat(), "ids": ids, "missing": _MISSING})
    # In chunks, so only one chunk of Python row objects lives at a time; every value is a number
    # (NULLs came as _MISSING), so fromiter needs no per-value type checks.
    chunks = [np.empty((0, len(_COLUMNS)))]
    while rows := cur.fetchmany(_READ_CHUNK):
        chunks.append(np.fromiter(itertools.chain.from_iterable(rows), dtype=np.float64,
                                  count=len(rows) * len(_COLUMNS)).reshape(-1, len(_COLUMNS)))
    data = np.concatenate(chunks)
    data[data == _MISSING] = np.nan
    cols = {name: data[:, i] for i, name in enumerate(_COLUMNS)}
    for name in ("opened", "first", "last", "login", "contact"):
        cols[name] = np.floor(cols[name])
    return cols


class _Output:
    """The computed columns for every customer read, filled branch by branch, written in one go."""

    def __init__(self, n: int):
        self.size = n
        self.p_alive, self.rule, self.score, self.priority = (np.full(n, np.nan) for _ in range(4))
        self.tier, self.peak_tier = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
        self.lines, self.segment, self.segments, self.triggers = (np.full(n, "", dtype=object) for _ in range(4))
        self.maturity_days = np.full(n, np.nan)
        self.maturity_on, self.maturity_type = np.full(n, None, dtype=object), np.full(n, None, dtype=object)
        self.dormant_days = np.full(n, np.nan)

    def write(self, conn, today: dt.date, rowids: np.ndarray) -> None:
        """One UPDATE per customer, in rowid order, converted to Python values a chunk at a time."""
        day = today.isoformat()
        for start in range(0, self.size, _READ_CHUNK):
            part = slice(start, start + _READ_CHUNK)
            conn.executemany(_WRITE_SQL, zip(
                _nullable(np.round(self.p_alive[part], 6)), _nullable(np.round(self.rule[part], 2)),
                _nullable(np.round(self.score[part], 2)), self.lines[part].tolist(),
                _nullable(self.dormant_days[part], int), self.tier[part].tolist(), self.peak_tier[part].tolist(),
                self.segment[part].tolist(), self.segments[part].tolist(), self.triggers[part].tolist(),
                _nullable(self.priority[part]), self.maturity_on[part].tolist(), self.maturity_type[part].tolist(),
                itertools.repeat(day), rowids[part].astype(np.int64).tolist()))


def _maturities(conn, today: dt.date, ids, cols, per_branch, out: _Output) -> None:
    """The soonest maturity within each customer's branch window: days to it, its date and product type."""
    window = np.array([int(s["segments.maturity_within_days"]) for s in per_branch] or [0])
    until = today + dt.timedelta(days=int(window.max()))
    sql = _MATURITY_SQL.format(ids=f"AND {_IDS_WHERE}" if ids else "")
    rows = conn.execute(sql, {"today": today.isoformat(), "until": until.isoformat(), "ids": ids}).fetchall()
    if not rows:
        return
    at = np.searchsorted(cols["rowid"], np.array([r[0] for r in rows], dtype=np.float64))
    days = np.array([(dt.date.fromisoformat(r[1][:10]) - today).days for r in rows], dtype=np.float64)
    keep = days <= window[cols["branch"][at].astype(np.int64)]
    at = at[keep]
    out.maturity_days[at] = days[keep]
    out.maturity_on[at] = [r[1] for r, k in zip(rows, keep) if k]
    out.maturity_type[at] = [r[2] for r, k in zip(rows, keep) if k]


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


def _branch_params(conn, today, branch, cols, settings, full: bool, refit: bool):
    """BG/NBD parameters for the branch (fitted now, or the latest stored), or None for the rule score only."""
    if not full or not refit:
        stored = _stored_params(conn, branch)
        if not full or stored is not False:
            return stored or None
    frequency, recency, age = _bgnbd_inputs(today, cols)
    cap = max(FIT_SAMPLE_MAX, int(settings["dormancy.min_customers_to_fit"]))
    picked = np.linspace(0, age.size - 1, cap).astype(np.int64) if age.size > cap else slice(None)
    return dormancy.fit_for_scoring(frequency[picked], recency[picked], age[picked], settings)


def _bgnbd_inputs(today: dt.date, cols):
    """frequency, recency, T in days from the day counts read (NaN dates become NaT)."""
    day = np.datetime64(today.isoformat(), "D")

    def dates(days):
        out = np.full(days.shape, np.datetime64("NaT"), dtype="datetime64[D]")
        known = ~np.isnan(days)
        out[known] = day - days[known].astype("timedelta64[D]")
        return out

    return dormancy.to_bgnbd_inputs(np.nan_to_num(cols["count"], nan=0.0), dates(cols["first"]),
                                    dates(cols["last"]), dates(cols["opened"]), today)


def _score_branch(conn, today, branch, cols, at: np.ndarray, settings, out: _Output, *, full: bool,
                  refit: bool) -> BranchRun:
    """Score one branch's customers (cols, already selected) into out at positions `at`."""
    n = at.size
    params = _branch_params(conn, today, branch, cols, settings, full=full, refit=refit)
    if params is not None:
        p_alive = np.asarray(dormancy.p_alive(params, *_bgnbd_inputs(today, cols)), dtype=np.float64)
    else:
        p_alive = np.full(n, np.nan)
    rule = dormancy.rule_dormancy(cols["last"], cols["login"], cols["aum"], cols["peak"], settings,
                                  days_since_opened=cols["opened"])
    score = np.asarray(dormancy.combine(p_alive, rule.score, settings["dormancy.statistical_weight"]))

    lines = settings["tiers.lines_fen"]
    aum = cols["aum"].astype(np.int64)
    tier = tiers.tier_of(aum, lines)
    peak_tier = tiers.peak_tier_of(aum, cols["peak"], lines)
    seg_flags = segments.flags(segments.SegmentInputs(
        dormancy_score=score, tier=tier, peak_tier=peak_tier,
        near_next=tiers.near_next(aum, lines, settings["tiers.near_next_pct"]),
        days_since_opened=cols["opened"], activity_count_12m=cols["count"],
        days_to_maturity=out.maturity_days[at],
        days_to_birthday=segments.days_to_birthday(cols["birthday"], today)), settings)
    mask = segments.bitmask(seg_flags)
    in_window = cols["contact"] <= int(settings["contact.budget_days"])
    pts = priority.points(priority.PriorityInputs(
        dormancy_score=score, tier=tier, days_since_contact=cols["contact"],
        attempts_recent=np.where(in_window, np.nan_to_num(cols["attempts"], nan=0.0), 0.0),
        **{code: seg_flags[seg] for code, seg in segments.TRIGGERS.items()}), settings)

    out.p_alive[at], out.rule[at], out.score[at] = p_alive, rule.score, score
    out.lines[at] = _dormant_lines(rule.lines)
    out.dormant_days[at] = cols["last"]
    out.tier[at], out.peak_tier[at] = tier, peak_tier
    out.segment[at], out.segments[at] = segments.columns(mask)
    out.triggers[at] = segments.triggers_column(mask)
    out.priority[at] = np.where(cols["listable"] == 1, priority.total(pts), np.nan)
    return BranchRun(branch_id=branch, customers=n, fitted=params is not None, params=params)


def _nullable(values: np.ndarray, kind=float) -> list:
    """A float array as a list for SQLite, NaN as None (kind=int for whole numbers)."""
    missing = np.isnan(values)
    out = (np.where(missing, 0, values).astype(np.int64) if kind is int else values).astype(object)
    out[missing] = None
    return out.tolist()


def _dormant_lines(lines: Mapping[str, np.ndarray]) -> np.ndarray:
    """The comma list of dormant business lines per customer ('product,channel'), as an object array."""
    names = dormancy.LINES
    code = sum(np.asarray(lines[name], dtype=np.int64) << i for i, name in enumerate(names))
    table = np.array([",".join(name for i, name in enumerate(names) if c >> i & 1) for c in range(1 << len(names))],
                     dtype=object)
    return table[code]


def _record_run(conn, today: dt.date, run: BranchRun) -> None:
    p = run.params
    conn.execute(
        "INSERT INTO scoring_runs (scored_on, branch_id, customers, fitted, r, alpha, a, b, log_likelihood)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (today.isoformat(), run.branch_id, run.customers, int(run.fitted),
         *((None,) * 5 if p is None else (p.r, p.alpha, p.a, p.b, p.log_likelihood))),
    )
