"""`workbench log`, `workbench followups` and `workbench reassign` through the real entry point."""

import json
from datetime import datetime

import pytest
from factories import add_branch, add_customer, add_staff, count_rows, seed_branch

from workbench.db import open_db

NOW = "2026-11-20T10:00:00"
TABLES = ("outcomes", "followups", "followup_events", "audit_log", "contact_state")


@pytest.fixture
def seeded(db_path):
    db = open_db(db_path)
    seed_branch(db)
    add_customer(db, "B1", birthday="1960-11-22")
    db.close()
    return db_path


def run_log(cli, path, *args):
    return cli("--db", path, "--now", NOW, "log", *args)


def counts(path):
    db = open_db(path)
    try:
        return count_rows(db, *TABLES)
    finally:
        db.close()


def test_log_prints_the_outcome_id(cli, seeded):
    result = run_log(cli, seeded, "--customer", "C1", "--result", "reached", "--outcome", "call_back",
                     "--reason", "no_need", "--note", "晚上再打", "--follow-up", "2026-11-21T18:30", "--manager", "M1")
    assert result.exit_code == 0, result.stderr
    outcome_id = result.stdout.strip()
    db = open_db(seeded)
    row = db.execute("SELECT customer_id, at, business_outcome, note FROM outcomes WHERE outcome_id = ?", [outcome_id]).fetchone()
    assert row == ("C1", NOW, "call_back", "晚上再打")
    assert db.execute("SELECT due_on, slot, owner_id FROM followups").fetchall() == [("2026-11-21", "18:30", "M1")]


def test_log_json_and_quick_pick(cli, seeded):
    result = run_log(cli, seeded, "--customer", "C1", "--result", "no_answer", "--follow-up", "+3d", "--manager", "M1",
                     "--json")
    assert result.exit_code == 0, result.stderr
    ids = json.loads(result.stdout)
    db = open_db(seeded)
    assert db.execute("SELECT due_on FROM followups WHERE followup_id = ?", [ids["followup_id"]]).fetchone()[0] == "2026-11-23"
    assert db.execute("SELECT count(*) FROM outcomes WHERE outcome_id = ?", [ids["outcome_id"]]).fetchone()[0] == 1


def test_do_not_call_from_the_cli(cli, seeded):
    assert run_log(cli, seeded, "--customer", "C2", "--result", "reached", "--outcome", "do_not_call",
                   "--manager", "M1").exit_code == 0
    assert open_db(seeded).execute("SELECT do_not_call FROM customers WHERE customer_id = 'C2'").fetchone()[0] == 1


def test_correction_keeps_the_original_contact_time(cli, seeded):
    first = run_log(cli, seeded, "--customer", "C1", "--result", "busy", "--manager", "M1").stdout.strip()
    result = cli("--db", seeded, "--now", "2026-11-20T16:00:00", "log", "--customer", "C1", "--result", "reached",
                 "--outcome", "interested", "--supersedes", first, "--manager", "M1")
    assert result.exit_code == 0, result.stderr
    row = open_db(seeded).execute("SELECT at, recorded_at, supersedes FROM outcomes WHERE outcome_id = ?",
                                  [result.stdout.strip()]).fetchone()
    assert row == (NOW, "2026-11-20T16:00:00", first)


@pytest.mark.parametrize("args, message", [
    (["--customer", "NOPE", "--result", "reached"], "Unknown customer 'NOPE'."),
    (["--customer", "C1", "--result", "reached", "--manager", "NOPE"], "Unknown staff member 'NOPE'."),
    (["--customer", "C1", "--result", "hung_up"], "Unknown line result 'hung_up'"),
    (["--customer", "C1", "--result", "reached", "--outcome", "maybe"], "Unknown business outcome 'maybe'"),
    (["--customer", "C1", "--result", "reached", "--reason", "weather"], "Unknown dormancy reason 'weather'"),
    (["--customer", "C1", "--result", "busy", "--outcome", "interested"], "needs the line result 'reached'"),
    (["--customer", "C1", "--result", "reached", "--follow-up", "2026-11-19"], "is in the past."),
    (["--customer", "C1", "--result", "reached", "--follow-up", "2026-11-20T09:00"], "is in the past."),
    (["--customer", "C1", "--result", "reached", "--follow-up", "someday"], "Cannot read the follow-up time"),
    (["--customer", "C1", "--result", "reached", "--note", "x" * 2001], "The note has 2,001 characters; the most is 2,000."),
    (["--customer", "C1", "--result", "reached", "--channel", "fax"], "Unknown channel 'fax'"),
    (["--customer", "C1", "--result", "reached", "--supersedes", "nope"], "Unknown outcome entry 'nope'."),
])
def test_bad_input_is_one_sentence_exit_2_and_nothing_written(cli, seeded, args, message):
    before = counts(seeded)
    if "--manager" not in args:
        args = [*args, "--manager", "M1"]
    result = run_log(cli, seeded, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert counts(seeded) == before


def test_missing_manager_is_refused(cli, seeded):
    result = run_log(cli, seeded, "--customer", "C1", "--result", "busy")
    assert result.exit_code == 2 and "--manager" in result.stderr
    assert counts(seeded)["outcomes"] == 0


def test_help_lists_the_codes(cli, seeded):
    text = cli("log", "--help").stdout
    for code in ("no_answer", "no_such_number", "do_not_call", "appointment", "forgot_account"):
        assert code in text


def test_followups_agenda_json(cli, seeded):
    run_log(cli, seeded, "--customer", "C1", "--result", "reached", "--outcome", "call_back", "--follow-up", "2026-11-20T15:00", "--manager", "M1")
    run_log(cli, seeded, "--customer", "C2", "--result", "reached", "--outcome", "call_back", "--follow-up", "next-week", "--manager", "M1")
    result = cli("--db", seeded, "--now", "2026-11-22T09:00:00", "followups", "--manager", "M1", "--json", "--suggest")
    assert result.exit_code == 0, result.stderr
    agenda = json.loads(result.stdout)
    assert agenda["date"] == "2026-11-22"
    assert [(f["customer_id"], f["due_on"], f["slot"]) for f in agenda["overdue"]] == [("C1", "2026-11-20", "15:00")]
    assert (agenda["overdue"][0]["purpose"], agenda["overdue"][0]["purpose_label"]) == ("call_back", "Call back later")
    assert agenda["today"] == [] and agenda["this_week"] == []   # 2026-11-22 is a Sunday: the week ends today
    assert [f["customer_id"] for f in agenda["later"]] == ["C2"]
    assert [(s["customer_id"], s["kind"]) for s in agenda["suggestions"]] == [("B1", "birthday")]
    on_date = json.loads(cli("--db", seeded, "--now", NOW, "followups", "--manager", "M1", "--json", "--date", "2026-11-27").stdout)
    assert [f["customer_id"] for f in on_date["overdue"]] == ["C1"] and [f["customer_id"] for f in on_date["today"]] == ["C2"]
    assert "suggestions" not in on_date


def test_followups_text(cli, seeded):
    run_log(cli, seeded, "--customer", "C1", "--result", "reached", "--outcome", "call_back", "--follow-up", "2026-11-21", "--manager", "M1")
    result = cli("--db", seeded, "--now", NOW, "followups", "--manager", "M1", "--suggest")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Overdue (0)" and "This week (1)" in lines
    assert any("C1" in line and "2026-11-21" in line and "Call back later" in line for line in lines)
    assert "Care suggestions (1)" in lines


def test_followups_unknown_manager(cli, seeded):
    result = cli("--db", seeded, "--now", NOW, "followups", "--manager", "NOPE")
    assert result.exit_code == 2 and result.stderr == "error: Unknown staff member 'NOPE'.\n"


def test_reassign_by_supervisor_moves_follow_ups(cli, seeded):
    run_log(cli, seeded, "--customer", "C1", "--result", "reached", "--outcome", "call_back", "--follow-up", "2026-11-21", "--manager", "M1")
    result = cli("--db", seeded, "--now", NOW, "reassign", "--customer", "C1", "--to", "M2", "--user", "S1")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Customer C1 now belongs to M2; 1 follow-up moved.\n" and not result.stderr
    agenda = json.loads(cli("--db", seeded, "--now", NOW, "followups", "--manager", "M2", "--json").stdout)
    assert [f["customer_id"] for f in agenda["this_week"]] == ["C1"]
    for when in ("2026-11-23", "2026-11-24"):   # another customer's two
        run_log(cli, seeded, "--customer", "C2", "--result", "no_answer", "--follow-up", when, "--manager", "M1")
    two = cli("--db", seeded, "--now", NOW, "--lang", "zh_CN", "reassign", "--customer", "C2", "--to", "M2", "--user", "S1")
    assert two.stdout == "客户 C2 已改由 M2 管户；转移了 2 条跟进。\n"
    none = cli("--db", seeded, "--now", NOW, "reassign", "--customer", "C3", "--to", "M2", "--user", "S1")
    assert none.stdout == "Customer C3 now belongs to M2; 0 follow-ups moved.\n"


def test_reassign_to_a_manager_of_another_branch_says_so(cli, seeded):
    """Allowed (nothing ties a customer to their branch's managers), but said: the customer keeps their branch
    and now shows on the list of a manager who works at another."""
    db = open_db(seeded)
    add_branch(db, "B2", name="城东二分理处", parent_id="B1", level="sub_branch")
    add_staff(db, "M7", branch_id="B2", name="赵敏")
    db.execute("UPDATE branches SET name = '城东支行' WHERE branch_id = 'B1'")
    db.close()
    moved = cli("--db", seeded, "--now", NOW, "reassign", "--customer", "C1", "--to", "M7", "--user", "S1")
    assert moved.exit_code == 0 and moved.stdout == "Customer C1 now belongs to M7; 0 follow-ups moved.\n"
    assert moved.stderr == ("note: customer C1 stays with 城东支行 (B1) and M7 赵敏 works at 城东二分理处 (B2): the"
                            " customer now shows on the list of a manager of another branch.\n")
    back = cli("--db", seeded, "--now", NOW, "--lang", "zh_CN", "reassign", "--customer", "C2", "--to", "M7",
               "--user", "S1")
    assert back.stderr == ("提示：客户 C2 仍属于城东支行（B1），而 M7 赵敏所在网点是城东二分理处（B2）："
                           "该客户现在出现在另一网点客户经理的名单上。\n")
    db = open_db(seeded)
    assert db.execute("SELECT manager_id, branch_id FROM customers WHERE customer_id = 'C1'").fetchone() == ("M7", "B1")
    db.close()
    same = cli("--db", seeded, "--now", NOW, "reassign", "--customer", "C1", "--to", "M2", "--user", "S1")
    assert same.exit_code == 0 and not same.stderr   # M2 works at B1, the customer's branch
    db = open_db(seeded)
    add_staff(db, "M9", branch_id="B2", name="M9")   # added by an extract by id alone: no name on record
    db.close()
    nameless = cli("--db", seeded, "--now", NOW, "reassign", "--customer", "C1", "--to", "M9", "--user", "S1")
    assert "and M9 works at" in nameless.stderr   # not 'M9 M9'
    db = open_db(seeded)
    db.execute("UPDATE branches SET name = branch_id")   # both named by id alone, as an extract adds a branch
    db.close()
    by_id = cli("--db", seeded, "--now", NOW, "--lang", "zh_CN", "reassign", "--customer", "C3", "--to", "M9",
                "--user", "S1")
    assert by_id.stderr == "提示：客户 C3 仍属于 B1，而 M9 所在网点是 B2：该客户现在出现在另一网点客户经理的名单上。\n"


def test_reassign_refused_for_a_manager(cli, seeded):
    before = counts(seeded)
    result = cli("--db", seeded, "--now", NOW, "--user", "M1", "reassign", "--customer", "C1", "--to", "M2")
    assert result.exit_code == 3 and "Only a supervisor" in result.stderr
    db = open_db(seeded)
    assert db.execute("SELECT manager_id FROM customers WHERE customer_id = 'C1'").fetchone()[0] == "M1"
    assert db.execute("SELECT action FROM audit_log").fetchall() == [("refusal",)]
    assert count_rows(db, "followup_events") == {"followup_events": before["followup_events"]}


def test_chinese_messages(cli, seeded, monkeypatch):
    from workbench import i18n

    monkeypatch.setattr(i18n, "_current", i18n.get_language())  # restored afterwards for the tests that follow
    result = cli("--lang", "zh_CN", "--db", seeded, "--now", NOW, "log", "--customer", "NOPE", "--result", "busy", "--manager", "M1")
    assert result.exit_code == 2 and "未知客户" in result.stderr


def test_pin_is_checked_for_the_person_logging(cli, seeded, monkeypatch):
    from workbench.pins import set_pin

    db = open_db(seeded)
    set_pin(db.conn, "M1", "4821", at=datetime.fromisoformat(NOW), by_id="M1")
    db.close()
    args = ("--customer", "C1", "--result", "busy", "--manager", "M1")
    refused = run_log(cli, seeded, *args)
    assert refused.exit_code == 3 and "PIN" in refused.stderr
    assert counts(seeded)["outcomes"] == 0
    monkeypatch.setenv("WORKBENCH_PIN", "4821")
    assert run_log(cli, seeded, *args).exit_code == 0
    assert counts(seeded)["outcomes"] == 1


def test_another_manager_may_not_log_for_m1(cli, seeded):
    result = cli("--db", seeded, "--now", NOW, "--user", "M2", "log", "--customer", "C1", "--result", "busy", "--manager", "M1")
    assert result.exit_code == 3 and "M2 may not act for M1" in result.stderr
    assert counts(seeded)["outcomes"] == 0
    ok = cli("--db", seeded, "--now", NOW, "--user", "S1", "log", "--customer", "C1", "--result", "busy", "--manager", "M1")
    assert ok.exit_code == 0, ok.stderr
    assert open_db(seeded).execute("SELECT manager_id FROM outcomes").fetchall() == [("M1",)]


def test_another_manager_may_not_read_m1s_agenda(cli, seeded):
    result = cli("--db", seeded, "--now", NOW, "--user", "M2", "followups", "--manager", "M1")
    assert result.exit_code == 3 and result.stdout == ""


def test_followups_name_a_campaign_notice_by_the_campaigns_title(cli, seeded):
    from datetime import date, datetime

    from workbench import campaigns, followups

    db = open_db(seeded)
    campaigns.save(db.conn, [campaigns.Campaign("CD1", "大额存单限时发行", "", date(2026, 11, 18), date(2026, 11, 30), "phone")],
                   at=datetime(2026, 11, 18, 9), by_id="S1")
    followups.schedule(db.conn, customer_id="C1", owner_id="M1", due_on=date(2026, 11, 20), at=datetime(2026, 11, 18, 9),
                       purpose="campaign:CD1")
    db.close()
    text = cli("--db", seeded, "--now", NOW, "followups", "--manager", "M1").stdout
    assert any("C1" in line and line.endswith("campaign “大额存单限时发行”") for line in text.splitlines())
    agenda = json.loads(cli("--db", seeded, "--now", NOW, "--lang", "zh_CN", "followups", "--manager", "M1", "--json").stdout)
    assert [(f["campaign_title"], f["purpose_label"]) for f in agenda["today"]] == [("大额存单限时发行", "活动「大额存单限时发行」")]


def test_leads_a_supervisor_sees_every_manager_and_the_pool_a_manager_their_own(cli, seeded):
    db = open_db(seeded)
    add_customer(db, "P1", name="池[b]客户[/b]")
    db.close()
    run_log(cli, seeded, "--customer", "C1", "--result", "reached", "--outcome", "interested", "--manager", "M1")
    run_log(cli, seeded, "--customer", "P1", "--result", "reached", "--outcome", "appointment", "--manager", "M1")
    db = open_db(seeded)
    db.conn.execute("UPDATE customers SET manager_id = NULL WHERE customer_id = 'P1'")   # handed back to the pool
    db.close()
    run_log(cli, seeded, "--customer", "C4", "--result", "reached", "--outcome", "interested", "--manager", "M2",
            "--follow-up", "next-week")
    text = cli("--db", seeded, "--now", NOW, "--user", "S1", "leads").stdout
    assert "Warm leads: 2" in text and "池[b]客户[/b]" in text and "pool" in text and "C4" not in text
    every = json.loads(cli("--db", seeded, "--now", NOW, "--user", "S1", "leads", "--booked", "--json").stdout)
    assert [(w["customer_id"], w["manager_id"], w["score"], w["booked"]) for w in every["leads"]] == [
        ("P1", None, 60, False), ("C1", "M1", 50, False), ("C4", "M2", 50, True)]
    mine = json.loads(cli("--db", seeded, "--now", NOW, "--user", "M1", "leads", "--json").stdout)
    assert [w["customer_id"] for w in mine["leads"]] == ["C1"] and mine["manager_id"] == "M1"
    refused = cli("--db", seeded, "--now", NOW, "--user", "M1", "leads", "--manager", "M2")
    assert refused.exit_code == 3 and refused.stderr == "error: M1 may not act for M2.\n"
    typo = cli("--db", seeded, "--now", NOW, "--user", "S1", "leads", "--manager", "M9")
    assert typo.exit_code != 0 and typo.stderr == "error: Unknown staff member 'M9'.\n" and not typo.stdout
    assert cli("--db", seeded, "--now", NOW, "--user", "M2", "leads").stdout == "No warm leads with nothing booked.\n"
    suggested = cli("--db", seeded, "--now", NOW, "--user", "M1", "followups", "--manager", "M1", "--suggest").stdout
    assert any("C1" in line and "Warm lead (50 points): interested on 2026-11-20 (+50)." in line for line in suggested.splitlines())
