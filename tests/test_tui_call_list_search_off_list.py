"""A search on the call list finds the customers it matches who are off today's list too, so that one who phones in
can be opened: below the listed, under a heading of their own, each marked with why (booked for a later day, resting
under the contact rules until when, do not call, …), the manager's own only, to a supervisor the branch's others with
whose they are. `enter` (and `n`, `o`) open them; logging from their card is refused or saved as from the list. They
were counted ("3 booked for a later day") but could not be reached: "Nobody to call on this list."."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime, timedelta

import pytest

from tui_fixtures import NOW, TODAY, book_elsewhere, build, log_elsewhere, pick, settle, sync, watched
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.outcome_form import OutcomeForm
from workbench.screens.widgets.call_table import CallTable

NOT_SHOWN = {"en": "1 more match not shown: 1 with another manager", "zh_CN": "另有未列出的匹配客户1位：属其他客户经理1位"}
SAID = {   # the heading, then why each of M1's is off the list, as the table's reason column says it
    "en": ("Not on today's list: 3 matching customers", "booked for 11-21 15:00", "resting: not interested until 12-19",
           "do not call", "张伟: not on today's list: booked for 11-21 15:00"),
    "zh_CN": ("不在今天名单上的匹配客户3位", "已约11-21 15:00跟进", "暂缓联系至12-19（无意向）", "要求勿扰",
              "张伟：不在今天的名单上：已约11-21 15:00跟进"),
}


@pytest.fixture
def db_file(tmp_path):
    """Four customers whose phones end in 3199: M1's 张伟 (C0001) with a call booked for tomorrow at 15:00, 阿依古丽
    (C0004) resting a month after saying she was not interested, John Smith (C0007) who asked not to be called, and
    M2's 赵六 (C9001)."""
    path = build(tmp_path / "off_list.sqlite")
    with closing(sqlite3.connect(path)) as conn, conn:
        for cid in ("C0001", "C0004", "C0007", "C9001"):
            conn.execute("UPDATE customers SET phone_e164 = ? WHERE customer_id = ?", (f"+86139{cid[1:]}3199", cid))
        conn.execute("UPDATE customers SET do_not_call = 1, priority = NULL WHERE customer_id = 'C0007'")
    book_elsewhere(path, "C0001", followup_id="F-0001", due_on=TODAY + timedelta(days=1), slot="15:00",
                   at=datetime(2026, 11, 19, 15, 0))
    log_elsewhere(path, "C0004", "reached", "not_interested", at=NOW - timedelta(days=1))
    return path


def rows(table: CallTable) -> list[str]:
    """The table's lines as drawn, trailing blanks dropped."""
    lines = [" ".join(table.render_line(y).text.split()) for y in range(table.size.height)]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def why(screen) -> str:
    return " ".join(screen.query_one("#why").content.plain.split())


async def search(pilot, text: str) -> CallTable:
    await pilot.press("slash", *text, "enter")
    await settle(pilot)
    return pilot.app.screen.query_one(CallTable)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_a_search_finding_only_customers_off_the_list_shows_them_and_enter_opens_their_card(db_file, lang):
    heading, booked, resting, dnc, said = SAID[lang]
    async with WorkbenchApp(db_file, now=NOW, lang=lang, user="M1").run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        table = screen.query_one(CallTable)
        assert table.off_list == [] and table.rows == table.total   # no search: the list alone, nothing read
        table = await search(pilot, "3199")
        assert table.total == 0
        drawn = rows(table)
        assert drawn[0] == heading and len(drawn) == 4, drawn
        assert drawn[1].startswith("张伟 139****3199") and drawn[1].endswith(booked)
        assert drawn[2].startswith("阿依古丽·买买…") and drawn[2].endswith(resting)
        assert drawn[3].startswith("John Smith") and drawn[3].endswith(dnc)
        assert "赵六" not in " ".join(drawn)   # M2's: counted on the line above, not shown to M1
        assert screen.query_one("#not-shown").content.plain == NOT_SHOWN[lang]   # John Smith, drawn, not counted
        assert table.cursor == 1 and why(screen) == said   # on the first of them, at once
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CustomerCardScreen) and pilot.app.screen.customer_id == "C0001"
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is screen and table.current.customer_id == "C0001"
        await pilot.press("escape")   # the search cleared: the section goes with it
        await settle(pilot)
        assert table.off_list == [] and table.total > 0 and "Not on" not in " ".join(rows(table))


@sync
async def test_they_stand_below_the_listed_and_the_highlight_passes_over_their_heading(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        table = await search(pilot, "C000")   # C0001…C0009: six listed, three off the list
        assert table.total == 6 and [m.customer_id for m in table.off_list] == ["C0001", "C0004", "C0007"]
        drawn = rows(table)
        assert drawn[6] == "Not on today's list: 3 matching customers" and drawn[7].endswith("booked for 11-21 15:00")
        assert all(len(table.render_line(y).text) <= 80 for y in range(table.size.height))
        await pilot.press("end")
        assert table.current.customer_id == "C0007" and why(screen) == "John Smith: not on today's list: do not call"
        await pilot.press("up", "up", "up")   # over the heading to the last listed
        assert table.cursor == 5 and table.current.customer_id == table.ids_from(5, 1)[0]
        await pilot.press("down")
        assert table.cursor == 7 and table.current.customer_id == "C0001"
        await pilot.press("o")   # the outcome form, for them, as from a listed row
        await settle(pilot)
        assert isinstance(pilot.app.screen, OutcomeForm) and pilot.app.screen.customer_id == "C0001"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("n")   # the highlighted customer, not the first listed
        await settle(pilot, 5)
        assert isinstance(pilot.app.screen, CustomerCardScreen) and pilot.app.screen.customer_id == "C0001"


@sync
async def test_the_list_read_again_keeps_the_highlight_on_the_customer_off_it(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        table = await search(pilot, "C000")
        await pilot.press("end", "up")
        assert table.current.customer_id == "C0004"
        log_elsewhere(db_file, "C0002")   # a call logged in another terminal: the watcher reads the list again
        await watched(pilot)
        assert table.total == 5 and table.current.customer_id == "C0004"
        assert why(screen) == "阿依古丽·买买提: not on today's list: resting: not interested until 12-19"
        assert [m.customer_id for m in table.off_list] == ["C0001", "C0002", "C0004", "C0007"]   # C0002 rests now


@sync
async def test_clearing_the_search_on_a_customer_off_the_list_highlights_the_customer_before_the_search(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = pilot.app.screen.query_one(CallTable)
        await pilot.press("down", "down")
        before = table.current.customer_id
        await search(pilot, "C000")
        await pilot.press("end")
        assert table.current.customer_id == "C0007"
        await pilot.press("escape")   # the search gone: C0007 is on no list, the highlight goes back where it was
        await settle(pilot, 5)
        assert table.cursor == 2 and table.current.customer_id == before


@sync
async def test_clearing_a_search_that_lists_nobody_on_a_customer_off_the_list_highlights_the_top(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = await search(pilot, "3199")
        await pilot.press("end")
        assert table.total == 0 and table.current.customer_id == "C0007"
        await pilot.press("escape")
        await settle(pilot, 5)
        assert table.total and table.cursor == 0 and table.current is table.entry(0)


@sync
async def test_logging_from_the_card_of_a_customer_off_the_list_obeys_the_contact_rules(db_file):
    """The not-interested customer phones back: a call tomorrow is refused as from the list (her rest lasts), a
    call after it is saved."""
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await search(pilot, "阿依古丽")
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen.customer_id == "C0004"
        await pilot.press("o")
        await settle(pilot)
        form = pilot.app.screen
        await pilot.press("2", "d", "ctrl+s")   # no answer, a call tomorrow
        await settle(pilot)
        assert isinstance(pilot.app.screen, OutcomeForm)
        assert "before 2026-12-19" in str(form.query_one("#form-status").render())
        form.query_one("#when").value = "2026-12-21"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        assert not isinstance(pilot.app.screen, OutcomeForm)
    with closing(sqlite3.connect(db_file)) as conn:
        assert conn.execute("SELECT line_result, manager_id FROM outcomes WHERE customer_id = 'C0004'"
                            " ORDER BY at").fetchall() == [("reached", "M1"), ("no_answer", "M1")]
        assert conn.execute("SELECT due_on FROM followups WHERE customer_id = 'C0004'").fetchall() == [("2026-12-21",)]


@pytest.mark.parametrize(("lang", "whose"), [("en", "with 陈静"), ("zh_CN", "属陈静")])
@sync
async def test_a_supervisor_finds_the_other_managers_customers_too_and_whose_they_are(db_file, lang, whose):
    async with WorkbenchApp(db_file, now=NOW, lang=lang, user="S1").run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pick(pilot, "M1")
        assert isinstance(pilot.app.screen, CallListScreen)
        table = await search(pilot, "3199")
        assert [m.customer_id for m in table.off_list] == ["C0001", "C0004", "C0007", "C9001"]
        assert rows(table)[-1].startswith("赵六") and rows(table)[-1].endswith(whose)
        await pilot.press("end", "enter")
        await settle(pilot)
        assert pilot.app.screen.customer_id == "C9001"


@sync
async def test_at_most_fifty_are_read_and_the_heading_says_so(tmp_path):
    path = build(tmp_path / "many.sqlite", extra_customers=60)
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE customers SET do_not_call = 1 WHERE name LIKE '客户%'")
    async with WorkbenchApp(path, now=NOW, lang="en", user="M1").run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = await search(pilot, "客户")
        assert table.total == 0 and len(table.off_list) == 50 and table.off_more
        assert rows(table)[0] == "Not on today's list: the first 50 matching customers"
        # The 50 drawn are not counted as not shown: the line says the 10 more.
        assert pilot.app.screen.query_one("#not-shown").content.plain == "10 more matches not shown: 10 do not call"
