"""Writing a rescore back: the changed rows in full, the others only when their due date moved."""

from __future__ import annotations

import datetime as dt

import numpy as np

from workbench import dormancy, segments
from workbench.scoring import inputs
from workbench.scoring.model import Scores

# The stored score columns, as score_values gives them.
SCORE_COLUMNS = ("p_alive", "rule_dormancy", "dormancy_score", "dormant_lines", "tier", "peak_tier", "segment",
                 "segments", "triggers", "priority", "next_maturity_on", "next_maturity_type", "score_digest",
                 "scores_due_on", "scored_on")

_WRITE_SQL = f"UPDATE customers SET {', '.join(f'{c} = ?' for c in SCORE_COLUMNS)} WHERE rowid = ?"

_DUE_SQL = "UPDATE customers SET scores_due_on = ? WHERE rowid = ?"

_LINE_NAMES = np.array([",".join(name for i, name in enumerate(dormancy.LINES) if code >> i & 1)
                        for code in range(1 << len(dormancy.LINES))], dtype=object)


def write(conn, today: dt.date, cols, scores: Scores, digest: np.ndarray, due: np.ndarray,
          changed: np.ndarray, moved: np.ndarray) -> None:
    """UPDATE the rows of a chunk at `changed` in full and the rows at `moved` (scores unchanged)
    only for their due date, in rowid order, converting to Python values a batch at a time."""
    rowids = cols["rowid"].astype(np.int64)
    for start in range(0, changed.size, inputs.BATCH):   # a batch of Python values at a time
        at = changed[start:start + inputs.BATCH]
        values = score_values(today, cols, scores, digest, due, at)
        conn.executemany(_WRITE_SQL, zip(*map(_python, values.values()), rowids[at].tolist()))
    conn.executemany(_DUE_SQL, zip(_due_on(today, due[moved]).tolist(), rowids[moved].tolist()))


def score_values(today: dt.date, cols, scores: Scores, digest: np.ndarray, due: np.ndarray,
                 at: np.ndarray) -> dict[str, np.ndarray]:
    """The SCORE_COLUMNS of the customers at positions `at` of a chunk, as stored: floats (NaN for
    NULL), whole numbers, or objects (text or None)."""
    shown = scores.maturity_shown[at]
    mask = scores.segment_mask[at]
    segment, listed = segments.columns(mask)
    return {
        "p_alive": scores.p_alive[at], "rule_dormancy": scores.rule[at], "dormancy_score": scores.score[at],
        "dormant_lines": _LINE_NAMES[scores.lines_code[at]], "tier": scores.tier[at], "peak_tier": scores.peak_tier[at],
        "segment": segment, "segments": listed, "triggers": segments.triggers_column(mask),
        "priority": scores.priority[at],
        "next_maturity_on": np.where(shown, cols["maturity_on"][at], None),
        "next_maturity_type": np.where(shown, cols["maturity_type"][at], None),
        "score_digest": digest[at], "scores_due_on": _due_on(today, due[at]),
        "scored_on": np.full(at.size, today.isoformat(), dtype=object),
    }


def _due_on(today: dt.date, days: np.ndarray) -> np.ndarray:
    return (np.datetime64(today.isoformat(), "D") + days.astype("timedelta64[D]")).astype(str).astype(object)


def _python(values: np.ndarray) -> list:
    """A column for SQLite: floats with NaN as None, everything else as Python values."""
    return _nullable(values) if values.dtype.kind == "f" else values.tolist()


def _nullable(values: np.ndarray) -> list:
    """A float array as a list for SQLite, NaN as None."""
    out = values.astype(object)
    out[np.isnan(values)] = None
    return out.tolist()
