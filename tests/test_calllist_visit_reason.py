"""A visit due heads the list as a visit: its reason says "visit booked today 14:30" (约定今天上门拜访 14:30), not
"promised follow-up due today", which a manager read as a call to make, and then logged the visit as a call."""

import datetime as dt
import json

import pytest

from engine_rows import TODAY, WAN, add_customer, add_followup, basic_branch
from workbench.calllist import call_list
from workbench.db import open_db
from workbench.scoring import rescore

NOW = dt.datetime(2026, 3, 10, 10, 0)


@pytest.fixture
def conn(fresh_db):
    conn = fresh_db.conn
    basic_branch(conn)
    for n, name in enumerate(("张伟", "李娜", "王芳", "刘洋"), 1):
        add_customer(conn, f"C{n}", name=name, aum_fen=10 * WAN)
    rescore(conn, TODAY)
    return conn


def follow_up_reasons(conn, lang=None) -> dict[str, str]:
    return {e.customer_id: e.reasons[0].text for e in call_list(conn, "M1", NOW, lang=lang) if e.is_follow_up}


@pytest.mark.parametrize("lang, expected", [
    (None, {"C1": "visit booked today 14:30", "C2": "visit booked today",
            "C3": "visit booked, overdue by 1 day (due 2026-03-09 15:30)",
            "C4": "visit booked, overdue by 3 days (due 2026-03-07)"}),
    ("zh_CN", {"C1": "约定今天上门拜访 14:30", "C2": "约定今天上门拜访",
               "C3": "约定上门拜访已逾期1天（应于2026-03-09 15:30）", "C4": "约定上门拜访已逾期3天（应于2026-03-07）"}),
])
def test_a_visit_due_or_overdue_is_named_a_visit(conn, lang, expected):
    add_followup(conn, "F1", "C1", "2026-03-10", slot="14:30", channel="visit")
    add_followup(conn, "F2", "C2", "2026-03-10", channel="visit")
    add_followup(conn, "F3", "C3", "2026-03-09", slot="15:30", channel="visit")
    add_followup(conn, "F4", "C4", "2026-03-07", channel="visit")
    assert follow_up_reasons(conn, lang) == expected


@pytest.mark.parametrize("lang, expected", [
    (None, {"C1": "promised follow-up due today 14:30", "C4": "promised follow-up, overdue by 1 day (due 2026-03-09)"}),
    ("zh_CN", {"C1": "约定今天跟进 14:30", "C4": "约定跟进已逾期1天（应于2026-03-09）"}),
])
def test_a_call_due_is_a_promised_follow_up_as_before_and_a_message_is_none(conn, lang, expected):
    """An SMS or WeChat message due is the agenda's to send, no follow-up of the call list's
    (test_calllist_messages)."""
    add_followup(conn, "F1", "C1", "2026-03-10", slot="14:30")
    add_followup(conn, "F2", "C2", "2026-03-10", channel="sms")
    add_followup(conn, "F3", "C3", "2026-03-09", channel="wechat")
    add_followup(conn, "F4", "C4", "2026-03-09")
    assert follow_up_reasons(conn, lang) == expected


def test_the_follow_up_the_list_names_is_the_one_it_lists_the_customer_for(conn):
    """The earliest due: a call at 10:00 before a visit at 14:30 is the call; a visit yesterday before a call
    today is the visit."""
    add_followup(conn, "F1", "C1", "2026-03-10", slot="14:30", channel="visit")
    add_followup(conn, "F2", "C1", "2026-03-10", slot="10:00")
    add_followup(conn, "F3", "C2", "2026-03-10", slot="09:30")
    add_followup(conn, "F4", "C2", "2026-03-09", channel="visit")
    entries = {e.customer_id: e for e in call_list(conn, "M1", NOW) if e.is_follow_up}
    assert (entries["C1"].followup_id, entries["C1"].reasons[0].text) == ("F2", "promised follow-up due today 10:00")
    assert (entries["C2"].followup_id, entries["C2"].reasons[0].text) == (
        "F4", "visit booked, overdue by 1 day (due 2026-03-09)")


def test_the_cli_calllist_names_the_visit(cli, db_path):
    """`workbench calllist`, its table and its --json, carries the same reason, in the language asked for."""
    db = open_db(db_path)
    basic_branch(db.conn)
    add_customer(db.conn, "C1", name="吴梦瑶", aum_fen=10 * WAN)
    add_followup(db.conn, "F1", "C1", "2026-03-10", slot="14:30", channel="visit")
    rescore(db.conn, TODAY)
    db.close()
    for lang, said in (("en", "visit booked today 14:30"), ("zh_CN", "约定今天上门拜访 14:30")):
        args = ("--db", db_path, "--now", "2026-03-10T10:00:00", "--lang", lang, "calllist", "--manager", "M1")
        result = cli(*args, "--json")
        assert result.exit_code == 0, result.stderr
        entry, = json.loads(result.stdout)
        assert entry["reasons"][0] == {"code": "follow_up", "text": said, "points": 0.0}
        table = cli(*args)
        assert table.exit_code == 0 and said.split()[0] in table.stdout
        assert "promised" not in table.stdout and "约定今天跟进" not in table.stdout
