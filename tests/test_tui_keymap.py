"""The keys in force: a bank's app.keymap shows on the key bar and in help, not the default keys."""

from __future__ import annotations

import re

from tui_fixtures import NOW, build, settle, sync
from workbench.db import open_db
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.settings import set_setting


def help_rows(app) -> dict[str, str]:
    """What each key does, as help lists it (what -> keys), for the call list's section."""
    text = app.screen.query_one("#help-keys").render().plain
    section = text.split("Call list\n", 1)[1].split("\n\n", 1)[0]
    return {m.group(2): m.group(1) for m in re.finditer(r"^  (\S+(?: \S+)*?)\s{2,}(.+)$", section, re.M)}


@sync
async def test_help_and_the_key_bar_show_the_banks_keymap(tmp_path):
    path = build(tmp_path / "k.sqlite")
    db = open_db(path)
    with db.conn:
        set_setting(db.conn, "app.keymap", {"outcome": "l", "agenda": "g,ctrl+g", "search": "?", "help": "f1",
                                            "cursor_down": "ctrl+n"})
    db.close()
    app = WorkbenchApp(path, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CallListScreen)
        bar = str(app.screen.query_one("KeyBar").render())
        assert " l Outcome " in bar and " g Agenda " in bar and " f Agenda" not in bar
        await pilot.press("f1")
        await settle(pilot)
        rows = help_rows(app)
        assert rows["Outcome"] == "l" and rows["Agenda"] == "g,ctrl+g" and rows["Search"] == "?"
        assert rows["Move"] == "↑ ctrl+n pgup pgdn"
        everywhere = app.screen.query_one("#help-keys").render().plain.split("\n\n", 1)[0]
        assert "f1" in everywhere and "?" not in everywhere.replace("(supervisors)", "")
