"""A theme picked in the command palette is remembered for this terminal and taken at its next start; a remembered
name the app does not know (a theme of another version) gives the default theme, and the app starts as ever. The
theme is the terminal's own: no setting, no audit entry, and whoever is at the keys (or no one yet) may pick it."""

from __future__ import annotations

from contextlib import closing

from sync_data import as_user, branch_file
from tui_fixtures import NOW, pressed, settle, sync
from workbench.db import connect
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.who_am_i import WhoAmIScreen
from workbench.session import last_theme, remember_theme


async def pick_theme(pilot, name: str) -> None:
    """ctrl+p, the Theme command, then the theme by name, as a user picks it."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*"theme", "enter")
    await settle(pilot)
    await pilot.press(*name, "enter")
    await settle(pilot, 3)


@sync
async def test_a_theme_picked_in_the_palette_is_there_at_the_next_start(db_file):
    said = []
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    app.notify = lambda message, **kwargs: said.append(message)
    async with app.run_test(size=(100, 30)) as pilot:
        await pressed(pilot, CallListScreen)
        assert app.theme == "workbench"
        await pick_theme(pilot, "nord")
        assert app.theme == "nord"
        app.watch_data()   # a look for changes: the app's own write is no setting changed elsewhere
        await settle(pilot)
        await pilot.press("ctrl+q")
    assert not any("elsewhere" in s for s in said), said
    with closing(connect(db_file)) as conn:   # this terminal's, not the bank's: no setting, nothing audited
        assert last_theme(conn) == "nord"
        assert conn.execute("SELECT count(*) FROM settings WHERE key = 'app.theme'").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'setting'").fetchone() == (0,)
    again = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with again.run_test(size=(100, 30)) as pilot:
        await pressed(pilot, CallListScreen)
        assert again.theme == "nord"
    with closing(connect(db_file)) as conn:   # the start itself writes nothing
        assert last_theme(conn) == "nord"
        assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'setting'").fetchone() == (0,)


@sync
async def test_a_theme_picked_before_anyone_signs_in_is_remembered_too(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pressed(pilot, WhoAmIScreen)
        await pick_theme(pilot, "gruvbox")
        assert app.theme == "gruvbox"
        await pilot.press("ctrl+q")
    with closing(connect(db_file)) as conn:
        assert last_theme(conn) == "gruvbox"


@sync
async def test_an_unknown_remembered_theme_gives_the_default(db_file):
    with closing(connect(db_file)) as conn, conn:
        remember_theme(conn, "Neon Glow")
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pressed(pilot, CallListScreen)
        assert app.theme == "workbench"


@sync
async def test_an_app_theme_setting_left_from_before_neither_stops_the_app_nor_colours_it(db_file):
    with closing(connect(db_file)) as conn, conn:
        conn.execute("INSERT INTO settings (scope, key, value) VALUES ('bank', 'app.theme', '\"nord\"')")
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pressed(pilot, CallListScreen)
        assert app.theme == "workbench"


def test_app_theme_is_no_setting_and_a_row_left_of_it_can_be_removed(cli, db_path):
    branch = branch_file(db_path, pins={"S1": "4321"})
    refused = as_user(cli, branch, "S1", "4321", "settings", "set", "app.theme", "gruvbox")
    assert refused.exit_code == 2 and "Unknown setting 'app.theme'" in refused.stderr
    with closing(connect(branch)) as conn, conn:
        conn.execute("INSERT INTO settings (scope, key, value) VALUES ('bank', 'app.theme', '\"nord\"')")
    doctor = as_user(cli, branch, "S1", "4321", "doctor")
    assert "settings no longer known are ignored: app.theme" in doctor.stdout + doctor.stderr
    assert as_user(cli, branch, "S1", "4321", "settings", "unset", "app.theme").exit_code == 0
    with closing(connect(branch)) as conn:
        assert conn.execute("SELECT count(*) FROM settings WHERE key = 'app.theme'").fetchone() == (0,)
