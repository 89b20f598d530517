"""The hash-chained audit log, and supervisor-only actions that log their refusals."""

import sqlite3
from datetime import datetime

import pytest

from workbench import audit
from workbench.access import get_staff, require_supervisor
from workbench.errors import WorkbenchError

NOW = datetime(2026, 11, 20, 9, 30)


def test_chain_verifies_and_names_the_first_broken_entry(fresh_db):
    c = fresh_db.conn
    for i in range(5):
        audit.record(c, "outcome", at=NOW, actor="M1", subject=f"C{i}", detail={"n": i})
    result = audit.verify(c)
    assert result.ok and result.entries == 5 and result.head == audit.chain_head(c)
    # Tamper behind the triggers' back, as someone editing the file would.
    c.execute("DROP TRIGGER audit_no_update")
    c.execute("UPDATE audit_log SET subject = 'C99' WHERE seq = 3")
    result = audit.verify(c)
    assert not result.ok and result.first_broken == 3


def test_deleted_entry_breaks_the_link(fresh_db):
    c = fresh_db.conn
    for i in range(4):
        audit.record(c, "export", at=NOW, actor="S1", subject=f"f{i}.csv")
    c.execute("DROP TRIGGER audit_no_delete")
    c.execute("DELETE FROM audit_log WHERE seq = 2")
    result = audit.verify(c)
    assert result.first_broken == 3 and "link" in result.problem


def test_audit_log_refuses_edits(fresh_db):
    audit.record(fresh_db.conn, "import", at=NOW, actor="S1")
    with pytest.raises(sqlite3.IntegrityError):
        fresh_db.execute("UPDATE audit_log SET actor = 'x'")


def test_manager_refused_supervisor_action_and_logged(fresh_db):
    c = fresh_db.conn
    c.execute("INSERT INTO staff (staff_id, name, role) VALUES ('M1', '李娜', 'manager'), ('S1', '王强', 'supervisor')")
    require_supervisor(c, get_staff(c, "S1"), "import customer extracts", at=NOW)
    with pytest.raises(WorkbenchError, match="Only a supervisor"):
        require_supervisor(c, get_staff(c, "M1"), "import customer extracts", at=NOW)
    row = c.execute("SELECT action, actor, subject FROM audit_log").fetchone()
    assert row == ("refusal", "M1", "import customer extracts")
    with pytest.raises(WorkbenchError, match="Unknown staff"):
        get_staff(c, "nobody")
