"""A care touch sent as a message whose words no call says (the new-customer cadence's care SMS, the woken customer's
thank-you SMS) is no call's purpose: where no purpose is given, the card does not open on the 90-day call or the
check-in call for it (SCRIPT_FOR_FOLLOW_UP), but on the call chosen as if it were not due; the card shows the SMS's
own words (card_text.care_message). A greeting by SMS still opens on the greeting, which a call says too, and the
same care step booked as a call opens on its call. Real database file, a fixed day."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from factories import add_customer, seed_branch
from workbench import followups
from workbench.scripts import render_script
from workbench.screens.card_text import care_message

TODAY = date(2026, 11, 20)


@pytest.fixture
def conn(fresh_db):
    """N1, a new customer (opened ten days ago, in the care SMS's days 7 to 14), her birthday in three days."""
    seed_branch(fresh_db)
    add_customer(fresh_db, "N1", opened_on=(TODAY - timedelta(days=10)).isoformat(), birthday="1980-11-23",
                 triggers="birthday_soon", segment="new_customer", gender="F", name="王芳")
    fresh_db.conn.commit()
    return fresh_db.conn


def book(conn, purpose: str, channel: str) -> None:
    followups.schedule(conn, customer_id="N1", owner_id="M1", due_on=TODAY, at=datetime(2026, 11, 18, 9, 0),
                       channel=channel, purpose=purpose)
    conn.commit()


def test_a_care_sms_due_does_not_open_the_card_on_a_call_script(conn):
    book(conn, "care_sms", "sms")
    script = render_script(conn, "N1", today=TODAY, lang="zh_CN")
    assert script.purpose == "birthday"   # the call the customer's day calls for: her birthday in three days
    sms = care_message("care_sms", "sms", script)
    assert sms.text.startswith("王女士您好，我是Branch B1的客户经理Staff M1。感谢您在我们这里开户！")


@pytest.mark.parametrize("purpose, channel, opens", [
    ("care_sms", "phone", "new_customer_90d"),   # the care step booked as a call: its call
    ("birthday", "sms", "birthday"),             # a greeting by SMS: the greeting, which a call says too
])
def test_a_call_or_a_greeting_due_still_opens_the_card_on_its_script(conn, purpose, channel, opens):
    conn.execute("UPDATE customers SET triggers = '', segment = NULL WHERE customer_id = 'N1'")
    book(conn, purpose, channel)
    assert render_script(conn, "N1", today=TODAY, lang="zh_CN").purpose == opens


def test_a_woken_customers_thank_you_sms_keeps_the_keep_warm_call(conn):
    # She woke: scored dormant until the next extract, the wake-up call would be the wrong words.
    conn.execute("UPDATE customers SET triggers = '', segment = 'dormant', opened_on = '2015-01-01'"
                 " WHERE customer_id = 'N1'")
    woke = (TODAY - timedelta(days=3)).isoformat()
    conn.execute("INSERT INTO reactivations (outcome_id, customer_id, contacted_at, activity_on, confirmed_on)"
                 " VALUES ('O1', 'N1', ?, ?, ?)", (woke + "T10:00:00", woke, woke))
    book(conn, "woken_thanks", "sms")
    assert render_script(conn, "N1", today=TODAY, lang="zh_CN").purpose == "keep_warm"
