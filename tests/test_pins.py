"""Staff PINs: scrypt hashes only, a growing delay after repeated failures."""

from datetime import datetime, timedelta

import pytest

from workbench.errors import WorkbenchError
from workbench.pins import check_pin, delay_after, hash_pin, pin_matches, set_pin

NOW = datetime(2026, 11, 20, 9, 0)


@pytest.fixture
def conn(fresh_db):
    fresh_db.execute("INSERT INTO staff (staff_id, name, role) VALUES ('M1', '李娜', 'manager')")
    return fresh_db.conn


def test_hash_is_salted_scrypt_and_never_the_pin():
    a, b = hash_pin("1234"), hash_pin("1234")
    assert a != b and a.startswith("scrypt$") and "1234" not in a.split("$", 4)[4]
    assert pin_matches("1234", a) and not pin_matches("1235", a)
    assert not pin_matches("1234", "garbage")


def test_no_pin_always_passes(conn):
    assert check_pin(conn, "M1", None, now=NOW, where="app").ok


def test_delay_grows_after_failures_and_resets_on_success(conn):
    set_pin(conn, "M1", "2468", at=NOW, by_id="S1")
    assert conn.execute("SELECT pin_hash FROM staff").fetchone()[0] != "2468"
    for n in range(1, 4):
        result = check_pin(conn, "M1", "0000", now=NOW, where="app")
        assert not result.ok and result.failures == n
    assert result.wait_seconds == delay_after(3) == 2
    # Locked: even the right PIN is not checked until the window passes.
    locked = check_pin(conn, "M1", "2468", now=NOW + timedelta(seconds=1), where="app")
    assert not locked.ok and locked.wait_seconds >= 1
    assert check_pin(conn, "M1", "2468", now=NOW + timedelta(seconds=3), where="app").ok
    assert conn.execute("SELECT count(*) FROM pin_attempts").fetchone()[0] == 0


@pytest.mark.parametrize("at", [NOW, NOW + timedelta(microseconds=700_000)])
def test_the_wait_said_is_the_wait_kept_and_counts_down(conn, at):
    """'Try again in 2 s', then at once 'in 3 s' was said; and a lock cut to whole seconds lasted 1.3 s."""
    set_pin(conn, "M1", "2468", at=NOW, by_id="S1")
    for _ in range(3):
        said = check_pin(conn, "M1", "0000", now=at, where="app").wait_seconds
    assert said == 2
    assert [check_pin(conn, "M1", "2468", now=at + timedelta(seconds=s), where="app").wait_seconds for s in (0, 0.5, 1, 1.9)] == [2, 2, 1, 1]
    assert check_pin(conn, "M1", "2468", now=at + timedelta(seconds=2), where="app").ok


def test_delay_is_capped():
    assert [delay_after(n) for n in (0, 2, 3, 4, 5)] == [0, 0, 2, 4, 8]
    assert delay_after(50) == 300


def test_pin_format(conn):
    with pytest.raises(WorkbenchError, match="4 to 12 digits"):
        set_pin(conn, "M1", "12a4", at=NOW, by_id="S1")
    with pytest.raises(WorkbenchError):
        set_pin(conn, "M1", "１２３４", at=NOW, by_id="S1")  # full-width digits are not a PIN


def test_an_audited_pin_change_is_one_transaction_with_its_entry(conn):
    conn.execute("CREATE TRIGGER no_pin_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit down'); END")
    conn.execute("INSERT INTO pin_attempts (staff_id, failures) VALUES ('M1', 2)")
    with pytest.raises(Exception, match="audit down"):
        set_pin(conn, "M1", "2468", at=NOW, by_id="M1")
    # The entry could not be written, so neither the PIN nor the reset of failed tries was kept.
    assert conn.execute("SELECT pin_hash FROM staff").fetchone() == (None,)
    assert conn.execute("SELECT failures FROM pin_attempts").fetchone() == (2,)
    conn.execute("DROP TRIGGER no_pin_audit")
    set_pin(conn, "M1", "2468", at=NOW, by_id="S1")
    assert conn.execute("SELECT actor, action, subject FROM audit_log").fetchall() == [("S1", "pin_set", "M1")]


def test_the_lock_runs_on_the_real_clock_whatever_now_is_claimed(conn):
    """A `now` claimed ahead stepped over the lock; one set back stretched it to a day."""
    set_pin(conn, "M1", "2468", at=NOW, by_id="S1")
    real = NOW + timedelta(days=4)
    for _ in range(3):
        check_pin(conn, "M1", "0000", now=NOW, where="app", real_now=real)
    ahead = check_pin(conn, "M1", "2468", now=NOW + timedelta(hours=1), where="app", real_now=real + timedelta(seconds=1))
    back = check_pin(conn, "M1", "2468", now=NOW - timedelta(days=1), where="app", real_now=real + timedelta(seconds=1))
    assert (ahead.ok, ahead.wait_seconds, back.ok, back.wait_seconds) == (False, 1, False, 1)
    assert check_pin(conn, "M1", "2468", now=NOW, where="app", real_now=real + timedelta(seconds=2)).ok
