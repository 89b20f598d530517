"""`audit show`: the audit log read by a supervisor, newest first, filtered, in the interface language (codes in
--json); refused attempts name the customer or manager they were about; reading adds nothing to the chain."""

import gc
import json
from datetime import datetime

import pytest
from rich.cells import cell_len

from workbench import audit
from workbench.db import open_db, terminal_id as terminal_of


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


def test_a_customer_import_says_what_became_of_its_rows_as_its_summary_counts_them(cli, branch, tmp_path, monkeypatch):
    """Inserted, updated, unchanged and rejected, and for a full extract the customers made inactive: read from the
    entry's own detail, in both languages; --json keeps the counts as stored."""
    monkeypatch.setenv("COLUMNS", "200")   # each entry on one line
    header = ["客户号", "姓名", "客户经理号", "所属机构", "手机号"]
    extract = tmp_path / "extract.csv"
    extract.write_text("\n".join(",".join(row) for row in [
        header, ["C1", "张伟", "M1", "B1", "13800138001"], ["C3", "陈静", "M1", "B1", "13800138003"],
        ["C4", "黄敏", "M1", "B1", "13800138004"], ["", "无号", "M1", "B1", "13800138005"]]), encoding="utf-8")
    assert run(cli, branch, "21T09:00", "import", "customers", str(extract), user="S1").exit_code == 0
    extract.write_text("\n".join(",".join(row) for row in [
        header, ["C1", "张伟", "M1", "B1", "13800138001"], ["C3", "陈静", "M2", "B1", "13800138003"]]),
        encoding="utf-8")
    assert run(cli, branch, "21T10:00", "import", "customers", str(extract), "--full", "--yes", user="S1").exit_code == 0
    said = " ".join(shown(cli, branch, "--action", "import").split())
    assert "full extract; rows: 2; inserted: 0, updated: 1, unchanged: 1, rejected: 0; made inactive: 1" in said
    assert "partial extract; rows: 4; inserted: 2, updated: 1, unchanged: 0, rejected: 1" in said
    chinese = " ".join(shown(cli, branch, "--action", "import", lang="zh_CN").split())
    assert "全量文件；2 行；新增 0，更新 1，未变 1，拒收 0；停用 1" in chinese
    assert "增量文件；4 行；新增 2，更新 1，未变 0，拒收 1" in chinese and "inserted" not in chinese
    stored = [e["detail"] for e in json.loads(shown(cli, branch, "--action", "import", "--json"))]
    assert [(d["full"], d["rows"], d["inserted"], d["updated"], d["unchanged"], d["rejected"], d["inactivated"])
            for d in stored] == [(True, 2, 0, 1, 1, 0, 1), (False, 4, 2, 1, 0, 1, 0)]


def test_a_cover_and_a_give_back_say_so_with_their_follow_ups(cli, branch):
    """A hand-over for a leave names its last day, the give-back names the manager back from leave, and each says how
    many follow-ups moved, from the entry's own detail, in both languages; a plain hand-over says neither."""
    assert run(cli, branch, "19T09:00", "log", "--customer", "C1", "--result", "no_answer", "--follow-up",
               "2026-11-27").exit_code == 0
    assert run(cli, branch, "20T09:00", "staff", "hand-over", "M1", "--to", "M2", "--until", "2026-12-11",
               user="S1").exit_code == 0
    assert run(cli, branch, "21T09:00", "staff", "give-back", "M1", user="S1").exit_code == 0
    assert run(cli, branch, "21T10:00", "staff", "hand-over", "M2", "--to", "M1", user="S1").exit_code == 0
    english = [" ".join(line.split()) for line in shown(cli, branch, "--action", "hand_over").splitlines()]
    entries = [line for line in english if line.startswith("2026-")]
    assert entries[0].endswith("M2 赵敏 M1 李娜: 1")
    assert entries[1].endswith("M2 赵敏 given back from leave: M1 李娜: 1; 1 follow-up")
    assert entries[2].endswith("M1 李娜 cover until 2026-12-11: M2 赵敏: 1; 1 follow-up")
    chinese = " ".join(shown(cli, branch, "--action", "hand_over", lang="zh_CN").split())
    assert "交还（休假结束）：M1 李娜：1；跟进 1 条" in chinese and "代管至 2026-12-11：M2 赵敏：1；跟进 1 条" in chinese


def test_a_backup_and_a_restore_are_said_in_words_and_found_by_their_action(cli, branch):
    """A backup names its size and terminal, found with --action backup, a backup recorded as an export before backups
    had their own action too (and no longer under --action export); a restore names the backup's terminal and time, the
    new terminal id and the name the database as it was is kept under, never its JSON."""
    db = open_db(branch)
    with db.conn:
        audit.record(db.conn, "export", at=datetime(2026, 11, 19, 18, 0), actor="S1", subject="old.sqlite",
                     detail={"kind": "backup", "bytes": 6914048, "terminal_id": "56368366-5988-4c05-9fe2-d1148b8276af"})
        audit.record(db.conn, "export", at=datetime(2026, 11, 19, 18, 5), actor="S1", subject="o.csv",
                     detail={"kind": "outcomes", "rows": 3})
    before = terminal_of(db)
    db.close()
    saved = branch.parent / "sun.sqlite"
    assert run(cli, branch, "20T18:00", "backup", str(saved), user="M1").exit_code == 0
    backups = [" ".join(line.split()) for line in shown(cli, branch, "--action", "backup").splitlines()
               if line.startswith(" 2026-")]
    assert len(backups) == 2 and all("database backed up" in line for line in backups)
    assert backups[0].endswith(f"sun.sqlite {round(saved.stat().st_size / 1000)} KB; terminal {before[:8]}…")
    assert backups[1].endswith("old.sqlite 6.9 MB; terminal 56368366…")
    assert "old.sqlite" not in shown(cli, branch, "--action", "export") and "o.csv" in shown(cli, branch)
    assert "备份数据库" in shown(cli, branch, "--action", "backup", lang="zh_CN")

    gc.collect()   # the connections of the commands run before in this process, closed as their process would
    assert run(cli, branch, "21T14:00", "restore", str(saved), user="S1").exit_code == 0
    db = open_db(branch)
    now = terminal_of(db)
    db.close()
    kept = f"{branch.name}.before-restore-20261121-140000"
    english = " ".join(shown(cli, branch, "--action", "restore").split())
    assert (f"sun.sqlite backup of terminal {before[:8]}… taken 2026-11-20 18:00; new terminal id {now[:8]}…; the"
            f" database as it was kept as {kept}") in english and "{" not in english
    chinese = " ".join(shown(cli, branch, "--action", "restore", lang="zh_CN").split())
    assert f"终端 {before[:8]}… 于 2026-11-20 18:00 的备份；新终端编号 {now[:8]}…；原数据库保留为 {kept}" in chinese


@pytest.mark.parametrize("columns", [80, 50])
def test_at_a_narrow_console_numbers_keep_their_units_and_names_and_times_stay_whole(cli, branch, monkeypatch,
                                                                                    columns):
    """Where the console leaves the detail too little room beside the other columns it goes under them: a number is
    never parted from its unit or label (2 行, rows: 2), a file's name is whole on its line, a bundle's since-point is
    written as every other time (2026-11-20 10:00, not ISO), and no line is wider than the console."""
    assert run(cli, branch, "20T09:00", "log", "--customer", "C1", "--result", "no_answer").exit_code == 0
    assert run(cli, branch, "20T10:00", "export", "bundle", "--out", str(branch.parent / "first.wbundle"),
               user="S1").exit_code == 0
    assert run(cli, branch, "21T09:00", "log", "--customer", "C2", "--result", "no_answer", user="M2").exit_code == 0
    assert run(cli, branch, "21T10:00", "export", "bundle", "--since", "last", "--out",
               str(branch.parent / "branch-1121.wbundle"), user="S1").exit_code == 0
    assert run(cli, branch, "21T11:00", "export", "outcomes", "--out", str(branch.parent / "november-WLTH.csv"),
               user="S1").exit_code == 0
    monkeypatch.setenv("COLUMNS", str(columns))
    for lang, rows in (("zh_CN", "2 行"), ("en", "rows: 2")):
        said = shown(cli, branch, lang=lang)
        lines = [line.strip() for line in said.splitlines()]
        assert max(cell_len(line) for line in said.splitlines()) <= columns
        assert any(rows in line for line in lines) and any("november-WLTH.csv" in line for line in lines)
        assert any("branch-1121.wbundle" in line for line in lines)
        assert any("2026-11-20 10:00 –" in line for line in lines) and "T10:00" not in said
