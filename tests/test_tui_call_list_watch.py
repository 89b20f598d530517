"""The app's watcher, which reads the call list again when another process moves customers: one look reads the
audit log once, and hears a reassignment and an erasure made since its last look alike."""

from __future__ import annotations

from test_tui_app_shell import cli
from tui_fixtures import build
from workbench.db import connect, terminal_id
from workbench.screens.app import data_changes


def test_one_read_of_the_audit_log_hears_a_reassignment_and_an_erasure(tmp_path):
    db_file = build(tmp_path / "watch.sqlite")
    conn = connect(db_file)
    try:
        here = terminal_id(conn)
        marks = data_changes(conn, None, frozenset(), here).marks
        cli(db_file, "--user", "S1", "reassign", "--customer", "C0001", "--to", "M2")
        cli(db_file, "--user", "S1", "privacy", "erase", "--customer", "C0002", "--yes")
        statements: list[str] = []
        conn.set_trace_callback(statements.append)
        changed = data_changes(conn, marks, frozenset(), here)
    finally:
        conn.close()
    assert changed.customers == {"C0001", "C0002"}   # whose cards show their manager, or the customer no longer
    assert changed.managers == {"M1", "M2"}   # M1 gave C0001 to M2; C0002 leaves M1's list
    assert len([s for s in statements if "FROM audit_log" in s and "seq >" in s]) == 1
