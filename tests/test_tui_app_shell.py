"""The app shell: calls logged by another process come in while the app is open, Textual's own commands
speak the interface language (and never write an unaudited screenshot), and a supervisor calling from a
manager's list is introduced as who they are."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.notifications import Notify

from tui_fixtures import NOW, build, pick, settle, sync
from workbench.screens.agenda import AgendaScreen
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.messages import ListCounted
from workbench.screens.widgets.call_table import CallTable


@pytest.fixture(autouse=True)
def quick_watch(monkeypatch):
    monkeypatch.setattr(WorkbenchApp, "WATCH_SECONDS", 0.2)


def cli(db_file: Path, *args: str) -> str:
    """The real CLI, in its own process, on the file the app holds open."""
    done = subprocess.run(
        [sys.executable, "-m", "workbench", "--db", str(db_file), "--now", NOW.isoformat(), "--lang", "en", *args],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


async def until(pilot, condition, seconds: float = 10.0) -> bool:
    """Let the app run (its timers and workers) until condition() holds or the time is up."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


async def at_list(pilot) -> CallTable:
    def shown() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, CallListScreen) and any(table.total for table in screen.query(CallTable))

    assert await until(pilot, shown)
    await settle(pilot)
    return pilot.app.screen.query_one(CallTable)


def loaded_ids(table: CallTable) -> list[str]:
    return [e.customer_id for page in sorted(table._pages) for e in table._pages[page]]


@sync
async def test_a_call_logged_with_the_cli_moves_the_list_and_the_open_card(tmp_path):
    db_file = build(tmp_path / "live.sqlite")
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(120, 30)) as pilot:
        table = await at_list(pilot)
        before = table.total
        assert "C0001" in loaded_ids(table)
        # Reached and not interested: the customer rests for 30 days, so leaves today's list.
        cli(db_file, "--user", "M1", "log", "--customer", "C0001", "--result", "reached", "--outcome", "not_interested")
        assert await until(pilot, lambda: table.total == before - 1)
        await settle(pilot)
        assert "C0001" not in loaded_ids(table)

        await pilot.press("enter")   # the follow-up due today, first on the list
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen) and app.screen.customer_id == "C0003"
        card = app.screen
        cli(db_file, "--user", "M1", "log", "--customer", "C0003", "--result", "no_answer", "--note", "命令行登记的电话")
        assert await until(pilot, lambda: "命令行登记的电话" in card.query_one("#history").content.plain)


@sync
async def test_a_bundle_imported_by_the_supervisor_updates_the_open_agenda(tmp_path):
    db_file = build(tmp_path / "live.sqlite")
    desk = build(tmp_path / "desk2.sqlite")   # another terminal: its own terminal id
    cli(desk, "--user", "M1", "log", "--customer", "C0002", "--result", "reached", "--outcome", "call_back",
        "--follow-up", "2026-11-21")
    bundle = tmp_path / "desk2.bundle"
    cli(desk, "--user", "M1", "export", "bundle", "--out", str(bundle), "--since", NOW.date().isoformat())
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(120, 30)) as pilot:
        await at_list(pilot)
        await pilot.press("f")
        await settle(pilot)
        agenda = app.screen
        assert isinstance(agenda, AgendaScreen)
        assert not any(getattr(f, "customer_id", None) == "C0002" and str(f.due_on) == "2026-11-21"
                       for f in agenda.items.values())
        cli(db_file, "--user", "S1", "import", "bundle", str(bundle))
        assert await until(pilot, lambda: any(
            getattr(f, "followup_id", None) and f.customer_id == "C0002" and str(f.due_on) == "2026-11-21"
            for f in agenda.items.values()))


@sync
async def test_the_apps_own_save_is_read_once_not_again_by_the_watcher(tmp_path, monkeypatch):
    reloads = []
    original = CallListScreen.reload
    monkeypatch.setattr(CallListScreen, "reload", lambda screen: (reloads.append(1), original(screen)))
    db_file = build(tmp_path / "live.sqlite")
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(120, 30)) as pilot:
        await at_list(pilot)
        await until(pilot, lambda: app.data_marks is not None)
        marks = dict(app.data_marks)
        reloads.clear()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("1", "3", "w", "ctrl+s")   # reached, interested, a follow-up next week
        await settle(pilot, 5)
        assert isinstance(app.screen, CustomerCardScreen) and app.screen.customer_id != "C0003"
        # The watcher has looked past the app's own rows, and many times since, without reading again.
        assert await until(pilot, lambda: app.data_marks["outcomes"] > marks["outcomes"]
                           and app.data_marks["followup_events"] > marks["followup_events"])
        await pilot.pause(1.0)
        assert reloads == [1]


class Heard:
    """A message hook: the call list's reloads (by the generation each counts) and the notices, in order."""

    def __init__(self) -> None:
        self.reloads: list[int] = []
        self.notices: list[str] = []

    def __call__(self, message) -> None:
        if isinstance(message, ListCounted) and message.generation not in self.reloads:   # heard again as it bubbles
            self.reloads.append(message.generation)
        elif isinstance(message, Notify):
            self.notices.append(message.notification.message)


MOVED = "Customers were given to or taken from this list; it is up to date."


@sync
async def test_customers_another_process_reassigns_come_and_go_on_the_open_list(tmp_path):
    db_file = build(tmp_path / "live.sqlite")
    heard = Heard()
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(120, 30), message_hook=heard) as pilot:
        table = await at_list(pilot)
        before = table.total
        # C0001 has no follow-ups, so only the audit log records that the customer moved.
        cli(db_file, "--user", "S1", "reassign", "--customer", "C0001", "--to", "M2")
        assert await until(pilot, lambda: table.total == before - 1, seconds=3)
        await settle(pilot)
        assert "C0001" not in loaded_ids(table)
        cli(db_file, "--user", "S1", "reassign", "--customer", "C9001", "--to", "M1")
        assert await until(pilot, lambda: table.total == before, seconds=3)
        await settle(pilot)
        assert "C9001" in loaded_ids(table)
        cli(db_file, "--user", "S1", "staff", "hand-over", "M2", "--to", "M1")   # C0001 comes back
        assert await until(pilot, lambda: table.total == before + 1, seconds=3)
        await settle(pilot)
        assert "C0001" in loaded_ids(table) and heard.notices == [MOVED] * 3


@sync
async def test_an_import_that_moves_a_follow_up_reloads_the_list_once(tmp_path):
    db_file = build(tmp_path / "live.sqlite")
    extract = tmp_path / "extract.csv"
    # C0003, whose follow-up is due today, goes to M2 (the follow-up along); N0001 is new to M1.
    extract.write_text("客户号,姓名,手机号,客户经理号,所属机构,资产余额,最近交易日期\n"
                       "C0003,王芳,13800130003,M2,B1,100000,2025-11-05\nN0001,新客户,13900000001,M1,B1,800000,2024-01-01\n",
                       encoding="utf-8")
    heard = Heard()
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(120, 30), message_hook=heard) as pilot:
        table = await at_list(pilot)
        screen, generation = app.screen, app.screen.generation
        heard.reloads.clear()
        cli(db_file, "--user", "S1", "import", "customers", str(extract))
        assert await until(pilot, lambda: "New data was imported; the list is up to date." in heard.notices)
        await settle(pilot)
        await pilot.pause(1.0)   # five more looks of the watcher
        assert heard.reloads == [generation + 1] and screen.generation == generation + 1
        assert heard.notices == ["New data was imported; the list is up to date."]
        ids = loaded_ids(table)
        assert "C0003" not in ids and "N0001" in ids


@sync
async def test_textuals_commands_are_translated_and_screenshot_is_gone(tmp_path):
    app = WorkbenchApp(build(tmp_path / "live.sqlite"), now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(120, 30)) as pilot:
        await at_list(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "配色主题" in titles
        assert not {"Screenshot", "Theme", "Quit", "Keys"} & set(titles)
        # The palette's prompt, and the theme picker's, are Chinese too.
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert app.screen.query_one("CommandInput").placeholder == "搜索命令…"
        # A search that finds nothing says so in Chinese (screens/palette.py: Textual's sentence is in a private method).
        await pilot.press(*"qqqzzz")
        await pilot.pause(0.8)
        shown = [str(app.screen.query_one("CommandList").get_option_at_index(i).prompt.renderable)
                 for i in range(app.screen.query_one("CommandList").option_count)]
        assert shown == ["没有匹配项"]
        await pilot.press("escape")
        app.search_themes()
        await settle(pilot)
        assert app.screen.query_one("CommandInput").placeholder == "搜索配色主题…"
        await pilot.press(*"qqqzzz")
        await pilot.pause(0.8)
        assert str(app.screen.query_one("CommandList").get_option_at_index(0).prompt.renderable) == "没有匹配项"
        await pilot.press("escape")
        await settle(pilot)
        # ctrl+c does not quit; the hint that says which key does is Chinese as well.
        said = []
        app.notify = lambda message, **kwargs: said.append(message)
        await pilot.press("ctrl+c")
        assert said == ["按 ^q 退出工作台。"]


@sync
async def test_a_supervisor_on_a_managers_list_is_introduced_as_the_managers_colleague(tmp_path):
    app = WorkbenchApp(build(tmp_path / "live.sqlite"), now=NOW, lang="zh_CN", user="S1")
    async with app.run_test(size=(120, 40)) as pilot:
        await pick(pilot, "M1")   # "Whose call list?"
        await at_list(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        script = "\n".join(part.content.plain for part in app.screen.query(".script-part"))
        assert "我是南京路支行的客户经理李娜的同事王主管。" in script
