"""The pool's warm leads are worked out once for the screen (pool.pool_leads, most of a page's read on a large pool),
not for every page (warm_leads counted): a page turn takes them as they were, an assignment works them out again, and so does a page read
after the watcher saw another process's write (a call logged elsewhere may make a lead). The blocks are read with
each page all the same (test_tui_pool_blocks_paged)."""

from __future__ import annotations

from textual.widgets import DataTable

from test_tui_pool import interested_then_pooled
from tui_fixtures import NOW, build, db_write, log_elsewhere, pick, pressed, settle, sync, watched
from workbench.screens.app import WorkbenchApp
from workbench.screens.assign_to import AssignToScreen
from workbench.screens.who_am_i import POOL_OPTION


@sync
async def test_a_page_turn_keeps_the_warm_leads_an_assignment_or_another_process_reads_them_again(tmp_path,
                                                                                                  monkeypatch):
    import workbench.pool as pool
    import workbench.screens.pool as pool_screen

    monkeypatch.setattr(pool_screen, "SHOWN", 1)   # a customer a page
    path = build(tmp_path / "pool.sqlite")
    db_write(path, "INSERT INTO customers (customer_id, name, branch_id, aum_fen, priority, tier) VALUES"
                   " ('P1', '钱多多', 'B1', 1000, 90, 0), ('P2', '孙小美', 'B1', 1000, 80, 0),"
                   " ('P3', '周大福', 'B1', 1000, NULL, 0)")
    interested_then_pooled(path, "P3", "M1", days_ago=3)
    reads, read = [], pool.warm_leads   # pool_leads's work
    monkeypatch.setattr(pool, "warm_leads", lambda *args, **given: (reads.append(args[1]), read(*args, **given))[1])
    app = WorkbenchApp(path, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pick(pilot, POOL_OPTION)
        table = app.screen.query_one("#pool", DataTable)

        async def page(key: str) -> tuple[str, int]:
            await pilot.press(key)
            await settle(pilot)
            return str(table.get_row_at(0)[0]), len(reads)

        assert (str(table.get_row_at(0)[0]), len(reads)) == ("P3", 1)   # the warm lead first
        assert await page("n") == ("P1", 1)
        assert await page("n") == ("P2", 1)
        assert await page("p") == ("P1", 1)
        await pressed(pilot, AssignToScreen, "a")
        await pilot.press("enter")   # P1 to the first manager offered
        await settle(pilot)
        assert len(reads) == 2 and "P1" not in [str(table.get_row_at(0)[0])]
        assert await page("p") == ("P3", 2)
        log_elsewhere(path, "C0001")   # another process's call: the watcher's marks move on
        await watched(pilot)
        assert await page("n") == ("P2", 3)
        assert await page("p") == ("P3", 3)
