"""The pool's "Give … to which manager?" list scrolls inside its box with the highlight, at any size: clipped by the
box, End then enter gave the customer to a manager of another branch the screen never showed."""

from __future__ import annotations

from contextlib import closing

import pytest
from textual.widgets import DataTable, OptionList

from tui_fixtures import NOW, build, on_screen, option_ids, pick, sample_copy, settle, sync
from workbench.db import connect
from workbench.screens.app import WorkbenchApp
from workbench.screens.assign_to import AssignToScreen
from workbench.screens.pool import PoolScreen
from workbench.screens.who_am_i import POOL_OPTION


def many_managers(tmp_path):
    """The app tests' branch with 16 more managers (18 in all) and one customer in the pool."""
    path = build(tmp_path / "many.sqlite")
    with closing(connect(path)) as conn, conn:
        conn.execute("INSERT INTO customers (customer_id, name, branch_id, priority, tier) VALUES ('P1', '钱多多', 'B1', 50, 0)")
        conn.executemany("INSERT INTO staff (staff_id, name, role, branch_id) VALUES (?, ?, 'manager', 'B1')",
                         [(f"M0{n}", f"测试{n}") for n in range(10, 26)])
    return path, "S1", "P1"


def the_sample(tmp_path):
    """The sample: eight managers, five of them of other branches, whose labels wrap at 60 columns, for a pooled
    customer of the head branch B100 (for one of a sub-branch, fewer managers are of another branch)."""
    path = sample_copy(tmp_path)
    with closing(connect(path)) as conn:
        customer, = conn.execute("SELECT customer_id FROM customers WHERE manager_id IS NULL AND branch_id = 'B100'"
                                 " AND active ORDER BY customer_id LIMIT 1").fetchone()
    return path, "S001", customer


def customer_of(path, customer_id):
    with closing(connect(path)) as conn:
        return conn.execute("SELECT manager_id FROM customers WHERE customer_id = ?", (customer_id,)).fetchone()[0]


@pytest.mark.parametrize("data, size", [(the_sample, (60, 20)), (many_managers, (80, 24))])
@sync
async def test_every_manager_the_highlight_reaches_is_on_the_screen_and_is_the_one_given(tmp_path, data, size):
    path, supervisor, customer = data(tmp_path)
    app = WorkbenchApp(path, now=NOW, lang="en", user=supervisor)
    async with app.run_test(size=size) as pilot:
        await pick(pilot, POOL_OPTION)
        assert isinstance(app.screen, PoolScreen)
        table = app.screen.query_one("#pool", DataTable)
        table.move_cursor(row=next(i for i in range(table.row_count) if str(table.get_row_at(i)[0]) == customer))
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AssignToScreen)
        box, picker = app.screen.query_one("#assign-to"), app.screen.query_one("#managers", OptionList)
        ids = option_ids(picker)
        assert picker.max_scroll_y > 0   # more managers than rows: the list scrolls, the box does not cut it
        assert box.region.y >= 0 and picker.region.bottom <= box.region.bottom - 1 <= size[1]
        for at, staff_id in enumerate(ids):
            assert picker.highlighted == at
            assert any(staff_id in row for row in on_screen(app, picker)), (staff_id, on_screen(app, picker))
            await pilot.press("down")
            await settle(pilot, 1)
        await pilot.press("home", "end")
        await settle(pilot)
        last = ids[-1]
        assert any(last in row for row in on_screen(app, picker)), on_screen(app, picker)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PoolScreen)
        assert customer_of(path, customer) == last


@sync
async def test_a_short_list_keeps_a_small_box(tmp_path):
    """Two managers: the box is as tall as they need, not the most the screen allows."""
    path, _supervisor, _customer = many_managers(tmp_path)
    with closing(connect(path)) as conn, conn:
        conn.execute("DELETE FROM staff WHERE staff_id LIKE 'M0%'")
    app = WorkbenchApp(path, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pick(pilot, POOL_OPTION)
        await pilot.press("a")
        await settle(pilot)
        picker = app.screen.query_one("#managers", OptionList)
        assert option_ids(picker) == ["M1", "M2"] and picker.max_scroll_y == 0
        assert picker.region.height == 4   # two rows and the list's own top and bottom edges
