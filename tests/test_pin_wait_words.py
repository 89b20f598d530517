"""The wait a PIN lock-out asks for, in one wording for the CLI and the app: "1 second", not "1 seconds", and a wait of
minutes in minutes, not "256 seconds" (review)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from workbench import i18n
from workbench.db import open_db
from workbench.pins import locked_out, set_pin

REAL = datetime(2026, 11, 24, 21, 0, 0)


@pytest.mark.parametrize("seconds, said", [
    (1, "Too many wrong PINs for 李娜: try again in 1 second."),
    (2, "Too many wrong PINs for 李娜: try again in 2 seconds."),
    (90, "Too many wrong PINs for 李娜: try again in 90 seconds."),
    (91, "Too many wrong PINs for 李娜: try again in 2 minutes."),
    (256, "Too many wrong PINs for 李娜: try again in 5 minutes."),
    (300, "Too many wrong PINs for 李娜: try again in 5 minutes."),
])
def test_a_wait_is_said_in_seconds_or_in_minutes_rounded_up(seconds, said):
    assert locked_out("李娜", seconds) == said


def test_in_chinese():
    i18n.set_language("zh_CN")
    assert [locked_out("李娜", s) for s in (1, 256)] == ["李娜的密码错误次数过多：请在 1 秒后重试。",
                                                        "李娜的密码错误次数过多：请在 5 分钟后重试。"]


@pytest.mark.parametrize("left, said", [(timedelta(seconds=1), "try again in 1 second."),
                                        (timedelta(seconds=255, microseconds=1), "try again in 5 minutes.")])
def test_the_cli_says_the_wait_as_the_app_does(cli, db_path, monkeypatch, left, said):
    from workbench.cli.base import CliState

    monkeypatch.setattr(CliState, "real_now", lambda self: REAL)
    db = open_db(db_path)
    db.execute("INSERT INTO staff (staff_id, name, role) VALUES ('M1', '李娜', 'manager')")
    set_pin(db.conn, "M1", "2468", at=REAL, by_id="M1")
    db.execute("INSERT INTO pin_attempts (staff_id, failures, locked_until) VALUES ('M1', 10, ?)",
               ((REAL + left).isoformat(),))
    db.close()
    monkeypatch.setenv("WORKBENCH_PIN", "2468")
    refused = cli("--db", db_path, "--user", "M1", "calllist")
    assert refused.exit_code == 3 and refused.stderr == f"error: Too many wrong PINs for M1: {said}\n"
