"""A customer erased by another process (`privacy erase` from the CLI, or a bundle's erasure entry) while their card is
open: the app's watcher hears the 'erase' audit entry, the card is read again (the name and number are gone) and the
call list they leave is reloaded."""

from __future__ import annotations

import pytest

from test_tui_app_shell import at_list, cli, loaded_ids, until
from tui_fixtures import NOW, build, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.widgets.call_table import CallTable


@pytest.fixture(autouse=True)
def quick_watch(monkeypatch):
    monkeypatch.setattr(WorkbenchApp, "WATCH_SECONDS", 0.2)


def title(app) -> str:
    return app.screen.query_one("#card-title").render().plain


@sync
async def test_an_open_card_of_a_customer_erased_elsewhere_is_read_again(tmp_path):
    db_file = build(tmp_path / "live.sqlite")
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(120, 30)) as pilot:
        app, table = pilot.app, await at_list(pilot)
        before = table.total
        assert "C0001" in loaded_ids(table)
        app.push_screen(CustomerCardScreen("C0001"))
        await settle(pilot)
        name = title(app).split("C0001")[0].strip()
        assert name and name != "(erased)"
        cli(db_file, "--user", "S1", "privacy", "erase", "--customer", "C0001", "--yes")
        assert await until(pilot, lambda: title(app).startswith("(erased)"), seconds=5), title(app)
        assert name not in title(app)
        assert "138 0013 0001" not in title(app)   # the number revealed before the erasure goes too
        lists = [s for s in app.screen_stack if isinstance(s, CallListScreen)]
        table = lists[0].query_one(CallTable)
        assert await until(pilot, lambda: table.total == before - 1, seconds=5)
        await settle(pilot)
        assert "C0001" not in loaded_ids(table)
        assert isinstance(app.screen, CustomerCardScreen)
