"""Wrong PINs and lock-outs are written to the audit log (whose PIN was claimed, where, never the PIN typed), with the
count they add to, so the right PIN, which clears the count, leaves the record (review: a guessed PIN left no trace)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from workbench.db import open_db
from workbench.pins import FREE_FAILURES, check_pin, set_pin

NOW = datetime(2026, 11, 20, 9, 0)


@pytest.fixture
def branch(db_path):
    db = open_db(db_path)
    db.execute("INSERT INTO staff (staff_id, name, role) VALUES ('M1', '李娜', 'manager'), ('S1', '王强', 'supervisor')")
    set_pin(db.conn, "S1", "246810", at=NOW, by_id="S1")
    db.close()
    return db_path


def pin_entries(path) -> list[tuple]:
    with open_db(path) as db:
        return [(actor, action, subject, json.loads(detail)) for actor, action, subject, detail in db.execute(
            "SELECT actor, action, subject, detail FROM audit_log WHERE action LIKE 'pin_%' AND action != 'pin_set'"
            " ORDER BY seq")]


def test_each_wrong_pin_and_each_try_while_locked_is_audited_and_outlives_the_right_pin(branch):
    db = open_db(branch)
    try:
        check_pin(db.conn, "S1", None, now=NOW, where="workbench calllist")
        for n in range(FREE_FAILURES - 1):
            check_pin(db.conn, "S1", "1357", now=NOW, where="app")
        check_pin(db.conn, "S1", "246810", now=NOW + timedelta(seconds=1), where="app")   # locked: not checked
        assert check_pin(db.conn, "S1", "246810", now=NOW + timedelta(seconds=3), where="app").ok
        assert db.execute("SELECT count(*) FROM pin_attempts").fetchone()[0] == 0
    finally:
        db.close()
    assert pin_entries(branch) == [
        (None, "pin_wrong", "S1", {"where": "cli", "command": "workbench calllist", "failures": 1, "no_pin": True}),
        (None, "pin_wrong", "S1", {"where": "app", "failures": 2}),
        (None, "pin_wrong", "S1", {"where": "app", "failures": 3, "locked_seconds": 2}),
        (None, "pin_locked", "S1", {"where": "app", "wait_seconds": 1}),
    ]
    with open_db(branch) as db:
        logged = " ".join(" ".join(map(str, row)) for row in db.execute("SELECT * FROM audit_log"))
    assert "1357" not in logged and "246810" not in logged


def test_a_wrong_pin_is_not_counted_when_its_entry_cannot_be_written(branch):
    db = open_db(branch)
    try:
        db.execute("CREATE TRIGGER no_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit down'); END")
        with pytest.raises(Exception, match="audit down"):
            check_pin(db.conn, "S1", "1357", now=NOW, where="app")
        assert db.execute("SELECT count(*) FROM pin_attempts").fetchone()[0] == 0
    finally:
        db.close()


@pytest.mark.parametrize("lang, what, where, count", [
    ("en", "wrong PIN", "command workbench audit show", "wrong PINs in a row: 3"),
    ("zh_CN", "密码错误", "命令 workbench audit show", "连续错误 3 次"),
])
def test_a_guessed_supervisor_pin_leaves_its_wrong_tries_in_the_log(cli, branch, monkeypatch, lang, what, where, count):
    for pin in ("0001", "0002", "0003"):
        monkeypatch.setenv("WORKBENCH_PIN", pin)
        refused = cli("--db", branch, "--now", "2026-11-20T10:00:00", "--user", "S1", "audit", "show")
        assert refused.exit_code == 3
    monkeypatch.setenv("WORKBENCH_PIN", "246810")
    shown = cli("--db", branch, "--lang", lang, "--now", "2026-11-20T10:05:00", "--user", "S1", "audit", "show",
                "--limit", "1")
    assert shown.exit_code == 0, shown.stderr
    line = " ".join(shown.stdout.split())
    assert what in line and where in line and count in line
    assert [(e[1], e[3].get("failures")) for e in pin_entries(branch)] == [("pin_wrong", 1), ("pin_wrong", 2),
                                                                           ("pin_wrong", 3)]
