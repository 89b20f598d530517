"""The pool screen at 80×24: every heading whole in either language (English cut "Lead" to "L" while the tier
column kept room to spare), and the page keys only where there is a page to go to."""

from __future__ import annotations

from contextlib import closing

import pytest
from textual.widgets import DataTable

from tui_fixtures import NOW, build, pick, settle, sync
from workbench.db import connect
from workbench.screens.app import WorkbenchApp
from workbench.screens.pool import HEADINGS, column_widths
from workbench.screens.who_am_i import POOL_OPTION
from workbench.screens.widgets.key_bar import KeyBar

LONG_BRANCH = "浦江银行城东支行营业部"


@pytest.fixture
def pooled(tmp_path):
    """The app tests' branch with a long name and three customers in its pool, one with a long name."""
    path = build(tmp_path / "fit.sqlite")
    with closing(connect(path)) as conn, conn:
        conn.execute("UPDATE branches SET name = ? WHERE branch_id = 'B1'", (LONG_BRANCH,))
        conn.executemany("INSERT INTO customers (customer_id, name, branch_id, aum_fen, priority, tier)"
                         " VALUES (?, ?, 'B1', ?, ?, ?)",
                         [("3100000001", "阿依古丽·买买提", 1_234_567_800, 102.8, 2),
                          ("3100000002", "钱多多", 20_000, 88.0, 0), ("3100000003", "John Smith", 1_000, None, 1)])
        # More than the screen's rows: the scrollbar takes its columns from the table's.
        conn.executemany("INSERT INTO customers (customer_id, name, branch_id, aum_fen, priority, tier)"
                         " VALUES (?, ?, 'B1', 100, ?, 0)", [(f"32000000{n:02d}", f"客户{n}", 10.0 - n / 10) for n in range(30)])
    return path


def screen_lines(widget) -> list[str]:
    """The widget's lines as drawn."""
    return ["".join(segment.text for segment in strip) for strip in widget.render_lines(widget.region.reset_offset)]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_at_80_columns_every_heading_of_the_pool_is_whole(pooled, lang):
    from workbench.i18n import gettext

    app = WorkbenchApp(pooled, now=NOW, lang=lang, user="S1")
    async with app.run_test(size=(80, 24)) as pilot:
        await pick(pilot, POOL_OPTION)
        table = app.screen.query_one("#pool", DataTable)
        header, first = screen_lines(table)[:2]
        assert header.split() == " ".join(gettext(heading, lang) for heading in HEADINGS).split(), header
        assert table.virtual_size.width <= table.scrollable_content_region.width   # nothing off to the right
        assert table.max_scroll_y > 0 and "102.8" in first and "12,345,678" in first   # numbers whole
        # The branch's name gives up the room: cut with "…"; the customer's name is kept whole at 80.
        assert "阿依古丽·买买提" in first and LONG_BRANCH not in first and "…" in first
        await pilot.resize_terminal(120, 24)   # room again: laid out anew, nothing cut
        await settle(pilot)
        assert LONG_BRANCH in screen_lines(table)[1]
        assert table.cursor_row == 0


def test_the_branch_then_the_name_give_up_room_never_below_their_heading():
    headings = ["Customer", "Name", "Branch", "Tier", "Assets (yuan)", "Priority", "Lead"]
    rows = [("3100000001", "阿依古丽·买买提", LONG_BRANCH, "<5万", "12,345,678", "102.8", "70")]
    content = [10, 15, 22, 4, 13, 8, 4]
    assert column_widths(headings, rows, 200) == content
    fitted = column_widths(headings, rows, 80)
    assert sum(fitted) + 2 * len(fitted) == 80 and fitted[1] == 15 and fitted[2] == 22 - (sum(content) + 14 - 80)
    assert column_widths(headings, rows, 60) == [10, 6, 6, 4, 13, 8, 4]   # too narrow: both at their least


@pytest.mark.parametrize("lang, next_page, previous_page", [("en", "Next page", "Previous page"),
                                                            ("zh_CN", "下一页", "上一页")])
@sync
async def test_n_and_p_are_on_the_key_bar_only_where_there_is_a_page_to_go_to(pooled, monkeypatch, lang, next_page,
                                                                           previous_page):
    import workbench.screens.pool as pool_screen

    app = WorkbenchApp(pooled, now=NOW, lang=lang, user="S1")
    async with app.run_test(size=(100, 24)) as pilot:
        await pick(pilot, POOL_OPTION)
        bar = screen_lines(app.screen.query_one(KeyBar))[0]
        assert next_page not in bar and previous_page not in bar   # one page: neither key does anything
        await pilot.press("escape")
        await settle(pilot)
        monkeypatch.setattr(pool_screen, "SHOWN", 20)   # two pages of the 33
        await pick(pilot, POOL_OPTION)
        bar = screen_lines(app.screen.query_one(KeyBar))[0]
        assert next_page in bar and previous_page not in bar
        await pilot.press("n")
        await settle(pilot)
        bar = screen_lines(app.screen.query_one(KeyBar))[0]
        assert next_page not in bar and previous_page in bar
        assert app.screen.start == 20
        # No page to go to: the key reads nothing (the screen's check_action stops it before the action).
        loads, load = [], pool_screen.PoolScreen.load_pool
        monkeypatch.setattr(pool_screen.PoolScreen, "load_pool",
                            lambda screen, **given: (loads.append(given["offset"]), load(screen, **given))[1])
        for key in "npp":   # on the last page, then back to the first, then on the first
            await pilot.press(key)
            await settle(pilot)
        assert loads == [0] and app.screen.start == 0   # only the p from the second page read a page
