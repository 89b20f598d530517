"""Incremental rescoring: rows written only when their scores change, and the morning run reading
only the customers whose scores are due, giving exactly what a full rewrite gives."""

import datetime as dt

import numpy as np
import pytest

from engine_rows import TODAY, WAN, add_customer, day, varied_branch
from workbench.scoring import inputs, model, rescore
from workbench.settings import load_settings, set_setting

SCORE_COLUMNS = ("customer_id, dormancy_score, dormant_lines, tier, peak_tier, segment,"
                 " segments, triggers, priority, next_maturity_on, next_maturity_type")
# p_alive and the rule score feed the dormancy score, kept exact; stored they may lag by one step.
DRIFTING = {"p_alive": 0.05, "rule_dormancy": 5}


def stored(conn) -> list[tuple]:
    return conn.execute(f"SELECT {SCORE_COLUMNS} FROM customers ORDER BY customer_id").fetchall()


def drifting(conn) -> dict[str, np.ndarray]:
    return {name: np.array([r[0] for r in conn.execute(f"SELECT {name} FROM customers ORDER BY customer_id")],
                           dtype=np.float64) for name in DRIFTING}


def rewritten(conn, today: dt.date) -> tuple[list[tuple], dict[str, np.ndarray]]:
    """The scores a full run that rewrites every row gives as of today (rolled back afterwards)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("UPDATE customers SET score_digest = NULL")
        assert rescore(conn, today, refit=False, settings=load_settings(conn, "B1")).mode == "full"
        return stored(conn), drifting(conn)
    finally:
        conn.execute("ROLLBACK")


def assert_as_rewritten(conn, today: dt.date, note: str = "") -> None:
    exact, fresh = rewritten(conn, today)
    assert stored(conn) == exact, note
    for name, values in drifting(conn).items():
        assert np.array_equal(np.isnan(values), np.isnan(fresh[name])), note
        assert np.nanmax(np.abs(values - fresh[name]), initial=0) <= DRIFTING[name] + 1e-9, f"{note} {name}"


NEW_ACCOUNTS = 24


def new_accounts(conn, n: int = NEW_ACCOUNTS) -> None:
    """n customers opened 16 to 85 days ago, so that their new-customer window (90 days) closes on one of the
    next 74 days: unfunded, under the asset floor or above it, some with money fallen from its peak, with and
    without an activity or a login since opening."""
    for i in range(n):
        opened = -(16 + 3 * i)
        aum = (0, 3_000 * 100, 9_999 * 100, 2 * WAN, 50 * WAN)[i % 5]
        acted = i % 3 != 0
        add_customer(conn, f"N{i}", opened_on=day(opened), first_activity_on=day(opened) if acted else None,
                     last_activity_on=day(opened + i % 7) if acted else None,
                     last_login_on=day(opened + 2) if i % 4 == 1 else None, activity_count_12m=int(acted) * (1 + i % 3),
                     aum_fen=aum, aum_peak_fen=aum * 3 if i % 4 == 2 else None, birthday=None)


def lines_by_customer(conn, prefix: str) -> dict[str, tuple]:
    return {r[0]: r[1:] for r in conn.execute("SELECT customer_id, dormant_lines, segments FROM customers"
                                              " WHERE customer_id LIKE ? || '%'", (prefix,))}


@pytest.mark.parametrize("product_days", [180, 60])
def test_due_runs_day_after_day_equal_a_full_rewrite(fresh_db, product_days):
    """Over 74 mornings, with customers whose new-customer window closes on one of them (with a product line
    shorter than the window, too: its fallback to the opening day switches on then)."""
    conn = fresh_db.conn
    varied_branch(conn)
    new_accounts(conn)
    set_setting(conn, "dormancy.product_days", product_days)
    total = 400 + NEW_ACCOUNTS
    first = rescore(conn, TODAY)
    assert first.mode == "full" and first.written == total and first.runs[0].fitted
    seen: dict[tuple[str, int], set] = {}   # (customer, morning) -> its stored segments and dormant lines
    looked = []
    for offset in range(0, 75):
        today = TODAY + dt.timedelta(days=offset)
        if offset:
            result = rescore(conn, today, refit=False)
            assert result.mode == "due"
            looked.append(result.customers)
            assert_as_rewritten(conn, today, f"day {offset}")
        for customer, (lines, segments) in lines_by_customer(conn, "N").items():
            seen[customer, offset] = {*lines.split(","), *segments.split(",")} - {""}
    # the point of it: most mornings look at a fraction of the customers
    assert np.median(looked) < total * 0.35 and max(looked) < total
    # Each new account's window closed on one of the mornings, and only then did what it had not done count: an AUM
    # under the floor, no activity since opening (with the product line shorter than the window); money fallen from
    # its peak counted from the first morning.
    for i in range(NEW_ACCOUNTS):
        c, closes = f"N{i}", 74 - 3 * i
        before, after = seen[c, closes - 1], seen[c, closes]
        assert "new_customer" in before and "new_customer" not in after, c
        aum = (0, 3_000 * 100, 9_999 * 100, 2 * WAN, 50 * WAN)[i % 5]
        if i % 4 == 2 and aum:
            assert "asset" in seen[c, 0], c
        else:
            assert "asset" not in before and ("asset" in after) == (aum < WAN), c
        if product_days < 90 and i % 3 == 0:
            assert "product" not in before and "product" in after, c


def test_a_second_run_the_same_day_writes_nothing(fresh_db):
    conn = fresh_db.conn
    varied_branch(conn, n=60)
    assert rescore(conn, TODAY).written == 60
    before = conn.execute("SELECT customer_id, scored_on, scores_due_on, score_digest FROM customers").fetchall()
    again = rescore(conn, TODAY, refit=False)
    assert (again.mode, again.customers, again.written) == ("due", 0, 0)
    assert rescore(conn, TODAY, refit=False, settings=load_settings(conn, "B1")).written == 0  # a full look, too
    assert conn.execute("SELECT customer_id, scored_on, scores_due_on, score_digest FROM customers").fetchall() == before


def test_every_scored_row_is_due_on_a_later_day(fresh_db):
    conn = fresh_db.conn
    varied_branch(conn, n=60)
    rescore(conn, TODAY)
    due = [r[0] for r in conn.execute("SELECT scores_due_on FROM customers")]
    assert all(day(1) <= d <= day(model.LOOKAHEAD_DAYS) for d in due)


def test_a_settings_change_or_an_old_full_run_means_a_full_run(fresh_db):
    conn = fresh_db.conn
    varied_branch(conn, n=60)
    set_setting(conn, "scoring.full_rescore_days", 7)
    rescore(conn, TODAY)
    assert rescore(conn, TODAY + dt.timedelta(days=1), refit=False).mode == "due"
    # Settings no score depends on (keys, the call window, leads, care) leave the next run a due one.
    set_setting(conn, "app.keymap", {"outcome": "l"})
    set_setting(conn, "contact.window_start", "08:30", scope="B1")
    set_setting(conn, "leads.threshold", 40)
    set_setting(conn, "care.festival_lead_days", 5)
    assert rescore(conn, TODAY + dt.timedelta(days=1), refit=False).mode == "due"
    set_setting(conn, "contact.budget_days", 14)   # recent attempts lower a priority
    assert rescore(conn, TODAY + dt.timedelta(days=1), refit=False).mode == "full"
    set_setting(conn, "priority.weight_tier", 12.0, scope="B1")
    changed = rescore(conn, TODAY + dt.timedelta(days=2), refit=False)
    assert changed.mode == "full" and changed.customers == 60 and changed.written > 0
    assert rescore(conn, TODAY + dt.timedelta(days=9), refit=False).mode == "due"  # 7 days after that full run
    assert rescore(conn, TODAY + dt.timedelta(days=10), refit=False).mode == "full"


def test_going_back_in_time_means_a_full_run(fresh_db):
    conn = fresh_db.conn
    varied_branch(conn, n=30)
    rescore(conn, TODAY + dt.timedelta(days=5))
    assert rescore(conn, TODAY, refit=False).mode == "full"
    assert_as_rewritten(conn, TODAY)


def test_a_new_customer_is_scored_by_the_next_due_run(fresh_db):
    conn = fresh_db.conn
    varied_branch(conn, n=30)
    rescore(conn, TODAY)
    add_customer(conn, "C900", last_activity_on="2024-01-01")
    result = rescore(conn, TODAY + dt.timedelta(days=1), refit=False)
    assert result.mode == "due" and conn.execute(
        "SELECT scored_on FROM customers WHERE customer_id = 'C900'").fetchone()[0] == day(1)


@pytest.mark.parametrize("seed,at_once", [(1, False), (2, False), (3, False), (1, True)])
def test_due_in_is_the_first_day_the_scores_differ(fresh_db, monkeypatch, seed, at_once):
    """The binary search (and the all-days-at-once pass for a few customers) against looking at
    every day one by one."""
    monkeypatch.setattr(model, "SCAN_AT_ONCE", 10**6 if at_once else 0)
    conn = fresh_db.conn
    varied_branch(conn, n=150, seed=seed)
    new_accounts(conn)
    rescore(conn, TODAY)
    settings = load_settings(conn, "B1")
    inputs.prepare(conn, TODAY, inputs.ALL, {}, ["B1"], int(settings["segments.maturity_within_days"]))
    [cols] = inputs.chunks(conn, TODAY, everyone=True)
    from workbench.scoring.run import _stored_params
    params = _stored_params(conn, "B1")
    base = model.digest(model.score(cols, TODAY, settings, params), cols)
    due = model.due_in(cols, TODAY, settings, params, base)
    limit = model.horizon(cols, TODAY, settings)
    brute = limit.copy()
    for d in range(limit.max() - 1, 0, -1):
        later = model.digest(model.score(cols, TODAY, settings, params, shift=d), cols)
        brute = np.where((later != base) & (d < limit), d, brute)
    assert due.tolist() == brute.tolist()
    assert (due == 1).any() and (due > 7).any()  # both kinds are in the sample


def test_a_fit_older_than_refit_days_is_fitted_anew(fresh_db):
    conn = fresh_db.conn
    varied_branch(conn, n=150)
    set_setting(conn, "scoring.refit_days", 30)
    assert rescore(conn, TODAY).runs[0].refitted
    later = rescore(conn, TODAY + dt.timedelta(days=30), refit=False)
    assert later.mode == "due" and not later.runs[0].refitted
    stale = rescore(conn, TODAY + dt.timedelta(days=31), refit=False)
    assert stale.mode == "full" and stale.runs[0].refitted and stale.runs[0].fitted
    assert rescore(conn, TODAY + dt.timedelta(days=32), refit=False).mode == "due"
    assert conn.execute("SELECT group_concat(mode || refitted, ' ') FROM scoring_runs ORDER BY run_id").fetchone()[0] \
        == "full1 due0 full1 due0"


def test_a_rescore_reads_only_the_settings_scores_depend_on(fresh_db, monkeypatch):
    """The run digests only the settings affects_scores names (a change to any other one leaves the next run a
    due one), so scoring must read no other: recorded over a full run and a due one."""
    from workbench.settings import Settings, affects_scores

    read = set()
    get = Settings.__getitem__
    monkeypatch.setattr(Settings, "__getitem__", lambda self, key: read.add(key) or get(self, key))
    conn = fresh_db.conn
    varied_branch(conn, n=60)
    rescore(conn, TODAY)
    rescore(conn, TODAY + dt.timedelta(days=1), refit=False)
    planning = {"scoring.full_rescore_days", "scoring.refit_days"}   # which run to make, not what it gives
    assert read - planning and {key for key in read - planning if not affects_scores(key)} == set()
    assert {"segments.dormant_min_score", "tiers.lines_fen", "priority.weight_tier", "contact.budget_days"} <= read


def test_scores_stored_by_older_formulas_mean_a_full_run(fresh_db, monkeypatch):
    """A database scored before the maturity ramp kept the flat points until each customer's own due day (up to a
    week): raising run.FORMULA_VERSION with a formula change makes the next run a full one."""
    from workbench.scoring import run

    conn = fresh_db.conn
    varied_branch(conn, n=60)
    rescore(conn, TODAY)
    assert rescore(conn, TODAY + dt.timedelta(days=1), refit=False).mode == "due"
    monkeypatch.setattr(run, "FORMULA_VERSION", run.FORMULA_VERSION + 1)
    assert rescore(conn, TODAY + dt.timedelta(days=2), refit=False).mode == "full"
    assert rescore(conn, TODAY + dt.timedelta(days=3), refit=False).mode == "due"


def test_the_horizon_ends_where_the_new_customer_window_closes():
    """A customer ageing out of segments.new_customer_days is an event of its own: the asset floor test and the
    product line's fallback switch on that day, so the search for the next change stops there."""
    from workbench.settings import DEFAULTS

    opened = np.array([40.0, 89.0, 90.0, np.nan, -3.0, 400.0, 10.0])
    nan = np.full(opened.size, np.nan)
    cols = {"aum": np.zeros(opened.size), "opened": opened, "first": nan, "last": nan, "login": nan, "contact": nan,
            "count": np.zeros(opened.size), "to_birthday": nan, "to_maturity": nan}
    # at most LOOKAHEAD_DAYS (60) ahead; an opening in the future is looked at once it is reached
    assert model.horizon(cols, TODAY, DEFAULTS).tolist() == [50, 1, 60, 60, 3, 60, 60]
    shorter = {**DEFAULTS, "segments.new_customer_days": 30}
    assert model.horizon(cols, TODAY, shorter).tolist() == [60, 60, 60, 60, 3, 60, 20]
