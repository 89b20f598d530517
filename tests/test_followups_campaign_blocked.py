"""A notice of head office's campaign is marketing: a customer on do-not-call or without marketing consent is booked
none, whatever the channel (a visit included), with one sentence saying so, while a service visit with another purpose
stays possible; a block that arrives later cancels a campaign visit pending. The campaign's suggestions and its counts
in `campaigns list` are unchanged by a refused booking. Real database files."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from factories import add_customer, seed_branch

from workbench import campaigns, followups
from workbench.errors import WorkbenchError

AT = datetime(2026, 12, 1, 9, 0)
DAY = "2026-12-02"
CAMPAIGN = "campaign:CD1"


def _launch(conn) -> None:
    campaigns.save(conn, [campaigns.Campaign(
        campaign_id="CD1", title="大额存单限时发行", offer="年利率2.15%，20万元起存。", starts_on=date(2026, 11, 25),
        ends_on=date(2026, 12, 20), channel="phone")], at=AT, by_id="S1")


@pytest.fixture
def conn(fresh_db):
    seed_branch(fresh_db)
    add_customer(fresh_db, "NC", consent=0)
    add_customer(fresh_db, "DNC", do_not_call=1, do_not_call_source="extract")
    _launch(fresh_db.conn)
    return fresh_db.conn


@pytest.mark.parametrize("customer, said", [
    ("DNC", "Customer DNC asked not to be called, and a campaign notice is marketing"),
    ("NC", "Customer NC has not consented to marketing, and a campaign notice is marketing"),
])
@pytest.mark.parametrize("channel", ["visit", "phone", "sms"])
def test_a_blocked_customer_is_booked_no_campaign_notice_by_any_channel(conn, customer, said, channel):
    with pytest.raises(WorkbenchError, match=rf"^{said}: it cannot be planned by any channel, a visit included; a"
                                             r" service visit with another purpose still can\.$"):
        followups.schedule(conn, customer_id=customer, owner_id="M1", due_on=DAY, at=AT, channel=channel,
                           purpose=CAMPAIGN)
    assert followups.open_for_customer(conn, customer) == []
    service = followups.schedule(conn, customer_id=customer, owner_id="M1", due_on=DAY, at=AT, channel="visit",
                                 purpose="问房贷")
    assert [f.followup_id for f in followups.open_for_customer(conn, customer)] == [service]


def test_a_service_visit_cannot_be_turned_into_a_campaign_notice(conn):
    visit = followups.schedule(conn, customer_id="DNC", owner_id="M1", due_on=DAY, at=AT, channel="visit",
                               purpose="问房贷")
    with pytest.raises(WorkbenchError, match="a campaign notice is marketing"):
        followups.reschedule(conn, visit, due_on="2026-12-03", at=AT, purpose=CAMPAIGN)
    assert followups.get(conn, visit).purpose == "问房贷"


def test_a_block_that_comes_later_cancels_the_campaign_visit_and_keeps_the_service_one(conn):
    notice = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on=DAY, at=AT, channel="visit",
                                purpose=CAMPAIGN)
    service = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on=DAY, at=AT, channel="visit",
                                 purpose="问房贷")
    conn.execute("UPDATE customers SET consent = 0 WHERE customer_id = 'C1'")
    with pytest.raises(WorkbenchError, match="has not consented to marketing, and a campaign notice"):
        followups.reschedule(conn, notice, due_on="2026-12-03", at=AT)
    assert followups.cancel_blocked(conn, ["C1"], at=AT, by_id="S1") == [notice]
    assert [f.followup_id for f in followups.open_for_customer(conn, "C1")] == [service]


def test_the_campaign_is_suggested_and_counted_as_before(fresh_db, cli, db_path):
    seed_branch(fresh_db)
    add_customer(fresh_db, "DNC", do_not_call=1, do_not_call_source="extract")
    _launch(fresh_db.conn)
    fresh_db.conn.commit()
    assert sorted(s.customer_id for s in followups.care_suggestions(fresh_db.conn, "M1", date(2026, 12, 1))
                  if s.kind == CAMPAIGN) == ["C1", "C2", "C3"]
    run = ("--db", db_path, "--now", AT.isoformat(), "--user", "M1", "--lang", "zh_CN")
    refused = cli(*run, "followup", "add", "--customer", "DNC", "--when", "明天", "--channel", "visit",
                  "--purpose", CAMPAIGN)
    assert refused.exit_code != 0
    assert ("客户 DNC 已要求勿扰，而活动通知属于营销：任何渠道都不能安排，上门拜访也不行；其他目的的服务拜访仍可安排。"
            in refused.stderr)
    assert cli(*run, "followup", "add", "--customer", "C1", "--when", "明天", "--purpose", CAMPAIGN).exit_code == 0
    listed = cli(*run, "campaigns", "list", "--json")
    assert listed.exit_code == 0, listed.stderr
    funnel = json.loads(listed.stdout)[0]["funnel"]
    assert (funnel["notices"], funnel["open"]) == (1, 1)
