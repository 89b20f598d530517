"""The outcome form's follow-up preview says, as the time is typed, when the contact rules would refuse it: outside
the call window of the customer's branch, or before the rules allow a call again once this contact is logged (the
retry delay after no answer, the rest after "not interested"), in the very sentence the save refuses it with. It
used to show "→ 2026-11-20（周五）21:00" as if all was well, and only ctrl+s said the time was outside 09:00–20:00."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from tui_fixtures import NOW, pressed, sample_copy, settle, sync
from workbench.db import connect
from workbench.screens.app import WorkbenchApp
from workbench.screens.outcome_form import OutcomeForm
from workbench.settings import set_setting

WINDOW = {
    "zh_CN": ("晚上9点", "→ 2026-11-20（周五）21:00",
              "跟进时间 21:00 不在外呼时段（09:00–20:00）内；请约在时段内，或只填日期。", "未保存：", "晚上7点"),
    "en": ("friday 8pm", "→ 2026-11-20 (Fri) 20:00",
           "A follow-up at 20:00 is outside the call window (09:00–20:00); book a time inside it, or the day alone.",
           "Not saved: ", "friday 7pm"),
}


def preview(form) -> list[str]:
    """The preview's lines as given (before wrapping): what the time means, then the refusal if any."""
    return form.query_one("#when-preview").content.plain.split("\n")


def status(form) -> str:
    return str(form.query_one("#form-status").render()).strip()


def saved(db_file) -> list[tuple]:
    """Each contact logged, with the follow-up booked for its customer (the one the fixture books aside)."""
    with closing(sqlite3.connect(db_file)) as conn:
        return conn.execute("SELECT o.line_result, o.business_outcome, f.due_on, f.slot, f.channel FROM outcomes o"
                            " LEFT JOIN followups f ON f.customer_id = o.customer_id AND f.followup_id != 'F-0003'"
                            " ORDER BY o.at").fetchall()


async def typed(pilot, form, when: str) -> None:
    form.query_one("#when").value = when
    await settle(pilot)


async def saves(pilot) -> None:
    """ctrl+s, and the form closes on the saved entry."""
    await pilot.press("ctrl+s")
    await settle(pilot, 5)
    assert not isinstance(pilot.app.screen, OutcomeForm), str(pilot.app.screen.query_one("#form-status").render())


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@sync
async def test_a_time_outside_the_call_window_is_refused_as_it_is_typed_in_the_saves_own_words(db_file, lang):
    when, meant, refusal, not_saved, inside = WINDOW[lang]
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")   # Friday 2026-11-20, 10:00
    async with app.run_test(size=(80, 24)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        await pilot.press("1", "3", "tab", "tab", "tab")   # reached, interested; to the follow-up box as a person would
        assert form.focused is form.query_one("#when")
        if lang == "en":
            await pilot.press(*when)   # key by key
        else:
            await typed(pilot, form, when)   # as an input method hands it over, whole
        await settle(pilot)
        assert preview(form) == [meant, refusal]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert status(form) == not_saved + refusal   # the engine's refusal, word for word
        assert preview(form) == [meant]   # said once: the status line says it now
        assert saved(db_file) == []
        await typed(pilot, form, inside)
        assert status(form) == "" and len(preview(form)) == 1
        await saves(pilot)
    assert saved(db_file) == [("reached", "interested", "2026-11-20", "19:00", "phone")]


@sync
async def test_the_window_is_the_customers_branchs_and_a_visit_or_a_day_alone_is_not_held_to_it(db_file):
    with closing(connect(db_file)) as conn, conn:
        set_setting(conn, "contact.window_end", "21:30", scope="B1")
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        await pilot.press("1", "3")
        await typed(pilot, form, "晚上9点")
        assert preview(form) == ["→ 2026-11-20（周五）21:00"]   # 21:00 is inside this branch's 09:00–21:30
        await typed(pilot, form, "晚上10点")
        assert preview(form)[1] == "跟进时间 22:00 不在外呼时段（09:00–21:30）内；请约在时段内，或只填日期。"
        await typed(pilot, form, "明天")
        assert preview(form) == ["→ 2026-11-21（周六）"]   # a day alone: any time that day
        await typed(pilot, form, "明天早上8点")
        assert len(preview(form)) == 2
        form.query_one("#follow-up-channel").value = "visit"   # a visit is not a call: it may be at 08:00
        await settle(pilot)
        assert preview(form) == ["→ 2026-11-21（周六）08:00"]
        await saves(pilot)
    assert saved(db_file) == [("reached", "interested", "2026-11-21", "08:00", "visit")]


@sync
async def test_the_rest_this_contact_starts_is_said_once_its_result_is_picked(db_file):
    """No answer at 10:00 rests the customer until 14:00 (the retry delay); "not interested" for 30 days."""
    retry = ("The contact rules allow no call to 王芳 before 14:00 on 2026-11-20 (retry delay); book the follow-up for"
             " 14:00 or later, or the day alone, or send an SMS or WeChat, or plan a visit.")
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        await typed(pilot, form, "today 1pm")
        assert preview(form) == ["→ 2026-11-20 (Fri) 13:00"]   # nothing logged yet rests them
        await pilot.press("2")   # no answer
        assert preview(form) == ["→ 2026-11-20 (Fri) 13:00", retry]
        await pilot.press("backspace")   # the result taken back: so is the rest it started
        assert len(preview(form)) == 1
        await pilot.press("1", "1")   # reached, not interested
        assert preview(form)[1] == ("The contact rules allow no call, SMS or WeChat to 王芳 before 2026-12-20 (rest"
                                    " after 'not interested'); book the follow-up for that day or later, or plan a"
                                    " visit.")
        await pilot.press("backspace", "backspace", "2")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert status(form) == "Not saved: " + retry
        await typed(pilot, form, "today 2pm")
        assert len(preview(form)) == 1 and status(form) == ""
        await saves(pilot)
    assert saved(db_file) == [("no_answer", None, "2026-11-20", "14:00", "phone")]


# (keys picking the result, follow-up time, its channel) tried on customers of the sample in each state of the rules.
CASES = [
    ("2", "今天下午2点", "phone"), ("2", "今天下午3点", "phone"), ("13", "明天上午10点", "phone"),
    ("11", "明天", "phone"), ("16", "下周一", "wechat"), ("13", "晚上9点", "phone"), ("2", "晚上9点", "visit"),
    ("13", "下午3点", "sms"),
]


@sync
async def test_on_the_sample_the_preview_refuses_just_what_the_save_refuses(tmp_path):
    """For customers resting for each reason the sample has (the budget, a retry delay, a rest after "not
    interested") and one who is not, the preview's refusal is the save's, and a time it lets through is saved."""
    path = sample_copy(tmp_path)
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute(
            "SELECT c.customer_id, c.name, coalesce(s.block_reason, '') FROM customers c LEFT JOIN contact_state s"
            " USING (customer_id) WHERE c.manager_id = 'M001' AND c.do_not_call = 0 AND c.active = 1"
            " AND (s.blocked_until IS NULL OR s.blocked_until >= '2026-11-20T10:00')"
            " ORDER BY s.blocked_until, c.customer_id").fetchall()
    by_reason = {}
    for row in rows:
        by_reason.setdefault(row[2], []).append(row)
    assert {"", "budget", "cooloff_not_interested"} <= set(by_reason)
    customers = [row for n in range(3) for row in (group[n] for group in by_reason.values() if len(group) > n)]
    verdicts = []
    app = WorkbenchApp(path, now=NOW, lang="zh_CN", user="M001")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for (customer_id, name, _reason), (keys, when, channel) in zip(customers, CASES, strict=False):
            app.push_screen(OutcomeForm(customer_id, name))
            await settle(pilot)
            form = app.screen
            await pilot.press(*keys)
            form.query_one("#follow-up-channel").value = channel
            await typed(pilot, form, when)
            refusal = preview(form)[1:]
            await pilot.press("ctrl+s")
            await settle(pilot, 5)
            if refusal:
                assert app.screen is form and status(form) == "未保存：" + refusal[0], (customer_id, keys, when)
                app.pop_screen()
            else:
                assert app.screen is not form, (customer_id, keys, when, status(form))
            verdicts.append(bool(refusal))
    assert len(verdicts) == len(CASES) and any(verdicts) and not all(verdicts)
