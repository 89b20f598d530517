"""The funnel per campaign: its notices, and the contacts made while one of its follow-ups was open."""

from __future__ import annotations

from datetime import date, datetime

from factories import seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)
from workbench import campaigns, followups
from workbench.outcomes import FollowUpRequest, log_outcome
from workbench.sync.campaign_funnel import campaign_funnels, counted_for
from workbench.sync.funnel import period

DAY = date(2026, 12, 1)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute)


def launch(conn, campaign_id: str, channel: str = "phone") -> None:
    campaigns.save(conn, [campaigns.Campaign(campaign_id, "大额存单限时发行", "年利率2.15%。", date(2026, 11, 25),
                                             date(2026, 12, 20), channel)], at=at(1, 8), by_id="S1")


def give(conn, campaign_id: str, customer_id: str) -> str:
    """Accept the campaign's suggestion for one customer at 09:00 on DAY; returns the follow-up's id."""
    (suggestion,) = [s for s in followups.care_suggestions(conn, "M1", DAY, customer_id=customer_id)
                     if s.kind == campaigns.PREFIX + campaign_id]
    return followups.accept_suggestion(conn, suggestion, at=at(1, 9))


def call(conn, customer_id: str, when: datetime, result: str = "reached", outcome: str | None = None,
         follow_up: date | None = None, supersedes: str | None = None, recorded: datetime | None = None,
         manager: str = "M1") -> str:
    return log_outcome(conn, customer_id=customer_id, manager_id=manager, line_result=result, business_outcome=outcome,
                       at=when, follow_up=FollowUpRequest(follow_up) if follow_up else None, supersedes=supersedes,
                       recorded_at=recorded, rescore=False).outcome_id


def week(conn) -> None:
    """CD1 told by phone to C1, C2 and C3, PTS by SMS to C1; C1 woken over three calls, C2 corrected."""
    launch(conn, "CD1")
    launch(conn, "PTS", channel="sms")
    call(conn, "C1", datetime(2026, 11, 28, 10), "no_answer")            # before the notice: not the campaign's
    for customer in ("C1", "C2", "C3"):
        give(conn, "CD1", customer)
    sms = give(conn, "PTS", "C1")
    followups.complete_all(conn, [sms], at=at(1, 9, 5))                   # the text sent, no contact behind it
    call(conn, "C1", at(1, 10), "no_answer")
    call(conn, "C1", at(1, 15), outcome="interested", follow_up=date(2026, 12, 5))   # closes CD1's, books the next
    won = call(conn, "C1", at(5, 11), outcome="appointment")             # on the booked follow-up: still CD1's
    conn.execute("INSERT INTO reactivations VALUES (?, 'C1', ?, '2026-12-08', '2026-12-09')",
                 (won, at(5, 11).isoformat()))
    wrong = call(conn, "C2", at(1, 16), outcome="not_interested")
    call(conn, "C2", at(1, 16), outcome="interested", supersedes=wrong, recorded=at(2, 9))   # corrected next day
    call(conn, "C2", at(10, 10), outcome="reactivated")                   # CD1's follow-up long closed, none booked
    followups.cancel(conn, followups.open_for_customer(conn, "C3")[0].followup_id, at=at(1, 17))
    call(conn, "C4", at(1, 10), outcome="reactivated", manager="M2")                   # another manager's, never told


def test_a_campaign_counts_its_notices_and_the_contacts_they_led_to(conn):
    week(conn)
    cd1, pts = campaign_funnels(conn, period(None, None))
    assert (cd1.key, cd1.label, cd1.notices, cd1.done, cd1.cancelled, cd1.open) == ("CD1", "CD1 大额存单限时发行", 3, 2, 1, 0)
    assert (cd1.calls, cd1.dialled, cd1.reached, cd1.interested, cd1.appointment, cd1.reactivated, cd1.confirmed) \
        == (4, 2, 2, 2, 1, 0, 1)
    assert (pts.key, pts.notices, pts.done, pts.calls, pts.dialled) == ("PTS", 1, 1, 0, 0)


def test_a_period_counts_the_notices_given_and_the_contacts_made_in_it(conn):
    week(conn)
    (cd1,) = campaign_funnels(conn, period("2026-12-02", "2026-12-31"))
    assert (cd1.notices, cd1.calls, cd1.dialled, cd1.appointment, cd1.confirmed) == (0, 1, 1, 1, 1)
    assert campaign_funnels(conn, period("2026-12-11", None)) == []


def test_a_campaign_this_terminal_has_not_imported_is_named_by_its_id(conn):
    week(conn)
    conn.execute("DELETE FROM campaigns WHERE campaign_id = 'CD1'")
    assert [f.label for f in campaign_funnels(conn, period(None, None))] == ["CD1", "PTS 大额存单限时发行"]


def test_the_report_shows_the_campaigns_as_text_json_and_html_with_every_title_translated(conn):
    from workbench.i18n import gettext
    from workbench.sync.campaign_funnel import CampaignFunnel
    from workbench.sync.funnel import column_titles
    from workbench.sync.report import build_report, render_text, report_dict
    from workbench.sync.report_html import render_html

    assert build_report(conn, today=DAY).by_campaign == []
    assert "Funnel per campaign" not in render_text(build_report(conn, today=DAY))   # no campaigns, no empty table
    week(conn)
    report = build_report(conn, today=date(2026, 12, 31))
    assert [f.key for f in report.by_campaign] == ["CD1", "PTS"]
    data = report_dict(report)["by_campaign"][0]
    assert (data["notices"], data["done"], data["open"], data["dialled"], data["reach_rate"]) == (3, 2, 0, 2, 1.0)
    text = render_text(report)
    assert "Funnel per campaign" in text and "CD1 大额存单限时发行" in text
    row = next(line for line in text.splitlines() if "CD1" in line)
    assert [cell.strip() for cell in row.split("│")[2:-1]] == ["3", "2", "4", "2", "2", "2", "1", "0", "1", "100%"]
    page = render_html(report, lang="zh_CN")
    assert "按营销活动的转化漏斗" in page and "已通知" in page
    for title in column_titles(CampaignFunnel):
        assert gettext(title, "zh_CN") != title


def test_campaigns_list_gives_each_campaigns_notices_and_funnel(conn, cli, db_path):
    import json

    week(conn)
    shown = cli("--db", db_path, "--now", "2026-12-15T09:00:00", "campaigns", "list")
    cd1 = shown.stdout[shown.stdout.index("CD1"):shown.stdout.index("PTS")]
    assert "Notices: 3 given, 0 open, 2 done" in cd1
    assert "Then: 2 dialled, 2 reached, 2 interested, 1 with an appointment, 0 reactivated (1 confirmed by head" \
           " office)" in " ".join(cd1.split())
    pts = shown.stdout[shown.stdout.index("PTS"):]
    assert "Notices: 1 given, 0 open, 1 done" in pts and "Then:" not in pts   # no contact behind a text sent
    listed = json.loads(cli("--db", db_path, "--now", "2026-12-15T09:00:00", "campaigns", "list", "--json").stdout)
    funnel = next(c["funnel"] for c in listed if c["campaign_id"] == "CD1")
    assert (funnel["notices"], funnel["open"], funnel["calls"], funnel["confirmed"], funnel["reach_rate"]) == (3, 0, 4, 1, 1.0)


def test_a_customer_told_of_two_campaigns_counts_in_both_each_call_for_the_one_it_told(conn):
    launch(conn, "CD1")
    launch(conn, "FX")
    give(conn, "CD1", "C1")
    give(conn, "FX", "C1")
    call(conn, "C1", at(1, 9, 30), "no_answer")          # while both were open: told neither, counts for neither
    first = call(conn, "C1", at(1, 10), outcome="interested")   # closes the notice of the campaign the card offers
    second = call(conn, "C1", at(1, 11), outcome="interested")  # ... and then the other's, which the first left open
    call(conn, "C2", at(1, 11), outcome="interested")   # told of neither
    found = {f.key: f for f in campaign_funnels(conn, period(None, None))}
    assert set(found) == {"CD1", "FX"}
    # Each call for the campaign whose notice it closed: the first, made while both were open, no longer counts for
    # both (a call closes only the notice it told, so it counted for a campaign it never told).
    assert [(f.notices, f.done, f.calls, f.dialled, f.reached, f.interested) for f in found.values()] \
        == [(1, 1, 1, 1, 1, 1)] * 2
    assert sorted(counted_for(conn, period(None, None)).items()) == sorted(
        [(first, (followups.get(conn, _closed_by(conn, first)).purpose[len(campaigns.PREFIX):],)),
         (second, (followups.get(conn, _closed_by(conn, second)).purpose[len(campaigns.PREFIX):],))])


def _closed_by(conn, outcome_id: str) -> str:
    (followup_id,) = conn.execute("SELECT followup_id FROM followup_events WHERE kind = 'done' AND outcome_id = ?",
                                  (outcome_id,)).fetchone()
    return followup_id


def test_a_call_counts_for_no_sms_campaign_and_a_text_for_every_one_of_its_channel(conn):
    """An SMS notice open the day a call is made (the agenda sends it later that day) is not told by the call."""
    launch(conn, "PTS", channel="sms")
    launch(conn, "WX", channel="sms")
    launch(conn, "CD1")
    sms, other = give(conn, "PTS", "C1"), give(conn, "WX", "C1")
    assert [followups.get(conn, f).channel for f in (sms, other)] == ["sms", "sms"]
    give(conn, "CD1", "C1")
    call(conn, "C1", at(1, 10), outcome="interested")    # CD1's call
    text = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="no_answer", at=at(1, 16),
                       channel="sms", rescore=False).outcome_id   # sent, no reply: both notices of its channel
    found = {f.key: f for f in campaign_funnels(conn, period(None, None))}
    assert [(key, f.calls, f.dialled, f.reached, f.interested) for key, f in sorted(found.items())] \
        == [("CD1", 1, 1, 1, 1), ("PTS", 1, 1, 0, 0), ("WX", 1, 1, 0, 0)]
    assert counted_for(conn, period(None, None))[text] == ("PTS", "WX")


def test_one_manager_counts_the_notices_they_hold_and_the_contacts_they_logged(conn):
    week(conn)
    assert campaign_funnels(conn, period(None, None), manager_id="M2") == []   # no notice, no contact of a thread
    assert campaign_funnels(conn, period(None, None), manager_id="M1") == campaign_funnels(conn, period(None, None))


def test_a_follow_up_carried_on_counts_up_to_the_campaigns_last_day_and_never_after(conn):
    launch(conn, "CD1")   # its last day 2026-12-20
    give(conn, "CD1", "C1")
    give(conn, "CD1", "C2")
    call(conn, "C1", at(1, 10), outcome="interested", follow_up=date(2026, 12, 20))   # "call me on the 20th"
    call(conn, "C2", at(1, 10), outcome="interested", follow_up=date(2026, 12, 22))   # "... on the 22nd"
    call(conn, "C1", at(20, 23, 59), outcome="appointment")                           # on its last day: counts
    call(conn, "C2", datetime(2026, 12, 22, 10), outcome="reactivated")               # after it: the figures are final
    (cd1,) = campaign_funnels(conn, period(None, None))
    assert (cd1.calls, cd1.dialled, cd1.interested, cd1.appointment, cd1.reactivated) == (3, 2, 2, 1, 0)
    assert campaign_funnels(conn, period("2026-12-21", None)) == []
