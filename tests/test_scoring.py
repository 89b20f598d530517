"""Rescoring: stored columns, the unlistable left without priority, BG/NBD runs, partial and day-change rescoring."""

import datetime as dt
import json

import numpy as np
import pytest

from engine_rows import TODAY, WAN, add_branch, add_customer, add_holding, add_staff, basic_branch, set_contact
from workbench.scoring import needs_rescore, rescore


def row(conn, customer_id):
    cur = conn.execute("SELECT * FROM customers WHERE customer_id = ?", (customer_id,))
    return dict(zip([d[0] for d in cur.description], cur.fetchone()))


def test_rescore_stores_every_score_column(fresh_db):
    conn = fresh_db.conn
    basic_branch(conn)
    add_customer(conn, "C1", aum_fen=60 * WAN, aum_peak_fen=400 * WAN, last_activity_on="2025-01-22",
                 last_login_on="2024-12-01", birthday="1966-03-12")
    add_holding(conn, "C1", "wealth", "2026-03-15")
    add_holding(conn, "C1", "time_deposit", "2026-03-20")
    add_holding(conn, "C1", "fund", "2026-02-01")  # already matured: ignored
    result = rescore(conn, TODAY)
    assert (result.customers, result.listable) == (1, 1)
    c = row(conn, "C1")
    assert c["scored_on"] == "2026-03-10"
    assert c["score_digest"] is not None
    assert (c["tier"], c["peak_tier"]) == (2, 3)
    assert c["dormant_lines"] == "product,channel,asset"  # fallen from 400万 to 60万
    assert 60 <= c["dormancy_score"] <= 100 and c["rule_dormancy"] is not None
    assert c["dormancy_score"] == int(c["dormancy_score"])  # whole points, as the list shows them
    assert c["p_alive"] is None  # one customer: too few to fit BG/NBD, the rule score stands alone
    assert c["dormancy_score"] == c["rule_dormancy"]
    assert c["segment"] == "high_value_dormant"
    assert c["segments"] == "high_value_dormant,downgraded,maturing_soon,birthday_soon"
    assert c["triggers"] == "maturity,birthday,downgraded"
    assert (c["next_maturity_on"], c["next_maturity_type"]) == ("2026-03-15", "wealth")
    # dormancy + tier + never contacted + maturity (5 of 14 days away: 25 rising to 50 on the day) + birthday
    # + downgraded, default weights
    expected = round(c["dormancy_score"] + 2 * 10 + 180 * 0.2 + 25 * (2 - 5 / 14) + 10 + 15, 2)
    assert c["priority"] == pytest.approx(expected, abs=0.011)


@pytest.mark.parametrize("flag", [{"do_not_call": 1}, {"consent": 0}, {"phone_valid": 0}, {"active": 0}])
def test_customers_never_listable_get_no_priority(fresh_db, flag):
    conn = fresh_db.conn
    basic_branch(conn)
    add_customer(conn, "C1")
    add_customer(conn, "C2", **flag)
    result = rescore(conn, TODAY)
    assert result.listable == 1
    assert row(conn, "C1")["priority"] is not None
    blocked = row(conn, "C2")
    assert blocked["priority"] is None
    assert blocked["tier"] == 1 and blocked["scored_on"] == "2026-03-10"  # still scored, just never listed


def test_recent_attempts_lower_the_priority(fresh_db):
    conn = fresh_db.conn
    basic_branch(conn)
    add_customer(conn, "C1")
    add_customer(conn, "C2")
    add_customer(conn, "C3")
    set_contact(conn, "C2", last_contact_at="2026-03-09T10:00:00", attempts_on=["2026-03-08", "2026-03-09"])
    set_contact(conn, "C3", last_contact_at="2026-01-09T10:00:00",
                attempts_on=["2026-01-08", "2026-01-09"])  # outside the 7-day window
    rescore(conn, TODAY)
    p1, p2, p3 = (row(conn, c)["priority"] for c in ("C1", "C2", "C3"))
    assert p2 == pytest.approx(p1 - 36.0 + 0.0 - 20.0, abs=0.02)  # 1 day: no whole week since contact
    assert p3 == pytest.approx(p1 - 36.0 + 56 * 0.2, abs=0.02)  # 60 days: 8 whole weeks


def test_full_run_records_scoring_runs_and_partial_runs_do_not(fresh_db):
    conn = fresh_db.conn
    basic_branch(conn)
    add_customer(conn, "C1")
    add_customer(conn, "C2")
    rescore(conn, TODAY)
    assert conn.execute("SELECT scored_on, branch_id, customers, fitted FROM scoring_runs").fetchall() == [
        ("2026-03-10", "B1", 2, 0)]
    conn.execute("UPDATE customers SET aum_fen = ? WHERE customer_id = 'C2'", (700 * WAN,))
    result = rescore(conn, TODAY + dt.timedelta(days=1), customer_ids=["C2"])
    assert result.customers == 1
    assert conn.execute("SELECT count(*) FROM scoring_runs").fetchone()[0] == 1
    assert row(conn, "C2")["tier"] == 4 and row(conn, "C2")["scored_on"] == "2026-03-11"
    assert row(conn, "C1")["scored_on"] == "2026-03-10"
    assert rescore(conn, TODAY, customer_ids=[]).customers == 0


def simulated_branch(conn, n):
    """n customers drawn from a BG/NBD process (r=0.5, alpha=60 days, a=0.8, b=2.5), ages 400-700 days."""
    rng = np.random.default_rng(7)
    for i in range(n):
        age = int(rng.integers(400, 700))
        rate, drop = rng.gamma(0.5, 1 / 60), rng.beta(0.8, 2.5)
        t, times = 0.0, []
        while True:
            t += rng.exponential(1 / rate)
            if t > age:
                break
            times.append(t)
            if rng.random() < drop:
                break
        first = TODAY - dt.timedelta(days=age)
        last = first + dt.timedelta(days=int(times[-1])) if times else first
        add_customer(conn, f"C{i}", first_activity_on=first.isoformat(), opened_on=first.isoformat(),
                     last_activity_on=last.isoformat(), activity_count_12m=len(times))


def test_bgnbd_is_fitted_per_branch_from_the_configured_size(fresh_db):
    conn = fresh_db.conn
    basic_branch(conn)
    conn.execute("INSERT INTO settings (scope, key, value) VALUES ('bank', 'dormancy.min_customers_to_fit', '50')")
    simulated_branch(conn, 400)
    result = rescore(conn, TODAY)
    assert result.runs[0].fitted and result.runs[0].params.n == 400
    run = conn.execute("SELECT fitted, r, alpha, a, b FROM scoring_runs").fetchone()
    assert run[0] == 1 and all(v > 0 for v in run[1:])
    stats = conn.execute("SELECT count(p_alive), min(p_alive), max(p_alive) FROM customers").fetchone()
    assert stats[0] == 400 and 0 <= stats[1] < stats[2] <= 1
    # a partial rescore reuses the stored parameters: same p_alive for an unchanged customer
    before = row(conn, "C5")["p_alive"]
    conn.execute("UPDATE customers SET p_alive = NULL, score_digest = NULL WHERE customer_id = 'C5'")
    rescore(conn, TODAY, customer_ids=["C5"])
    assert row(conn, "C5")["p_alive"] == before


def test_daily_rescore_can_reuse_the_latest_fit(fresh_db):
    conn = fresh_db.conn
    basic_branch(conn)
    conn.execute("INSERT INTO settings (scope, key, value) VALUES ('bank', 'dormancy.min_customers_to_fit', '50')")
    simulated_branch(conn, 300)
    first = rescore(conn, TODAY, refit=False)  # no fit stored yet: fits now
    assert first.runs[0].fitted
    conn.execute("UPDATE scoring_runs SET r = r * 2")  # mark the stored parameters
    again = rescore(conn, TODAY + dt.timedelta(days=1), refit=False)
    assert again.runs[0].params.r == pytest.approx(first.runs[0].params.r * 2)
    refitted = rescore(conn, TODAY + dt.timedelta(days=1), refit=True)
    assert refitted.runs[0].params.r == pytest.approx(first.runs[0].params.r, rel=0.01)  # refitted, a day older
    assert conn.execute("SELECT count(*), sum(fitted) FROM scoring_runs").fetchone() == (3, 3)


def test_settings_per_branch(fresh_db):
    conn = fresh_db.conn
    basic_branch(conn)
    add_branch(conn, "B2", "城西支行")
    add_staff(conn, "M3", "周经理", "B2")
    conn.execute("INSERT INTO settings (scope, key, value) VALUES ('B2', 'tiers.lines_fen', ?)",
                 (json.dumps([20 * WAN, 100 * WAN]),))
    add_customer(conn, "C1", aum_fen=30 * WAN)
    add_customer(conn, "C2", aum_fen=30 * WAN, branch_id="B2", manager_id="M3")
    rescore(conn, TODAY)
    assert row(conn, "C1")["tier"] == 1 and row(conn, "C2")["tier"] == 1
    assert row(conn, "C1")["segments"] == "" and "near_next_tier" not in row(conn, "C2")["segments"]
    conn.execute("UPDATE customers SET aum_fen = ? WHERE customer_id IN ('C1', 'C2')", (96 * WAN,))
    rescore(conn, TODAY)
    assert row(conn, "C1")["tier"] == 2 and row(conn, "C2")["segment"] == "near_next_tier"
    assert sorted(conn.execute("SELECT branch_id FROM scoring_runs ORDER BY run_id DESC LIMIT 2").fetchall()) == [("B1",), ("B2",)]


def test_needs_rescore_at_day_change_and_for_unscored_customers(fresh_db):
    conn = fresh_db.conn
    basic_branch(conn)
    assert needs_rescore(conn, TODAY) is False  # nothing to score
    add_customer(conn, "C1")
    assert needs_rescore(conn, TODAY) is True
    rescore(conn, TODAY)
    assert needs_rescore(conn, TODAY) is False
    assert needs_rescore(conn, TODAY + dt.timedelta(days=1)) is True
    add_customer(conn, "C2")
    assert needs_rescore(conn, TODAY) is True


def test_needs_rescore_once_a_setting_the_scores_use_changed_the_same_day(fresh_db):
    """New tier lines at 10:00: until a run, the list named tiers by the new lines beside tiers and segments the old
    ones made ("Downgraded from 50k to 50k"). A setting the scores do not use (the call window) asks for none."""
    conn = fresh_db.conn
    basic_branch(conn)
    add_customer(conn, "C1", aum_fen=60 * WAN, aum_peak_fen=400 * WAN)
    rescore(conn, TODAY)
    conn.execute("INSERT INTO settings (scope, key, value) VALUES ('bank', 'contact.window_start', '\"08:30\"')")
    assert needs_rescore(conn, TODAY) is False
    conn.execute("INSERT INTO settings (scope, key, value) VALUES ('B1', 'tiers.lines_fen', '[5000000, 1000000000]')")
    assert needs_rescore(conn, TODAY) is True
    rescore(conn, TODAY)
    assert needs_rescore(conn, TODAY) is False and row(conn, "C1")["tier"] == 1
    # A branch left without customers gets no run: its last digest, now old, asks for nothing either.
    add_branch(conn, "B2")
    add_customer(conn, "C2", branch_id="B2")
    rescore(conn, TODAY)
    conn.execute("UPDATE customers SET branch_id = 'B1' WHERE customer_id = 'C2'")
    conn.execute("INSERT INTO settings (scope, key, value) VALUES ('bank', 'dormancy.product_days', '90')")
    rescore(conn, TODAY)
    assert needs_rescore(conn, TODAY) is False


def test_rescore_joins_the_callers_transaction(fresh_db):
    conn = fresh_db.conn
    basic_branch(conn)
    add_customer(conn, "C1")
    conn.execute("BEGIN IMMEDIATE")
    rescore(conn, TODAY)
    assert conn.in_transaction
    conn.execute("ROLLBACK")
    assert row(conn, "C1")["scored_on"] is None
    assert conn.execute("SELECT count(*) FROM scoring_runs").fetchone()[0] == 0


def test_large_full_runs_rebuild_the_priority_indexes_identically(fresh_db, monkeypatch):
    from workbench.scoring import run

    conn = fresh_db.conn
    basic_branch(conn)
    add_customer(conn, "C1")
    add_customer(conn, "C2", do_not_call=1)
    definitions = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers' ORDER BY name"
    before = conn.execute(definitions).fetchall()
    monkeypatch.setattr(run, "REBUILD_INDEX_FROM", 1)
    rescore(conn, TODAY)
    assert conn.execute(definitions).fetchall() == before
    plan = " ".join(r[3] for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT customer_id, name FROM customers INDEXED BY customers_calllist"
        " WHERE manager_id = 'M1' AND priority IS NOT NULL ORDER BY priority DESC"))
    assert "COVERING INDEX customers_calllist" in plan
    assert conn.execute("SELECT customer_id FROM customers INDEXED BY customers_calllist"
                        " WHERE manager_id = 'M1' AND priority IS NOT NULL").fetchall() == [("C1",)]


def test_reading_and_writing_in_small_chunks_gives_the_same_scores(fresh_db, monkeypatch):
    from workbench.scoring import inputs

    conn = fresh_db.conn
    basic_branch(conn)
    for i in range(7):
        add_customer(conn, f"C{i}", aum_fen=(i * 30 + 1) * WAN, last_activity_on=f"202{i % 6}-02-01",
                     do_not_call=int(i == 3))
    columns = "SELECT customer_id, priority, segments, tier, dormancy_score FROM customers ORDER BY customer_id"
    rescore(conn, TODAY)
    whole = conn.execute(columns).fetchall()
    conn.execute("UPDATE customers SET priority = NULL, segments = '', tier = NULL, dormancy_score = NULL,"
                 " score_digest = NULL")
    monkeypatch.setattr(inputs, "CHUNK", 2)
    rescore(conn, TODAY)
    assert conn.execute(columns).fetchall() == whole
    assert [r[1] is None for r in whole] == [False, False, False, True, False, False, False]


def test_blas_runs_single_threaded_in_a_fresh_process():
    """The BG/NBD fit is five times slower with OpenBLAS's thread pool on two cores."""
    import subprocess
    import sys

    code = "import workbench, numpy, os; print(os.environ['OPENBLAS_NUM_THREADS'])"
    env = {k: v for k, v in __import__("os").environ.items() if not k.endswith("_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.strip() == "1"
