"""A manager an import created without a name (stored under their id) is shown by the id once, marked as
having no name, never as "M9  M9": on "Whose call list?", in the pool's assign dialog, in the hand-over."""

from __future__ import annotations

from contextlib import closing

import pytest
from textual.widgets import DataTable, OptionList

from tui_fixtures import NOW, build, highlight_option, pick, settle, sync
from workbench.db import connect
from workbench.screens.app import WorkbenchApp
from workbench.screens.assign_to import AssignToScreen
from workbench.screens.hand_over import HandOverScreen, keepers, plan_text
from workbench.screens.who_am_i import POOL_OPTION


@pytest.fixture
def db_file(tmp_path):
    path = build(tmp_path / "nameless.sqlite")
    with closing(connect(path)) as conn:
        # As an extract with a manager id and no manager name column leaves it.
        conn.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('M9', 'M9', 'manager', 'B1')")
        conn.execute("INSERT INTO customers (customer_id, name, branch_id, aum_fen, priority, tier)"
                     " VALUES ('P1', '钱多多', 'B1', 1000, 50, 0)")
        conn.commit()
    return path


def prompt(options: OptionList, option_id: str) -> str:
    return str(options.get_option(option_id).prompt)


@pytest.mark.parametrize(("lang", "picker", "assign", "listed"), [
    ("en", "M9  (no name)  manager", "M9  (no name)  0 customers", "M9  (no name)"),
    ("zh_CN", "M9  （缺少姓名）  客户经理", "M9  （缺少姓名）  共 0 位客户", "M9  （缺少姓名）"),
])
@sync
async def test_a_manager_without_a_name_is_shown_by_the_id_once(db_file, lang, picker, assign, listed):
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="S1")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert prompt(app.screen.query_one("#staff", OptionList), "M9") == picker
        assert prompt(app.screen.query_one("#staff", OptionList), "M1").startswith("李娜  M1  ")   # named: as before

        await highlight_option(pilot, "#staff", POOL_OPTION)
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#pool", DataTable).move_cursor(row=0)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AssignToScreen)
        assert prompt(app.screen.query_one("#managers", OptionList), "M9") == assign
        await pilot.press("escape", "escape")
        await settle(pilot)

        await highlight_option(pilot, "#staff", "M1")
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HandOverScreen)
        assert prompt(app.screen.query_one("#takers", OptionList), "M9") == listed
        await pilot.press("escape")
        await settle(pilot)

        await pick(pilot, "M9")
        assert str(app.screen.query_one("#title").content).split(" · ")[1:] == ["M9", "2026-11-20"]


def test_where_a_hand_over_sends_them_names_a_nameless_manager_once():
    from types import SimpleNamespace as Share

    plan = Share(from_id="M1", from_name="李娜", shares=[Share(manager_id="M9", name="M9", customers=3, active=3, aum_fen=0,
                                                              followups=0),
                         Share(manager_id="M2", name="陈静", customers=1, active=1, aum_fen=0, followups=0)],
                 followups_to=None, elsewhere=0, elsewhere_kept=0)
    assert keepers(plan).plain == "M9 (no name) and 陈静 (M2)"
    assert plan_text(plan).plain.splitlines()[0].startswith("→ M9  (no name)  3 of 李娜's customers")
    plan.from_id = plan.from_name = "M8"   # a giver without a name of their own: the id
    assert plan_text(plan).plain.splitlines()[0].startswith("→ M9  (no name)  3 of M8's customers")
