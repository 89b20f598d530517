"""doctor compares the indexes, triggers and views of the file with those the migrations make in a fresh database and
warns `schema_altered` naming each one missing or changed: with the audit log's and outcome log's append-only triggers
dropped it said "Integrity: ok" and nothing else (review)."""

from __future__ import annotations

import gc
import json
import shutil
import sqlite3
from contextlib import closing

import pytest

DROPPED = ("audit_no_update", "audit_no_delete", "outcomes_no_delete", "outcomes_no_rewrite")


def alter(path, *statements: str) -> None:
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        for sql in statements:
            conn.execute(sql)


def doctor(cli, path, *options: str, lang: str = "en"):
    path.chmod(0o600)   # no warning that others may read it
    return cli("--db", path, "--lang", lang, "doctor", *options)


def warnings(cli, path) -> list[dict]:
    done = doctor(cli, path, "--json")
    assert done.exit_code == 0, done.stderr
    return json.loads(done.stdout)["warnings"]


def test_a_fresh_database_and_one_in_use_are_not_said_to_be_altered(cli, db_path, db_file):
    assert warnings(cli, db_path) == [] and warnings(cli, db_file) == []


@pytest.mark.parametrize("lang, said", [
    ("en", "warning: the schema was altered outside the workbench (trigger audit_no_delete missing, trigger"
           " audit_no_update missing, trigger outcomes_no_delete missing and trigger outcomes_no_rewrite missing):"
           " triggers keep the audit log and the outcome log append-only, and one added changes the data unseen;"
           " restore the file from a backup taken before the change (`workbench restore`), which loses what was done"
           " here after that backup but for what the other desks' bundles bring back."),
    ("zh_CN", "警告：数据库结构在工作台之外被改动（触发器 audit_no_delete 缺失、触发器 audit_no_update 缺失、触发器"
              " outcomes_no_delete 缺失和触发器 outcomes_no_rewrite 缺失）：审计日志和外呼记录靠触发器保证只能追加，"
              "外加的触发器则会暗中改动数据；请用改动之前的备份恢复该文件（`workbench restore`），但该备份之后在本终端"
              "所做的操作会丢失，只有其他终端的同步包能带回其中的一部分。"),
])
def test_the_logs_append_only_triggers_dropped_are_named(cli, db_file, lang, said):
    alter(db_file, *(f"DROP TRIGGER {name}" for name in DROPPED))
    done = doctor(cli, db_file, lang=lang)
    assert done.exit_code == 0 and "".join(said.split()) in "".join(done.stdout.split())
    assert [w["code"] for w in warnings(cli, db_file)] == ["schema_altered"]


def test_a_trigger_made_again_to_do_nothing_and_an_index_dropped_are_named(cli, db_file):
    with closing(sqlite3.connect(db_file)) as conn:
        index = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                             " ORDER BY name").fetchone()[0]
    alter(db_file, "DROP TRIGGER audit_no_update",
          "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log BEGIN SELECT 1; END", f"DROP INDEX {index}")
    message = warnings(cli, db_file)[0]["message"]
    assert f"index {index} missing" in message and "trigger audit_no_update changed" in message
    assert "audit_no_delete" not in message


EVIL = ("CREATE TRIGGER evil AFTER INSERT ON outcomes BEGIN UPDATE customers SET do_not_call = 1"
        " WHERE customer_id = new.customer_id; END")


@pytest.mark.parametrize("lang, said", [("en", "trigger evil added"), ("zh_CN", "触发器 evil 为新增")])
def test_a_trigger_added_alone_is_named_and_a_restore_advised_with_what_it_loses(cli, db_file, lang, said):
    """An added trigger changes the data unseen (each customer called marked do-not-call): named though nothing is
    missing, with the advice to restore and what a restore loses, ending with a full stop."""
    alter(db_file, EVIL)
    done = doctor(cli, db_file, lang=lang)
    shown = "".join(done.stdout.split())
    assert done.exit_code == 0 and "".join(said.split()) in shown
    assert ("workbenchrestore" in shown and ("loseswhatwasdonehere" in shown or "操作会丢失" in shown)
            and shown.endswith(("back.", "一部分。")))
    assert [w["code"] for w in warnings(cli, db_file)] == ["schema_altered"]


@pytest.mark.parametrize("lang, end", [("en", "(keep a copy of the file first)."), ("zh_CN", "（请先留一份文件副本）。")])
def test_indexes_dropped_or_added_alone_are_put_right_by_the_statements_doctor_gives(cli, db_file, lang, end):
    """An index holds no data: no restore is advised, but the statements that make the missing one again and drop
    the added one, which leave the file as the migrations make it."""
    with closing(sqlite3.connect(db_file)) as conn:
        index, sql = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                                  " ORDER BY name").fetchone()
    alter(db_file, f"DROP INDEX {index}", "CREATE INDEX my_extra ON customers (name)")
    done = doctor(cli, db_file, lang=lang)
    shown = " ".join(done.stdout.split())
    assert f"index {index} missing" in shown or f"索引 {index} 缺失" in shown
    assert "index my_extra added" in shown or "索引 my_extra 为新增" in shown
    assert "restore" not in shown and "恢复该文件" not in shown and shown.endswith(end)
    statements = shown.split(f"sqlite3 {db_file} \"")[1].split('"')[0]
    assert statements == f"{' '.join(sql.split())}; DROP INDEX my_extra"
    alter(db_file, *statements.split("; "))
    assert warnings(cli, db_file) == []


def test_a_backup_says_it_carries_the_alteration_and_a_restore_refuses_it_unless_forced(cli, db_file, tmp_path):
    """`backup` of an altered file says the copy carries it; `restore` of that copy refuses in one sentence, leaving
    the database as it was and nothing beside it, and with --force restores it, saying so."""
    alter(db_file, EVIL)
    saved = tmp_path / "altered.sqlite"
    done = cli("--db", db_file, "--now", "2026-11-20T10:00:00", "--user", "S1", "backup", saved)
    assert done.exit_code == 0 and "the backup carries that" in done.stdout and "trigger evil added" in done.stdout
    healthy = tmp_path / "healthy.sqlite"
    shutil.copy(db_file, healthy)
    alter(healthy, "DROP TRIGGER evil")
    before = healthy.read_bytes()
    gc.collect()   # the connections of the commands run before in this process, closed as their process would
    refused = cli("--db", healthy, "--now", "2026-11-20T11:00:00", "--user", "S1", "restore", saved)
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1 and "trigger evil added" in refused.stderr
    assert "nothing was restored" in refused.stderr and "--force" in refused.stderr
    assert healthy.read_bytes() == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".part") or "before-restore" in p.name]
    chinese = cli("--db", healthy, "--lang", "zh_CN", "--now", "2026-11-20T11:00:00", "--user", "S1", "restore", saved)
    assert chinese.exit_code == 2 and "触发器 evil 为新增" in chinese.stderr and "没有恢复任何内容" in chinese.stderr
    gc.collect()
    forced = cli("--db", healthy, "--now", "2026-11-20T11:00:00", "--user", "S1", "restore", saved, "--force")
    assert forced.exit_code == 0 and "carries its schema as altered" in forced.stdout
    with closing(sqlite3.connect(healthy)) as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'evil'").fetchone()[0] == 1
