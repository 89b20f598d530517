"""The `score` and `calllist` commands through the real entry point."""

import json

import pytest

from engine_rows import WAN, add_customer, add_followup, basic_branch
from workbench.db import open_db

NOW = ("--now", "2026-03-10T10:00:00")


@pytest.fixture
def db(db_path):
    db = open_db(db_path)
    conn = db.conn
    basic_branch(conn)
    add_customer(conn, "C1", name="张伟", aum_fen=60 * WAN, last_activity_on="2025-01-22", last_login_on="2024-12-01")
    add_customer(conn, "C2", name="[bold red]李娜[/bold red]", aum_fen=48 * WAN)
    add_customer(conn, "C3", name="王芳", aum_fen=2 * WAN, do_not_call=1)
    for i in range(4, 50):
        add_customer(conn, f"C{i}", name=f"客户{i}", aum_fen=i * WAN)
    add_followup(conn, "F1", "C2", "2026-03-08")
    db.close()
    return db_path


def test_calllist_json_rescores_at_day_change_and_explains(cli, db):
    result = cli("--db", db, *NOW, "calllist", "--manager", "M1", "--json", "--limit", "5")
    assert result.exit_code == 0, result.stderr
    entries = json.loads(result.stdout)
    assert [e["rank"] for e in entries] == [1, 2, 3, 4, 5]
    first, second = entries[0], entries[1]
    assert first["customer_id"] == "C2" and first["is_follow_up"] is True and first["overdue"] is True
    assert second["customer_id"] == "C1" and second["segment"] == "high_value_dormant" and second["tier"] == 2
    assert second["reasons"][0] == {"code": "dormancy", "text": second["reasons"][0]["text"],
                                   "points": second["reasons"][0]["points"]}
    assert second["reasons"][0]["text"].startswith("High-value dormant: no activity for 412 days")
    assert sum(r["points"] for r in second["reasons"]) == pytest.approx(second["priority"], abs=0.05)
    assert all({"customer_id", "rank", "priority", "segment", "tier", "is_follow_up", "reasons"} <= set(e) for e in entries)
    assert "C3" not in [e["customer_id"] for e in entries]
    assert second["phone"].count("*") == 4


def test_calllist_defaults_to_the_days_target_and_filters(cli, db):
    result = cli("--db", db, *NOW, "calllist", "--manager", "M1", "--json")
    assert len(json.loads(result.stdout)) == 40  # calllist.daily_target
    result = cli("--db", db, *NOW, "calllist", "--manager", "M1", "--json", "--tier", "50万")
    tiers = {e["tier"] for e in json.loads(result.stdout)}
    assert tiers == {2}
    result = cli("--db", db, *NOW, "calllist", "--manager", "M1", "--json", "--segment", "high_value_dormant")
    assert [e["customer_id"] for e in json.loads(result.stdout)] == ["C1"]
    result = cli("--db", db, *NOW, "calllist", "--manager", "M1", "--json", "--search", "客户4")
    assert {e["customer_id"] for e in json.loads(result.stdout)} == {"C4"} | {f"C{i}" for i in range(40, 50)}


def test_calllist_in_chinese(cli, db):
    result = cli("--db", db, *NOW, "--lang", "zh_CN", "calllist", "--manager", "M1", "--json", "--limit", "2")
    entries = json.loads(result.stdout)
    assert entries[0]["reasons"][0]["text"].startswith("约定跟进已逾期2天")
    assert entries[1]["segment_label"] == "高价值沉睡客户"
    table = cli("--db", db, *NOW, "--lang", "zh_CN", "calllist", "--manager", "M1", "--limit", "2").stdout
    assert "逾期跟进" in table and "已逾期 " not in table   # the flag in the call list's words, not the report's


def test_calllist_table_prints_names_literally(cli, db):
    result = cli("--db", db, *NOW, "calllist", "--manager", "M1", "--limit", "3")
    assert result.exit_code == 0, result.stderr
    # Markup shown as typed; at 25 cells the name is past name_cells and cut with "…" at its end.
    assert "[bold red]李娜[/bold re…" in result.stdout
    assert "张伟" in result.stdout and "High-value dormant" in result.stdout
    assert "Call list for 2026-03-10: 3 of 48" in result.stdout


def test_calllist_without_manager_is_the_users_own_list(cli, db):
    own = cli("--db", db, *NOW, "--user", "m1", "calllist", "--json", "--limit", "3")
    assert own.exit_code == 0, own.stderr
    assert own.stdout == cli("--db", db, *NOW, "--user", "M1", "calllist", "--manager", "M1", "--json", "--limit", "3").stdout
    assert [e["customer_id"] for e in json.loads(own.stdout)][0] == "C2"
    conn = open_db(db).conn
    conn.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('S1', '赵主管', 'supervisor', 'B1')")
    conn.close()
    for user in (("--user", "S1"), ()):   # a supervisor has no list of their own; nobody named, nobody's
        result = cli("--db", db, *NOW, *user, "calllist")
        assert result.exit_code == 2 and result.stderr == (
            "error: Say whose call list with --manager ID (a manager's own list needs only --user).\n")


@pytest.mark.parametrize("args, message", [
    (("--manager", "M9"), "Unknown staff member 'M9'."),
    (("--manager", "M1", "--date", "10/03/2026"), "--date must be a date YYYY-MM-DD"),
    (("--manager", "M1", "--segment", "vip"), "Unknown segment 'vip'"),
    (("--manager", "M1", "--tier", "huge"), "Unknown tier 'huge'"),
    (("--manager", "M1", "--limit", "0"), "--limit must be at least 1"),
    (("--manager", "M1", "--limit", "99999999999999999999"), "--limit can be at most 9,223,372,036,854,775,807."),
])
def test_bad_input_is_one_line_and_exit_2(cli, db, args, message):
    result = cli("--db", db, *NOW, "calllist", *args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_score_command(cli, db):
    result = cli("--db", db, *NOW, "score", "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["scored_on"] == "2026-03-10" and report["customers"] == 49 and report["listable"] == 48
    assert report["written"] == 49 and report["mode"] == "full"  # the first run writes every customer
    result = cli("--db", db, *NOW, "score", "--date", "2026-03-11", "--json")
    report = json.loads(result.stdout)
    # a day later only the customers due are looked at, and only those whose scores moved rewritten
    assert report["mode"] == "due" and 0 < report["written"] <= report["customers"] < 49
    conn = open_db(db).conn
    assert conn.execute("SELECT count(*) FROM customers WHERE scored_on = '2026-03-11'").fetchone()[0] == report["written"]
    result = cli("--db", db, *NOW, "score", "--date", "2026-03-11")
    assert "Scores up to date as of 2026-03-11: due for a look 0, changed 0" in result.stdout
    result = cli("--db", db, *NOW, "score", "--date", "2026-03-11", "--full")
    assert "Scored as of 2026-03-11: customers 49, may be called 48, changed 0" in result.stdout


def test_calllist_title_counts_with_thousands_separators(cli, db):
    conn = open_db(db).conn
    with conn:
        for i in range(50, 1_060):
            add_customer(conn, f"C{i}", name=f"客户{i}", aum_fen=i * WAN)
    conn.close()
    result = cli("--db", db, *NOW, "calllist", "--manager", "M1", "--limit", "3")
    assert result.exit_code == 0, result.stderr
    assert "Call list for 2026-03-10: 3 of 1,058" in result.stdout
