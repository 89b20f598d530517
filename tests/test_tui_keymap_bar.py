"""The key bar offers each binding where its screen declares it: a bank's remapped key keeps its place (Textual puts
a remapped binding last, the first to drop on a narrow terminal), and the agenda's ⏎ Open is offered as the call
list's is (the focused list's own hidden enter, which selects, hid it; the agenda opens what is selected)."""

from __future__ import annotations

from tui_fixtures import NOW, build, card_after, pressed, sync
from workbench.db import open_db
from workbench.screens.agenda import AgendaScreen
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.settings import set_setting


def bar(app) -> str:
    return app.screen.query_one("KeyBar").render().plain


@sync
async def test_a_remapped_key_keeps_its_place_on_the_key_bar(tmp_path):
    async def words(keymap: dict) -> list[str]:
        path = build(tmp_path / f"k{''.join(sorted(keymap))}.sqlite")
        db = open_db(path)
        with db.conn:
            set_setting(db.conn, "app.keymap", keymap)
        db.close()
        app = WorkbenchApp(path, now=NOW, lang="en", user="M1")
        async with app.run_test(size=(80, 24)) as pilot:
            await pressed(pilot, CallListScreen)
            return bar(app).split()

    default = await words({})
    assert default[:8] == ["⏎", "Open", "o", "Outcome", "n", "Next", "f", "Agenda"]
    moved = await words({"outcome": "l", "agenda": "g"})
    assert moved == [{"o": "l", "f": "g"}.get(word, word) for word in default]
    capital = await words({"outcome": "O"})   # dropped first at 80 columns, when it went last
    assert capital == [{"o": "O"}.get(word, word) for word in default]


@sync
async def test_the_agenda_bar_starts_with_enter_open_and_enter_opens(tmp_path):
    app = WorkbenchApp(build(tmp_path / "a.sqlite"), now=NOW, lang="en", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        agenda = await pressed(pilot, AgendaScreen, "f")
        shown = bar(app)
        assert shown.startswith(" ⏎ Open  r Reschedule  c Complete  a Accept  esc Back"), shown
        assert await card_after(pilot, "enter") == agenda._current().customer_id
