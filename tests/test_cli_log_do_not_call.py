"""`workbench log` tells what a do-not-call request cancelled, and warns when a contact is logged for a customer
already on the do-not-call list or without marketing consent (logged as it happened: the customer may have rung in;
nobody should call again); for such a customer, nothing booked after an outcome that wants a next step points to a
visit. All were silent: the request printed only the entry's id."""

from __future__ import annotations

import pytest
from tui_fixtures import NOW, build

from workbench import followups
from workbench.db import connect


def _do_not_call(path, customer_id: str) -> None:
    conn = connect(path)
    try:
        conn.execute("UPDATE customers SET do_not_call = 1, do_not_call_source = 'extract' WHERE customer_id = ?",
                     (customer_id,))
        conn.commit()
    finally:
        conn.close()


def test_a_do_not_call_request_names_the_follow_ups_it_cancelled(tmp_path, cli):
    path = build(tmp_path / "w.sqlite")   # C0003 has F-0003, a call back due today, which the reached call keeps
    conn = connect(path)
    try:
        later = followups.schedule(conn, customer_id="C0003", owner_id="M1", due_on="2026-11-25", at=NOW)
        conn.commit()
    finally:
        conn.close()
    result = cli("--db", path, "--now", NOW.isoformat(), "--lang", "zh_CN", "--user", "M1", "log", "--customer", "C0003",
                 "--result", "reached", "--outcome", "do_not_call")
    assert result.exit_code == 0, result.stderr
    assert f"提示：客户要求勿扰，已取消 1 条待办跟进：{later[:8]}。" in result.stderr   # as the agenda shows ids


def test_a_contact_with_a_customer_on_do_not_call_is_logged_with_a_warning(tmp_path, cli):
    path = build(tmp_path / "w.sqlite")
    _do_not_call(path, "C0001")
    result = cli("--db", path, "--now", NOW.isoformat(), "--user", "M1", "log", "--customer", "C0001",
                 "--result", "no_answer")
    assert result.exit_code == 0, result.stderr
    assert "C0001 is on the do-not-call list; the contact is logged, but do not contact them again." in result.stderr
    visit = cli("--db", path, "--now", NOW.isoformat(), "--user", "M1", "log", "--customer", "C0001",
                "--result", "reached", "--outcome", "interested", "--channel", "visit")
    assert visit.exit_code == 0 and "do-not-call" not in visit.stderr   # a visit is still allowed
    other = cli("--db", path, "--now", NOW.isoformat(), "--user", "M1", "log", "--customer", "C0002",
                "--result", "no_answer")
    assert other.exit_code == 0 and "do-not-call" not in other.stderr


def _no_consent(path, customer_id: str) -> None:
    conn = connect(path)
    try:
        conn.execute("UPDATE customers SET consent = 0 WHERE customer_id = ?", (customer_id,))
        conn.commit()
    finally:
        conn.close()


def test_a_contact_with_a_customer_without_consent_is_logged_with_a_warning(tmp_path, cli):
    path = build(tmp_path / "w.sqlite")
    _no_consent(path, "C0001")
    run = ("--db", path, "--now", NOW.isoformat(), "--lang", "zh_CN", "--user", "M1", "log", "--customer", "C0001")
    result = cli(*run, "--result", "no_answer")
    assert result.exit_code == 0, result.stderr
    assert "提示：客户 C0001 未授权营销；本次联系已记录，但请勿再打电话、发短信或发微信。" in result.stderr
    visit = cli(*run, "--result", "reached", "--outcome", "call_back", "--channel", "visit", "--follow-up", "明天",
                "--purpose", "送存折")
    assert visit.exit_code == 0 and "未授权营销" not in visit.stderr   # a visit is still allowed


@pytest.mark.parametrize("block", [_no_consent, _do_not_call])
def test_nothing_booked_for_a_customer_who_may_only_be_visited_suggests_a_visit(tmp_path, cli, block):
    path = build(tmp_path / "w.sqlite")
    block(path, "C0001")
    result = cli("--db", path, "--now", NOW.isoformat(), "--lang", "zh_CN", "--user", "M1", "log", "--customer",
                 "C0001", "--result", "reached", "--outcome", "interested", "--channel", "sms")
    assert result.exit_code == 0, result.stderr
    assert ("提示：客户 C0001 记录为“有意向”，但尚未安排跟进；该客户只能上门拜访：可用 --follow-up 加 --follow-up-channel"
            " visit 安排。") in result.stderr
    assert "可用 --follow-up 安排下一步" not in result.stderr
