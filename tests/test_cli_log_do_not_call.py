"""`workbench log` tells what a do-not-call request cancelled, and warns when a contact is logged for a customer
already on the do-not-call list (logged as it happened: the customer may have rung in; nobody should call again).
Both were silent: the request printed only the entry's id."""

from __future__ import annotations

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
