"""Scripts read aloud as written: no gap where a field has no value, only scripts that fit the customer, and
a date that is today or yesterday said in a word."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, datetime, timedelta

import pytest

from workbench.outcomes import log_outcome
from workbench.scripts import (
    FIELD_WORDS, MERGE_FIELDS, OPTIONAL_PHRASE, SECTIONS, RelativeDay, fill_script, fitting_purposes, list_scripts,
    missing_fields, render_script, shipped_scripts,
)
from workbench.settings import set_setting

TODAY = date(2026, 11, 20)
# The fields the shipped scripts may go without: the phrase that holds them is left out. The Chinese ones also
# go without the caller's name (我是[{branch}的]客户经理[{manager}]); the English ones name the caller in a
# sentence that has no nameless form, and are not shown without it.
OPTIONAL_IN_SHIPPED = {"name", "branch", "dormant_days"}
OPTIONAL_IN_SHIPPED_CHINESE = OPTIONAL_IN_SHIPPED | {"manager"}


@pytest.fixture
def conn(fresh_db):
    c = fresh_db.conn
    c.execute("INSERT INTO branches (branch_id, name) VALUES ('B1', '南京路支行')")
    c.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('M1', '王丽娟', 'manager', 'B1')")
    c.execute("INSERT INTO staff (staff_id, name, role) VALUES ('M9', '无网点', 'manager')")
    # Like 刘悦 (3100014456): birthday in June, opened 2025-06, 402 days dormant, a 理财偏好 tag (10 points).
    add(c, "C1", "刘悦", birthday="2007-06-10", opened_on="2025-06-05", last=402, tags="理财偏好",
        triggers="maturity,near_tier,downgraded", segments="downgraded,maturing_soon,near_next_tier,low_value_dormant")
    add(c, "C2", "电话0", branch=None, gender=None, last=None)   # imported without a branch (or gender)
    return c


def add(c, cid, name, *, branch="B1", manager="M1", gender="F", birthday=None, opened_on=None, last=30, tags="",
        triggers="", segments="", aum_fen=10_000_000):
    c.execute(
        "INSERT INTO customers (customer_id, name, gender, manager_id, branch_id, birthday, opened_on, last_activity_on,"
        " tags, triggers, segments, aum_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (cid, name, gender, manager, branch, birthday, opened_on,
         None if last is None else (TODAY - timedelta(days=last)).isoformat(), tags, triggers, segments, aum_fen))


# ---- no gap read aloud --------------------------------------------------------------------------

def test_a_customer_without_a_branch_is_called_from_the_managers_branch(conn):
    zh = render_script(conn, "C2", today=TODAY, lang="zh_CN", caller_id="M1")
    assert zh.opening.startswith("电话0您好，我是南京路支行的客户经理王丽娟。")
    en = render_script(conn, "C2", today=TODAY, lang="en", caller_id="M1")
    assert en.opening.startswith("Hello 电话0, this is 王丽娟, your relationship manager at 南京路支行. ")


def test_with_no_branch_anywhere_the_phrase_is_left_out_not_read_as_a_gap(conn):
    conn.execute("UPDATE customers SET manager_id = 'M9' WHERE customer_id = 'C2'")
    zh = render_script(conn, "C2", today=TODAY, lang="zh_CN", caller_id="M9")
    assert zh.missing == () and zh.opening.startswith("电话0您好，我是客户经理无网点。您是我们的老客户了")
    # No transaction on record: the sentence that counts the days goes, the next one stands.
    assert zh.offer.startswith("最近行里针对老客户推出了回馈活动") and "天没有" not in zh.offer
    en = render_script(conn, "C2", today=TODAY, lang="en", caller_id="M9")
    assert en.opening.startswith("Hello 电话0, this is 无网点, your relationship manager. You have banked")
    assert en.offer.startswith("We have a thank-you offer")
    for r in (zh, en):
        assert r.fields["branch"] == r.fields["dormant_days"] == ""


@pytest.mark.parametrize("script", [s for s in shipped_scripts()], ids=lambda s: s.script_id)
def test_every_default_script_leaves_out_or_refuses_each_field_without_a_value(script):
    """Each field in turn with no value: an optional phrase goes whole (the text is the same as with the phrase
    struck from the template), any other field stops the script, named; never a gap."""
    texts = [getattr(script, key) for key in SECTIONS] + list(script.objections.values())
    optional = OPTIONAL_IN_SHIPPED_CHINESE if script.lang == "zh_CN" else OPTIONAL_IN_SHIPPED
    for field in MERGE_FIELDS:
        values = {f: f"<{f}>" for f in MERGE_FIELDS} | {field: ""}
        for text in texts:
            if "{%s}" % field not in text:
                continue
            bare = OPTIONAL_PHRASE.sub(lambda m: "" if "{%s}" % field in m.group(1) else m.group(0), text)
            if "{%s}" % field in bare:   # needed: the script is refused and says so
                assert field not in optional and missing_fields(text, values) == [field]
            else:
                assert field in optional and missing_fields(text, values) == []
                assert fill_script(text, values) == fill_script(bare, values) and "<>" not in fill_script(text, values)
    assert set(FIELD_WORDS) == set(MERGE_FIELDS)


def test_the_filler_takes_brackets_without_a_field_as_text_and_values_as_data():
    values = {"branch": "", "name": "[{branch}的]"}
    assert fill_script("[注意] {name}：我是[{branch}的]客户经理", values) == "[注意] [{branch}的]：我是客户经理"
    assert missing_fields("{name}，[{branch}]", {"name": " ", "branch": ""}) == ["name"]


def test_a_script_missing_a_required_field_is_not_filled_in_and_says_which(conn):
    conn.execute("UPDATE scripts SET opening = '您好，我是{branch}的客户经理{manager}。' WHERE script_id = 'zh-wake-up'")
    conn.execute("UPDATE customers SET manager_id = 'M9' WHERE customer_id = 'C2'")
    r = render_script(conn, "C2", today=TODAY, lang="zh_CN", caller_id="M9")
    assert (r.script_id, r.missing) == ("zh-wake-up", ("branch",))
    assert r.opening == r.offer == r.close == "" and r.objections == {}
    assert render_script(conn, "C1", today=TODAY, lang="zh_CN", caller_id="M1").missing == ()


def test_opening_an_older_database_marks_the_shipped_scripts_optional_phrases_and_keeps_an_edited_one(tmp_path):
    """Migration 112: a shipped script word for word takes the bracketed text; an edited one stays as it is. (The
    sections migration 134 changed since are as they were before it: the database has run 134 already.)"""
    from workbench.db import open_db
    from workbench.db.migrations.m0134_scripts_say_the_day import _BEFORE as BEFORE_134

    path = tmp_path / "seeded-earlier.sqlite"
    open_db(path).close()
    unmark = lambda text: OPTIONAL_PHRASE.sub(r"\1", text)   # noqa: E731
    before_134 = {s.script_id: BEFORE_134.get(s.script_id, (s.opening, s.offer, s.close)) for s in shipped_scripts()}
    with closing(sqlite3.connect(path)) as raw, raw:
        for script_id, texts in before_134.items():
            raw.execute("UPDATE scripts SET opening = ?, offer = ?, close = ? WHERE script_id = ?",
                        (*map(unmark, texts), script_id))
        raw.execute("UPDATE scripts SET opening = '（本网点改写）' || opening WHERE script_id = 'en-wake-up'")
        raw.execute("DELETE FROM schema_migrations WHERE version = 112")
    now = {s.script_id: s for s in list_scripts(open_db(path).conn)}
    shipped = {s.script_id: s for s in shipped_scripts()}
    assert now["zh-wake-up"].opening.startswith("[{name}]您好，我是[{branch}的]客户经理{manager}。")
    assert all(now[i].offer == before_134[i][1] for i in shipped if i != "en-wake-up")
    assert now["en-wake-up"].opening == "（本网点改写）" + unmark(shipped["en-wake-up"].opening)


# ---- only scripts that fit ----------------------------------------------------------------------

def test_a_customer_like_liu_yue_is_offered_only_the_scripts_that_fit(conn):
    conn.execute("INSERT INTO holdings (customer_id, product_type, product_name, balance_fen, maturity_on)"
                 " VALUES ('C1', 'wealth', '季季享理财', 16880893, '2026-11-28')")
    conn.execute("UPDATE customers SET aum_fen = 45897384 WHERE customer_id = 'C1'")   # 41,026 yuan below 50万
    # Not the birthday (June), the new-customer call (opened 17 months ago), the woken customer's (never woke),
    # nor the lead's (10 points, the line is 50).
    assert fitting_purposes(conn, "C1", TODAY) == ["wake_up", "maturity_rollover", "tier_upgrade"]
    for lang in ("zh_CN", "en"):
        assert render_script(conn, "C1", today=TODAY, lang=lang).purpose == "maturity_rollover"
        for asked in ("birthday", "new_customer_90d", "keep_warm", "warm_lead"):
            assert render_script(conn, "C1", asked, today=TODAY, lang=lang).purpose == "wake_up"


@pytest.mark.parametrize("purpose, change, fits", [
    ("birthday", "birthday = '1990-11-27'", True),          # in 7 days (segments.birthday_within_days)
    ("birthday", "birthday = '1990-11-20'", True),          # today
    ("birthday", "birthday = '1990-11-28'", False),         # in 8 days
    ("birthday", "birthday = '1990-11-19'", False),         # yesterday: "提前祝您生日快乐" no longer
    ("new_customer_90d", "opened_on = '2026-08-23'", True),   # 89 days ago (segments.new_customer_days)
    ("new_customer_90d", "opened_on = '2026-08-22'", False),  # 90 days ago
    ("new_customer_90d", "opened_on = '2026-11-23'", True),   # after today (bad data): new, as the scores count it
    ("tier_upgrade", "aum_fen = 45000000", True),           # 10% below the 50万 line (tiers.near_next_pct)
    ("tier_upgrade", "aum_fen = 44999999", False),
])
def test_each_purpose_fits_by_the_customers_facts_and_the_settings(conn, purpose, change, fits):
    conn.execute(f"UPDATE customers SET {change}, triggers = '', segments = '' WHERE customer_id = 'C1'")
    assert (purpose in fitting_purposes(conn, "C1", TODAY)) is fits
    r = render_script(conn, "C1", purpose, today=TODAY, lang="zh_CN")
    assert r.purpose == (purpose if fits else "wake_up")


def test_the_birthday_window_is_the_setting(conn):
    conn.execute("UPDATE customers SET birthday = '1990-11-30' WHERE customer_id = 'C1'")
    assert "birthday" not in fitting_purposes(conn, "C1", TODAY)
    set_setting(conn, "segments.birthday_within_days", 10)
    assert "birthday" in fitting_purposes(conn, "C1", TODAY)


@pytest.mark.parametrize("woke_days_ago, fits", [(0, False), (1, True), (90, True), (91, False)])
def test_the_keep_warm_script_fits_for_90_days_after_the_customer_woke(conn, woke_days_ago, fits):
    day = (TODAY - timedelta(days=woke_days_ago)).isoformat()
    conn.execute("INSERT INTO reactivations (outcome_id, customer_id, contacted_at, activity_on, confirmed_on)"
                 " VALUES ('O1', 'C1', ?, ?, ?)", (day + "T10:00:00", day, day))
    assert ("keep_warm" in fitting_purposes(conn, "C1", TODAY)) is fits


def test_a_logged_reactivation_counts_as_waking(conn):
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", business_outcome="reactivated",
                at=datetime(2026, 10, 20, 10, 0))
    assert "keep_warm" in fitting_purposes(conn, "C1", TODAY)
    r = render_script(conn, "C1", "keep_warm", today=TODAY, lang="zh_CN")
    assert r.purpose == "keep_warm" and "前段时间您又在我们这里办理了业务" in r.opening


def test_the_day_a_customer_woke_is_read_for_that_customer_alone_and_as_the_agenda_reads_it(conn):
    """followups.woken_on_sql(one_customer=True), one customer's day through the indexes (the card's; every
    customer's, grouped, scanned both tables), answers as every customer's does: reactivated outcomes not
    superseded (a correction that is itself reactivated counts) and confirmed reactivations, the latest on or
    after :first."""
    import random

    from workbench.followups import woken_on_sql

    every, one = woken_on_sql(), f"SELECT woken_on FROM {woken_on_sql(one_customer=True)}"

    rng = random.Random(112)
    customers = [f"W{n}" for n in range(8)]
    for cid in customers:
        add(conn, cid, "某某")
    days = [(TODAY - timedelta(days=d)).isoformat() for d in range(0, 130, 3)]
    def outcome(outcome_id, cid, day, hour, business_outcome, supersedes):
        conn.execute("INSERT INTO outcomes (outcome_id, customer_id, manager_id, terminal_id, at, line_result,"
                     " business_outcome, supersedes, recorded_at) VALUES (?, ?, 'M1', 'T1', ?, 'reached', ?, ?, ?)",
                     (outcome_id, cid, f"{day}T{hour:02d}:00:00", business_outcome, supersedes, f"{day}T21:00:00"))

    for n in range(300):
        cid, day = rng.choice(customers[:-1]), rng.choice(days)   # the last customer never woke
        supersedes = f"O{rng.randrange(n)}" if n and rng.random() < 0.2 else None
        outcome(f"O{n}", cid, day, rng.randrange(8, 20), rng.choice(["reactivated", "reactivated", "interested", None]),
                supersedes)
    for cid in customers[:3]:   # the latest reactivated outcome corrected: the one before it counts
        outcome(f"L{cid}", cid, TODAY, 9, "reactivated", None)
        outcome(f"K{cid}", cid, TODAY, 10, "interested", f"L{cid}")
    for n in range(40):
        day = rng.choice(days)
        conn.execute("INSERT INTO reactivations (outcome_id, customer_id, contacted_at, activity_on, confirmed_on)"
                     " VALUES (?, ?, ?, ?, ?)", (f"R{n}", rng.choice(customers[:-2]), day + "T10:00:00", day, day))
    seen = set()
    for first in (days[-1], days[30], days[10], days[1], TODAY.isoformat()):
        for cid in customers:
            params = {"customer": cid, "first": first}
            old = conn.execute(f"SELECT woken_on FROM {every} WHERE customer_id = :customer", params).fetchone()
            new = conn.execute(one, params).fetchone()
            assert (old[0] if old else None) == (new[0] if new else None), (cid, first)
            seen.add(new is None)
    assert seen == {True, False}
    plan = " ".join(r[-1] for r in conn.execute("EXPLAIN QUERY PLAN " + one, params))
    assert "outcomes_customer_at (customer_id=? AND at>?)" in plan and "reactivations_customer (customer_id=?)" in plan
    assert "SCAN" not in plan.replace("SCAN (subquery", "")


def test_the_lead_script_fits_from_the_lead_threshold(conn):
    assert "warm_lead" not in fitting_purposes(conn, "C1", TODAY)   # 理财偏好: 10 points
    set_setting(conn, "leads.threshold", 10)
    assert "warm_lead" in fitting_purposes(conn, "C1", TODAY)


def test_a_trigger_whose_fact_no_longer_holds_opens_on_the_next_that_fits(conn):
    # Scored with a birthday trigger, but the birthday is past and there is nothing to mature.
    conn.execute("UPDATE customers SET triggers = 'birthday,near_tier', aum_fen = 48000000 WHERE customer_id = 'C1'")
    assert render_script(conn, "C1", today=TODAY, lang="zh_CN").purpose == "tier_upgrade"


def test_a_birthday_follow_up_still_pending_after_the_birthday_does_not_open_on_the_greeting(conn):
    from workbench import followups

    conn.execute("UPDATE customers SET birthday = '1990-11-18', triggers = '' WHERE customer_id = 'C1'")
    followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-17", at=datetime(2026, 11, 14, 9, 0),
                       purpose="birthday")
    assert render_script(conn, "C1", today=date(2026, 11, 17), lang="zh_CN").purpose == "birthday"
    assert render_script(conn, "C1", today=TODAY, lang="zh_CN").purpose == "wake_up"


# ---- dates in words -----------------------------------------------------------------------------

@pytest.mark.parametrize("called, zh, en", [
    ("2026-11-20", "今天早些时候通话时我们说好了约个时间见面", "When we spoke earlier today we talked about meeting"),
    ("2026-11-19", "昨天通话时我们说好了约个时间见面", "When we spoke yesterday we talked about meeting"),
    ("2026-11-18", "11月18日通话时我们说好了约个时间见面", "When we spoke on 18 Nov we talked about meeting"),
])
def test_the_lead_script_says_today_or_yesterday(conn, called, zh, en):
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", business_outcome="appointment",
                at=datetime.fromisoformat(called + "T09:00:00"))
    for lang, clause in (("zh_CN", zh), ("en", en)):
        r = render_script(conn, "C1", today=TODAY, lang=lang)
        assert r.purpose == "warm_lead" and clause in r.opening


@pytest.mark.parametrize("called", ["2026-11-20", "2026-11-19"])
def test_the_lead_script_says_today_once_and_fitting_the_day(conn, called):
    """An interest logged the same day read '今天通话时您说对我们的产品感兴趣，所以今天特地给您打个电话'."""
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", business_outcome="interested",
                at=datetime.fromisoformat(called + "T09:00:00"))
    zh, en = (render_script(conn, "C1", "warm_lead", today=TODAY, lang=lang).opening for lang in ("zh_CN", "en"))
    said = {"2026-11-20": ("今天早些时候通话时您说对我们的产品感兴趣，所以特地给您打个电话",
                           "When we spoke earlier today you were interested in hearing more, so I wanted to call you"),
            "2026-11-19": ("昨天通话时您说对我们的产品感兴趣，所以特地给您打个电话",
                           "When we spoke yesterday you were interested in hearing more, so I wanted to call you")}[called]
    assert said[0] in zh and zh.count("今天") <= 1 and said[1] in en


@pytest.mark.parametrize("opened, zh, en", [
    ("2026-11-20", "您刚在我们这里开了户", "You opened an account with us today and"),
    ("2026-11-19", "您昨天在我们这里开了户", "You opened an account with us yesterday and"),
    ("2026-11-17", "您前几天在我们这里开了户", "You opened an account with us a few days ago and"),
    ("2026-11-14", "您前几天在我们这里开了户", "You opened an account with us a few days ago and"),
    ("2026-11-13", "您前段时间在我们这里开了户", "You opened an account with us recently and"),
    ("2026-09-01", "您前段时间在我们这里开了户", "You opened an account with us recently and"),
    ("2026-11-23", "您刚在我们这里开了户", "You opened an account with us today and"),   # after today: bad data
])
def test_the_welcome_call_says_when_the_account_was_opened(conn, opened, zh, en):
    """'您前段时间在我们这里开了户' was said to a customer who opened the day before."""
    conn.execute("UPDATE customers SET opened_on = ? WHERE customer_id = 'C1'", (opened,))
    for lang, words in (("zh_CN", zh), ("en", en)):
        r = render_script(conn, "C1", "new_customer_90d", today=TODAY, lang=lang)
        assert r.purpose == "new_customer_90d" and words in r.opening


def reopened(tmp_path, before: dict, edited: tuple[str, str], versions: tuple[int, ...]) -> dict:
    """A database seeded today with its scripts set back to `before` (id -> opening, offer, close), one of them
    edited since (edited: its id and the words the branch added to its close), the migrations `versions` not yet
    run; its scripts by id once opened again."""
    from workbench.db import open_db

    path = tmp_path / "seeded-earlier.sqlite"
    open_db(path).close()
    with closing(sqlite3.connect(path)) as raw, raw:
        for script_id, texts in before.items():
            raw.execute("UPDATE scripts SET opening = ?, offer = ?, close = ? WHERE script_id = ?", (*texts, script_id))
        raw.execute("UPDATE scripts SET close = close || ? WHERE script_id = ?", (edited[1], edited[0]))
        raw.execute(f"DELETE FROM schema_migrations WHERE version IN ({', '.join(map(str, versions))})")
    return {s.script_id: s for s in list_scripts(open_db(path).conn)}


def test_opening_an_older_database_brings_the_days_to_the_welcome_and_lead_calls_and_keeps_an_edited_one(tmp_path):
    """Migration 122: a script word for word as shipped before takes the new opening; an edited one stays."""
    from workbench.db.migrations.m0122_opened_and_interest_today import _AFTER_OPENING, _BEFORE

    now = reopened(tmp_path, _BEFORE, ("en-new-customer-90d", " (our branch)"), (122, 134))   # 134 takes one on
    shipped = {s.script_id: s for s in shipped_scripts()}
    assert set(_BEFORE) == set(_AFTER_OPENING) == {"zh-new-customer-90d", "en-new-customer-90d", "zh-warm-lead"}
    for script_id in ("zh-new-customer-90d", "zh-warm-lead"):
        assert [getattr(now[script_id], f) for f in SECTIONS] == [getattr(shipped[script_id], f) for f in SECTIONS]
    assert now["en-new-customer-90d"].opening == _BEFORE["en-new-customer-90d"][0]   # the branch's own, left alone
    assert "{opened}" in now["zh-new-customer-90d"].opening and "今天特地" not in now["zh-warm-lead"].opening


def test_a_sentence_that_starts_on_the_day_starts_with_the_word(conn):
    set_setting(conn, "leads.threshold", 40)
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="reached", business_outcome="call_back",
                at=datetime(2026, 11, 19, 16, 0))
    r = render_script(conn, "C1", today=TODAY, lang="en")
    assert "When we spoke yesterday you asked us to call you back, so" in r.opening
    assert "昨天通话时您让我们再给您回个电话" in render_script(conn, "C1", today=TODAY, lang="zh_CN").opening
    assert fill_script("On {day} you asked me to call you back", {"day": RelativeDay("yesterday")}).startswith(
        "Yesterday you asked")   # a bank's own sentence that starts on the day


@pytest.mark.parametrize("matures, zh, en", [
    ("2026-11-20", "将在今天到期", "matures today."),
    ("2026-11-21", "将在明天到期", "matures tomorrow."),
    ("2026-11-22", "将在11月22日到期", "matures on 22 Nov."),
])
def test_a_maturity_today_or_tomorrow_says_so(conn, matures, zh, en):
    conn.execute("INSERT INTO holdings (customer_id, product_type, product_name, balance_fen, maturity_on)"
                 " VALUES ('C1', 'time_deposit', '定期', 100, ?)", (matures,))
    for lang, words in (("zh_CN", zh), ("en", en)):
        assert words in render_script(conn, "C1", "maturity_rollover", today=TODAY, lang=lang).opening


# The count was once read from 2 days on ('您已经有2天没有在我们这里办理业务了', read to a customer who banked
# on Wednesday, is no reason for a wake-up call): now only from dormancy.product_days (180), the days without
# a transaction after which the customer counts as dormant on the product line, the branch's own if it has one.
@pytest.mark.parametrize("last, product_days, shown", [
    (0, None, False), (1, None, False), (2, None, False), (179, None, False), (180, None, True), (402, None, True),
    (30, 30, True), (29, 30, False),
])
def test_the_days_without_a_transaction_are_read_out_only_once_they_make_the_customer_dormant(
        conn, last, product_days, shown):
    if product_days is not None:
        set_setting(conn, "dormancy.product_days", product_days, scope="B1")
    conn.execute("UPDATE customers SET last_activity_on = ?, triggers = '' WHERE customer_id = 'C1'",
                 ((TODAY - timedelta(days=last)).isoformat(),))
    zh, en = (render_script(conn, "C1", "wake_up", today=TODAY, lang=lang) for lang in ("zh_CN", "en"))
    assert (f"我看到您已经有{last}天没有" in zh.offer) is shown and ("天没有" in zh.offer) is shown
    assert (f"it has been {last} days since" in en.offer) is shown and zh.missing == en.missing == ()
    if not shown:   # the sentence goes whole, the next one stands
        assert zh.offer.startswith("最近行里针对老客户推出了回馈活动") and en.offer.startswith("We have a thank-you offer")


# ---- a roll-over near the maturity only ---------------------------------------------------------

def hold(c, cid, product, days, kind="time_deposit"):
    c.execute("INSERT INTO holdings (customer_id, product_type, product_name, balance_fen, maturity_on)"
              " VALUES (?, ?, ?, 100, ?)", (cid, kind, product, (TODAY + timedelta(days=days)).isoformat()))


def rollover_suggested(c, cid) -> bool:
    from workbench.followups import care_suggestions

    return any(s.kind == "maturity" for s in care_suggestions(c, "M1", TODAY, customer_id=cid))


# 王娜 (3100013909) was offered the roll-over for a deposit maturing 2027-10-10, 324 days away, and 陈佳怡 for one
# 47 days away: it fits while the agenda would suggest the call, the longer of care.maturity_lead_days (7) and
# segments.maturity_within_days (14) ahead, the maturity day included.
@pytest.mark.parametrize("days, fits", [(0, True), (1, True), (14, True), (15, False), (47, False), (324, False)])
def test_a_roll_over_fits_only_while_the_agenda_would_suggest_the_call(conn, days, fits):
    conn.execute("UPDATE customers SET phone_e164 = '+8613800138000', phone_valid = 1, consent = 1,"
                 " triggers = 'maturity' WHERE customer_id = 'C1'")
    hold(conn, "C1", "整存整取一年", days)
    assert ("maturity_rollover" in fitting_purposes(conn, "C1", TODAY)) is fits
    assert rollover_suggested(conn, "C1") is fits   # the card and the agenda agree
    for lang, words in (("zh_CN", "的整存整取一年将在"), ("en", "your 整存整取一年 with us matures")):
        r = render_script(conn, "C1", today=TODAY, lang=lang)
        assert (r.purpose == "maturity_rollover") is fits and (words in r.opening) is fits
        assert render_script(conn, "C1", "maturity_rollover", today=TODAY, lang=lang).purpose == r.purpose
        assert r.fields["maturity_date"] == "" or fits


@pytest.mark.parametrize("setting", ["care.maturity_lead_days", "segments.maturity_within_days"])
def test_the_roll_over_window_is_the_longer_of_the_agendas_two_settings(conn, setting):
    conn.execute("UPDATE customers SET phone_e164 = '+8613800138000', phone_valid = 1, consent = 1"
                 " WHERE customer_id = 'C1'")
    hold(conn, "C1", "季季享理财", 30, "wealth")
    assert "maturity_rollover" not in fitting_purposes(conn, "C1", TODAY) and not rollover_suggested(conn, "C1")
    set_setting(conn, setting, 30)
    assert "maturity_rollover" in fitting_purposes(conn, "C1", TODAY) and rollover_suggested(conn, "C1")
    set_setting(conn, setting, 29)
    assert "maturity_rollover" not in fitting_purposes(conn, "C1", TODAY) and not rollover_suggested(conn, "C1")


def test_the_roll_over_names_the_holding_maturing_soonest_in_the_window(conn):
    hold(conn, "C1", "大额存单三年期", 300)
    hold(conn, "C1", "季季享理财", 10, "wealth")
    hold(conn, "C1", "整存整取一年", 5)
    hold(conn, "C1", "已到期定期", -1)
    r = render_script(conn, "C1", "maturity_rollover", today=TODAY, lang="zh_CN")
    assert "您在我们这里的整存整取一年将在11月25日到期。" in r.opening
    # Outside the window the customer's largest holding is the one a call is about, and no date is given.
    conn.execute("DELETE FROM holdings WHERE product_name IN ('季季享理财', '整存整取一年')")
    r = render_script(conn, "C1", today=TODAY, lang="zh_CN")
    assert r.purpose == "wake_up" and r.fields["maturity_date"] == ""


# ---- a birthday greeting that fits the day ------------------------------------------------------

# 王娜's birthday was today and the card read '今天给您打电话，是想提前祝您生日快乐' ('in advance'). The greeting
# fits from segments.birthday_within_days before the birthday to the day itself, never after: no belated wish.
@pytest.mark.parametrize("birthday, zh, en", [
    ("1973-11-20", "今天是您的生日，祝您生日快乐，身体健康，万事顺心！", "I am calling to wish you a happy birthday today!"),
    ("1973-11-21", "今天给您打电话，是想提前祝您生日快乐，身体健康，万事顺心！",
     "I am calling to wish you a happy birthday in advance!"),
    ("1973-11-27", "今天给您打电话，是想提前祝您生日快乐，身体健康，万事顺心！",
     "I am calling to wish you a happy birthday in advance!"),
])
def test_the_birthday_greeting_says_today_on_the_day_and_in_advance_before_it(conn, birthday, zh, en):
    conn.execute("UPDATE customers SET birthday = ?, triggers = 'birthday' WHERE customer_id = 'C1'", (birthday,))
    r_zh, r_en = (render_script(conn, "C1", today=TODAY, lang=lang) for lang in ("zh_CN", "en"))
    assert r_zh.purpose == r_en.purpose == "birthday" and r_zh.missing == r_en.missing == ()
    assert r_zh.opening == "刘女士您好，我是南京路支行的客户经理王丽娟。" + zh
    assert r_en.opening == "Hello Ms 刘, this is 王丽娟 from 南京路支行. " + en
    assert r_zh.close.endswith("再次祝您生日快乐！") and r_en.close.endswith("Happy birthday again!")


def test_no_birthday_wish_is_given_outside_the_greetings_window(conn):
    conn.execute("UPDATE scripts SET offer = '[{birthday_wish}。]' || offer WHERE script_id = 'zh-wake-up'")
    for birthday in ("1973-11-19", "1973-11-28", None):   # yesterday, in 8 days, unknown
        conn.execute("UPDATE customers SET birthday = ? WHERE customer_id = 'C1'", (birthday,))
        r = render_script(conn, "C1", "wake_up", today=TODAY, lang="zh_CN")
        assert r.fields["birthday_wish"] == "" and "生日" not in r.offer


def test_opening_an_older_database_brings_the_birthday_wish_and_the_nameless_caller_and_keeps_an_edited_one(tmp_path):
    """Migration 114: a script word for word as migration 112 left it takes the new opening; an edited one
    (here in its close) stays as it is."""
    from workbench.db.migrations.m0114_birthday_wish_and_nameless_caller import _AFTER_OPENING, _BEFORE

    assert "提前祝您生日快乐" in _BEFORE["zh-birthday"][0] and "in advance" in _BEFORE["en-birthday"][0]
    now = reopened(tmp_path, _BEFORE, ("zh-birthday", "（本网点改写）"), (114, 122, 134, 136))   # 122, 134, 136 take some on
    shipped = {s.script_id: s for s in shipped_scripts()}
    assert set(_BEFORE) == set(_AFTER_OPENING) and len(_BEFORE) == 11
    for script_id in _BEFORE:
        if script_id != "zh-birthday":
            assert [getattr(now[script_id], f) for f in SECTIONS] == [getattr(shipped[script_id], f) for f in SECTIONS]
    assert now["zh-birthday"].opening == _BEFORE["zh-birthday"][0]   # the branch's own, left alone
    assert now["zh-birthday"].close.endswith("（本网点改写）")
    assert now["zh-wake-up"].opening.startswith("[{name}]您好，我是[{branch}的]客户经理[{manager}]。")
    assert now["en-birthday"].opening.endswith(" {birthday_wish}!")


# ---- a caller whose name is not on record -------------------------------------------------------

# An extract naming manager M009 and no name adds staff M009 named 'M009', and the script read '我是客户经理M009。'.
@pytest.fixture
def m009(conn):
    conn.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('M009', 'M009', 'manager', 'B1')")
    conn.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('S1', '周建华', 'supervisor', 'B1')")
    return conn


def every_text(r) -> str:
    return "".join([r.opening, r.offer, r.close, *r.objections.values()])


@pytest.mark.parametrize("caller", ["M009", None])
def test_a_manager_named_by_their_id_is_introduced_without_a_name(m009, caller):
    m009.execute("UPDATE customers SET manager_id = 'M009' WHERE customer_id = 'C1'")
    zh = render_script(m009, "C1", "wake_up", today=TODAY, lang="zh_CN", caller_id=caller)
    assert zh.opening.startswith("刘女士您好，我是南京路支行的客户经理。您是我们的老客户了")
    assert "M009" not in every_text(zh) and zh.fields["manager"] == "" and zh.unnamed == "M009"
    # English names the caller in a sentence that has none without it: not shown, and the card says why.
    en = render_script(m009, "C1", "wake_up", today=TODAY, lang="en", caller_id=caller)
    assert en.missing == ("manager",) and en.unnamed == "M009" and every_text(en) == ""


def test_a_colleague_is_never_introduced_by_an_id(m009):
    # M009, unnamed, calls 王丽娟's customer: her colleague, no name.
    zh = render_script(m009, "C1", "wake_up", today=TODAY, lang="zh_CN", caller_id="M009")
    assert zh.opening.startswith("刘女士您好，我是南京路支行的客户经理王丽娟的同事。") and zh.unnamed == "M009"
    en = render_script(m009, "C1", "wake_up", today=TODAY, lang="en", caller_id="M009")
    assert en.opening.startswith("Hello Ms 刘, this is a colleague of 王丽娟, your relationship manager at 南京路支行.")
    # 周建华 calls M009's customer: his own name, not 'M009的同事周建华'.
    m009.execute("UPDATE customers SET manager_id = 'M009' WHERE customer_id = 'C1'")
    zh = render_script(m009, "C1", "wake_up", today=TODAY, lang="zh_CN", caller_id="S1")
    assert zh.opening.startswith("刘女士您好，我是南京路支行的客户经理周建华。") and zh.unnamed == "M009"
    # Everyone named: no note.
    m009.execute("UPDATE staff SET name = '孙磊' WHERE staff_id = 'M009'")
    zh = render_script(m009, "C1", "wake_up", today=TODAY, lang="zh_CN", caller_id="S1")
    assert zh.opening.startswith("刘女士您好，我是南京路支行的客户经理孙磊的同事周建华。") and zh.unnamed is None


def test_a_date_in_another_year_keeps_its_year():
    """A person says '11月17日' of a day this year, and the year only of another ('2027年1月5日')."""
    from workbench.scripts import format_date

    today = date(2026, 11, 20)
    assert format_date("2026-11-17", "zh_CN", today) == "11月17日"
    assert format_date("2027-01-05", "zh_CN", today) == "2027年1月5日"
    assert format_date("2027-01-05", "en", today) == "5 Jan 2027"
    assert format_date("2026-05-01", "en", today) == "1 May"
    assert format_date("2026-05-01", "zh_CN") == "2026年5月1日"   # no day to read it against: whole


def test_the_competitor_answer_claims_no_years_and_migration_116_brings_it_to_an_unedited_script(tmp_path):
    """The shipped answer to a competitor's offer told every customer 您的账户在我们这里这么多年, one of three
    weeks too. Migration 116: a script whose answer is word for word the old one takes the new; an edited one stays."""
    import json

    from workbench.db import open_db
    from workbench.db.migrations.m0116_competitor_answer_for_any_customer import AFTER, BEFORE

    assert all("这么多年" not in s.objections.get("competitor", "") for s in shipped_scripts())
    path = tmp_path / "seeded-earlier.sqlite"
    open_db(path).close()
    with closing(sqlite3.connect(path)) as raw, raw:
        rows = raw.execute("SELECT script_id, objections FROM scripts WHERE lang = 'zh_CN'").fetchall()
        for script_id, objections in rows:
            answers = json.loads(objections)
            if answers.get("competitor") == AFTER:
                answers["competitor"] = BEFORE if script_id != "zh-wake-up" else BEFORE + "（本网点改写）"
                raw.execute("UPDATE scripts SET objections = ? WHERE script_id = ?",
                            (json.dumps(answers, ensure_ascii=False), script_id))
        raw.execute("DELETE FROM schema_migrations WHERE version = 116")
    now = {s.script_id: s.objections.get("competitor", "") for s in list_scripts(open_db(path).conn)}
    assert now["zh-wake-up"] == BEFORE + "（本网点改写）"   # the branch's own, left alone
    moved = [script_id for script_id, answer in now.items() if answer == AFTER]
    assert len(moved) >= 5 and not any("这么多年" in answer for sid, answer in now.items() if sid != "zh-wake-up")
