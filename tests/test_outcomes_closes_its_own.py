"""A contact closes what it answered, not every follow-up the customer has due: the follow-ups of its own channel (a
call its calls, a visit its visits, an SMS or a WeChat those of its channel), and of the campaign notices a call tells
only the one its script was about. One reached call had marked done every open campaign notice of the customer, a
campaign the card never showed and an SMS nobody sent among them, so an SMS-only campaign counted calls it never had."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from factories import seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)
import sync_data
from workbench import campaigns, followups
from workbench.db import open_db
from workbench.outcomes import log_outcome, told_campaign
from workbench.scripts import render_script
from workbench.sync.bundle import export_bundle, import_bundle
from workbench.sync.campaign_funnel import campaign_funnels
from workbench.sync.funnel import period

DAY = date(2026, 12, 1)
BOOKED = datetime(2026, 12, 1, 8, 30)
SENT = datetime(2026, 12, 1, 9, 0)     # the agenda's C: the day's SMS notices sent as a batch
CALL = datetime(2026, 12, 1, 10, 0)


def launch(conn, *running: tuple[str, str]) -> None:
    """Campaigns (id, channel) running 2026-11-25 .. 2026-12-20."""
    campaigns.save(conn, [campaigns.Campaign(campaign_id, f"活动{campaign_id}", "年利率2.15%。",
                                             date(2026, 11, 25), date(2026, 12, 20), channel)
                          for campaign_id, channel in running], at=BOOKED, by_id="S1")


def book(conn, purpose: str, channel: str = "phone", customer: str = "C1") -> str:
    return followups.schedule(conn, customer_id=customer, owner_id="M1", due_on=DAY, at=BOOKED, purpose=purpose,
                              channel=channel)


def contact(conn, channel: str = "phone", result: str = "reached", script_id: str | None = None,
            customer: str = "C1", at: datetime = CALL) -> str:
    return log_outcome(conn, customer_id=customer, manager_id="M1", line_result=result, at=at, channel=channel,
                       business_outcome="interested" if result == "reached" else None, script_id=script_id,
                       rescore=False).outcome_id


def statuses(conn, *ids: str) -> list[str]:
    return [followups.get(conn, fid).status for fid in ids]


def test_a_call_tells_the_campaign_its_card_showed_and_leaves_the_other_notices(conn):
    launch(conn, ("WLTH", "phone"), ("MATC", "phone"), ("MATS", "sms"))
    wealth, maturity, sms = book(conn, "campaign:WLTH"), book(conn, "campaign:MATC"), book(conn, "campaign:MATS", "sms")
    card = render_script(conn, "C1", today=DAY, lang="zh_CN")
    shown = "WLTH" if "活动WLTH" in card.opening + card.offer else "MATC"
    assert card.purpose == "campaign" and f"活动{shown}" in card.opening + card.offer
    assert told_campaign(conn, "C1", card.script_id, DAY) == shown
    logged = contact(conn, script_id=card.script_id)
    told, other = (wealth, maturity) if shown == "WLTH" else (maturity, wealth)
    assert statuses(conn, told, other, sms) == ["done", "open", "open"]
    done_by = conn.execute("SELECT followup_id, outcome_id FROM followup_events WHERE kind = 'done'").fetchall()
    assert done_by == [(told, logged)]
    # The card now offers the other campaign, and the call that tells it closes its notice.
    card = render_script(conn, "C1", today=DAY, lang="zh_CN")
    assert f"活动{'MATC' if shown == 'WLTH' else 'WLTH'}" in card.opening + card.offer
    contact(conn, script_id=card.script_id, at=datetime(2026, 12, 1, 11, 0))
    assert statuses(conn, told, other, sms) == ["done", "done", "open"]   # the SMS waits for the agenda


def test_a_campaigns_own_script_tells_its_campaign_and_another_purposes_script_none(conn):
    launch(conn, ("CD1", "phone"), ("FX", "phone"))
    cd1, fx = book(conn, "campaign:CD1"), book(conn, "campaign:FX")
    callback = book(conn, "call_back")
    conn.execute("INSERT INTO scripts (script_id, purpose, lang, title, opening, offer, close, active)"
                 " VALUES ('zh-fx', 'campaign', 'zh_CN', '外汇', '您好。', '{campaign}', '再见。', 1)")
    conn.execute("INSERT INTO script_campaigns (script_id, campaign_id) VALUES ('zh-fx', 'FX')")
    assert told_campaign(conn, "C1", "zh-wake-up", DAY) is None
    contact(conn, script_id="zh-wake-up")   # the wake-up call: no campaign was said
    assert statuses(conn, cd1, fx, callback) == ["open", "open", "done"]
    contact(conn, script_id="zh-fx", at=datetime(2026, 12, 1, 11, 0))
    assert statuses(conn, cd1, fx) == ["open", "done"]


def test_a_call_logged_without_a_script_tells_the_campaign_the_card_offers(conn):
    launch(conn, ("CD1", "phone"), ("FX", "phone"))
    cd1, fx = book(conn, "campaign:CD1"), book(conn, "campaign:FX")
    offered = told_campaign(conn, "C1", None, DAY)
    assert offered in ("CD1", "FX") and offered == told_campaign(conn, "C1", "zh-campaign", DAY)
    contact(conn)   # `workbench log` without --script, the call list's o
    assert statuses(conn, cd1, fx) == (["done", "open"] if offered == "CD1" else ["open", "done"])


def test_a_contact_closes_the_follow_ups_of_its_own_channel(conn):
    launch(conn, ("PTS", "sms"))
    callback, visit = book(conn, "call_back"), book(conn, "appointment", "visit")
    greeting, notice = book(conn, "birthday", "sms"), book(conn, "campaign:PTS", "sms")
    wechat = book(conn, "festival", "wechat")
    contact(conn)                                           # a call: its callback, no visit, no message
    assert statuses(conn, callback, visit, greeting, notice, wechat) == ["done", "open", "open", "open", "open"]
    contact(conn, "visit", at=datetime(2026, 12, 1, 11, 0))  # the visit: its own
    assert statuses(conn, visit, greeting, notice, wechat) == ["done", "open", "open", "open"]
    contact(conn, "sms", "no_answer", at=datetime(2026, 12, 1, 12, 0))   # the SMS sent: every one of its channel
    assert statuses(conn, greeting, notice, wechat) == ["done", "done", "open"]
    phone_call = book(conn, "call_back")
    contact(conn, "wechat", at=datetime(2026, 12, 1, 13, 0))   # a reply on WeChat keeps no call
    assert statuses(conn, wechat, phone_call) == ["done", "open"]


def test_a_visit_keeps_no_call_due(conn):
    callback = book(conn, "call_back")
    contact(conn, "visit")
    assert statuses(conn, callback) == ["open"]


def test_an_sms_campaign_counts_no_call_made_after_its_notice_was_sent(conn):
    """The case found: three campaigns' notices for one customer, the day's SMS sent at 09:00, a call at 10:00 about
    the maturity campaign; the SMS campaign had the call as contacted, reached and interested."""
    launch(conn, ("WLTH", "phone"), ("MATC", "phone"), ("MATS", "sms"))
    book(conn, "campaign:WLTH")
    book(conn, "campaign:MATC")
    sms = book(conn, "campaign:MATS", "sms")
    contact(conn)   # told the campaign the card offers, which is no SMS's
    followups.complete_all(conn, [sms], at=SENT)   # the agenda's C, a little later in the day, for the morning's batch
    assert statuses(conn, sms) == ["done"]
    found = {f.key: f for f in campaign_funnels(conn, period(None, None))}
    assert (found["MATS"].notices, found["MATS"].done, found["MATS"].dialled, found["MATS"].reached) == (1, 1, 0, 0)


@pytest.mark.parametrize("script_id", [None, "zh-campaign"])
def test_the_other_desk_has_the_same_notices_closed_from_the_bundle(tmp_path, script_id):
    a, b = sync_data.two_terminals(tmp_path)
    desk_a, desk_b = open_db(a), open_db(b)
    try:
        launch(desk_a.conn, ("CD1", "phone"), ("FX", "phone"), ("PTS", "sms"))
        launch(desk_b.conn, ("CD1", "phone"), ("FX", "phone"), ("PTS", "sms"))
        notices = [book(desk_a.conn, p, c, customer="C000")
                   for p, c in (("campaign:CD1", "phone"), ("campaign:FX", "phone"), ("campaign:PTS", "sms"))]
        export_bundle(desk_a.conn, tmp_path / "first.wbundle", now=BOOKED)
        import_bundle(desk_b.conn, tmp_path / "first.wbundle", now=datetime(2026, 12, 1, 9, 0), actor="S1")
        contact(desk_a.conn, script_id=script_id, customer="C000")
        here = statuses(desk_a.conn, *notices)
        assert sorted(here) == ["done", "open", "open"] and here[2] == "open"
        export_bundle(desk_a.conn, tmp_path / "second.wbundle", now=CALL, since="2026-12-01")
        import_bundle(desk_b.conn, tmp_path / "second.wbundle", now=datetime(2026, 12, 1, 18, 0), actor="S1")
        assert statuses(desk_b.conn, *notices) == here
    finally:
        desk_a.close()
        desk_b.close()
