"""The conflict notice of a bundle import names the customer, what each desk did, who and where."""

from __future__ import annotations

import sync_data
from workbench.db.followups import replay
from workbench.i18n import set_language
from workbench.sync.conflicts import describe


def _event(c, event_id, kind, at, terminal, based_on, *, due=None, owner="M1", by="M1", customer="C000"):
    c.execute("INSERT INTO followup_events (event_id, followup_id, customer_id, kind, owner_id, due_on, slot, at,"
              " terminal_id, by_id, based_on) VALUES (?, 'F1', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              (event_id, customer, kind, owner, due, "15:00" if due else None, at, terminal, by, based_on))


def _notice(c, here="T1-here-terminal"):
    [conflict] = replay(c, ["F1"])
    return describe(c, conflict, here)


def test_a_done_and_a_hand_over_made_at_once_both_stand_and_say_so(fresh_db):
    # Different things changed (the status here, the owner there): the follow-up is done and M2's, and the notice
    # says both were kept; C001 is M2's customer here too, so the hand-over applies.
    c = fresh_db.conn
    sync_data.seed_branch(c)
    _event(c, "e1", "created", "2026-11-20T10:00:00", "T1-here-terminal", None, due="2026-11-23", customer="C001")
    _event(c, "e2", "done", "2026-11-21T10:00:00", "T1-here-terminal", "e1", by=None, customer="C001")
    _event(c, "e3", "reassigned", "2026-11-21T11:00:00", "b5e0c1d2-9999", "e1", owner="M2", by="S1", customer="C001")
    assert _notice(c) == (
        "The follow-up of 客户1 (C001) was changed on more than one terminal at once; both changes were kept: given to M2 张经理"
        " (by S1 主管王 on terminal b5e0c1d2), marked done (on this terminal); please check it.")
    assert c.execute("SELECT owner_id, status FROM followups WHERE followup_id = 'F1'").fetchone() == ("M2", "done")
    set_language("zh_CN")
    assert _notice(c) == ("客户1（C001）的跟进在多台终端上被同时修改；两处修改都已保留：转给 M2 张经理（S1 主管王，终端 b5e0c1d2），"
                          "标记为已完成（本终端）；请核对。")


def test_a_customer_this_terminal_does_not_hold_is_named_by_number_and_a_time_kept(fresh_db):
    c = fresh_db.conn
    _event(c, "e1", "created", "2026-11-20T10:00:00", "T1", None, due="2026-11-23", customer="3100000009")
    _event(c, "e2", "rescheduled", "2026-11-21T10:00:00", "T1", "e1", due="2026-11-25", by="X9", customer="3100000009")
    _event(c, "e3", "cancelled", "2026-11-21T11:00:00", "T2", "e1", by="X9", customer="3100000009")
    assert _notice(c) == (
        "The follow-up of 3100000009 was changed on more than one terminal at once: kept: cancelled (by X9 on terminal T2); lost:"
        " due 2026-11-25 15:00 (by X9 on terminal T1); please check it.")


def test_three_desks_at_once_list_both_changes_lost(fresh_db):
    c = fresh_db.conn
    sync_data.seed_branch(c)
    _event(c, "e1", "created", "2026-11-20T10:00:00", "T1", None, due="2026-11-23")
    for event_id, terminal, due, at in (("e2", "T2", "2026-11-25", "10:00"), ("e3", "T3", "2026-11-26", "10:01"),
                                        ("e4", "T4", "2026-11-27", "10:02")):
        _event(c, event_id, "rescheduled", f"2026-11-21T{at}:00", terminal, "e1", due=due)
    assert _notice(c, here="T4") == (
        "The follow-up of 客户0 (C000) was changed on more than one terminal at once: kept: due 2026-11-27 15:00 (by M1 李经理 on"
        " this terminal); lost: due 2026-11-25 15:00 (by M1 李经理 on terminal T2), due 2026-11-26 15:00 (by M1 李经理 on"
        " terminal T3); please check it.")
    set_language("zh_CN")
    assert _notice(c, here="T4").endswith("未生效的是跟进时间 2026-11-25 15:00（M1 李经理，终端 T2），"
                                          "跟进时间 2026-11-26 15:00（M1 李经理，终端 T3）；请核对。")


def test_an_erased_customer_is_named_as_erased_not_by_the_placeholder(fresh_db):
    c = fresh_db.conn
    sync_data.seed_branch(c)
    c.execute("UPDATE customers SET name = '(erased)', do_not_call_source = 'erasure' WHERE customer_id = 'C000'")
    _event(c, "e1", "created", "2026-11-20T10:00:00", "T1", None, due="2026-11-23")
    _event(c, "e2", "rescheduled", "2026-11-21T10:00:00", "T1", "e1", due="2026-11-25")
    _event(c, "e3", "cancelled", "2026-11-21T11:00:00", "T2", "e1")
    assert _notice(c).startswith("The follow-up of an erased customer (C000) was changed on more than one terminal")
    set_language("zh_CN")
    assert _notice(c).startswith("已删除个人信息的客户（C000）的跟进在多台终端上被同时修改")
