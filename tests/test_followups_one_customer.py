"""One customer's care suggestions (what accepting a suggestion works out again) are the owner's list
narrowed to that customer, found by the customer's key rather than by reading the owner's customers;
the owner's warm leads are found from the customers called, not by reading all the owner's."""

import shutil
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

import pytest

from workbench import followups
from workbench.db import open_db
from workbench.sample import DEFAULT_TODAY

SAMPLE = Path(__file__).resolve().parents[1] / "sample.sqlite"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """A copy of the committed sample: birthdays, maturities, cadences, warm leads and two running campaigns."""
    path = tmp_path_factory.mktemp("one") / "sample.sqlite"
    shutil.copy(SAMPLE, path)
    db = open_db(path)
    yield db.conn
    db.conn.close()


@pytest.mark.parametrize("days_on", [0, 3])
def test_one_customer_gets_what_the_owner_list_gives_them(sample, days_on):
    today = DEFAULT_TODAY + timedelta(days=days_on)
    owner_list = followups.care_suggestions(sample, "M001", today)
    by_customer = defaultdict(list)
    for suggestion in owner_list:
        by_customer[suggestion.customer_id].append(suggestion)
    # Every kind is there, campaigns too, and customers a campaign targets beyond its batch.
    assert {"birthday", "maturity", "warm_lead", "campaign:CD-3Y", "campaign:PTS-2X"} <= {s.kind for s in owner_list}
    others = [row[0] for row in sample.execute(
        "SELECT customer_id FROM customers WHERE manager_id = 'M001' ORDER BY customer_id")][::4]
    for customer_id in sorted({*by_customer, *others}):
        one = followups.care_suggestions(sample, "M001", today, customer_id=customer_id)
        assert one == by_customer.get(customer_id, []), customer_id


def plans_of_one(conn, customer_id) -> tuple[list, list[str]]:
    """care_suggestions for one customer of M001, and the query plans of the statements it ran that read customers."""
    seen = []
    conn.set_trace_callback(seen.append)
    found = followups.care_suggestions(conn, "M001", DEFAULT_TODAY, customer_id=customer_id)
    conn.set_trace_callback(None)
    plans = [" ".join(str(row) for row in conn.execute("EXPLAIN QUERY PLAN " + sql)) for sql in seen]
    return found, [plan for plan in plans if "customers" in plan]


def test_one_customer_is_read_by_key(sample):
    campaign = next(s for s in followups.care_suggestions(sample, "M001", DEFAULT_TODAY) if s.kind == "campaign:PTS-2X")
    found, reads = plans_of_one(sample, campaign.customer_id)
    assert campaign in found
    assert len(reads) >= 7   # each kind of touch, the campaign's targeting and its ranking
    # No query walks the owner's customers through the manager index; the campaign's ranking (the one
    # query over them all) streams the call list index in order, sorting nothing.
    assert not any("customers_manager" in plan for plan in reads)
    ranking = [plan for plan in reads if "customers_calllist" in plan]
    assert ranking and not any("TEMP B-TREE" in plan for plan in ranking)


def test_a_customer_no_campaign_targets_skips_the_ranking(sample):
    # Both sample campaigns need tier 1 or more: a tier-0 customer is targeted by neither.
    customer_id = sample.execute("SELECT customer_id FROM customers WHERE manager_id = 'M001' AND coalesce(tier, 0) = 0"
                                 " ORDER BY customer_id LIMIT 1").fetchone()[0]
    _found, reads = plans_of_one(sample, customer_id)
    assert not any("customers_calllist" in plan for plan in reads)


def test_the_owners_warm_leads_are_read_from_the_customers_called(sample):
    seen = []
    sample.set_trace_callback(seen.append)
    found = followups.care_suggestions(sample, "M001", DEFAULT_TODAY)
    sample.set_trace_callback(None)
    assert any(s.kind == "warm_lead" for s in found)
    (lead_query,) = [sql for sql in seen if "lead_intents" in sql or "outcomes i ON" in sql]
    plan = " ".join(str(row) for row in sample.execute("EXPLAIN QUERY PLAN " + lead_query))
    assert "customers_manager" not in plan and "(customer_id=?)" in plan
