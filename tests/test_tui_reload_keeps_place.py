"""A list read again while the manager works keeps the highlight on the customer (or follow-up) it was on, not on
the row: a call logged elsewhere for a customer higher up shifts the rows, and `o` or enter must still act on the
customer the manager chose."""

from __future__ import annotations

from datetime import timedelta

from tui_fixtures import NOW, TODAY, book_elsewhere, log_elsewhere, settle, sync, watched
from workbench.db import connect
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.widgets.call_table import CallTable


async def list_at(pilot, row: int) -> CallTable:
    await settle(pilot)
    assert isinstance(pilot.app.screen, CallListScreen)
    table = pilot.app.screen.query_one(CallTable)
    for _ in range(row):
        await pilot.press("down")
    await settle(pilot)
    assert table.cursor == row
    return table


def shown_ids(table: CallTable) -> list[str]:
    return table.ids_from(0, table.total)


@sync
async def test_a_call_logged_elsewhere_above_the_highlight_leaves_it_on_the_same_customer(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        table = await list_at(pilot, 10)
        chosen, above = table.current.customer_id, shown_ids(table)[2]
        log_elsewhere(db_file, above)   # the phone is off: retried later, so off today's list
        await watched(pilot)
        assert above not in shown_ids(table)
        assert table.current.customer_id == chosen and table.cursor == 9
        await pilot.press("o")
        await settle(pilot)
        assert pilot.app.screen.customer_id == chosen   # the outcome form is for the customer the manager chose


@sync
async def test_when_the_highlighted_customer_leaves_the_list_the_one_below_takes_their_place(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        table = await list_at(pilot, 10)
        ids = shown_ids(table)
        log_elsewhere(db_file, ids[2])
        log_elsewhere(db_file, ids[10])   # the highlighted customer is called elsewhere too
        await watched(pilot)
        assert table.current.customer_id == ids[11] and table.cursor == 9


@sync
async def test_a_customer_whose_follow_up_falls_due_elsewhere_stays_highlighted_at_the_top(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        table = await list_at(pilot, 12)
        chosen = table.current.customer_id
        book_elsewhere(db_file, chosen)   # due today, so the customer moves up among the follow-ups
        await watched(pilot)
        assert table.current.customer_id == chosen and table.cursor == 0


@sync
async def test_the_agenda_read_again_keeps_the_highlight_on_the_follow_up(db_file):
    from workbench import followups

    # F-0001 due today, F-0002 tomorrow, F-0004 the day after: booked yesterday, for the day alone.
    for days, customer_id in enumerate(("C0001", "C0002", "C0004")):
        book_elsewhere(db_file, customer_id, followup_id=f"F-{customer_id[1:]}", due_on=TODAY + timedelta(days=days),
                       slot=None, at=NOW - timedelta(days=1, hours=1))
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        options = pilot.app.screen.query_one("#agenda")
        options.highlighted = options.get_option_index("F-0002")
        await settle(pilot)
        conn = connect(db_file)
        try:   # `workbench followup done` on this desk, for a follow-up above the highlighted one
            followups.complete(conn, "F-0001", at=NOW, by_id="M1")
        finally:
            conn.close()
        await watched(pilot)
        assert "F-0001" not in pilot.app.screen.items
        assert options.get_option_at_index(options.highlighted).id == "F-0002"
        conn = connect(db_file)
        try:   # now the highlighted one: the follow-up below it takes its place
            followups.complete(conn, "F-0002", at=NOW, by_id="M1")
        finally:
            conn.close()
        await watched(pilot)
        assert options.get_option_at_index(options.highlighted).id == "F-0004"


@sync
async def test_the_pool_read_again_after_an_assignment_highlights_the_customer_who_took_their_place(db_file):
    from textual.widgets import DataTable

    from workbench.pool import assign

    conn = connect(db_file)
    try:
        with conn:
            conn.executemany("INSERT INTO customers (customer_id, name, branch_id, aum_fen, priority, tier)"
                             " VALUES (?, ?, 'B1', 100000, ?, 0)", [(f"P{n}", f"池客户{n}", 90.0 - n) for n in range(7)])
    finally:
        conn.close()
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="S1").run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pilot.app.screen.query_one("#staff").highlighted = 0
        await pilot.press("enter")   # S1 on M1's list
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        table = pilot.app.screen.query_one("#pool", DataTable)
        table.move_cursor(row=3)
        await settle(pilot)
        assert pilot.app.screen._highlighted().customer_id == "P3"
        conn = connect(db_file)
        try:   # another supervisor gives the first two away meanwhile
            assign(conn, ["P0", "P1"], "M2", at=NOW, by_id="S1")
        finally:
            conn.close()
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("enter")   # to M1, the first offered
        await settle(pilot, 5)
        assert [str(table.get_row_at(n)[0]) for n in range(table.row_count)] == ["P2", "P4", "P5", "P6"]
        assert pilot.app.screen._highlighted().customer_id == "P4"
