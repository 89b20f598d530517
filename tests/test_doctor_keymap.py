"""doctor names a clashing app.keymap written into the settings table around `settings set`'s check (the app
takes its default keys instead), in either language; one set through `settings set` is never said to clash."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from sync_data import as_user, branch_file


@pytest.fixture
def branch(db_path):
    return branch_file(db_path, pins={"S1": "4321"})


def keymap_warnings(cli, path, *lang) -> tuple[int, list[dict]]:
    doctor = as_user(cli, path, None, None, *lang, "doctor", "--json")
    return doctor.exit_code, [w for w in json.loads(doctor.stdout)["warnings"] if w["code"] == "setting_unusable"]


def test_doctor_names_a_clashing_keymap_in_the_table(cli, branch):
    with closing(sqlite3.connect(branch)) as c, c:
        c.execute("INSERT INTO settings (scope, key, value) VALUES ('bank', 'app.keymap', '{\"outcome\": \"f\"}')")
    code, (warning,) = keymap_warnings(cli, branch)
    assert code == 0   # the database is usable: only the keys fall back
    assert warning["message"].startswith("Setting app.keymap gives f to both Outcome (outcome) and Agenda (agenda) on"
                                         " the call list; give each its own key. Until app.keymap is corrected")
    assert warning["message"].endswith("the app uses its default keys.")
    _code, (chinese,) = keymap_warnings(cli, branch, "--lang", "zh_CN")
    assert chinese["message_label"].startswith("设置 app.keymap 让今日外呼名单上的“登记”（outcome）和“日程”（agenda）都用 f 键")
    assert chinese["message_label"].endswith("工作台使用默认按键。")
    shown = as_user(cli, branch, None, None, "doctor")
    assert "warning: Setting app.keymap gives f to both" in " ".join(shown.stdout.split())


def test_a_keymap_set_through_settings_set_is_not_said_to_clash(cli, branch):
    done = as_user(cli, branch, "S1", "4321", "settings", "set", "app.keymap", '{"outcome": "shift+o", "agenda": "g"}')
    assert done.exit_code == 0, done.stderr
    assert keymap_warnings(cli, branch) == (0, [])
    with closing(sqlite3.connect(branch)) as c, c:   # shift+o is O: given O too, next clashes with it
        c.execute("UPDATE settings SET value = '{\"outcome\": \"shift+o\", \"next\": \"O\"}' WHERE key = 'app.keymap'")
    _code, (warning,) = keymap_warnings(cli, branch)
    assert "gives O to both" in warning["message"]
