"""The script's heading says each thing once (the script's title, then what p does) and is never cut inside a
word: when it does not fit, the hint goes whole to the next line."""

from __future__ import annotations

from tui_fixtures import NOW, printed, settle, sync

from workbench.screens.app import WorkbenchApp


@sync
async def test_the_heading_names_the_script_once_and_keeps_the_hint_whole(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot, 5)
        heading = app.screen.query_one("#script-0")
        # At 100 columns the heading fits the script panel on one line (it was the title, the purpose again, the hint).
        assert printed(heading, heading.content_region.width).rstrip() == "沉睡客户唤醒  （p：切换场景）"
        assert printed(heading, 24).rstrip().splitlines() == ["沉睡客户唤醒", "（p：切换场景）"]
        await pilot.press("p")       # the next purpose's script: its title, still said once
        await settle(pilot, 5)
        other = printed(app.screen.query_one("#script-0"), 60).rstrip()
        assert other.endswith("  （p：切换场景）") and other.count("（") == 1
