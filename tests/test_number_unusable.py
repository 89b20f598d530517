"""A number marked unusable (by a call's line result or by the import) is never presented as dialable: the card
says it is unusable and why, the agenda flags the customer's calls (a visit is still possible), and
followups --json gives the problem's code, its English sentence and its label, in the interface language."""

from __future__ import annotations

import ast
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from factories import seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)
from tui_fixtures import NOW, highlight_option, settle, sync

from workbench import followups
from workbench.db import connect
from workbench.i18n import set_language   # conftest puts English back after each test
from workbench.outcomes import log_outcome
from workbench.screens.app import WorkbenchApp
from workbench.screens.card_text import card_title

ROOT = Path(__file__).resolve().parent.parent


def test_a_follow_up_of_a_customer_whose_number_a_call_marked_unusable_is_flagged(conn):
    call = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-23", at=NOW)
    visit = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-23", at=NOW, channel="visit")
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="no_such_number", at=NOW)
    items = {f.followup_id: f for f in followups.agenda(conn, "M1", NOW.date()).later}
    assert items[visit].number_problem is None                    # a visit needs no number
    flagged = items[call].as_dict()
    assert (flagged["number_problem"], flagged["number_problem_message"]) == (
        "no_such_number", "Last call result: Number does not exist")
    set_language("zh_CN")
    assert items[call].as_dict()["number_problem_label"] == "上次通话：空号"
    assert followups.number_problem_note(items[call].number_problem) == "号码不可用（上次通话：空号），仍可上门拜访。"


def test_the_flag_goes_with_a_correction_that_lifts_the_mark(conn):
    fid = followups.schedule(conn, customer_id="C1", owner_id="M1", due_on="2026-11-23", at=NOW)
    wrong = log_outcome(conn, customer_id="C1", manager_id="M1", line_result="wrong_person", at=NOW)
    assert followups.agenda(conn, "M1", NOW.date()).later[0].number_problem == "Last call result: Wrong person"
    log_outcome(conn, customer_id="C1", manager_id="M1", line_result="no_answer", at=NOW, supersedes=wrong.outcome_id)
    item = followups.agenda(conn, "M1", NOW.date()).later[0]
    assert (item.followup_id, item.number_problem, item.as_dict()["number_problem"]) == (fid, None, None)


@pytest.mark.parametrize("stored, code, chinese", [
    ("Last call result: Suspended", "suspended", "上次通话：停机"),
    ("no phone number in the extract", "no_number", "总行名单中没有电话号码"),
    ("too few digits for a phone number", "invalid_number", "电话号码位数太少"),
    ("not a mainland mobile number in service (unallocated prefix)", "invalid_number", "不是在用的大陆手机号码（号段未分配）"),
    ("a reason nobody wrote down yet", "invalid_number", "a reason nobody wrote down yet"),   # unknown: as stored
])
def test_stored_problems_have_a_code_and_chinese_words(stored, code, chinese):
    assert followups.number_problem(stored) == (code, stored)
    assert followups.number_problem_label(stored, "zh_CN") == chinese


def _problem_literals() -> set[str]:
    """Every sentence the importer, the sample and an erasure store in phone_problem."""
    found: set[str] = set()
    for path in ("workbench/phones.py", "workbench/sample/phones.py"):
        for node in ast.walk(ast.parse((ROOT / path).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "PhoneResult" and len(node.args) >= 4:
                found |= {node.args[3].value} if isinstance(node.args[3], ast.Constant) and node.args[3].value else set()
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):   # phonenumbers' reasons
                if getattr(node.targets[0], "id", "") == "_POSSIBLE_REASONS":
                    found |= {v.value for v in node.value.values}
            elif isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "").startswith("PROBLEM_"):
                found.add(node.value.value)
    from workbench.importing.store import NO_PHONE_COLUMN

    return found | {NO_PHONE_COLUMN, "erased"}


def test_every_problem_the_workbench_stores_is_known_and_translated():
    stored = _problem_literals()
    assert len(stored) >= 12 and stored <= set(followups.STORED_NUMBER_PROBLEMS)
    assert all(followups.number_problem_label(s, "zh_CN") != s for s in stored)


def test_the_card_title_strikes_an_unusable_number_and_says_why():
    set_language("zh_CN")
    title = card_title("陈艳", "3100013094", "130 8807 6024",
                       {"phone_valid": 0, "phone_problem": "Last call result: Number does not exist"})
    assert title.plain == "陈艳  3100013094  130 8807 6024  号码不可用（上次通话：空号）"
    assert any("strike" in str(span.style) for span in title.spans)
    assert card_title("[b]x[/b]", "C1", None, {"phone_valid": 0, "phone_problem": "no phone number"}).plain == (
        "[b]x[/b]  C1  号码不可用（没有电话号码）")
    usable = card_title("陈艳", "C1", "130 8807 6024", {"phone_valid": 1, "phone_problem": None})
    assert usable.plain == "陈艳  C1  130 8807 6024" and not any("strike" in str(s.style) for s in usable.spans)


def rows(screen) -> dict[str, str]:
    options = screen.query_one("#agenda")
    return {option.id: option.prompt.plain for option in (options.get_option_at_index(i) for i in range(options.option_count))}


@sync
async def test_the_agenda_and_the_card_opened_from_it_say_the_number_is_unusable(db_file):
    conn = connect(db_file)
    try:   # C0003 has a call due today (F-0003); the number does not exist
        log_outcome(conn, customer_id="C0003", manager_id="M1", line_result="no_such_number",
                    at=datetime.fromisoformat("2026-11-20T09:00:00"))
    finally:
        conn.close()
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert rows(app.screen)["F-0003"].endswith("号码不可用（上次通话：空号），仍可上门拜访。")
        await highlight_option(pilot, "#agenda", "F-0003")
        await pilot.press("enter")
        await settle(pilot, 5)
        title = str(app.screen.query_one("#card-title").render())
        assert "王芳" in title and "号码不可用（上次通话：空号）" in title
    with sqlite3.connect(db_file) as check:
        assert check.execute("SELECT phone_valid FROM customers WHERE customer_id = 'C0003'").fetchone() == (0,)


def test_the_cli_agenda_says_so_too(cli, db_path):
    from factories import seed_branch
    from workbench.db import open_db

    db = open_db(db_path)
    seed_branch(db)
    followups.schedule(db.conn, customer_id="C1", owner_id="M1", due_on="2026-11-23", at=NOW)
    log_outcome(db.conn, customer_id="C1", manager_id="M1", line_result="suspended", at=NOW)
    db.close()
    shown = cli("--db", db_path, "--now", NOW.isoformat(), "--user", "M1", "--lang", "zh_CN", "followups")
    assert shown.exit_code == 0 and "号码不可用（上次通话：停机），仍可上门拜访。" in shown.stdout
