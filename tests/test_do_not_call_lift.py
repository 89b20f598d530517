"""A mistaken do-not-call can be undone: the form asks before saving one, and a correction that leaves
no effective do-not-call entry lifts a flag the log set (audited), never one from head office's
extract, an erasure or of unknown origin. Bundles and old databases (the migration's backfill) too."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import datetime

import pytest
from factories import add_customer, insert_outcome, seed_branch
from import_support import run_import, write_csv
import sync_data
from tui_fixtures import MARKUP_NAMES, pressed, settle, sync
from tui_fixtures import NOW as APP_NOW

from workbench import audit
from workbench.calllist import call_list
from workbench.db import migrations, open_db
from workbench.outcomes import log_outcome
from workbench.privacy import erase_customer
from workbench.screens.app import WorkbenchApp
from workbench.screens.confirm_do_not_call import ConfirmDoNotCallScreen
from workbench.screens.outcome_form import OutcomeForm
from workbench.sync.bundle import export_bundle, import_bundle

NOW = datetime(2026, 11, 20, 10, 0)
LATER = datetime(2026, 11, 20, 10, 30)


@pytest.fixture
def conn(fresh_db):
    seed_branch(fresh_db)
    return fresh_db.conn


def flag(conn, cid="C1") -> tuple:
    return conn.execute("SELECT do_not_call, do_not_call_source FROM customers WHERE customer_id = ?", (cid,)).fetchone()


def listed(conn, manager="M1", now=LATER) -> set[str]:
    return {e.customer_id for e in call_list(conn, manager, now)}


def do_not_call(conn, cid="C1", at=NOW, manager="M1"):
    return log_outcome(conn, customer_id=cid, manager_id=manager, line_result="reached", at=at,
                       business_outcome="do_not_call")


def correct(conn, wrong, cid="C1", outcome="call_back", manager="M1", recorded=LATER):
    return log_outcome(conn, customer_id=cid, manager_id=manager, line_result="reached", at=NOW,
                       business_outcome=outcome, supersedes=wrong.outcome_id, recorded_at=recorded)


def lifts(conn) -> list[tuple]:
    return [(actor, subject, json.loads(detail)) for actor, subject, detail in conn.execute(
        "SELECT actor, subject, detail FROM audit_log WHERE action = 'do_not_call_lifted' ORDER BY seq")]


def test_correcting_a_do_not_call_lifts_the_flag_audited_and_the_customer_is_listed_again(conn):
    wrong = do_not_call(conn)
    assert flag(conn) == (1, "outcome") and "C1" not in listed(conn)
    fixed = correct(conn, wrong)
    assert flag(conn) == (0, None)
    assert "C1" in listed(conn)   # rescored in the same transaction: back on the list
    assert lifts(conn) == [("M1", "C1", {"outcome_id": fixed.outcome_id, "supersedes": wrong.outcome_id})]
    assert audit.verify(conn).ok


def test_another_effective_do_not_call_keeps_the_flag(conn):
    do_not_call(conn, at=datetime(2026, 11, 20, 9, 0))
    second = do_not_call(conn)
    correct(conn, second)
    assert flag(conn) == (1, "outcome") and lifts(conn) == []


def test_a_flag_of_unknown_origin_is_never_lifted(conn):
    conn.execute("UPDATE customers SET do_not_call = 1 WHERE customer_id = 'C1'")   # as an older version left it
    correct(conn, do_not_call(conn))
    assert flag(conn) == (1, None) and lifts(conn) == []


def test_an_erased_customer_stays_do_not_call(conn):
    wrong = do_not_call(conn)
    erase_customer(conn, "C1", actor="S1", at=datetime(2026, 11, 20, 10, 10))
    assert flag(conn) == (1, "erasure")
    correct(conn, wrong, manager="S1")
    assert flag(conn) == (1, "erasure") and lifts(conn) == []


# ---- head office's extract ------------------------------------------------------------------------

HEADER = ["customer_id", "name", "phone", "manager_id", "branch_id", "aum", "do_not_call"]


def test_the_extracts_flag_is_never_lifted_and_its_no_keeps_the_logs_flag(db_path, tmp_path):
    def extract(name, flags):
        rows = [[cid, f"客户{cid}", f"1381234567{n}", "M1", "B1", "100", f] for n, (cid, f) in enumerate(flags.items())]
        return write_csv(tmp_path / name, [HEADER, *rows])

    # A first import into an empty table inserts the rows with their scores; later ones upsert.
    run_import(db_path, extract("first.csv", {"C1": "是", "C2": "否", "C3": "否"}), now=datetime(2026, 11, 1, 9))
    db = open_db(db_path)
    conn = db.conn
    assert [flag(conn, c) for c in ("C1", "C2", "C3")] == [(1, "extract"), (0, None), (0, None)]
    wrong = {cid: do_not_call(conn, cid) for cid in ("C1", "C2", "C3")}
    assert [flag(conn, c) for c in ("C1", "C2", "C3")] == [(1, "extract"), (1, "outcome"), (1, "outcome")]
    db.close()
    # Head office now says C2 asked too; its "no" for C3 takes nothing away.
    run_import(db_path, extract("second.csv", {"C1": "0", "C2": "1", "C3": "0"}), now=datetime(2026, 11, 20, 9))
    db = open_db(db_path)
    conn = db.conn
    assert [flag(conn, c) for c in ("C1", "C2", "C3")] == [(1, "extract"), (1, "extract"), (1, "outcome")]
    for cid in ("C1", "C2", "C3"):
        correct(conn, wrong[cid], cid)
    assert [flag(conn, c) for c in ("C1", "C2", "C3")] == [(1, "extract"), (1, "extract"), (0, None)]
    assert [subject for _a, subject, _d in lifts(conn)] == ["C3"]
    db.close()


# ---- the CLI --------------------------------------------------------------------------------------


def test_cli_correction_puts_the_customer_back_on_the_list(cli, db_path):
    db = open_db(db_path)
    seed_branch(db)
    db.close()
    base = ("--db", db_path, "--user", "M1")
    wrong = cli(*base, "--now", "2026-11-20T10:00:00", "log", "--customer", "C1", "--result", "reached",
                "--outcome", "do_not_call")
    assert wrong.exit_code == 0, wrong.stderr

    def on_list() -> set[str]:
        shown = cli(*base, "--now", "2026-11-20T11:00:00", "calllist", "--manager", "M1", "--json")
        assert shown.exit_code == 0, shown.stderr
        return {e["customer_id"] for e in json.loads(shown.stdout)}

    assert "C1" not in on_list()
    fixed = cli(*base, "--now", "2026-11-20T10:30:00", "log", "--customer", "C1", "--result", "reached",
                "--outcome", "call_back", "--supersedes", wrong.stdout.strip())
    assert fixed.exit_code == 0, fixed.stderr
    assert fixed.stderr.splitlines()[0] == "note: customer C1's do-not-call request is lifted; the audit log records it."
    assert "C1" in on_list()
    with closing(sqlite3.connect(db_path)) as c:
        assert flag(c) == (0, None)
        assert c.execute("SELECT actor, subject FROM audit_log WHERE action = 'do_not_call_lifted'").fetchall() == [
            ("M1", "C1")]


def test_cli_says_the_lift_in_chinese_and_nothing_when_another_do_not_call_stands(cli, db_path):
    db = open_db(db_path)
    seed_branch(db)
    db.close()
    base = ("--db", db_path, "--lang", "zh_CN", "--user", "M1", "--now", "2026-11-20T10:30:00", "log", "--customer",
            "C1", "--result", "reached")
    first, second = (cli(*base, "--outcome", "do_not_call", "--note", note).stdout.strip() for note in ("一", "二"))
    kept = cli(*base, "--outcome", "not_interested", "--supersedes", second)
    assert (kept.exit_code, kept.stderr) == (0, "")   # the first request still stands: nothing lifted
    lifted = cli(*base, "--outcome", "not_interested", "--supersedes", first)
    assert (lifted.exit_code, lifted.stderr) == (0, "提示：已撤销客户 C1 的勿扰要求；审计日志已记录此事。\n")


# ---- bundles from other terminals -----------------------------------------------------------------


@pytest.fixture
def two_terminals(tmp_path):
    return sync_data.two_terminals(tmp_path)


def test_a_correction_arriving_by_bundle_lifts_the_flag_and_an_older_bundle_does_not_set_it_again(two_terminals, tmp_path):
    a, b = two_terminals
    first, second = tmp_path / "first.wbundle", tmp_path / "second.wbundle"
    desk = open_db(a)
    wrong = do_not_call(desk.conn, "C000")
    export_bundle(desk.conn, first, now=datetime(2026, 11, 20, 10, 5))
    correct(desk.conn, wrong, "C000")
    assert flag(desk.conn, "C000") == (0, None)
    export_bundle(desk.conn, second, now=datetime(2026, 11, 20, 10, 35))
    desk.close()

    other = open_db(b)
    conn = other.conn
    import_bundle(conn, first, now=datetime(2026, 11, 20, 11, 0), actor="S1")
    assert flag(conn, "C000") == (1, "outcome")
    result = import_bundle(conn, second, now=datetime(2026, 11, 20, 12, 0), actor="S1")
    assert flag(conn, "C000") == (0, None) and "C000" in listed(conn, now=datetime(2026, 11, 20, 12, 0))
    assert lifts(conn) == [("S1", "C000", {"bundle": "second.wbundle", "sha256": result.sha256})]
    # An overlapping bundle from before the correction brings nothing new: the request stays corrected.
    import_bundle(conn, first, now=datetime(2026, 11, 20, 13, 0), actor="S1")
    assert flag(conn, "C000") == (0, None)
    assert audit.verify(conn).ok
    other.close()


# ---- the migration's backfill ---------------------------------------------------------------------


def test_the_migration_marks_only_flags_whose_latest_outcome_is_a_do_not_call(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite"
    with closing(sqlite3.connect(path, isolation_level=None)) as old:
        monkeypatch.setattr(migrations, "MIGRATIONS", [m for m in migrations.MIGRATIONS if m.version < 101])
        migrations.apply_migrations(old)
        seed_branch(old)
        for cid in ("D1", "D2", "D3", "D4", "D5", "D6", "D7"):
            add_customer(old, cid, do_not_call=0 if cid == "D5" else 1)
        insert_outcome(old, "D1", "2026-11-10T10:00:00", "reached", business_outcome="interested")
        insert_outcome(old, "D1", "2026-11-12T10:00:00", "reached", business_outcome="do_not_call")
        # D2: flagged by an extract, never called.
        wrong = insert_outcome(old, "D3", "2026-11-12T10:00:00", "reached", business_outcome="do_not_call")
        insert_outcome(old, "D3", "2026-11-12T10:00:00", "reached", business_outcome="interested", supersedes=wrong)
        insert_outcome(old, "D4", "2026-11-12T10:00:00", "reached", business_outcome="do_not_call")
        insert_outcome(old, "D4", "2026-11-15T10:00:00", "reached", business_outcome="interested", channel="visit")
        insert_outcome(old, "D5", "2026-11-12T10:00:00", "reached", business_outcome="do_not_call")
        insert_outcome(old, "D6", "2026-11-12T10:00:00", "reached", business_outcome="do_not_call")
        insert_outcome(old, "D6", "2026-11-13T10:00:00", "no_answer", channel="wechat")
        # D7: asked not to be called; a later complaint logged by mistake was corrected to no answer.
        insert_outcome(old, "D7", "2026-11-12T10:00:00", "reached", business_outcome="do_not_call")
        slip = insert_outcome(old, "D7", "2026-11-13T10:00:00", "reached", business_outcome="complaint", channel="wechat")
        insert_outcome(old, "D7", "2026-11-13T10:00:00", "no_answer", channel="wechat", supersedes=slip)
    monkeypatch.undo()
    # Migration 101's backfill alone (migration 124 folds the log again, below).
    monkeypatch.setattr(migrations, "MIGRATIONS", [m for m in migrations.MIGRATIONS if m.version < 124])
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        migrations.apply_migrations(conn)
        assert dict(conn.execute("SELECT customer_id, do_not_call_source FROM customers WHERE customer_id LIKE 'D%'")) == {
            "D1": "outcome", "D2": None, "D3": None, "D4": None, "D5": None, "D6": "outcome", "D7": "outcome"}
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE customers SET do_not_call_source = 'guess' WHERE customer_id = 'D1'")
    monkeypatch.undo()
    # Migration 124 folds each customer's state from the log as a contact logged today would: D5's do-not-call
    # request, which no later entry corrects, flags them as it would have had the log been folded all along.
    with open_db(path) as db:
        assert db.conn.execute("SELECT do_not_call, do_not_call_source FROM customers WHERE customer_id = 'D5'"
                               ).fetchone() == (1, "outcome")


# ---- the form asks first --------------------------------------------------------------------------


def saved(db_file) -> tuple:
    with closing(sqlite3.connect(db_file)) as c:
        return (c.execute("SELECT count(*) FROM outcomes").fetchone()[0],
                *c.execute("SELECT do_not_call, do_not_call_source FROM customers WHERE customer_id = 'C0005'").fetchone())


async def open_form_on_c0005(pilot) -> OutcomeForm:
    form = await pressed(pilot, OutcomeForm, "down", "down", "down", "down", "o")   # C0003 (due today), C0001, C0002, C0004, C0005
    assert form.customer_id == "C0005"
    return form


@sync
async def test_do_not_call_is_saved_only_after_y_on_a_question_naming_the_customer(db_file):
    app = WorkbenchApp(db_file, now=APP_NOW, lang="en", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_form_on_c0005(pilot)
        await pilot.press("1", "7", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDoNotCallScreen)
        question = app.screen.query_one("#confirm-question").render()
        assert question.plain == f"Did {MARKUP_NAMES[0]} ask never to be called again?"   # the name as data, not markup
        assert saved(db_file) == (0, 0, None)
        await pilot.press("escape")   # back to the form, nothing saved
        await settle(pilot)
        assert app.screen is form and "nothing was saved" in str(form.query_one("#form-status").render())
        assert saved(db_file) == (0, 0, None)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form and saved(db_file) == (0, 0, None)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot, 5)
        assert not isinstance(app.screen, (OutcomeForm, ConfirmDoNotCallScreen))
    assert saved(db_file) == (1, 1, "outcome")


@sync
async def test_the_question_reads_in_chinese_with_the_name_in_place(db_file):
    app = WorkbenchApp(db_file, now=APP_NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_form_on_c0005(pilot)
        await pilot.press("1", "7", "ctrl+s")
        await settle(pilot)
        assert app.screen.query_one("#confirm-question").render().plain == f"{MARKUP_NAMES[0]} 是否要求今后不再来电？"
