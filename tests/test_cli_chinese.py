"""The CLI under --lang zh_CN speaks Chinese: refusals, errors and what init, doctor, sample and staff print."""

from __future__ import annotations

import sqlite3

import pytest

from sync_data import branch_file, refusals
from workbench.db import open_db

ZH = ("--lang", "zh_CN", "--now", "2026-11-20T18:00:00")


@pytest.fixture
def branch(db_path):
    """sync_data's branch: S1 supervisor, managers M1 and M2, customers C000 to C005."""
    return branch_file(db_path)


def test_a_supervisors_command_is_refused_in_chinese_and_audited_in_english(cli, branch):
    erase = cli(*ZH, "--db", branch, "--user", "M1", "privacy", "erase", "--customer", "C000", "--yes")
    assert erase.exit_code == 3 and erase.stderr == "错误：只有主管可以删除客户的个人信息；M1 是客户经理。\n"
    pool = cli(*ZH, "--db", branch, "--user", "M2", "pool", "list")
    assert pool.exit_code == 3 and pool.stderr == "错误：只有主管可以查看未分配客户池；M2 是客户经理。\n"
    assert refusals(branch) == [("M1", "erase a customer's personal data (C000)"), ("M2", "see the unassigned pool")]


def test_adding_staff_without_saying_which_supervisor_is_refused_in_chinese(cli, branch):
    result = cli(*ZH, "--db", branch, "staff", "add", "M9", "--name", "周敏")
    assert result.exit_code == 2
    assert result.stderr == "错误：请用 --user ID（或 WORKBENCH_USER）指明由哪位主管来添加员工。\n"


def test_unknown_staff_member_and_customer_are_said_in_chinese(cli, branch):
    nobody = cli(*ZH, "--db", branch, "--user", "X9", "privacy", "erase", "--customer", "C000", "--yes")
    assert nobody.exit_code == 2 and nobody.stderr == "错误：没有工号为 'X9' 的员工。\n"
    unknown = cli(*ZH, "--db", branch, "--user", "S1", "privacy", "erase", "--customer", "C999", "--yes")
    assert unknown.exit_code == 2 and unknown.stderr == "错误：未知客户“C999”。\n"


def test_a_missing_database_is_said_in_chinese(cli, tmp_path):
    path = tmp_path / "nope.sqlite"
    result = cli(*ZH, "--db", path, "doctor")
    assert result.exit_code == 2
    assert result.stderr == f"错误：{path} 处没有数据库；请用 'workbench init' 或 'workbench sample' 创建。\n"


def test_sample_and_init_report_in_chinese(cli, tmp_path):
    path = tmp_path / "sample.sqlite"
    result = cli(*ZH, "sample", "--customers", "10", "--out", path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"示例数据已写入 {path}：") and "名客户经理的 10 名客户" in result.stdout
    assert "随机种子 20261120（用时" in result.stdout and "customers" not in result.stdout
    again = cli(*ZH, "sample", "--customers", "10", "--out", path)
    assert again.exit_code == 2 and again.stderr == f"错误：{path} 已存在；如要替换请加 --force。\n"
    init = cli(*ZH, "--db", tmp_path / "new.sqlite", "init")
    assert init.exit_code == 0 and init.stdout.startswith(f"数据库 {tmp_path / 'new.sqlite'}，结构版本 ")


def test_doctor_reports_in_chinese(cli, db_path):
    db_path.chmod(0o644)
    result = cli(*ZH, "--db", db_path, "doctor")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:2] == [f"数据库：{db_path}", "完整性检查：正常"] and lines[2].startswith("结构版本：")   # not SQLite's "ok"
    assert "  客户：0" in lines and "  外呼记录：0" in lines
    said = "".join(result.stdout.split())   # a long warning is broken into lines, between clauses or at a space
    assert "".join(f"警告：本机的其他用户可以读取 {db_path}；请运行：chmod 600 {db_path}".split()) in said


def test_doctor_gives_a_damaged_files_diagnostic_as_sqlite_words_it(cli, db_path):
    """Only "ok" is translated: what SQLite finds wrong is a diagnostic, for whoever mends the file."""
    conn = sqlite3.connect(db_path)
    conn.executemany("INSERT INTO customers (customer_id, name) VALUES (?, ?)", [(f"C{i:04d}", "王芳") for i in range(500)])
    conn.commit()
    page_size, root = conn.execute("SELECT (SELECT page_size FROM pragma_page_size),"
                                   " (SELECT rootpage FROM sqlite_master WHERE name = 'customers_manager')").fetchone()
    conn.close()
    data = bytearray(db_path.read_bytes())
    data[(root - 1) * page_size + 12:(root - 1) * page_size + 40] = b"\x00\x01" * 14   # its cells point outside the page
    db_path.write_bytes(data)
    diagnostic = sqlite3.connect(db_path).execute("PRAGMA integrity_check").fetchone()[0]
    assert diagnostic != "ok"
    result = cli(*ZH, "--db", db_path, "doctor")
    assert result.exit_code == 1 and "正常" not in result.stdout
    # Said damaged, in the table's name, with SQLite's first finding as SQLite words it (its heading line left out).
    finding = next(line for line in diagnostic.splitlines() if not line.startswith("***"))
    assert f"完整性检查：已损坏（customers）：{finding}" in result.stdout


def test_doctor_lists_unknown_settings_the_chinese_way(cli, db_path):
    conn = sqlite3.connect(db_path)
    conn.executemany("INSERT INTO settings (scope, key, value) VALUES ('bank', ?, '1')", [("old.one",), ("old.two",)])
    conn.commit()
    conn.close()
    said = " ".join(cli(*ZH, "--db", db_path, "doctor").stdout.split())
    assert "警告：以下设置项已不再使用，已被忽略：old.one，old.two；" in said


def test_staff_list_and_set_in_chinese(cli, branch):
    listing = cli(*ZH, "--db", branch, "staff", "list")
    assert listing.exit_code == 0
    assert all(word in listing.stdout for word in ("工号", "姓名", "角色", "在职", "主管", "客户经理"))
    moved = cli(*ZH, "--db", branch, "--user", "S1", "staff", "set", "M2", "--role", "supervisor")
    assert moved.exit_code == 0 and moved.stdout == "M2 角色：客户经理 → 主管\n"
    same = cli(*ZH, "--db", branch, "--user", "S1", "staff", "set", "M2", "--role", "supervisor")
    assert same.stdout == "M2 没有需要更改的内容。\n"


def test_a_broken_audit_log_is_said_in_chinese_and_pins_are_mima(cli, branch, monkeypatch):
    monkeypatch.setenv("WORKBENCH_NEW_PIN", "2468")
    said = cli("--db", branch, *ZH, "--user", "S1", "staff", "pin", "--staff", "S1")
    assert said.exit_code == 0 and said.stdout == "已为 S1 设置密码。\n"
    assert cli("--db", branch, *ZH, "--user", "M1", "report").exit_code == 3   # a refusal: one audit entry
    db = open_db(branch)
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("UPDATE audit_log SET actor = 'M2'")
    db.close()
    broken = cli("--db", branch, *ZH, "audit", "verify")
    assert broken.exit_code == 1 and broken.stderr == "审计日志在第 1 条处断裂：其内容与哈希值不符。\n"
    assert cli("--db", branch, *ZH, "audit", "verify", "--json").stdout.count("its content does not match its hash") == 1


def test_the_reports_follow_up_line_takes_chinese_colons(cli, branch):
    """The report's last line read '到期跟进: 1119  按时完成: 672', half-width colons in Chinese."""
    out = cli("--db", branch, *ZH, "--user", "S1", "report").stdout
    line = out.strip().splitlines()[-1]
    assert line.startswith("到期跟进：") and "按时完成：" in line and ": " not in line
    english = cli("--db", branch, "--user", "S1", "report").stdout.strip().splitlines()[-1]
    assert english.startswith("Follow-ups due: ") and "kept on time: " in english
