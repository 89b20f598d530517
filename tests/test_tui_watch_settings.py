"""An open app follows settings changed by another process (`workbench settings set tiers.lines_fen ...` in another
terminal): the watcher sees the change, the customers are scored again with the new lines, and the list then names
each stored tier by them. The list used to keep the old tiers and name them by the new lines (a customer below
900k named 900k) until a `workbench calllist` scored again."""

from __future__ import annotations

from contextlib import closing

from test_tui_app_shell import until
from test_tui_call_list import lines
from tui_fixtures import NOW, printed, settle, sync, watched
from workbench.db import connect
from workbench.screens.app import WorkbenchApp, data_changes
from workbench.screens.customer_card import CustomerCardScreen
from workbench.settings import set_setting

NEW_LINES = [5_000_000, 90_000_000, 300_000_000, 600_000_000]   # 50k, 900k, 3M, 6M: 张伟's 600k is below 900k now


def set_elsewhere(db_file, key, value) -> None:
    with closing(connect(db_file)) as conn:
        conn.execute("BEGIN")
        set_setting(conn, key, value, "B1")
        conn.execute("COMMIT")


def tier_shown(app, customer_id: str) -> tuple[int, str]:
    line, entry = next((line, entry) for line, entry in lines(app) if entry.customer_id == customer_id)
    return entry.tier, line


@sync
async def test_new_tier_lines_set_elsewhere_rescore_the_open_list(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        tier, line = tier_shown(app, "C0001")
        assert tier == 2 and " 500k " in line   # 600k, by the default lines
        set_elsewhere(db_file, "tiers.lines_fen", NEW_LINES)
        await watched(pilot)
        assert await until(pilot, lambda: tier_shown(app, "C0001")[0] == 1)
        await settle(pilot)
        tier, line = tier_shown(app, "C0001")
        assert " 50k " in line and " 900k " not in line
        assert all(" 900k " not in line for line, entry in lines(app) if entry.tier != 2)
        app.push_screen(CustomerCardScreen("C0001"))   # the card agrees
        await settle(pilot)
        assert "Tier: 50k" in " ".join(printed(app.screen.query_one("#profile")).split())

def test_the_watcher_hears_a_setting_changed_and_only_then(db_file):
    with closing(connect(db_file)) as conn:
        marks = data_changes(conn, None, frozenset(), "T").marks
        assert data_changes(conn, marks, frozenset(), "T") is None   # nothing changed: nothing to do
        set_elsewhere(db_file, "calllist.daily_target", 25)
        changed = data_changes(conn, marks, frozenset(), "T")
    assert changed.settings and not changed.customers and not changed.imported
