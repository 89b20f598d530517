"""`audit show`: the audit log read by a supervisor, newest first, filtered, in the interface language (codes in
--json); refused attempts name the customer or manager they were about; reading adds nothing to the chain."""

import json
from datetime import datetime

import pytest

from workbench import audit
from workbench.db import open_db


@pytest.fixture
def branch(db_path):
    db = open_db(db_path)
    db.execute("INSERT INTO staff (staff_id, name, role) VALUES ('M1', '李娜', 'manager'), ('M2', '赵敏', 'manager'),"
               " ('S1', '王强', 'supervisor')")
    db.execute("INSERT INTO customers (customer_id, name, manager_id) VALUES ('C1', '张伟', 'M1'), ('C2', '刘洋', 'M2')")
    db.close()
    return db_path


def run(cli, path, when, *args, user="M1", lang="en"):
    return cli("--db", path, "--lang", lang, "--now", f"2026-11-{when}:00", "--user", user, *args)


def attempts(cli, path):
    """A manager's four attempts at a supervisor's acts, each refused."""
    for when, args in (("20T09:00", ("privacy", "export", "--customer", "C2", "--out", str(path.parent / "p.json"))),
                       ("20T09:01", ("privacy", "erase", "--customer", "C2", "--yes")),
                       ("21T09:02", ("reassign", "--customer", "C2", "--to", "M1")),
                       ("22T09:03", ("staff", "hand-over", "M2", "--to", "M1"))):
        assert run(cli, path, when, *args).exit_code == 3


def shown(cli, path, *args, lang="en"):
    done = run(cli, path, "22T10:00", "audit", "show", *args, user="S1", lang=lang)
    assert done.exit_code == 0, done.stderr
    return done.stdout


def test_refused_supervisor_acts_name_whom_they_were_about(cli, branch):
    attempts(cli, branch)
    with open_db(branch) as db:
        subjects = [r[0] for r in db.execute("SELECT subject FROM audit_log WHERE action = 'refusal' ORDER BY seq")]
    assert subjects == ["export a customer's personal data (C2)", "erase a customer's personal data (C2)",
                        "reassign customers (C2)", "hand over a manager's customers (M2)"]


def test_a_manager_is_refused_and_the_refusal_is_audited(cli, branch):
    done = run(cli, branch, "20T10:00", "audit", "show")
    assert done.exit_code == 3 and "Only a supervisor may read the audit log" in done.stderr and done.stdout == ""
    listed = json.loads(shown(cli, branch, "--json"))
    assert [(e["actor"], e["action"], e["subject"]) for e in listed] == [("M1", "refusal", "read the audit log")]


def test_json_lists_the_codes_newest_first_filtered(cli, branch):
    attempts(cli, branch)
    assert run(cli, branch, "21T11:00", "log", "--customer", "C1", "--result", "no_answer").exit_code == 0
    about_c2 = json.loads(shown(cli, branch, "--customer", "C2", "--json"))
    assert [e["subject"] for e in about_c2] == ["reassign customers (C2)", "erase a customer's personal data (C2)",
                                                "export a customer's personal data (C2)"]
    assert about_c2[0]["detail"] == {"role": "manager"} and about_c2[0]["action"] == "refusal"
    about_m2 = json.loads(shown(cli, branch, "--staff", "m2", "--json"))   # typed as a person would
    assert [e["subject"] for e in about_m2] == ["hand over a manager's customers (M2)"]
    assert len(json.loads(shown(cli, branch, "--staff", "M1", "--json"))) == 5   # whatever M1 did
    one_day = json.loads(shown(cli, branch, "--since", "2026-11-21", "--until", "2026-11-21", "--json"))
    assert [(e["action"], e["subject"]) for e in one_day] == [("outcome", "C1"), ("refusal", "reassign customers (C2)")]
    assert [e["action"] for e in json.loads(shown(cli, branch, "--action", "outcome", "--json"))] == ["outcome"]
    assert len(json.loads(shown(cli, branch, "--limit", "2", "--json"))) == 2
    assert json.loads(shown(cli, branch, "--customer", "C9", "--json")) == []


def test_text_is_in_the_interface_language_with_names_and_unknown_codes_as_they_are(cli, branch):
    attempts(cli, branch)
    with open_db(branch) as db, db.conn:
        audit.record(db.conn, "some_new_code", at=datetime(2026, 11, 22, 9, 30), actor="S1", subject="C1",
                     detail={"n": 1})
    said = shown(cli, branch, lang="zh_CN")
    lines = [line.strip() for line in said.splitlines() if line.strip()]
    assert lines[2].startswith("2026-11-22 09:30") and "some_new_code" in lines[2] and '{"n": 1}' in lines[2]
    assert "被拒绝：移交客户经理的客户" in said and "M2 赵敏" in said and "身份：客户经理" in said
    assert "被拒绝：删除客户的个人信息" in said and "C2 刘洋" in said and "M1 李娜" in said
    assert "refused" not in said and "personal data" not in said
    english = shown(cli, branch, "--action", "refusal")
    assert "refused: erase a customer's personal data" in english and "as manager" in english


def test_an_erased_customer_is_shown_by_id_and_the_placeholder_and_the_correction_in_words(cli, branch):
    assert run(cli, branch, "20T09:00", "log", "--customer", "C1", "--result", "reached", "--outcome",
               "do_not_call").exit_code == 0
    first = json.loads(shown(cli, branch, "--json"))[0]["detail"]["outcome_id"]
    assert run(cli, branch, "20T09:10", "log", "--customer", "C1", "--result", "reached", "--outcome",
               "not_interested", "--supersedes", first).exit_code == 0
    assert run(cli, branch, "20T09:20", "privacy", "erase", "--customer", "C1", "--yes", user="S1").exit_code == 0
    said = shown(cli, branch, "--customer", "C1", lang="zh_CN")
    assert "张伟" not in said and "C1 （已删除个人信息）" in said
    assert "删除个人信息" in said and "撤销勿扰" in said and f"更正了记录 {first[:8]}" in said
    assert "已接通：要求勿扰" in said and f"已接通：无意向（更正记录 {first[:8]}）" in said


def test_reading_leaves_the_chain_as_it_was_and_bad_dates_are_one_sentence(cli, branch):
    attempts(cli, branch)
    before = json.loads(run(cli, branch, "22T10:00", "audit", "verify", "--json").stdout)
    shown(cli, branch)
    shown(cli, branch, "--json")
    after = json.loads(run(cli, branch, "22T10:00", "audit", "verify", "--json").stdout)
    assert after == before and before["ok"] and before["entries"] == 4
    bad = run(cli, branch, "22T10:00", "audit", "show", "--since", "11/20", user="S1")
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1 and "--since" in bad.stderr
    backwards = run(cli, branch, "22T10:00", "audit", "show", "--since", "2026-11-22", "--until", "2026-11-20", user="S1")
    assert backwards.exit_code == 2 and "--since" in backwards.stderr


def test_an_export_of_full_numbers_says_so_with_its_period_and_manager(cli, branch):
    out = str(branch.parent / "o.csv")
    assert run(cli, branch, "21T09:00", "export", "outcomes", "--out", out, "--include-phone", "--manager", "M2",
               "--since", "2026-11-01", "--until", "2026-11-20", user="S1").exit_code == 0
    assert run(cli, branch, "21T09:05", "export", "outcomes", "--out", out, user="S1").exit_code == 0
    english = [line for line in shown(cli, branch, "--action", "export").splitlines() if "o.csv" in line]
    assert len(english) == 2 and "full phone numbers" not in english[0]
    assert "full phone numbers" in english[1] and "2026-11-01 – 2026-11-20" in english[1] and "manager: M2 赵敏" in english[1]
    chinese = shown(cli, branch, "--action", "export", lang="zh_CN")
    assert chinese.count("完整号码") == 1 and "客户经理：M2 赵敏" in chinese and "0 行" in chinese


def test_a_bundle_export_says_its_rows_per_table(cli, branch):
    assert run(cli, branch, "21T08:00", "log", "--customer", "C1", "--result", "no_answer").exit_code == 0
    assert run(cli, branch, "21T09:00", "export", "bundle", "--out", str(branch.parent / "b.wbundle"),
               user="S1").exit_code == 0
    said = shown(cli, branch, "--action", "export")
    assert "outcomes: 1, follow-up events: 0, changes of manager: 0, erasures: 0" in " ".join(said.split())
