"""A bundle that brings a do-not-call request cancels the pending call, SMS and WeChat follow-ups the importing desk
holds for the customer (a visit stays), and a follow-up a bundle brings for a customer erased or on do-not-call there
is cancelled on arrival; the import says how many, and the cancellations travel back, so the desks agree. Real
database files, real bundle files, the real CLI."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from test_sync_assignments import _desks, _export, _import, _run


def _book(cli, path, now, channel, customer="C000"):
    """A follow-up on the 25th, booked by the customer's manager M1 with `followup add`; returns its id."""
    return _run(cli, path, now, "M1", "followup", "add", "--customer", customer, "--when", "2026-11-25",
                "--channel", channel).stdout.strip()


def _statuses(path, customer="C000") -> dict[str, str]:
    with closing(sqlite3.connect(path)) as conn:
        return dict(conn.execute("SELECT followup_id, status FROM followups WHERE customer_id = ?", (customer,)))


def test_a_do_not_call_request_a_bundle_brings_cancels_the_calls_held_there(tmp_path, cli):
    s, a = _desks(tmp_path)
    sms, visit = _book(cli, a, "09:00", "sms"), _book(cli, a, "09:05", "visit")
    _run(cli, s, "10:00", "M1", "log", "--customer", "C000", "--result", "reached", "--outcome", "do_not_call")
    lines = _import(cli, a, "10:30", _export(cli, s, "10:15"))
    assert "1 pending follow-up was cancelled: its customer is on do-not-call, without marketing consent or erased." \
        in lines
    assert _statuses(a) == {sms: "cancelled", visit: "open"}
    # The cancellation goes back in a's bundle: s, which never held the follow-ups before, holds them as a does.
    _import(cli, s, "11:00", _export(cli, a, "10:45"))
    assert _statuses(s) == {sms: "cancelled", visit: "open"}


def test_a_follow_up_brought_for_a_customer_erased_here_is_cancelled_on_arrival(tmp_path, cli):
    s, a = _desks(tmp_path)
    _run(cli, s, "09:00", "S1", "privacy", "erase", "--customer", "C000", "--yes")
    call = _book(cli, a, "09:30", "phone")   # a has not heard of the erasure yet
    visit = _book(cli, a, "09:35", "visit")
    lines = _import(cli, s, "10:00", _export(cli, a, "09:45"), lang=("--lang", "zh_CN"))
    assert "已取消 2 条待办跟进：其客户已要求勿扰、未授权营销或已删除个人信息。" in lines
    assert _statuses(s) == {call: "cancelled", visit: "cancelled"}
    # a hears of the erasure and of the cancellations in one bundle: both desks agree, and nothing clashes.
    back = _import(cli, a, "10:30", _export(cli, s, "10:15"))
    assert _statuses(a) == {call: "cancelled", visit: "cancelled"}
    assert not [line for line in back if "conflict" in line.lower()]


def test_a_follow_up_brought_for_a_customer_without_consent_here_is_cancelled(tmp_path, cli):
    s, a = _desks(tmp_path)
    wechat = _book(cli, a, "09:00", "wechat")
    with closing(sqlite3.connect(s)) as conn:   # head office's extract withdrew consent on s's side
        conn.execute("UPDATE customers SET consent = 0 WHERE customer_id = 'C000'")
        conn.commit()
    _import(cli, s, "10:00", _export(cli, a, "09:30"))
    assert _statuses(s) == {wechat: "cancelled"}
    with closing(sqlite3.connect(s)) as conn:
        detail = conn.execute("SELECT json_extract(detail, '$.followups_cancelled') FROM audit_log"
                              " WHERE action = 'import' ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    assert detail == f'["{wechat}"]'
