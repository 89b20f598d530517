"""A call saved on the form that books the next step says what it settled: the next steps booked before it, now
cancelled, named as `log` names them (outcomes.settled_names, from the save's own result). The form said only
"Saved.", and the manager learnt from the agenda, if at all, that a colleague's promise was gone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from test_tui_call_list_next_wrap import Notices
from tui_fixtures import NOW, book_elsewhere, db_rows, pressed, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.outcome_form import OutcomeForm

# 王芳 (C0003) heads the list with a callback due today at 14:00 (F-0003), which a call that reaches her keeps.
CUSTOMER = "C0003"


@pytest.mark.parametrize(("lang", "said"), [
    ("zh_CN", "已保存。本次约定的跟进取代了此前约定的 1 条，已取消：2026-11-24 10:00 有意向（李娜）。"),
    ("en", "Saved. The follow-up booked replaces one booked before, now cancelled: 2026-11-24 10:00 Interested (李娜)."),
])
@sync
async def test_the_save_names_the_follow_up_its_booking_settled(db_file, lang, said):
    settled = book_elsewhere(db_file, CUSTOMER, followup_id="F-0042", due_on=date(2026, 11, 24), slot="10:00",
                             at=NOW - timedelta(days=3), purpose="interested")
    notices = Notices()
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(100, 30), message_hook=notices) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        assert form.customer_id == CUSTOMER
        await pilot.press("1", "3", "d", "ctrl+s")   # reached, interested, tomorrow
        await settle(pilot, 5)
        assert not isinstance(app.screen, OutcomeForm)
    assert notices.said == [said]
    assert db_rows(db_file, "SELECT followup_id, status FROM followups WHERE customer_id = ? AND followup_id LIKE 'F-%'"
                   " ORDER BY followup_id", CUSTOMER) == [("F-0003", "done"), (settled, "cancelled")]


@sync
async def test_a_save_that_settled_nothing_says_saved_alone(db_file):
    notices = Notices()
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30), message_hook=notices) as pilot:
        await pressed(pilot, OutcomeForm, "o")
        await pilot.press("1", "3", "d", "ctrl+s")
        await settle(pilot, 5)
    assert notices.said == ["已保存。"]
