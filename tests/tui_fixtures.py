"""A small, fixed call-session database for the app tests, built with plain SQL at a fixed date."""

from __future__ import annotations

import asyncio
import functools
import sqlite3
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path

from workbench.db import connect, open_db
from workbench.db.followups import append_event
from workbench.db.meta import terminal_id
from workbench.txn import write_transaction

NOW = datetime(2026, 11, 20, 10, 0, 0)
TODAY = NOW.date()
MARKUP_NAMES = ("[bold]x[/]", "[link=http://x]y[/link]")

# name, gender, segment, tier, days since the last activity, priority, triggers
CUSTOMERS = [
    ("张伟", "M", "high_value_dormant", 2, 412, 95.0, ""),
    ("欧阳娜娜", "F", "maturing_soon", 1, 200, 90.0, "maturity"),
    ("王芳", "F", "low_value_dormant", 1, 380, 85.0, ""),
    ("阿依古丽·买买提", "F", "birthday_soon", 0, 150, 80.0, "birthday"),
    (MARKUP_NAMES[0], "M", "low_value_dormant", 0, 300, 75.0, ""),
    (MARKUP_NAMES[1], "F", "unconverted_prospect", 0, 90, 70.0, ""),
    ("John Smith", "M", "near_next_tier", 1, 60, 65.0, "near_tier"),
    ("李明", "M", "downgraded", 1, 240, 60.0, "downgraded"),
]


def build(path: Path, *, extra_customers: int = 12) -> Path:
    """Branch, two managers and a supervisor, M1's customers scored, one follow-up due today."""
    db = open_db(path)
    c = db.conn
    c.execute("BEGIN")
    c.execute("INSERT INTO branches (branch_id, name) VALUES ('B1', '南京路支行')")
    c.executemany(
        "INSERT INTO staff (staff_id, name, role, branch_id) VALUES (?, ?, ?, 'B1')",
        [("M1", "李娜", "manager"), ("M2", "陈静", "manager"), ("S1", "王主管", "supervisor")],
    )
    rows = list(CUSTOMERS) + [
        (f"客户{n:02d}", "M" if n % 2 else "F", "low_value_dormant", 0, 100 + n, 50.0 - n, "") for n in range(extra_customers)
    ]
    for n, (name, gender, segment, tier, days, priority, triggers) in enumerate(rows, 1):
        c.execute(
            "INSERT INTO customers (customer_id, name, gender, phone_raw, phone_e164, phone_valid, phone_kind,"
            " manager_id, branch_id, aum_fen, opened_on, last_activity_on, segment, segments, tier,"
            " dormancy_score, priority, triggers, scored_on, birthday)"
            " VALUES (?, ?, ?, ?, ?, 1, 'mobile', 'M1', 'B1', ?, '2018-03-01', ?, ?, ?, ?, 80, ?, ?, ?, '1970-11-23')",
            (f"C{n:04d}", name, gender, f"1380013{n:04d}", f"+861380013{n:04d}", [0, 10_000_000, 60_000_000][tier],
             date.fromordinal(TODAY.toordinal() - days).isoformat(), segment, segment, tier, priority, triggers,
             TODAY.isoformat()),
        )
    c.execute(
        "INSERT INTO customers (customer_id, name, gender, phone_e164, phone_valid, manager_id, branch_id, segment, tier,"
        " last_activity_on, priority, scored_on) VALUES ('C9001', '赵六', 'M', '+8613900000001', 1, 'M2', 'B1',"
        " 'low_value_dormant', 0, ?, 40, ?)", (date.fromordinal(TODAY.toordinal() - 99).isoformat(), TODAY.isoformat())
    )
    c.execute(
        "INSERT INTO holdings (customer_id, product_type, product_name, balance_fen, opened_on, maturity_on)"
        " VALUES ('C0002', 'time_deposit', '三年期大额存单', 30000000, '2023-11-25', '2026-11-25'),"
        " ('C0001', 'wealth', '稳健理财30天', 50000000, '2025-01-10', NULL)"
    )
    append_event(c, followup_id="F-0003", customer_id="C0003", kind="created", at="2026-11-17T15:00:00",
                 terminal_id=terminal_id(c), by_id="M1", owner_id="M1", due_on=TODAY.isoformat(), slot="14:00",
                 channel="phone", purpose="call_back")
    from workbench.scoring.run import settings_digest
    from workbench.settings import load_settings

    # Scored today already, with the settings in force (the scores above stand), so opening the list does not rescore.
    c.execute("INSERT INTO scoring_runs (scored_on, branch_id, customers, fitted, settings_digest) VALUES (?, 'B1', ?, 0, ?)",
              (TODAY.isoformat(), len(rows) + 1, settings_digest(load_settings(c, "B1"))))
    c.execute("COMMIT")
    db.close()
    return path


def log_elsewhere(path: Path, customer_id: str, result: str = "phone_off", outcome: str | None = None, *,
                  at: datetime = NOW - timedelta(minutes=1)) -> None:
    """M1's call logged by another process (`workbench log`) on its own connection: an app open on path did not
    write it, so only its watcher reads it."""
    from workbench.outcomes import log_outcome

    with closing(connect(path)) as conn:
        log_outcome(conn, customer_id=customer_id, manager_id="M1", line_result=result, business_outcome=outcome,
                    at=at)


def book_elsewhere(path: Path, customer_id: str, *, followup_id: str = "F-0099", due_on: date = TODAY,
                   slot: str | None = "09:00", at: datetime = NOW, channel: str = "phone",
                   purpose: str = "call_back") -> str:
    """A follow-up for M1 booked by another process on its own connection, as the event a booking writes (the
    contact rules and past times unchecked): an app open on path did not write it, so only its watcher reads it."""
    with closing(connect(path)) as conn, write_transaction(conn):
        append_event(conn, followup_id=followup_id, customer_id=customer_id, kind="created", at=at.isoformat(),
                     terminal_id=terminal_id(conn), by_id="M1", owner_id="M1", due_on=due_on.isoformat(), slot=slot,
                     channel=channel, purpose=purpose)
    return followup_id



def db_rows(path: Path, sql: str, *params) -> list[tuple]:
    """What sql reads from path, on a connection of its own."""
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql, params).fetchall()


def db_write(path: Path, sql: str, *params) -> None:
    """sql written to path on a connection of its own (the workbench's, which commits each statement), as a test's
    setup changes the fixture's rows."""
    with closing(connect(path)) as conn:
        conn.execute(sql, params)


def sample_copy(tmp_path: Path) -> Path:
    """A copy of the repository's sample.sqlite (the committed file is never opened), for an app test at its size."""
    import shutil

    path = tmp_path / "sample.sqlite"
    shutil.copy(Path(__file__).resolve().parent.parent / "sample.sqlite", path)
    return path


def sync(test):
    """Run an async Pilot test on a fresh event loop (no asyncio plugin needed)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return run


async def settle(pilot, rounds: int = 3) -> None:
    """Let the workers finish and their messages land.

    A cancelled worker has finished, for a test: one whose screen closed on its own result (a hand-over that
    dismisses its screen), or an exclusive one a newer of its group replaced (the app's look for new data, every
    WATCH_SECONDS, replaces one still running on a loaded machine). Any failure is raised.
    """
    from textual.worker import WorkerCancelled

    for _ in range(rounds):
        workers = list(pilot.app.workers)
        ended = await asyncio.gather(*[worker.wait() for worker in workers], return_exceptions=True)
        for outcome in ended:
            if isinstance(outcome, BaseException) and not isinstance(outcome, WorkerCancelled):
                raise outcome
        await pilot.pause()


async def watched(pilot, rounds: int = 5) -> None:
    """The app's watcher takes its look now (as it does every WATCH_SECONDS) and what it found is read again."""
    pilot.app.watch_data()
    await settle(pilot, rounds)


def printed(widget, width: int = 120) -> str:
    """A Static's content as a terminal of that width would print it, without colour."""
    from rich.console import Console

    console = Console(width=width, color_system=None)
    with console.capture() as capture:
        console.print(widget.content)
    return capture.get()



def printed_in(screen, selector: str) -> str:
    """The content of the widget selector finds in screen, printed 200 columns wide (a long line kept whole)."""
    return printed(screen.query_one(selector), 200)

def screen_lines(app) -> list[str]:
    """The screen's rows as the terminal shows them, without colour."""
    import io

    from rich.console import Console

    console = Console(width=app.size.width, color_system=None, record=True, file=io.StringIO())
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text().splitlines()


def on_screen(app, widget) -> list[str]:
    """The rows the widget shows on the screen, cut to its columns (a Chinese character is two)."""
    from rich.cells import cell_len

    region = widget.region
    rows = []
    for row in screen_lines(app)[region.y:region.bottom]:
        at, kept = 0, []
        for char in row:
            if region.x <= at and at + cell_len(char) <= region.right:
                kept.append(char)
            at += cell_len(char)
        rows.append("".join(kept).rstrip())
    return rows


def option_ids(options) -> list[str]:
    """The ids of an OptionList's options, in order."""
    return [options.get_option_at_index(i).id for i in range(options.option_count)]


def staff_ids(app) -> list[str]:
    """The ids offered on "Whose call list?" / "Who are you?"."""
    return option_ids(app.screen.query_one("#staff"))


async def highlight_option(pilot, selector: str, option_id: str) -> None:
    """Highlight the option with this id in the screen's OptionList (by selector), as the arrow keys would."""
    await settle(pilot)
    options = pilot.app.screen.query_one(selector)
    options.highlighted = option_ids(options).index(option_id)
    await settle(pilot)


async def pressed(pilot, screen_type, *keys: str):
    """Press keys once the app has settled and return the screen they open, checked to be a screen_type."""
    await settle(pilot)
    await pilot.press(*keys)
    await settle(pilot)
    assert isinstance(pilot.app.screen, screen_type), pilot.app.screen
    return pilot.app.screen


async def pick(pilot, staff_id: str) -> None:
    """Open staff_id's call list from "Whose call list?" (or "Who are you?")."""
    await highlight_option(pilot, "#staff", staff_id)
    await pilot.press("enter")
    await settle(pilot)


async def contact_by(pilot, form, move: str = "down") -> None:
    """Pick the contact's channel with the keys, as a manager would: tab to it (the first field), open it, move, enter."""
    select = form.query_one("#contact-channel")
    assert select.display
    if form.focused is not select:
        await pilot.press("tab")
        assert form.focused is select
    await pilot.press("enter", move, "enter")
    await settle(pilot)


def keys_stay(app, form) -> None:
    """The outcome form's keys on the dialog's last row, under everything else, and the dialog on the screen."""
    keys, box = form.query_one("#keys-hint"), form.query_one("#form")
    assert box.region.y >= 0 and box.region.bottom <= app.size.height
    assert keys.region.bottom == box.region.bottom - 1   # above the border: nothing under the keys
    assert on_screen(app, keys)[0].startswith("^s ")
    for widget in form.query_one("#form").children:
        if widget.display and widget is not keys:
            assert widget.region.bottom <= keys.region.y, widget


async def at_list(pilot):
    """The call list once settled: its table and the ids of all it lists, in order."""
    from workbench.screens.call_list import CallListScreen
    from workbench.screens.widgets.call_table import CallTable

    await settle(pilot)
    assert isinstance(pilot.app.screen, CallListScreen)
    table = pilot.app.screen.query_one(CallTable)
    return table, table.ids_from(0, table.total)


async def card_after(pilot, *keys: str) -> str:
    """Press keys and return the customer whose card they open."""
    from workbench.screens.customer_card import CustomerCardScreen

    await pilot.press(*keys)
    await settle(pilot, 5)
    assert isinstance(pilot.app.screen, CustomerCardScreen), pilot.app.screen
    return pilot.app.screen.customer_id


async def back_to_list(pilot) -> None:
    """Escape from a card back to the call list."""
    from workbench.screens.call_list import CallListScreen

    await pilot.press("escape")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CallListScreen)
