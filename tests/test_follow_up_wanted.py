"""An outcome that promises a next step (call back, interested, appointment) is not left with nothing
booked by accident: the engine says when nothing is, and the form asks once before saving."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import pytest
from factories import seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)
from tui_fixtures import NOW as APP_NOW
from tui_fixtures import build, settle, sync

from workbench import followups
from workbench.outcomes import nothing_booked
from workbench.screens.app import WorkbenchApp
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.outcome_form import OutcomeForm

DAY = date(2026, 11, 20)


def book(conn, due: str, channel: str = "phone") -> str:
    return followups.schedule(conn, customer_id="C1", owner_id="M1", due_on=due, at=datetime(2026, 11, 1),
                              channel=channel)


@pytest.mark.parametrize("outcome, wanted", [("interested", True), ("call_back", True), ("appointment", True),
                                             ("not_interested", False), ("reactivated", False), (None, False)])
def test_only_outcomes_that_promise_a_next_step_want_one(conn, outcome, wanted):
    assert nothing_booked(conn, "C1", outcome, DAY, "phone") is wanted


def test_a_follow_up_after_the_day_is_booked_and_one_due_by_it_is_not(conn):
    book(conn, "2026-11-20")     # due today: the contact itself closes it
    assert nothing_booked(conn, "C1", "interested", DAY, "phone")
    later = book(conn, "2026-11-21")
    assert not nothing_booked(conn, "C1", "interested", DAY, "phone")
    followups.cancel(conn, later, at=datetime(2026, 11, 2))
    assert nothing_booked(conn, "C1", "interested", DAY, "phone")
    book(conn, "2026-11-25")
    assert not nothing_booked(conn, "C1", "interested", DAY, "phone")
    assert nothing_booked(conn, "C2", "interested", DAY, "phone")     # another customer's follow-up is not theirs


def test_a_follow_up_due_today_on_another_channel_stays_booked(conn):
    book(conn, "2026-11-20", channel="visit")     # a call closes no visit: it stays booked
    assert not nothing_booked(conn, "C1", "interested", DAY, "phone")
    assert nothing_booked(conn, "C1", "interested", DAY, "visit")     # the visit itself closes it


def logged(path) -> list[tuple]:
    with sqlite3.connect(path) as c:
        return c.execute("SELECT o.business_outcome, (SELECT count(*) FROM followup_events e"
                         " WHERE e.outcome_id = o.outcome_id AND e.kind = 'created')"
                         " FROM outcomes o WHERE customer_id = 'C0001' ORDER BY recorded_at").fetchall()


async def open_form_for_c0001(pilot) -> None:
    await settle(pilot)
    await pilot.press("down", "enter")   # C0003's callback heads the list, C0001 is next
    await settle(pilot)
    assert isinstance(pilot.app.screen, CustomerCardScreen) and pilot.app.screen.customer_id == "C0001"
    await pilot.press("o")
    await settle(pilot)
    assert isinstance(pilot.app.screen, OutcomeForm)


@pytest.mark.parametrize("lang, picked, asked, then, saved", [
    ("en", ("1", "3"), "Interested, and nothing is booked", ("ctrl+s",), [("interested", 0)]),   # saved as it is
    ("zh_CN", ("1", "2"), "稍后回电，但尚未安排跟进", ("t", "ctrl+s"), [("call_back", 1)]),        # booked with one key
])
@sync
async def test_the_form_asks_once_then_saves_as_the_user_decides(tmp_path, lang, picked, asked, then, saved):
    path = build(tmp_path / "wanted.sqlite")
    app = WorkbenchApp(path, now=APP_NOW, lang=lang, user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_form_for_c0001(pilot)
        await pilot.press(*picked, "ctrl+s")       # reached, an outcome wanting a next step, no follow-up
        await settle(pilot)
        assert isinstance(app.screen, OutcomeForm) and logged(path) == []
        assert asked in str(app.screen.query_one("#form-status").render())
        await pilot.press(*then)
        await settle(pilot, 5)
        assert not isinstance(app.screen, OutcomeForm)
    assert logged(path) == saved


def test_the_cli_logs_as_asked_and_notes_on_stderr_when_nothing_is_booked(conn, cli, db_path):
    def log(*args):
        return cli("--db", db_path, "--user", "M1", "--now", "2026-11-20T10:00:00", "log", "--customer", "C1",
                   "--result", "reached", *args)

    bare = log("--outcome", "interested")
    assert bare.exit_code == 0 and bare.stdout.strip()
    assert bare.stderr == "note: C1 is left with nothing booked after 'Interested'; --follow-up books the next step.\n"
    assert log("--outcome", "interested", "--follow-up", "+3d").stderr == ""
    assert log("--outcome", "call_back").stderr == ""            # the follow-up just booked is pending
    assert log("--outcome", "not_interested").stderr == ""
    assert conn.execute("SELECT count(*) FROM outcomes WHERE customer_id = 'C1'").fetchone()[0] == 4


def test_the_cli_says_nothing_of_nothing_booked_after_a_call_confirming_a_visit_booked_for_today(conn, cli, db_path):
    book(conn, "2026-11-20", channel="visit")
    conn.commit()
    call = cli("--db", db_path, "--user", "M1", "--now", "2026-11-20T10:00:00", "log", "--customer", "C1",
               "--result", "reached", "--outcome", "interested")
    assert call.exit_code == 0 and call.stderr == ""
    assert [f.channel for f in followups.open_for_customer(conn, "C1")] == ["visit"]
