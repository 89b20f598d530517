"""Writing a rescore back: the changed rows in full, the others only when their due date moved."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np

from workbench import dormancy, segments
from workbench.scoring import inputs
from workbench.scoring.model import Scores

_WRITE_SQL = """
UPDATE customers SET p_alive = ?, rule_dormancy = ?, dormancy_score = ?, dormant_lines = ?,
       tier = ?, peak_tier = ?, segment = ?, segments = ?, triggers = ?, priority = ?,
       next_maturity_on = ?, next_maturity_type = ?, score_digest = ?, scores_due_on = ?, scored_on = ?
WHERE rowid = ?
"""

_DUE_SQL = "UPDATE customers SET scores_due_on = ? WHERE rowid = ?"

_LINE_NAMES = np.array([",".join(name for i, name in enumerate(dormancy.LINES) if code >> i & 1)
                        for code in range(1 << len(dormancy.LINES))], dtype=object)


def write(conn, today: dt.date, cols, scores: Scores, digest: np.ndarray, due: np.ndarray,
          changed: np.ndarray, moved: np.ndarray) -> None:
    """UPDATE the rows of a chunk at `changed` in full and the rows at `moved` (scores unchanged)
    only for their due date, in rowid order, converting to Python values a batch at a time."""
    day = today.isoformat()

    def due_on(at: np.ndarray) -> list[str]:
        return (np.datetime64(day, "D") + due[at].astype("timedelta64[D]")).astype(str).tolist()

    rowids = cols["rowid"].astype(np.int64)
    for start in range(0, changed.size, inputs.BATCH):   # a batch of Python values at a time
        at = changed[start:start + inputs.BATCH]
        shown = scores.maturity_shown[at]
        mask = scores.segment_mask[at]
        segment, listed = segments.columns(mask)
        conn.executemany(_WRITE_SQL, zip(
            _nullable(scores.p_alive[at]), _nullable(scores.rule[at]), _nullable(scores.score[at]),
            _LINE_NAMES[scores.lines_code[at]].tolist(), scores.tier[at].tolist(), scores.peak_tier[at].tolist(),
            segment.tolist(), listed.tolist(), segments.triggers_column(mask).tolist(), _nullable(scores.priority[at]),
            np.where(shown, cols["maturity_on"][at], None).tolist(),
            np.where(shown, cols["maturity_type"][at], None).tolist(),
            digest[at].tolist(), due_on(at), itertools.repeat(day), rowids[at].tolist()))
    conn.executemany(_DUE_SQL, zip(due_on(moved), rowids[moved].tolist()))


def _nullable(values: np.ndarray) -> list:
    """A float array as a list for SQLite, NaN as None."""
    out = values.astype(object)
    out[np.isnan(values)] = None
    return out.tolist()
