"""A call made while a supervisor takes the customer from the manager who made it (reassign here, a hand-over to the
pool, a change a bundle brings): the manager logs it as theirs on that day, its follow-up goes where the customer's
follow-ups go now; later, one sentence says whose the customer is and how such a call is logged. The engine, the
CLI on real files, a real bundle between two desks, and the real outcome form."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, datetime

import pytest
from factories import count_rows, seed_branch

from test_sync_assignments import _desks, _export, _import
from tests.import_support import write_csv
from tui_fixtures import NOW, db_rows, pressed, settle, sync
from workbench import followups
from workbench.db import open_db
from workbench.errors import WorkbenchError
from workbench.handover import hand_over
from workbench.outcomes import FollowUpRequest, log_outcome
from workbench.screens.app import WorkbenchApp
from workbench.screens.outcome_form import OutcomeForm

LATER = datetime(2026, 11, 20, 10, 20)
TOMORROW = datetime(2026, 11, 21, 10, 0)
TABLES = ("outcomes", "followups", "followup_events", "audit_log", "contact_state")


@pytest.fixture
def conn(fresh_db):
    seed_branch(fresh_db)   # C1-C3 are M1's, C4 M2's; S1 supervises
    followups.reassign_customer(fresh_db.conn, "C1", "M2", at=NOW, by_id="S1")
    return fresh_db.conn


def test_a_call_logged_after_its_customer_was_reassigned_is_the_callers_its_follow_up_the_new_managers(conn):
    logged = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", at=LATER,
                         business_outcome="interested", follow_up=FollowUpRequest(date(2026, 11, 21)))
    assert conn.execute("SELECT manager_id, business_outcome FROM outcomes WHERE outcome_id = ?",
                        (logged.outcome_id,)).fetchone() == ("M1", "interested")
    assert followups.get(conn, logged.followup_id).owner_id == "M2"
    assert (logged.taken.manager_id, logged.taken.at, logged.taken.by_id) == ("M2", NOW, "S1")
    assert conn.execute("SELECT actor FROM audit_log WHERE action = 'outcome'").fetchone() == ("M1",)


def test_the_next_day_it_is_refused_saying_whose_the_customer_is_and_a_supervisor_logs_it(conn):
    before = count_rows(conn, *TABLES)
    with pytest.raises(WorkbenchError) as refused:
        log_outcome(conn, customer_id="C1", manager_id="M1", line_result="busy", at=TOMORROW)
    assert str(refused.value) == (
        "Customer C1 was handed to M2 on 2026-11-20 and is no longer one of M1's customers: M2 logs the contacts with"
        " them now; a contact M1 made before then is logged by a supervisor for them (`workbench log --manager M1`).")
    assert count_rows(conn, *TABLES) == before
    logged = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="busy", at=TOMORROW, entered_by="S1")
    assert conn.execute("SELECT manager_id FROM outcomes WHERE outcome_id = ?", (logged.outcome_id,)).fetchone() == ("M1",)
    # A manager's word is not a supervisor's.
    with pytest.raises(WorkbenchError, match="was handed to M2"):
        log_outcome(conn, customer_id="C1", manager_id="M1", line_result="busy", at=TOMORROW, entered_by="M2")


def test_a_customer_never_theirs_is_refused_as_before(conn):
    with pytest.raises(WorkbenchError, match="^Customer C4 is not one of M1's customers.$"):
        log_outcome(conn, customer_id="C4", manager_id="M1", line_result="busy", at=LATER)
    # Nor may the manager the customer was handed to log for the one they were taken from... their own call, yes.
    log_outcome(conn, customer_id="C1", manager_id="M2", line_result="busy", at=LATER)


def test_a_customer_sent_to_the_pool_the_follow_up_is_the_supervisors_who_sent_them(conn):
    hand_over(conn, "M1", None, at=NOW, by_id="S1")   # C2 and C3 to the pool
    logged = log_outcome(conn, customer_id="C2", manager_id="M1", line_result="reached", at=LATER,
                         business_outcome="call_back", follow_up=FollowUpRequest(date(2026, 11, 23)))
    assert followups.get(conn, logged.followup_id).owner_id == "S1" and logged.taken.manager_id is None
    with pytest.raises(WorkbenchError, match="^Customer C2 was put in the unassigned pool on 2026-11-20 and is no"):
        log_outcome(conn, customer_id="C2", manager_id="M1", line_result="busy", at=TOMORROW)


@pytest.fixture
def reassigned(db_path):
    db = open_db(db_path)
    seed_branch(db)
    followups.reassign_customer(db.conn, "C1", "M2", at=NOW, by_id="S1")
    db.close()
    return db_path


def test_the_cli_logs_it_and_says_whose_the_customer_and_the_follow_up_are(cli, reassigned):
    done = cli("--db", reassigned, "--now", "2026-11-20T10:20:00", "--user", "M1", "log", "--customer", "C1",
               "--result", "reached", "--outcome", "interested", "--follow-up", "tomorrow")
    assert done.exit_code == 0, done.stderr
    assert done.stderr == ("note: C1 was handed to Staff M2 (M2) at 2026-11-20 10:00; the contact is logged as M1's. The"
                           " follow-up it booked is M2's.\n")
    again = cli("--db", reassigned, "--lang", "zh_CN", "--now", "2026-11-20T10:30:00", "--user", "M1", "log",
                "--customer", "C1", "--result", "busy")
    assert again.exit_code == 0 and again.stderr == "提示：客户 C1 已于 2026-11-20 10:00 移交给 Staff M2（M2）；本次联系记在 M1 名下。\n"
    assert db_rows(reassigned, "SELECT manager_id FROM outcomes ORDER BY recorded_at") == [("M1",), ("M1",)]


def test_the_cli_refuses_it_the_next_day_audits_the_refusal_and_a_supervisor_logs_it(cli, reassigned):
    refused = cli("--db", reassigned, "--lang", "zh_CN", "--now", "2026-11-21T10:00:00", "--user", "M1", "log",
                  "--customer", "C1", "--result", "busy")
    assert refused.exit_code == 3 and refused.stderr == (
        "错误：客户 C1 已于 2026-11-20 移交给 M2，不再是 M1 的管户客户：此后的联系由 M2 登记；M1 在此之前做的联系，请主管代为"
        "登记（`workbench log --manager M1`）。\n")
    assert db_rows(reassigned, "SELECT actor, subject FROM audit_log WHERE action = 'refusal'") == [
        ("M1", "log outcomes (C1)")]
    vouched = cli("--db", reassigned, "--now", "2026-11-21T10:00:00", "--user", "S1", "log", "--manager", "M1",
                  "--customer", "C1", "--result", "busy")
    assert vouched.exit_code == 0, vouched.stderr
    assert db_rows(reassigned, "SELECT manager_id FROM outcomes") == [("M1",)]


def test_a_change_made_yesterday_on_another_desk_that_arrives_today_leaves_todays_call_the_callers(tmp_path, cli):
    s, a = _desks(tmp_path)   # C000 is M1's on both desks
    moved = cli("--db", s, "--now", "2026-11-19T17:00:00", "--user", "S1", "reassign", "--customer", "C000", "--to", "M2")
    assert moved.exit_code == 0, moved.stderr
    _import(cli, a, "09:30", _export(cli, s, "09:00"))   # desk a hears of it this morning
    # M1 called at 09:20 from desk a, where C000 was still theirs, and logs it at 09:35.
    done = cli("--db", a, "--now", "2026-11-20T09:35:00", "--user", "M1", "log", "--customer", "C000",
               "--result", "reached", "--outcome", "call_back", "--follow-up", "tomorrow")
    assert done.exit_code == 0, done.stderr
    assert "handed to 张经理 (M2) at 2026-11-20 09:30" in done.stderr
    with closing(sqlite3.connect(a)) as c:
        assert c.execute("SELECT o.manager_id, f.owner_id FROM outcomes o JOIN followups f USING (customer_id)"
                         " WHERE o.customer_id = 'C000'").fetchall() == [("M1", "M2")]


@sync
async def test_the_form_open_while_the_customer_is_reassigned_saves_the_call(db_file):
    """The tester's steps: the form filled in (reached, interested, tomorrow), the supervisor reassigns the customer
    on their desk, ^s: saved, the call M1's, the follow-up M2's."""
    from test_tui_call_list_next_wrap import Notices

    notices = Notices()
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30), message_hook=notices) as pilot:
        form = await pressed(pilot, OutcomeForm, "o")
        customer = form.customer_id
        await pilot.press("1", "3", "d")   # reached, interested, tomorrow
        db = open_db(db_file)
        followups.reassign_customer(db.conn, customer, "M2", at=NOW, by_id="S1")
        db.close()
        await pilot.press("ctrl+s")
        await settle(pilot, 5)
        assert not isinstance(app.screen, OutcomeForm)
    # Said with the save: whose the customer is now, and so the follow-up (not a bare 已保存。).
    name = db_rows(db_file, "SELECT name FROM staff WHERE staff_id = ?", "M2")[0][0]
    assert f"已保存。该客户已于 11-20 {NOW:%H:%M} 移交给{name}（M2）。您安排的跟进已归其负责。" in notices.said
    assert db_rows(db_file, "SELECT manager_id, business_outcome FROM outcomes WHERE customer_id = ?", customer) == [
        ("M1", "interested")]
    assert db_rows(db_file, "SELECT owner_id, due_on FROM followups WHERE customer_id = ? AND status = 'open'"
                   " ORDER BY due_on DESC LIMIT 1", customer) == [("M2", "2026-11-21")]


def _extract_gives(tmp_path, customer: str, manager: str):
    """Head office's partial extract giving one of the desks' customers to manager."""
    return write_csv(tmp_path / "x.csv", [["客户号", "姓名", "客户经理号", "所属机构"],
                                          [customer, f"客户{int(customer[1:])}", manager, "B1"]])


def _log_m1(cli, path, now):
    return cli("--db", path, "--now", now, "--user", "M1", "log", "--customer", "C000", "--result", "reached",
               "--outcome", "call_back", "--follow-up", "tomorrow")


def test_a_change_found_already_so_takes_the_customer_when_it_arrives(tmp_path, cli):
    """F5: head office's extract gave C000 to M2 on desk a this morning (no entry), then the supervisor's change of
    yesterday arrived and found it already so: it is in force (as workbench.assignments counts it), so M1's call of
    this morning is theirs to log, as when the change applies, and its follow-up M2's."""
    s, a = _desks(tmp_path)
    moved = cli("--db", s, "--now", "2026-11-19T17:00:00", "--user", "S1", "reassign", "--customer", "C000", "--to", "M2")
    assert moved.exit_code == 0, moved.stderr
    imported = cli("--db", a, "--now", "2026-11-20T08:30:00", "--user", "S1", "import", "customers",
                   _extract_gives(tmp_path, "C000", "M2"))
    assert imported.exit_code == 0, imported.stderr
    _import(cli, a, "09:30", _export(cli, s, "09:00"))
    assert db_rows(a, "SELECT status FROM assignments WHERE customer_id = 'C000'") == [("already",)]
    done = _log_m1(cli, a, "2026-11-20T09:35:00")
    assert done.exit_code == 0, done.stderr
    assert "handed to 张经理 (M2) at 2026-11-20 09:30" in done.stderr
    assert db_rows(a, "SELECT o.manager_id, f.owner_id FROM outcomes o JOIN followups f USING (customer_id)"
                      " WHERE o.customer_id = 'C000'") == [("M1", "M2")]


def test_the_same_change_made_on_two_desks_took_the_customer_when_the_first_reached_this_one(tmp_path, cli):
    """Desk a's supervisor gave C000 to M2 yesterday at 16:00, desk s's did the same at 17:00; s's entry arrives on a
    this morning, already so. C000 left M1 on desk a yesterday: this morning's call is refused, naming that day."""
    s, a = _desks(tmp_path)
    for path, at in ((a, "2026-11-19T16:00:00"), (s, "2026-11-19T17:00:00")):
        moved = cli("--db", path, "--now", at, "--user", "S1", "reassign", "--customer", "C000", "--to", "M2")
        assert moved.exit_code == 0, moved.stderr
    _import(cli, a, "09:30", _export(cli, s, "09:00"))
    assert db_rows(a, "SELECT status FROM assignments WHERE customer_id = 'C000' ORDER BY at") == [
        ("made_here",), ("already",)]
    refused = _log_m1(cli, a, "2026-11-20T09:35:00")
    assert refused.exit_code == 3
    assert "Customer C000 was handed to M2 on 2026-11-19 and is no longer one of M1's customers" in refused.stderr
