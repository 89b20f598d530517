"""A customer with no repeat activity (BG/NBD frequency 0: one activity, or none since opening) gets the rule score
alone (t2 F2): BG/NBD's p_alive is 1 for them by definition, and mixed in it kept a customer silent for twelve years
"not dormant"."""

import datetime as dt

import numpy as np

from workbench.dormancy import BGNBDParams, combine, p_alive, to_bgnbd_inputs

FIT = BGNBDParams(r=0.5, alpha=50.0, a=0.5, b=2.0, log_likelihood=0.0, n=0)


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
