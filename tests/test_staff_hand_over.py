"""`workbench staff hand-over`: a leaving manager's customers go to one manager, to several by priority, or
to the pool, in one transaction, audited once; their pending follow-ups move as `reassign` moves them."""

import json
import sqlite3

import pytest
from factories import add_customer, add_staff, seed_branch
from hostile import table_digest

from workbench import audit
from workbench.db import open_db

NOW = "2026-11-20T10:00:00"
TABLES = {"customers": "customer_id", "followups": "followup_id", "followup_events": "event_id", "staff": "staff_id",
          "audit_log": "seq"}


@pytest.fixture
def path(db_path):
    """seed_branch (C1-C3 with M1, C4 with M2; S1 supervises), M3 and a leaver M9, and M1's customers
    C5-C8 with priorities; C8 has left the extracts."""
    db = open_db(db_path)
    seed_branch(db)
    add_staff(db, "M3")
    add_staff(db, "M9", active=0)
    db.conn.executemany("UPDATE customers SET priority = ? WHERE customer_id = ?", [(90, "C1"), (80, "C2"), (70, "C3")])
    for cid, priority, active in (("C5", 60, 1), ("C6", 50, 1), ("C7", None, 1), ("C8", 99, 0)):
        add_customer(db, cid, manager_id="M1", priority=priority, active=active)
    db.close()
    return db_path


def run(cli, path, *args, user="S1"):
    return cli("--db", path, "--now", NOW, "--user", user, *args)


def followup(cli, path, customer, owner, when="2026-11-25"):
    added = run(cli, path, "followup", "add", "--customer", customer, "--when", when, "--manager", owner)
    assert added.exit_code == 0, added.stderr
    return added.stdout.strip()


def managers(path) -> dict[str, str | None]:
    return dict(open_db(path).execute("SELECT customer_id, manager_id FROM customers ORDER BY customer_id").fetchall())


def digest(path) -> dict:
    db = open_db(path)
    try:
        return {table: table_digest(db.conn, table, order) for table, order in TABLES.items()}
    finally:
        db.close()


def test_handing_over_to_one_manager_moves_follow_ups_exactly_as_reassign_does(cli, path, tmp_path):
    mine = followup(cli, path, "C1", "M1")
    by_supervisor = followup(cli, path, "C2", "S1")
    done = followup(cli, path, "C3", "M1")
    assert run(cli, path, "followup", "done", done).exit_code == 0
    elsewhere = followup(cli, path, "C4", "M1")   # M1's promise to M2's customer: not M1's customer, stays
    one_by_one = tmp_path / "one_by_one.sqlite"
    with sqlite3.connect(path) as source, sqlite3.connect(one_by_one) as copy:
        source.backup(copy)   # the same file, terminal id and follow-up events: one way each
    for cid in ("C1", "C2", "C3", "C5", "C6", "C7", "C8"):
        assert run(cli, one_by_one, "reassign", "--customer", cid, "--to", "M2").exit_code == 0

    result = run(cli, path, "staff", "hand-over", "M1", "--to", "M2")
    assert result.exit_code == 0, result.stderr
    assert "M1 Staff M1: customers handed over" in result.stdout and "M2 Staff M2" in result.stdout
    assert managers(path) == managers(one_by_one) == dict.fromkeys(("C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8"), "M2")
    events = "SELECT followup_id, customer_id, kind, owner_id, at, terminal_id, by_id, based_on FROM followup_events"
    state = "SELECT followup_id, customer_id, owner_id, due_on, status, updated_at FROM followups ORDER BY followup_id"
    for sql in (events, state):
        assert sorted(open_db(path).execute(sql).fetchall()) == sorted(open_db(one_by_one).execute(sql).fetchall())
    owners = dict(open_db(path).execute("SELECT followup_id, owner_id FROM followups").fetchall())
    assert owners == {mine: "M2", by_supervisor: "M2", done: "M1", elsewhere: "M1"}
    db = open_db(path)
    (actor, subject, detail), = db.conn.execute("SELECT actor, subject, detail FROM audit_log WHERE action = 'hand_over'")
    assert (actor, subject) == ("S1", "M1") and audit.verify(db.conn).ok
    assert json.loads(detail) == {"from": "M1", "to": {"M2": ["C1", "C2", "C3", "C5", "C6", "C7", "C8"]}, "pool": [],
                                  "followups": {mine: "M2", by_supervisor: "M2"}}
    db.close()


def test_several_managers_share_the_customers_dealt_by_priority_and_the_dry_run_says_so_first(cli, path):
    before = digest(path)
    planned = run(cli, path, "staff", "hand-over", "M1", "--to", "M2,M3", "--dry-run")
    assert planned.exit_code == 0 and "dry run: nothing was changed" in planned.stdout
    assert digest(path) == before
    done = run(cli, path, "staff", "hand-over", "M1", "--to", "M2", "--to", "M3")
    assert done.exit_code == 0, done.stderr
    # By priority C1 90, C2 80, C3 70, C5 60, C6 50, C7 unscored, then C8 (not in the extracts): dealt
    # M2, M3, M3, M2, M2, M3, M3, so neither manager always gets the better customer.
    assert managers(path) == {"C1": "M2", "C2": "M3", "C3": "M3", "C4": "M2", "C5": "M2", "C6": "M2", "C7": "M3",
                              "C8": "M3"}
    table = [line.split() for line in planned.stdout.splitlines()[1:] if line.strip()]
    aside = ["(+1", "not", "in", "the", "latest", "extract)"]   # C8, as the app's plan says it apart
    assert table[2:] == [["M2", "Staff", "M2", "3", "300,000", "0"], ["M3", "Staff", "M3", "3", *aside, "400,000", "0"],
                         ["Total", "6", *aside, "700,000", "0"]]
    assert done.stdout.splitlines()[1:] == planned.stdout.splitlines()[1:]   # the plan was what happened


def test_to_the_pool_the_follow_ups_wait_with_the_supervisor_until_a_manager_is_given(cli, path):
    promised = followup(cli, path, "C1", "M1")
    result = run(cli, path, "staff", "hand-over", "M1", "--to-pool")
    assert result.exit_code == 0, result.stderr
    assert "Unassigned pool" in result.stdout and "are S1's until the customers get a manager" in result.stdout
    assert [c for c, m in managers(path).items() if m is None] == ["C1", "C2", "C3", "C5", "C6", "C7", "C8"]
    owner = "SELECT owner_id FROM followups WHERE followup_id = ?"
    assert open_db(path).execute(owner, (promised,)).fetchone() == ("S1",)
    assert run(cli, path, "pool", "assign", "C1", "--to", "M3").exit_code == 0
    assert open_db(path).execute(owner, (promised,)).fetchone() == ("M3",)


def test_leave_marks_the_giver_as_left_in_the_same_transaction(cli, path):
    refused = run(cli, path, "staff", "set", "M1", "--inactive")
    assert refused.exit_code == 2 and "workbench staff hand-over M1 --to MANAGER" in refused.stderr
    result = run(cli, path, "staff", "hand-over", "M1", "--to", "M2", "--leave")
    assert result.exit_code == 0 and "M1 is marked as left." in result.stdout
    assert open_db(path).execute("SELECT active FROM staff WHERE staff_id = 'M1'").fetchone() == (0,)
    # The only supervisor may not leave: the customers stay where they were too.
    add_customer(open_db(path), "C9", manager_id="S1")
    before = digest(path)
    alone = run(cli, path, "staff", "hand-over", "S1", "--to", "M2", "--leave")
    assert alone.exit_code == 2 and "S1 is the only active supervisor" in alone.stderr
    assert digest(path) == before


def test_a_leavers_customers_can_still_be_handed_over_and_nobodys_is_nothing(cli, path):
    add_customer(open_db(path), "C9", manager_id="M9")
    assert run(cli, path, "staff", "hand-over", "M9", "--to", "M3").exit_code == 0
    assert managers(path)["C9"] == "M3"
    before = digest(path)
    nothing = run(cli, path, "staff", "hand-over", "M9", "--to", "M3")
    assert nothing.exit_code == 0 and "M9 Staff M9 has no customers; there is nothing to hand over." in nothing.stdout
    assert digest(path) == before


def test_the_table_says_the_customers_not_in_the_latest_extract_apart_in_chinese_too(cli, path):
    planned = run(cli, path, "--lang", "zh_CN", "staff", "hand-over", "M1", "--to", "M2", "--dry-run")
    rows = [line.split() for line in planned.stdout.splitlines()]
    assert ["M2", "Staff", "M2", "6（另有", "1", "名不在最新全量清单中）", "700,000", "0"] in rows
    assert ["合计", "6（另有", "1", "名不在最新全量清单中）", "700,000", "0"] in rows


def test_a_chinese_name_meets_the_chinese_sentence_without_a_space(cli, path):
    """'M8 周建华 名下没有客户' was said: the name is set into the sentence as Chinese is set (i18n.fill)."""
    add_staff(open_db(path), "M8", name="周建华")
    nothing = run(cli, path, "--lang", "zh_CN", "staff", "hand-over", "M8", "--to", "M3")
    assert nothing.exit_code == 0 and nothing.stdout == "M8 周建华名下没有客户，无需移交。\n"


@pytest.mark.parametrize("args, says", [
    (["M7", "--to", "M2"], "Unknown staff member 'M7'."),
    (["M1", "--to", "M7"], "Unknown staff member 'M7'."),
    (["M1", "--to", "M9"], "M9 has left; hand the customers to a manager still at work."),
    (["M1", "--to", "S1"], "S1 is a supervisor; customers are handed to managers."),
    (["M1", "--to", "M2,M1"], "M1 cannot take over their own customers; name another manager."),
    (["M1", "--to", "M2,M3,M2"], "M2 is named twice; name each manager once."),
    (["M1"], "Say who takes the customers: --to MANAGER"),
    (["M1", "--to", "M2", "--to-pool"], "Say who takes the customers: --to MANAGER"),
    (["M1", "--to", " , "], "Say who takes the customers: --to MANAGER"),
])
def test_a_bad_hand_over_is_one_sentence_and_changes_nothing(cli, path, args, says):
    before = digest(path)
    result = run(cli, path, "staff", "hand-over", *args)
    assert result.exit_code == 2 and says in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert digest(path) == before


def test_only_a_supervisor_hands_over_and_a_refusal_is_audited_and_said_in_chinese(cli, path):
    refused = run(cli, path, "staff", "hand-over", "M1", "--to", "M2", "--dry-run", user="M2")
    assert refused.exit_code == 3 and "Only a supervisor may hand over a manager's customers" in refused.stderr
    assert open_db(path).execute("SELECT actor, action FROM audit_log").fetchall() == [("M2", "refusal")]
    chinese = run(cli, path, "--lang", "zh_CN", "staff", "hand-over", "M1", "--to", "M9")
    assert chinese.exit_code == 2 and "M9 已离职" in chinese.stderr
    assert managers(path)["C1"] == "M1"


@pytest.mark.parametrize("lang, says", [("en", "S1 is the only active supervisor"), ("zh_CN", "S1 是唯一在职的主管")])
def test_a_dry_run_with_leave_refuses_in_the_same_sentence_and_code_as_the_real_run(cli, path, lang, says):
    add_customer(open_db(path), "C9", manager_id="S1")
    before = digest(path)
    args = ("--lang", lang, "staff", "hand-over", "S1", "--to", "M2", "--leave")
    dry, real = run(cli, path, *args, "--dry-run"), run(cli, path, *args)
    assert dry.exit_code == real.exit_code == 2 and dry.stderr == real.stderr
    assert says in dry.stderr and len(dry.stderr.strip().splitlines()) == 1 and dry.stdout == ""
    assert digest(path) == before


def test_the_supervisor_acting_may_not_be_the_one_leaving_as_they_would_keep_the_pools_follow_ups(cli, path):
    add_staff(open_db(path), "S2", role="supervisor")
    add_customer(open_db(path), "C9", manager_id="S1")
    before = digest(path)
    for dry in ((), ("--dry-run",)):
        own = run(cli, path, "staff", "hand-over", "S1", "--to-pool", "--leave", *dry)
        assert own.exit_code == 2 and "S1 cannot hand over their own customers with --leave" in own.stderr
    assert digest(path) == before
    assert run(cli, path, "staff", "hand-over", "S1", "--to-pool", "--leave", user="S2").exit_code == 0
    assert open_db(path).execute("SELECT active FROM staff WHERE staff_id = 'S1'").fetchone() == (0,)


def test_with_leave_the_leavers_follow_ups_on_others_customers_go_to_those_customers_managers(cli, path):
    db = open_db(path)
    add_customer(db, "P1", manager_id=None)     # in the pool
    add_customer(db, "G1", manager_id="M9")     # still on a leaver's list
    db.close()
    handed = followup(cli, path, "C1", "M1")
    on_c4, in_pool, left_behind = (followup(cli, path, c, "M1") for c in ("C4", "P1", "G1"))
    # Days of their own: a follow-up identical to a pending one is refused (a4d9ac7).
    done = followup(cli, path, "C4", "M1", when="2026-11-26")
    assert run(cli, path, "followup", "done", done).exit_code == 0
    m2s = followup(cli, path, "C4", "M2", when="2026-11-27")
    before = digest(path)
    planned = run(cli, path, "staff", "hand-over", "M1", "--to", "M3", "--leave", "--dry-run")
    assert planned.exit_code == 0, planned.stderr
    assert "M1's 3 other pending follow-ups would go to their customers' managers." in planned.stdout
    assert "Those of customers without a manager at work (2) are S1's until the customers get one." in planned.stdout
    assert digest(path) == before

    result = run(cli, path, "staff", "hand-over", "M1", "--to", "M3", "--leave")
    assert result.exit_code == 0, result.stderr
    assert "M1's 3 other pending follow-ups went to their customers' managers." in result.stdout
    owners = dict(open_db(path).execute("SELECT followup_id, owner_id FROM followups").fetchall())
    assert owners == {handed: "M3", on_c4: "M2", in_pool: "S1", left_behind: "S1", done: "M1", m2s: "M2"}
    db = open_db(path)
    (detail,), = db.conn.execute("SELECT detail FROM audit_log WHERE action = 'hand_over'")
    assert json.loads(detail)["followups"] == {handed: "M3", on_c4: "M2", in_pool: "S1", left_behind: "S1"}
    assert db.conn.execute("SELECT active FROM staff WHERE staff_id = 'M1'").fetchone() == (0,)
    db.close()


def test_a_leaver_with_no_customers_but_follow_ups_hands_those_over_and_leaves(cli, path):
    promised = followup(cli, path, "C4", "M3")
    refused = run(cli, path, "staff", "set", "M3", "--inactive")
    assert refused.exit_code == 2 and "workbench staff hand-over M3 --to MANAGER --leave" in refused.stderr
    result = run(cli, path, "staff", "hand-over", "M3", "--to-pool", "--leave")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["M3 Staff M3 has no customers to hand over.",
                                          "M3's 1 other pending follow-up went to its customer's manager.",
                                          "M3 is marked as left."]
    db = open_db(path)
    assert db.conn.execute("SELECT owner_id FROM followups WHERE followup_id = ?", (promised,)).fetchone() == ("M2",)
    (detail,), = db.conn.execute("SELECT detail FROM audit_log WHERE action = 'hand_over'")
    assert json.loads(detail) == {"from": "M3", "to": {}, "pool": [], "followups": {promised: "M2"}}
    assert db.conn.execute("SELECT active FROM staff WHERE staff_id = 'M3'").fetchone() == (0,)
    db.close()
