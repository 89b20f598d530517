"""A reached contact is logged with its business outcome: the engine, the CLI and the form refuse one
without it, and never close a promised follow-up for it; older terminals' bundles still import."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import pytest
from factories import count_rows, seed_branch
from sync_data import add_outcome, two_terminals
from tui_fixtures import NOW as APP_NOW
from tui_fixtures import build, settle, sync

from workbench import followups
from workbench.db import open_db
from workbench.db.followups import replay
from workbench.errors import WorkbenchError
from workbench.outcomes import log_outcome
from workbench.screens.app import WorkbenchApp
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.outcome_form import OutcomeForm
from workbench.sync.bundle import export_bundle, import_bundle

NOW = datetime(2026, 11, 20, 10, 0)
TABLES = ("outcomes", "followups", "followup_events", "audit_log", "contact_state")


@pytest.fixture
def conn(fresh_db):
    seed_branch(fresh_db)
    return fresh_db.conn


def test_engine_refuses_reached_without_outcome_and_writes_nothing(conn):
    overdue = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-18", at=datetime(2026, 11, 1))
    before = count_rows(conn, *TABLES)
    with pytest.raises(WorkbenchError) as refused:
        log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", at=NOW)
    message = str(refused.value)
    assert message == ("A reached contact needs its business outcome; use one of: not_interested, call_back,"
                       " interested, appointment, reactivated, complaint, do_not_call.")
    assert count_rows(conn, *TABLES) == before
    assert followups.get(conn, overdue).status == "open"   # the promised callback is not silently closed


def test_a_correction_to_reached_needs_the_outcome_too(conn):
    wrong = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="busy", at=NOW)
    with pytest.raises(WorkbenchError, match="needs its business outcome"):
        log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", at=NOW, supersedes=wrong.outcome_id)
    assert conn.execute("SELECT count(*) FROM outcomes").fetchone()[0] == 1


@pytest.fixture
def seeded(db_path):
    db = open_db(db_path)
    seed_branch(db)
    db.close()
    return db_path


def test_cli_refuses_reached_without_outcome_exit_2_nothing_written(cli, seeded):
    before = count_rows(sqlite3.connect(seeded), *TABLES)
    result = cli("--db", seeded, "--now", "2026-11-20T10:00:00", "log", "--customer", "C1", "--result", "reached",
                 "--manager", "M1")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: A reached contact needs its business outcome; use one of: ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr and result.stdout == ""
    assert count_rows(sqlite3.connect(seeded), *TABLES) == before
    ok = cli("--db", seeded, "--now", "2026-11-20T10:00:00", "log", "--customer", "C1", "--result", "reached",
             "--outcome", "interested", "--manager", "M1")
    assert ok.exit_code == 0, ok.stderr


def test_cli_refusal_in_chinese(cli, seeded):
    result = cli("--db", seeded, "--lang", "zh_CN", "--now", "2026-11-20T10:00:00", "log", "--customer", "C1",
                 "--result", "reached", "--manager", "M1")
    assert result.exit_code == 2 and "已接通的联系须记录业务结果" in result.stderr


def test_bundle_from_an_older_terminal_with_reached_and_no_outcome_still_imports(tmp_path):
    """History is kept as written: the requirement is on logging, not on the table or the bundle reader."""
    old, here = two_terminals(tmp_path, ("old.sqlite", "here.sqlite"))
    db = open_db(old)
    db.conn.execute("BEGIN")
    entry = add_outcome(db.conn, "C000", "2026-11-19T10:00:00", line_result="reached", business_outcome=None)
    db.conn.execute("COMMIT")
    bundle = tmp_path / "old.wbundle"
    export_bundle(db.conn, bundle, now=datetime(2026, 11, 19, 18, 0))
    db.close()
    db = open_db(here)
    result = import_bundle(db.conn, bundle, now=datetime(2026, 11, 20, 9, 0))
    assert result.outcomes_new == 1
    assert db.conn.execute("SELECT line_result, business_outcome FROM outcomes WHERE outcome_id = ?",
                           (entry,)).fetchone() == ("reached", None)
    assert db.conn.execute("SELECT last_reached_at FROM contact_state WHERE customer_id = 'C000'").fetchone() == (
        "2026-11-19T10:00:00",)
    db.close()


# ---- the form ---------------------------------------------------------------------------------


@pytest.fixture
def db_file(tmp_path):
    """The app's fixture database, with C0003's callback (due today) made overdue."""
    path = build(tmp_path / "session.sqlite")
    db = open_db(path)
    db.conn.execute("BEGIN")
    db.conn.execute("UPDATE followup_events SET due_on = '2026-11-18' WHERE followup_id = 'F-0003'")
    replay(db.conn, ["F-0003"])
    db.conn.execute("COMMIT")
    assert followups.get(db.conn, "F-0003").due_on == date(2026, 11, 18)
    db.close()
    return path


def status(app) -> str:
    return str(app.screen.query_one("#form-status").render())


@sync
async def test_form_asks_for_the_outcome_of_a_reached_call_instead_of_saving(db_file):
    app = WorkbenchApp(db_file, now=APP_NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")   # C0003, the overdue callback, heads the list
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen) and app.screen.customer_id == "C0003"
        await pilot.press("o", "1", "ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, OutcomeForm)
        assert "pick the outcome" in status(app)
        assert form.query_one("#outcomes").has_class("-missing") and form.focused is None
        # From the note box too: the keys go back to the outcome column, so the next digit picks it.
        await pilot.press("tab", "tab")
        assert form.focused is form.query_one("#note")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and form.focused is None and "pick the outcome" in status(app)
        with sqlite3.connect(db_file) as c:
            assert c.execute("SELECT count(*) FROM outcomes").fetchone()[0] == 0
            assert c.execute("SELECT status FROM followups WHERE followup_id = 'F-0003'").fetchone() == ("open",)
        await pilot.press("3")   # interested
        assert not form.query_one("#outcomes").has_class("-missing")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "nothing is booked" in status(app)   # the callback due before today does not count as booked
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        assert not isinstance(app.screen, OutcomeForm)
    with sqlite3.connect(db_file) as c:
        assert c.execute("SELECT line_result, business_outcome FROM outcomes").fetchall() == [("reached", "interested")]
        assert c.execute("SELECT status FROM followups WHERE followup_id = 'F-0003'").fetchone() == ("done",)

