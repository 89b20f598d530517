"""On a console of 16 colours (TERM=xterm, no COLORTERM) the agenda's panel is rounded to grey, and what was red, amber
or muted on it to magenta, red or the same grey: the app keeps that text readable (read from the screen the
compositor draws, after the app's filters, with the colour numbers Rich sends the console)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rich.color import ColorSystem

from tui_fixtures import NOW, TODAY, at_list, book_elsewhere, build, pressed, sync
from workbench.screens.agenda import AgendaScreen
from workbench.screens.app import WorkbenchApp
from workbench.screens.sixteen_colours import MINIMUM, LegibleSixteen, worst_contrast


@pytest.fixture
def db_file(tmp_path):
    """M1's list, with a call promised to John Smith (C0007) four days ago, now overdue."""
    path = build(tmp_path / "sixteen.sqlite")
    book_elsewhere(path, "C0007", followup_id="F-0007", due_on=TODAY - timedelta(days=4), slot=None,
                   at=NOW - timedelta(days=5))
    return path


def sent(app, text: str) -> tuple[int, int, bool]:
    """The colour numbers (text, background) the console is sent for the first segment holding text, and bold."""
    for row in app.screen._compositor.render_update(full=True).strips:
        for segment in (segment for strip in row for segment in strip):
            if text in segment.text:
                style = segment.style
                ink, ground = (style.bgcolor, style.color) if style.reverse else (style.color, style.bgcolor)
                return (ink.downgrade(ColorSystem.STANDARD).number, ground.downgrade(ColorSystem.STANDARD).number,
                        bool(style.bold))
    raise AssertionError(f"{text!r} is not on the screen")


def sixteen_colours(monkeypatch) -> None:
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


@sync
async def test_the_agenda_s_overdue_date_and_headings_stay_readable_on_sixteen_colours(db_file, monkeypatch):
    sixteen_colours(monkeypatch)
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.console.color_system == "standard"
        await at_list(pilot)
        await pressed(pilot, AgendaScreen, "f")
        await pilot.press("down")   # the cursor off John Smith's overdue follow-up, onto today's
        overdue_day = (TODAY - timedelta(days=4)).strftime("%m-%d")
        date, heading, key = sent(app, overdue_day), sent(app, "Overdue"), sent(app, "esc")
        # Rounded, the date was magenta on the panel's grey (1.17:1), the heading and the keys grey or red on it (1.0:1).
        for ink, ground, _bold in (date, heading, key):
            assert ground == 8 and worst_contrast(ink, ground) >= MINIMUM, (ink, ground)
        assert date[2] and date[0] == 15   # what was red: white and bold


@sync
async def test_with_more_colours_the_app_keeps_its_colours(db_file, monkeypatch):
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLORTERM", "truecolor")
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await at_list(pilot)
        assert not any(isinstance(f, LegibleSixteen) for f in app.get_line_filters())
        await pressed(pilot, AgendaScreen, "f")
        await pilot.press("down")
        overdue_day = (TODAY - timedelta(days=4)).strftime("%m-%d")
        for row in app.screen._compositor.render_update(full=True).strips:
            for segment in (segment for strip in row for segment in strip):
                if overdue_day in segment.text:
                    red, green, _blue = segment.style.color.triplet
                    assert red - green > 100   # red, as it was
                    return
        raise AssertionError("the overdue date is not on the screen")
