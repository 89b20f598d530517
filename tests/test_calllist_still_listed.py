"""still_listed, the card's check whether a customer is on the open list: the list's own answer for every customer,
filters and all, read for the one customer by key, so that a manager's large book does not slow each card."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime

import pytest

from tui_fixtures import sample_copy
from workbench.calllist import CallListFilter, call_list, manager_settings, off_list, still_listed
from workbench.db import connect

NOW = datetime(2026, 11, 20, 10, 0)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    with closing(connect(sample_copy(tmp_path_factory.mktemp("still")))) as conn:
        yield conn


@pytest.mark.parametrize("filters", [CallListFilter(), CallListFilter(follow_ups_only=True),
                                     CallListFilter(segment="low_value_dormant"), CallListFilter(tier=1)])
def test_it_says_of_each_customer_what_the_list_says(sample, filters):
    """Every customer of the sample's largest book (and those of its follow-ups, another manager's among them)."""
    manager = sample.execute("SELECT manager_id FROM customers GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    settings = manager_settings(sample, manager)
    listed = {e.customer_id for e in call_list(sample, manager, NOW, filters=filters, explain=False, settings=settings)}
    everyone = [row[0] for row in sample.execute(
        "SELECT customer_id FROM customers WHERE manager_id = ? UNION SELECT customer_id FROM followups WHERE owner_id = ?",
        (manager, manager))]
    said = {cid for cid in everyone if still_listed(sample, manager, NOW, filters, settings, cid)}
    assert said == listed and 0 < len(listed) < len(everyone)


def steps(conn, manager: str, customer_id: str) -> tuple[int, int]:
    """How many SQLite virtual-machine steps (in thousands) the card's two checks take for the customer: still_listed,
    and off_list for their number alone (why they are off it)."""
    counted = [0]

    def count() -> int:
        counted[0] += 1
        return 0

    settings, taken = manager_settings(conn, manager), []
    for check in (lambda: still_listed(conn, manager, NOW, CallListFilter(), settings, customer_id),
                  lambda: off_list(conn, manager, NOW, filters=CallListFilter(search=customer_id, customer=customer_id),
                                   settings=settings)):
        counted[0] = 0
        conn.set_progress_handler(count, 1000)
        try:
            check()
        finally:
            conn.set_progress_handler(None, 0)
        taken.append(counted[0])
    return taken[0], taken[1]


def test_the_manager_s_book_is_not_read_to_answer_for_one_customer(tmp_path):
    """20,000 more customers in the manager's book: the answer for one customer on the list, and for one off it,
    costs what it did (before, the list's search for their number went through the whole book: at 32,000 customers
    5.7 ms a card, 42 ms for one off the list)."""
    path = sample_copy(tmp_path)
    with closing(connect(path)) as conn:
        manager = conn.execute("SELECT manager_id FROM customers GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        listed = call_list(conn, manager, NOW, explain=False)[-1].customer_id   # the last on the list
        resting = conn.execute("SELECT c.customer_id FROM customers c JOIN contact_state s USING (customer_id)"
                               " WHERE c.manager_id = ? AND s.blocked_until > ? ORDER BY 1 LIMIT 1",
                               (manager, NOW.isoformat())).fetchone()[0]
        before = {cid: steps(conn, manager, cid) for cid in (listed, resting)}
    with closing(sqlite3.connect(path)) as raw, raw:
        raw.execute("WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 20000)"
                    " INSERT INTO customers (customer_id, name, phone_e164, phone_valid, manager_id, branch_id, priority,"
                    " segment, segments, tier) SELECT '39' || printf('%08d', value), '客户' || value,"
                    " '+86139' || printf('%08d', value), 1, manager_id, branch_id, 50, 'low_value_dormant',"
                    " 'low_value_dormant', 0 FROM n, (SELECT manager_id, branch_id FROM customers WHERE customer_id = ?)",
                    (listed,))
    with closing(connect(path)) as conn:
        settings = manager_settings(conn, manager)
        assert still_listed(conn, manager, NOW, CallListFilter(), settings, listed)
        assert not still_listed(conn, manager, NOW, CallListFilter(), settings, resting)
        for cid, (on, off) in before.items():
            now_on, now_off = steps(conn, manager, cid)
            assert now_on <= on + 2 and now_off <= off + 2
