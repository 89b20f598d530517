"""On a console that gets plain glyphs (a GBK one, or one said to draw East-Asian-ambiguous characters wide), the call
list's "scoring the customers for today", the command palette's and the theme picker's prompts, and the call list's
cut reasons line end with ... where a UTF-8 console has …: the screen holds no ambiguous mark."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import Static

from plain_consoles import CONSOLES, ambiguous, use_console
from tui_fixtures import NOW, at_list, build, screen_lines, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import WHY_LINES


@pytest.fixture(params=CONSOLES)
def plain(request, monkeypatch) -> bool:
    return use_console(monkeypatch, request.param)


def ends(plain: bool) -> str:
    return "..." if plain else "…"


@sync
async def test_scoring_the_customers_for_today_ends_with_the_console_s_ellipsis(tmp_path, plain, monkeypatch):
    import workbench.scoring as scoring

    scoring_started, release = threading.Event(), threading.Event()

    def held(conn, today, **kwargs):   # the scoring under way while the screen is read
        scoring_started.set()
        release.wait(10)

    monkeypatch.setattr(scoring, "needs_rescore", lambda conn, today: True)   # a new day
    monkeypatch.setattr(scoring, "rescore", held)
    app = WorkbenchApp(build(tmp_path / "score.sqlite"), now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        try:
            for _ in range(200):
                if scoring_started.is_set():
                    break
                await pilot.pause(0.01)
            await pilot.pause()
            rows = screen_lines(app)
        finally:
            release.set()
        assert any(row.strip() == "正在为今天的名单评分" + ends(plain) for row in rows), rows
        assert not plain or ambiguous(rows) == set()
        await settle(pilot)


@sync
async def test_the_command_palette_and_theme_picker_prompt_with_the_console_s_ellipsis(tmp_path, plain):
    app = WorkbenchApp(build(tmp_path / "palette.sqlite"), now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await at_list(pilot)
        app.action_command_palette()
        await settle(pilot)
        commands = screen_lines(app)
        await pilot.press("escape")
        app.search_themes()
        await settle(pilot)
        themes = screen_lines(app)
        assert any("搜索命令" + ends(plain) in row for row in commands), commands
        assert any("搜索配色主题" + ends(plain) in row for row in themes), themes
        assert not plain or ambiguous([*commands, *themes]) == set()


@sync
async def test_the_call_list_s_cut_reasons_end_with_the_console_s_ellipsis(tmp_path, plain):
    app = WorkbenchApp(build(tmp_path / "why.sqlite"), now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(40, 30)) as pilot:   # 王芳's reasons take more than the line's two rows
        await at_list(pilot)
        why = app.screen.query_one("#why", Static)
        rows = screen_lines(app)[why.region.y:why.region.bottom]
        assert len(rows) == WHY_LINES and rows[0].startswith(" 王芳：约定今天跟进"), rows
        assert rows[-1].rstrip().endswith(ends(plain)), rows
        assert not plain or ambiguous(screen_lines(app)) == set()
