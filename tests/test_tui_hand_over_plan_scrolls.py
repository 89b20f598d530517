"""The hand-over's plan, cut at the low-vision tester's 60x20 and 70x22, is read to its end by keyboard: pgdn and
pgup scroll it while the list of choices keeps the focus, and the row above it names them while some of it is out of
sight. Its box took no focus and Tab passed it by, so only a mouse wheel reached the rest."""

from __future__ import annotations

from datetime import datetime

import pytest

from tui_fixtures import highlight_option, on_screen, sample_copy, screen_lines, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.hand_over import TO_ALL, TO_POOL, HandOverScreen

NOW = datetime(2026, 11, 25, 10, 30)


def plan_shown(app) -> str:
    """The plan's rows on the screen as one string, spaces left out (a line may break where one was)."""
    return "".join(on_screen(app, app.screen.query_one("#hand-over-plan-box"))).replace(" ", "")


async def hand_over_to(pilot, choice: str) -> None:
    """S001 at "Whose call list?": h on 王丽娟 (831 customers), the choice highlighted."""
    await settle(pilot)
    await highlight_option(pilot, "#staff", "M001")
    await pilot.press("h")
    await settle(pilot, 5)
    assert isinstance(pilot.app.screen, HandOverScreen)
    await highlight_option(pilot, "#takers", choice)
    await settle(pilot, 5)


@pytest.mark.parametrize("lang, size, choice, mark, last, keys", [
    ("zh_CN", (60, 20), TO_POOL, "pgdn pgup 滚动查看方案 ↓", "直到客户分配给客户经理", "⏎ 移交（先确认）"),
    ("en", (70, 22), TO_ALL, "pgdn pgup scroll the plan ↓", "M008黄俊杰", "⏎ hand over (asks first)"),
])
@sync
async def test_pgdn_scrolls_the_cut_plan_to_its_end_and_the_row_above_it_says_so(tmp_path, lang, size, choice, mark,
                                                                                    last, keys):
    app = WorkbenchApp(sample_copy(tmp_path), now=NOW, lang=lang, user="S001")
    async with app.run_test(size=size) as pilot:
        await hand_over_to(pilot, choice)
        shown = "\n".join(screen_lines(app))
        assert mark in shown and keys in shown, shown
        first = plan_shown(app)
        assert last not in first, first   # cut: the end out of sight
        for _ in range(30):   # a page a press, however few rows the plan has
            await pilot.press("pagedown")
        await settle(pilot)
        assert last in plan_shown(app), on_screen(app, app.screen.query_one("#hand-over-plan-box"))
        assert keys in "\n".join(screen_lines(app)) and app.screen.query_one("#takers").has_focus
        for _ in range(30):
            await pilot.press("pageup")
        await settle(pilot)
        assert plan_shown(app) == first


@sync
async def test_a_plan_that_fits_has_no_such_row(tmp_path):
    app = WorkbenchApp(sample_copy(tmp_path), now=NOW, lang="en", user="S001")
    async with app.run_test(size=(100, 30)) as pilot:
        await hand_over_to(pilot, TO_POOL)
        assert "scroll the plan" not in "\n".join(screen_lines(app))
        assert app.screen.query_one("#hand-over-plan-box").max_scroll_y == 0
