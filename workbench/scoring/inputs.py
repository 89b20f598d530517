"""Reading what a rescore needs: one row of whole numbers per customer, and the soonest maturities."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np

from workbench import segments
from workbench.scoring.model import LOOKAHEAD_DAYS, type_code

COLUMNS = ("rowid", "branch", "aum", "peak", "opened", "first", "last", "login", "count", "birthday",
           "listable", "contact", "attempts", "due", "digest")

# Which customers a run reads: all, the ones named (a JSON list), or the ones whose scores are due
# (or who were never scored: the same test as needs_rescore's).
ALL, NAMED, DUE = "", "WHERE c.customer_id IN (SELECT value FROM json_each(:ids))", \
    "WHERE c.rowid IN (SELECT rowid FROM customers WHERE scores_due_on IS NULL" \
    " UNION ALL SELECT rowid FROM customers WHERE scores_due_on <= :today" \
    " UNION ALL SELECT rowid FROM customers WHERE scored_on IS NULL)"

# In rowid order (so the write-back touches pages in order); every value a whole number: dates as
# days before today (the due date as days after it), the branch as its index in
# temp.rescore_branches, NULL as :missing.
_READ_SQL = """
SELECT c.rowid, (SELECT b.idx FROM temp.rescore_branches b WHERE b.branch_key = coalesce(c.branch_id, '')),
       c.aum_fen, ifnull(c.aum_peak_fen, :missing),
       ifnull(CAST(:today_jd - julianday(c.opened_on) AS INTEGER), :missing),
       ifnull(CAST(:today_jd - julianday(c.first_activity_on) AS INTEGER), :missing),
       ifnull(CAST(:today_jd - julianday(c.last_activity_on) AS INTEGER), :missing),
       ifnull(CAST(:today_jd - julianday(c.last_login_on) AS INTEGER), :missing),
       ifnull(c.activity_count_12m, :missing),
       ifnull(CAST(substr(c.birthday, 6, 2) AS INTEGER) * 100 + CAST(substr(c.birthday, 9, 2) AS INTEGER), :missing),
       c.do_not_call = 0 AND c.consent = 1 AND c.phone_valid = 1 AND c.active = 1,
       ifnull(CAST(:today_jd - julianday(substr(s.last_contact_at, 1, 10)) AS INTEGER), :missing),
       ifnull(s.attempts_recent, 0),
       ifnull(CAST(julianday(c.scores_due_on) - :today_jd AS INTEGER), :missing),
       ifnull(c.score_digest, 0)
FROM customers c LEFT JOIN contact_state s ON s.customer_id = c.customer_id
{which}
ORDER BY c.rowid
"""

# The soonest maturity of each customer read, as far ahead as any branch's window plus the lookahead:
# for everyone from the holdings maturing in that range, for some from those customers' holdings.
_MATURITY_SQL = """
SELECT c.rowid, min(h.maturity_on), h.product_type
FROM holdings h JOIN customers c ON c.customer_id = h.customer_id
WHERE h.maturity_on BETWEEN :today AND :until
GROUP BY c.rowid
"""
_SOME_MATURITY_SQL = """
SELECT c.rowid, min(h.maturity_on), h.product_type
FROM customers c CROSS JOIN holdings h ON h.customer_id = c.customer_id
WHERE c.rowid IN (SELECT value FROM json_each(:rowids)) AND h.maturity_on BETWEEN :today AND :until
GROUP BY c.rowid
"""

MISSING = -(1 << 62)  # stands for NULL in the bulk read
READ_CHUNK = 50_000   # rows converted to numpy at a time


def read(conn, today: dt.date, which: str, params: dict, branches: list) -> dict[str, np.ndarray]:
    """The inputs of the customers selected by `which` as float columns (NULL as NaN), plus int64
    digests and what _maturities() adds."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS rescore_branches (branch_key TEXT PRIMARY KEY, idx INTEGER NOT NULL)")
    conn.execute("DELETE FROM temp.rescore_branches")
    conn.executemany("INSERT INTO temp.rescore_branches VALUES (?, ?)", [(b or "", i) for i, b in enumerate(branches)])
    cur = conn.execute(_READ_SQL.format(which=which),
                       {**params, "today_jd": julian_day(today), "today": today.isoformat(), "missing": MISSING})
    # In chunks, so only one chunk of Python row objects lives at a time, each turned into floats
    # (NULL as NaN) at once so the whole read is held once; every value is a whole number (NULL
    # came as MISSING), so fromiter needs no per-value type checks.
    at = COLUMNS.index("digest")
    floats, digests = [np.empty((0, len(COLUMNS)))], [np.empty(0, dtype=np.int64)]
    while rows := cur.fetchmany(READ_CHUNK):
        block = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64,
                            count=len(rows) * len(COLUMNS)).reshape(-1, len(COLUMNS))
        digests.append(block[:, at].copy())
        part = block.astype(np.float64)
        part[block == MISSING] = np.nan
        floats.append(part)
    values = np.concatenate(floats)
    del floats
    cols = {name: values[:, i] for i, name in enumerate(COLUMNS)}
    cols["digest"] = np.concatenate(digests)
    cols["to_birthday"] = segments.days_to_birthday(cols["birthday"], today)
    return cols


def add_maturities(conn, today: dt.date, cols: dict[str, np.ndarray], window_days: int, *, everyone: bool) -> None:
    """Days to each customer's soonest maturity (NaN: none within window_days + the lookahead), its
    date and product type, and what the digest needs of them; everyone: cols holds every customer."""
    n = cols["rowid"].size
    cols["to_maturity"], cols["maturity_day"] = np.full(n, np.nan), np.full(n, -1, dtype=np.int64)
    cols["maturity_on"], cols["maturity_type"] = np.full(n, None, dtype=object), np.full(n, None, dtype=object)
    cols["maturity_type_code"] = np.full(n, -1, dtype=np.int64)
    until = today + dt.timedelta(days=window_days + LOOKAHEAD_DAYS)
    rowids = None if everyone else "[" + ",".join(map(str, cols["rowid"].astype(np.int64).tolist())) + "]"
    rows = conn.execute(_MATURITY_SQL if everyone else _SOME_MATURITY_SQL,
                        {"today": today.isoformat(), "until": until.isoformat(), "rowids": rowids}).fetchall()
    if not rows:
        return
    at = np.searchsorted(cols["rowid"], np.array([r[0] for r in rows], dtype=np.float64))
    days = np.array([(dt.date.fromisoformat(r[1][:10]) - today).days for r in rows], dtype=np.float64)
    cols["to_maturity"][at] = days
    cols["maturity_day"][at] = days.astype(np.int64) + today.toordinal()
    cols["maturity_on"][at] = [r[1] for r in rows]
    cols["maturity_type"][at] = [r[2] for r in rows]
    cols["maturity_type_code"][at] = [type_code(r[2]) for r in rows]


def julian_day(day: dt.date) -> float:
    """SQLite's julianday() of a date: days since noon, 24 November 4714 BC (proleptic Gregorian)."""
    return day.toordinal() + 1721424.5
