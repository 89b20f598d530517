"""A search on the call list that matches customers the list never shows says how many, and why, on a line of
its own under the filters: whose they are named to a supervisor only; nothing said (or read) without a search."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from tui_fixtures import NOW, build, pick, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.widgets.call_table import CallTable


@pytest.fixture
def db_file(tmp_path):
    """M1's 李明 (C0008) with a number a call marked unusable, and four more 李 nobody may call from M1's list."""
    path = build(tmp_path / "hidden.sqlite")
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE customers SET phone_valid = 0, phone_problem = 'Last call result: Suspended', priority = NULL"
                     " WHERE customer_id = 'C0008'")
        conn.executemany(
            "INSERT INTO customers (customer_id, name, phone_e164, phone_valid, manager_id, branch_id, do_not_call)"
            " VALUES (?, ?, ?, ?, ?, 'B1', ?)",
            [("C0101", "李四", "+8613900000101", 1, "M2", 0), ("C0102", "李五", "+8613900000102", 1, None, 0),
             ("C0103", "李六", "+8613900000103", 1, "M1", 1), ("C0104", "李七", "+8613900000104", 0, "M1", 0)])
    return path


def shown(screen) -> str:
    line = screen.query_one("#not-shown")
    return " ".join(line.content.plain.split()) if line.display else ""


async def search(pilot, text: str) -> None:
    await pilot.press("slash", *text, "enter")
    await settle(pilot)


@pytest.mark.parametrize(("lang", "said"), [
    # M1's own three are drawn below the list (off it, with why): the line counts the others only.
    ("en", "2 more matches not shown: 1 with another manager, 1 in the unassigned pool"),
    ("zh_CN", "另有未列出的匹配客户2位：属其他客户经理1位，在未分配客户池1位"),
])
@sync
async def test_a_search_finding_nobody_to_call_says_why(db_file, lang, said):
    async with WorkbenchApp(db_file, now=NOW, lang=lang, user="M1").run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CallListScreen) and shown(screen) == ""   # no search, nothing to explain
        await search(pilot, "李")
        assert screen.query_one(CallTable).total == 0
        assert shown(screen) == said
        assert "陈静" not in shown(screen) and "M2" not in shown(screen)   # whose: a manager is not told
        await pilot.press("escape")
        await settle(pilot)
        assert shown(screen) == "" and not screen.hidden


@sync
async def test_customer_numbers_and_phone_tails_are_explained_as_the_list_searches_them(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        await search(pilot, "张伟")   # on the list: nothing to explain
        assert screen.query_one(CallTable).total == 1 and shown(screen) == ""
        await search(pilot, "C000")   # a short list: C0001…C0009 but 李明 (C0008), whose number a call marked unusable
        assert screen.query_one(CallTable).total == 8
        assert shown(screen) == "" and screen.query_one(CallTable).off_list[0].reason == "number_unusable"   # drawn
        await search(pilot, "C010")
        assert screen.query_one(CallTable).total == 0
        assert shown(screen) == "2 more matches not shown: 1 with another manager, 1 in the unassigned pool"
        await search(pilot, "0104")   # a phone's tail, and C0104's unusable number: drawn below the list
        assert shown(screen) == "" and [m.customer_id for m in screen.query_one(CallTable).off_list] == ["C0104"]


@sync
async def test_a_supervisor_is_told_whose_they_are(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="S1").run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pick(pilot, "M1")
        screen = pilot.app.screen
        await search(pilot, "李")   # all five drawn below the list, whose each is said there: nothing more to count
        assert shown(screen) == "" and len(screen.query_one(CallTable).off_list) == 5


@sync
async def test_the_line_breaks_between_reasons(db_file):
    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(60, 24)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        await search(pilot, "李")
        line = screen.query_one("#not-shown")
        rows = ["".join(s.text for s in row).rstrip() for row in line.render_lines(line.region.reset_offset)]
        assert len(rows) == 2 and rows[0].endswith(",") and all(len(row) <= 60 for row in rows), rows


@pytest.fixture
def many_managers(tmp_path):
    """Ten more managers with six 李 each, and M1's 55 李 who asked not to be called, 2 without marketing consent and
    1 whose number is unusable: the first 50 of M1's are drawn below the list, the rest only counted."""
    path = build(tmp_path / "many_managers.sqlite")
    names = ["周一", "吴二", "郑三", "王四", "冯五", "陈六", "褚七", "卫八", "蒋九", "沈十"]
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.executemany("INSERT INTO staff (staff_id, name, role, branch_id) VALUES (?, ?, 'manager', 'B1')",
                         [(f"M{n + 3}", name) for n, name in enumerate(names)])
        rows = [(f"M{n + 3}", 0, 1, 1) for n in range(len(names)) for _ in range(6)]
        rows += [("M1", 1, 1, 1)] * 55 + [("M1", 0, 0, 1)] * 2 + [("M1", 0, 1, 0)]
        conn.executemany(
            "INSERT INTO customers (customer_id, name, phone_e164, manager_id, branch_id, do_not_call, consent,"
            " phone_valid) VALUES (?, ?, ?, ?, 'B1', ?, ?, ?)",
            [(f"C{n + 200:04d}", f"李{n:03d}", f"+86139{n + 200:08d}", *row) for n, row in enumerate(rows)])
    return path


@pytest.mark.parametrize(("lang", "said"), [
    ("en", ["68 more matches not shown: 60 with another manager, 5 do not call,",
            "2 no marketing consent, 1 number unusable"]),
    ("zh_CN", ["另有未列出的匹配客户68位：属其他客户经理60位，要求勿扰5位，未授权营销2位，", "号码不可用1位"]),
])
@sync
async def test_a_supervisors_breakdown_by_manager_too_long_for_two_lines_is_folded_the_other_reasons_kept(
        many_managers, lang, said):
    async with WorkbenchApp(many_managers, now=NOW, lang=lang, user="S1").run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pick(pilot, "M1")
        screen = pilot.app.screen
        await search(pilot, "李")
        line = screen.query_one("#not-shown")
        rows = ["".join(s.text for s in row).strip() for row in line.render_lines(line.region.reset_offset)]
        assert rows == said, rows
        assert "周一" not in shown(screen)
        await pilot.resize_terminal(160, 24)   # room for every manager: named each
        await settle(pilot)
        assert "6 with 周一" in shown(screen) or "属周一6位" in shown(screen)
        await pilot.resize_terminal(30, 24)   # not even room for the reasons: the total alone
        await settle(pilot)
        assert shown(screen) in ("68 more matches not shown", "另有未列出的匹配客户68位")
