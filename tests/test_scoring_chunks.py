"""A rescore reads, scores and writes its customers a chunk at a time, so its memory does not grow
with the table: chunks of any size give exactly what one chunk gives."""

import datetime as dt
import sqlite3
from contextlib import closing

import numpy as np
import pytest

from engine_rows import TODAY, add_branch, add_staff, varied_branch
from workbench.db import connect
from workbench.scoring import inputs, rescore, run
from workbench.settings import load_settings, set_setting

EVERYTHING = ("SELECT customer_id, p_alive, rule_dormancy, dormancy_score, dormant_lines, tier, peak_tier, segment,"
              " segments, triggers, priority, next_maturity_on, next_maturity_type, score_digest, scores_due_on,"
              " scored_on FROM customers ORDER BY customer_id")
RUNS = "SELECT scored_on, branch_id, customers, fitted, r, alpha, a, b, mode, refitted FROM scoring_runs ORDER BY run_id"


def two_branches(conn) -> None:
    """varied_branch's 400 customers, every third moved to a second branch, each branch fitted on a sample."""
    varied_branch(conn)
    add_branch(conn, "B2", "城西支行")
    add_staff(conn, "M3", "张经理", branch_id="B2")
    conn.execute("UPDATE customers SET branch_id = 'B2', manager_id = 'M3' WHERE rowid % 3 = 0")
    set_setting(conn, "dormancy.min_customers_to_fit", 60)


def history(source, copy, chunk: int, monkeypatch) -> tuple[list, list]:
    """Every score column and scoring run, in a copy of the source database, after a full run with
    refits, six due mornings, a partial run for some customers whose inputs changed, and a full run
    without refits."""
    with closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    monkeypatch.setattr(inputs, "CHUNK", chunk)
    monkeypatch.setattr(inputs, "BATCH", max(1, chunk // 3))   # Python rows made, and written, in batches
    monkeypatch.setattr(run, "FIT_SAMPLE_MAX", 90)   # both branches have more customers: the fit takes a sample
    conn = connect(copy)
    try:
        assert rescore(conn, TODAY).mode == "full"
        for offset in range(1, 7):
            assert rescore(conn, TODAY + dt.timedelta(days=offset), refit=False).mode == "due"
        later = TODAY + dt.timedelta(days=7)
        conn.execute("UPDATE customers SET aum_fen = aum_fen * 3, last_activity_on = ? WHERE rowid % 7 = 1",
                     (later.isoformat(),))
        named = [r[0] for r in conn.execute("SELECT customer_id FROM customers WHERE rowid % 7 = 1")]
        assert rescore(conn, later, customer_ids=named).mode == "partial"
        set_setting(conn, "priority.weight_tier", 12.0, scope="B2")
        assert rescore(conn, later, refit=False).mode == "full"
        return conn.execute(EVERYTHING).fetchall(), conn.execute(RUNS).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("chunk", [1, 7, 64])
def test_any_chunk_size_gives_what_one_chunk_gives(fresh_db, tmp_path, monkeypatch, chunk):
    two_branches(fresh_db.conn)
    whole = history(fresh_db.conn, tmp_path / "whole.sqlite", 10**6, monkeypatch)
    chunked = history(fresh_db.conn, tmp_path / "chunked.sqlite", chunk, monkeypatch)
    assert chunked == whole
    scores, runs = whole
    assert sum(r[3] for r in runs) >= 2                      # both branches were fitted
    assert any(r[11] for r in scores)                       # some maturities shown
    assert len({r[14] for r in scores}) > 5                 # due dates spread over days


def test_a_branch_sample_is_evenly_spread_in_rowid_order(fresh_db):
    conn = fresh_db.conn
    two_branches(conn)
    inputs.prepare(conn, TODAY, inputs.ALL, {}, ["B1", "B2"], 30)
    b2 = np.array([r[0] for r in conn.execute("SELECT rowid FROM customers WHERE branch_id = 'B2' ORDER BY rowid")])
    for cap in (10, 50, b2.size - 1):
        sample = inputs.branch_sample(conn, TODAY, "B2", cap)["rowid"].astype(np.int64)
        assert sample.tolist() == b2[np.linspace(0, b2.size - 1, cap).astype(np.int64)].tolist()
    assert inputs.branch_sample(conn, TODAY, "B2", b2.size)["rowid"].astype(np.int64).tolist() == b2.tolist()
    assert (inputs.branch_sample(conn, TODAY, "B1", 10)["branch"] == 0).all()


def test_the_score_indexes_are_rebuilt_only_for_a_run_heading_for_many_changes(fresh_db, monkeypatch):
    conn = fresh_db.conn
    varied_branch(conn, n=80)
    drops = []
    real_drop = run._drop_score_indexes
    monkeypatch.setattr(run, "_drop_score_indexes", lambda c: drops.append(1) or real_drop(c))
    monkeypatch.setattr(inputs, "CHUNK", 8)
    monkeypatch.setattr(run, "REBUILD_INDEX_FROM", 50)
    assert rescore(conn, TODAY).written == 80
    assert drops == [1]                      # decided on the first chunk: 8 of 8 changed, 80 to go
    conn.execute("UPDATE customers SET aum_fen = aum_fen * 5 WHERE rowid <= 4")
    again = rescore(conn, TODAY, refit=False, settings=load_settings(conn, "B1"))
    assert again.mode == "full" and 0 < again.written <= 4
    assert drops == [1]                      # heading for 4 + 4/8 * 72 = 40 changes: the indexes stay
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"customers_calllist", "customers_scores_due", "customers_unscored"} <= names


def test_a_run_leaves_its_temp_tables_empty(fresh_db):
    conn = fresh_db.conn
    varied_branch(conn, n=20)
    rescore(conn, TODAY)
    rescore(conn, TODAY, customer_ids=["C1", "C2"])
    rescore(conn, TODAY + dt.timedelta(days=1), refit=False)
    for name in inputs._TEMP_TABLES:
        assert conn.execute(f"SELECT count(*) FROM temp.{name}").fetchone()[0] == 0


def test_a_run_tells_how_far_it_is_after_each_chunk(fresh_db, monkeypatch):
    """What `workbench score` draws its bar from: (scored, of how many) from 0 before the fits up to
    every customer covered, once per chunk."""
    conn = fresh_db.conn
    two_branches(conn)
    monkeypatch.setattr(inputs, "CHUNK", 70)
    told = []
    result = rescore(conn, TODAY, progress=lambda done, total: told.append((done, total)))
    assert result.mode == "full" and result.customers == 400
    assert told[0] == (0, 400) and told[-1] == (400, 400)
    assert [done for done, _ in told] == [0, 70, 140, 210, 280, 350, 400]
    told.clear()
    names = [r[0] for r in conn.execute("SELECT customer_id FROM customers ORDER BY customer_id LIMIT 5")]
    rescore(conn, TODAY, customer_ids=names, progress=lambda done, total: told.append((done, total)))
    assert told == [(0, 5), (5, 5)]
