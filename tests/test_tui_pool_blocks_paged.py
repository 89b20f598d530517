"""The pool's words for a customer who may not be marketed to are read with each page (pool.blocks_of), never kept
from an earlier read: a later page's customer has theirs, and a block that came while the pool was open (another
desk's do-not-call, an import) is said when the page is read again, which a read once per screen would miss (and
on the 200k sample that read costs more, not less: see the commit that added this test)."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from tui_fixtures import NOW, build, db_write, pick, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.who_am_i import POOL_OPTION


@sync
async def test_each_page_says_its_own_customers_blocks_as_they_are_now(tmp_path, monkeypatch):
    import workbench.screens.pool as pool_screen

    monkeypatch.setattr(pool_screen, "SHOWN", 1)   # a customer a page
    path = build(tmp_path / "pool.sqlite")
    db_write(path, "INSERT INTO customers (customer_id, name, branch_id, aum_fen, priority, tier, do_not_call) VALUES"
                   " ('P1', '钱多多', 'B1', 1000, 90, 0, 0), ('P2', '孙小美', 'B1', 1000, 80, 0, 1)")
    app = WorkbenchApp(path, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pick(pilot, POOL_OPTION)
        table, status = app.screen.query_one("#pool", DataTable), app.screen.query_one("#pool-status", Static)

        async def page(key: str) -> tuple[str, str]:
            await pilot.press(key)
            await settle(pilot)
            return str(table.get_row_at(0)[0]), str(status.content)

        assert (str(table.get_row_at(0)[0]), str(status.content)) == ("P1", "")
        assert await page("n") == ("P2", "Do not call: no marketing, visits only")
        db_write(path, "UPDATE customers SET consent = 0 WHERE customer_id = 'P1'")   # meanwhile, elsewhere
        assert await page("p") == ("P1", "No marketing consent: visits only")
