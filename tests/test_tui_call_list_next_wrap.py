"""`n` past the end of the call list goes on from the top, to the first customer not yet called this session, and
says "That was the last customer on the list." once everyone left was called: from the list, from the card and
after an outcome saved on the card (whose list read finds the next customer too, in the same read)."""

from __future__ import annotations

import sqlite3

import pytest
from textual.notifications import Notify

from tui_fixtures import NOW, at_list, back_to_list, card_after, log_elsewhere, settle, sync, watched
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.widgets.call_table import CallTable

# The lists below are searches: n says the search has nobody else, not that the day is done.
LAST = {"en": "No other customer on this search; esc clears it.", "zh_CN": "此搜索下没有其他客户；按 esc 清除搜索。"}
SAVED = {"en": "Saved.", "zh_CN": "已保存。"}


class Notices:
    """A message hook: the toasts shown, in order."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def __call__(self, message) -> None:
        if isinstance(message, Notify):
            self.said.append(message.notification.message)


async def searched(pilot, text: str) -> tuple[CallTable, list[str]]:
    """The list narrowed by a search (/), once it is shown."""
    await at_list(pilot)
    await pilot.press("slash", *text, "enter")
    return await at_list(pilot)


async def saved_interested(pilot) -> str:
    """The card's customer saved as reached and interested, nothing booked (asked once): the card opened next."""
    await pilot.press("o")
    await settle(pilot)
    await pilot.press("1", "3", "x", "ctrl+s")
    await settle(pilot)
    return await card_after(pilot, "ctrl+s")


@sync
async def test_n_back_on_the_list_from_the_last_customer_opens_the_first_at_the_top(db_file):
    notices = Notices()
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24),
                                                                            message_hook=notices) as pilot:
        table, ids = await at_list(pilot)
        assert await card_after(pilot, "end", "enter") == ids[-1]
        await back_to_list(pilot)
        assert await card_after(pilot, "n") == ids[0]
        await back_to_list(pilot)
        assert table.cursor == 0 and table.current.customer_id == ids[0]
        assert notices.said == []   # more customers to call: nothing to say


@sync
async def test_n_on_the_last_customer_s_card_opens_the_first_not_yet_called_at_the_top(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        table, ids = await at_list(pilot)
        assert await card_after(pilot, "enter") == ids[0]
        assert await card_after(pilot, "o", "2", "ctrl+s") == ids[1]   # no answer: off today's list
        await back_to_list(pilot)
        assert await card_after(pilot, "end", "enter") == ids[-1]
        assert await card_after(pilot, "n") == ids[1]   # ids[0] was called this session
        await back_to_list(pilot)
        assert table.current.customer_id == ids[1]


@sync
async def test_an_outcome_saved_on_the_last_customer_opens_the_first_at_the_top_and_the_list_highlights_them(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        table, ids = await at_list(pilot)
        assert await card_after(pilot, "end", "enter") == ids[-1]
        assert await card_after(pilot, "o", "2", "ctrl+s") == ids[0]
        await back_to_list(pilot)
        assert table.total == len(ids) - 1 and ids[-1] not in table.ids_from(0, table.total)
        assert table.cursor == 0 and table.current.customer_id == ids[0]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_when_everyone_on_the_list_was_called_n_and_a_save_say_so_and_open_nobody(db_file, lang):
    notices = Notices()
    async with WorkbenchApp(db_file, now=NOW, lang=lang, user="M1").run_test(size=(80, 24),
                                                                            message_hook=notices) as pilot:
        table, ids = await searched(pilot, "John")   # a list of one: John Smith
        assert len(ids) == 1
        assert await card_after(pilot, "enter") == ids[0]
        await back_to_list(pilot)
        await pilot.press("n")
        await settle(pilot, 5)
        assert isinstance(pilot.app.screen, CallListScreen) and notices.said == [LAST[lang]]
        assert await card_after(pilot, "enter") == ids[0]
        await pilot.press("n")   # the card's n: nobody after them either
        await settle(pilot, 5)
        assert pilot.app.screen.customer_id == ids[0] and notices.said == [LAST[lang]] * 2
        await pilot.press("o", "2", "ctrl+s")   # saved: the list, read again, has nobody left
        await settle(pilot, 5)
        assert isinstance(pilot.app.screen, CustomerCardScreen) and pilot.app.screen.customer_id == ids[0]
        assert notices.said[2:] == [SAVED[lang], LAST[lang]]
        await back_to_list(pilot)
        assert table.total == 0


@sync
async def test_a_saved_outcome_reads_the_list_once_for_the_list_and_the_next_customer(db_file, monkeypatch):
    from workbench import calllist

    placed = []
    original = calllist.placed_row
    monkeypatch.setattr(calllist, "placed_row", lambda *args: (placed.append(args[6][0]), original(*args))[1])
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        table, ids = await at_list(pilot)
        assert await card_after(pilot, "down", "down", "enter") == ids[2]
        placed.clear()
        assert await card_after(pilot, "o", "2", "ctrl+s") == ids[3]
        await back_to_list(pilot)
        assert placed == [ids[3]] and table.current.customer_id == ids[3]   # once, by the one below the saved


@sync
async def test_an_outcome_that_moves_the_customer_up_opens_the_one_below_where_they_stood(db_file):
    """Working down the list from row 4, the manager goes on at row 5, not back at the rows passed over that the
    interested customer rose above."""
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        table, ids = await at_list(pilot)
        assert await card_after(pilot, "down", "down", "down", "enter") == ids[3]
        assert await saved_interested(pilot) == ids[4]
        await back_to_list(pilot)
        assert table.ids_from(0, 5) == [ids[0], ids[3], ids[1], ids[2], ids[4]]   # interested: risen above ids[1]
        assert table.cursor == 4 and table.current.customer_id == ids[4]


@sync
async def test_n_on_a_list_another_process_changed_since_it_was_read_highlights_the_customer_it_opens(db_file,
                                                                                                   monkeypatch):
    monkeypatch.setattr(WorkbenchApp, "WATCH_SECONDS", 3600)   # the watcher looks at start only: the rows go stale
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        table, ids = await at_list(pilot)
        assert await card_after(pilot, "down", "down", "down", "enter") == ids[3]
        await back_to_list(pilot)
        log_elsewhere(db_file, ids[1])   # the rows below it move up one, unseen
        assert await card_after(pilot, "n") == ids[4]   # found on row 3, where the rows shown still hold ids[3]
        await back_to_list(pilot)
        assert ids[1] not in table.ids_from(0, table.total)
        assert table.cursor == 3 and table.current.customer_id == ids[4]


@sync
async def test_an_outcome_that_moves_the_last_customer_up_opens_the_first_at_the_top(db_file):
    """On the last row nobody is shown below the saved customer: the next one is found from the top, not from where
    the call moved them (an interested customer rises above rows at the top the manager passed over)."""
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        table, ids = await at_list(pilot)
        assert await card_after(pilot, "end", "enter") == ids[-1]
        assert await saved_interested(pilot) == ids[0]
        await back_to_list(pilot)
        assert table.ids_from(0, 3) == [ids[0], ids[-1], ids[1]]   # interested: risen above ids[1]
        assert table.cursor == 0 and table.current.customer_id == ids[0]


@sync
async def test_a_list_read_that_failed_after_a_save_leaves_no_next_customer_for_a_later_read_to_open(db_file,
                                                                                                   monkeypatch):
    from workbench.screens import call_list

    original = call_list.next_customer

    def fails(*args):
        monkeypatch.setattr(call_list, "next_customer", original)   # once: the reads after it work
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(WorkbenchApp, "WATCH_SECONDS", 3600)   # the watcher reads only when the test asks
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        table, ids = await at_list(pilot)
        assert await card_after(pilot, "enter") == ids[0]
        monkeypatch.setattr(call_list, "next_customer", fails)
        await pilot.press("o", "2", "ctrl+s")   # saved; the list's read, asked who comes next, fails
        await settle(pilot, 5)
        assert pilot.app.screen.customer_id == ids[0]
        await back_to_list(pilot)
        log_elsewhere(db_file, ids[2])   # another terminal's call: the watcher reads the list again
        await watched(pilot)
        assert isinstance(pilot.app.screen, CallListScreen)   # nobody opened unasked
        assert ids[2] not in table.ids_from(0, table.total)


@sync
async def test_only_the_failed_read_that_was_to_find_the_next_customer_forgets_them(db_file):
    """A page read or a card that failed meanwhile is no reason to drop the next customer a newer read will find."""
    from workbench.screens.call_list import NextWanted
    from workbench.screens.messages import Failed

    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        await at_list(pilot)
        screen = pilot.app.screen
        wanted = screen._next = NextWanted(screen.anchor_at(screen.query_one(CallTable).current.customer_id),
                                           frozenset())
        screen.on_failed(Failed("a page could not be read"))
        screen.on_failed(Failed("an older read", NextWanted(wanted.after, frozenset())))
        assert screen._next is wanted
        screen.on_failed(Failed("the read after the save", wanted))
        assert screen._next is None

