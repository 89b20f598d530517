"""An SMS or WeChat message due is the agenda's to send (where `C` marks a batch sent), not a call to make: it neither
heads the call list nor keeps its customer off it. The morning after 50 campaign SMS notices were accepted, they
headed the list as "promised follow-up, overdue by 1 day", used up the day's target of 40 and pushed the one call
promised for 08:30 to #52."""

import datetime as dt
import json

import pytest

from engine_rows import TODAY, WAN, add_customer, add_followup, basic_branch, set_contact
from workbench.calllist import (CallListFilter, call_list, count_call_list, explain, left_out, resting_counts)
from workbench.db import open_db
from workbench.scoring import rescore

NOW = dt.datetime(2026, 3, 10, 8, 35)
YESTERDAY = "2026-03-09"


def notices_and_a_promised_call(conn) -> None:
    """C01–C50 with an SMS notice due yesterday (C50's a WeChat message today), C99 a call promised for 08:30."""
    for n in range(1, 51):
        add_customer(conn, f"C{n:02}", name=f"客户{n}", aum_fen=(60 + n) * WAN, last_activity_on="2024-06-01")
        add_followup(conn, f"S{n:02}", f"C{n:02}", YESTERDAY if n < 50 else "2026-03-10",
                     channel="sms" if n < 50 else "wechat")
    add_customer(conn, "C99", name="刘英", aum_fen=5 * WAN)
    add_followup(conn, "F99", "C99", "2026-03-10", slot="08:30")
    rescore(conn, TODAY)


@pytest.fixture
def conn(fresh_db):
    conn = fresh_db.conn
    basic_branch(conn)
    notices_and_a_promised_call(conn)
    return conn


def test_the_promised_call_heads_the_list_and_the_messages_do_not(conn):
    entries = call_list(conn, "M1", NOW, limit=40)
    assert (entries[0].customer_id, entries[0].is_follow_up, entries[0].reasons[0].text) == (
        "C99", True, "promised follow-up due today 08:30")
    assert [e.customer_id for e in entries if e.is_follow_up] == ["C99"]
    # The customers of the messages keep their place by priority, with no follow-up reason of any kind.
    rest = entries[1:]
    assert [e.priority for e in rest] == sorted((e.priority for e in rest), reverse=True)
    assert not any(r.code == "follow_up" for e in rest for r in e.reasons)
    everyone = call_list(conn, "M1", NOW)
    assert len(everyone) == count_call_list(conn, "M1", NOW) == 51


def test_follow_ups_only_are_the_calls_and_visits_due(conn):
    add_followup(conn, "V01", "C01", "2026-03-10", slot="14:30", channel="visit")
    only = CallListFilter(follow_ups_only=True)
    assert [(e.customer_id, e.followup_id) for e in call_list(conn, "M1", NOW, filters=only)] == [
        ("C99", "F99"), ("C01", "V01")]
    assert count_call_list(conn, "M1", NOW, filters=only) == 2
    assert explain(conn, "C02", TODAY, manager_id="M1", now=NOW)[0].code != "follow_up"


def test_a_message_due_is_not_what_lists_a_resting_customer_or_another_managers(conn):
    """A customer of another manager's with this manager's message due is not on this list, nor counted as resting
    on it: a due call or visit of the manager's would list them."""
    add_customer(conn, "C70", name="别人的客户", aum_fen=30 * WAN, manager_id="M2")
    add_followup(conn, "S70", "C70", YESTERDAY, channel="sms")
    add_customer(conn, "C71", name="另一位", aum_fen=30 * WAN, manager_id="M2")
    add_followup(conn, "S71", "C71", YESTERDAY, channel="wechat")
    set_contact(conn, "C71", blocked_until="2026-03-12T09:00:00")
    rescore(conn, TODAY)
    assert "C70" not in [e.customer_id for e in call_list(conn, "M1", NOW)]
    assert resting_counts(conn, "M1", NOW) == {}
    found = left_out(conn, "M1", NOW, filters=CallListFilter(search="C7"))
    assert found.resting == {} and {m.customer_id for m in found.off_list} == set()
    add_followup(conn, "F70", "C70", YESTERDAY)
    assert call_list(conn, "M1", NOW)[0].customer_id == "C70"


def test_the_cli_calllist_json_heads_with_the_promised_call(cli, db_path):
    db = open_db(db_path)
    basic_branch(db.conn)
    notices_and_a_promised_call(db.conn)
    db.close()
    out = cli("--db", db_path, "--now", NOW.isoformat(timespec="seconds"), "calllist", "--manager", "M1",
              "--limit", "80", "--json")
    rows = json.loads(out.stdout)
    assert len(rows) == 51 and rows[0]["customer_id"] == "C99" and rows[0]["is_follow_up"]
    assert [r["customer_id"] for r in rows if r["is_follow_up"]] == ["C99"]
