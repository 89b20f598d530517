"""The outcome form's error line says what is wrong with the form as it is: it goes once the user changes
what it was about, and stays while they change something else."""

from __future__ import annotations

from datetime import datetime

import pytest

from tui_fixtures import NOW, db_rows, pressed, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.outcome_form import OutcomeForm


def status(app) -> str:
    return str(app.screen.query_one("#form-status").render()).strip()


async def open_form(pilot) -> OutcomeForm:
    return await pressed(pilot, OutcomeForm, "o")


@sync
async def test_the_codes_errors_go_once_the_code_is_picked(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_form(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Pick the line result first" in status(app)
        await pilot.press("1")   # reached
        assert status(app) == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "pick the outcome" in status(app)
        await pilot.press("tab", "tab", "a")   # a note is not what it is about
        assert form.focused is form.query_one("#note") and "pick the outcome" in status(app)
        form.set_focus(None)   # out of the note, so the digit picks the outcome
        await pilot.press("3")   # interested
        assert status(app) == ""


@sync
async def test_a_refused_follow_up_s_error_goes_once_the_day_is_changed(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_form(pilot)
        await pilot.press("2")   # no answer
        form.query_one("#when").value = "2026-11-19"   # in the past
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Not saved" in status(app)
        form.query_one("#when").value = "2026-11-19 "   # the same day: still wrong
        await pilot.pause()
        assert "Not saved" in status(app)
        form.query_one("#when").value = "2026-11-23"
        await pilot.pause()
        assert status(app) == ""
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        assert not isinstance(app.screen, OutcomeForm)
    assert db_rows(db_file, "SELECT line_result FROM outcomes") == [("no_answer",)]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_the_nothing_booked_question_goes_once_a_follow_up_is_picked(db_file, lang):
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_form(pilot)
        await pilot.press("1", "3", "ctrl+s")   # reached, interested, nothing booked
        await settle(pilot)
        assert "^s" in status(app)
        await pilot.press("w")
        await pilot.pause()
        assert status(app) == ""


@sync
async def test_the_nothing_booked_question_is_asked_again_once_it_has_gone(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_form(pilot)
        await pilot.press("1", "3", "ctrl+s")   # reached, interested, nothing booked: asked
        await settle(pilot)
        assert "Interested, and nothing is booked" in status(app)
        await pilot.press("backspace", "2")   # call back later instead: the question goes with the outcome
        await pilot.pause()
        assert status(app) == ""
        await pilot.press("ctrl+s")   # asked again about the new outcome, not saved without a word
        await settle(pilot)
        assert isinstance(app.screen, OutcomeForm)
        assert "Call back later, and nothing is booked" in status(app)
        assert db_rows(db_file, "SELECT count(*) FROM outcomes") == [(0,)]
        await pilot.press("ctrl+s")   # now the answer: saved as it is
        await settle(pilot, 5)
        assert not isinstance(app.screen, OutcomeForm)
    assert db_rows(db_file, "SELECT line_result, business_outcome FROM outcomes") == [("reached", "call_back")]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_a_pasted_note_too_long_is_kept_whole_counted_and_refused_until_shortened(db_file, lang):
    from textual.events import Paste

    from workbench.screens.localise import _

    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_form(pilot)
        await pilot.press("2")   # no answer
        note = form.query_one("#note")
        note.focus()
        note.post_message(Paste("客户说下周再联系。" * 333 + "好的。"))   # 3,000 characters
        await settle(pilot)
        assert len(note.value) == 3000   # not cut to the first 2,000
        count = form.query_one("#note-count")
        assert count.display
        over = {"en": "3,000 of 2,000 characters: 1,000 too many", "zh_CN": "已输入 3,000 个字符，最多 2,000 个，超出 1,000 个"}
        assert str(count.render()).strip() == over[lang]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OutcomeForm) and len(note.value) == 3000
        assert status(app) == _("Not saved: {error}").format(
            error=_("The note has {n} characters; the most is {max}.").format(n="3,000", max="2,000"))
        note.value = note.value[:2000]
        await pilot.pause()
        assert status(app) == "" and not str(count.render()).count("too many") and "超出" not in str(count.render())
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        assert not isinstance(app.screen, OutcomeForm)
    assert [len(n) for (n,) in db_rows(db_file, "SELECT note FROM outcomes")] == [2000]


@pytest.mark.parametrize(("now", "lang", "examples", "meant"), [
    (NOW, "zh_CN", "明天、3天后、下周、11月27日 10点", "→ 2026-11-27（周五）10:00"),
    (NOW, "en", "+1d, +3d, next-week, 11/27 10:00", "→ 2026-11-27 (Fri) 10:00"),
    # The example date is a week on whenever the form opens (it was 11/25 always: past from 26 November), here the
    # widest one.
    (datetime(2026, 12, 24, 9), "zh_CN", "明天、3天后、下周、12月31日 10点", "→ 2026-12-31（周四）10:00"),
    (datetime(2026, 12, 24, 9), "en", "+1d, +3d, next-week, 12/31 10:00", "→ 2026-12-31 (Thu) 10:00"),
])
@sync
async def test_the_follow_up_boxs_examples_show_whole_at_80_columns(db_file, now, lang, examples, meant):
    """The follow-up box's placeholder fits the box beside its channel select: it once ended "…或 2026-12-01",
    its time of day cut off. Its date, typed as shown, is booked, not refused as past."""
    from rich.cells import cell_len
    from textual.widgets import Input

    app = WorkbenchApp(db_file, now=now, lang=lang, user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        when = form.query_one("#when", Input)
        assert when.placeholder == examples
        assert cell_len(examples) <= when.content_region.width
        assert examples in when.render_line(0).text   # as drawn: the whole of it on the box's line
        when.value = examples.replace(",", "、").split("、")[-1].strip()
        await settle(pilot)
        assert form.query_one("#when-preview").content.plain == meant


@pytest.mark.parametrize(("lang", "short"), [("zh_CN", "明天、3天后、下周"), ("en", "+1d, +3d, next-week")])
@sync
async def test_a_box_too_narrow_for_the_example_date_gives_none_rather_than_a_cut_one(db_file, lang, short):
    """At 60x20 the placeholder was cut to "…下周、11月2", which reads as 2 November; widened again, the date is back."""
    from textual.widgets import Input

    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(60, 20)) as pilot:
        form = await open_form(pilot)
        when = form.query_one("#when", Input)
        assert when.placeholder == short and short in when.render_line(0).text
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert when.placeholder != short and "27" in when.placeholder


@sync
async def test_a_call_confirming_a_visit_booked_today_is_not_asked_for_a_follow_up(db_file):
    from tui_fixtures import book_elsewhere

    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_form(pilot)
        book_elsewhere(db_file, form.customer_id, slot="14:30", channel="visit", purpose="appointment")
        await pilot.press("1", "4", "ctrl+s")   # reached, appointment: the call closes no visit
        await settle(pilot, 5)
        assert not isinstance(app.screen, OutcomeForm), status(app)
    assert db_rows(db_file, "SELECT business_outcome FROM outcomes") == [("appointment",)]
    assert db_rows(db_file, "SELECT channel, status FROM followups WHERE followup_id = 'F-0099'") == [("visit", "open")]
