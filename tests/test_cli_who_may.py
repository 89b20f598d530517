"""Who may run each CLI command: the person named by --user, PIN-checked, and refused as the app refuses them."""

from __future__ import annotations

import json
import sqlite3

import pytest

from sync_data import as_user, branch_file, refusals
from workbench.db import open_db



@pytest.fixture
def branch(db_path):
    """sync_data's branch (S1 supervisor, managers M1 and M2), one call of M1's, a PIN for S1 and M1."""
    return branch_file(db_path, call_at="2026-11-20T09:30:00", pins={"S1": "4321", "M1": "1357"})


def test_the_report_is_a_supervisors_as_in_the_app(cli, branch):
    refused = as_user(cli, branch, "M1", "1357", "report")
    assert refused.exit_code == 3 and not refused.stdout
    assert refused.stderr == "error: Only a supervisor may read the outcome report; M1 is a manager.\n"
    assert refusals(branch) == [("M1", "read the outcome report")]
    nobody = as_user(cli, branch, None, None, "report")
    assert nobody.exit_code == 2 and "Say who is acting with --user ID" in nobody.stderr and not nobody.stdout
    no_pin = as_user(cli, branch, "S1", None, "report")
    assert no_pin.exit_code == 3 and "PIN" in no_pin.stderr and not no_pin.stdout
    shown = as_user(cli, branch, "S1", "4321", "report", "--json")
    assert shown.exit_code == 0 and json.loads(shown.stdout)["total"]["calls"] == 1


def test_exporting_outcomes_asks_the_pin(cli, branch, tmp_path):
    out = tmp_path / "week.csv"
    no_pin = as_user(cli, branch, "S1", None, "export", "outcomes", "--out", out, "--include-phone")
    assert no_pin.exit_code == 3 and "PIN" in no_pin.stderr and not out.exists()
    done = as_user(cli, branch, "S1", "4321", "export", "outcomes", "--out", out, "--include-phone")
    assert done.exit_code == 0 and "+8613800000000" in out.read_text(encoding="utf-8-sig")


def test_a_call_list_is_its_managers_or_a_supervisors(cli, branch):
    other = as_user(cli, branch, "M2", None, "calllist", "--manager", "M1", "--json")
    assert other.exit_code == 3 and other.stderr == "error: M2 may not act for M1.\n" and not other.stdout
    assert refusals(branch) == [("M2", "read the call list (M1)")]
    no_pin = as_user(cli, branch, None, None, "calllist", "--manager", "M1", "--json")
    assert no_pin.exit_code == 3 and "PIN" in no_pin.stderr
    for user, pin in (("M1", "1357"), ("S1", "4321")):
        shown = as_user(cli, branch, user, pin, "calllist", "--manager", "M1", "--json")
        assert shown.exit_code == 0, shown.stderr
        assert {e["customer_id"] for e in json.loads(shown.stdout)} == {"C000", "C002", "C004"}  # M1's


def test_a_manager_reading_anothers_leads_is_refused_and_audited(cli, branch):
    other = as_user(cli, branch, "M2", None, "leads", "--manager", "M1")
    assert other.exit_code == 3 and other.stderr == "error: M2 may not act for M1.\n"
    assert refusals(branch) == [("M2", "read warm leads (M1)")]


def test_bundles_name_who_moved_them(cli, branch, tmp_path):
    bundle = tmp_path / "desk.wbundle"
    nobody = as_user(cli, branch, None, None, "export", "bundle", "--out", bundle)
    assert nobody.exit_code == 2 and "Say who is acting with --user ID" in nobody.stderr and not bundle.exists()
    assert as_user(cli, branch, "M1", "1357", "export", "bundle", "--out", bundle).exit_code == 0
    other = branch_file(tmp_path / "other.sqlite", pins={"S1": "2468"})
    wrong_pin = as_user(cli, other, "S1", "0000", "import", "bundle", bundle)
    assert wrong_pin.exit_code == 3 and "PIN" in wrong_pin.stderr
    with sqlite3.connect(other) as c:
        assert c.execute("SELECT count(*) FROM outcomes").fetchone() == (0,)   # nothing merged
    assert as_user(cli, other, "S1", "2468", "import", "bundle", bundle).exit_code == 0
    with sqlite3.connect(branch) as c:
        assert c.execute("SELECT actor FROM audit_log WHERE action = 'export'").fetchall() == [("M1",)]
    with sqlite3.connect(other) as c:
        assert c.execute("SELECT actor FROM audit_log WHERE action = 'import'").fetchall() == [("S1",)]
        assert c.execute("SELECT count(*) FROM outcomes").fetchone() == (1,)
    unmerged = branch_file(tmp_path / "third.sqlite")
    refused = as_user(cli, unmerged, None, None, "import", "bundle", bundle)
    assert refused.exit_code == 2 and "Say who is acting" in refused.stderr
    with sqlite3.connect(unmerged) as c:
        assert c.execute("SELECT count(*) FROM outcomes").fetchone() == (0,)


def test_scripts_are_changed_by_a_supervisor_once_there_is_one(cli, branch, db_path, tmp_path):
    refused = as_user(cli, branch, "M1", "1357", "scripts", "seed")
    assert refused.exit_code == 3 and "Only a supervisor may add the default call scripts" in refused.stderr
    exported = tmp_path / "scripts.toml"
    assert as_user(cli, branch, None, None, "scripts", "export", exported).exit_code == 0   # reading them is anyone's
    refused = as_user(cli, branch, "M1", "1357", "scripts", "import", exported)
    assert refused.exit_code == 3 and "Only a supervisor may import call scripts" in refused.stderr
    assert refusals(branch) == [("M1", "add the default call scripts"), ("M1", "import call scripts")]
    assert as_user(cli, branch, "S1", "4321", "scripts", "import", exported).exit_code == 0


def test_a_database_with_no_supervisor_yet_is_set_up_without_one(cli, tmp_path):
    path = tmp_path / "new.sqlite"
    open_db(path).close()
    seeded = as_user(cli, path, None, None, "scripts", "seed")
    assert seeded.exit_code == 0 and seeded.stdout.startswith("Added ")


def test_a_mistyped_id_is_said_not_audited_as_a_refusal(cli, branch):
    for args in (("calllist", "--manager", "M9"), ("leads", "--manager", "M9")):
        typo = as_user(cli, branch, "M1", "1357", *args)
        assert typo.exit_code == 2 and typo.stderr == "error: Unknown staff member 'M9'.\n"
    assert refusals(branch) == []


def test_working_another_managers_customer_is_a_refusal_before_any_write(cli, branch):
    # C001 is M2's: M1 may neither log a call on it nor book it a follow-up.
    logged = as_user(cli, branch, "M1", "1357", "log", "--customer", "C001", "--result", "no_answer")
    booked = as_user(cli, branch, "M1", "1357", "followup", "add", "--customer", "C001", "--when", "+2d")
    for refused in (logged, booked):
        assert refused.exit_code == 3 and refused.stderr == "error: Customer C001 is not one of M1's customers.\n"
    assert refusals(branch) == [("M1", "log outcomes (C001)"), ("M1", "book follow-ups (C001)")]
    with sqlite3.connect(branch) as c:
        assert c.execute("SELECT count(*) FROM outcomes WHERE customer_id = 'C001'").fetchone() == (0,)
        assert c.execute("SELECT count(*) FROM followups WHERE customer_id = 'C001'").fetchone() == (0,)


def test_replacing_a_database_with_a_sample_is_a_supervisors(cli, branch, tmp_path):
    before = branch.read_bytes()
    for user, pin, code in ((None, None, 2), ("M1", "1357", 3), ("S1", None, 3)):
        refused = as_user(cli, branch, user, pin, "sample", "--customers", "20", "--force")
        assert refused.exit_code == code and not refused.stdout, refused.stderr
    assert refusals(branch) == [("M1", "replace the database with a sample")]
    assert sqlite3.connect(branch).execute("SELECT count(*) FROM customers").fetchone() == (6,)   # still the branch
    replaced = as_user(cli, branch, "S1", "4321", "sample", "--customers", "20", "--force")
    assert replaced.exit_code == 0, replaced.stderr
    assert sqlite3.connect(branch).execute("SELECT count(*) FROM customers").fetchone() == (20,)
    assert branch.read_bytes() != before
    foreign = tmp_path / "notes.txt"   # not a database: nobody's work to guard
    foreign.write_text("not a database")
    assert as_user(cli, foreign, None, None, "sample", "--out", foreign, "--customers", "20").exit_code == 2
    assert as_user(cli, foreign, None, None, "sample", "--out", foreign, "--customers", "20", "--force").exit_code == 0
    fresh = tmp_path / "fresh.sqlite"   # a database with no supervisor yet is set up without one
    open_db(fresh).close()
    assert as_user(cli, fresh, None, None, "sample", "--customers", "20", "--force").exit_code == 0


def test_a_supervisor_logging_for_a_manager_is_named_in_the_audit_log(cli, branch):
    done = as_user(cli, branch, "S1", "4321", "log", "--customer", "C002", "--manager", "M1",
                   "--result", "reached", "--outcome", "interested", "--follow-up", "+3d")
    assert done.exit_code == 0, done.stderr
    outcome_id = done.stdout.strip()
    with sqlite3.connect(branch) as c:
        assert c.execute("SELECT manager_id FROM outcomes WHERE outcome_id = ?", (outcome_id,)).fetchone() == ("M1",)
        actor, detail = c.execute("SELECT actor, detail FROM audit_log WHERE action = 'outcome'").fetchone()
    assert actor == "S1" and json.loads(detail)["manager_id"] == "M1"   # who typed it, and whose call it was
    with sqlite3.connect(branch) as c:   # the follow-up it booked is M1's, booked by S1
        assert c.execute("SELECT f.owner_id, e.by_id FROM followups f JOIN followup_events e USING (followup_id)"
                         " WHERE f.customer_id = 'C002'").fetchall() == [("M1", "S1")]
    mine = as_user(cli, branch, "M1", "1357", "log", "--customer", "C004", "--result", "no_answer")
    assert mine.exit_code == 0, mine.stderr
    with sqlite3.connect(branch) as c:
        actor, detail = c.execute("SELECT actor, detail FROM audit_log WHERE action = 'outcome' ORDER BY seq DESC").fetchone()
    assert actor == "M1" and "manager_id" not in json.loads(detail)


def test_a_database_in_use_is_not_replaced_by_a_sample_whoever_asks(cli, branch):
    locked = sqlite3.connect(branch, isolation_level=None)   # another process's long write, under a rollback journal
    locked.execute("PRAGMA journal_mode = DELETE")
    locked.execute("BEGIN EXCLUSIVE")
    try:
        refused = as_user(cli, branch, None, None, "sample", "--customers", "20", "--force")
        assert refused.exit_code == 2 and "is in use or was left mid-write, so it is not replaced" in refused.stderr
    finally:
        locked.execute("ROLLBACK")
        locked.close()
    reader = sqlite3.connect(branch)   # the app, open under WAL on another terminal
    reader.execute("PRAGMA journal_mode = WAL")
    reader.execute("SELECT count(*) FROM customers").fetchone()
    try:
        refused = as_user(cli, branch, "S1", "4321", "sample", "--customers", "20", "--force")
        assert refused.exit_code == 2 and "is in use" in refused.stderr
    finally:
        reader.close()
    assert sqlite3.connect(branch).execute("SELECT count(*) FROM customers").fetchone() == (6,)
    done = as_user(cli, branch, "S1", "4321", "sample", "--customers", "20", "--force")
    assert done.exit_code == 0, done.stderr
    assert not branch.with_name(branch.name + "-wal").exists()
