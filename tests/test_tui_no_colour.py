"""Under NO_COLOR the app is drawn in greys, and what colour marked stays readable: the outcome form's refusal and
an overdue row read at least as well as an ordinary row, and the cursor row (the call list's, the agenda's) stands
out from both (read from the screen the compositor draws, after the app's filters)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tui_fixtures import NOW, TODAY, at_list, book_elsewhere, build, pressed, settle, sync
from workbench.screens.agenda import AgendaScreen
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.outcome_form import OutcomeForm


@pytest.fixture
def db_file(tmp_path):
    """M1's list, with a call promised to John Smith (C0007) four days ago, now overdue: he heads the list."""
    path = build(tmp_path / "no_colour.sqlite")
    book_elsewhere(path, "C0007", followup_id="F-0007", due_on=TODAY - timedelta(days=4), slot=None,
                   at=NOW - timedelta(days=5))
    return path


def luminance(rgb) -> float:
    """WCAG 2 relative luminance."""
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def drawn(app, text: str):
    """How the first screen row holding text draws it: (text colour, background colour, bold), as the terminal
    shows them (a reversed segment's colours swapped)."""
    for row in app.screen._compositor.render_update(full=True).strips:   # each row in strips, one per widget cut
        segments = [segment for strip in row for segment in strip]
        if text in "".join(segment.text for segment in segments):
            style = next(segment.style for segment in segments if text in segment.text)
            fg, bg = style.color.triplet, style.bgcolor.triplet
            return (bg, fg, bool(style.bold)) if style.reverse else (fg, bg, bool(style.bold))
    raise AssertionError(f"{text!r} is not on the screen")


@sync
async def test_a_refusal_an_overdue_row_and_the_cursor_stay_readable_without_colour(db_file, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        table, ids = await at_list(pilot)
        assert ids[:4] == ["C0007", "C0003", "C0001", "C0002"]   # overdue, due today, then by priority
        await pilot.press("down", "down")   # the cursor on 张伟, an ordinary row
        await settle(pilot)
        overdue, cursor, ordinary = drawn(app, "John Smith"), drawn(app, "张伟"), drawn(app, "欧阳娜娜")
        assert all(fg[0] == fg[1] == fg[2] and bg[0] == bg[1] == bg[2] for fg, bg, _ in (overdue, cursor, ordinary))
        body = contrast(ordinary[0], ordinary[1])
        assert body >= 7
        # The overdue row reads at least as well as an ordinary one (it was grey 112 on 38: 3.1:1), and bold.
        assert contrast(overdue[0], overdue[1]) >= body and overdue[2]
        # The cursor row's background stands out from the rows around it as text does from its own (it was a grey
        # of 116 under the same bold text as an overdue row: 3.3:1).
        assert contrast(cursor[1], overdue[1]) >= 4.5 and contrast(cursor[1], ordinary[1]) >= 4.5
        assert contrast(cursor[0], cursor[1]) >= 4.5

        # The agenda's highlighted follow-up (John Smith's, overdue) is as plain as the call list's cursor.
        await pressed(pilot, AgendaScreen, "f")
        highlighted, today = drawn(app, "John Smith"), drawn(app, "王芳")
        assert contrast(highlighted[1], today[1]) >= 4.5 and contrast(highlighted[0], highlighted[1]) >= body
        await pressed(pilot, CallListScreen, "escape")

        await pressed(pilot, OutcomeForm, "o")
        await pilot.press("1", "ctrl+s")   # reached, no business outcome picked: refused
        await settle(pilot)
        refusal = drawn(app, "pick the outcome")
        # In red it was grey 59 on 38: 1.4:1.
        assert contrast(refusal[0], refusal[1]) >= body and refusal[2]


@sync
async def test_with_colour_the_app_keeps_textual_s_filters(db_file, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await at_list(pilot)
        await pilot.press("down")   # off the overdue row
        await settle(pilot)
        fg, _bg, bold = drawn(app, "John Smith")
        assert fg == (0xDF, 0x52, 0x52) and bold   # the theme's error red, as it was
