"""The trust commands: PINs at the CLI, audit verify, supervisor-only personal-data commands."""

import io
import json
import subprocess

import pytest

from workbench.db import open_db


@pytest.fixture
def staffed(db_path):
    db = open_db(db_path)
    db.execute("INSERT INTO staff (staff_id, name, role) VALUES ('M1', '李娜', 'manager'), ('S1', '王强', 'supervisor')")
    db.execute("INSERT INTO customers (customer_id, name, manager_id) VALUES ('C1', '张伟', 'M1')")
    db.close()
    return db_path


def test_manager_refused_erase_and_refusal_logged(cli, staffed):
    result = cli("--db", staffed, "--user", "M1", "privacy", "erase", "--customer", "C1", "--yes")
    assert result.exit_code == 3 and "Only a supervisor" in result.stderr
    db = open_db(staffed)
    assert db.execute("SELECT action, actor FROM audit_log").fetchall() == [("refusal", "M1")]
    assert db.execute("SELECT name FROM customers").fetchone()[0] == "张伟"


def test_supervisor_erases_and_audit_verifies(cli, staffed, tmp_path):
    out = tmp_path / "c1.json"
    assert cli("--db", staffed, "--user", "S1", "privacy", "export", "--customer", "C1", "--out", out).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["customer"]["name"] == "张伟"
    assert cli("--db", staffed, "--user", "S1", "privacy", "erase", "--customer", "C1").exit_code == 2
    assert cli("--db", staffed, "--user", "S1", "privacy", "erase", "--customer", "C1", "--yes").exit_code == 0
    result = cli("--db", staffed, "audit", "verify", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["entries"] == 2


def test_pin_required_once_set(cli, staffed, monkeypatch):
    monkeypatch.setenv("WORKBENCH_NEW_PIN", "4321")
    assert cli("--db", staffed, "--user", "S1", "staff", "pin", "--staff", "S1").exit_code == 0
    denied = cli("--db", staffed, "--user", "S1", "privacy", "export", "--customer", "C1", "--out", "x.json")
    assert denied.exit_code == 3 and "PIN" in denied.stderr
    monkeypatch.setenv("WORKBENCH_PIN", "4321")
    listing = cli("--db", staffed, "staff", "list")
    assert "王强" in listing.stdout and "yes" in listing.stdout


def test_broken_audit_chain_exit_1(cli, staffed):
    cli("--db", staffed, "--user", "M1", "privacy", "erase", "--customer", "C1", "--yes")
    db = open_db(staffed)
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("UPDATE audit_log SET actor = 'S1'")
    db.close()
    result = cli("--db", staffed, "audit", "verify")
    assert result.exit_code == 1 and "broken at entry 1" in result.stderr


def test_own_pin_is_set_and_changed_only_with_the_old_one(cli, staffed, monkeypatch):
    monkeypatch.setenv("WORKBENCH_NEW_PIN", "1111")
    assert cli("--db", staffed, "--user", "M1", "staff", "pin", "--staff", "M1").exit_code == 0   # M1 themselves
    monkeypatch.setenv("WORKBENCH_NEW_PIN", "2222")
    stolen = cli("--db", staffed, "--user", "M1", "staff", "pin", "--staff", "M1")
    assert stolen.exit_code == 3 and "PIN" in stolen.stderr
    monkeypatch.setenv("WORKBENCH_PIN", "1111")
    assert cli("--db", staffed, "--user", "M1", "staff", "pin", "--staff", "M1").exit_code == 0
    from workbench.pins import pin_matches

    stored = open_db(staffed).execute("SELECT pin_hash FROM staff WHERE staff_id = 'M1'").fetchone()[0]
    assert pin_matches("2222", stored) and not pin_matches("1111", stored)


def test_pin_set_and_clear_are_audited_with_who_and_whose_never_the_pin(cli, staffed, monkeypatch):
    monkeypatch.setenv("WORKBENCH_NEW_PIN", "135790")
    assert cli("--db", staffed, "--now", "2026-11-20T09:00:00", "--user", "M1", "staff", "pin", "--staff",
               "M1").exit_code == 0
    assert cli("--db", staffed, "--now", "2026-11-20T09:05:00", "--user", "S1", "staff", "pin", "--staff", "M1",
               "--clear").exit_code == 0
    db = open_db(staffed)
    rows = db.execute("SELECT at, actor, action, subject, detail FROM audit_log ORDER BY seq").fetchall()
    stored = db.execute("SELECT count(*) FROM staff WHERE pin_hash IS NOT NULL").fetchone()[0]
    db.close()
    assert rows == [("2026-11-20T09:00:00", "M1", "pin_set", "M1", "{}"),
                    ("2026-11-20T09:05:00", "S1", "pin_clear", "M1", "{}")] and stored == 0
    assert "135790" not in repr(rows) and "scrypt" not in repr(rows)
    verified = cli("--db", staffed, "audit", "verify", "--json")
    assert verified.exit_code == 0 and json.loads(verified.stdout)["entries"] == 2


def test_a_pin_is_set_on_nobody_without_saying_who_sets_it(cli, staffed, monkeypatch):
    """Taken as the staff member named, `staff pin --staff M1` without --user let anyone put a PIN on a colleague who
    had none, locking them out, and the audit log named M1 as having done it."""
    monkeypatch.setenv("WORKBENCH_NEW_PIN", "8888")
    monkeypatch.delenv("WORKBENCH_USER", raising=False)
    said = cli("--db", staffed, "--lang", "zh_CN", "staff", "pin", "--staff", "M1")
    assert (said.exit_code, said.stderr) == (
        2, "错误：请用 --user ID（或 WORKBENCH_USER）指明由谁来设置 M1 的密码：M1 本人或主管。\n")
    assert _stored_pin(staffed) is None
    assert open_db(staffed).execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0


def test_a_manager_refused_another_s_pin_is_audited_naming_whose(cli, staffed, monkeypatch):
    monkeypatch.setenv("WORKBENCH_NEW_PIN", "8888")
    said = cli("--db", staffed, "--user", "M1", "staff", "pin", "--staff", "S1")
    assert said.exit_code == 3 and "Only a supervisor" in said.stderr
    db = open_db(staffed)
    assert db.execute("SELECT actor, action, subject FROM audit_log").fetchall() == [
        ("M1", "refusal", "set another staff member's PIN (S1)")]
    assert db.execute("SELECT pin_hash FROM staff WHERE staff_id = 'S1'").fetchone()[0] is None


def _stored_pin(path) -> str | None:
    db = open_db(path)
    try:
        return db.execute("SELECT pin_hash FROM staff WHERE staff_id = 'M1'").fetchone()[0]
    finally:
        db.close()


def test_no_pin_at_the_prompt_is_said_in_one_sentence_not_as_an_interruption(staffed, monkeypatch):
    """`staff pin </dev/null`, with no terminal to ask on: getpass warned that the PIN might be echoed and the
    end of input read as Ctrl-C ("Interrupted", exit 130). Nothing given is one sentence, exit 2, no warning."""
    from hostile import run_workbench

    monkeypatch.delenv("WORKBENCH_NEW_PIN", raising=False)
    # Its own session has no terminal for getpass to open, and /dev/null ends at once.
    done = run_workbench(staffed, "staff", "pin", "--staff", "M1", user="M1", start_new_session=True,
                         stdin=subprocess.DEVNULL)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", "error: No PIN was given; nothing changed.\n")
    assert _stored_pin(staffed) is None


@pytest.mark.parametrize("piped", ["", "\n", "  \n"])
def test_an_empty_line_or_the_end_of_input_sets_no_pin(cli, staffed, monkeypatch, piped):
    monkeypatch.delenv("WORKBENCH_NEW_PIN", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(piped))
    said = cli("--db", staffed, "--lang", "zh_CN", "--user", "M1", "staff", "pin", "--staff", "M1")
    assert (said.exit_code, said.stderr) == (2, "错误：未输入密码，未作任何更改。\n") and _stored_pin(staffed) is None


def test_a_piped_pin_is_read_from_standard_input(cli, staffed, monkeypatch):
    from workbench.pins import pin_matches

    monkeypatch.delenv("WORKBENCH_NEW_PIN", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("2468\r\n"))
    assert cli("--db", staffed, "--user", "M1", "staff", "pin", "--staff", "M1").stdout == "PIN set for M1.\n"
    assert pin_matches("2468", _stored_pin(staffed))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("key, code, sentence", [
    (EOFError, 2, "error: No PIN was given; nothing changed."),                 # Ctrl-D
    (KeyboardInterrupt, 130, "Interrupted; nothing was half-written."),         # Ctrl-C
])
def test_ctrl_d_at_the_prompt_gives_no_pin_and_ctrl_c_interrupts(cli, staffed, monkeypatch, key, code, sentence):
    import getpass

    def pressed(prompt):
        raise key

    monkeypatch.delenv("WORKBENCH_NEW_PIN", raising=False)
    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr(getpass, "getpass", pressed)
    said = cli("--db", staffed, "--user", "M1", "staff", "pin", "--staff", "M1")
    assert (said.exit_code, said.stderr.strip()) == (code, sentence) and _stored_pin(staffed) is None
