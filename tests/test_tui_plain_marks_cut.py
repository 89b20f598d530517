"""On a console that gets plain glyphs (a GBK one, or one said to draw East-Asian-ambiguous characters wide), the
pool's cut names, its "assigned to" arrow, the agenda's cut status line and the report's cut row labels are drawn
plain (... and ->): the screen the compositor draws holds no ambiguous mark; on a UTF-8 console the marks stay (…
and →)."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from plain_consoles import CONSOLES, ambiguous, use_console
from tui_fixtures import NOW, at_list, build, db_write, pick, pressed, screen_lines, settle, sync
from workbench.screens.agenda import AgendaScreen
from workbench.screens.app import WorkbenchApp
from workbench.screens.assign_to import AssignToScreen
from workbench.screens.messages import Failed
from workbench.screens.who_am_i import POOL_OPTION


@pytest.fixture(params=CONSOLES)
def plain(request, monkeypatch) -> bool:
    return use_console(monkeypatch, request.param)


@sync
async def test_the_pool_s_cut_branch_and_assignment_arrow_are_plain_where_the_console_is(tmp_path, plain):
    path = build(tmp_path / "pool.sqlite")
    db_write(path, "UPDATE branches SET name = '浦江银行城东支行营业部' WHERE branch_id = 'B1'")   # too long at 80
    db_write(path, "INSERT INTO customers (customer_id, name, branch_id, aum_fen, priority, tier) VALUES"
                   " ('3100000001', '阿依古丽·买买提', 'B1', 1234567800, 102.8, 2), ('3100000002', '钱多多', 'B1', 20000, 88, 0)")
    app = WorkbenchApp(path, now=NOW, lang="zh_CN", user="S1")
    async with app.run_test(size=(80, 24)) as pilot:
        await pick(pilot, POOL_OPTION)
        row = next(row for row in screen_lines(app) if "3100000001" in row)
        await pressed(pilot, AssignToScreen, "a")
        await pilot.press("enter")   # to the first manager offered
        await settle(pilot)
        assert app.screen.query_one("#pool", DataTable).row_count == 1
        after = screen_lines(app)
        # The branch's name gives up the room; the customer's keeps their dot.
        assert ("浦江银行城..." if plain else "浦江银行城东…") in row and "阿依古丽·买买提" in row, row
        said = "已分配：阿依古丽·买买提 -> 李娜" if plain else "已分配：阿依古丽·买买提 → 李娜"
        assert any(said in line for line in after), after
        assert not plain or ambiguous([row, *after]) == set()


@sync
async def test_the_agenda_s_status_line_is_cut_with_the_console_s_ellipsis(tmp_path, plain):
    app = WorkbenchApp(build(tmp_path / "agenda.sqlite"), now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await at_list(pilot)
        screen = await pressed(pilot, AgendaScreen, "f")
        screen.post_message(Failed("未保存：" + "数据库文件被另一个程序锁住了，请稍后再试" * 12))   # past its three rows
        await settle(pilot)
        status = screen.query_one("#agenda-status", Static)
        rows = screen_lines(app)[status.region.y:status.region.bottom]
        assert len(rows) == 3 and rows[-1].rstrip().endswith("..." if plain else "…"), rows
        assert not plain or ambiguous(screen_lines(app)) == set()


@sync
async def test_the_report_s_cut_row_labels_end_with_the_console_s_ellipsis(tmp_path, plain):
    from test_tui_report import seeded

    app = WorkbenchApp(seeded(tmp_path / "report.sqlite"), now=NOW, lang="zh_CN", user="S1")
    async with app.run_test(size=(30, 40)) as pilot:   # the managers' funnel's labels lose cells
        await pick(pilot, "M1")
        await pilot.press("r")
        await settle(pilot)
        rows = screen_lines(app)
        cut = ("联系...", "接通...") if plain else ("联系次…", "接通率…")
        assert all(any(label in row for row in rows) for label in cut), rows
        assert not plain or ambiguous(rows) == set()
