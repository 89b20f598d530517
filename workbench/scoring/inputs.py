"""Reading what a rescore needs, a chunk of customers at a time: one row of whole numbers per
customer, the soonest maturities and the days of recent attempts.

A run first names the customers it covers (all of them, or a temp table of rowids), then reads
them in rowid order, CHUNK at a time, so its memory does not grow with the customers table and
its write-back touches pages in order. (A fresh import reads its staged customers with the same
SELECT before they are inserted: scoring.staged.)
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterator, Sequence
from contextlib import closing

import numpy as np

from workbench import segments
from workbench.rules import CALLABLE
from workbench.scoring.model import LOOKAHEAD_DAYS, type_code

COLUMNS = ("rowid", "branch", "aum", "peak", "opened", "first", "last", "login", "count", "birthday",
           "listable", "contact", "due", "digest")

# Which customers a run reads: all (None), the ones named (a JSON list), or the ones whose scores
# are due (or who were never scored: the same test as needs_rescore's).
ALL = None
NAMED = "SELECT rowid FROM customers WHERE customer_id IN (SELECT value FROM json_each(:ids))"
DUE = ("SELECT rowid FROM customers WHERE scores_due_on IS NULL"
       " UNION SELECT rowid FROM customers WHERE scores_due_on <= :today"
       " UNION SELECT rowid FROM customers WHERE scored_on IS NULL")

# A customer's branch as its index in temp.rescore_branches.
BRANCH_INDEX = "(SELECT b.idx FROM temp.rescore_branches b WHERE b.branch_key = coalesce(c.branch_id, ''))"

# Every value a whole number: dates as days before today (the due date as days after it), the
# branch as its index in temp.rescore_branches, NULL as :missing.
SELECT = f"""
SELECT c.rowid, {BRANCH_INDEX},
       c.aum_fen, ifnull(c.aum_peak_fen, :missing),
       ifnull(CAST(:today_jd - julianday(c.opened_on) AS INTEGER), :missing),
       ifnull(CAST(:today_jd - julianday(c.first_activity_on) AS INTEGER), :missing),
       ifnull(CAST(:today_jd - julianday(c.last_activity_on) AS INTEGER), :missing),
       ifnull(CAST(:today_jd - julianday(c.last_login_on) AS INTEGER), :missing),
       ifnull(c.activity_count_12m, :missing),
       ifnull(CAST(substr(c.birthday, 6, 2) AS INTEGER) * 100 + CAST(substr(c.birthday, 9, 2) AS INTEGER), :missing),
       {CALLABLE},
       ifnull(CAST(:today_jd - julianday(substr(s.last_contact_at, 1, 10)) AS INTEGER), :missing),
       ifnull(CAST(julianday(c.scores_due_on) - :today_jd AS INTEGER), :missing),
       ifnull(c.score_digest, 0)
"""
JOIN_CONTACT = "LEFT JOIN contact_state s ON s.customer_id = c.customer_id"

# The next chunk after rowid :after, of every customer or of the ones in temp.rescore_rowids.
_CHUNK_OF_ALL = SELECT + f"FROM customers c {JOIN_CONTACT} WHERE c.rowid > :after ORDER BY c.rowid LIMIT :limit"
_CHUNK_OF_SOME = SELECT + (f"FROM temp.rescore_rowids r CROSS JOIN customers c ON c.rowid = r.id {JOIN_CONTACT}"
                            " WHERE r.id > :after ORDER BY r.id LIMIT :limit")

# The customers whose rowids :rowids lists (a JSON list), in rowid order.
_LISTED = SELECT + f"FROM customers c {JOIN_CONTACT} WHERE c.rowid IN (SELECT value FROM json_each(:rowids)) ORDER BY c.rowid"

# The soonest maturity of each customer a run covers, as far ahead as any branch's window plus the
# lookahead: for everyone from the holdings maturing in that range, for some from their holdings.
_MATURITIES_OF_ALL = """
INSERT INTO temp.rescore_maturities
SELECT c.rowid, min(h.maturity_on), h.product_type
FROM holdings h JOIN customers c ON c.customer_id = h.customer_id
WHERE h.maturity_on BETWEEN :today AND :until
GROUP BY c.rowid
"""
_MATURITIES_OF_SOME = """
INSERT INTO temp.rescore_maturities
SELECT c.rowid, min(h.maturity_on), h.product_type
FROM customers c CROSS JOIN holdings h ON h.customer_id = c.customer_id
WHERE c.rowid IN (SELECT id FROM temp.rescore_rowids) AND h.maturity_on BETWEEN :today AND :until
GROUP BY c.rowid
"""

# Attempts by day, as (rowid, days before today, how many) rows, of the customers c in {rows}, which
# joins each one's contact state s and its attempts' days (ATTEMPT_DAY): those on :since or later.
ATTEMPT_DAYS = ("SELECT c.rowid, CAST(:today_jd - julianday(j.value) AS INTEGER), count(*)"
                " FROM {rows} WHERE j.value >= :since GROUP BY 1, 2")
ATTEMPT_DAY = "json_each(s.recent_attempt_days) j"
# For everyone from the contact states (far fewer than customers), for some from their rowids.
_ATTEMPTS_OF_ALL = "INSERT INTO temp.rescore_attempts " + ATTEMPT_DAYS.format(
    rows=f"contact_state s CROSS JOIN {ATTEMPT_DAY} CROSS JOIN customers c ON c.customer_id = s.customer_id")
_ATTEMPTS_OF_SOME = "INSERT INTO temp.rescore_attempts " + ATTEMPT_DAYS.format(
    rows="temp.rescore_rowids r CROSS JOIN customers c ON c.rowid = r.id"
         f" CROSS JOIN contact_state s ON s.customer_id = c.customer_id CROSS JOIN {ATTEMPT_DAY}")

_TEMP_TABLES = ("rescore_branches", "rescore_rowids", "rescore_maturities", "rescore_attempts")
MISSING = -(1 << 62)  # stands for NULL in the bulk read
CHUNK = 50_000        # customers read, scored and written at a time
BATCH = 10_000        # of which Python objects are made at a time (about 6 MB of them)


def prepare(conn, today: dt.date, which: str | None, params: dict, branches: list, window_days: int,
            budget_days: int | None = None) -> int | None:
    """Set up the temp tables a run reads through (its branches, the rowids it covers unless it
    covers everyone, their soonest maturities, their attempts made budget_days days before today or
    later: the longest window of the run's branches, None for all); returns how many customers it
    covers (None: all)."""
    start(conn)
    add_branches(conn, branches)
    until = today + dt.timedelta(days=window_days + LOOKAHEAD_DAYS)
    dates = {"today": today.isoformat(), "until": until.isoformat()}
    since = "" if budget_days is None else (today - dt.timedelta(days=budget_days)).isoformat()
    attempts = {"today_jd": julian_day(today), "since": since}
    if which is ALL:
        conn.execute(_MATURITIES_OF_ALL, dates)
        conn.execute(_ATTEMPTS_OF_ALL, attempts)
        return None
    conn.execute(f"INSERT INTO temp.rescore_rowids {which}", {**params, **dates})
    conn.execute(_MATURITIES_OF_SOME, dates)
    conn.execute(_ATTEMPTS_OF_SOME, attempts)
    return conn.execute("SELECT count(*) FROM temp.rescore_rowids").fetchone()[0]


def chunks(conn, today: dt.date, *, everyone: bool) -> Iterator[dict[str, np.ndarray]]:
    """The inputs of the customers prepare() named, CHUNK at a time in rowid order (see _columns)."""
    sql, after = _CHUNK_OF_ALL if everyone else _CHUNK_OF_SOME, 0
    while (cols := _columns(conn, today, sql, {"after": after, "limit": CHUNK}))["rowid"].size:
        _add_maturities(conn, today, cols)
        _add_attempts(conn, cols)
        yield cols
        after = int(cols["rowid"][-1])


def branch_sample(conn, today: dt.date, branch: str | None, cap: int) -> dict[str, np.ndarray]:
    """The inputs of a branch's customers in rowid order, or of an evenly spread `cap` of them."""
    n = conn.execute("SELECT count(*) FROM customers WHERE branch_id IS ?", (branch,)).fetchone()[0]
    picked = spread(n, cap)
    # The rowids at the picked positions, streamed so that only a chunk of the branch is held.
    chosen, seen = [], 0
    with closing(conn.execute("SELECT rowid FROM customers WHERE branch_id IS ? ORDER BY rowid", (branch,))) as cur:
        while rows := cur.fetchmany(CHUNK):
            here = picked[(picked >= seen) & (picked < seen + len(rows))] - seen
            chosen.extend(rows[i][0] for i in here.tolist())
            seen += len(rows)
    return _columns(conn, today, _LISTED, {"rowids": json.dumps(chosen)})


def spread(n: int, cap: int) -> np.ndarray:
    """The positions, in order, of an evenly spread sample of at most cap out of n (all when n <= cap)."""
    return np.linspace(0, n - 1, cap).astype(np.int64) if n > cap else np.arange(n)


def start(conn) -> None:
    """Make the temp tables a run reads through, empty."""
    # Made once per connection and emptied after each run: no schema change per run, which would
    # make SQLite prepare every cached statement again.
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS rescore_branches (branch_key TEXT PRIMARY KEY, idx INTEGER NOT NULL)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS rescore_rowids (id INTEGER PRIMARY KEY)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS rescore_maturities (id INTEGER PRIMARY KEY, maturity_on TEXT,"
                 " product_type TEXT)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS rescore_attempts (id INTEGER, age INTEGER, n INTEGER,"
                 " PRIMARY KEY (id, age)) WITHOUT ROWID")
    finish(conn)


def add_branches(conn, branches: Sequence, first: int = 0) -> None:
    """Give the branches (None: no branch) the indexes first, first + 1, ... that BRANCH_INDEX reads."""
    conn.executemany("INSERT INTO temp.rescore_branches VALUES (?, ?)",
                     [(b or "", i) for i, b in enumerate(branches, start=first)])


def finish(conn) -> None:
    """Empty the temp tables prepare() fills."""
    for name in _TEMP_TABLES:
        conn.execute(f"DELETE FROM temp.{name}")


def _columns(conn, today: dt.date, sql: str, params: dict) -> dict[str, np.ndarray]:
    return columns_of(read_block(conn, today, sql, params), today)


def read_block(conn, today: dt.date, sql: str, params: dict) -> np.ndarray:
    """The rows of a SELECT query as they come: whole numbers, one row of COLUMNS per customer."""
    # A batch of Python rows at a time; every value is a whole number (NULL came as MISSING), so
    # fromiter needs no per-value type checks.
    with closing(conn.execute(sql, {**params, "today_jd": julian_day(today), "missing": MISSING})) as cur:
        parts = [np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64, count=len(rows) * len(COLUMNS))
                 for rows in iter(lambda: cur.fetchmany(BATCH), [])]
    return np.concatenate(parts or [np.empty(0, dtype=np.int64)]).reshape(-1, len(COLUMNS))


def columns_of(block: np.ndarray, today: dt.date) -> dict[str, np.ndarray]:
    """A read_block's rows as float columns (NULL as NaN), int64 digests and days to the birthday."""
    values = block.astype(np.float64)
    values[block == MISSING] = np.nan
    cols = {name: values[:, i] for i, name in enumerate(COLUMNS)}
    cols["digest"] = block[:, COLUMNS.index("digest")].copy()
    cols["to_birthday"] = segments.days_to_birthday(cols["birthday"], today)
    return cols


def no_maturities(cols: dict[str, np.ndarray]) -> None:
    n = cols["rowid"].size
    cols["to_maturity"], cols["maturity_day"] = np.full(n, np.nan), np.full(n, -1, dtype=np.int64)
    cols["maturity_on"], cols["maturity_type"] = np.full(n, None, dtype=object), np.full(n, None, dtype=object)
    cols["maturity_type_code"] = np.full(n, -1, dtype=np.int64)


def _add_maturities(conn, today: dt.date, cols: dict[str, np.ndarray]) -> None:
    """Days to each customer's soonest maturity (NaN: none within the run's range), its date and
    product type, and what the digest needs of them."""
    no_maturities(cols)
    # The chunk holds every covered rowid between its first and last, so every row found is in it.
    rows = conn.execute("SELECT id, maturity_on, product_type FROM temp.rescore_maturities WHERE id BETWEEN ? AND ?",
                        (int(cols["rowid"][0]), int(cols["rowid"][-1]))).fetchall()
    if not rows:
        return
    at = np.searchsorted(cols["rowid"], np.array([r[0] for r in rows], dtype=np.float64))
    days = np.array([(dt.date.fromisoformat(r[1][:10]) - today).days for r in rows], dtype=np.float64)
    cols["to_maturity"][at] = days
    cols["maturity_day"][at] = days.astype(np.int64) + today.toordinal()
    cols["maturity_on"][at] = [r[1] for r in rows]
    cols["maturity_type"][at] = [r[2] for r in rows]
    cols["maturity_type_code"][at] = [type_code(r[2]) for r in rows]


def _add_attempts(conn, cols: dict[str, np.ndarray]) -> None:
    """The chunk's attempts by day (see put_attempts), from temp.rescore_attempts."""
    # As with the maturities, every row found between the chunk's first and last rowid is in it.
    rows = conn.execute("SELECT id, age, n FROM temp.rescore_attempts WHERE id BETWEEN ? AND ? ORDER BY id, age",
                        (int(cols["rowid"][0]), int(cols["rowid"][-1]))).fetchall()
    put_attempts(cols, np.array(rows, dtype=np.int64).reshape(-1, 3))


def put_attempts(cols: dict[str, np.ndarray], rows: np.ndarray) -> None:
    """cols["attempt_ages"] and cols["attempt_counts"], one row per customer, as wide as the most days any
    customer of the chunk has: the days before today of its attempts' days and how many on each (0
    past its own days), from ATTEMPT_DAYS rows of the chunk's customers in (rowid, age) order."""
    at = np.searchsorted(cols["rowid"], rows[:, 0])
    slot = np.arange(at.size) - np.searchsorted(at, at)   # the row's place among its customer's days
    ages = np.zeros((cols["rowid"].size, int(slot.max()) + 1 if slot.size else 0), dtype=np.int64)
    counts = np.zeros_like(ages)
    ages[at, slot], counts[at, slot] = rows[:, 1], rows[:, 2]
    cols["attempt_ages"], cols["attempt_counts"] = ages, counts


def julian_day(day: dt.date) -> float:
    """SQLite's julianday() of a date: days since noon, 24 November 4714 BC (proleptic Gregorian)."""
    return day.toordinal() + 1721424.5
