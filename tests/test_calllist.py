"""The call list: follow-ups first, then priority; blocked and unlistable left out; filters, search, paging."""

import datetime as dt

import pytest

from engine_rows import (TODAY, WAN, add_branch, add_customer, add_followup, add_holding, add_staff, basic_branch,
                         set_contact)
from workbench.calllist import (CallListFilter, NotShown, call_list, count_call_list, customer_profile, daily_target,
                                explain, not_shown, resting_counts)
from workbench.errors import WorkbenchError
from workbench.scoring import rescore

NOW = dt.datetime(2026, 3, 10, 10, 0)


@pytest.fixture
def conn(fresh_db):
    conn = fresh_db.conn
    basic_branch(conn)
    # Distinct priorities: dormant high-value, dormant low-value, active ones of several tiers.
    add_customer(conn, "C1", name="张伟", aum_fen=60 * WAN, last_activity_on="2025-01-22", last_login_on="2024-12-01",
                 phone_e164="+8613911112222")
    add_customer(conn, "C2", name="李娜", aum_fen=2 * WAN, last_activity_on="2024-06-01", last_login_on="2024-06-01")
    add_customer(conn, "C3", name="王芳", aum_fen=48 * WAN, phone_e164="+8613700003333")
    add_customer(conn, "C4", name="刘洋", aum_fen=10 * WAN)
    add_customer(conn, "C5", name="陈静", aum_fen=10 * WAN, do_not_call=1)
    add_customer(conn, "C6", name="杨磊", aum_fen=10 * WAN, manager_id="M2")
    add_customer(conn, "C7", name="张_敏%", aum_fen=10 * WAN)
    add_holding(conn, "C4", "time_deposit", "2026-03-12")
    rescore(conn, TODAY)
    return conn


def ids(entries):
    return [e.customer_id for e in entries]


def prio(conn, cid):
    return conn.execute("SELECT priority FROM customers WHERE customer_id = ?", (cid,)).fetchone()[0]


def test_order_by_stored_priority_without_the_unlistable_or_others_customers(conn):
    entries = call_list(conn, "M1", NOW)
    got = ids(entries)
    assert set(got) == {"C1", "C2", "C3", "C4", "C7"}  # C5 do-not-call, C6 belongs to M2
    assert [e.priority for e in entries] == sorted((prio(conn, c) for c in got), reverse=True)
    assert got[0] == "C1"
    assert [e.rank for e in entries] == [1, 2, 3, 4, 5]
    assert not any(e.is_follow_up for e in entries)


def test_follow_ups_due_alike_stand_by_customer_number_not_by_follow_up_id(conn):
    """The agenda's order: a day's follow-ups at one time, of customers of one priority, by customer number (their
    ids, random hex, made the order look random)."""
    conn.execute("UPDATE customers SET priority = 50 WHERE customer_id IN ('C2', 'C3', 'C4')")
    for followup, customer in (("F-c", "C2"), ("F-a", "C4"), ("F-b", "C3")):
        add_followup(conn, followup, customer, "2026-03-10", slot="10:00")
    assert ids(call_list(conn, "M1", NOW))[:3] == ["C2", "C3", "C4"]


def test_due_and_overdue_follow_ups_come_first_oldest_first(conn):
    add_followup(conn, "F-today", "C4", "2026-03-10", slot="14:00")
    add_followup(conn, "F-old", "C3", "2026-03-01")
    add_followup(conn, "F-future", "C2", "2026-03-11")
    add_followup(conn, "F-done", "C7", "2026-03-01", status="done")
    add_followup(conn, "F-other", "C1", "2026-03-01", owner_id="M2")
    add_followup(conn, "F-second", "C3", "2026-03-05")  # a second due one for C3: listed once
    entries = call_list(conn, "M1", NOW)
    assert ids(entries)[:2] == ["C3", "C4"]
    first, second = entries[:2]
    assert first.is_follow_up and first.overdue and first.followup_id == "F-old" and first.followup_due_on == "2026-03-01"
    assert second.is_follow_up and not second.overdue and second.followup_slot == "14:00"
    assert first.reasons[0].code == "follow_up" and "overdue by 9 days" in first.reasons[0].text
    assert second.reasons[0].text == "promised follow-up due today 14:00"
    # C2 waits for the call booked for tomorrow (see test_calllist_booked.py)
    assert ids(entries)[2:] == sorted(["C1", "C7"], key=lambda c: -prio(conn, c))
    assert len(entries) == 4 and ids(entries).count("C3") == 1
    assert not any(e.is_follow_up for e in entries[2:])


def test_an_overdue_follow_up_gives_its_promised_time_with_its_day(conn):
    add_followup(conn, "F-slot", "C3", "2026-03-09", slot="14:30")
    add_followup(conn, "F-days", "C4", "2026-03-07")
    texts = {e.customer_id: e.reasons[0].text for e in call_list(conn, "M1", NOW) if e.is_follow_up}
    assert texts == {"C3": "promised follow-up, overdue by 1 day (due 2026-03-09 14:30)",
                     "C4": "promised follow-up, overdue by 3 days (due 2026-03-07)"}


def test_blocked_customers_are_left_out_until_the_block_ends(conn):
    set_contact(conn, "C1", last_contact_at="2026-03-10T09:00:00", blocked_until="2026-03-10T13:00:00")
    add_followup(conn, "F1", "C3", "2026-03-09")
    set_contact(conn, "C3", last_contact_at="2026-03-10T09:30:00", blocked_until="2026-03-11T09:00:00")
    assert "C1" not in ids(call_list(conn, "M1", NOW))
    assert "C3" not in ids(call_list(conn, "M1", NOW))
    later = call_list(conn, "M1", dt.datetime(2026, 3, 10, 13, 0))
    assert "C1" in ids(later) and "C3" not in ids(later)
    assert ids(call_list(conn, "M1", dt.datetime(2026, 3, 11, 9, 0)))[0] == "C3"  # the follow-up returns, overdue


def rest(conn, customer_id: str, until: str, reason: str) -> None:
    set_contact(conn, customer_id, last_contact_at="2026-03-10T09:00:00", blocked_until=until)
    conn.execute("UPDATE contact_state SET block_reason = ? WHERE customer_id = ?", (reason, customer_id))


def test_resting_counts_name_who_the_rules_keep_off_the_list_and_why(conn):
    rest(conn, "C1", "2026-03-10T13:00:00", "retry")
    rest(conn, "C2", "2026-04-09T10:00:00", "cooloff_not_interested")
    add_followup(conn, "F1", "C3", "2026-03-10")
    rest(conn, "C3", "2026-03-14T10:00:00", "budget")
    rest(conn, "C4", "2026-03-10T10:00:00", "retry")                     # its block ends now: listed
    rest(conn, "C5", "2026-04-09T10:00:00", "cooloff_complaint")         # do-not-call: never listed anyway
    add_followup(conn, "F2", "C6", "2026-03-09")                          # M2's customer, M1's follow-up
    rest(conn, "C6", "2026-06-08T10:00:00", "cooloff_complaint")
    counts = resting_counts(conn, "M1", NOW)
    assert list(counts.items()) == [("retry", 1), ("budget", 1), ("cooloff_not_interested", 1),
                                    ("cooloff_complaint", 1)]
    # Each resting customer is one the list would show but for the block.
    everyone = count_call_list(conn, "M1", dt.datetime(2026, 6, 9, 10, 0))   # every block has ended
    assert count_call_list(conn, "M1", NOW) + sum(counts.values()) == everyone == 6
    assert resting_counts(conn, "M2", NOW) == {"cooloff_complaint": 1}   # C6 is on M2's list too
    assert resting_counts(conn, "M1", NOW, filters=CallListFilter(follow_ups_only=True)) == {
        "budget": 1, "cooloff_complaint": 1}
    assert resting_counts(conn, "M1", NOW, filters=CallListFilter(search="张伟")) == {"retry": 1}
    assert resting_counts(conn, "M1", dt.datetime(2026, 3, 10, 13, 0)) == {
        "budget": 1, "cooloff_not_interested": 1, "cooloff_complaint": 1}


def test_filters_by_segment_tier_and_trigger(conn):
    assert ids(call_list(conn, "M1", NOW, filters=CallListFilter(segment="high_value_dormant"))) == ["C1"]
    assert ids(call_list(conn, "M1", NOW, filters=CallListFilter(segment="low_value_dormant"))) == ["C2"]
    assert set(ids(call_list(conn, "M1", NOW, filters=CallListFilter(tier=1)))) == {"C3", "C4", "C7"}
    assert ids(call_list(conn, "M1", NOW, filters=CallListFilter(trigger="maturity"))) == ["C4"]
    assert ids(call_list(conn, "M1", NOW, filters=CallListFilter(trigger="near_tier"))) == ["C3"]
    assert call_list(conn, "M1", NOW, filters=CallListFilter(follow_ups_only=True)) == []
    add_followup(conn, "F1", "C4", "2026-03-10")
    assert ids(call_list(conn, "M1", NOW, filters=CallListFilter(follow_ups_only=True))) == ["C4"]
    assert count_call_list(conn, "M1", NOW, filters=CallListFilter(tier=1)) == 3


def test_bad_filters_are_one_clear_sentence(conn):
    with pytest.raises(WorkbenchError, match="Unknown segment"):
        call_list(conn, "M1", NOW, filters=CallListFilter(segment="vip"))
    with pytest.raises(WorkbenchError, match="Unknown trigger"):
        call_list(conn, "M1", NOW, filters=CallListFilter(trigger="x"))
    with pytest.raises(WorkbenchError, match="Tier must be between 0 and 4"):
        call_list(conn, "M1", NOW, filters=CallListFilter(tier=9))
    with pytest.raises(WorkbenchError, match="Unknown manager"):
        call_list(conn, "M9", NOW)


def test_search_by_name_customer_number_and_phone_tail(conn):
    assert ids(call_list(conn, "M1", NOW, filters=CallListFilter(search="王"))) == ["C3"]
    assert ids(call_list(conn, "M1", NOW, filters=CallListFilter(search="C2"))) == ["C2"]
    assert ids(call_list(conn, "M1", NOW, filters=CallListFilter(search="2222"))) == ["C1"]
    assert ids(call_list(conn, "M1", NOW, filters=CallListFilter(search="3333"))) == ["C3"]
    # LIKE wildcards in the query are taken literally
    assert ids(call_list(conn, "M1", NOW, filters=CallListFilter(search="_敏%"))) == ["C7"]
    assert ids(call_list(conn, "M1", NOW, filters=CallListFilter(search="%"))) == ["C7"]
    assert call_list(conn, "M1", NOW, filters=CallListFilter(search="杨磊")) == []  # another manager's customer


def test_paging_across_follow_ups_and_priority(conn):
    add_followup(conn, "F1", "C4", "2026-03-10")
    full = call_list(conn, "M1", NOW)
    assert count_call_list(conn, "M1", NOW) == len(full) == 5
    pages = [call_list(conn, "M1", NOW, limit=2, offset=o) for o in (0, 2, 4)]
    assert [ids(p) for p in pages] == [ids(full)[0:2], ids(full)[2:4], ids(full)[4:]]
    assert [e.rank for p in pages for e in p] == [1, 2, 3, 4, 5]
    assert call_list(conn, "M1", NOW, limit=0) == []


def test_entries_carry_masked_phones_and_reasons_matching_the_priority(conn):
    entry = call_list(conn, "M1", NOW, limit=1)[0]
    assert entry.customer_id == "C1" and entry.phone_masked == "139****2222"
    assert sum(r.points for r in entry.reasons) == pytest.approx(entry.priority, abs=1e-6)
    assert entry.reasons[0].text.startswith("High-value dormant: no activity for 412 days")
    assert explain(conn, "C1", TODAY) == entry.reasons
    assert explain(conn, "C1", TODAY, lang="zh_CN")[1].text == "50万档"
    with pytest.raises(WorkbenchError, match="Unknown customer"):
        explain(conn, "nobody", TODAY)


def test_customer_profile_has_everything_for_the_detail_view(conn):
    profile = customer_profile(conn, "C4", TODAY)
    assert profile.customer["phone_e164"] == "+8613800000004"
    assert (profile.branch_name, profile.manager_name) == ("城东支行", "王经理")
    assert [h["product_type"] for h in profile.holdings] == ["time_deposit"]
    assert (profile.tier, profile.tier_name, profile.gap_to_next_fen) == (1, "50k", 40 * WAN)
    assert profile.segment == "maturing_soon"
    assert profile.segments == [("maturing_soon", "Product maturing soon", "time deposit matures in 2 days")]
    assert profile.reasons == explain(conn, "C4", TODAY)
    assert customer_profile(conn, "C1", TODAY).dormant_lines == ["product", "channel"]


def test_daily_target_comes_from_settings(conn):
    assert daily_target(conn, "M1") == 40
    conn.execute("INSERT INTO settings (scope, key, value) VALUES ('B1', 'calllist.daily_target', '25')")
    assert daily_target(conn, "M1") == 25


def test_unexplained_list_has_the_same_order_and_follow_up_reason_only(conn):
    add_followup(conn, "F1", "C4", "2026-03-09")
    plain = call_list(conn, "M1", NOW, explain=False)
    assert ids(plain) == ids(call_list(conn, "M1", NOW))
    assert [r.code for r in plain[0].reasons] == ["follow_up"] and all(e.reasons == [] for e in plain[1:])


def hidden(conn, search: str, **kwargs) -> list[tuple[str, int]]:
    return [(h.reason, h.count) for h in not_shown(conn, "M1", NOW, filters=CallListFilter(search=search), **kwargs)]


def test_a_search_says_how_many_it_matches_that_the_list_never_shows_and_why(conn):
    # 张伟 C1 is on the list; every other 张 is kept off it for a reason no day lifts (the first that applies).
    add_customer(conn, "C11", name="张一", phone_valid=0, phone_problem="Last call result: Suspended")
    add_customer(conn, "C12", name="张二", do_not_call=1, consent=0, phone_valid=0)   # do-not-call comes first
    add_customer(conn, "C13", name="张三", consent=0)
    add_customer(conn, "C14", name="张四", active=0, do_not_call=1)                    # inactive before do-not-call
    add_customer(conn, "C15", name="张五", manager_id="M2", do_not_call=1)             # whose first: M2's
    add_customer(conn, "C10", name="张十", manager_id="M2", active=0)                  # whose first: M2's too
    add_customer(conn, "C16", name="张六", manager_id=None)                            # the pool's
    add_customer(conn, "C17", name="张七", manager_id="M2")
    add_followup(conn, "F1", "C17", "2026-03-09")                # M2's customer on M1's list by M1's due follow-up
    add_customer(conn, "C18", name="(erased)", phone_e164=None, phone_valid=0, do_not_call=1, consent=0,
                 do_not_call_source="erasure")                   # as privacy.erase_customer leaves them
    add_customer(conn, "C19", name="张九")
    rest(conn, "C19", "2026-04-09T10:00:00", "cooloff_not_interested")  # resting: resting_counts says so
    add_branch(conn, "B2", "城西支行")
    add_staff(conn, "M3", "赵经理", branch_id="B2")
    add_customer(conn, "C20", name="张廿", manager_id="M3", branch_id="B2")   # another branch: not counted
    rescore(conn, TODAY)
    search = CallListFilter(search="张")
    assert set(ids(call_list(conn, "M1", NOW, filters=search))) == {"C1", "C7", "C17"}
    assert hidden(conn, "张") == [("inactive", 1), ("other_manager", 2), ("pool", 1), ("do_not_call", 1),
                                  ("no_consent", 1), ("number_unusable", 1)]
    assert resting_counts(conn, "M1", NOW, filters=search) == {"cooloff_not_interested": 1}
    # The same search as the list's: customer number, phone tail, and the list's other filters.
    assert hidden(conn, "C11") == [("number_unusable", 1)]
    assert hidden(conn, "C1") == [("erased", 1), ("inactive", 1), ("other_manager", 2), ("pool", 1),
                                  ("do_not_call", 1), ("no_consent", 1), ("number_unusable", 1)]   # C1, C10…C19
    assert hidden(conn, "00000015") == [("other_manager", 1)]
    assert not_shown(conn, "M1", NOW, filters=CallListFilter(search="张", follow_ups_only=True)) == []
    add_followup(conn, "F2", "C13", "2026-03-10")
    assert [(h.reason, h.count) for h in not_shown(
        conn, "M1", NOW, filters=CallListFilter(search="张", follow_ups_only=True))] == [("no_consent", 1)]
    # Whose the others' customers are only when asked (a supervisor's view), with the manager's name.
    assert all(h.manager_id is None and h.manager_name is None for h in not_shown(conn, "M1", NOW, filters=search))
    mine = not_shown(conn, "M1", NOW, filters=search, by_manager=True)
    assert NotShown("other_manager", 2, "M2", "李经理") in mine and sum(h.count for h in mine) == 7
    assert [h.label("zh_CN") for h in mine[:3]] == ["已停用", "属其他客户经理", "在未分配客户池"]


def test_only_a_search_is_explained(conn):
    add_customer(conn, "C11", name="张一", phone_valid=0)
    rescore(conn, TODAY)
    read = []
    conn.set_trace_callback(read.append)
    try:
        for filters in (None, CallListFilter(), CallListFilter(search="  "), CallListFilter(segment="high_value_dormant")):
            assert not_shown(conn, "M1", NOW, filters=filters) == []
    finally:
        conn.set_trace_callback(None)
    assert read == []   # not a query: a whole list is never explained


def test_placed_row_finds_the_customer_or_the_one_who_took_their_place(conn):
    """The engine half of the app's 'the highlight stays on the customer' (moved here from the screen)."""
    from workbench.calllist import placed_row

    settings_, flt = None, CallListFilter()
    listed = ids(call_list(conn, "M1", NOW))
    assert placed_row(conn, "M1", NOW, flt, settings_, 1, listed[1:], 200) == (1, listed[1])
    add_followup(conn, "F-due", listed[2], "2026-03-10")   # a follow-up falls due: the customer goes to the top
    assert placed_row(conn, "M1", NOW, flt, settings_, 2, listed[2:], 200) == (0, listed[2])
    conn.execute("UPDATE customers SET do_not_call = 1 WHERE customer_id = ?", (listed[1],))   # leaves the list
    now_listed = ids(call_list(conn, "M1", NOW))
    row, customer = placed_row(conn, "M1", NOW, flt, settings_, 1, listed[1:], 200)
    assert customer == next(c for c in listed[2:] if c in now_listed) and now_listed[row] == customer
