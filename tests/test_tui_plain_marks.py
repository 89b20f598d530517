"""On a console that gets plain glyphs (GBK here), the app's own marks are drawn plain on every screen that has them:
each rendered line is written by GBK and holds none of the ambiguous marks … · → ← (a customer's text aside)."""

from __future__ import annotations

import pytest

from textual.widgets import Static

from tui_fixtures import NOW, at_list, build, pick, screen_lines, settle, sync
from workbench.screens import glyphs
from workbench.screens.app import WorkbenchApp

MARKS = set("…·→←")


def marked(lines: list[str]) -> list[str]:
    """The lines GBK cannot write or holding one of the ambiguous marks (a customer's name's dot aside: theirs)."""
    bad = []
    for line in lines:
        try:
            line.encode("gbk")
        except UnicodeEncodeError:
            bad.append(line)
            continue
        if MARKS & set(line.replace("阿依古丽·", "阿依古丽")):
            bad.append(line)
    return bad


@pytest.fixture
def plain(monkeypatch):
    monkeypatch.setattr(glyphs, "output_encoding", lambda: "gbk")
    monkeypatch.setattr(glyphs, "_plain_console", False)   # put back after the test


@sync
async def test_the_call_list_s_rows_still_being_read_are_marked_plain(tmp_path, plain):
    app = WorkbenchApp(build(tmp_path / "gbk.sqlite"), now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        table, _ids = await at_list(pilot)
        table._pages.pop(0)
        table._asked.add(0)   # as while the page is being read
        table.refresh()
        await settle(pilot)
        rows = screen_lines(app)
        assert any(row.strip() == "..." for row in rows) and marked(rows) == []



@sync
async def test_the_report_s_loading_parts_and_a_wide_table_s_arrows_are_plain(tmp_path, plain, monkeypatch):
    import threading

    import workbench.sync.report as report_module
    from test_tui_report import seeded

    release, real = threading.Event(), report_module.build_report

    def held(conn, **kwargs):
        release.wait(10)
        return real(conn, **kwargs)

    monkeypatch.setattr(report_module, "build_report", held)
    app = WorkbenchApp(seeded(tmp_path / "report.sqlite"), now=NOW, lang="zh_CN", user="S1")
    async with app.run_test(size=(32, 30)) as pilot:
        await pick(pilot, "M1")
        await pilot.press("r")
        await pilot.pause(0.2)   # not settle: that waits for the report held
        rows = screen_lines(app)
        release.set()
        assert any("加载中..." in row for row in rows) and marked(rows) == [], rows
        await settle(pilot)
        title = app.screen.query_one("#report-managers-title", Static)
        title.scroll_visible(animate=False)
        await settle(pilot)
        rows = screen_lines(app)
        assert str(title.content) == "按客户经理的转化漏斗（<- -> 查看其余部分）"
        assert marked(rows) == [], rows   # 32 columns: at 30 the labels are cut by Rich, with its own …


@sync
async def test_the_hand_over_plan_s_arrows_are_plain(tmp_path, plain):
    from datetime import date

    from test_tui_hand_over_cover import covered
    from tui_fixtures import highlight_option, pressed
    from workbench.screens.hand_over import HandOverScreen

    app = WorkbenchApp(covered(tmp_path, date(2026, 11, 13)), now=NOW, lang="zh_CN", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await highlight_option(pilot, "#staff", "M1")
        await pressed(pilot, HandOverScreen, "h")   # offers first to give the customers back
        await settle(pilot)
        rows = screen_lines(app)
        assert any("<- 李娜  M1" in row for row in rows) and marked(rows) == [], rows
    app = WorkbenchApp(build(tmp_path / "hand.sqlite"), now=NOW, lang="zh_CN", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await highlight_option(pilot, "#staff", "M1")
        await pressed(pilot, HandOverScreen, "h")
        rows = screen_lines(app)
        assert any("-> 陈静  M2" in row for row in rows) and marked(rows) == [], rows


@sync
async def test_the_outcome_form_s_follow_up_preview_arrow_is_plain(tmp_path, plain):
    from textual.widgets import Input

    from tui_fixtures import pressed
    from workbench.screens.outcome_form import OutcomeForm

    app = WorkbenchApp(build(tmp_path / "form.sqlite"), now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await at_list(pilot)
        form = await pressed(pilot, OutcomeForm, "o")
        for typed, meant in (("11月27日 10点", "-> 2026-11-27（周五）10:00"), ("x", "-> 不跟进")):
            form.query_one("#when", Input).value = typed
            await settle(pilot)
            rows = screen_lines(app)
            assert any(meant in row for row in rows) and marked(rows) == [], rows
