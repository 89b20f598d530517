"""The pool beside leavers, a full extract and other branches: the picker and the hand-over count a manager's
customers alike, a warm lead logged by a leaver says so, and a manager of another branch is marked and said."""

from __future__ import annotations

from contextlib import closing
from datetime import timedelta

import pytest
from textual.widgets import DataTable, OptionList, Static

from test_tui_pool import interested_then_pooled
from tui_fixtures import NOW, build, highlight_option, pick, pressed, printed, settle, sync
from workbench.db import connect
from workbench.screens.app import WorkbenchApp
from workbench.screens.assign_to import AssignToScreen
from workbench.screens.hand_over import HandOverScreen
from workbench.screens.pool import PoolScreen
from workbench.screens.who_am_i import POOL_OPTION

INACTIVE = ("C0019", "C0020")   # two of 李娜's twenty customers the latest full extract left out


@pytest.fixture
def branch(tmp_path):
    """The app tests' branch B1 (李娜 M1, 陈静 M2, supervisor S1) and its pool P1-P3; 周敏 (M3) works at B2; 赵强 (M4)
    logged P3's interest and has left, P3 going back to the pool."""
    from workbench.outcomes import log_outcome

    path = build(tmp_path / "leavers.sqlite")
    with closing(connect(path)) as conn, conn:
        conn.execute("INSERT INTO branches (branch_id, name) VALUES ('B2', '城北支行')")
        conn.executemany("INSERT INTO staff (staff_id, name, role, branch_id) VALUES (?, ?, 'manager', ?)",
                         [("M3", "周敏", "B2"), ("M4", "赵强", "B1")])
        conn.executemany("INSERT INTO customers (customer_id, name, branch_id, aum_fen, priority, tier, manager_id,"
                         " phone_e164, phone_valid) VALUES (?, ?, 'B1', ?, ?, 0, ?, ?, ?)",
                         [("P1", "钱多多", 50_000_000, 88.0, None, None, 0), ("P2", "孙小美", 20_000, 70.0, None, None, 0),
                          ("P3", "周大福", 1_000, None, "M4", "+8613900000009", 1)])
        conn.execute("UPDATE customers SET active = 0 WHERE customer_id IN (?, ?)", INACTIVE)
        conn.commit()
        log_outcome(conn, customer_id="P3", manager_id="M4", line_result="reached", business_outcome="interested",
                    at=NOW - timedelta(days=3))
        conn.execute("UPDATE customers SET manager_id = NULL WHERE customer_id = 'P3'")
        conn.execute("UPDATE staff SET active = 0 WHERE staff_id = 'M4'")
    return path


async def open_picker(pilot, customer_id: str) -> AssignToScreen:
    """From "Whose call list?", the pool, then `a` on the customer."""
    await pick(pilot, POOL_OPTION)
    table = pilot.app.screen.query_one("#pool", DataTable)
    table.move_cursor(row=table.get_row_index(customer_id))
    return await pressed(pilot, AssignToScreen, "a")


def prompt(picker: AssignToScreen, staff_id: str) -> str:
    return str(picker.query_one("#managers", OptionList).get_option(staff_id).prompt)


@pytest.mark.parametrize("lang, picked, planned", [
    ("en", "李娜  M1  18 customers", "18 of 李娜's customers (+2 not in the latest extract)"),
    ("zh_CN", "李娜  M1  共 18 位客户", "李娜的 18 名客户（另有 2 名不在最新全量清单中）"),
])
@sync
async def test_the_picker_and_the_hand_over_count_a_managers_customers_alike(branch, lang, picked, planned):
    """The picker said 18 and the plan 20 for the same manager: the plan counted, unsaid, the two a full extract
    made inactive, which a hand-over moves too. Both count 18 now, and the plan says the two apart."""
    app = WorkbenchApp(branch, now=NOW, lang=lang, user="S1")
    async with app.run_test(size=(80, 24)) as pilot:
        picker = await open_picker(pilot, "P1")
        assert prompt(picker, "M1") == picked
        await pilot.press("escape")
        await pressed(pilot, PoolScreen)
        await pilot.press("escape")
        await highlight_option(pilot, "#staff", "M1")
        screen = await pressed(pilot, HandOverScreen, "h")
        await highlight_option(pilot, "#takers", "M2")
        plan = printed(screen.query_one("#hand-over-plan"), 66)
        assert planned in plan, plan


@pytest.mark.parametrize("lang, said, not_said", [
    ("en", "Warm lead (50 points): interested on 2026-11-17 (+50). Logged by 赵强, who has left.", "choice first"),
    ("zh_CN", "意向客户（50 分）：2026-11-17 有意向（+50）。由赵强记录意向，其已离职。", "排在首位"),
])
@sync
async def test_a_warm_lead_logged_by_a_leaver_says_they_have_left_and_offers_them_to_nobody(branch, lang, said,
                                                                                          not_said):
    app = WorkbenchApp(branch, now=NOW, lang=lang, user="S1")
    async with app.run_test(size=(120, 30)) as pilot:
        await pick(pilot, POOL_OPTION)
        table = app.screen.query_one("#pool", DataTable)
        assert str(table.get_row_at(0)[0]) == "P3"   # the lead first all the same
        status = str(app.screen.query_one("#pool-status", Static).content)
        assert status == said and not_said not in status
        picker = await pressed(pilot, AssignToScreen, "a")
        options = picker.query_one("#managers", OptionList)
        assert "M4" not in [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert options.highlighted == 0 and options.get_option_at_index(0).id == "M1"   # nobody put first


@pytest.mark.parametrize("lang, marked, note", [
    ("en", "another branch: 城北支行 (B2)",
     "note: customer P1 stays with 南京路支行 (B1) and M3 周敏 works at 城北支行 (B2): the customer now shows on the list"
     " of a manager of another branch."),
    ("zh_CN", "其他网点：城北支行（B2）",
     "提示：客户 P1 仍属于南京路支行（B1），而 M3 周敏所在网点是城北支行（B2）：该客户现在出现在另一网点客户经理的名单上。"),
])
@sync
async def test_the_picker_marks_a_manager_of_another_branch_and_says_so_once_given(branch, lang, marked, note):
    """As `reassign` and `pool assign` say it: the customer keeps their branch and shows on another branch's list."""
    app = WorkbenchApp(branch, now=NOW, lang=lang, user="S1")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        picker = await open_picker(pilot, "P1")
        assert marked in prompt(picker, "M3") and marked not in prompt(picker, "M2")
        await highlight_option(pilot, "#managers", "M3")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PoolScreen)
        assert [n.message for n in app._notifications] == [note]
        given = app.screen.query_one("#pool", DataTable)
        assert "P1" not in [str(given.get_row_at(i)[0]) for i in range(given.row_count)]
        await pilot.press("a")   # to 陈静 of B1, the customer's branch: nothing more said
        await settle(pilot)
        await highlight_option(pilot, "#managers", "M2")
        await pilot.press("enter")
        await settle(pilot)
        assert [n.message for n in app._notifications] == [note]


@pytest.mark.parametrize("lang, marked", [("en", "another branch: 南京路支行 (B1)"), ("zh_CN", "其他网点：南京路支行（B1）")])
@sync
async def test_the_picker_puts_the_customers_own_branch_first_and_highlights_its_first_manager(branch, lang, marked):
    """A customer of B2: 周敏 (M3) of B2 first and highlighted, though M1 and M2 of B1 come before them by id; those two
    after, marked. A warm lead's interest logged by M1 puts M1 first all the same."""
    with closing(connect(branch)) as conn, conn:
        conn.execute("UPDATE customers SET branch_id = 'B2' WHERE customer_id IN ('P1', 'P2')")
    interested_then_pooled(branch, "P2", "M1", days_ago=2)
    app = WorkbenchApp(branch, now=NOW, lang=lang, user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        picker = await open_picker(pilot, "P1")
        options = picker.query_one("#managers", OptionList)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == ["M3", "M1", "M2"]
        assert options.highlighted == 0 and marked not in prompt(picker, "M3")
        assert marked in prompt(picker, "M1") and marked in prompt(picker, "M2")
        await pilot.press("escape")
        table = (await pressed(pilot, PoolScreen)).query_one("#pool", DataTable)
        table.move_cursor(row=table.get_row_index("P2"))
        picker = await pressed(pilot, AssignToScreen, "a")
        options = picker.query_one("#managers", OptionList)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == ["M1", "M3", "M2"]
        assert options.highlighted == 0
