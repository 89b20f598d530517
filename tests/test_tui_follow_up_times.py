"""Follow-up times in the app: the Chinese interface shows and fills in Chinese forms (明天, 3天后), and the
reschedule dialog stays open with the refusal until a time is saved or escape is pressed."""

from __future__ import annotations

import sqlite3

import pytest
from textual.widgets import Static

from tui_fixtures import NOW, highlight_option, settle, sync
from workbench.screens.agenda import AgendaScreen
from workbench.screens.app import WorkbenchApp
from workbench.screens.outcome_form import OutcomeForm
from workbench.screens.reschedule import RescheduleScreen


def f3(db_file) -> tuple:
    with sqlite3.connect(db_file) as conn:
        return conn.execute("SELECT status, due_on, slot FROM followups WHERE followup_id = 'F-0003'").fetchone()


def shown(app) -> str:
    return "\n".join(str(static.render()) for static in app.screen.query(Static))


async def open_reschedule(pilot) -> None:
    await settle(pilot)
    await pilot.press("f")
    await highlight_option(pilot, "#agenda", "F-0003")
    await pilot.press("r")
    await settle(pilot)
    assert isinstance(pilot.app.screen, RescheduleScreen)


async def submit(pilot, when: str) -> str | None:
    """Type `when` into the open reschedule dialog and press enter: the dialog's refusal, or None once it closed."""
    pilot.app.screen.query_one("#new-when").value = when
    await pilot.press("enter")
    await settle(pilot)
    if isinstance(pilot.app.screen, RescheduleScreen):
        return pilot.app.screen.query_one("#reschedule-status").content.plain   # WrappedText: its sentence
    assert isinstance(pilot.app.screen, AgendaScreen)
    return None


@pytest.mark.parametrize("lang, hint, default, bad, refusal, good, after", [
    ("zh_CN", "明天、3天后、下周、周五、11月27日、2026-11-27 10:00", "明天", "下下下周",
     "无法识别跟进时间“下下下周”；请用明天、3天后、下周、周五、下个月、2026-11-27 或 2026-11-27 10:00。",
     "3天后", ("rescheduled", "2026-11-23", "14:00")),   # a day alone keeps the time of day
    ("en", "+1d, +3d, next-week, friday, 11/27, 2026-11-27 10:00", "+1d", "2026-11-19",
     "The follow-up time 2026-11-19 is in the past.", None, ("open", "2026-11-20", "14:00")),
])
@sync
async def test_the_reschedule_dialog_stays_open_on_a_refusal_until_saved_or_escaped(
        db_file, lang, hint, default, bad, refusal, good, after):
    """good None: escape leaves the dialog with nothing moved."""
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_reschedule(pilot)
        assert hint in shown(app) and app.screen.query_one("#new-when").value == default
        assert await submit(pilot, bad) == refusal
        assert f3(db_file) == ("open", "2026-11-20", "14:00")
        if good:
            assert await submit(pilot, good) is None
        else:
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, AgendaScreen)
    assert f3(db_file) == after


@pytest.mark.parametrize("lang, hint, when, moved", [
    ("zh_CN", "只写日期则沿用跟进原来的时间。\n要不定时间，加上“全天”，如“明天 全天”。", "明天 全天", "跟进已改到 2026-11-21。"),
    ("en", "A day alone keeps the follow-up's time.\nTo drop the time, add 'all day': 'tomorrow all day'.",
     "tomorrow all day", "Follow-up moved to 2026-11-21."),
])
@sync
async def test_the_dialog_says_how_to_drop_the_time_and_all_day_drops_it(db_file, lang, hint, when, moved):
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    notes = []
    app.notify = lambda message, **kwargs: notes.append(message)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_reschedule(pilot)
        assert hint in shown(app)
        assert await submit(pilot, when) is None
    assert f3(db_file) == ("rescheduled", "2026-11-21", None)   # 14:00 dropped
    assert notes == [moved]


@sync
async def test_the_outcome_forms_quick_pick_fills_in_chinese_and_books_it(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OutcomeForm)
        field = app.screen.query_one("#when")
        assert field.placeholder == "明天、3天后、下周、11月27日 10点"   # a week on
        await pilot.press("1", "3", "d")
        assert field.value == "明天"
        await pilot.press("t")
        assert field.value == "3天后"
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        assert not isinstance(app.screen, OutcomeForm)
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT customer_id, due_on FROM followups WHERE status = 'open'").fetchall() == [
            ("C0003", "2026-11-23")]


@sync
async def test_a_time_outside_the_call_window_is_refused_in_the_form_and_the_dialog(db_file):
    refusal = "跟进时间 21:00 不在外呼时段（09:00–20:00）内；请约在时段内，或只填日期。"
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_reschedule(pilot)
        assert await submit(pilot, "2026-11-21 21:00") == refusal
        await pilot.press("escape", "escape")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("2")
        app.screen.query_one("#when").value = "2026-11-21 21:00"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OutcomeForm)
        assert str(app.screen.query_one("#form-status").render()) == f"未保存：{refusal}"
    assert f3(db_file) == ("open", "2026-11-20", "14:00")
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT count(*) FROM outcomes").fetchone() == (0,)


@sync
async def test_the_dialog_shows_a_customers_name_as_written_never_as_markup(db_file):
    with sqlite3.connect(db_file) as conn:   # a closing tag alone made Textual's markup parser stop the app
        conn.execute("UPDATE customers SET name = '王芳[/]' WHERE customer_id = (SELECT customer_id FROM followups"
                     " WHERE followup_id = 'F-0003')")
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_reschedule(pilot)
        assert "王芳[/]" in str(app.screen.query_one(".section-title").render())


@sync
async def test_a_bare_ambiguous_hour_gets_the_morning_or_afternoon_hint_in_the_dialog(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_reschedule(pilot)
        assert await submit(pilot, "3点") == "“3点”可能是 03:00，也可能是 15:00；请在前面加上“上午”或“下午”，或写成 HH:MM。"
        assert await submit(pilot, "下午3点") is None   # today's
    assert f3(db_file) == ("rescheduled", "2026-11-20", "15:00")


@pytest.mark.parametrize(("lang", "keymap", "lines"), [
    ("zh_CN", None, ["明天、3天后、下周、周五、11月27日、2026-11-27 10:00", "只写日期则沿用跟进原来的时间。",
                     "要不定时间，加上“全天”，如“明天 全天”。", "⏎ 保存 · esc 取消"]),
    ("en", None, ["+1d, +3d, next-week, friday, 11/27, 2026-11-27 10:00", "A day alone keeps the follow-up's time.",
                  "To drop the time, add 'all day': 'tomorrow all day'.", "⏎ save · esc cancel"]),
    ("en", {"cancel": "f4"}, ["⏎ save · f4 cancel"]),
])
@sync
async def test_at_80_columns_each_line_of_the_dialogs_hint_is_whole_and_it_names_the_cancel_key(
        db_file, lang, keymap, lines):
    """Each line of the hint is drawn on one row of the dialog, so an example in quotes is never split (it once
    broke as "（如“明天" / "全天”）则不定时间。"), and the keys to save and to cancel are those in force."""
    if keymap:
        from contextlib import closing

        from workbench.db import open_db
        from workbench.settings import set_setting

        with closing(open_db(db_file).conn) as conn, conn:
            set_setting(conn, "app.keymap", keymap)
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reschedule(pilot)
        drawn = {str(static.render()): [static.render_line(y).text.rstrip() for y in range(static.size.height)]
                 for static in app.screen.query(Static)}
        assert {line: drawn.get(line) for line in lines} == {line: [line] for line in lines}
        await pilot.press(*(keymap or {"cancel": "escape"}).values())
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)


@pytest.mark.parametrize("lang, kept, typed, at_ten", [
    ("zh_CN", "→ 2026-11-23（周一）14:00", "下周一 10点", "→ 2026-11-23（周一）10:00"),
    ("en", "→ 2026-11-23 (Mon) 14:00", "monday 10:00", "→ 2026-11-23 (Mon) 10:00"),
])
@sync
async def test_the_reschedule_box_takes_the_forms_quick_letters_and_says_the_day_as_it_is_typed(
        db_file, lang, kept, typed, at_ten):
    """F-0003 (today 14:00): t alone is three days on, as in the outcome form, the time of day kept; the line under
    the box says the day before enter moves it."""
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reschedule(pilot)
        box, preview = app.screen.query_one("#new-when"), app.screen.query_one("#reschedule-preview")
        box.value = typed
        await settle(pilot)
        assert preview.content.plain == at_ten
        box.value = ""
        await pilot.press("t")
        await settle(pilot)
        assert preview.content.plain == kept
        await pilot.press("enter")
        await settle(pilot, 5)
        assert isinstance(app.screen, AgendaScreen)
    assert f3(db_file) == ("rescheduled", "2026-11-23", "14:00")
