"""Home, End, Up and Down scroll the report as a whole (80x24, the sample's branch), also once tab or a click
has been on a wide table: a table that took the focus took Home and End for its own sideways scroll, so Home
left the report where it was."""

from __future__ import annotations

from datetime import datetime

from tui_fixtures import highlight_option, pressed, sample_copy, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.report import ReportScreen


@sync
async def test_home_end_up_and_down_scroll_the_whole_report(tmp_path):
    app = WorkbenchApp(sample_copy(tmp_path), now=datetime(2026, 11, 20, 10, 0), lang="zh_CN", user="S001")
    async with app.run_test(size=(80, 24)) as pilot:
        await highlight_option(pilot, "#staff", "M001")
        await pilot.press("enter")
        report = await pressed(pilot, ReportScreen, "r")
        await settle(pilot, 5)
        body, wide = report.query_one("#report-body"), report.query_one("#report-managers-scroll")
        assert body.max_scroll_y > 20 and wide.max_scroll_x > 0   # taller and wider than the terminal
        await pilot.click("#report-managers-scroll")
        await pilot.press("tab")
        for key, where in (("pagedown", 22), ("down", 23), ("up", 22), ("home", 0), ("end", body.max_scroll_y),
                           ("up", body.max_scroll_y - 1), ("down", body.max_scroll_y), ("home", 0)):
            await pilot.press(key)
            await settle(pilot)
            assert (key, round(body.scroll_y)) == (key, where) and wide.scroll_x == 0
