"""A time claimed with --now (or WORKBENCH_NOW), which any user can give: it no longer shortens a PIN lock, an audit
entry written under it far from the computer's clock records the real time too (and `audit show` marks it), and
`audit verify` warns of entries dated earlier than the entry before them (review: a brute-forced PIN, a backdated
reactivation the log called intact)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from workbench.db import open_db
from workbench.pins import set_pin

REAL = datetime(2026, 11, 24, 21, 0, 0)   # the computer's clock in these tests


@pytest.fixture
def real_clock(monkeypatch):
    """The computer's clock, which the test moves: [the time]."""
    from workbench.cli.base import CliState

    clock = [REAL]
    monkeypatch.setattr(CliState, "real_now", lambda self: clock[0])
    return clock


@pytest.fixture
def branch(db_path):
    db = open_db(db_path)
    db.execute("INSERT INTO staff (staff_id, name, role) VALUES ('M1', '李娜', 'manager'), ('S1', '王强', 'supervisor')")
    db.execute("INSERT INTO customers (customer_id, name, manager_id) VALUES ('C1', '张伟', 'M1'), ('C2', '刘洋', 'M1')")
    set_pin(db.conn, "M1", "2468", at=datetime(2026, 11, 1, 9, 0), by_id="M1")
    db.close()
    return db_path


def calllist(cli, path, monkeypatch, now: str, pin: str):
    monkeypatch.setenv("WORKBENCH_PIN", pin)
    return cli("--db", path, "--now", now, "--user", "M1", "calllist", "--limit", "1")


def test_a_claimed_time_does_not_step_over_a_pin_lock(cli, branch, monkeypatch, real_clock):
    """Each try claimed ten minutes later: the fourth was checked at once, as the lock had 'passed'."""
    for n, pin in enumerate(("0001", "0002", "0003")):
        assert calllist(cli, branch, monkeypatch, f"2026-11-20T10:{10 * n:02}:00", pin).exit_code == 3
    later = calllist(cli, branch, monkeypatch, "2026-11-20T10:40:00", "2468")
    assert later.exit_code == 3 and "try again in 2 seconds" in later.stderr
    # Set back, the claimed clock does not stretch the lock either (it said 71942 seconds).
    back = calllist(cli, branch, monkeypatch, "2026-11-19T14:00:00", "2468")
    assert back.exit_code == 3 and "try again in 2 seconds" in back.stderr
    real_clock[0] += timedelta(seconds=2)
    assert calllist(cli, branch, monkeypatch, "2026-11-20T10:50:00", "2468").exit_code == 0


def log(cli, path, now: str, customer: str = "C1"):
    done = cli("--db", path, "--now", now, "--user", "S1", "log", "--customer", customer, "--manager", "M1",
               "--result", "reached", "--outcome", "reactivated")
    assert done.exit_code == 0, done.stderr
    return done


def outcome_details(path) -> list[dict]:
    with open_db(path) as db:
        return [json.loads(d) for (d,) in db.execute("SELECT detail FROM audit_log WHERE action = 'outcome' ORDER BY seq")]


def test_an_entry_at_a_claimed_time_far_from_the_clock_records_the_real_one(cli, branch, real_clock):
    log(cli, branch, "2026-11-24T20:56:00")              # four minutes off: a clock a little wrong, not marked
    log(cli, branch, "2026-03-01T09:00:00", "C2")        # backdated
    assert [d.get("real_at") for d in outcome_details(branch)] == [None, "2026-11-24T21:00:00"]
    listed = cli("--db", branch, "--user", "S1", "audit", "show", "--action", "outcome", "--json")
    assert [e["detail"].get("real_at") for e in json.loads(listed.stdout)] == ["2026-11-24T21:00:00", None]


@pytest.mark.parametrize("lang, mark", [("en", "really"), ("zh_CN", "实际")])
@pytest.mark.parametrize("columns", ["200", "80"])
def test_audit_show_marks_an_entry_written_at_a_claimed_time(cli, branch, real_clock, lang, mark, columns, monkeypatch):
    """The real time under the claimed one, its mark on a line of its own, so that the time column stays one time
    wide at any width."""
    monkeypatch.setenv("COLUMNS", columns)
    log(cli, branch, "2026-03-01T09:00:00")
    log(cli, branch, "2026-11-24T21:01:00", "C2")
    shown = cli("--db", branch, "--lang", lang, "--user", "S1", "audit", "show", "--action", "outcome")
    assert shown.exit_code == 0, shown.stderr
    lines = [line.strip() for line in shown.stdout.splitlines()]
    marked = [n for n, line in enumerate(lines) if line.split()[:1] == [mark]]
    assert len(marked) == 1 and lines[marked[0] - 1].startswith("2026-03-01 09:00")
    assert lines[marked[0] + 1].startswith("2026-11-24 21:00")
    assert "real_at" not in shown.stdout


@pytest.mark.parametrize("lang, intact, warning", [
    ("en", "Audit log intact: 4 entries", "warning: 1 entry is dated earlier than the entry before it (a clock set back,"
     " or a time given with --now): entry 4 (2026-03-01 09:00:00, after 2026-11-24 20:58:00)."),
    ("zh_CN", "审计日志完好：共 4 条", "警告：有 1 条记录的时间早于它的前一条（电脑时钟被调回，或用 --now 指定了时间）："
     "第 4 条（2026-03-01 09:00:00，前一条为 2026-11-24 20:58:00）。"),
])
def test_audit_verify_warns_of_an_entry_dated_before_the_one_before_it(cli, branch, real_clock, lang, intact, warning):
    log(cli, branch, "2026-11-24T20:57:00")
    log(cli, branch, "2026-11-24T20:58:00", "C2")
    log(cli, branch, "2026-03-01T09:00:00")
    verified = cli("--db", branch, "--lang", lang, "audit", "verify")
    assert verified.exit_code == 0 and verified.stdout.splitlines()[0].startswith(intact)
    assert verified.stdout.splitlines()[1] == warning
    as_json = json.loads(cli("--db", branch, "audit", "verify", "--json").stdout)
    assert as_json["ok"] and as_json["backwards"] == [[4, "2026-03-01T09:00:00", "2026-11-24T20:58:00"]]


def test_audit_verify_names_the_entries_furthest_back_first(cli, branch, real_clock):
    for now in ("2026-11-24T20:50:00", "2026-11-24T20:40:00", "2026-11-24T20:59:00", "2026-11-24T20:58:00",
                "2026-11-24T20:59:30", "2026-03-01T09:00:00", "2026-11-24T21:00:00", "2026-11-24T20:55:00"):
        log(cli, branch, now)
    said = cli("--db", branch, "audit", "verify").stdout.splitlines()[1]
    assert said == ("warning: 4 entries are dated earlier than the entry before each (a clock set back, or a time given"
                    " with --now), the furthest back first: entry 7 (2026-03-01 09:00:00, after 2026-11-24 20:59:30),"
                    " entry 3 (2026-11-24 20:40:00, after 2026-11-24 20:50:00), entry 9 (2026-11-24 20:55:00, after"
                    " 2026-11-24 21:00:00) and 1 more.")
