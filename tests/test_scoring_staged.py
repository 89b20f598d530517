"""An import into an empty customers table scores its customers while they are staged and inserts
them with their scores: exactly what inserting them and then rescoring them all gives."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
from contextlib import closing

import numpy as np
import pytest

from engine_rows import set_contact
from tests.import_support import NOW, run_import
from workbench.db import connect, open_db
from workbench.dormancy import simulate_bgnbd
from workbench.importing import blocks, run as import_run, scored_load
from workbench.importing.accept import Acceptor
from workbench.scoring import inputs, rescore, run
from workbench.scoring import staged as staged_inputs
from workbench.settings import set_setting

TODAY = NOW.date()
HEADER = ["customer_id", "name", "gender", "birthday", "phone", "manager_id", "branch_id", "aum", "aum_peak",
          "opened_on", "first_activity_on", "last_activity_on", "activity_count_12m", "do_not_call", "tags"]
RUNS = ("SELECT scored_on, branch_id, customers, fitted, r, alpha, a, b, log_likelihood, mode, settings_digest, refitted"
        " FROM scoring_runs ORDER BY branch_id IS NOT NULL, branch_id")


def extract(path, n: int = 3000, seed: int = 5) -> None:
    """n customers over two branches and none, with simulated activity, a few bad phones and
    some repeated customer numbers."""
    rng = np.random.default_rng(seed)
    age = rng.integers(20, 2500, size=n).astype(np.float64)
    repeats, recency = simulate_bgnbd(0.6, 40.0, 0.7, 2.5, age, rng)

    def day(offset: int) -> str:
        return (TODAY + dt.timedelta(days=offset)).isoformat()

    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for i in range(n):
            first = -int(age[i])
            number = i - 1 if i % 97 == 0 and i else i   # a repeat: the first row is kept
            aum = int(rng.choice([2, 30, 48, 60, 280, 700])) * 10_000
            out.writerow([
                f"C{number:05d}", f"客户{i}", "男女"[i % 2], f"{1950 + i % 50}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "12345" if i % 61 == 0 else f"138{i:08d}", f"M{i % 5}", ["B1", "B2", ""][i % 3 if i % 11 else 2],
                aum, aum * int(rng.choice([1, 1, 3])), day(first - int(rng.integers(0, 30))), day(first),
                day(first + int(recency[i])), int(min(repeats[i], 60)), "是" if i % 50 == 7 else "否", "",
            ])


def imported(db_file, file, monkeypatch, *, staged: bool, workers: int = 0) -> sqlite3.Connection:
    """The database after importing file into an empty one, scored while staged or after inserting."""
    with closing(open_db(db_file).conn) as conn:
        set_setting(conn, "dormancy.min_customers_to_fit", 100)
        set_setting(conn, "priority.weight_tier", 12.0, scope="B2")
        set_contact(conn, "C00012", last_contact_at="2026-02-27T10:00:00",
                    attempts_on=["2026-02-20", "2026-02-23", "2026-02-27"])   # before the import, one out of the window
    if not staged:
        monkeypatch.setattr(import_run, "_fresh", lambda conn, writer: False)
    groups = []
    real = scored_load.score_groups
    monkeypatch.setattr(scored_load, "score_groups", lambda *a: groups.append(real(*a)) or groups[-1])
    summary = run_import(db_file, file, workers=workers)
    assert summary.inserted > 2900 and len(groups) == int(staged)
    if staged:   # scored on a thread a group ahead of the one inserted: the first part, then the rest in runs
        assert len(groups[0]) == scored_load.SCORE_GROUPS and groups[0][0] == [0]
    monkeypatch.undo()
    return connect(db_file)


def small_pieces(monkeypatch) -> None:
    """Several parts, several chunks in each, and fit samples spread over all of them."""
    monkeypatch.setattr(blocks, "BLOCK_BYTES", 16 * 1024)
    monkeypatch.setattr(import_run, "_part_bytes", lambda conn, size, spare: size // 6)
    monkeypatch.setattr(inputs, "CHUNK", 97)
    monkeypatch.setattr(staged_inputs, "STAGED_CHUNK", 89)
    monkeypatch.setattr(run, "FIT_SAMPLE_MAX", 150)


@pytest.mark.parametrize("workers", [0, 1])
def test_staged_scores_are_what_a_rescore_after_inserting_gives(tmp_path, monkeypatch, workers):
    """In this process each part's inputs are read after the file; with a reader process, as each
    part comes (the reader process gets the small blocks through its job)."""
    file = tmp_path / "extract.csv"
    extract(file)
    databases = []
    for staged in (True, False):
        small_pieces(monkeypatch)
        parts = []
        real_part = Acceptor.part
        monkeypatch.setattr(Acceptor, "part", lambda self, part: parts.append(part) or real_part(self, part))
        databases.append(imported(tmp_path / f"{staged}.sqlite", file, monkeypatch, staged=staged, workers=workers))
        assert len(parts) >= 5
    (fresh, generic) = databases
    try:
        every = "SELECT rowid, * FROM customers ORDER BY rowid"
        rows = fresh.execute(every).fetchall()
        assert rows == generic.execute(every).fetchall()
        assert fresh.execute(RUNS).fetchall() == generic.execute(RUNS).fetchall()
        runs = fresh.execute(RUNS).fetchall()
        assert [r[1] for r in runs] == [None, "B1", "B2"] and all(r[3] == 1 for r in runs)   # every branch fitted
        scored = fresh.execute("SELECT count(*) FROM customers WHERE scored_on = ? AND score_digest IS NOT NULL",
                               (TODAY.isoformat(),)).fetchone()[0]
        assert scored == len(rows)
        assert fresh.execute("SELECT count(DISTINCT segment) FROM customers").fetchone()[0] > 2
        # And a full rescore with refits afterwards finds nothing to write and fits the same.
        monkeypatch.setattr(run, "FIT_SAMPLE_MAX", 150)
        assert rescore(fresh, TODAY).written == 0
        again = fresh.execute("SELECT branch_id, r, alpha, a, b FROM scoring_runs ORDER BY run_id DESC LIMIT 3")
        assert sorted(again.fetchall(), key=str) == sorted([(r[1], *r[4:8]) for r in runs], key=str)
    finally:
        fresh.close()
        generic.close()


def test_reading_inputs_while_the_file_is_read_loads_no_scipy():
    """A fresh import reads each part's scoring inputs during the read, when an in-process reader
    (a workbook, a small file) is at its peak: scipy (about 40 MB) waits until the fits and scores."""
    import subprocess
    import sys

    code = ("import sys, workbench.importing.run, workbench.scoring, workbench.scoring.staged, workbench.bgnbd; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

