"""A visit due is logged from the card as a visit: the outcome form offers "Contact by" Visit, as it offers an SMS or
WeChat due, with a visit's one result (it took place: reached, then the outcome), and saves it as `workbench log
--channel visit` does, closing the follow-up. The list said "promised follow-up due today 14:30" and the form offered
only a call's results, so a manager back from the meeting logged the visit as a call "reached": an answered call in
the hour's answer rate, an attempt against the contact budget, and the visit still open on the agenda."""

from __future__ import annotations

from contextlib import closing
from datetime import timedelta

import pytest

from tui_fixtures import (NOW, TODAY, build, contact_by, db_rows, keys_stay, log_elsewhere, on_screen, pressed,
                          printed_in, sample_copy, screen_lines, settle, sync)
from workbench.db import connect
from workbench.followups import schedule
from workbench.screens.app import WorkbenchApp
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.outcome_form import OutcomeForm

# 张伟 (C0001) tops the priority half; with a visit booked for 14:30 today he is second, under 王芳's callback at 14:00.
CUSTOMER = "C0001"
TEXTS = {
    "en": {"reason": "visit booked today 14:30",
           "due": "Visit due (Appointment booked): to log it, set Contact by to Visit.",
           "saving": "Saving logs the visit and closes the follow-up due (Appointment booked).",
           "codes": ["Visit result", "1 Visited"], "outcome": "Outcome (after the visit)",
           "contact_by": "Contact by", "label": "Visit",
           "no_result": "Pick the result of the visit first (digit 1).",
           "no_outcome": "The visit took place: pick the outcome (digits 1-7) before saving."},
    "zh_CN": {"reason": "约定今天上门拜访 14:30",
              "due": "上门拜访跟进已到期（已预约）：要登记它，请把联系方式改为“上门拜访”。",
              "saving": "保存即登记这次上门拜访，并完成到期的跟进（已预约）。",
              "codes": ["上门拜访结果", "1 已拜访"], "outcome": "业务结果（拜访后）",
              "contact_by": "联系方式", "label": "上门拜访",
              "no_result": "请先选择上门拜访结果（数字 1）。",
              "no_outcome": "已上门拜访：请先选择业务结果（数字 1-7）再保存。"},
}


def with_visit(path, customer_id: str = CUSTOMER):
    """The fixture's database with a visit booked for 14:30 today, and two unanswered calls this week: a third
    attempt would reach the contact budget (3 in 7 days), which a visit is not."""
    build(path)
    with closing(connect(path)) as conn:
        schedule(conn, customer_id=customer_id, owner_id="M1", due_on=TODAY, at=NOW - timedelta(days=3), slot="14:30",
                 channel="visit", purpose="appointment")
    for days in (3, 2):
        log_elsewhere(path, customer_id, "no_answer", at=NOW - timedelta(days=days))
    return path


@pytest.fixture
def db_file(tmp_path):
    return with_visit(tmp_path / "visit.sqlite")


def rows(db_file, sql: str, customer_id: str = CUSTOMER) -> list[tuple]:
    return db_rows(db_file, sql, customer_id)


def logged(db_file, customer_id: str = CUSTOMER) -> dict:
    """What a contact leaves behind, ids and terminals aside: its entries, the customer's follow-ups and contact
    state (the attempts the contact budget counts, any block)."""
    return {
        "outcomes": rows(db_file, "SELECT at, channel, line_result, business_outcome, reason, note, script_id,"
                                  " recorded_at FROM outcomes WHERE customer_id = ? ORDER BY at", customer_id),
        "followups": rows(db_file, "SELECT due_on, slot, channel, purpose, status FROM followups WHERE customer_id = ?"
                                   " ORDER BY due_on, slot", customer_id),
        "contact": rows(db_file, "SELECT last_contact_at, last_reached_at, last_line_result, last_outcome,"
                                 " contacts_total, attempts_recent, recent_attempt_days, blocked_until, block_reason"
                                 " FROM contact_state WHERE customer_id = ?", customer_id),
    }


def screen_text(app) -> str:
    """The screen as the terminal shows it, without colour."""
    return "\n".join(screen_lines(app))


def status(form) -> str:
    return str(form.query_one("#form-status").render()).strip()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_a_visit_due_is_named_on_the_list_and_logged_as_the_cli_logs_it(db_file, tmp_path, cli, lang):
    said = TEXTS[lang]
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        assert said["reason"] in screen_text(app)   # the row, and every reason of it under the list
        form = await pressed(pilot, OutcomeForm, "o")
        await settle(pilot)
        assert form.customer_id == CUSTOMER and form.channel == "phone"   # a call unless the manager says otherwise
        assert printed_in(form, "#due-messages").strip() == said["due"]
        await contact_by(pilot, form)
        assert form.channel == "visit" and printed_in(form, "#due-messages").strip() == said["saving"]
        codes = [line.strip() for line in printed_in(form, "#lines").splitlines()]
        assert codes == said["codes"] and printed_in(form, "#outcomes").splitlines()[0].strip() == said["outcome"]
        assert f"{said['contact_by']} {said['label']} " in screen_text(app)   # the channel's name shown whole
        await pilot.press("ctrl+s")
        assert status(form) == said["no_result"]
        await pilot.press("2", "1", "ctrl+s")   # a visit has no second result: 2 picks nothing
        assert form.line_result == "reached" and status(form) == said["no_outcome"]
        await pilot.press("3", "w", "ctrl+s")   # interested, a call next week
        await settle(pilot, 5)
        assert not isinstance(app.screen, OutcomeForm)
    app_logged = logged(db_file)
    assert app_logged["outcomes"][-1][1:4] == ("visit", "reached", "interested")
    assert app_logged["followups"] == [
        ("2026-11-20", "14:30", "visit", "appointment", "done"), ("2026-11-27", None, "phone", "interested", "open")]
    days, until, _reason = app_logged["contact"][0][6:]
    assert days == '[]' and until is None   # no attempt, and the customer asked for more: the count starts again
    # The same visit logged with the CLI on a twin of the database leaves the same behind.
    twin = with_visit(tmp_path / "twin.sqlite")
    result = cli("--db", twin, "--now", NOW.isoformat(), "--user", "M1", "log", "--customer", CUSTOMER,
                 "--channel", "visit", "--result", "reached", "--outcome", "interested", "--follow-up", "next-week",
                 "--follow-up-channel", "phone")
    assert result.exit_code == 0, result.stderr
    assert logged(twin) == app_logged


@sync
async def test_a_call_stays_a_call_with_a_visit_due_and_leaves_the_visit_open(db_file):
    """Phone is the default: a call to confirm the visit before it is a call, and a call closes no visit."""
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await pressed(pilot, OutcomeForm, "down", "o")
        await settle(pilot)
        await pilot.press("3")   # busy: a call's result, which a visit does not have
        await contact_by(pilot, form)
        assert form.channel == "visit" and form.line_result is None   # picked again, from the visit's one result
        await contact_by(pilot, form, "up")   # back to the phone: the call's seven results
        assert form.channel == "phone" and len(printed_in(form, "#lines").splitlines()) == 8
        assert printed_in(form, "#due-messages").strip() == TEXTS["en"]["due"]
        await pilot.press("1", "4", "ctrl+s")   # reached on the phone: the appointment confirmed
        await settle(pilot)
        await pilot.press("ctrl+s")   # nothing booked after today: saved as it is, the second time
        await settle(pilot, 5)
        assert not isinstance(app.screen, OutcomeForm)
    assert logged(db_file)["outcomes"][-1][1:4] == ("phone", "reached", "appointment")
    assert logged(db_file)["followups"] == [("2026-11-20", "14:30", "visit", "appointment", "open")]


@sync
async def test_a_message_due_beside_the_visit_is_offered_too(tmp_path):
    """Both are offered, in the channels' order (phone, SMS, WeChat, visit), one line each as the agenda orders them
    (the visit's time first, the greeting of the day after)."""
    path = with_visit(tmp_path / "both.sqlite")
    with closing(connect(path)) as conn:
        schedule(conn, customer_id=CUSTOMER, owner_id="M1", due_on=TODAY, at=NOW - timedelta(days=2), channel="sms",
                 purpose="birthday")
    app = WorkbenchApp(path, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await pressed(pilot, OutcomeForm, "down", "o")
        await settle(pilot)
        select = form.query_one("#contact-channel")
        assert [value for _label, value in select._options] == ["phone", "sms", "visit"]
        assert printed_in(form, "#due-messages").splitlines() == [
            TEXTS["en"]["due"], "SMS due (birthday greeting): to log it, set Contact by to SMS."]
        await contact_by(pilot, form)
        await contact_by(pilot, form)   # SMS, then the visit
        assert form.channel == "visit" and printed_in(form, "#due-messages").splitlines() == [
            TEXTS["en"]["saving"], "SMS due (birthday greeting): to log it, set Contact by to SMS."]


@sync
async def test_the_testers_visit_on_the_sample(tmp_path):
    """The report as it came (吴梦瑶's visit at 14:30 on the sample of the time, M001 at 10:00), on today's sample:
    张红静's visit at 10:00, M002's; her line says it is a visit, and her card's form logs it as one."""
    path = sample_copy(tmp_path)
    customer = "3100012970"
    app = WorkbenchApp(path, now=NOW, lang="zh_CN", user="M002")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _n in range(20):   # down the list to her
            if "张红静：" in screen_text(app):
                break
            await pilot.press("down")
            await settle(pilot)
        line = next(line for line in screen_text(app).splitlines() if "张红静：" in line)
        assert "张红静：约定今天上门拜访 10:00；" in line
        await pressed(pilot, CustomerCardScreen, "enter")
        form = await pressed(pilot, OutcomeForm, "o")
        await settle(pilot)
        assert form.customer_id == customer and "上门拜访跟进已到期" in printed_in(form, "#due-messages")
        await contact_by(pilot, form)
        await pilot.press("1", "4", "ctrl+s")   # visited, an appointment
        await settle(pilot)
        await pilot.press("ctrl+s")   # saved without another booked, the second time
        await settle(pilot, 5)
        assert not isinstance(app.screen, OutcomeForm)
    assert rows(path, "SELECT channel, line_result, business_outcome FROM outcomes WHERE customer_id = ?"
                      " AND at = '2026-11-20T10:00:00'", customer) == [("visit", "reached", "appointment")]
    assert rows(path, "SELECT due_on, slot, channel, status FROM followups WHERE customer_id = ? AND due_on ="
                      " '2026-11-20'", customer) == [("2026-11-20", "10:00", "visit", "done")]


@pytest.mark.parametrize("lang, when, meant", [("en", "today 1pm", "→ 2026-11-20 (Fri) 13:00"),
                                               ("zh_CN", "今天下午1点", "→ 2026-11-20（周五）13:00")])
@sync
async def test_the_form_fits_80x24_and_checks_a_visit_as_no_attempt(tmp_path, lang, when, meant):
    """With a visit and an SMS due (two rows under the title) and a refusal under the follow-up time, the keys stay
    on the dialog's last row. A third unanswered call this week would reach the contact budget, and the preview says
    so; the visit, which is no attempt, leaves the time free."""
    path = with_visit(tmp_path / "tall.sqlite")
    with closing(connect(path)) as conn:
        schedule(conn, customer_id=CUSTOMER, owner_id="M1", due_on=TODAY, at=NOW - timedelta(days=2), channel="sms",
                 purpose="birthday")
    app = WorkbenchApp(path, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await pressed(pilot, OutcomeForm, "down", "o")
        await settle(pilot)
        assert form.query_one("#due-messages").region.height == 2
        await pilot.press("2")   # no answer: the third attempt in 7 days
        form.query_one("#when").value = when
        await settle(pilot)
        rows = on_screen(app, form.query_one("#when-preview"))
        assert rows[0] == meant and ("2026-11-24" in rows[1]) and len(rows) >= 3   # the budget's refusal, whole
        keys_stay(app, form)
        await contact_by(pilot, form)
        await contact_by(pilot, form)   # SMS, then the visit
        await pilot.press("1", "3")   # visited, interested
        await settle(pilot)
        assert form.channel == "visit" and on_screen(app, form.query_one("#when-preview")) == [meant]
        keys_stay(app, form)
