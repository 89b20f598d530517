"""The outcome form offers no SMS or WeChat notice of a campaign past its last day to log as sent: it is no longer to
be told, and waits on the agenda to be cancelled (campaigns.live_sql). A running campaign's notice is offered as ever."""

from __future__ import annotations

from contextlib import closing
from datetime import date

from tui_fixtures import NOW, book_elsewhere, pressed, printed_in, settle, sync
from workbench import campaigns
from workbench.db import connect
from workbench.screens.app import WorkbenchApp
from workbench.screens.outcome_form import OutcomeForm

# 王芳 (C0003) heads the list with a callback due today (F-0003).
CUSTOMER = "C0003"


def notices(path, *purposes: str) -> None:
    """Campaign CD-OLD, over on 2026-11-15 (NOW is 2026-11-20), and GOLD, running to 11-30; an SMS notice due
    on 11-12 for 王芳 of each campaign purposes names."""
    with closing(connect(path)) as conn:
        campaigns.save(conn, [
            campaigns.Campaign("CD-OLD", "大额存单限时发行", "年利率2.15%。", date(2026, 11, 1), date(2026, 11, 15), "sms"),
            campaigns.Campaign("GOLD", "积存金", "买金送礼。", date(2026, 11, 1), date(2026, 11, 30), "sms"),
        ], at=NOW, by_id="S1")
    for n, purpose in enumerate(purposes):
        book_elsewhere(path, CUSTOMER, followup_id=f"F-N{n}", due_on=date(2026, 11, 12), slot=None, channel="sms",
                       purpose=purpose)


@sync
async def test_an_ended_campaigns_sms_notice_is_not_offered_to_log_as_sent(db_file):
    notices(db_file, "campaign:CD-OLD")
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        await settle(pilot)
        assert form.customer_id == CUSTOMER
        assert form.due_messages == []
        assert not form.query_one("#contact-channel").display and not form.query_one("#due-messages").display


@sync
async def test_a_running_campaigns_notice_is_offered_and_the_ended_ones_beside_it_is_not(db_file):
    notices(db_file, "campaign:CD-OLD", "campaign:GOLD")
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        await settle(pilot)
        assert [f.followup_id for f in form.due_messages] == ["F-N1"]
        assert form.query_one("#contact-channel").display
        assert printed_in(form, "#due-messages").strip() == "SMS due (campaign “积存金”): to log it, set Contact by to SMS."
