"""A theme picked in the command palette is stored as app.theme and taken at the next start; a stored name the app
does not know (a theme of another version) gives the default theme, and the app starts as ever."""

from __future__ import annotations

from contextlib import closing

from sync_data import as_user, branch_file
from tui_fixtures import NOW, pressed, settle, sync
from workbench.db import connect
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.settings import load_settings


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
    with closing(connect(db_file)) as conn:
        assert load_settings(conn)["app.theme"] == "nord"
        assert conn.execute("SELECT actor, subject FROM audit_log WHERE action = 'setting'").fetchall() == [
            ("M1", "app.theme")]
    again = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with again.run_test(size=(100, 30)) as pilot:
        await pressed(pilot, CallListScreen)
        assert again.theme == "nord"
    with closing(connect(db_file)) as conn:   # the start itself writes nothing
        assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'setting'").fetchone() == (1,)


@sync
async def test_an_unknown_stored_theme_gives_the_default(db_file):
    with closing(connect(db_file)) as conn, conn:
        conn.execute("INSERT INTO settings (scope, key, value) VALUES ('bank', 'app.theme', '\"Neon Glow\"')")
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pressed(pilot, CallListScreen)
        assert app.theme == "workbench"


def test_settings_set_takes_a_themes_name_for_the_bank_alone(cli, db_path):
    branch = branch_file(db_path, pins={"S1": "4321"})
    assert as_user(cli, branch, "S1", "4321", "settings", "set", "app.theme", "gruvbox").exit_code == 0
    odd = as_user(cli, branch, "S1", "4321", "settings", "set", "app.theme", "Neon Glow")
    assert odd.exit_code == 2 and "Setting app.theme takes a theme's name, such as nord, not" in odd.stderr
    local = as_user(cli, branch, "S1", "4321", "settings", "set", "app.theme", "nord", "--branch", "B1")
    assert local.exit_code == 2 and "app.theme is set for the bank alone" in local.stderr
    with closing(connect(branch)) as conn:
        assert load_settings(conn)["app.theme"] == "gruvbox"
