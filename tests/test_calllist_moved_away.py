"""A manager who searches for a customer of theirs who has gone to another manager or branch is told whose the customer
is now: after head office moved 徐蕾 from 张晓燕 to 杨海涛 at another sub-branch, 张晓燕's search for her found nothing
and said nothing, and the customer who rang her old manager back could not be helped. Only a customer the search
names exactly (their whole number, or their whole name) and who was the manager's (a contact they logged, a follow-up
they hold or held, a change of manager that took the customer from them) is named: a manager does not browse
another's book by searching it."""

import datetime as dt

import pytest

from engine_rows import TODAY, add_branch, add_customer, add_staff, basic_branch
from sync_data import add_outcome
from tui_fixtures import NOW as APP_NOW, build, log_elsewhere, settle, sync
from workbench import assignments, followups
from workbench.calllist import CallListFilter, left_out, moved_note, not_shown_parts
from workbench.db import connect
from workbench.db.followups import append_event
from workbench.db.meta import terminal_id
from workbench.scoring import rescore
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.widgets.call_table import CallTable

NOW = dt.datetime(2026, 3, 10, 10, 0)


@pytest.fixture
def conn(fresh_db):
    conn = fresh_db.conn
    basic_branch(conn)   # M1 王经理 and M2 李经理 at B1 城东支行
    add_branch(conn, "B2", "城东一分理处")
    add_staff(conn, "M3", "杨海涛", branch_id="B2")
    conn.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('S1', '赵主管', 'supervisor', 'B1')")
    for cid, name, fields in [
        ("C1", "徐蕾", {"manager_id": "M3", "branch_id": "B2"}),   # M1's until head office moved her on 03-01
        ("C2", "张伟", {"manager_id": "M2"}),                      # M1's until a supervisor gave him to M2
        ("C3", "徐蕾蕾", {"manager_id": "M2"}),                    # M2's, never M1's
        ("C4", "王芳", {"manager_id": None}),                      # M1's until sent to the pool
        ("C5", "刘洋", {"manager_id": "M2", "do_not_call": 1, "do_not_call_source": "erasure"}),   # erased
        ("C6", "李娜", {}),                                         # M1's own
    ]:
        add_customer(conn, cid, name=name, last_activity_on="2024-06-01", **fields)
    add_outcome(conn, "C1", "2026-02-17T15:28:00")   # M1's contacts
    add_outcome(conn, "C5", "2026-02-18T10:00:00")
    append_event(conn, followup_id="F1", customer_id="C1", kind="created", at="2026-02-17T15:29:00",
                 terminal_id=terminal_id(conn), by_id="M1", owner_id="M1", due_on="2026-03-12")
    append_event(conn, followup_id="F1", customer_id="C1", kind="reassigned", at="2026-03-01T08:30:00",
                 terminal_id=terminal_id(conn), by_id="S1", owner_id="M3")   # with her, by the extract
    assignments.record(conn, "C2", "M1", "M2", at=dt.datetime(2026, 3, 2, 9, 0), by_id="S1", source="reassign")
    assignments.record(conn, "C4", "M1", None, at=dt.datetime(2026, 3, 3, 9, 0), by_id="S1", source="pool")
    rescore(conn, TODAY)
    return conn


def searched(conn, text: str, manager: str = "M1", *, by_manager: bool = False, limit: int = 0):
    return left_out(conn, manager, NOW, filters=CallListFilter(search=text), by_manager=by_manager, limit=limit)


@pytest.mark.parametrize("lang, said", [
    (None, {"徐蕾": "徐蕾 (C1) is now 杨海涛's, at 城东一分理处 (since 2026-03-01)",
            "C2": "张伟 (C2) is now 李经理's (since 2026-03-02)",
            "王芳": "王芳 (C4) is now in the unassigned pool (since 2026-03-03)"}),
    ("zh_CN", {"徐蕾": "徐蕾（C1）现由城东一分理处的杨海涛负责（自2026-03-01起）",
               "C2": "张伟（C2）现由李经理负责（自2026-03-02起）",
               "王芳": "王芳（C4）现在未分配客户池（自2026-03-03起）"}),
])
def test_a_former_customer_named_exactly_is_said_to_be_whose_now(conn, lang, said):
    for text, sentence in said.items():
        assert [moved_note(m, lang) for m in searched(conn, text).moved] == [sentence]
    # Named, not counted as well: 张伟 is no "match not shown" beside the sentence that names him.
    assert searched(conn, "C2").not_shown == []


def test_no_one_else_is_named_and_a_part_names_no_one(conn):
    assert searched(conn, "徐蕾蕾").moved == []                    # M2's, never M1's: counted, not named
    assert not_shown_parts(searched(conn, "徐蕾蕾").not_shown) == ["1 match not shown: 1 with another manager"]
    assert searched(conn, "徐").moved == searched(conn, "C").moved == []   # a part of a name or a number
    assert searched(conn, "刘洋").moved == []                      # erased: nothing of theirs is left to find
    assert searched(conn, "徐蕾", "M2").moved == []               # never M2's
    assert searched(conn, "李娜").moved == []                      # M1's own, on the list


def test_a_supervisor_has_the_branchs_others_named_already_and_the_other_branchs_from_here(conn):
    as_supervisor = searched(conn, "张伟", by_manager=True, limit=51)
    assert as_supervisor.moved == [] and [m.customer_id for m in as_supervisor.off_list] == ["C2"]
    assert [m.customer_id for m in searched(conn, "徐蕾", by_manager=True, limit=51).moved] == ["C1"]


def test_since_is_left_out_when_nothing_here_says_it(conn):
    conn.execute("DELETE FROM followup_events")
    conn.execute("DELETE FROM followups")
    assert [moved_note(m) for m in searched(conn, "徐蕾").moved] == ["徐蕾 (C1) is now 杨海涛's, at 城东一分理处"]


@pytest.mark.parametrize("lang, said", [
    ("en", "徐蕾 (C1) is now 杨海涛's, at 城东一分理处 (since 2026-03-01)"),
    ("zh_CN", "徐蕾（C1）现由城东一分理处的杨海涛负责（自2026-03-01起）"),
])
def test_calllist_search_says_it_under_the_list_and_beside_the_json(conn, db_path, cli, lang, said):
    conn.commit()
    for json in ((), ("--json",)):
        r = cli("--db", db_path, "--lang", lang, "--now", "2026-03-10T10:00:00", "--user", "M1", "calllist",
                "--search", "徐蕾", *json)
        assert r.exit_code == 0, r.stderr
        printed = r.stderr if json else r.stdout
        assert said in " ".join(printed.split()).replace(" ）", "）"), printed


def shown(screen) -> str:
    line = screen.query_one("#not-shown")
    return " ".join(line.content.plain.split()) if line.display else ""


@pytest.mark.parametrize("lang, said", [
    ("en", "张伟 (C0001) is now 陈静's (since 2026-11-20)"),
    ("zh_CN", "张伟（C0001）现由陈静负责（自2026-11-20起）"),
])
@sync
async def test_the_apps_search_says_whose_a_former_customer_is_now(tmp_path, lang, said):
    """M1's 张伟 (C0001), called by M1 yesterday, given to 陈静 (M2) this morning."""
    path = build(tmp_path / "moved.sqlite")
    log_elsewhere(path, "C0001", "reached", "interested", at=APP_NOW - dt.timedelta(days=1))
    with connect(path) as db:
        followups.reassign_customer(db, "C0001", "M2", at=APP_NOW - dt.timedelta(hours=1), by_id="S1")
    async with WorkbenchApp(path, now=APP_NOW, lang=lang, user="M1").run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CallListScreen)
        for text in ("张伟", "C0001"):
            await pilot.press("slash", *text, "enter")
            await settle(pilot)
            assert screen.query_one(CallTable).total == 0 and shown(screen) == said
            await pilot.press("escape")
            await settle(pilot)
            assert shown(screen) == ""
        await pilot.press("slash", *"张", "enter")   # a part of the name: whose he is stays unsaid
        await settle(pilot)
        assert "陈静" not in shown(screen) and "C0001" not in shown(screen)
