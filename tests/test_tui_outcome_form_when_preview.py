"""The outcome form shows what a typed follow-up time means as it is typed ("→ 2026-11-21（周六）15:00"), read by the
engine's parse_when at the app's clock, or the sentence it is refused with, in the preview's place: the manager
used to learn only after saving that 明天下午3点 was a Saturday."""

from __future__ import annotations

from datetime import datetime

import pytest

from tui_fixtures import NOW, pressed, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.outcome_form import OutcomeForm


def preview(form) -> str:
    return str(form.query_one("#when-preview").render()).strip()


def styles_of(form, part: str) -> str:
    """The style the preview gives to `part` of its text (the weekday of a weekend day is marked)."""
    text = form.query_one("#when-preview").content
    start = text.plain.index(part)
    return " ".join(str(span.style) for span in text.spans if span.start <= start < span.end)


@sync
async def test_a_typed_time_shows_its_day_weekday_and_time_as_it_is_typed(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")   # Friday 2026-11-20, 10:00
    async with app.run_test(size=(80, 24)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        when = form.query_one("#when")
        assert preview(form) == ""   # nothing typed, nothing shown
        for typed, meant in (("明天下午3点", "→ 2026-11-21（周六）15:00"), ("下周一", "→ 2026-11-23（周一）"),
                             ("下午三点半", "→ 2026-11-20（周五）15:30"), ("2027-02-06", "→ 2027-02-06（周六，春节）")):
            when.value = typed
            await pilot.pause()
            assert preview(form) == meant, typed
        assert "yellow" in styles_of(form, "周六，春节")   # a weekend day or a festival stands out
        when.value = "下周一"
        await pilot.pause()
        assert "yellow" not in styles_of(form, "周一")
        await pilot.press("2", "w")   # a quick pick fills the box: its day is shown too
        assert preview(form) == "→ 2026-11-27（周五）"
        await pilot.press("x")
        assert preview(form) == ""


@sync
async def test_a_time_it_cannot_book_shows_the_refusal_in_the_previews_place_not_as_a_toast(db_file):
    from workbench.errors import WorkbenchError
    from workbench.when import parse_when

    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        for typed in ("2026-11-19", "明天下", "3点"):
            form.query_one("#when").value = typed
            await pilot.pause()
            with pytest.raises(WorkbenchError) as refused:
                parse_when(typed, NOW)
            shown = preview(form)
            assert shown and not shown.startswith("→")
            assert shown == str(refused.value), typed   # whole, however long: the preview wraps
        assert preview(form).startswith("“3点”可能是 03:00，也可能是 15:00")
        assert not app._notifications and str(form.query_one("#form-status").render()).strip() == ""
        assert isinstance(app.screen, OutcomeForm)


@sync
async def test_the_preview_reads_the_apps_clock_and_no_database_while_typing(db_file):
    """Typed key by key in English at an injected 'now' (never the wall clock); no connection is opened per key."""
    app = WorkbenchApp(db_file, now=datetime(2027, 3, 5, 9, 0), lang="en", user="M1")   # a Friday
    async with app.run_test(size=(80, 24)) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        await settle(pilot)
        opened = []
        connect = app.connect
        app.connect = lambda: opened.append(1) or connect()
        form.query_one("#when").focus()
        await pilot.press(*"tomorrow 3pm")
        await settle(pilot)
        assert preview(form) == "→ 2027-03-06 (Sat) 15:00"
        assert opened == []
