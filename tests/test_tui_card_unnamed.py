"""A manager whose name is not on record (an extract added them by id alone) is told under the script's opening to
ask a supervisor to record it, with no command line they may not run; a supervisor is given the command."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from tui_fixtures import NOW, build, pick, printed, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.customer_card import CustomerCardScreen


@pytest.fixture
def db_file(tmp_path):
    """M009, added by an extract by id alone (stored under the id), manages 张伟 (C0001)."""
    path = build(tmp_path / "unnamed.sqlite")
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('M009', 'M009', 'manager', 'B1')")
        conn.execute("UPDATE customers SET manager_id = 'M009' WHERE customer_id = 'C0001'")
    return path


async def opening(pilot) -> str:
    await settle(pilot)
    pilot.app.push_screen(CustomerCardScreen("C0001"))
    await settle(pilot, 5)
    return "".join(printed(pilot.app.screen.query_one("#script-1"), 300).split())


@pytest.mark.parametrize("lang, said", [("en", "StaffmemberM009hasnonameonrecord;askasupervisortorecordit."),
                                        ("zh_CN", "员工M009未登记姓名；请联系主管登记。")])
@sync
async def test_a_manager_without_a_name_is_told_to_ask_a_supervisor_not_given_a_command(db_file, lang, said):
    async with WorkbenchApp(db_file, now=NOW, lang=lang, user="M009").run_test(size=(140, 50)) as pilot:
        text = await opening(pilot)
    assert text.endswith(said)
    assert "workbench" not in text and "`" not in text


@sync
async def test_a_supervisor_is_given_the_command_that_records_the_name(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="S1").run_test(size=(140, 50)) as pilot:
        await pick(pilot, "M009")   # "Whose call list?": the customer's manager's, whose name the opening lacks
        text = await opening(pilot)
    assert text.endswith("员工M009未登记姓名；可用`workbenchstaffsetM009--name姓名`登记。")
