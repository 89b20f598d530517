"""A customer with no repeat activity (BG/NBD frequency 0: one activity, or none since opening) gets the rule score
alone (t2 F2): BG/NBD's p_alive is 1 for them by definition, and mixed in it kept a customer silent for twelve years
"not dormant". The function, and the engine on a real database: a full run and a morning run alike."""

import datetime as dt

import numpy as np
from engine_rows import TODAY, add_customer, day, varied_branch

from workbench.dormancy import BGNBDParams, combine, p_alive, to_bgnbd_inputs
from workbench.scoring import rescore
from workbench.settings import load_settings

FIT = BGNBDParams(r=0.5, alpha=50.0, a=0.5, b=2.0, log_likelihood=0.0, n=0)
# One-off customers: first = last activity, nothing since. The tester's 罗浩 (2014-08-26, none in the 12 months), and
# ones active once (inside the 12-month window: the activity counted is the first) 100, 170 and 200 days ago.
ONE_OFFS = {"LUO": ("2014-08-26", 0), "ONE100": (day(-100), 1), "ONE170": (day(-170), 1), "ONE200": (day(-200), 1)}


def test_combine_leaves_the_rule_score_alone_where_the_frequency_is_0():
    p = np.array([1.0, 1.0, 0.25, np.nan])
    rule = np.array([100.0, 30.0, 80.0, 70.0])
    assert combine(p, rule, 0.5).tolist() == [50.0, 15.0, 77.5, 70.0]          # without the frequency, as before
    assert combine(p, rule, 0.5, np.array([0.0, 0.0, 3.0, np.nan])).tolist() == [100.0, 30.0, 77.5, 70.0]
    assert combine(1.0, 100.0, 0.5, 0) == 100.0 and isinstance(combine(1.0, 100.0, 0.5, 0), float)
    assert combine(0.25, 80.0, 0.5, 2) == 77.5


def test_a_one_off_customer_years_ago_has_p_alive_1_and_the_rule_score_decides():
    frequency, recency, age = to_bgnbd_inputs([0], ["2014-08-26"], ["2014-08-26"], ["2014-08-01"], dt.date(2027, 1, 27))
    assert (frequency[0], recency[0]) == (0.0, 0.0) and p_alive(FIT, frequency, recency, age)[0] == 1.0
    assert combine(p_alive(FIT, frequency, recency, age), [100.0], 0.5, frequency)[0] == 100.0


def _branch(conn):
    """engine_rows' varied branch (BG/NBD drawn, fitted from 100 customers on) and the one-off customers."""
    varied_branch(conn, 600)
    for cid, (on, count) in ONE_OFFS.items():
        add_customer(conn, cid, first_activity_on=on, last_activity_on=on, activity_count_12m=count,
                     opened_on="2014-08-01")


def _scores(conn, which: str = "") -> dict:
    return {cid: rest for cid, *rest in conn.execute(
        f"SELECT customer_id, p_alive, rule_dormancy, dormancy_score, segment, priority FROM customers {which}")}


def test_the_engine_scores_one_off_customers_by_the_rules(fresh_db):
    conn = fresh_db.conn
    _branch(conn)
    assert rescore(conn, TODAY).runs[0].fitted
    got = _scores(conn, "WHERE customer_id IN ('LUO', 'ONE100', 'ONE200')")
    # p_alive 1 as the model has it; the score the rules' (was 50, "not dormant").
    assert got["LUO"][:4] == [1.0, 100, 100, "low_value_dormant"]
    one200, one100 = got["ONE200"], got["ONE100"]
    assert one200[0] == 1.0 and one200[2] == one200[1] >= 60 and one200[3] == "low_value_dormant"   # was 32
    assert one100[0] == 1.0 and one100[2] == one100[1] < 60 and one100[3] != "low_value_dormant"     # was half of it
    repeat = _scores(conn, "WHERE customer_id LIKE 'C%'")
    assert any(p < 1.0 for p, *_ in repeat.values())   # a repeat customer's score still mixes p_alive in


def test_a_morning_run_that_rescores_only_the_customers_due_gives_what_a_full_run_gives(fresh_db):
    conn = fresh_db.conn
    _branch(conn)
    rescore(conn, TODAY)
    later = TODAY + dt.timedelta(days=20)   # ONE170 crosses the product line (180 days) meanwhile; no refit
    rescore(conn, later, refit=False)
    due = _scores(conn)
    rescore(conn, later, settings=load_settings(conn, "B1"), refit=False)   # explicit settings: a full run
    full = _scores(conn)
    assert {c: v[2:] for c, v in due.items()} == {c: v[2:] for c, v in full.items()}
    assert full["ONE170"][2:4] == [full["ONE170"][1], "low_value_dormant"]
