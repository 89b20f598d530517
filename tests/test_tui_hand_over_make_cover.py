"""A cover for a manager's leave made from the app's hand-over dialog, as `workbench staff hand-over M --to T --until
DAY` makes it: a last day typed in its box (tab) makes the hand-over to the one manager highlighted a cover, planned,
asked first and refused as the command line's (the same engine call)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from textual.widgets import Input, Static

from tui_fixtures import NOW, build, db_rows, highlight_option, option_ids, pressed, printed, settle, sync
from workbench.db import open_db
from workbench.handover import hand_over
from workbench.screens.app import WorkbenchApp
from workbench.screens.confirm import ConfirmScreen
from workbench.screens.hand_over import GIVE_BACK, TO_POOL, HandOverScreen
from workbench.screens.who_am_i import WhoAmIScreen

LAST_DAY = "2026-12-01"   # a Tuesday, eleven days after NOW


@pytest.fixture
def path(tmp_path):
    """The TUI fixtures' branch: 李娜 (M1) and 陈静 (M2), supervisor S1."""
    return build(tmp_path / "cover.sqlite")


async def _last_day_typed(pilot, app, typed: str, taker: str = "M2") -> HandOverScreen:
    """S1's hand-over dialog for M1, taker highlighted, `typed` in the cover's box, the plan worked out."""
    await settle(pilot)
    await highlight_option(pilot, "#staff", "M1")
    screen = await pressed(pilot, HandOverScreen, "h")
    await highlight_option(pilot, "#takers", taker)
    await pilot.press("tab")
    assert app.focused is screen.query_one("#cover-until", Input)
    await pilot.press(*typed)
    await settle(pilot, 5)
    return screen


def _plan(screen) -> str:
    return printed(screen.query_one("#hand-over-plan", Static), 100)


@sync
async def test_a_last_day_typed_makes_the_hand_over_a_cover_asked_first_and_given_back_later(path):
    (customers,), = db_rows(path, "SELECT count(*) FROM customers WHERE manager_id = 'M1'")
    app = WorkbenchApp(path, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await _last_day_typed(pilot, app, "12-01")   # read as a follow-up's day is
        assert printed(screen.query_one("#hand-over-cover-day", Static), 60).strip() == f"→ {LAST_DAY} (Tue)"
        assert f"陈静 would cover 李娜 until {LAST_DAY}; this dialog then offers to give the customers back." in (
            " ".join(_plan(screen).split()))
        assert db_rows(path, "SELECT count(*) FROM covers") == [(0,)]   # the plan is a dry run
        await pilot.press("enter")   # the day given: back to the list
        assert app.focused is screen.query_one("#takers")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert " ".join(printed(app.screen.query_one("#confirm-question"), 100).split()) == (
            f"Hand over {customers} customers of 李娜 to 陈静 (M2) until {LAST_DAY}, to cover a leave?")
        await pilot.press("y")
        await settle(pilot, 5)
        assert isinstance(app.screen, WhoAmIScreen)
        # The notice says it is a cover, with whom and until when, as `staff hand-over --until` says it.
        assert f"陈静 covers 李娜 until {LAST_DAY} ({customers} customers)." in [
            " ".join(note.message.split()) for note in app._notifications]
        # As the command line's cover: the customers with 陈静, each kept in covers until the last day.
        assert db_rows(path, "SELECT to_id, until, count(*) FROM covers WHERE from_id = 'M1' AND back_at IS NULL"
                       " GROUP BY 1, 2") == [("M2", LAST_DAY, customers)]
        assert db_rows(path, "SELECT count(*) FROM customers WHERE manager_id = 'M1'") == [(0,)]
        again = await pressed(pilot, HandOverScreen, "h")   # M1 is still highlighted
        assert option_ids(again.query_one("#takers"))[0] == GIVE_BACK


def _refusal(cli, path, *args: str) -> str:
    said = cli("--db", path, "--user", "S1", "--now", NOW.isoformat(), "staff", "hand-over", "M1", *args)
    assert said.exit_code == 2 and said.stderr.startswith("error: "), said
    return said.stderr.removeprefix("error: ").strip()


@sync
async def test_a_cover_is_refused_in_the_command_lines_words_and_cannot_be_carried_out(path, cli):
    before = db_rows(path, "SELECT customer_id, manager_id FROM customers ORDER BY 1")
    not_one = _refusal(cli, path, "--to-pool", "--until", LAST_DAY)
    assert _refusal(cli, path, "--to", "M2", "--leave", "--until", LAST_DAY) == not_one
    past = _refusal(cli, path, "--to", "M2", "--until", "2026-11-19")
    app = WorkbenchApp(path, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _last_day_typed(pilot, app, LAST_DAY, taker=TO_POOL)
        assert " ".join(_plan(screen).split()) == not_one   # a cover is to one colleague
        await pilot.press("shift+tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HandOverScreen)   # nothing to ask: no plan
        await highlight_option(pilot, "#takers", "M2")
        await pilot.press("l")   # a leaver's customers are handed over without a last day
        await settle(pilot, 5)
        assert " ".join(_plan(screen).split()) == not_one
        await pilot.press("l", "tab", *["backspace"] * 5, *"11-19")   # 2026-11-19, yesterday
        await settle(pilot, 5)
        assert " ".join(_plan(screen).split()) == past
        await pilot.press(*["backspace"] * 10, *"someday")
        await settle(pilot, 5)
        assert " ".join(_plan(screen).split()) == ("Cannot read 'someday' as the cover's last day; type a day today or"
                                                   " later, such as 2026-11-27, 12-01, friday or +7d.")
        assert printed(screen.query_one("#hand-over-cover-day"), 60).strip() == ""
        await pilot.press("shift+tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HandOverScreen)
        await pilot.press("escape")
        await settle(pilot)
    assert db_rows(path, "SELECT customer_id, manager_id FROM customers ORDER BY 1") == before
    assert db_rows(path, "SELECT count(*) FROM covers") == [(0,)]


@sync
async def test_the_give_back_choice_has_no_last_day_to_type(path):
    db = open_db(path)
    hand_over(db.conn, "M1", ["M2"], at=datetime(2026, 10, 23, 18, 0), by_id="S1", until=date(2026, 11, 27))
    db.close()
    app = WorkbenchApp(path, now=NOW, lang="zh_CN", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await highlight_option(pilot, "#staff", "M1")
        screen = await pressed(pilot, HandOverScreen, "h")
        assert not screen.query_one("#hand-over-cover").display   # the give-back, highlighted first
        await pilot.press("down")
        await settle(pilot)
        assert screen.query_one("#hand-over-cover").display
        assert printed(screen.query_one("#hand-over-cover-label"), 60).strip() == "休假代管至（tab）："
