"""A cover for a manager's leave in the app: once it has ended, "Whose call list?" says so beside the manager away,
and `h` on them offers first to give back the customers the colleague still has."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from textual.widgets import OptionList, Static

from tui_fixtures import NOW, build, highlight_option, option_ids, pressed, printed, settle, sync
from workbench.db import open_db
from workbench.handover import hand_over
from workbench.screens.app import WorkbenchApp
from workbench.screens.confirm import ConfirmScreen
from workbench.screens.hand_over import GIVE_BACK, HandOverScreen
from workbench.screens.who_am_i import WhoAmIScreen


def covered(tmp_path, until: date):
    """The TUI fixtures' branch with 李娜 (M1)'s customers covered by 陈静 (M2) from 2026-10-23 until `until`."""
    path = build(tmp_path / "cover.sqlite")
    db = open_db(path)
    hand_over(db.conn, "M1", ["M2"], at=datetime(2026, 10, 23, 18, 0), by_id="S1", until=until)
    db.close()
    return path


def managers_of(path) -> dict:
    with sqlite3.connect(path) as c:
        return dict(c.execute("SELECT manager_id, count(*) FROM customers GROUP BY 1"))


def line_of(app, staff_id: str) -> str:
    options = app.screen.query_one("#staff", OptionList)
    return options.get_option_at_index(option_ids(options).index(staff_id)).prompt.plain


@sync
async def test_an_ended_cover_is_said_on_whose_call_list_and_h_gives_the_customers_back(tmp_path):
    path = covered(tmp_path, date(2026, 11, 13))
    with sqlite3.connect(path) as c:
        (covered_customers,), = c.execute("SELECT count(*) FROM covers")
    before = managers_of(path)
    app = WorkbenchApp(path, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert "cover by 陈静 ended 11-13: h gives back" in line_of(app, "M1")
        assert "cover" not in line_of(app, "M2")
        await highlight_option(pilot, "#staff", "M1")
        screen = await pressed(pilot, HandOverScreen, "h")
        takers = screen.query_one("#takers", OptionList)
        assert option_ids(takers)[0] == GIVE_BACK and takers.highlighted == 0
        await settle(pilot)
        plan = printed(screen.query_one("#hand-over-plan", Static), 80)
        assert plan.startswith(f"← 李娜  M1  {covered_customers} of 李娜's customers from 陈静")
        assert managers_of(path) == before   # the plan is a dry run
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert f"Give {covered_customers} customers back to 李娜 from 陈静?" in printed(
            app.screen.query_one("#confirm-question"), 80)
        await pilot.press("y")
        await settle(pilot, 5)
        assert isinstance(app.screen, WhoAmIScreen)
        assert any(f"Gave {covered_customers} customers back to 李娜 from 陈静." == n.message
                   for n in app._notifications)
        await settle(pilot)
        assert "cover" not in line_of(app, "M1")
    assert managers_of(path) == {"M1": covered_customers, "M2": before["M2"] - covered_customers}


@sync
async def test_a_cover_still_running_is_named_beside_the_manager_away_and_can_be_given_back_early(tmp_path):
    path = covered(tmp_path, date(2026, 11, 27))
    app = WorkbenchApp(path, now=NOW, lang="zh_CN", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert line_of(app, "M1") == "李娜  M1  客户经理 · 陈静代管至 11-27"
        assert "代管" not in line_of(app, "M2")
        await highlight_option(pilot, "#staff", "M1")
        screen = await pressed(pilot, HandOverScreen, "h")
        first = screen.query_one("#takers", OptionList).get_option_at_index(0).prompt.plain
        assert first.startswith("交还陈静代管的") and first.endswith("（代管至 2026-11-27）")


@sync
async def test_the_give_back_choice_says_give_back_and_offers_no_leaving(tmp_path):
    """On the give-back choice the box's title and keys say give back, and `l` neither shows nor marks the manager
    coming back as leaving; on a hand-over choice they are as before."""
    path = covered(tmp_path, date(2026, 11, 27))
    app = WorkbenchApp(path, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await highlight_option(pilot, "#staff", "M1")
        screen = await pressed(pilot, HandOverScreen, "h")
        await settle(pilot)

        def shown() -> tuple[str, str, str | None]:
            leave = screen.query_one("#hand-over-leave", Static)
            return (printed(screen.query_one("#hand-over-title", Static), 100).strip(),
                    printed(screen.query_one("#hand-over-hint", Static), 100).strip(),
                    printed(leave, 100).strip() if leave.display else None)

        title, hint, leave = shown()
        assert title == "Give back the customers of 李娜:" and leave is None
        assert "give back (asks first)" in hint and "leaving" not in hint
        await pilot.press("l")
        await settle(pilot)
        assert screen.leave is False and shown()[2] is None
        await pilot.press("enter")
        await settle(pilot)
        assert "Give" in printed(app.screen.query_one("#confirm-question"), 80)
        assert "left" not in printed(app.screen.query_one("#confirm-question"), 80)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        title, hint, leave = shown()
        assert title == "Hand over the customers of 李娜 to:" and "leaving too" in hint
        assert leave == "李娜 stays (l: leaving too)."
        await pilot.press("l")
        await settle(pilot)
        assert screen.leave is True and shown()[2].startswith("李娜 is leaving")


@sync
async def test_a_cover_running_into_next_year_names_its_year(tmp_path):
    """"陈静代管至 01-08" read as this January, already past; a last day of another year keeps its year."""
    path = covered(tmp_path, date(2027, 1, 8))
    app = WorkbenchApp(path, now=NOW, lang="zh_CN", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert line_of(app, "M1") == "李娜  M1  客户经理 · 陈静代管至 2027-01-08"
