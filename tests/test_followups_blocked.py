"""A customer who may not be marketed to has no call, SMS or WeChat follow-up booked: one without marketing consent
gets a visit only, as one on do-not-call does, each with its own sentence; an erased customer gets nothing at all, with
the sentence a contact logged with them is refused with. Booking, moving, `log --follow-up` and the CLI alike, against
real database files."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from factories import add_customer, count_rows, seed_branch
from tui_fixtures import NOW, build, db_write

from workbench import followups, privacy
from workbench.errors import WorkbenchError
from workbench.outcomes import FollowUpRequest, log_outcome

AT = datetime(2026, 11, 20, 10, 0)
TABLES = ("outcomes", "followups", "followup_events")


@pytest.fixture
def conn(fresh_db):
    seed_branch(fresh_db)
    add_customer(fresh_db, "C5", consent=0)
    return fresh_db.conn


@pytest.mark.parametrize("channel", ["phone", "sms", "wechat"])
def test_a_customer_without_consent_gets_no_call_sms_or_wechat(conn, channel):
    with pytest.raises(WorkbenchError, match=r"^Customer C5 has not consented to marketing; only a visit can be planned\.$"):
        followups.schedule(conn, customer_id="C5", owner_id="M1", due_on="2026-11-21", at=AT, channel=channel)
    assert count_rows(conn, "followups")["followups"] == 0
    visit = followups.schedule(conn, customer_id="C5", owner_id="M1", due_on="2026-11-21", at=AT, channel="visit")
    assert followups.get(conn, visit).pending


def test_a_call_booked_before_consent_was_withdrawn_cannot_be_moved(conn):
    booked = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-21", at=AT)
    conn.execute("UPDATE customers SET consent = 0 WHERE customer_id = 'C1'")
    with pytest.raises(WorkbenchError, match="has not consented to marketing"):
        followups.reschedule(conn, booked, due_on="2026-11-23", at=AT)
    assert followups.get(conn, booked).due_on == date(2026, 11, 21)


def test_log_follow_up_for_a_customer_without_consent_is_refused_whole(conn):
    before = count_rows(conn, *TABLES)
    with pytest.raises(WorkbenchError, match="has not consented to marketing"):
        log_outcome(conn, customer_id="C5", manager_id="M1", line_result="reached", at=AT,
                    business_outcome="interested", follow_up=FollowUpRequest(date(2026, 11, 21), channel="sms"))
    assert count_rows(conn, *TABLES) == before


@pytest.mark.parametrize("channel", ["phone", "visit"])
def test_an_erased_customer_gets_nothing_booked_with_the_erasure_sentence(conn, channel):
    privacy.erase_customer(conn, "C1", actor="S1", at=AT)
    with pytest.raises(WorkbenchError, match=r"^Customer C1's personal data was erased: no contact with them can be"
                                             r" logged\.$"):
        followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-21", at=AT, channel=channel)
    assert followups.open_for_customer(conn, "C1") == []


def test_the_cli_says_each_block_in_chinese(tmp_path, cli):
    path = build(tmp_path / "w.sqlite")
    db_write(path, "UPDATE customers SET consent = 0 WHERE customer_id = 'C0002'")
    run = ("--db", path, "--now", NOW.isoformat(), "--lang", "zh_CN")
    sms = cli(*run, "--user", "M1", "followup", "add", "--customer", "C0002", "--when", "明天", "--channel", "sms")
    assert sms.exit_code != 0 and "客户 C0002 未授权营销；只能安排上门拜访。" in sms.stderr
    assert cli(*run, "--user", "S1", "privacy", "erase", "--customer", "C0001", "--yes").exit_code == 0
    visit = cli(*run, "--user", "M1", "followup", "add", "--customer", "C0001", "--when", "明天", "--channel", "visit")
    assert visit.exit_code != 0 and "客户 C0001 的个人信息已删除" in visit.stderr and "勿扰" not in visit.stderr


def test_a_do_not_call_request_cancels_the_calls_and_messages_and_keeps_a_visit(conn):
    call = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-25", at=AT)
    sms = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-26", at=AT, channel="sms")
    visit = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-27", at=AT, channel="visit")
    other = followups.schedule(conn, customer_id="C2", owner_id="M1", due_on="2026-11-25", at=AT)
    logged = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", at=AT,
                         business_outcome="do_not_call")
    assert logged.cancelled == (call, sms)
    assert {f: followups.get(conn, f).status for f in (call, sms, visit, other)} == {
        call: "cancelled", sms: "cancelled", visit: "open", other: "open"}
    assert conn.execute("SELECT followup_id, outcome_id FROM followup_events WHERE kind = 'cancelled'"
                        " ORDER BY followup_id").fetchall() == sorted([(call, logged.outcome_id), (sms, logged.outcome_id)])


def test_cancel_blocked_cancels_what_each_block_forbids(conn):
    booked = {cid: [followups.schedule(conn, customer_id=cid, owner_id="M1", due_on="2026-11-25", at=AT, channel=ch)
                    for ch in ("phone", "visit")] for cid in ("C1", "C2", "C3")}
    conn.execute("UPDATE customers SET consent = 0 WHERE customer_id = 'C1'")
    conn.execute("UPDATE customers SET do_not_call = 1, do_not_call_source = 'extract' WHERE customer_id = 'C2'")
    later = datetime(2026, 11, 20, 11, 0)
    assert followups.cancel_blocked(conn, ["C1", "C2", "C3", "C4"], at=later, by_id="S1") == sorted(
        [booked["C1"][0], booked["C2"][0]])
    assert [f.followup_id for f in followups.open_for_customer(conn, "C1")] == [booked["C1"][1]]
    assert {f.followup_id for f in followups.open_for_customer(conn, "C3")} == set(booked["C3"])
    privacy.erase_customer(conn, "C1", actor="S1", at=later)   # the visit goes too: nobody sees them again
    assert followups.open_for_customer(conn, "C1") == []
    assert followups.cancel_blocked(conn, ["C1", "C2", "C3"], at=later, by_id="S1") == []
