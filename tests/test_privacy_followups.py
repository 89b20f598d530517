"""An erasure cancels the customer's pending follow-ups (a call and a visit alike) in its own transaction, on the desk
that erases and on each desk a bundle brings the erasure to; `privacy erase` says how many; the agenda then holds and
suggests nothing for them, and no contact with them can be logged. Real database files, the real CLI."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import date

from test_sync_assignments import _desks, _export, _import, _run
from workbench import followups
from workbench.db import open_db
from workbench.db.followups import PENDING_SQL

TODAY = date(2026, 11, 20)


def _book(cli, path, now, channel, customer="C000"):
    """A call reaching the customer that books a follow-up on the 25th on the channel given."""
    _run(cli, path, now, "M1", "log", "--customer", customer, "--result", "reached", "--outcome", "interested",
         "--follow-up", "2026-11-25", "--follow-up-channel", channel)


def _pending(path, customer="C000") -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [r[0] for r in conn.execute("SELECT followup_id FROM followups WHERE customer_id = ? AND status IN"
                                           f" {PENDING_SQL} ORDER BY followup_id", (customer,))]


def _statuses(path, customer="C000") -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [r[0] for r in conn.execute("SELECT status FROM followups WHERE customer_id = ?", (customer,))]


def _erase_audit(path) -> list[dict]:
    with closing(sqlite3.connect(path)) as conn:
        return [json.loads(d) for (d,) in conn.execute("SELECT detail FROM audit_log WHERE action = 'erase'")]


def _agenda_and_care(path, customer="C000") -> tuple[list, list]:
    db = open_db(path)
    try:
        agenda = followups.agenda(db.conn, "M1", TODAY)
        items = [i.customer_id for bucket in (agenda.overdue, agenda.today, agenda.this_week, agenda.later)
                 for i in bucket if i.customer_id == customer]
        return items, followups.care_suggestions(db.conn, "M1", TODAY, customer_id=customer)
    finally:
        db.close()


def test_privacy_erase_cancels_the_customers_pending_follow_ups_and_says_so(tmp_path, cli):
    s, _a = _desks(tmp_path)
    _book(cli, s, "10:00", "visit")
    _book(cli, s, "10:05", "phone")   # a call booked after a visit keeps it (one booked after a call would settle it)
    booked = _pending(s)
    assert len(booked) == 2 and _agenda_and_care(s)[0] == ["C000", "C000"]
    out = _run(cli, s, "11:00", "S1", "privacy", "erase", "--customer", "C000", "--yes").stdout
    assert f"2 pending follow-ups cancelled: {', '.join(f[:8] for f in booked)}." in out   # as the agenda shows them
    assert _pending(s) == [] and _statuses(s) == ["cancelled", "cancelled"]
    assert _erase_audit(s)[0]["followups_cancelled"] == booked
    assert _agenda_and_care(s) == ([], [])   # nothing to visit, call or greet
    # In Chinese too.
    _book(cli, s, "11:10", "phone", customer="C002")
    zh = _run(cli, s, "11:20", "S1", "privacy", "erase", "--customer", "C002", "--yes", lang=("--lang", "zh_CN")).stdout
    assert "已取消 1 条待办跟进：" in zh


def test_an_erasure_a_bundle_brings_cancels_the_follow_ups_held_there(tmp_path, cli):
    s, a = _desks(tmp_path)
    _book(cli, a, "10:00", "visit")
    booked = _pending(a)
    _run(cli, s, "10:30", "S1", "privacy", "erase", "--customer", "C000", "--yes")
    _import(cli, a, "11:00", _export(cli, s, "10:45"))
    assert _pending(a) == [] and _statuses(a) == ["cancelled"]
    assert _erase_audit(a)[0]["followups_cancelled"] == booked
    assert _agenda_and_care(a) == ([], [])


def test_no_contact_with_an_erased_customer_can_be_logged(tmp_path, cli):
    s, _a = _desks(tmp_path)
    before = _run(cli, s, "09:00", "M1", "log", "--customer", "C000", "--result", "no_answer").stdout.strip()
    _run(cli, s, "10:00", "S1", "privacy", "erase", "--customer", "C000", "--yes")
    for channel in ("phone", "sms", "wechat", "visit"):
        r = cli("--db", s, "--now", "2026-11-20T11:00:00", "--user", "M1", "log", "--customer", "C000",
                "--channel", channel, "--result", "no_answer")
        assert r.exit_code != 0
        assert "Customer C000's personal data was erased: no contact with them can be logged" in r.stderr
        assert "Traceback" not in r.stderr
    with closing(sqlite3.connect(s)) as conn:
        assert conn.execute("SELECT count(*) FROM outcomes WHERE customer_id = 'C000'").fetchone() == (1,)
    # An entry made before the erasure can be corrected (the funnel stays right), but with no words of anyone's.
    fix = ("--db", s, "--now", "2026-11-20T11:00:00", "--user", "M1", "log", "--customer", "C000", "--supersedes",
           before, "--result", "busy")
    assert cli(*fix, "--note", "他说下月再打").exit_code != 0
    assert cli(*fix).exit_code == 0
