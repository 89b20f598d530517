"""outcomes.told_campaign, asked on every reached call, loads the one campaign the call told, not also the campaign
of the notice the agenda sends by SMS (scripts._pending_campaign read both, as the card does, and kept one)."""

from __future__ import annotations

from datetime import date, datetime

from factories import seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)
from workbench import campaigns, followups
from workbench.outcomes import told_campaign

DAY = date(2026, 12, 1)
BOOKED = datetime(2026, 12, 1, 8, 30)


def book(conn, purpose: str, channel: str) -> None:
    followups.schedule(conn, customer_id="C1", owner_id="M1", due_on=DAY, at=BOOKED, purpose=purpose, channel=channel)


def launch(conn, *running: tuple[str, str]) -> None:
    campaigns.save(conn, [campaigns.Campaign(code, f"活动{code}", "年利率2.15%。", date(2026, 11, 25),
                                             date(2026, 12, 20), channel) for code, channel in running],
                   at=BOOKED, by_id="S1")


def test_a_call_loads_the_campaign_it_told_alone(conn, monkeypatch):
    launch(conn, ("CALL", "phone"), ("TEXT", "sms"))
    book(conn, "campaign:CALL", "phone")
    book(conn, "campaign:TEXT", "sms")
    loaded = []
    get = campaigns.get
    monkeypatch.setattr(campaigns, "get", lambda c, code: loaded.append(code) or get(c, code))
    assert told_campaign(conn, "C1", None, DAY) == "CALL"
    assert loaded == ["CALL"]


def test_a_notice_of_a_campaign_not_imported_here_is_told_of_by_no_call(conn):
    launch(conn, ("GONE", "phone"))
    book(conn, "campaign:GONE", "phone")
    conn.execute("DELETE FROM campaigns WHERE campaign_id = 'GONE'")   # as a notice a bundle brought before it
    assert told_campaign(conn, "C1", None, DAY) is None   # the card offers no script for it: no call told it
    launch(conn, ("GONE", "phone"))
    assert told_campaign(conn, "C1", None, DAY) == "GONE"
