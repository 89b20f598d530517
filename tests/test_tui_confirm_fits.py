"""A question taller than the screen scrolls inside its box, the title and the y / n line kept in view: a hand-over
shared among the sample's seven other managers asked 27 rows, and at 70x22 (60x20 in Chinese) the keys were below
the screen and nothing scrolled."""

from __future__ import annotations

from datetime import datetime

import pytest

from tui_fixtures import highlight_option, on_screen, sample_copy, screen_lines, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.confirm import ConfirmScreen
from workbench.screens.hand_over import TO_ALL, HandOverScreen

NOW = datetime(2026, 11, 25, 10, 30)


def shown_in(app, widget) -> str:
    """The widget's rows on the screen as one string, spaces left out (a line may break where one was)."""
    return "".join(on_screen(app, widget)).replace(" ", "")


@pytest.mark.parametrize("lang, size, title, keys", [
    ("zh_CN", (60, 20), "移交客户", "y 是，移交 · n 或 esc 否"),
    ("en", (70, 22), "Hand over", "y yes, hand over · n or esc no"),
])
@sync
async def test_a_question_taller_than_the_screen_scrolls_and_keeps_its_keys_in_view(tmp_path, lang, size, title,
                                                                                     keys):
    app = WorkbenchApp(sample_copy(tmp_path), now=NOW, lang=lang, user="S001")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await highlight_option(pilot, "#staff", "M001")   # 王丽娟, 831 customers
        await pilot.press("h")
        await settle(pilot, 5)
        assert isinstance(app.screen, HandOverScreen)
        await highlight_option(pilot, "#takers", TO_ALL)
        await settle(pilot, 5)
        await pilot.press("enter")
        await settle(pilot, 5)
        assert isinstance(app.screen, ConfirmScreen)
        shown = "\n".join(screen_lines(app))
        assert title in shown and keys in shown, shown
        box, body = app.screen.query_one("#confirm"), app.screen.query_one("#confirm-body")
        assert app.screen.region.contains_region(box.region), (box.region, size)
        last = "M008黄俊杰"   # the last manager's note ends the question
        assert body.max_scroll_y > 0 and last not in shown_in(app, body)   # more below, the end not shown
        await pilot.press("end")   # the keys the question's box takes, as any scrolled pane's
        await settle(pilot)
        assert last in shown_in(app, body), on_screen(app, body)
        assert keys in "\n".join(screen_lines(app))
        await pilot.press("n")   # still answers: nothing handed over
        await settle(pilot)
        assert isinstance(app.screen, HandOverScreen)
