"""The conflict notice of a bundle import names the customer, what each desk did, who and where."""

from __future__ import annotations

import pytest

import sync_data
from sync_data import terminal_id
from test_sync_assignments import _desks, _export, _import, _run, _short
from workbench.db import open_db
from workbench.db.followups import append_event, replay
from workbench.i18n import set_language
from workbench.sync.conflicts import describe


def _event(c, event_id, kind, at, terminal, based_on, *, due=None, owner="M1", by="M1", customer="C000"):
    c.execute("INSERT INTO followup_events (event_id, followup_id, customer_id, kind, owner_id, due_on, slot, at,"
              " terminal_id, by_id, based_on) VALUES (?, 'F1', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              (event_id, customer, kind, owner, due, "15:00" if due else None, at, terminal, by, based_on))


def _notice(c, here="T1-here-terminal"):
    [conflict] = replay(c, ["F1"])
    return describe(c, conflict, here)


def _done_and_hand_over(c, done_at: str, moved_at: str) -> None:
    """C001's follow-up F1, made here on the 20th, marked done here and handed over to M2 by S1 on another terminal, at
    the times given on the 21st, neither desk told of the other's change; C001 is M2's customer here too."""
    sync_data.seed_branch(c)
    _event(c, "e1", "created", "2026-11-20T10:00:00", "T1-here-terminal", None, due="2026-11-23", customer="C001")
    _event(c, "e2", "done", f"2026-11-21T{done_at}:00", "T1-here-terminal", "e1", by=None, customer="C001")
    _event(c, "e3", "reassigned", f"2026-11-21T{moved_at}:00", "b5e0c1d2-9999", "e1", owner="M2", by="S1",
           customer="C001")


def test_a_done_and_a_hand_over_made_at_once_both_stand_and_say_so(fresh_db):
    # Different things changed (the status here, the owner there): the follow-up is done and M2's, and the notice
    # says both were kept, the hand-over having come first (the old manager closed a follow-up given to another);
    # C001 is M2's customer here too, so the hand-over applies.
    c = fresh_db.conn
    _done_and_hand_over(c, done_at="11:00", moved_at="10:00")
    assert _notice(c) == (
        "The follow-up of 客户1 (C001) was changed on more than one terminal at once; both changes were kept: marked done"
        " (on this terminal), given to M2 张经理 (by S1 主管王 on terminal b5e0c1d2); nothing is left to do.")
    assert c.execute("SELECT owner_id, status FROM followups WHERE followup_id = 'F1'").fetchone() == ("M2", "done")
    set_language("zh_CN")
    assert _notice(c) == ("客户1（C001）的跟进在多台终端上被同时修改；两处修改都已保留：标记为已完成（本终端），"
                          "转给 M2 张经理（S1 主管王，终端 b5e0c1d2）；无需再处理。")


def test_a_hand_over_made_after_the_follow_up_was_done_elsewhere_is_no_clash(fresh_db):
    # Done here at 10:00, handed over there at 11:00 by a desk not yet told: the call came before the move, which
    # changed nothing anyone acts on. The follow-up is done, and M2's as the hand-over left it.
    c = fresh_db.conn
    _done_and_hand_over(c, done_at="10:00", moved_at="11:00")
    assert replay(c, ["F1"]) == []
    assert c.execute("SELECT owner_id, status FROM followups WHERE followup_id = 'F1'").fetchone() == ("M2", "done")


def test_a_customer_this_terminal_does_not_hold_is_named_by_number_and_a_time_kept(fresh_db):
    c = fresh_db.conn
    _event(c, "e1", "created", "2026-11-20T10:00:00", "T1", None, due="2026-11-23", customer="3100000009")
    _event(c, "e2", "rescheduled", "2026-11-21T10:00:00", "T1", "e1", due="2026-11-25", by="X9", customer="3100000009")
    _event(c, "e3", "cancelled", "2026-11-21T11:00:00", "T2", "e1", by="X9", customer="3100000009")
    assert _notice(c) == (
        "The follow-up of 3100000009 was changed on more than one terminal at once: kept: cancelled (by X9 on terminal T2); lost:"
        " due 2026-11-25 15:00 (by X9 on terminal T1); it is closed now; if a call is still owed, book one: `workbench"
        " followup add --customer 3100000009 --when <day>`.")


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
        " terminal T3); if 2026-11-26 15:00 is the time agreed with the customer, move it back: `workbench followup move"
        " F1 --when 2026-11-26T15:00`.")
    set_language("zh_CN")
    assert _notice(c, here="T4").endswith("未生效的是跟进时间 2026-11-25 15:00（M1 李经理，终端 T2），"
                                          "跟进时间 2026-11-26 15:00（M1 李经理，终端 T3）；如与客户约定的是"
                                          " 2026-11-26 15:00，请改回：`workbench followup move F1 --when"
                                          " 2026-11-26T15:00`。")


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


# --- what is no conflict, and what is said once --------------------------------------------------------------


SAME_CHANGE = {   # the change each of two desks made, without seeing the other's
    "done": dict(kind="done", by=None),
    "cancelled": dict(kind="cancelled"),
    "rescheduled": dict(kind="rescheduled", due="2026-11-27"),
    "reassigned": dict(kind="reassigned", owner="M2", by="S1"),
}


@pytest.mark.parametrize("change", SAME_CHANGE)
def test_the_same_change_made_on_two_desks_is_no_conflict(fresh_db, change):
    c = fresh_db.conn
    sync_data.seed_branch(c)
    c.execute("UPDATE customers SET manager_id = 'M2' WHERE customer_id = 'C000'")   # as the reassignment left it
    _event(c, "e1", "created", "2026-11-20T10:00:00", "T1-here-terminal", None, due="2026-11-23")
    fields = dict(SAME_CHANGE[change])
    kind = fields.pop("kind")
    _event(c, "e2", kind, "2026-11-21T10:00:00", "T1-here-terminal", "e1", **fields)
    _event(c, "e3", kind, "2026-11-21T10:05:00", "62f746b4-other", "e1", **fields)
    assert replay(c, ["F1"]) == []


def test_two_different_ends_are_still_a_conflict(fresh_db):
    c = fresh_db.conn
    sync_data.seed_branch(c)
    _event(c, "e1", "created", "2026-11-20T10:00:00", "T1-here-terminal", None, due="2026-11-23")
    _event(c, "e2", "done", "2026-11-21T10:00:00", "T1-here-terminal", "e1", by=None)
    _event(c, "e3", "cancelled", "2026-11-21T10:05:00", "62f746b4-other", "e1")
    assert _notice(c) == ("The follow-up of 客户0 (C000) was changed on more than one terminal at once: kept: cancelled"
                          " (by M1 李经理 on terminal 62f746b4); lost: marked done (on this terminal); it is closed"
                          " either way, so nothing is left to do.")


def test_a_reassignment_held_here_leaves_the_change_made_here_standing(fresh_db):
    """Desk T2 gave the follow-up to M3 after this desk gave it to M2, who manages the customer here: the follow-up
    stays with M2 (Held says so), so this desk's change lost nothing and no conflict with an empty side is said."""
    c = fresh_db.conn
    sync_data.seed_branch(c)
    c.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('M3', '王经理', 'manager', 'B1')")
    c.execute("UPDATE customers SET manager_id = 'M2' WHERE customer_id = 'C000'")
    _event(c, "e1", "created", "2026-11-20T10:00:00", "T1-here-terminal", None, due="2026-11-23")
    _event(c, "e2", "reassigned", "2026-11-21T10:00:00", "T1-here-terminal", "e1", owner="M2", by="S1")
    _event(c, "e3", "reassigned", "2026-11-21T10:05:00", "T2-other", "e1", owner="M3", by="S1")
    held = []
    assert replay(c, ["F1"], new_events={"e3"}, held=held) == []
    assert [(h.event.event_id, h.manager_id) for h in held] == [("e3", "M2")]
    assert c.execute("SELECT owner_id FROM followups WHERE followup_id = 'F1'").fetchone() == ("M2",)


def _two_follow_ups_reassigned_on_two_desks(tmp_path, cli):
    """Desk s gives C000 (and so both of its follow-ups) to M2 at 10:00, desk a to M3 at 10:05, neither seeing the
    other; each then imports the other's bundle."""
    s, a = _desks(tmp_path, followups=(("F1", "C000"), ("F2", "C000")))
    _run(cli, s, "10:00", "S1", "reassign", "--customer", "C000", "--to", "M2")
    _run(cli, a, "10:05", "S1", "reassign", "--customer", "C000", "--to", "M3")
    return s, a, _export(cli, s, "10:10"), _export(cli, a, "10:10")


def test_a_reassignment_held_here_is_said_once_for_all_the_customers_follow_ups(tmp_path, cli):
    # Two follow-ups only desk a knows; desk a gives C000 to M3 first (10:00), desk s to M2 later (10:05): on s the
    # later change, its own, decides, and a's follow-ups stay with M2 there.
    s, a = _desks(tmp_path)
    db = open_db(a)
    with db.conn:
        for fid in ("F1", "F2"):
            append_event(db.conn, followup_id=fid, customer_id="C000", kind="created", at="2026-11-19T09:00:00",
                         terminal_id=terminal_id(db.conn), by_id="M1", owner_id="M1", due_on="2026-11-23")
    db.close()
    _run(cli, a, "10:00", "S1", "reassign", "--customer", "C000", "--to", "M3")
    _run(cli, s, "10:05", "S1", "reassign", "--customer", "C000", "--to", "M2")
    said = _import(cli, s, "10:20", _export(cli, a, "10:10"))
    assert said[2:] == [
        "The 2 follow-ups of 客户0 (C000) were given to M3 王经理 (by S1 主管王 on terminal " + _short(tmp_path / "a.sqlite")
        + "), but on this terminal the customer's manager is M2 张经理, so they stay with them; reassign the customer on"
          " this terminal too if that was meant."]
    assert not any("kept: ;" in line for line in said)


def test_a_conflict_met_by_all_the_customers_follow_ups_is_said_once(tmp_path, cli):
    _s, a, from_s, _from_a = _two_follow_ups_reassigned_on_two_desks(tmp_path, cli)
    said = _import(cli, a, "10:20", from_s, lang=("--lang", "zh_CN"))
    assert said[2:] == [
        "客户0（C000）的 2 条跟进在多台终端上被同时修改：保留的是转给 M3 王经理（S1 主管王，本终端）；未生效的是转给 M2 张经理"
        "（S1 主管王，终端 " + _short(tmp_path / "s.sqlite") + "）；如该跟进应归 M2 张经理，请在本终端也把客户转给其："
        "`workbench reassign --customer C000 --to M2`（F2 同样处理）。"]
