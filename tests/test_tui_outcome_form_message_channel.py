"""An SMS or WeChat follow-up due (a birthday greeting accepted on the agenda) is logged from the card on its channel:
the outcome form offers "Contact by" that channel, with a message's results (replied, sent with no reply), and
logging it closes that follow-up. The form offered only a call's line results, so the agenda's `c` was the only way
to close it, and no contact was logged. A call is logged as ever."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime

import pytest

from tui_fixtures import NOW, TODAY, book_elsewhere, contact_by, db_rows, pressed, printed, printed_in, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.outcome_form import OutcomeForm

# 王芳 (C0003) heads the list with a callback due today at 14:00 (F-0003); her birthday SMS is due too.
CUSTOMER = "C0003"


def due_message(db_file, channel="sms", due_on=TODAY, followup_id="F-SMS") -> str:
    """A birthday greeting for 王芳 on channel, booked on 11-18 for the day alone."""
    return book_elsewhere(db_file, CUSTOMER, followup_id=followup_id, due_on=due_on, slot=None,
                          at=datetime(2026, 11, 18, 9, 0), channel=channel, purpose="birthday")


def rows(db_file, sql: str) -> list[tuple]:
    return db_rows(db_file, sql, CUSTOMER)


@pytest.mark.parametrize(("lang", "due", "heading", "results"), [
    ("zh_CN", "短信跟进已到期（生日祝福）：要登记它，请把联系方式改为“短信”。", "短信结果", ["1 已回复", "2 已发送，未回复"]),
    ("en", "SMS due (birthday greeting): to log it, set Contact by to SMS.", "SMS result", ["1 Replied", "2 Sent, no reply"]),
])
@sync
async def test_a_birthday_sms_sent_without_reply_is_logged_as_an_sms_and_closes_its_follow_up(
        db_file, lang, due, heading, results):
    sms = due_message(db_file)
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        await settle(pilot)
        assert form.customer_id == CUSTOMER and form.channel == "phone"   # a call unless the manager says otherwise
        assert printed_in(form, "#due-messages").strip() == due
        await contact_by(pilot, form)
        assert form.channel == "sms"
        codes = printed_in(form, "#lines").splitlines()
        assert codes[0].strip() == heading and [c.strip() for c in codes[1:]] == results
        await pilot.press("2", "ctrl+s")   # sent, no reply
        await settle(pilot, 5)
        assert not isinstance(app.screen, OutcomeForm)
    (outcome_id, channel, result), = rows(db_file, "SELECT outcome_id, channel, line_result FROM outcomes"
                                                   " WHERE customer_id = ?")
    assert (channel, result) == ("sms", "no_answer")
    assert rows(db_file, "SELECT followup_id, status FROM followups WHERE customer_id = ? ORDER BY followup_id") == [
        ("F-0003", "open"), (sms, "done")]   # the message's follow-up only: the callback is still to make
    assert rows(db_file, "SELECT outcome_id FROM followup_events WHERE customer_id = ? AND kind = 'done'") == [
        (outcome_id,)]   # closed by this contact


@sync
async def test_a_reply_to_a_wechat_is_logged_with_its_outcome_and_books_the_next_step(db_file):
    wechat = due_message(db_file, channel="wechat", due_on=TODAY.replace(day=TODAY.day - 2), followup_id="F-WX")
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        await settle(pilot)
        assert "微信跟进已到期" in printed_in(form, "#due-messages")   # overdue counts: it is still to do
        await contact_by(pilot, form)
        assert form.channel == "wechat" and "保存即登记这条微信" in printed_in(form, "#due-messages")
        await pilot.press("1", "3", "w", "ctrl+s")   # replied, interested, next week
        await settle(pilot, 5)
        assert not isinstance(app.screen, OutcomeForm)
    assert rows(db_file, "SELECT channel, line_result, business_outcome FROM outcomes WHERE customer_id = ?") == [
        ("wechat", "reached", "interested")]
    # The WeChat answered is done; the callback, a call's, is not kept by it but settled by the next step it booked.
    assert rows(db_file, "SELECT followup_id, status FROM followups WHERE customer_id = ? AND due_on <= '2026-11-20'"
                         " ORDER BY followup_id") == [("F-0003", "cancelled"), (wechat, "done")]
    assert rows(db_file, "SELECT due_on, channel, status FROM followups WHERE customer_id = ? AND due_on > '2026-11-20'"
                         ) == [("2026-11-27", "phone", "open")]


@sync
async def test_a_call_stays_a_call_with_a_message_due_and_without(db_file):
    sms = due_message(db_file)
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        await settle(pilot)
        await pilot.press("3")   # busy: a call's result, which a message does not have
        await contact_by(pilot, form)
        assert form.line_result is None   # picked again, from the message's results
        await contact_by(pilot, form, "up")   # back to the phone: the call's seven results
        assert form.channel == "phone" and len(printed_in(form, "#lines").splitlines()) == 8
        await pilot.press("2", "ctrl+s")   # no answer
        await settle(pilot, 5)
        assert not isinstance(app.screen, OutcomeForm)
        await pilot.press("escape")   # the next customer's card, back to the list
        await settle(pilot)
        form = await pressed(pilot, OutcomeForm, "down", "o")   # nothing but calls due: no choice offered
        await settle(pilot)
        assert form.customer_id != CUSTOMER
        assert not form.query_one("#contact-channel").display and not form.query_one("#due-messages").display
    assert rows(db_file, "SELECT channel, line_result FROM outcomes WHERE customer_id = ?") == [("phone", "no_answer")]
    assert rows(db_file, "SELECT followup_id, status FROM followups WHERE customer_id = ? ORDER BY followup_id") == [
        ("F-0003", "open"), (sms, "open")]   # an unanswered call keeps both


@sync
async def test_the_due_message_line_never_starts_a_line_with_a_closing_mark(db_file):
    """At 80 columns "…请把联系方式改为“短信”" filled a line and its 。 stood alone at the start of the next."""
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        for n in range(16):   # purposes of every length, so that some sentence ends at a line's end
            sms = due_message(db_file, followup_id=f"F-SMS{n}")
            with closing(sqlite3.connect(db_file)) as conn, conn:
                conn.execute("UPDATE followups SET purpose = ? WHERE followup_id = ?", ("存款到期" + "续" * n, sms))
        form = await pressed(pilot, OutcomeForm, "o")
        await settle(pilot)
        shown = form.query_one("#due-messages")
        lines = printed(shown, shown.content_region.width).splitlines()   # at the width the form gives it
        assert len(lines) > 16 and all(line.strip() for line in lines)
        assert not [line for line in lines if line.strip()[0] in "。”）"], lines
