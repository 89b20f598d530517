"""Two processes on one database: the app reading its call list while a CLI import runs, and two CLI
writers at the same moment. Nobody sees "database is locked"; readers see all of an import or none."""

from __future__ import annotations

import json
import time
from datetime import datetime

import pytest

from tests.hostile import count, run_workbench, start_workbench, write_extract
from workbench.calllist import call_list, count_call_list
from workbench.db import connect
from workbench.scoring import needs_rescore

SAMPLE_DAY = "2026-11-20"
NOW = f"{SAMPLE_DAY}T10:00:00"
NEW = 40_000


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "branch.sqlite"
    run_workbench(path, "sample", "--customers", "3000", "--out", path, now=NOW, user=None, check=True)
    return path


def read_like_the_app(conn, now: datetime) -> tuple[int, list]:
    """What the call-list screen does on each refresh: check the day's scoring, count, first page."""
    assert not needs_rescore(conn, now.date())
    total = count_call_list(conn, "M001", now)
    return total, call_list(conn, "M001", now, limit=50)


def test_the_app_keeps_reading_while_an_import_runs_and_then_sees_it(sample, tmp_path):
    now = datetime.fromisoformat(NOW)
    extract = write_extract(tmp_path / "extract.csv", NEW)
    conn = connect(sample)                     # the app's connection, held open throughout
    before, _ = read_like_the_app(conn, now)
    proc = start_workbench(sample, "import", "customers", extract, now=NOW)
    totals = []
    while proc.poll() is None:
        total, page = read_like_the_app(conn, now)
        totals.append(total)
        assert len(page) == 50
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "locked" not in err and f"Inserted {NEW:,}" in out
    after, page = read_like_the_app(conn, now)
    assert after > before
    assert len(totals) >= 5, "the import ended before the reader could overlap it"
    # Each read saw the database before the import or after it, never half of it.
    assert set(totals) <= {before, after} and totals[0] == before
    full = call_list(conn, "M001", now, explain=False)
    assert len(full) == after and sum(e.customer_id.startswith("X") for e in full) == after - before
    assert count(conn, "customers") == 3000 + NEW
    conn.close()


def test_two_cli_writers_at_the_same_moment_both_succeed(sample):
    conn = connect(sample)
    ids = [r[0] for r in conn.execute("SELECT customer_id FROM customers WHERE manager_id = 'M001' LIMIT 4")]
    before = count(conn, "outcomes")

    def log(customer_id: str, note: str):
        return start_workbench(sample, "log", "--customer", customer_id, "--result", "reached",
                               "--outcome", "not_interested", "--note", note, "--json", now=NOW, user="M001")

    # At the same moment, as two terminals' operators might.
    racing = [log(ids[0], "first"), log(ids[1], "second")]
    # And while another writer holds the write lock: both must wait for it, then succeed.
    conn.execute("BEGIN IMMEDIATE")
    waiting = [log(ids[2], "third"), log(ids[3], "fourth")]
    time.sleep(1.5)
    assert all(p.poll() is None for p in waiting), "a writer did not wait for the lock"
    conn.execute("COMMIT")
    for proc in racing + waiting:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0 and err == "", err
        assert json.loads(out)["outcome_id"]
    notes = {r[0] for r in conn.execute("SELECT note FROM outcomes WHERE customer_id IN (?, ?, ?, ?)", ids)}
    assert count(conn, "outcomes") == before + 4 and {"first", "second", "third", "fourth"} <= notes
    conn.close()
