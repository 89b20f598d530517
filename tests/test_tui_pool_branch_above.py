"""The pool's picker and a 支行 above its 分理处 (`branch set --parent`): the 支行's managers work the 分理处's
customers, so they are neither marked nor said to be of another branch."""

from __future__ import annotations

from contextlib import closing

import pytest

import test_tui_pool_leavers as leavers
from test_tui_pool_leavers import open_picker, prompt
from tui_fixtures import NOW, highlight_option, settle, sync
from workbench.db import connect
from workbench.screens.app import WorkbenchApp
from workbench.screens.pool import PoolScreen


@pytest.fixture
def branch(tmp_path):
    """test_tui_pool_leavers's: the pool's customers at B1 (李娜, 陈静), 周敏 (M3) at B2, each branch at the top."""
    return leavers.branch.__wrapped__(tmp_path)


@sync
async def test_the_managers_of_the_branch_above_are_not_of_another_branch(branch, cli):
    """B1 (the pool's customers') put under B2, 周敏's (M3): she was marked "another branch" and the assignment said so."""
    assert cli("--db", branch, "--user", "S1", "branch", "set", "B1", "--parent", "B2").exit_code == 0
    app = WorkbenchApp(branch, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        picker = await open_picker(pilot, "P1")
        assert "another branch" not in prompt(picker, "M3")
        await highlight_option(pilot, "#managers", "M3")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PoolScreen)
        assert [n.message for n in app._notifications] == []
    with closing(connect(branch)) as conn:
        assert conn.execute("SELECT manager_id FROM customers WHERE customer_id = 'P1'").fetchone() == ("M3",)


@sync
async def test_a_manager_of_a_branch_under_the_customer_s_is_still_of_another_branch(branch, cli):
    """B2 put under B1: 周敏 works at a 分理处 of the customer's 支行, not at the 支行 itself."""
    assert cli("--db", branch, "--user", "S1", "branch", "set", "B2", "--parent", "B1").exit_code == 0
    app = WorkbenchApp(branch, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(80, 24)) as pilot:
        picker = await open_picker(pilot, "P1")
        assert "another branch: 城北支行 (B2)" in prompt(picker, "M3")
