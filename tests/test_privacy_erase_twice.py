"""Erasing a customer erased already says so, when and by whom, and writes nothing: no second erasure entry (which
bundles would carry to every desk) and no second audit entry. Like a file imported twice, it is nothing to do: exit 0.
Real database files."""

from __future__ import annotations

from datetime import datetime

import pytest
from factories import add_customer, seed_branch

from workbench import privacy
from workbench.db import connect

AT = datetime(2026, 11, 20, 11, 0)
LATER = datetime(2026, 11, 20, 14, 30)


def _written(conn) -> tuple[list, list]:
    return (conn.execute("SELECT customer_id, at, by_id FROM erasures ORDER BY at").fetchall(),
            conn.execute("SELECT action, subject, at FROM audit_log WHERE action = 'erase' ORDER BY seq").fetchall())


@pytest.fixture
def conn(fresh_db):
    seed_branch(fresh_db)
    add_customer(fresh_db, "C9")
    return fresh_db.conn


def test_erasing_again_writes_nothing_and_says_when_and_by_whom(conn):
    first = privacy.erase_customer(conn, "C1", actor="S1", at=AT)
    assert "erased_before" not in first
    before = _written(conn)
    assert before == ([("C1", "2026-11-20T11:00:00", "S1")], [("erase", "C1", "2026-11-20T11:00:00")])
    assert privacy.erased_before(conn, "C1") == ("2026-11-20T11:00:00", "S1")
    assert privacy.erased_before(conn, "C2") is None
    again = privacy.erase_customer(conn, "C1", actor="S1", at=LATER)
    assert again["erased_before"] == ("2026-11-20T11:00:00", "S1")
    assert (again["notes_cleared"], again["followups_cancelled"]) == (0, [])
    assert _written(conn) == before
    # Erased with no entry left (a database mended by hand): erased all the same, when unknown.
    conn.execute("UPDATE customers SET do_not_call = 1, do_not_call_source = 'erasure' WHERE customer_id = 'C9'")
    assert privacy.erased_before(conn, "C9") == (None, None)
    assert privacy.erase_customer(conn, "C9", actor="S1", at=LATER)["erased_before"] == (None, None)
    assert _written(conn) == before


def test_the_cli_says_it_was_erased_already_and_exits_0(db_path, fresh_db, cli):
    seed_branch(fresh_db)
    fresh_db.conn.commit()
    run = ("--db", db_path, "--lang", "zh_CN", "--user", "S1", "privacy", "erase", "--customer", "C1")
    assert cli("--now", AT.isoformat(), *run, "--yes").exit_code == 0
    conn = connect(db_path)
    try:
        before = _written(conn)
    finally:
        conn.close()
    for confirmed in (("--yes",), ()):   # nothing to confirm: the same answer without --yes
        again = cli("--now", LATER.isoformat(), *run, *confirmed)
        assert again.exit_code == 0, again.stderr
        assert again.stdout == "C1 的个人信息已于 2026-11-20 11:00 由 S1 删除，本次未做任何更改。\n"
    conn = connect(db_path)
    try:
        assert _written(conn) == before
    finally:
        conn.close()
    english = cli("--db", db_path, "--now", LATER.isoformat(), "--user", "S1", "privacy", "erase", "--customer", "C1")
    assert english.stdout == "C1's personal data was already erased on 2026-11-20 11:00 by S1; nothing changed.\n"
    unknown = cli("--db", db_path, "--now", LATER.isoformat(), "--user", "S1", "privacy", "erase", "--customer", "X1",
                  "--yes")
    assert unknown.exit_code != 0 and "Unknown customer 'X1'" in unknown.stderr
