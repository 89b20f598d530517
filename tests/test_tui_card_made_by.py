"""The card names the staff member who made a contact or booked a follow-up when that is not the customer's manager:
after a cover, the returning manager tells her own calls and promises from her colleague's."""

from __future__ import annotations

from contextlib import closing
from datetime import date, timedelta

from tui_fixtures import NOW, build, printed, settle, sync
from workbench.db import connect
from workbench.followups import reassign_customer, schedule
from workbench.outcomes import FollowUpRequest, log_outcome
from workbench.screens.app import WorkbenchApp
from workbench.screens.customer_card import CustomerCardScreen


def covered(path):
    """李娜 (M1) calls 王芳 (C0003); while she is away 陈静 (M2) covers, visits 王芳 and books the next visit; the
    supervisor gives 王芳 back to 李娜, the booking along; 李娜 books a call of her own."""
    with closing(connect(path)) as conn:
        log_outcome(conn, customer_id="C0003", manager_id="M1", line_result="reached", business_outcome="call_back",
                    at=NOW - timedelta(days=9))
        reassign_customer(conn, "C0003", "M2", at=NOW - timedelta(days=8), by_id="S1")
        log_outcome(conn, customer_id="C0003", manager_id="M2", line_result="reached", business_outcome="interested",
                    channel="visit", at=NOW - timedelta(days=2),
                    follow_up=FollowUpRequest(date(2026, 11, 27), channel="visit"))
        reassign_customer(conn, "C0003", "M1", at=NOW - timedelta(hours=1), by_id="S1")
        schedule(conn, customer_id="C0003", owner_id="M1", due_on=date(2026, 12, 1), purpose="birthday",
                 at=NOW - timedelta(minutes=30), by_id="M1")


@sync
async def test_a_colleagues_contact_and_booking_name_them_the_managers_own_do_not(tmp_path):
    path = build(tmp_path / "card.sqlite")
    covered(path)
    async with WorkbenchApp(path, now=NOW, lang="zh_CN", user="M1").run_test(size=(160, 60)) as pilot:
        await settle(pilot)
        pilot.app.push_screen(CustomerCardScreen("C0003"))
        await settle(pilot, 5)
        history = printed(pilot.app.screen.query_one("#history"), 200).rstrip().splitlines()
        followups = printed(pilot.app.screen.query_one("#followups"), 200).rstrip().splitlines()
    assert [line.rstrip() for line in history] == ["2026-11-18 10:00  上门拜访  已拜访 · 有意向 · 陈静",
                                                   "2026-11-11 10:00  电话  已接通 · 稍后回电"]
    assert [line.rstrip() for line in followups] == ["2026-11-27  上门拜访  有意向 · 陈静", "2026-12-01  电话  生日祝福"]
