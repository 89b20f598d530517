"""`workbench terminal show`: this terminal's id, and what the database knows of it (only `init` showed the id)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import datetime

import pytest
from factories import seed_branch

from workbench.db import open_db
from workbench.sample import DEFAULT_SEED, generate_sample, seed_terminal_id

NOW = ("--now", "2026-11-20T10:00:00")


def _facts(path) -> tuple[str, str]:
    """(terminal id, the time its first migration was applied, to the minute in local time)."""
    with closing(sqlite3.connect(path)) as conn:
        terminal = conn.execute("SELECT value FROM meta WHERE key = 'terminal_id'").fetchone()[0]
        created = conn.execute("SELECT applied_at FROM schema_migrations ORDER BY version LIMIT 1").fetchone()[0]
    return terminal, datetime.fromisoformat(created).astimezone().strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def staffed(db_path):
    db = open_db(db_path)
    seed_branch(db)   # S1 supervisor, M1 and M2 managers
    db.close()
    return db_path


def test_a_new_database_shows_the_id_it_was_created_with_and_needs_nobody_named(cli, db_path):
    terminal, created = _facts(db_path)
    shown = cli("--db", db_path, *NOW, "terminal", "show")
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.splitlines() == [f"Terminal id: {terminal}", f"Set: when the database was created, on {created}.",
                                         "Outcome entries made under it: 0", "Follow-up changes made under it: 0"]
    assert cli("--db", db_path, *NOW, "terminal", "new-id").exit_code == 0   # nobody's word before a supervisor
    again = cli("--db", db_path, *NOW, "terminal", "show").stdout.splitlines()
    assert again[1:3] == ["Set: on 2026-11-20 10:00, with `workbench terminal new-id`, before the database had a"
                          " supervisor.", f"Earlier id: {terminal} (until 2026-11-20 10:00)"]


def test_any_staff_member_may_see_it_named_and_pin_checked(cli, staffed, monkeypatch):
    nobody = cli("--db", staffed, *NOW, "terminal", "show")
    assert nobody.exit_code == 2 and nobody.stderr == "error: Say who is acting with --user ID (or WORKBENCH_USER).\n"
    assert cli("--db", staffed, *NOW, "--user", "m1", "terminal", "show").exit_code == 0   # a manager too
    monkeypatch.setenv("WORKBENCH_NEW_PIN", "1357")
    assert cli("--db", staffed, *NOW, "--user", "M1", "staff", "pin", "--staff", "M1").exit_code == 0
    wrong = cli("--db", staffed, *NOW, "--user", "M1", "terminal", "show")
    assert wrong.exit_code == 3 and "PIN" in wrong.stderr and not wrong.stdout
    monkeypatch.setenv("WORKBENCH_PIN", "1357")
    assert cli("--db", staffed, *NOW, "--user", "M1", "terminal", "show").exit_code == 0


def test_a_new_id_shows_when_and_by_whom_and_the_earlier_one(cli, staffed):
    first, _created = _facts(staffed)
    assert cli("--db", staffed, *NOW, "--user", "M1", "log", "--customer", "C1", "--result", "no_answer",
               "--follow-up", "+3d").exit_code == 0
    assert cli("--db", staffed, "--now", "2026-11-21T09:30:00", "--user", "S1", "terminal", "new-id").exit_code == 0
    second, _created = _facts(staffed)
    shown = cli("--db", staffed, *NOW, "--user", "M2", "terminal", "show")
    assert shown.stdout.splitlines() == [
        f"Terminal id: {second}", "Set: on 2026-11-21 09:30 by S1, with `workbench terminal new-id`.",
        f"Earlier id: {first} (until 2026-11-21 09:30)",
        "Outcome entries made under it: 0", "Follow-up changes made under it: 0"]   # the call was made under the old id
    chinese = cli("--db", staffed, *NOW, "--lang", "zh_CN", "--user", "M2", "terminal", "show")
    assert chinese.stdout.splitlines() == [
        f"终端编号：{second}", "来源：2026-11-21 09:30 由 S1 用 `workbench terminal new-id` 更换。",
        f"此前的编号：{first}（用到 2026-11-21 09:30）", "以此编号记下的外呼记录：0 条", "以此编号记下的跟进变更：0 条"]
    as_json = json.loads(cli("--db", staffed, *NOW, "--user", "M2", "terminal", "show", "--json").stdout)
    assert as_json == {"terminal_id": second, "set_how": "new_id", "set_at": "2026-11-21T09:30:00", "set_by": "S1",
                       "earlier_ids": [{"terminal_id": first, "until": "2026-11-21T09:30:00"}],
                       "outcomes": 0, "followup_events": 0}


def test_entries_made_under_the_id_are_counted(cli, staffed):
    assert cli("--db", staffed, *NOW, "--user", "M1", "log", "--customer", "C1", "--result", "no_answer",
               "--follow-up", "+3d").exit_code == 0
    shown = json.loads(cli("--db", staffed, *NOW, "--user", "M1", "terminal", "show", "--json").stdout)
    assert (shown["outcomes"], shown["followup_events"], shown["set_how"]) == (1, 1, "created")


def test_the_samples_own_id_and_a_working_copys(cli, tmp_path):
    """The committed sample's id comes from its seed, so every file copied from it shares it; a copy made as a
    working database was given its own, at a time nothing records."""
    seeded, working = tmp_path / "seeded.sqlite", tmp_path / "working.sqlite"
    assert generate_sample(seeded, customers=30).terminal_id == seed_terminal_id(DEFAULT_SEED)
    generate_sample(working, customers=30, new_terminal=True)
    own = cli("--db", seeded, *NOW, "--user", "M001", "terminal", "show").stdout.splitlines()
    assert own[:2] == [f"Terminal id: {seed_terminal_id(DEFAULT_SEED)}",
                       "Set: by the sample's seed; every copy of the sample file shares it until it takes a new one"
                       " with `workbench terminal new-id`."]
    copy = json.loads(cli("--db", working, *NOW, "--user", "M001", "terminal", "show", "--json").stdout)
    assert copy["set_how"] == "sample_copy" and copy["set_at"] is None and copy["terminal_id"] == _facts(working)[0]
    said = cli("--db", working, *NOW, "--lang", "zh_CN", "--user", "M001", "terminal", "show").stdout.splitlines()
    assert said[1] == "来源：复制这份示例数据时生成（未记录时间）。"
