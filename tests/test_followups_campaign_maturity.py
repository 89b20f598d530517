"""A campaign that reaches a customer only because a holding of theirs matures soon is suggested to them up to that
maturity at the latest, as the roll-over call is: a notice of a deposit about to mature, given after it has, reads
wrong. A customer the campaign reaches by another of its segments keeps the campaign's own last day."""

from __future__ import annotations

from datetime import date

from factories import add_customer, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)
from test_followups_campaigns import DAY, launch
from workbench import followups


def suggested(conn, today: date = DAY) -> dict[str, followups.Suggestion]:
    return {s.customer_id: s for s in followups.care_suggestions(conn, "M1", today) if s.kind == "campaign:CD1"}


def rest_until(conn, customer_id: str, day: str) -> None:
    """The contact rules keep the customer from being contacted until day (the rest after 'not interested')."""
    conn.execute("INSERT INTO contact_state (customer_id, last_contact_at, blocked_until, block_reason) VALUES"
                 " (?, '2026-11-28T10:00:00', ?, 'cooloff_not_interested')", (customer_id, day + "T09:00:00"))


def test_a_maturity_notice_the_contact_rules_push_past_the_maturity_is_not_suggested(conn):
    add_customer(conn, "LATE", segment="maturing_soon", segments="maturing_soon", next_maturity_on="2026-12-04")
    add_customer(conn, "SOON", segment="maturing_soon", segments="maturing_soon", next_maturity_on="2026-12-09")
    add_customer(conn, "BOTH", segment="maturing_soon", segments="maturing_soon,low_value_dormant",
                 next_maturity_on="2026-12-04")
    for customer in ("LATE", "SOON", "BOTH"):
        rest_until(conn, customer, "2026-12-08")
    launch(conn, channel="sms", segments=("maturing_soon", "low_value_dormant"))
    found = suggested(conn)
    assert sorted(found) == ["BOTH", "SOON"]   # LATE's deposit will have matured by the first day it can be told
    assert (found["SOON"].due_on, found["SOON"].in_time_by) == (date(2026, 12, 8), date(2026, 12, 9))
    assert found["SOON"].reason.startswith("大额存单限时发行, until 2026-12-09, the day the holding matures.")
    # BOTH is reached as a dormant customer too: the campaign's own last day holds.
    assert (found["BOTH"].due_on, found["BOTH"].in_time_by) == (date(2026, 12, 8), date(2026, 12, 20))
    assert found["BOTH"].reason.startswith("大额存单限时发行, until 2026-12-20.")


def test_a_maturity_notice_in_time_is_suggested_until_the_maturity_and_said_so(conn):
    from workbench.i18n import set_language

    add_customer(conn, "SOON", segment="maturing_soon", segments="maturing_soon", next_maturity_on="2026-12-04")
    launch(conn, segments=("maturing_soon",))
    assert (suggested(conn)["SOON"].due_on, suggested(conn)["SOON"].in_time_by) == (DAY, date(2026, 12, 4))
    assert "SOON" in suggested(conn, date(2026, 12, 4)) and "SOON" not in suggested(conn, date(2026, 12, 5))
    set_language("zh_CN")   # the conftest sets English again for the next test
    assert suggested(conn)["SOON"].reason == "大额存单限时发行（截至 2026-12-04，即产品到期日）。"
