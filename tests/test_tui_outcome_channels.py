"""The outcome form logs a phone call; the select beside the follow-up date is the follow-up's channel only.

A manager told that a customer resting after 'not interested' may not be called, but may be visited,
picks a visit for the follow-up: the call stays a call (a call logged as a visit is no attempt under the
contact rules, and never marks a dead number), and the follow-up is the visit.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from tui_fixtures import NOW, pressed, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.outcome_form import OutcomeForm


def status(app) -> str:
    return str(app.screen.query_one("#form-status").render()).strip()


@pytest.mark.parametrize(("lang", "label"), [("en", "Follow-up by"), ("zh_CN", "跟进方式")])
@sync
async def test_a_visit_booked_after_a_call_leaves_the_call_a_phone_call(db_file, lang, label):
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        customer_id = form.customer_id
        await pilot.press("1", "1", "t", "ctrl+s")   # reached, not interested, in 3 days: inside the rest
        await settle(pilot)
        assert isinstance(app.screen, OutcomeForm) and status(app), "a call inside the rest is refused"
        # What sits beside the date says whose channel it is.
        row = list(form.query_one("#when-row").children)
        beside = row[row.index(form.query_one("#follow-up-channel")) - 1]
        assert str(beside.render()) == label
        assert form.focused is form.query_one("#when")   # the refusal is about the follow-up: in its box
        await pilot.press("tab")   # the select beside it
        assert form.focused is form.query_one("#follow-up-channel")
        await pilot.press("enter", "down", "down", "down", "enter")   # phone -> SMS, WeChat, visit
        await settle(pilot)
        assert form.query_one("#follow-up-channel").value == "visit"
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        assert not isinstance(app.screen, OutcomeForm), status(app)
    with closing(sqlite3.connect(db_file)) as conn:
        assert conn.execute("SELECT channel, line_result, business_outcome FROM outcomes WHERE customer_id = ?",
                            (customer_id,)).fetchall() == [("phone", "reached", "not_interested")]
        assert conn.execute("SELECT channel, due_on FROM followups WHERE customer_id = ? AND status = 'open'",
                            (customer_id,)).fetchall() == [("visit", "2026-11-23")]


@sync
async def test_a_call_with_a_wechat_follow_up_counts_as_an_attempt(db_file):
    """No answer, WeChat them tomorrow: the unanswered call is an attempt (a visit would not be)."""
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        customer_id = form.customer_id
        await pilot.press("2", "d")   # no answer, tomorrow
        form.query_one("#follow-up-channel").value = "wechat"
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        assert not isinstance(app.screen, OutcomeForm), status(app)
    with closing(sqlite3.connect(db_file)) as conn:
        assert conn.execute("SELECT channel FROM outcomes WHERE customer_id = ?", (customer_id,)).fetchall() == [
            ("phone",)]
        # The one booked (a call's follow-up due today may stay pending: nobody answered).
        assert conn.execute("SELECT channel FROM followups WHERE customer_id = ? AND status = 'open'"
                            " AND due_on = '2026-11-21'", (customer_id,)).fetchall() == [("wechat",)]
