"""Closing a notice of a campaign past its last day: a contact or `followup done` cancels it (it was never given),
the campaign counts no contact made after its end, `campaigns list` accounts for every notice, and the who-am-I
screen counts it as no overdue work."""

from __future__ import annotations

from datetime import date, datetime

from factories import seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)
from test_campaign_over import AFTER, LAST_DAY, notice
from test_followups_campaigns import AT, launch
from workbench import followups
from workbench.outcomes import log_outcome
from workbench.session import Held, follow_ups_held
from workbench.sync.campaign_funnel import campaign_funnels
from workbench.sync.funnel import period


def contact(conn, customer: str, at: datetime, channel: str = "phone", result: str = "reached",
            recorded: datetime | None = None) -> None:
    log_outcome(conn, customer_id=customer, manager_id="M1", line_result=result, at=at, channel=channel,
                business_outcome="not_interested" if result == "reached" else None, recorded_at=recorded, rescore=False)


def status(conn, followup_id: str) -> str:
    return followups.get(conn, followup_id).status


def test_a_contact_after_the_end_cancels_the_notice_and_is_not_counted_for_the_campaign(conn):
    launch(conn)
    told = notice(conn, "C1", date(2026, 12, 10))
    late = notice(conn, "C2", date(2026, 12, 10))
    logged_late = notice(conn, "C3", date(2026, 12, 10))
    contact(conn, "C1", datetime(2026, 12, 15, 10, 0))                     # told while the campaign ran
    contact(conn, "C2", datetime(2026, 12, 21, 10, 0))                     # reached the day after its end
    contact(conn, "C3", datetime(2026, 12, 20, 16, 0), recorded=datetime(2026, 12, 22, 9, 0))   # told on its last day
    assert [status(conn, fid) for fid in (told, late, logged_late)] == ["done", "cancelled", "done"]
    (cd1,) = campaign_funnels(conn, period(None, None))
    assert (cd1.notices, cd1.done, cd1.cancelled, cd1.open) == (3, 2, 1, 0)
    assert (cd1.dialled, cd1.reached) == (2, 2)   # C1 and C3; C2 was called when nothing was on offer


def test_a_message_sent_after_the_end_cancels_its_notice_too(conn):
    launch(conn)
    sms = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on=LAST_DAY, at=AT, purpose="campaign:CD1",
                             channel="sms")
    contact(conn, "C1", datetime(2026, 12, 21, 9, 30), channel="sms", result="no_answer")   # sent, no reply yet
    assert status(conn, sms) == "cancelled"
    assert campaign_funnels(conn, period(None, None))[0].done == 0


def test_marking_an_ended_notice_done_cancels_it_as_the_agenda_does(conn):
    launch(conn)
    first, second, third = (notice(conn, c, date(2026, 12, 10)) for c in ("C1", "C2", "C3"))
    assert followups.complete(conn, first, at=datetime(2026, 12, 20, 18, 0)) == "done"        # its last day
    assert followups.complete(conn, second, at=datetime(2026, 12, 21, 9, 0)) == "cancelled"
    assert followups.complete_all(conn, [third], at=datetime(2026, 12, 21, 9, 0)) == 1
    assert [status(conn, fid) for fid in (first, second, third)] == ["done", "cancelled", "cancelled"]


def test_the_cli_cancels_an_ended_notice_marked_done_and_campaigns_list_accounts_for_every_notice(conn, db_path, cli):
    launch(conn)
    done, dropped, left = (notice(conn, c, date(2026, 12, 10)) for c in ("C1", "C2", "C3"))
    followups.complete(conn, done, at=datetime(2026, 12, 11, 10, 0))
    followups.cancel(conn, dropped, at=datetime(2026, 12, 12, 10, 0))   # while it ran (say, the customer objected)
    conn.commit()

    def listed(day: str, *lang: str) -> str:
        return " ".join(cli("--db", db_path, "--now", f"{day}T09:00:00", *lang, "campaigns", "list", "--all")
                        .stdout.split())

    assert "Notices: 3 given, 1 open, 1 done, 1 cancelled" in listed("2026-12-20")
    said = cli("--db", db_path, "--now", "2026-12-21T09:00:00", "--user", "M1", "followup", "done", left)
    assert (said.exit_code, said.stdout.strip()) == (
        0, f"Follow-up {left[:8]} cancelled, not done: its campaign ended on 2026-12-20, so it was never given.")
    assert status(conn, left) == "cancelled"
    assert "Notices: 3 given, 1 done, 2 cancelled" in listed("2026-12-21")
    assert "活动通知：共 3 条，1 条已完成，2 条已取消" in listed("2026-12-21", "--lang", "zh_CN")


def test_who_am_i_counts_an_ended_notice_held_but_not_overdue(conn):
    launch(conn)
    notice(conn, "C1", date(2026, 12, 10))
    followups.schedule(conn, customer_id="C2", owner_id="M1", due_on=date(2026, 12, 10), at=AT, purpose="call_back")
    assert follow_ups_held(conn, "M1", LAST_DAY) == Held(2, 2)
    assert follow_ups_held(conn, "M1", AFTER) == Held(2, 1)   # the agenda: one overdue, one under "Campaign over"
