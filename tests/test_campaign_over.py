"""A campaign past its last day: its open notices are pitched to no one and listed as due nowhere, but kept apart
on the agenda, to be cancelled, and counted in `campaigns list`."""

from __future__ import annotations

import json
from datetime import date, datetime

from factories import add_customer, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)
from test_followups_campaigns import AT, launch
from workbench import followups
from workbench.calllist import call_list
from workbench.scripts import fitting_purposes, render_script

LAST_DAY = date(2026, 12, 20)   # launch(): the campaign runs 2026-11-25 .. 2026-12-20
AFTER = date(2026, 12, 21)


def notice(conn, customer: str, due: date) -> str:
    return followups.schedule(conn, customer_id=customer, owner_id="M1", due_on=due, at=AT, purpose="campaign:CD1")


def test_after_its_last_day_the_card_opens_on_the_customers_own_purpose(conn):
    launch(conn)
    conn.execute("UPDATE customers SET birthday = '1970-12-23', triggers = 'birthday' WHERE customer_id = 'C1'")
    notice(conn, "C1", LAST_DAY)
    assert render_script(conn, "C1", today=LAST_DAY, lang="zh_CN").purpose == "campaign"   # its last day
    assert "campaign" not in fitting_purposes(conn, "C1", AFTER)    # p no longer offers it
    script = render_script(conn, "C1", today=AFTER, lang="zh_CN")
    assert script.purpose == "birthday" and "大额存单" not in script.opening + script.offer
    assert render_script(conn, "C1", "campaign", today=AFTER, lang="en").purpose == "wake_up"
    # A notice moved past the end (a missed call, "next Monday") is no pitch on its day either.
    notice(conn, "C2", date(2026, 12, 28))
    assert "campaign" in fitting_purposes(conn, "C2", LAST_DAY)
    assert render_script(conn, "C2", today=date(2026, 12, 28), lang="zh_CN").purpose == "wake_up"
    # Nor does it hide a care touch due before it: the birthday greeting booked for C3 (no trigger scored for it).
    conn.execute("UPDATE customers SET birthday = '1970-12-23', triggers = '' WHERE customer_id = 'C3'")
    followups.schedule(conn, customer_id="C3", owner_id="M1", due_on=date(2026, 12, 19), at=AT, purpose="birthday")
    notice(conn, "C3", LAST_DAY)
    assert render_script(conn, "C3", today=AFTER, lang="zh_CN").purpose == "birthday"


def test_the_agenda_keeps_an_ended_campaigns_notices_apart_until_they_are_cancelled(conn):
    launch(conn)
    late = notice(conn, "C1", date(2026, 12, 10))     # overdue while the campaign ran
    moved = notice(conn, "C2", date(2026, 12, 22))    # moved past its end
    promised = followups.schedule(conn, customer_id="C3", owner_id="M1", due_on=date(2026, 12, 10), at=AT,
                                  purpose="call_back")
    running = followups.agenda(conn, "M1", LAST_DAY)
    assert ([f.followup_id for f in running.overdue], running.campaign_over) == ([late, promised], [])
    over = followups.agenda(conn, "M1", AFTER)
    assert [f.followup_id for f in over.overdue] == [promised] and over.this_week == [] and over.today == []
    assert [f.followup_id for f in over.campaign_over] == [late, moved]
    assert over.campaign_over[0].campaign_ends_on == LAST_DAY
    assert followups.campaign_over_note(LAST_DAY, "zh_CN") == "活动已于 2026-12-20 结束，不再通知；请取消。"
    assert followups.cancel_all(conn, [late, moved], at=datetime(2026, 12, 21, 9, 0), by_id="M1") == 2
    assert followups.agenda(conn, "M1", AFTER).campaign_over == []
    assert [followups.get(conn, fid).status for fid in (late, moved, promised)] == ["cancelled", "cancelled", "open"]


def test_the_call_list_neither_heads_with_an_ended_notice_nor_waits_for_one(conn):
    launch(conn)
    add_customer(conn, "P1", priority=50.0)
    notice(conn, "C1", date(2026, 12, 10))
    notice(conn, "P1", date(2026, 12, 23))   # a call booked for a later day keeps P1 off the list until then

    def listed(day: date) -> dict[str, bool]:
        return {e.customer_id: e.is_follow_up for e in call_list(conn, "M1", datetime.combine(day, datetime.min.time())
                                                                  .replace(hour=10))}

    assert listed(LAST_DAY) == {"C1": True}
    assert listed(AFTER) == {"P1": False}   # C1 has no score: only its notice listed them


def test_the_cli_lists_them_apart_and_campaigns_list_says_what_became_of_them(conn, db_path, cli):
    launch(conn)
    late = notice(conn, "C1", date(2026, 12, 10))
    notice(conn, "C2", date(2026, 12, 12))
    followups.complete(conn, notice(conn, "C3", date(2026, 12, 11)), at=datetime(2026, 12, 11, 10, 0))
    conn.commit()
    run = ("--db", db_path, "--now", "2026-12-21T09:00:00")
    text = cli(*run, "followups", "--manager", "M1").stdout.splitlines()
    assert text[text.index("Campaign over (2)") + 1].endswith(
        "campaign “大额存单限时发行”  Campaign ended on 2026-12-20: no longer to be told; cancel it.")
    assert "Overdue (0)" in text
    agenda = json.loads(cli(*run, "followups", "--manager", "M1", "--json").stdout)
    assert [(f["followup_id"], f["campaign_ends_on"]) for f in agenda["campaign_over"]][0] == (late, "2026-12-20")
    listed = cli(*run, "--lang", "zh_CN", "campaigns", "list", "--all").stdout
    assert "活动通知：共 3 条，1 条已完成，0 条已取消；活动已结束，仍有 2 条待办：未能告知客户，留在各客户经理的跟进日程上待取消" in listed
    running = cli("--db", db_path, "--now", "2026-12-20T09:00:00", "campaigns", "list").stdout
    assert "Notices: 3 given, 2 open, 1 done" in " ".join(running.split())
    # Nothing is said of a campaign over with nothing left open.
    assert "Campaign over" not in cli("--db", db_path, "--now", "2026-12-20T09:00:00", "followups", "--manager",
                                      "M1").stdout
