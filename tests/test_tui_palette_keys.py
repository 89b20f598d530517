"""The command palette offers what a screen's keys do, in the words of its key bar and help: the card's script
purpose, the report's periods and managers, the pool's assign and pages, the hand-over's leaving; run from the
palette, each does what its key does."""

from __future__ import annotations

from contextlib import closing

import pytest
from textual.command import CommandInput, CommandList, CommandPalette
from textual.widgets import DataTable, Static

from test_tui_hand_over import hand_over_screen_for
from test_tui_pool import POOL
from test_tui_report import seeded
from tui_fixtures import NOW, build, pick, pressed, printed, settle, sync
from workbench.db import connect
from workbench.screens.app import WorkbenchApp
from workbench.screens.assign_to import AssignToScreen
from workbench.screens.call_list import CallListScreen
from workbench.screens.commands import WorkbenchCommands
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.pool import PoolScreen
from workbench.screens.report import ReportScreen
from workbench.screens.who_am_i import POOL_OPTION, WhoAmIScreen
from workbench.screens.widgets.key_bar import bindings_offered


async def offers(pilot, typed: str) -> list[tuple[str, str]]:
    """(title, help) of what the real palette (ctrl+p) lists for what is typed, as an input method puts it in
    (Chinese too); the palette is left open."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CommandPalette)
    pilot.app.screen.query_one(CommandInput).value = typed
    await pilot.pause(0.3)
    found = pilot.app.screen.query_one(CommandList)
    return [(found.get_option_at_index(i).hit.text, found.get_option_at_index(i).hit.help)
            for i in range(found.option_count)]


async def run(pilot, typed: str, title: str, key: str | None = None) -> None:
    """Type into the palette; the first command offered is title (its help naming the key, when given): run it."""
    first = (await offers(pilot, typed))[0]
    assert first[0] == title and (key is None or first[1] == key), first
    await pilot.press("enter")
    await settle(pilot, 5)
    assert not isinstance(pilot.app.screen, CommandPalette)


def titles(app) -> list[str]:
    return [title for title, _run, _help in WorkbenchCommands(app.screen)._commands()]


def key_bar_words(app, *, dimmed: bool = False) -> list[str]:
    """What the key bar of the screen says each key does (the palette's own ^p left out): the keys that can be
    pressed now, or with dimmed those it draws dimmed (check_action None: not now)."""
    app.screen.query_one("KeyBar")
    return [binding.description for _node, binding, enabled in bindings_offered(app.screen)
            if binding.show and app.shows_action(binding.action) and enabled != dimmed]


def dimming(monkeypatch, screen_type, action: str) -> None:
    """screen_type's check_action says None for action (enabled, not now: the key bar dims its key), as a screen
    may; no screen does yet, so the tests make one do it."""
    check = screen_type.check_action
    monkeypatch.setattr(screen_type, "check_action",
                        lambda screen, name, parameters: None if name == action else check(screen, name, parameters))


def named_in(words: list[str], offered: list[str]) -> list[str]:
    """The words no command of the palette names (none, when each is a command's title or in one)."""
    return [word for word in words if not any(word.lower() in title.lower() for title in offered)]


@pytest.fixture
def report_file(tmp_path):
    """The report tests' branch, with calls in the last 7 and 30 days (M1 and M2 called)."""
    return seeded(tmp_path / "report.sqlite")


@pytest.fixture
def pool_file(tmp_path):
    """The pool tests' branch, three customers in the pool."""
    path = build(tmp_path / "pool.sqlite")
    with closing(connect(path)) as conn, conn:
        conn.executemany("INSERT INTO customers (customer_id, name, branch_id, aum_fen, priority, tier)"
                         " VALUES (?, ?, 'B1', ?, ?, 0)", POOL)
    return path


@pytest.mark.parametrize(("lang", "words"), [
    ("en", {"30": "30 days", "7": "7 days", "next": "Next manager", "back": "Back", "key": "Key: {key}"}),
    ("zh_CN", {"30": "30 天", "7": "7 天", "next": "下一位客户经理", "back": "返回", "key": "按键：{key}"}),
])
@sync
async def test_the_reports_periods_and_managers_run_from_the_palette(report_file, lang, words):
    app = WorkbenchApp(report_file, now=NOW, lang=lang, user="S1")
    async with app.run_test(size=(120, 40)) as pilot:
        await pick(pilot, "M1")
        report = await pressed(pilot, ReportScreen, "r")
        assert named_in(key_bar_words(app), titles(app)) == []
        await run(pilot, words["30"], words["30"], words["key"].format(key="m"))
        assert report.days == 30 and "30" in str(report.query_one("#report-title", Static).content)
        await run(pilot, words["next"], words["next"], words["key"].format(key="s"))
        assert report.manager_id == "M1" and "李娜" in str(report.query_one("#report-title", Static).content)
        await run(pilot, words["7"], words["7"], words["key"].format(key="w"))
        assert report.days == 7 and report.manager_id == "M1"
        await run(pilot, words["back"], words["back"], words["key"].format(key="esc"))
        assert not isinstance(app.screen, ReportScreen)


@sync
async def test_the_cards_script_purpose_runs_from_the_palette_in_chinese(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        card = await pressed(pilot, CustomerCardScreen, "enter")
        await settle(pilot, 5)
        assert card.purposes == ("wake_up", "birthday") and card.purpose == "wake_up"
        assert named_in(key_bar_words(app), titles(app)) == []
        await run(pilot, "话术", "客户：切换话术场景", "换一种通话目的的话术")
        assert app.screen is card and card.purpose == "birthday"
        assert printed(card.query_one("#script-0"), 60).startswith("生日关怀")


@pytest.mark.parametrize(("lang", "words"), [
    ("en", {"next": "Next page", "previous": "Previous page", "assign": "Assign", "key": "Key: {key}"}),
    ("zh_CN", {"next": "下一页", "previous": "上一页", "assign": "分配", "key": "按键：{key}"}),
])
@sync
async def test_the_pools_assign_and_pages_run_from_the_palette(pool_file, monkeypatch, lang, words):
    import workbench.screens.pool as pool_screen

    monkeypatch.setattr(pool_screen, "SHOWN", 2)
    app = WorkbenchApp(pool_file, now=NOW, lang=lang, user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pick(pilot, POOL_OPTION)
        pool = app.screen
        assert isinstance(pool, PoolScreen)
        table = pool.query_one("#pool", DataTable)

        def rows() -> list[str]:
            return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]

        assert rows() == ["P2", "P1"]
        assert named_in(key_bar_words(app), titles(app)) == []
        assert words["next"] in titles(app) and words["previous"] not in titles(app)   # no page before the first
        await run(pilot, words["next"], words["next"], words["key"].format(key="n"))
        assert rows() == ["P3"]
        assert words["previous"] in titles(app) and words["next"] not in titles(app)
        await run(pilot, words["previous"], words["previous"], words["key"].format(key="p"))
        assert rows() == ["P2", "P1"]
        await run(pilot, words["assign"], words["assign"], words["key"].format(key="a"))
        assert isinstance(app.screen, AssignToScreen)


@pytest.mark.parametrize(("lang", "leaving", "cancel"), [("en", "Leaving", "Cancel"), ("zh_CN", "离职", "取消")])
@sync
async def test_the_hand_overs_leaving_runs_from_the_palette(db_file, lang, leaving, cancel):
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await hand_over_screen_for(pilot, "M1")
        assert not screen.leave
        await run(pilot, leaving, leaving)
        assert app.screen is screen and screen.leave
        assert "李娜" in printed(screen.query_one("#hand-over-leave"), 100)
        await run(pilot, leaving, leaving)
        assert not screen.leave
        await run(pilot, cancel, cancel)
        assert isinstance(app.screen, WhoAmIScreen)


@sync
async def test_the_palette_offers_only_what_the_user_is_shown(db_file):
    """A manager's list: the supervisor's report and pool keys are neither on its key bar nor in its palette, and
    no key the list shows is offered twice (its own commands name them already)."""
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        offered = titles(app)
        assert named_in(key_bar_words(app), offered) == []
        assert not {"Report", "Pool", "Go to: report"} & set(offered)
        assert len(offered) == len(set(offered)) and not {"Open", "Outcome", "Next", "Agenda", "Search"} & set(offered)


@sync
async def test_the_palette_names_the_key_a_banks_keymap_gives(report_file):
    app = WorkbenchApp(report_file, now=NOW, lang="en", user="S1", keymap={"report_month": "t"})
    async with app.run_test(size=(120, 40)) as pilot:
        await pick(pilot, "M1")
        report = await pressed(pilot, ReportScreen, "r")
        await run(pilot, "30 d", "30 days", "Key: t")
        assert report.days == 30


@sync
async def test_a_key_the_bar_dims_is_not_offered_by_the_palette(db_file, pool_file, monkeypatch):
    """A dimmed key (check_action None) cannot be pressed now, and Textual would not run it: the palette, a list of
    what can be done, leaves it out, whether it names the action itself (the list's outcome) or takes it from the
    key bar (the pool's next page); the keys the bar draws undimmed are all still offered."""
    dimming(monkeypatch, CallListScreen, "outcome")
    dimming(monkeypatch, PoolScreen, "next_page")
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Outcome" in key_bar_words(app, dimmed=True) and "Open" in key_bar_words(app)
        offered = titles(app)
        assert "Customer: log an outcome" not in offered and "Customer: open the highlighted customer" in offered
        assert named_in(key_bar_words(app), offered) == []
    app = WorkbenchApp(pool_file, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pick(pilot, POOL_OPTION)
        assert isinstance(app.screen, PoolScreen) and key_bar_words(app, dimmed=True) == ["Next page"]
        offered = titles(app)
        assert "Next page" not in offered and "Assign" in offered and named_in(key_bar_words(app), offered) == []


@sync
async def test_with_one_script_that_fits_p_is_dimmed_and_not_offered(db_file):
    """王芳 (C0003) with no birthday near: one script fits, its heading says no other does; p is drawn dimmed and
    the palette leaves the switch out."""
    with closing(connect(db_file)) as conn:
        conn.execute("UPDATE customers SET birthday = '1970-06-10' WHERE customer_id = 'C0003'")
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        card = await pressed(pilot, CustomerCardScreen, "enter")
        await settle(pilot, 5)
        assert card.purposes == ("wake_up",)
        assert "Script purpose" in key_bar_words(app, dimmed=True) and "Outcome" in key_bar_words(app)
        offered = titles(app)
        assert "Customer: switch the script purpose" not in offered and "Script purpose" not in offered
        assert "Customer: log an outcome" in offered and "Go to: call list" in offered


@sync
async def test_the_call_list_offers_no_clearing_with_nothing_set_and_no_going_to_itself(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        offered = titles(app)
        assert "List: clear filters and search" not in offered and "Go to: call list" not in offered
        assert "Go to: follow-up agenda" in offered
        await pilot.press("slash")   # the search box open: something to clear
        await settle(pilot)
        assert "List: clear filters and search" in titles(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "List: clear filters and search" not in titles(app)
        await pilot.press("slash", "王", "enter")   # a search set
        await settle(pilot, 5)
        assert "List: clear filters and search" in titles(app)
