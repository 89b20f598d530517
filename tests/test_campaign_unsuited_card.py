"""The card does not offer a campaign notice whose product does not suit the customer (适当性): one booked while the
customer was assessed at the product's level, before an extract lowered theirs. The script is chosen as if the notice
were not there, one warning line says why, the campaign's offer is not shown, and a call logged does not mark the
notice told. Real database file; the card's text as the card draws it (card_text.script_parts)."""

from __future__ import annotations

from contextlib import closing

import pytest

from factories import add_customer, seed_branch
from test_campaign_product_risk import AT, DAY, launch
from tui_fixtures import sync
from workbench import followups, outcomes
from workbench.i18n import set_language
from workbench.scripts import render_script
from workbench.screens.card_text import script_parts

OFFER = "精选偏股混合型基金认购费一折"


@pytest.fixture
def conn(fresh_db):
    """M1's customers K0 and K3, both assessed R3 when head office's R3 fund was noticed to them by phone, K0 since
    reassessed R1 by an extract; K5 (R3) has its notice by SMS, since reassessed 保守型."""
    seed_branch(fresh_db)
    for customer in ("K0", "K3", "K5"):
        add_customer(fresh_db, customer, risk_level="R3")
    launch(fresh_db.conn)
    for customer, channel in (("K0", "phone"), ("K3", "phone"), ("K5", "sms")):
        followups.schedule(fresh_db.conn, customer_id=customer, owner_id="M1", due_on=DAY, at=AT, channel=channel,
                           purpose="campaign:FUND")
    fresh_db.conn.execute("UPDATE customers SET risk_level = 'R1' WHERE customer_id = 'K0'")
    fresh_db.conn.execute("UPDATE customers SET risk_level = '保守型' WHERE customer_id = 'K5'")
    fresh_db.conn.commit()
    return fresh_db.conn


def card(script) -> str:
    return "\n".join(part.plain for part in script_parts(script))


def test_the_card_skips_a_notice_whose_product_no_longer_suits_the_customer_with_one_warning(conn):
    set_language("en")
    script = render_script(conn, "K0", today=DAY, lang="zh_CN")
    assert script.purpose != "campaign" and "campaign" not in script.purposes
    shown = card(script)
    assert OFFER not in shown and "开门红" not in shown.replace("“开门红权益基金专享”", "")
    warning = ("Campaign “开门红权益基金专享” not offered: its product is R3, and this customer's risk level is R1."
               " Cancel its notice.")
    assert [line for line in shown.splitlines() if "not offered" in line] == [warning]
    # The warning alone is red: the opening read under it keeps the opening's style.
    (opening,) = [part.text for part in script_parts(script) if warning in part.plain]
    assert opening.style == "" and [(s.start, s.end) for s in opening.spans if "red" in str(s.style)] == [
        (0, len(warning))]
    # The customer the product still suits is offered it, with no warning.
    suited = render_script(conn, "K3", today=DAY, lang="zh_CN")
    assert suited.purpose == "campaign" and suited.unsuited is None
    assert OFFER in card(suited) and "not offered" not in card(suited)


def test_a_call_logged_does_not_mark_the_unsuited_notice_told_and_an_sms_one_is_not_shown(conn):
    assert outcomes.told_campaign(conn, "K0", None, DAY) is None
    assert outcomes.told_campaign(conn, "K3", None, DAY) == "FUND"
    script = render_script(conn, "K5", today=DAY, lang="en")
    assert script.notice is None   # no SMS notice to show in the script's place, with its offer
    set_language("zh_CN")
    try:
        assert "未推荐活动“开门红权益基金专享”：其产品风险等级为 R3，该客户的风险等级为保守型（R1）。请取消该通知。" in card(script)
    finally:
        set_language("en")


@sync
async def test_in_the_app_the_card_of_a_customer_reassessed_below_the_product_warns_and_reads_no_offer(db_file):
    """王芳 (C0003, first on today's list), assessed R3 when head office's R3 fund was noticed to her by phone, since
    reassessed R1 by an extract."""
    from datetime import date, timedelta

    from tui_fixtures import NOW, settle
    from test_tui_card_scripts import first_card, script_text
    from workbench import campaigns
    from workbench.db import connect
    from workbench.screens.app import WorkbenchApp

    with closing(connect(db_file)) as conn:
        conn.execute("UPDATE customers SET risk_level = 'R3' WHERE customer_id = 'C0003'")
        campaigns.save(conn, [campaigns.Campaign("FUND", "开门红权益基金专享", OFFER + "。", date(2026, 11, 15),
                                                 date(2026, 12, 20), "phone", product_risk=3)],
                       at=NOW - timedelta(days=3), by_id="S1")
        followups.schedule(conn, customer_id="C0003", owner_id="M1", due_on=NOW.date(), at=NOW - timedelta(hours=1),
                           purpose="campaign:FUND")
        conn.execute("UPDATE customers SET risk_level = 'R1' WHERE customer_id = 'C0003'")
        conn.commit()
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(120, 40)) as pilot:
        card = await first_card(pilot)
        await settle(pilot, 5)
        assert "campaign" not in card.purposes
        shown = "".join(script_text(card, n) for n in range(4))
        assert "未推荐活动“开门红权益基金专享”：其产品风险等级为R3，该客户的风险等级为R1。请取消该通知。" in shown
        assert OFFER not in shown
