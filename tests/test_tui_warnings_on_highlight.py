"""A list's red warnings (the agenda's overdue date and "Number unusable…", "Whose call list?"'s "· 27 follow-ups
overdue") read on the highlighted row as on the others: they were red on the highlight's blue, 1.0-1.1:1 in every
theme, and 3.9:1 on the list itself. Measured on the colours drawn, at the low-vision tester's 60x20."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.color import Color

from tui_fixtures import sample_copy, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.contrast import contrast, hued

NOW = datetime(2026, 11, 25, 10, 30)
FRAME = set("╭─╮│╰╯▁▔▎▊▄▀ ")   # the list's border and scrollbar


def rgb(colour) -> tuple[int, int, int]:
    return Color.from_rich_color(colour).rgb


def drawn(widget) -> list[list[tuple[str, float, bool]]]:
    """Each line of the widget: its words (frame left out) with their contrast on their background, and whether
    their colour is a hue."""
    lines = []
    for strip in widget.render_lines(widget.region.reset_offset):
        lines.append([(segment.text, contrast(rgb(segment.style.color), rgb(segment.style.bgcolor)),
                       hued(rgb(segment.style.color)))
                      for segment in strip if set(segment.text) - FRAME])
    return lines


def started(tmp_path, user: str) -> WorkbenchApp:
    """The app on a copy of the sample, as `user`, in English."""
    return WorkbenchApp(sample_copy(tmp_path), now=NOW, lang="en", user=user)


async def in_theme(pilot, theme: str) -> None:
    await settle(pilot)
    pilot.app.theme = theme
    await settle(pilot)


def highlighted(widget) -> list[int]:
    """The lines the highlight's background is drawn on."""
    ground = widget.get_visual_style("option-list--option", "option-list--option-highlighted").background.rgb
    return [n for n, strip in enumerate(widget.render_lines(widget.region.reset_offset))
            if any(set(s.text) - FRAME and rgb(s.style.bgcolor) == ground for s in strip)]


def assert_readable(widget, warning: str) -> None:
    """On the highlighted lines every word reads as the highlight's own text does (the warning among them); on the
    others a coloured word reads at 4.5:1 at least."""
    lines, lit = drawn(widget), highlighted(widget)
    assert lit and warning in " ".join(text for n in lit for text, _c, _h in lines[n]), (warning, lines)
    for n, line in enumerate(lines):
        if n in lit:
            text = min(c for t, c, _h in line if not _h)   # the highlight's plain text
            assert all(c >= text - 0.01 for _t, c, _h in line), line
        else:
            assert all(c >= 4.5 for _t, c, h in line if h), line


@pytest.mark.parametrize("theme", ["workbench", "textual-dark", "nord", "textual-light"])
@sync
async def test_an_overdue_date_and_an_unusable_number_read_on_the_highlighted_agenda_row(tmp_path, theme):
    app = started(tmp_path, "M001")
    async with app.run_test(size=(60, 20)) as pilot:
        await in_theme(pilot, theme)
        await pilot.press("f")
        await settle(pilot)
        agenda = app.screen.query_one("#agenda")
        for _ in range(8):   # down onto 邓晨荣: overdue since 11-18, the number unusable
            if "邓晨荣" in agenda.get_option_at_index(agenda.highlighted).prompt.plain:
                break
            await pilot.press("down")
        await settle(pilot)
        assert_readable(agenda, "Number unusable")
        assert_readable(agenda, "11-18")
        await pilot.press("down")   # and once the highlight has gone on, on the row it left
        await settle(pilot)
        assert all(c >= 4.5 for line in drawn(agenda) for t, c, h in line if h and "11-18" in t)


@pytest.mark.parametrize("theme", ["workbench", "textual-light"])
@sync
async def test_a_managers_overdue_follow_ups_read_on_the_highlighted_row_of_whose_call_list(tmp_path, theme):
    app = started(tmp_path, "S001")
    async with app.run_test(size=(60, 20)) as pilot:
        await in_theme(pilot, theme)
        staff = app.screen.query_one("#staff")
        staff.highlighted = next(n for n in range(staff.option_count)
                                 if "overdue" in staff.get_option_at_index(n).prompt.plain)
        await settle(pilot)
        assert_readable(staff, "overdue")
