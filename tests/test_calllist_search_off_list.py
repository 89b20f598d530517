"""calllist.off_list: the customers a search matches whom the list leaves out, one by one, each with why (booked for a
later day, resting under the contact rules until when, or a reason no day lifts), so that a customer who phones in is
found: the manager's own only, the branch's others to a supervisor; the erased never. They are the customers
resting_counts and not_shown count, no more and no fewer."""

import datetime as dt
from collections import Counter

import pytest

from engine_rows import TODAY, add_customer, add_followup, basic_branch, set_contact, varied_branch
from workbench.calllist import (BOOKED, CallListFilter, call_list, not_shown, off_list, off_list_why,
                                resting_counts, resting_parts)
from workbench.rules import BLOCK_RULES, RESTING_LABELS
from workbench.scoring import rescore
from workbench.screens.widgets.call_table import is_off_list

NOW = dt.datetime(2026, 3, 10, 10, 0)


@pytest.fixture
def conn(fresh_db):
    conn = fresh_db.conn
    basic_branch(conn)
    conn.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('S1', '赵主管', 'supervisor', 'B1')")
    for cid, name, fields in [
        ("C1", "张伟", {}),                                    # on the list
        ("C2", "张敏", {}),                                    # a call booked for tomorrow at 15:00
        ("C3", "张军", {}),                                    # not interested: resting for a month
        ("C4", "张强", {"manager_id": "M2"}),                  # another manager's
        ("C5", "张丽", {"do_not_call": 1}),
        ("C6", "张红", {"do_not_call": 1, "do_not_call_source": "erasure"}),
        ("C7", "张芳", {"manager_id": None}),                  # the pool's
        ("C8", "张杰", {"manager_id": "M2"}),                  # M2's, with a follow-up of M1's due today: listed
        ("C9", "张洁", {"phone_valid": 0}),
    ]:
        add_customer(conn, cid, name=name, last_activity_on="2024-06-01", **fields)
    add_followup(conn, "F2", "C2", "2026-03-11", slot="15:00")
    add_followup(conn, "F8", "C8", "2026-03-10")
    set_contact(conn, "C3", last_contact_at="2026-03-09T11:00:00", attempts_on=["2026-03-09"],
                blocked_until="2026-04-08T11:00:00")
    conn.execute("UPDATE contact_state SET block_reason = 'cooloff_not_interested' WHERE customer_id = 'C3'")
    rescore(conn, TODAY)
    return conn


def searched(conn, text: str, **kw):
    return off_list(conn, "M1", NOW, filters=CallListFilter(search=text), **kw)


def test_the_managers_own_matches_off_the_list_each_say_why(conn):
    found = searched(conn, "张")
    assert [(m.customer_id, m.reason, m.until, m.slot) for m in found] == [
        ("C2", BOOKED, "2026-03-11", "15:00"),                          # back soonest first
        ("C3", "cooloff_not_interested", "2026-04-08T11:00:00", None),
        ("C5", "do_not_call", None, None),
        ("C9", "number_unusable", None, None),
    ]
    assert found[0].name == "张敏" and found[0].phone_masked == "138****0002" and found[0].manager_id == "M1"
    listed = {e.customer_id for e in call_list(conn, "M1", NOW, filters=CallListFilter(search="张"))}
    assert listed == {"C1", "C8"} and not listed & {m.customer_id for m in found}   # never both
    assert [m.customer_id for m in searched(conn, "0003")] == ["C3"]   # a phone's tail, as the list searches
    assert [m.customer_id for m in searched(conn, "C")] == ["C2", "C3", "C5", "C9"]   # a customer number's start


def test_a_match_off_the_list_reads_as_a_list_entry_does(conn):
    """Its segment, tier, days without activity and last contact are the list's own columns, counted to the day searched:
    张军, resting, and 张伟, listed, both last active on 2024-06-01."""
    resting = searched(conn, "张军")[0]
    listed = call_list(conn, "M1", NOW, filters=CallListFilter(search="张伟"))[0]
    assert resting.dormant_days == listed.dormant_days == (NOW.date() - dt.date(2024, 6, 1)).days == 647
    assert (resting.segment, resting.tier) == (listed.segment, listed.tier) and resting.segment
    assert resting.last_contact_at == "2026-03-09T11:00:00"


@pytest.mark.parametrize(("lang", "said"), [
    ("en", ["booked for 03-11 15:00", "resting: not interested until 04-08", "do not call", "number unusable",
            "with 李经理", "in the unassigned pool"]),
    ("zh_CN", ["已约03-11 15:00跟进", "暂缓联系至04-08（无意向）", "要求勿扰", "号码不可用", "属李经理",
               "在未分配客户池"]),
])
def test_each_says_why_in_the_words_the_resting_counts_use(conn, lang, said):
    found = searched(conn, "张", by_manager=True)
    assert [off_list_why(m, NOW.date(), lang) for m in found] == said
    assert is_off_list(found[0]) and not is_off_list(call_list(conn, "M1", NOW)[0])
    counted = resting_parts({"cooloff_not_interested": 1}, lang)[0]
    assert ("1 not interested" if lang == "en" else "无意向1位") in counted


def test_a_label_for_every_rule_that_rests_a_customer_and_a_list_entry_with_a_reason_is_no_match_off_it(conn):
    assert RESTING_LABELS.keys() == BLOCK_RULES.keys()
    entry = call_list(conn, "M1", NOW)[0]
    assert not is_off_list(type("Listed", (), {"reason": "retry", "customer_id": entry.customer_id})())


def test_a_supervisor_finds_the_branchs_others_too_and_whose_they_are(conn):
    found = searched(conn, "张", by_manager=True)
    assert [(m.customer_id, m.reason) for m in found][-2:] == [("C4", "other_manager"), ("C7", "pool")]
    assert (found[-2].manager_id, found[-2].manager_name) == ("M2", "李经理")
    assert found[-1].manager_id is None and found[-1].manager_name is None
    assert "C6" not in {m.customer_id for m in found}   # erased: nothing of theirs is left to find


def test_nothing_is_read_without_a_search_and_at_most_the_limit(conn):
    assert off_list(conn, "M1", NOW) == [] and off_list(conn, "M1", NOW, filters=CallListFilter(search="  ")) == []
    assert [m.customer_id for m in searched(conn, "张", limit=2)] == ["C2", "C3"]
    assert searched(conn, "张伟") == []   # listed: nothing off the list
    assert searched(conn, "%") == searched(conn, "_") == []   # typed text is matched as text


def test_the_day_booked_comes_and_the_customer_is_on_the_list_again(conn):
    tomorrow = dt.datetime(2026, 3, 11, 9, 0)
    found = off_list(conn, "M1", tomorrow, filters=CallListFilter(search="张敏"))
    assert found == [] and [e.customer_id for e in call_list(conn, "M1", tomorrow,
                                                             filters=CallListFilter(search="张敏"))] == ["C2"]


def test_follow_ups_only_finds_those_of_due_follow_ups(conn):
    conn.execute("UPDATE customers SET do_not_call = 1 WHERE customer_id = 'C8'")
    found = off_list(conn, "M1", NOW, filters=CallListFilter(search="张", follow_ups_only=True))
    assert [(m.customer_id, m.reason) for m in found] == [("C8", "do_not_call")]   # M2's, but M1's follow-up


@pytest.fixture
def varied(fresh_db):
    return searched_branch(fresh_db.conn)


def searched_branch(conn):
    """300 customers of M1's: some M2's, some the pool's, some unusable, inactive or erased, some resting under a rule,
    some booked for a later day, some with a follow-up due."""
    varied_branch(conn, n=300)
    rescore(conn, TODAY)
    conn.execute("UPDATE customers SET manager_id = 'M2' WHERE customer_id LIKE 'C%5'")
    conn.execute("UPDATE customers SET manager_id = NULL WHERE customer_id LIKE 'C%9'")
    conn.execute("UPDATE customers SET phone_valid = 0 WHERE customer_id LIKE 'C%3'")
    conn.execute("UPDATE customers SET active = 0 WHERE customer_id LIKE 'C%4'")
    conn.execute("UPDATE customers SET active = 0, do_not_call_source = 'erasure' WHERE customer_id LIKE 'C1%1'")
    for n in range(0, 300, 7):
        add_followup(conn, f"F{n}", f"C{n}", (TODAY + dt.timedelta(days=n % 3)).isoformat(),
                     owner_id="M1", channel=("phone", "visit", "sms")[n % 3])
    conn.execute("UPDATE contact_state SET blocked_until = '2026-03-20T10:00:00', block_reason = 'cooloff_complaint'"
                 " WHERE customer_id LIKE 'C%6'")
    conn.execute("UPDATE contact_state SET blocked_until = '2026-03-10T15:00:00', block_reason = 'retry'"
                 " WHERE customer_id LIKE 'C%2'")
    return conn


@pytest.mark.parametrize("text", ["C", "C1", "C2", "C7", "8", "2", "客户"])
@pytest.mark.parametrize("by_manager", [False, True])
def test_they_are_those_the_counts_count(varied, text, by_manager):
    """Reason by reason, as many as resting_counts and not_shown count (the erased, and to a manager another's
    customers, counted but not found), and none of them on the list."""
    flt = CallListFilter(search=text)
    found = off_list(varied, "M1", NOW, filters=flt, by_manager=by_manager, limit=10_000)
    counted = Counter(resting_counts(varied, "M1", NOW, filters=flt))
    for item in not_shown(varied, "M1", NOW, filters=flt, by_manager=by_manager):
        if item.reason != "erased" and (by_manager or item.reason not in ("other_manager", "pool")):
            counted[item.reason] += item.count
    assert Counter(m.reason for m in found) == counted and sum(counted.values()) > 0
    listed = {e.customer_id for e in call_list(varied, "M1", NOW, filters=flt)}
    assert not listed & {m.customer_id for m in found}
    assert len({m.customer_id for m in found}) == len(found)


@pytest.mark.parametrize(("lang", "said"), [
    ("en", ["do not call · with 李经理", "no marketing consent · in the unassigned pool"]),
    ("zh_CN", ["要求勿扰 · 属李经理", "未授权营销 · 在未分配客户池"]),
])
def test_to_a_supervisor_another_managers_blocked_customer_is_said_blocked_first(conn, lang, said):
    """A supervisor who picks up a colleague's caller is the one most likely to pitch them: the block comes first."""
    conn.execute("UPDATE customers SET do_not_call = 1 WHERE customer_id = 'C4'")
    conn.execute("UPDATE customers SET consent = 0 WHERE customer_id = 'C7'")
    found = searched(conn, "张", by_manager=True)
    assert [off_list_why(m, NOW.date(), lang) for m in found][-2:] == said
    assert [(m.customer_id, m.reason) for m in found][-2:] == [("C4", "other_manager"), ("C7", "pool")]
    assert "C4" not in {m.customer_id for m in searched(conn, "张")}   # a manager still finds only their own


def test_another_managers_inactive_customer_is_theirs_not_one_a_manager_finds(conn):
    """Inactive was said before whose, so a manager's search named another manager's inactive customers, whose cards
    then opened with the full number."""
    conn.execute("UPDATE customers SET active = 0 WHERE customer_id IN ('C4', 'C7')")
    assert {"C4", "C7"}.isdisjoint(m.customer_id for m in searched(conn, "张"))
    counted = {item.reason: item.count for item in not_shown(conn, "M1", NOW, filters=CallListFilter(search="张"))}
    assert (counted["other_manager"], counted["pool"], counted.get("inactive")) == (1, 1, None)
    found = searched(conn, "张", by_manager=True)   # a supervisor finds them, as whose they are
    assert [(m.customer_id, m.reason) for m in found][-2:] == [("C4", "other_manager"), ("C7", "pool")]
