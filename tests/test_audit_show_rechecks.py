"""`audit show` says in words, in both languages, what an extract's entry records of the customers it moved (to another
manager, another branch, with the largest flows) and whose contact blocks it worked out again, and how many blocks a
contact rule's new value or a branch's new parent worked out again."""

from workbench.db import open_db

HEADER = "客户号,姓名,客户经理号,所属机构,手机号\n"


def _run(cli, path, when, *args, user="S1", lang="en"):
    result = cli("--db", path, "--lang", lang, "--now", f"2026-11-{when}:00", "--user", user, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _entries(cli, path, action, lang) -> list[str]:
    """The entries of action, newest first, each on one line."""
    shown = _run(cli, path, "22T10:00", "audit", "show", "--action", action, lang=lang)
    return [" ".join(line.split()) for line in shown.splitlines() if line.strip().startswith("2026-")]


def test_moves_and_rechecked_blocks_are_said_in_words(cli, db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")   # each entry on one line
    db = open_db(db_path)
    db.execute("INSERT INTO staff (staff_id, name, role) VALUES ('S1', '王强', 'supervisor'), ('M1', '李娜', 'manager'),"
               " ('M2', '赵敏', 'manager')")
    db.close()
    extract = tmp_path / "x.csv"
    extract.write_text(HEADER + "C1,张伟,M1,B1,13800138001\nC2,刘洋,M1,B1,13800138002\nC3,陈静,M1,B1,13800138003\n",
                       encoding="utf-8")
    _run(cli, db_path, "20T09:00", "import", "customers", str(extract))
    for customer in ("C1", "C2"):
        _run(cli, db_path, "20T10:00", "log", "--customer", customer, "--result", "no_answer", user="M1")
    extract.write_text(HEADER + "C1,张伟,M2,B2,13800138001\nC2,刘洋,,B2,13800138002\nC3,陈静,M2,B1,13800138003\n",
                       encoding="utf-8")
    _run(cli, db_path, "21T09:00", "import", "customers", str(extract))
    _run(cli, db_path, "21T10:00", "settings", "set", "contact.retry_no_answer_hours", "48", "--branch", "B2")
    _run(cli, db_path, "21T11:00", "branch", "set", "B2", "--parent", "B1")   # B1 has its own value: B2's kept
    _run(cli, db_path, "21T11:05", "settings", "set", "contact.retry_no_answer_hours", "24", "--branch", "B1")
    _run(cli, db_path, "21T11:10", "settings", "unset", "contact.retry_no_answer_hours", "--branch", "B2")
    _run(cli, db_path, "21T11:15", "branch", "set", "B2", "--parent", "")

    english = _entries(cli, db_path, "import", "en")
    assert english[0].endswith("partial extract; rows: 3; inserted: 0, updated: 3, unchanged: 0, rejected: 0; given"
                               " another manager: 2 (M1→M2 (2)); moved to another branch: 2 (B1→B2 (2)); contact"
                               " blocks re-checked: 2")
    assert english[1].endswith("rejected: 0")   # the first import moved nobody
    chinese = _entries(cli, db_path, "import", "zh_CN")
    assert chinese[0].endswith("更换客户经理 2 名（M1→M2 2 名）；转到其他机构 2 名（B1→B2 2 名）；重新核算联系限制 2 名客户")
    assert [line.split(" B2 ", 1)[1] for line in _entries(cli, db_path, "branch_change", "en")] == [
        "level: sub_branch → branch, parent_id: B1 → (none); contact blocks re-checked: 2",
        "level: branch → sub_branch, parent_id: (none) → B1"]   # under B1 its own 48 held
    settings = _entries(cli, db_path, "setting", "zh_CN")
    assert [line.split("contact.retry_no_answer_hours ")[1] for line in settings] == [
        "48 → 24；重新核算联系限制 2 名客户", "4 → 24", "4 → 48；重新核算联系限制 2 名客户"]   # B1's customer: no contact
