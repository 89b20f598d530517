"""A manager back from two days off marks her overdue follow-ups on the agenda, one key each (it goes on to the next
row), and moves the marked to one day together: one save, one transaction, each keeping its time of day; one the
contact rules refuse stays where it is, still marked, and one toast says how many moved and why that one did not."""

from __future__ import annotations

from contextlib import closing
from datetime import date, datetime

import pytest

from tui_fixtures import NOW, book_elsewhere, db_rows, highlight_option, settle, sync
from workbench.db import connect
from workbench.outcomes import log_outcome
from workbench.screens.agenda import AgendaScreen
from workbench.screens.help import key_sections
from workbench.screens.app import WorkbenchApp
from workbench.screens.reschedule import RescheduleScreen

OVERDUE = {"F-0101": ("C0001", date(2026, 11, 18), "10:00"), "F-0102": ("C0002", date(2026, 11, 18), None),
           "F-0105": ("C0005", date(2026, 11, 19), "15:30")}


@pytest.fixture
def back_from_days_off(db_file):
    for fid, (cid, day, slot) in OVERDUE.items():
        book_elsewhere(db_file, cid, followup_id=fid, due_on=day, slot=slot, at=datetime(2026, 11, 17, 16, 0))
    with closing(connect(db_file)) as conn:   # C0005 replied to an SMS, not interested: no call for a month
        log_outcome(conn, customer_id="C0005", manager_id="M1", channel="sms", line_result="reached",
                    business_outcome="not_interested", at=datetime(2026, 11, 19, 11, 0))
    return db_file


def status(agenda) -> str:
    content = agenda.query_one("#agenda-status").content
    return getattr(content, "plain", content)


def marks(agenda) -> dict[str, bool]:
    """Each overdue row's id -> whether it is drawn marked."""
    options = agenda.query_one("#agenda")
    return {fid: options.get_option(fid).prompt.plain.startswith("●") for fid in OVERDUE}


async def mark_the_overdue(pilot) -> AgendaScreen:
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)
    agenda = pilot.app.screen
    assert list(agenda.sections["overdue"]) == list(OVERDUE)
    await highlight_option(pilot, "#agenda", "F-0101")
    for _n in OVERDUE:
        await pilot.press("space")   # on to the next row each time
    assert marks(agenda) == dict.fromkeys(OVERDUE, True) and agenda.marked == set(OVERDUE)
    assert agenda.query_one("#agenda").highlighted_option.id == "F-0003"   # today's, below them: not marked
    return agenda


async def move_to(pilot, when: str) -> RescheduleScreen:
    await pilot.press("r")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, RescheduleScreen)
    dialog.query_one("#new-when").value = when
    await pilot.press("enter")
    await settle(pilot, 5)
    return dialog


SAID = {
    "en": ("4 open follow-ups · 3 marked: r moves them to a day", "Reschedule 3 marked follow-ups",
           "Moved 2 follow-ups to 2026-11-23.\nNot moved:\nThe contact rules allow no call, SMS or WeChat to [bold]x[/]"
           " before 2026-12-19 (rest after 'not interested'); book the follow-up for that day or later, or plan a"
           " visit."),
    "zh_CN": ("4 项待办跟进 · 已标记 3 项：按 r 改到同一天", "改期：已标记的 3 项跟进",
              "已把 2 项跟进改到 2026-11-23。\n未改期：\n"),
}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_the_marked_move_together_and_one_refused_is_said_in_the_toast_and_stays_marked(back_from_days_off, lang):
    counted, title, toast = SAID[lang]
    app = WorkbenchApp(back_from_days_off, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        agenda = await mark_the_overdue(pilot)
        assert status(agenda) == counted
        dialog = await move_to(pilot, "2026-11-23")
        assert dialog.title_text == title
        (said,) = [n.message for n in app._notifications]
        assert app.screen is agenda and (said == toast if lang == "en" else said.startswith(toast) and "[bold]x[/]" in said)
        assert agenda.marked == {"F-0105"} and marks(agenda) == {"F-0101": False, "F-0102": False, "F-0105": True}
        assert list(agenda.sections["overdue"]) == ["F-0105"]
        assert ("space Mark" if lang == "en" else "space 标记") in app.screen.query_one("KeyBar").render().plain
    assert db_rows(back_from_days_off, "SELECT followup_id, due_on, slot, status FROM followups WHERE followup_id IN"
                   " ('F-0101', 'F-0102', 'F-0105') ORDER BY 1") == [
        ("F-0101", "2026-11-23", "10:00", "rescheduled"), ("F-0102", "2026-11-23", None, "rescheduled"),
        ("F-0105", "2026-11-19", "15:30", "open")]


@sync
async def test_none_moved_keeps_the_dialog_open_saying_why_for_each(back_from_days_off):
    app = WorkbenchApp(back_from_days_off, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        agenda = await mark_the_overdue(pilot)
        dialog = await move_to(pilot, "2026-11-23 21:00")   # outside the call window for every one of them
        assert app.screen is dialog and not app._notifications
        said = dialog.query_one("#reschedule-status").content.plain
        assert said.count("\n") == 2 and said.startswith("张伟: ")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is agenda and agenda.marked == set(OVERDUE)


@sync
async def test_a_suggestion_is_not_marked_and_r_without_marks_moves_the_highlighted_one(back_from_days_off):
    app = WorkbenchApp(back_from_days_off, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        agenda = app.screen
        suggestion = next(key for key in agenda.items if key.startswith("suggestion-"))
        await highlight_option(pilot, "#agenda", suggestion)
        await pilot.press("space")
        assert agenda.marked == set() and "Accept the suggestion first" in status(agenda)
        await highlight_option(pilot, "#agenda", "F-0102")
        await pilot.press("space")
        await highlight_option(pilot, "#agenda", "F-0102")
        await pilot.press("space")   # marked again: unmarked, and on to the next row
        assert agenda.marked == set()
        dialog = await move_to(pilot, "2026-11-23")
        assert dialog.followup_ids == ["F-0105"]


def test_help_names_the_mark_key_on_the_agenda():
    assert ("space", "Mark") in dict(key_sections())["Follow-up agenda"]
