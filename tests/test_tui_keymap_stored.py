"""app.keymap as the app takes it when it starts: shift+o fires as the O Textual reports; a clashing map written
into the table around `settings set` is not used (the default keys, and a sentence saying why)."""

from __future__ import annotations

import json
from contextlib import closing

from tui_fixtures import NOW, build, pressed, sync
from workbench.db import connect, open_db
from workbench.screens.agenda import AgendaScreen
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.help import HelpScreen
from workbench.screens.outcome_form import OutcomeForm
from workbench.settings import set_setting


def with_keymap(tmp_path, keymap: dict, *, checked: bool = True):
    """The app tests' database with keymap stored: through the settings' check, or written into the table as is."""
    path = build(tmp_path / "k.sqlite")
    if checked:
        db = open_db(path)
        with db.conn:
            set_setting(db.conn, "app.keymap", keymap)
        db.close()
    else:
        with closing(connect(path)) as conn, conn:
            conn.execute("INSERT INTO settings (scope, key, value) VALUES ('bank', 'app.keymap', ?)", (json.dumps(keymap),))
    return path


def bar(app) -> str:
    return app.screen.query_one("KeyBar").render().plain


@sync
async def test_shift_o_is_bound_as_the_O_textual_reports(tmp_path):
    app = WorkbenchApp(with_keymap(tmp_path, {"outcome": "shift+o"}), now=NOW, lang="en", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        await pressed(pilot, CallListScreen)
        assert bar(app).startswith(" ⏎ Open  O Outcome  n Next "), bar(app)
        help_text = (await pressed(pilot, HelpScreen, "question_mark")).query_one("#help-keys").render().plain
        assert "shift+o" not in help_text and any(row.split() == ["O", "Outcome"] for row in help_text.splitlines())
        await pilot.press("escape")
        await pressed(pilot, OutcomeForm, "O")   # what Shift+O sends


@sync
async def test_a_clashing_keymap_in_the_table_is_not_used_and_the_app_says_why(tmp_path):
    app = WorkbenchApp(with_keymap(tmp_path, {"outcome": "f"}, checked=False), now=NOW, lang="en", user="M1")
    said = []
    app.notify = lambda message, **kwargs: said.append(message)
    async with app.run_test(size=(120, 30)) as pilot:
        await pressed(pilot, CallListScreen)
        assert said[:1] == [
            "Setting app.keymap gives f to both Outcome (outcome) and Agenda (agenda) on the call list; give each its"
            " own key. Until app.keymap is corrected with `workbench settings set` or removed with `workbench settings"
            " unset`, the app uses its default keys."]
        assert " o Outcome " in bar(app) and " f Agenda " in bar(app)
        await pressed(pilot, AgendaScreen, "f")
        await pilot.press("escape")
        await pressed(pilot, OutcomeForm, "o")
