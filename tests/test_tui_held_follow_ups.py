"""A supervisor who holds follow-ups (a leaver's customers sent to the pool) sees them on "Whose call
list?" and works them on their own agenda; one who holds none is offered nothing more."""

from __future__ import annotations

from contextlib import closing

import pytest
from textual.widgets import OptionList, Static

from tui_fixtures import NOW, build, highlight_option, printed, settle, staff_ids, sync
from workbench.db import connect
from workbench.db.followups import append_event
from workbench.db.meta import terminal_id
from workbench.handover import hand_over
from workbench.screens.agenda import AgendaScreen
from workbench.screens.app import WorkbenchApp
from workbench.screens.reschedule import RescheduleScreen
from workbench.screens.who_am_i import HELD_OPTION, POOL_OPTION, WhoAmIScreen


@pytest.fixture
def plain_db(tmp_path):
    return build(tmp_path / "held.sqlite")


@pytest.fixture
def held_db(plain_db):
    """李娜 (M1) leaves and her customers go to the pool: her three pending follow-ups (F-0003 today, F-0101
    overdue, F-0102 next week) are S1's now."""
    with closing(connect(plain_db)) as conn:
        terminal = terminal_id(conn)
        conn.execute("BEGIN")
        for followup_id, customer_id, due_on in (("F-0101", "C0001", "2026-11-18"), ("F-0102", "C0002", "2026-11-26")):
            append_event(conn, followup_id=followup_id, customer_id=customer_id, kind="created",
                         at="2026-11-16T09:00:00", terminal_id=terminal, by_id="M1", owner_id="M1", due_on=due_on,
                         slot=None, channel="phone", purpose="call_back")
        conn.execute("COMMIT")
        hand_over(conn, "M1", None, at=NOW, by_id="S1", leave=True)
    return plain_db



def option_text(app, option_id: str) -> str:
    options = app.screen.query_one("#staff", OptionList)
    return str(options.get_option_at_index(staff_ids(app).index(option_id)).prompt)


def plain(widget: Static) -> str:
    return printed(widget, 200).strip()


def pending(path) -> dict[str, tuple[str, str, str]]:
    with closing(connect(path)) as conn:
        return {f: (owner, status, due) for f, owner, status, due in conn.execute(
            "SELECT followup_id, owner_id, status, due_on FROM followups WHERE status IN ('open', 'rescheduled')")}


@sync
async def test_a_supervisor_sees_the_follow_ups_they_hold_and_completes_and_reschedules_them(held_db):
    assert {f for f, (owner, _s, _d) in pending(held_db).items() if owner == "S1"} == {"F-0003", "F-0101", "F-0102"}
    app = WorkbenchApp(held_db, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WhoAmIScreen)
        # The supervisor's own line comes first, highlighted, with the pool still at the foot.
        assert staff_ids(app) == [HELD_OPTION, "M2", POOL_OPTION]
        assert option_text(app, HELD_OPTION) == "王主管  S1  supervisor · 3 follow-ups held (1 overdue)"
        assert "stay with you until the pool gives them one; ⏎ opens them" in plain(app.screen.query_one("#hint"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        assert set(app.screen.items) == {"F-0003", "F-0101", "F-0102"}
        assert app.staff.staff_id == app.owner.staff_id == "S1"

        await highlight_option(pilot, "#agenda", "F-0101")
        await pilot.press("c", "y")
        await settle(pilot, 5)
        assert isinstance(app.screen, AgendaScreen) and set(app.screen.items) == {"F-0003", "F-0102"}

        await highlight_option(pilot, "#agenda", "F-0003")
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RescheduleScreen)
        app.screen.query_one("#new-when").value = "2026-11-23"
        await pilot.press("enter")
        await settle(pilot, 5)
        assert isinstance(app.screen, AgendaScreen)

        await pilot.press("escape")
        await settle(pilot, 5)
        assert isinstance(app.screen, WhoAmIScreen) and app.owner is None
        assert option_text(app, HELD_OPTION) == "王主管  S1  supervisor · 2 follow-ups held"
    after = pending(held_db)
    assert "F-0101" not in after
    assert after["F-0003"] == ("S1", "rescheduled", "2026-11-23")
    with closing(connect(held_db)) as conn:
        assert conn.execute("SELECT status FROM followups WHERE followup_id = 'F-0101'").fetchone() == ("done",)


@sync
async def test_the_held_follow_ups_are_offered_in_chinese(held_db):
    app = WorkbenchApp(held_db, now=NOW, lang="zh_CN", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert option_text(app, HELD_OPTION) == "王主管  S1  主管 · 暂管 3 项待办跟进（1 项已逾期）"
        await highlight_option(pilot, "#staff", "M2")
        assert plain(app.screen.query_one("#hint")) == ""   # the hint is for the supervisor's own line


@sync
async def test_a_supervisor_holding_no_follow_ups_is_offered_only_the_managers_and_the_pool(plain_db):
    with closing(connect(plain_db)) as conn:
        conn.execute("INSERT INTO customers (customer_id, name, branch_id, priority, tier) VALUES ('P1', '钱多多', 'B1', 50, 0)")
        conn.commit()
    app = WorkbenchApp(plain_db, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert staff_ids(app) == ["M1", "M2", POOL_OPTION]
        assert app.screen.query_one("#staff", OptionList).highlighted == 0
