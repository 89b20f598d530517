"""`workbench settings show|set|unset`: the bank's and each branch's own values, checked, a supervisor's, audited."""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing

import pytest

from sync_data import as_user, branch_file, refusals
from workbench.db import open_db
from workbench.settings import DEFAULTS, load_settings


@pytest.fixture
def branch(db_path):
    """sync_data's branch B1 (S1 supervisor with a PIN, managers M1, M2) and a sub-branch B1-1 under it."""
    branch_file(db_path, pins={"S1": "4321"})
    with closing(sqlite3.connect(db_path)) as c, c:
        c.execute("INSERT INTO branches (branch_id, name, parent_id, level) VALUES ('B1-1', '一分理处', 'B1', 'sub_branch')")
    return db_path


def _shown(cli, path, *args) -> dict:
    result = as_user(cli, path, None, None, "settings", "show", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return {row["key"]: (row["value"], row["source"]) for row in json.loads(result.stdout)}


def _audited(path) -> list[tuple]:
    with sqlite3.connect(path) as c:
        return [(actor, subject, json.loads(detail)) for actor, subject, detail in
                c.execute("SELECT actor, subject, detail FROM audit_log WHERE action = 'setting' ORDER BY seq")]


def test_every_setting_says_what_it_does():
    from workbench.settings import DESCRIPTIONS

    assert set(DESCRIPTIONS) == set(DEFAULTS) and all(text.endswith(".") for text in DESCRIPTIONS.values())


def test_the_maturity_lead_says_it_is_a_roll_over_call_window_shared_with_the_segments(cli, branch):
    # followups._maturities suggests the call for the longer of the two windows (test_followups_care holds it);
    # the description said "days before a maturity that the agenda suggests a call", as if 7 were the window.
    said = {row["key"]: row["description"] for row in json.loads(as_user(cli, branch, None, None, "settings", "show",
                                                                            "--json").stdout)}
    assert said["care.maturity_lead_days"] == ("The agenda suggests a roll-over call, due by the maturity day, for a"
                                               " holding maturing within this many days, or within"
                                               " segments.maturity_within_days when that is longer.")
    zh = {row["key"]: row["description"] for row in json.loads(as_user(cli, branch, None, None, "--lang", "zh_CN",
                                                                          "settings", "show", "--json").stdout)}
    assert "segments.maturity_within_days" in zh["care.maturity_lead_days"] and "承接" in zh["care.maturity_lead_days"]
    named = {key for text in said.values() for key in re.findall(r"\b[a-z]{2,}\.[a-z_]{2,}\b", text)}
    assert named <= set(DEFAULTS)   # a description that names another setting names one there is


def test_show_lists_every_setting_and_where_its_value_comes_from(cli, branch):
    shown = _shown(cli, branch)
    assert set(shown) == set(DEFAULTS) and shown["contact.budget_attempts"] == (3, "default")
    assert as_user(cli, branch, "S1", "4321", "settings", "set", "contact.budget_attempts", "5").exit_code == 0
    assert as_user(cli, branch, "S1", "4321", "settings", "set", "contact.budget_attempts", "2", "--branch", "B1").exit_code == 0
    assert _shown(cli, branch)["contact.budget_attempts"] == (5, "bank")
    assert _shown(cli, branch, "--branch", "B1-1")["contact.budget_attempts"] == (2, "B1")   # the sub-branch inherits
    assert set(_shown(cli, branch, "--changed")) == {"contact.budget_attempts"}
    text = as_user(cli, branch, None, None, "settings", "show", "--changed", "--branch", "B1")
    assert text.exit_code == 0 and "contact.budget_attempts" in text.stdout and "B1" in text.stdout
    assert "dormancy.product_days" not in text.stdout


@pytest.mark.parametrize("columns", [80, 100, 120])
def test_every_setting_name_stays_whole_and_what_it_does_is_read_whole(cli, branch, monkeypatch, columns):
    """At 80 columns what a setting does had 22 cells beside it and split the settings it names
    (contact.budget_attempt / s): below 110 it goes under the setting, at the line's width."""
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = as_user(cli, branch, None, None, "settings", "show").stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert ("what it does" in lines[0]) == (columns >= 110)
    text = " ".join(line.strip() for line in lines)
    for key in DEFAULTS:   # each named whole at a line's start, and wherever a description names it
        assert any(line.startswith(key + " ") for line in lines), key
    assert "in contact.budget_days days" in text and "that contact.budget_attempts counts over" in text
    if columns < 110:
        assert "    The period, in days, that contact.budget_attempts counts over." in [line.rstrip() for line in lines]


def test_changed_shows_only_values_in_force_that_differ_from_the_default(cli, branch):
    for args in (("calllist.daily_target", "40"), ("contact.budget_attempts", "5"),   # 40 is the default
                 ("contact.budget_attempts", "3", "--branch", "B1")):   # B1 back at the default, under a bank of 5
        assert as_user(cli, branch, "S1", "4321", "settings", "set", *args).exit_code == 0
    assert _shown(cli, branch, "--changed") == {"contact.budget_attempts": (5, "bank")}
    assert _shown(cli, branch, "--changed", "--branch", "B1-1") == {}   # listed both before, as stored rows
    table = as_user(cli, branch, None, None, "settings", "show", "--changed", "--branch", "B1-1")
    assert table.exit_code == 0 and table.stdout.endswith(
        "Stored but equal to the default, so not listed: contact.budget_attempts (B1), calllist.daily_target (the bank).\n")
    every = as_user(cli, branch, None, None, "settings", "show")
    assert every.exit_code == 0 and "Stored but equal" not in every.stdout   # without --changed nothing is left out


def test_changed_with_nothing_changed_says_so_in_a_sentence(cli, branch):
    for lang, bank, b1 in (("en", "Every setting of the bank is its default.\n",
                            "Every setting in force at 城东支行 (B1) is its default.\n"),
                           ("zh_CN", "全行的设置均为默认值。\n", "城东支行（B1）的设置均为默认值。\n")):
        shown = [as_user(cli, branch, None, None, "--lang", lang, "settings", "show", "--changed", *where)
                 for where in ((), ("--branch", "B1"))]
        assert [(r.exit_code, r.stdout) for r in shown] == [(0, bank), (0, b1)]
    assert as_user(cli, branch, "S1", "4321", "settings", "set", "contact.budget_attempts", "3", "--branch",
                   "B1-1").exit_code == 0   # its own value, the default's
    named = as_user(cli, branch, None, None, "--lang", "zh_CN", "settings", "show", "--changed", "--branch", "B1-1")
    assert named.stdout == "一分理处（B1-1）的设置均为默认值。\n已保存但与默认值相同，故未列出：contact.budget_attempts (B1-1)。\n"


def test_a_supervisor_sets_and_unsets_and_each_change_is_audited(cli, branch):
    done = as_user(cli, branch, "S1", "4321", "settings", "set", "leads.outcome_points",
                   '{"appointment": 70, "interested": 50}', "--branch", "B1")
    assert done.exit_code == 0, done.stderr
    assert "leads.outcome_points for B1" in done.stdout and "rescore" not in done.stdout   # no score uses it
    conn = open_db(branch).conn
    assert load_settings(conn, "B1")["leads.outcome_points"] == {"appointment": 70, "interested": 50}
    assert load_settings(conn)["leads.outcome_points"] == DEFAULTS["leads.outcome_points"]
    same = as_user(cli, branch, "S1", "4321", "settings", "set", "leads.outcome_points",
                   '{"interested": 50, "appointment": 70}', "--branch", "B1")
    assert same.exit_code == 0 and "nothing changed" in same.stdout
    window = as_user(cli, branch, "S1", "4321", "settings", "set", "contact.window_start", "08:30")   # text needs no quotes
    assert window.exit_code == 0 and load_settings(conn)["contact.window_start"] == "08:30"
    weight = as_user(cli, branch, "S1", "4321", "settings", "set", "priority.weight_tier", "12", "--branch", "B1")
    assert weight.exit_code == 0 and "Every customer is rescored before the next call list" in weight.stdout
    keys = as_user(cli, branch, "S1", "4321", "settings", "set", "app.keymap", '{"outcome": "l", "agenda": "g,ctrl+g"}')
    assert keys.stdout.endswith("The app takes the new keys when it next starts.\n") and "rescore" not in keys.stdout
    back = as_user(cli, branch, "S1", "4321", "settings", "unset", "leads.outcome_points", "--branch", "B1")
    assert back.exit_code == 0 and load_settings(conn, "B1")["leads.outcome_points"] == DEFAULTS["leads.outcome_points"]
    again = as_user(cli, branch, "S1", "4321", "settings", "unset", "leads.outcome_points", "--branch", "B1")
    assert again.exit_code == 0 and "nothing changed" in again.stdout
    assert [(actor, subject, detail["scope"], detail["removed"]) for actor, subject, detail in _audited(branch)] == [
        ("S1", "leads.outcome_points", "B1", False), ("S1", "contact.window_start", "bank", False),
        ("S1", "priority.weight_tier", "B1", False), ("S1", "app.keymap", "bank", False),
        ("S1", "leads.outcome_points", "B1", True)]
    assert _audited(branch)[0][2]["before"] == DEFAULTS["leads.outcome_points"]


@pytest.mark.parametrize("args, says", [
    (("contact.budget_attempts", "three"), "Setting contact.budget_attempts takes a whole number from 1 to 1,000, not \"three\"."),
    (("contact.budget_attempts", "--", "-1"), "a whole number from 1 to 1,000, not -1."),
    (("contact.budget_attempts", "true"), "a whole number from 1 to 1,000, not true."),
    (("contact.budget_days", "999999999999"), "a whole number from 0 to 36,500"),   # would overflow a date
    (("dormancy.product_days", "0"), "a whole number from 1 to 36,500"),   # the engine divides by it
    (("priority.weight_tier", "1e308"), "a number from 0 to 1,000,000"),
    (("priority.weight_tier", "NaN"), "a number from 0 to 1,000,000"),
    (("leads.outcome_points", '{"interested": "fifty"}'), "a table of names to points from 0 to 100"),
    (("leads.outcome_points", '{"interested": -5}'), "a table of names to points from 0 to 100"),
    (("leads.outcome_points", '{"intrested": 50}'), "Setting leads.outcome_points names intrested, which it does not"
                                                    " know; it takes: not_interested, call_back, interested,"),
    (("app.keymap", '{"outcom": "l"}'), "Setting app.keymap names outcom, which it does not know; it takes: accept,"),
    (("app.keymap", '{"outcome": "ctrl l"}'), "a table of binding ids to keys"),
    (("app.keymap", '{"outcome": "l"}', "--branch", "B1"), "app.keymap is set for the bank alone"),
    (("app.keymap", '{"outcome": "f"}'),
     "Setting app.keymap gives f to both Outcome (outcome) and Agenda (agenda) on the call list; give each its own key."),
    (("app.keymap", '{"outcome": "ctrl+q"}'), "gives ctrl+q to both Outcome (outcome) and Quit (quit) on the call list;"),
    (("app.keymap", '{"save": "1"}'), "Setting app.keymap gives 1 to Save (save), but on the outcome form 1 is kept for"
                                      " picking a line result or an outcome; pick another key."),
    (("tiers.lines_fen", "[500, 100]"), "a list of up to 20 amounts in fen, each above the last"),
    (("tiers.lines_fen", "[]"), "a list of up to 20 amounts in fen"),
    (("contact.window_end", "25:00"), "a time of day as HH:MM"),
    (("contact.window_start", "21:00"), "At the bank, contact.window_start (21:00) must be before contact.window_end (20:00)."),
    (("tiers.lines_fen", "[100]", "--branch", "B1"),
     "At B1, segments.high_value_min_tier (2) is above the top tier of tiers.lines_fen (1)."),
    (("tiers.near_next_pct", "100"), "a percentage from 0 to below 100"),
    (("dormancy.asset_drop_pct", "0"), "a percentage above 0 and at most 100"),
    (("segments.dormant_min_score", "100"), "a number above 0 and below 100"),
    (("dormancy.statistical_weight", "1.5"), "a number from 0 to 1"),
    (("contact.budget_attempts", "null"), "A setting cannot be null; `workbench settings unset contact.budget_attempts` removes it."),
    (("no.such", "1"), "Unknown setting 'no.such'"),
    # A negative number is a value for the range check, not an option Click does not know.
    (("contact.budget_attempts", "-1"), "Setting contact.budget_attempts takes a whole number from 1 to 1,000, not -1."),
    (("contact.budget_attempts", "-1", "--branch", "B1"), "takes a whole number from 1 to 1,000, not -1."),
    (("dormancy.statistical_weight", "-0.5"), "a number from 0 to 1"),
    (("contact.budget_attempts", "4", "--branch", "B9"), "Unknown branch 'B9'; the known branches are: B1, B1-1."),
])
def test_a_bad_setting_is_one_sentence_and_writes_nothing(cli, branch, args, says):
    refused = as_user(cli, branch, "S1", "4321", "settings", "set", *args)
    assert refused.exit_code == 2 and says in refused.stderr and refused.stderr.count("\n") == 1
    with sqlite3.connect(branch) as c:
        assert c.execute("SELECT count(*) FROM settings").fetchone() == (0,)
    assert _audited(branch) == []


def test_a_manager_is_refused_and_the_refusal_audited(cli, branch):
    refused = as_user(cli, branch, "M1", None, "settings", "set", "contact.budget_attempts", "9")
    assert refused.exit_code == 3 and "Only a supervisor may change settings" in refused.stderr
    assert refusals(branch) == [("M1", "change settings")]
    assert as_user(cli, branch, "S1", None, "settings", "unset", "contact.budget_attempts").exit_code == 3   # no PIN
    assert load_settings(open_db(branch).conn)["contact.budget_attempts"] == 3
    nobody = as_user(cli, branch, None, None, "settings", "set", "contact.budget_attempts", "9")
    assert nobody.exit_code == 2 and nobody.stderr == (
        "error: Say which supervisor may change settings with --user ID (or WORKBENCH_USER).\n")   # as staff add says


@pytest.mark.parametrize("args", [("contact.budget_attempts", "three"), ("contact.budget_attempts", "null"),
                                  ("no.such", "1"), ("contact.budget_attempts", "4", "--branch", "B9")])
def test_who_is_acting_is_settled_before_the_value_is_looked_at(cli, branch, args):
    nobody = as_user(cli, branch, None, None, "settings", "set", *args)   # was told the value was wrong
    assert nobody.exit_code == 2 and nobody.stderr == (
        "error: Say which supervisor may change settings with --user ID (or WORKBENCH_USER).\n")
    manager = as_user(cli, branch, "M1", None, "settings", "set", *args)   # learnt whether the value would do
    assert manager.exit_code == 3 and manager.stderr == "error: Only a supervisor may change settings; M1 is a manager.\n"
    no_pin = as_user(cli, branch, "S1", None, "settings", "set", *args)
    assert no_pin.exit_code == 3 and "Wrong or missing PIN for S1" in no_pin.stderr
    assert refusals(branch) == [("M1", "change settings")]
    with sqlite3.connect(branch) as c:
        assert c.execute("SELECT count(*) FROM settings").fetchone() == (0,)


def test_a_database_with_no_supervisor_yet_is_set_up_without_one(cli, db_path):
    open_db(db_path).close()
    assert as_user(cli, db_path, "GHOST", None, "settings", "set", "calllist.daily_target", "60").exit_code == 0
    assert load_settings(open_db(db_path).conn)["calllist.daily_target"] == 60
    assert _audited(db_path)[0][0] is None   # nobody's word was checked, so the log names nobody


def test_a_bad_stored_value_stops_commands_with_what_to_do(cli, branch):
    with sqlite3.connect(branch) as c:   # written by hand, past the checks
        c.execute("INSERT INTO settings (scope, key, value) VALUES ('B1', 'leads.threshold', 'fifty')")
    for args in (("calllist", "--manager", "M1"), ("score",)):
        stopped = as_user(cli, branch, "S1", "4321", *args)
        assert stopped.exit_code == 2 and stopped.stderr.count("\n") == 1, stopped.stderr
        assert "The stored setting leads.threshold for B1 is unusable (it is not JSON)" in stopped.stderr
        assert "workbench settings unset" in stopped.stderr
    assert as_user(cli, branch, "S1", "4321", "settings", "unset", "leads.threshold", "--branch", "B1").exit_code == 0
    assert as_user(cli, branch, "S1", "4321", "calllist", "--manager", "M1").exit_code == 0


def test_a_row_stored_before_the_name_checks_keeps_working(cli, branch):
    """A keymap or points table set before unknown names were refused still loads: its unknown names do nothing."""
    with sqlite3.connect(branch) as c:
        c.executemany("INSERT INTO settings (scope, key, value) VALUES ('bank', ?, ?)", [
            ("app.keymap", '{"help": "?", "outcom": "l"}'), ("leads.outcome_points", '{"intrested": 50}')])
    assert as_user(cli, branch, "S1", "4321", "calllist", "--manager", "M1").exit_code == 0
    assert load_settings(open_db(branch).conn)["app.keymap"] == {"help": "?", "outcom": "l"}
    again = as_user(cli, branch, "S1", "4321", "settings", "set", "app.keymap", '{"help": "?", "outcom": "l"}')
    assert again.exit_code == 2 and "names outcom, which it does not know" in again.stderr
    mended = as_user(cli, branch, "S1", "4321", "settings", "set", "app.keymap", '{"help": "?"}')
    assert mended.exit_code == 0, mended.stderr


def test_settings_speak_chinese(cli, branch):
    refused = as_user(cli, branch, "S1", "4321", "--lang", "zh_CN", "settings", "set", "contact.window_end", "25:00")
    assert refused.exit_code == 2 and "HH:MM" in refused.stderr and "时间" in refused.stderr
    shown = as_user(cli, branch, None, None, "--lang", "zh_CN", "settings", "show", "--json")
    said = {row["key"]: row["description"] for row in json.loads(shown.stdout)}
    assert said["contact.cooloff_complaint_days"] == "客户投诉后暂停联系的天数。"
    table = as_user(cli, branch, None, None, "--lang", "zh_CN", "settings", "show")
    assert "默认" in table.stdout and "说明" in table.stdout


def test_doctor_names_a_bad_or_forgotten_setting_and_unset_removes_it(cli, branch):
    with sqlite3.connect(branch) as c:
        c.execute("INSERT INTO settings (scope, key, value) VALUES ('bank', 'contact.budget_days', '-3')")
        c.execute("INSERT INTO settings (scope, key, value) VALUES ('bank', 'old.renamed_key', '1')")
    doctor = as_user(cli, branch, None, None, "doctor", "--json")
    assert doctor.exit_code == 1
    (warning,) = [w for w in json.loads(doctor.stdout)["warnings"] if w["code"] == "setting_unusable"]
    assert "contact.budget_days for the bank is unusable (Setting contact.budget_days takes a whole number" in warning["message"]
    zh = json.loads(as_user(cli, branch, None, None, "--lang", "zh_CN", "doctor", "--json").stdout)["warnings"]
    assert [w["message"] for w in zh if w["code"] == "setting_unusable"] == [warning["message"]]   # English still
    (label,) = [w["message_label"] for w in zh if w["code"] == "setting_unusable"]
    assert label.startswith("保存的设置项 contact.budget_days（全行）") and "不能是 -3）" in label   # was "-3。）"
    for key in ("contact.budget_days", "old.renamed_key"):
        assert as_user(cli, branch, "S1", "4321", "settings", "unset", key).exit_code == 0
    doctor = as_user(cli, branch, None, None, "doctor", "--json")
    assert doctor.exit_code == 0 and not any("setting" in w["code"] for w in json.loads(doctor.stdout)["warnings"])
    with sqlite3.connect(branch) as c:
        assert c.execute("SELECT count(*) FROM settings").fetchone() == (0,)
    gone = as_user(cli, branch, "S1", "4321", "settings", "unset", "old.renamed_key")
    assert gone.exit_code == 2 and "Unknown setting 'old.renamed_key'" in gone.stderr


def test_the_app_does_not_open_on_a_bad_stored_setting(cli, branch):
    with sqlite3.connect(branch) as c:
        # Not a table: a binding the app cannot bind is ignored instead (tests/test_tui_keymap_refused.py).
        c.execute("INSERT INTO settings (scope, key, value) VALUES ('bank', 'app.keymap', '[5]')")
    stopped = as_user(cli, branch, "M1", None, "app")
    assert stopped.exit_code == 2 and "The stored setting app.keymap for the bank is unusable" in stopped.stderr


def test_bad_rows_are_mended_one_at_a_time_even_at_a_branch_gone_from_the_extracts(cli, branch):
    with sqlite3.connect(branch) as c:   # written by hand: two bad rows in one chain, one at an unknown branch
        c.executemany("INSERT INTO settings (scope, key, value) VALUES (?, ?, ?)",
                      [("bank", "leads.threshold", "x"), ("bank", "contact.budget_days", "-1"),
                       ("B999", "leads.threshold", '"y"')])
    mended = as_user(cli, branch, "S1", "4321", "settings", "set", "leads.threshold", "40")
    assert mended.exit_code == 0, mended.stderr
    assert as_user(cli, branch, "S1", "4321", "settings", "unset", "contact.budget_days").exit_code == 0
    assert as_user(cli, branch, "S1", "4321", "settings", "set", "leads.threshold", "1", "--branch", "B999").exit_code == 2
    assert as_user(cli, branch, "S1", "4321", "settings", "unset", "leads.threshold", "--branch", "B999").exit_code == 0
    assert as_user(cli, branch, None, None, "doctor").exit_code == 0
    first = _audited(branch)[0]
    assert first[1] == "leads.threshold" and first[2]["before"] == "x" and first[2]["after"] == 40


def test_a_keymap_clash_is_refused_in_chinese_naming_the_screen(cli, branch):
    refused = as_user(cli, branch, "S1", "4321", "--lang", "zh_CN", "settings", "set", "app.keymap", '{"outcome": "f"}')
    assert refused.exit_code == 2
    assert "设置 app.keymap 让今日外呼名单上的“登记”（outcome）和“日程”（agenda）都用 f 键；请各用各的键。" in refused.stderr
