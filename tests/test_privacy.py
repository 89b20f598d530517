"""Phone reveals, access requests and erasure: done, and logged."""

import json
from datetime import datetime

import pytest

from workbench.codes import ERASED_NAME
from workbench.privacy import erase_customer, reveal_phone, subject_access

NOW = datetime(2026, 11, 20, 9, 0)


@pytest.fixture
def conn(fresh_db):
    c = fresh_db.conn
    c.execute("INSERT INTO staff (staff_id, name, role) VALUES ('M1', '李娜', 'manager'), ('S1', '王强', 'supervisor')")
    c.execute("INSERT INTO customers (customer_id, name, phone_raw, phone_e164, phone_valid, manager_id, birthday)"
              " VALUES ('C1', '张伟', '138 1234 5678', '+8613812345678', 1, 'M1', '1960-05-01')")
    c.execute("INSERT INTO customers (customer_id, name, phone_raw, phone_e164, phone_ext, phone_valid, manager_id)"
              " VALUES ('C2', '王芳', '021-62345678转8001', '+862162345678', '8001', 1, 'M1')")
    c.execute("INSERT INTO outcomes (outcome_id, customer_id, manager_id, terminal_id, at, line_result, note, recorded_at)"
              " VALUES ('o1', 'C1', 'M1', 'T', '2026-11-19T10:00:00', 'reached', '客户说下月再联系', '2026-11-19T10:00:00')")
    return c


def _actions(conn):
    return [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY seq")]


def test_reveal_is_logged(conn):
    assert reveal_phone(conn, "C1", actor="M1", at=NOW) == ("+8613812345678", None)
    assert reveal_phone(conn, "C2", actor="M1", at=NOW) == ("+862162345678", "8001")
    assert conn.execute("SELECT action, actor, subject FROM audit_log").fetchall() == [
        ("phone_reveal", "M1", "C1"), ("phone_reveal", "M1", "C2")]


def test_access_request_has_everything(conn):
    data = subject_access(conn, "C1", actor="S1", at=NOW)
    assert data["customer"]["name"] == "张伟"
    assert data["outcomes"][0]["note"] == "客户说下月再联系"
    json.dumps(data, ensure_ascii=False)
    assert _actions(conn) == ["access_request"]


def test_erase_keeps_the_number_and_drops_the_person(conn):
    erase_customer(conn, "C1", actor="S1", at=NOW)
    row = conn.execute("SELECT name, phone_raw, phone_e164, birthday, do_not_call FROM customers WHERE customer_id = 'C1'").fetchone()
    assert row == (ERASED_NAME, None, None, None, 1)
    erase_customer(conn, "C2", actor="S1", at=NOW)
    assert conn.execute("SELECT phone_raw, phone_e164, phone_ext FROM customers WHERE customer_id = 'C2'").fetchone() \
        == (None, None, None)
    scores = conn.execute("SELECT priority, scored_on, instr(segments, 'birthday') FROM customers WHERE customer_id = 'C1'").fetchone()
    assert scores == (None, NOW.date().isoformat(), 0)  # rescored in the same transaction
    assert conn.execute("SELECT customer_id, line_result, note FROM outcomes").fetchone() == ("C1", "reached", "")
    assert _actions(conn) == ["erase", "erase"]


def test_erase_leaves_no_number_in_any_column(conn):
    """Every column is searched, so a phone column added later is covered too."""
    conn.execute("UPDATE customers SET phone_alt_raw = '021-6234 5678 转8001', phone_bad_e164 = '+862162345678',"
                 " phone_bad_problem = 'Last call result: Suspended' WHERE customer_id = 'C1'")
    erase_customer(conn, "C1", actor="S1", at=NOW)
    conn.row_factory = None
    cursor = conn.execute("SELECT * FROM customers WHERE customer_id = 'C1'")
    row = dict(zip([d[0] for d in cursor.description], cursor.fetchone()))
    digits = {name: value for name, value in row.items()
              if isinstance(value, str) and any(n in value.replace(" ", "").replace("-", "")
                                                for n in ("13812345678", "62345678", "8001"))}
    assert digits == {}
    assert row["phone_bad_problem"] is None


def test_access_request_lists_the_customers_assignments_and_erasures(conn):
    from workbench import assignments

    conn.execute("INSERT INTO staff (staff_id, name, role) VALUES ('M2', '周敏', 'manager')")
    with conn:
        assignments.record(conn, "C1", "M1", "M2", at=NOW, by_id="S1", source="reassign")
    erase_customer(conn, "C1", actor="S1", at=NOW)
    data = subject_access(conn, "C1", actor="S1", at=NOW)
    assert [(a["from_manager_id"], a["to_manager_id"], a["by_id"], a["source"]) for a in data["assignments"]] == [
        ("M1", "M2", "S1", "reassign")]
    assert [(e["customer_id"], e["at"], e["by_id"], e["status"]) for e in data["erasures"]] == [
        ("C1", "2026-11-20T09:00:00", "S1", "made_here")]
    assert data["followup_events"] == [] and data["reactivations"] == []
    assert subject_access(conn, "C2", actor="S1", at=NOW)["erasures"] == []


def test_doctor_counts_the_assignment_and_erasure_entries(conn, db_path, cli):
    erase_customer(conn, "C1", actor="S1", at=NOW)
    found = json.loads(cli("--db", db_path, "doctor", "--json").stdout)["counts"]
    assert (found["assignments"], found["erasures"]) == (0, 1)
    said = cli("--db", db_path, "--lang", "zh_CN", "doctor").stdout
    assert "  客户改派记录：0\n" in said and "  个人信息删除记录：1\n" in said
