"""Writing a rescore back: the changed rows in full, the others only when their due date moved."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np

from workbench import dormancy, segments
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
    only for their due date, in rowid order."""
    day = today.isoformat()

    def due_on(at: np.ndarray) -> list[str]:
        return (np.datetime64(day, "D") + due[at].astype("timedelta64[D]")).astype(str).tolist()

    rowids = cols["rowid"].astype(np.int64)
    shown = scores.maturity_shown[changed]
    mask = scores.segment_mask[changed]
    segment, listed = segments.columns(mask)
    conn.executemany(_WRITE_SQL, zip(
        _nullable(scores.p_alive[changed]), _nullable(scores.rule[changed]), _nullable(scores.score[changed]),
        _LINE_NAMES[scores.lines_code[changed]].tolist(), scores.tier[changed].tolist(),
        scores.peak_tier[changed].tolist(), segment.tolist(), listed.tolist(),
        segments.triggers_column(mask).tolist(), _nullable(scores.priority[changed]),
        np.where(shown, cols["maturity_on"][changed], None).tolist(),
        np.where(shown, cols["maturity_type"][changed], None).tolist(),
        digest[changed].tolist(), due_on(changed), itertools.repeat(day), rowids[changed].tolist()))
    conn.executemany(_DUE_SQL, zip(due_on(moved), rowids[moved].tolist()))


def _nullable(values: np.ndarray) -> list:
    """A float array as a list for SQLite, NaN as None."""
    out = values.astype(object)
    out[np.isnan(values)] = None
    return out.tolist()
