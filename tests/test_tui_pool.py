"""The supervisor's unassigned pool in the app: reached from the picker and the call list, assigned
with one key, refused to a manager."""

from __future__ import annotations

from contextlib import closing

import pytest
from textual.widgets import DataTable, OptionList, Static

from tui_fixtures import MARKUP_NAMES, NOW, build, db_rows, db_write, option_ids, pick, settle, staff_ids, sync
from workbench.db import connect
from workbench.screens.app import WorkbenchApp
from workbench.screens.assign_to import AssignToScreen
from workbench.screens.call_list import CallListScreen
from workbench.screens.pool import PoolScreen
from workbench.screens.who_am_i import POOL_OPTION
from workbench.screens.widgets.call_table import CallTable

POOL = [("P1", "钱多多", 50_000_000, 88.0), ("P2", MARKUP_NAMES[0], 1_000, 91.5), ("P3", "孙小美", 20_000, None)]


@pytest.fixture
def db_file(tmp_path):
    path = build(tmp_path / "pool.sqlite")
    conn = connect(path)
    try:
        conn.executemany("INSERT INTO customers (customer_id, name, branch_id, aum_fen, priority, tier) VALUES (?, ?, 'B1', ?, ?, 0)",
                         POOL)
        conn.commit()
    finally:
        conn.close()
    return path



def managers(path) -> dict[str, str | None]:
    return dict(db_rows(path, "SELECT customer_id, manager_id FROM customers WHERE customer_id LIKE 'P%'"))


def interested_then_pooled(path, customer_id: str, manager_id: str, *, days_ago: int) -> None:
    """The manager reached the customer, who was interested, days_ago; then the customer went back to the pool."""
    from datetime import timedelta

    from workbench.outcomes import log_outcome

    with closing(connect(path)) as conn, conn:
        conn.execute("UPDATE customers SET manager_id = ?, phone_e164 = '+8613900000009', phone_valid = 1"
                     " WHERE customer_id = ?", (manager_id, customer_id))
        conn.commit()
        log_outcome(conn, customer_id=customer_id, manager_id=manager_id, line_result="reached",
                    business_outcome="interested", at=NOW - timedelta(days=days_ago))
        conn.execute("UPDATE customers SET manager_id = NULL WHERE customer_id = ?", (customer_id,))


@sync
async def test_a_supervisor_opens_the_pool_from_the_picker_and_assigns_a_customer(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        ids = staff_ids(app)
        assert ids[-1] == POOL_OPTION and "3 customers" in str(app.screen.query_one("#staff", OptionList).get_option(POOL_OPTION).prompt)
        app.screen.query_one("#staff", OptionList).highlighted = ids.index(POOL_OPTION)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PoolScreen)
        table = app.screen.query_one("#pool", DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert [str(row[0]) for row in rows] == ["P2", "P1", "P3"]   # by priority, the unscored last
        assert str(rows[0][1]) == MARKUP_NAMES[0] and str(rows[1][4]) == "500,000"   # names as stored
        assert "Unassigned pool: 3 of 3" in str(app.screen.query_one("#pool-title", Static).content)
        table.move_cursor(row=1)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AssignToScreen)
        picker = app.screen.query_one("#managers", OptionList)
        assert option_ids(picker) == ["M1", "M2"]
        picker.highlighted = 1
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PoolScreen)
        assert managers(db_file) == {"P1": "M2", "P2": None, "P3": None}
        assert str(app.screen.query_one("#pool-status", Static).content) == "Assigned: 钱多多 → 陈静"
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == ["P2", "P3"]
        await pilot.press("a")
        await settle(pilot)
        # M2 had one customer; the picker counts the one just given without counting everyone again.
        assert "2 customers" in str(app.screen.query_one("#managers", OptionList).get_option("M2").prompt)
        await pilot.press("escape")   # a change of mind: nobody is assigned
        await settle(pilot)
        assert isinstance(app.screen, PoolScreen) and managers(db_file)["P2"] is None
        await pilot.press("escape")
        await settle(pilot)
        assert "2 customers" in str(app.screen.query_one("#staff", OptionList).get_option(POOL_OPTION).prompt)


@sync
async def test_the_pool_key_is_a_supervisor_s_on_the_call_list(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pick(pilot, "M1")
        assert isinstance(app.screen, CallListScreen) and "Pool" in str(app.screen.query_one("KeyBar").render())
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, PoolScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, CallListScreen)
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CallListScreen) and "Pool" not in str(app.screen.query_one("KeyBar").render())
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, CallListScreen)
        app.action_pool()   # reached another way (palette, keymap): refused and logged
        await settle(pilot)
        assert isinstance(app.screen, CallListScreen)
        assert any("Only a supervisor may see the unassigned pool" in n.message for n in app._notifications)
    assert db_rows(db_file, "SELECT actor, subject FROM audit_log WHERE action = 'refusal'") == [
        ("M1", "see the unassigned pool")]


@sync
async def test_a_customer_given_from_the_pool_joins_the_open_list_beneath_it(db_file):
    db_write(db_file, "UPDATE customers SET phone_e164 = '+8613900000009', phone_valid = 1 WHERE customer_id = 'P1'")
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pick(pilot, "M1")
        beneath, table = app.screen, app.screen.query_one(CallTable)
        before = table.total
        await pilot.press("u")
        await settle(pilot)
        pool = app.screen.query_one("#pool", DataTable)
        pool.move_cursor(row=pool.get_row_index("P1"))   # rescored when the list opened, so found by its key
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one("#managers", OptionList).highlighted = 0   # M1
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is beneath and managers(db_file)["P1"] == "M1"
        assert table.total == before + 1 and any(e.customer_id == "P1" for e in table._pages[0])


@sync
async def test_a_warm_lead_in_the_pool_comes_first_and_is_offered_to_whoever_logged_its_interest(db_file):
    interested_then_pooled(db_file, "P3", "M2", days_ago=3)   # M2 called P3, interested; then P3 went back to the pool
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(120, 30)) as pilot:
        await pick(pilot, POOL_OPTION)
        table = app.screen.query_one("#pool", DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert [str(row[0]) for row in rows] == ["P3", "P2", "P1"]   # the lead first, though unscored
        assert [str(row[6]) for row in rows] == ["50", "", ""]
        assert "Unassigned pool: 3 of 3, 1 warm lead first" in str(app.screen.query_one("#pool-title", Static).content)
        status = app.screen.query_one("#pool-status", Static)
        assert str(status.content) == ("Warm lead (50 points): interested on 2026-11-17 (+50). Logged by 陈静;"
                                       " a gives them the choice first.")
        assert status.size.height == 1
        await pilot.resize_terminal(70, 30)   # too narrow for the line: it wraps, none of it is cut
        await settle(pilot)
        assert status.size.height == 2
        table.move_cursor(row=1)
        await settle(pilot)
        assert str(status.content) == ""   # the lead's line goes with it
        table.move_cursor(row=0)
        await pilot.press("a")
        await settle(pilot)
        picker = app.screen.query_one("#managers", OptionList)
        assert option_ids(picker) == ["M2", "M1"]
        assert picker.highlighted == 0 and "logged their interest" in str(picker.get_option("M2").prompt)
        await pilot.press("enter")
        await settle(pilot)
        assert managers(db_file)["P3"] == "M2"
        assert str(status.content) == "Assigned: 孙小美 → 陈静"


@sync
async def test_the_pool_pages_past_what_one_page_shows(db_file, monkeypatch):
    import workbench.screens.pool as pool_screen

    monkeypatch.setattr(pool_screen, "SHOWN", 2)
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pick(pilot, POOL_OPTION)
        table = app.screen.query_one("#pool", DataTable)

        def shown():
            return (str(app.screen.query_one("#pool-title", Static).content).split(" · ")[0],
                    [str(table.get_row_at(i)[0]) for i in range(table.row_count)])

        assert shown() == ("Unassigned pool: 2 of 3", ["P2", "P1"])
        await pilot.press("p")   # no page before the first
        await settle(pilot)
        assert shown() == ("Unassigned pool: 2 of 3", ["P2", "P1"])
        await pilot.press("n")
        await settle(pilot)
        assert shown() == ("Unassigned pool: 3–3 of 3", ["P3"])
        await pilot.press("n")   # no page after the last
        await settle(pilot)
        assert shown()[1] == ["P3"]
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("enter")   # to the first manager offered
        await settle(pilot)
        # The last page emptied by the assignment: the page before it is shown.
        assert managers(db_file)["P3"] is not None and shown() == ("Unassigned pool: 2 of 2", ["P2", "P1"])
        await pilot.press("p")
        await settle(pilot)
        assert shown()[1] == ["P2", "P1"]


@sync
async def test_an_assignment_on_a_later_page_stays_on_that_page(db_file, monkeypatch):
    import workbench.screens.pool as pool_screen

    monkeypatch.setattr(pool_screen, "SHOWN", 1)
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pick(pilot, POOL_OPTION)
        table = app.screen.query_one("#pool", DataTable)
        await pilot.press("n")
        await settle(pilot)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == ["P1"]
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        title = str(app.screen.query_one("#pool-title", Static).content)
        assert managers(db_file)["P1"] is not None and title.startswith("Unassigned pool: 2–2 of 2")
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == ["P3"]   # the page's next one


@sync
async def test_the_assign_question_names_the_customer_where_each_language_puts_them(db_file):
    for lang, question in (("zh_CN", "把钱多多分配给哪位客户经理？"), ("en", "Give 钱多多 to which manager?")):
        app = WorkbenchApp(db_file, now=NOW, lang=lang, user="S1")
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.screen.query_one("#staff", OptionList).highlighted = staff_ids(app).index(POOL_OPTION)
            await pilot.press("enter")
            await settle(pilot)
            app.screen.query_one("#pool", DataTable).move_cursor(row=1)
            await pilot.press("a")
            await settle(pilot)
            heading = app.screen.query_one("#assign-to .section-title", Static).content
            assert heading.plain == question


@sync
async def test_home_and_end_go_to_the_first_and_the_last_row_as_on_the_call_list(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pick(pilot, POOL_OPTION)
        table = app.screen.query_one("#pool", DataTable)
        assert table.cursor_row == 0
        await pilot.press("end")
        await settle(pilot)
        assert table.cursor_row == 2
        await pilot.press("home")
        await settle(pilot)
        assert table.cursor_row == 0
        await pilot.press("question_mark")
        await settle(pilot)
        pool_help = str(app.screen.query_one("#help-keys", Static).content).split("未分配客户池")[1].split("\n\n")[0]
        assert "  home          第一位\n  end           最后一位" in pool_help


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ("No marketing consent: visits only", "Do not call: no marketing, visits only")),
    ("zh_CN", ("未授权营销：只可上门拜访", "要求勿扰：不得营销，只可上门拜访")),
])
@sync
async def test_a_customer_who_may_not_be_marketed_to_is_said_to_be_so_in_the_status_line(db_file, lang, words):
    db_write(db_file, "UPDATE customers SET consent = 0 WHERE customer_id = 'P1'")
    db_write(db_file, "UPDATE customers SET do_not_call = 1 WHERE customer_id = 'P3'")
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pick(pilot, POOL_OPTION)
        table = app.screen.query_one("#pool", DataTable)
        status = app.screen.query_one("#pool-status", Static)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == ["P2", "P1", "P3"]
        assert str(status.content) == ""
        seen = []
        for _row in (1, 2):
            await pilot.press("down")
            await settle(pilot)
            seen.append(str(status.content))
        assert seen == list(words)
        await pilot.press("home")
        await settle(pilot)
        assert str(status.content) == ""   # the words go with the customer they were about
