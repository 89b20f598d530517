"""Handing a manager's customers over from the app: the plan first, one y/n, one transaction."""

from __future__ import annotations

import re
import sqlite3

import pytest
from textual.widgets import Static

from tui_fixtures import NOW, build, highlight_option, option_ids, pressed, printed, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.commands import WorkbenchCommands
from workbench.screens.confirm import ConfirmScreen
from workbench.screens.hand_over import TO_ALL, TO_POOL, HandOverScreen
from workbench.screens.who_am_i import WhoAmIScreen


@pytest.fixture
def path(tmp_path):
    """The TUI fixtures' branch: 李娜 (M1) and 陈静 (M2), supervisor S1."""
    return build(tmp_path / "hand.sqlite")


def managers_of(path) -> dict:
    with sqlite3.connect(path) as c:
        return dict(c.execute("SELECT coalesce(manager_id, 'pool'), count(*) FROM customers GROUP BY 1"))


def plain(widget: Static) -> str:
    return printed(widget, 80)


async def hand_over_screen_for(pilot, manager: str) -> HandOverScreen:
    """As supervisor S1, highlight the manager on the list of managers and press h."""
    await highlight_option(pilot, "#staff", manager)
    return await pressed(pilot, HandOverScreen, "h")


@sync
async def test_a_supervisor_hands_one_managers_customers_to_another_after_seeing_the_plan(path):
    before = managers_of(path)
    app = WorkbenchApp(path, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await hand_over_screen_for(pilot, "M1")
        assert "Hand over the customers of 李娜 to:" in plain(screen.query_one("#hand-over-title"))
        plan = plain(screen.query_one("#hand-over-plan"))
        assert f"→ 陈静  M2  {before['M1']} of 李娜's customers · 1 million yuan · 1 follow-up" in plan.splitlines()
        assert managers_of(path) == before                          # the plan is a dry run
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert f"Hand over {before['M1']} customers of 李娜 to 陈静 (M2)?" in plain(app.screen.query_one("#confirm-question"))
        await pilot.press("y")
        await settle(pilot, 5)
        assert isinstance(app.screen, WhoAmIScreen)
        assert any(f"Handed over {before['M1']} customers of 李娜." == n.message for n in app._notifications)
    moved = before["M1"]
    assert managers_of(path) == {**{k: v for k, v in before.items() if k != "M1"}, "M2": before["M2"] + moved}
    with sqlite3.connect(path) as c:
        assert c.execute("SELECT actor, subject FROM audit_log WHERE action = 'hand_over'").fetchall() == [("S1", "M1")]


def staff_active(path, staff_id: str) -> bool:
    with sqlite3.connect(path) as c:
        return bool(c.execute("SELECT active FROM staff WHERE staff_id = ?", (staff_id,)).fetchone()[0])


@sync
async def test_a_leaver_s_customers_go_back_to_the_pool_and_the_leaver_is_marked_left(path):
    before = managers_of(path)
    app = WorkbenchApp(path, now=NOW, lang="zh_CN", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await hand_over_screen_for(pilot, "M1")
        await pilot.press("l")
        await highlight_option(pilot, "#takers", TO_POOL)
        assert "李娜离职：" in plain(screen.query_one("#hand-over-leave"))
        assert f"→ 未分配客户池  李娜的 {before['M1']} 名客户 · 100万元 · 1 条跟进" in plain(screen.query_one("#hand-over-plan"))
        # F-0003 (C0003) stays pending: the supervisor is told it becomes theirs, as the CLI says.
        assert "移入客户池的客户，其待办跟进暂由 S1 负责" in plain(screen.query_one("#hand-over-plan"))
        await pilot.press("enter", "y")
        await settle(pilot, 5)
        assert isinstance(app.screen, WhoAmIScreen)
        # The leaver is gone from the list of managers the supervisor picks from.
        options = app.screen.query_one("#staff")
        assert "M1" not in option_ids(options)
    assert managers_of(path)["pool"] == before.get("pool", 0) + before["M1"] and not staff_active(path, "M1")


@sync
async def test_escape_or_no_changes_nothing_and_a_refused_plan_cannot_be_carried_out(path):
    from datetime import datetime

    from workbench.db import connect
    from workbench.staffing import StaffChange, change_staff

    before = managers_of(path)
    app = WorkbenchApp(path, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await hand_over_screen_for(pilot, "M1")
        await pilot.press("enter", "n")
        await settle(pilot)
        assert app.screen is screen
        # Meanwhile another terminal marks 陈静 as left: the plan, made again, is refused and enter does nothing.
        conn = connect(path)
        with conn:
            conn.execute("UPDATE customers SET manager_id = NULL WHERE manager_id = 'M2'")
        change_staff(conn, "M2", StaffChange(active=False), at=datetime(2026, 11, 20, 9), by_id="S1")
        conn.close()
        await pilot.press("l", "l")
        await settle(pilot)
        refusal = plain(screen.query_one("#hand-over-plan"))
        assert "M2" in refusal and "→" not in refusal
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WhoAmIScreen)
    assert managers_of(path)["M1"] == before["M1"] and staff_active(path, "M1")


@sync
async def test_hand_over_is_a_supervisors_key_on_the_list_of_managers_only(path):
    app = WorkbenchApp(path, now=NOW, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WhoAmIScreen)
        assert "Hand over" not in str(app.screen.query_one("KeyBar").render())
        await pilot.press("h")                  # at sign-in: nobody's customers to hand over
        await settle(pilot)
        assert isinstance(app.screen, WhoAmIScreen)
        assert "Staff: hand over the highlighted manager's customers" not in palette(app)


@sync
async def test_the_palette_offers_the_hand_over_on_the_list_of_managers(path):
    app = WorkbenchApp(path, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await highlight_option(pilot, "#staff", "M2")
        (hand_over,) = [action for title, action, _h in WorkbenchCommands(app.screen)._commands()
                        if title == "Staff: hand over the highlighted manager's customers"]
        hand_over()
        await settle(pilot)
        assert isinstance(app.screen, HandOverScreen) and app.screen.giver.staff_id == "M2"


def palette(app) -> list[str]:
    return [title for title, _action, _help in WorkbenchCommands(app.screen)._commands()]


@sync
async def test_only_the_option_the_highlight_rests_on_is_planned_and_a_failed_plan_keeps_the_app_up(path, monkeypatch):
    from textual.widgets import OptionList

    planned = []
    real = HandOverScreen._hand_over

    def counted(self, conn, choice, leave, *, dry_run=False):
        planned.append(choice)
        return real(self, conn, choice, leave, dry_run=dry_run)

    monkeypatch.setattr(HandOverScreen, "_hand_over", counted)
    app = WorkbenchApp(path, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await hand_over_screen_for(pilot, "M1")
        takers = screen.query_one("#takers", OptionList)
        planned.clear()
        for _ in range(2):   # the arrow keys over both options and back, faster than a plan
            await pilot.press("down")
            await pilot.press("up")
        await settle(pilot)
        assert planned == [takers.get_option_at_index(takers.highlighted).id]
        with sqlite3.connect(path) as c:   # a damaged file: the plan cannot be read
            c.execute("DROP TABLE followup_events")
        await pilot.press("down")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, HandOverScreen)
        assert "no such table" in plain(screen.query_one("#hand-over-plan"))


@sync
async def test_sharing_among_all_the_others_deals_the_customers_to_every_other_manager(path):
    with sqlite3.connect(path) as c:
        c.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('M3', '王强', 'manager', 'B1')")
    before = managers_of(path)
    app = WorkbenchApp(path, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await hand_over_screen_for(pilot, "M1")
        await highlight_option(pilot, "#takers", TO_ALL)
        await settle(pilot, 3)
        plan = plain(screen.query_one("#hand-over-plan"))
        shares = {m: int(n) for m, n in re.findall(r"→ \S+  (M\d)  (\d+) of 李娜's customers", plan)}
        assert set(shares) == {"M2", "M3"} and sum(shares.values()) == before["M1"] and min(shares.values()) > 0
        await pilot.press("enter", "y")
        await settle(pilot, 5)
        assert isinstance(app.screen, WhoAmIScreen)
    after = managers_of(path)
    assert "M1" not in after
    assert {m: after[m] - before.get(m, 0) for m in ("M2", "M3")} == shares   # as the plan said
    with sqlite3.connect(path) as c:
        assert c.execute("SELECT actor, subject FROM audit_log WHERE action = 'hand_over'").fetchall() == [("S1", "M1")]


@sync
async def test_keys_pressed_while_the_hand_over_runs_change_nothing(path, monkeypatch):
    import threading

    release, real = threading.Event(), HandOverScreen._hand_over

    def slow(self, conn, choice, leave, *, dry_run=False):
        if not dry_run:
            release.wait(10)   # a large branch's hand-over takes seconds
        return real(self, conn, choice, leave, dry_run=dry_run)

    monkeypatch.setattr(HandOverScreen, "_hand_over", slow)
    app = WorkbenchApp(path, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await hand_over_screen_for(pilot, "M1")
        await pilot.press("enter", "y")
        await pilot.pause(0.3)   # not settle: that waits for the hand-over held above
        await pilot.press("l", "down")
        await pilot.pause(0.5)   # longer than a plan's rest (PLAN_AFTER)
        assert not screen.leave and plain(screen.query_one("#hand-over-plan")).strip() == "Handing over…"
        release.set()
        await settle(pilot, 5)
        assert isinstance(app.screen, WhoAmIScreen)
    assert managers_of(path).get("M1") is None and staff_active(path, "M1")


@sync
async def test_a_hand_over_whose_screen_closes_before_its_thread_returns_is_done(path, monkeypatch):
    # The screen closes on the worker's message, which can land before the worker's thread has returned:
    # closing cancels the worker then, with its transaction already committed. CI once met this by chance.
    import time

    from workbench.screens.hand_over import HandedOver

    real_post, real_hand_over = HandOverScreen.post_message, HandOverScreen._hand_over

    def slow(self, conn, choice, leave, *, dry_run=False):
        if not dry_run:
            time.sleep(0.5)   # still running when the test starts to wait for it
        return real_hand_over(self, conn, choice, leave, dry_run=dry_run)

    def late(self, message):
        posted = real_post(self, message)
        if isinstance(message, HandedOver):
            time.sleep(0.5)   # the thread is still inside the worker while the screen closes
        return posted

    monkeypatch.setattr(HandOverScreen, "_hand_over", slow)
    monkeypatch.setattr(HandOverScreen, "post_message", late)
    app = WorkbenchApp(path, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await hand_over_screen_for(pilot, "M1")
        await pilot.press("enter", "y")
        await settle(pilot, 5)
        assert isinstance(app.screen, WhoAmIScreen)
    assert managers_of(path).get("M1") is None


@sync
async def test_coming_back_from_the_hand_over_keeps_the_highlighted_manager(path):
    app = WorkbenchApp(path, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await hand_over_screen_for(pilot, "M2")
        await pilot.press("escape")
        await settle(pilot)
        options = app.screen.query_one("#staff")
        assert isinstance(app.screen, WhoAmIScreen) and options.get_option_at_index(options.highlighted).id == "M2"


def question(app) -> str:
    assert isinstance(app.screen, ConfirmScreen)
    return " ".join(plain(app.screen.query_one("#confirm-question")).split())


@pytest.mark.parametrize("lang, to_one, to_pool_leaving, shared", [
    ("en", "Hand over {n} customers of 李娜 to 陈静 (M2)?",
     "Hand over {n} customers of 李娜 to their branch's unassigned pool and mark 李娜 as left?",
     "Hand over {n} customers of 李娜 to 陈静 (M2), 王强 (M3) and [b]周杰[/b] (M4)?"),
    ("zh_CN", "将李娜的 {n} 名客户移交给陈静（M2）？",
     "将李娜的 {n} 名客户移交给所属机构的未分配客户池，并将李娜标记为离职？",
     "将李娜的 {n} 名客户移交给陈静（M2）、王强（M3）和[b]周杰[/b]（M4）？"),
])
@sync
async def test_the_question_says_where_the_customers_go_and_whether_the_manager_leaves(path, lang, to_one,
                                                                                         to_pool_leaving, shared):
    with sqlite3.connect(path) as c:   # a name that looks like markup is shown as it is
        c.executemany("INSERT INTO staff (staff_id, name, role, branch_id) VALUES (?, ?, 'manager', 'B1')",
                      [("M3", "王强"), ("M4", "[b]周杰[/b]")])
    n = managers_of(path)["M1"]
    app = WorkbenchApp(path, now=NOW, lang=lang, user="S1")
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await hand_over_screen_for(pilot, "M1")
        await pilot.press("enter")
        await settle(pilot)
        assert question(app) == to_one.format(n=n)
        await pilot.press("n")
        await pilot.press("l")
        await highlight_option(pilot, "#takers", TO_POOL)
        await pilot.press("enter")
        await settle(pilot)
        assert question(app) == to_pool_leaving.format(n=n)
        await pilot.press("n")
        await pilot.press("l")   # stays
        await highlight_option(pilot, "#takers", TO_ALL)
        await pilot.press("enter")
        await settle(pilot)
        assert question(app) == shared.format(n=n)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen
    assert managers_of(path)["M1"] == n and staff_active(path, "M1")   # nothing was done


@sync
async def test_a_manager_without_customers_is_asked_about_as_leaving(path):
    with sqlite3.connect(path) as c:
        c.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('M3', '王强', 'manager', 'B1')")
    app = WorkbenchApp(path, now=NOW, lang="zh_CN", user="S1")
    async with app.run_test(size=(120, 30)) as pilot:
        await hand_over_screen_for(pilot, "M3")
        await pilot.press("enter")   # staying, with nothing to hand over: nothing to ask
        await settle(pilot)
        assert isinstance(app.screen, HandOverScreen)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert question(app) == "将王强标记为离职？其名下没有需移交的客户。"


@sync
async def test_the_chinese_question_at_80_columns_breaks_as_chinese_is_typeset(path):
    from textual.geometry import Region

    from workbench.text_wrap import NO_LINE_END, NO_LINE_START

    with sqlite3.connect(path) as c:   # names that put a "）" where Textual's own wrapping broke the line
        c.executemany("INSERT INTO staff (staff_id, name, role, branch_id) VALUES (?, ?, 'manager', 'B1')",
                      [("M3", "欧阳娜娜"), ("M4", "司马相如"), ("M5", "杨海涛"), ("M6", "赵敏"), ("M7", "黄俊杰")])
    app = WorkbenchApp(path, now=NOW, lang="zh_CN", user="S1")
    async with app.run_test(size=(80, 24)) as pilot:
        await hand_over_screen_for(pilot, "M1")
        await highlight_option(pilot, "#takers", TO_ALL)
        await pilot.press("enter")
        await settle(pilot)
        asked = app.screen.query_one("#confirm-question")
        lines = [strip.text.rstrip() for strip in asked.render_lines(Region(0, 0, asked.size.width, asked.size.height))]
        lines = [line for line in lines if line]
        assert len(lines) >= 2 and "".join(lines).endswith("黄俊杰（M7）？")
        assert not any(line[0] in NO_LINE_START for line in lines), lines
        assert not any(line[-1] in NO_LINE_END for line in lines), lines


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_at_80_by_24_the_dialog_keeps_its_title_hint_and_highlight_in_sight_and_a_long_plan_scrolls(path, lang):
    from textual.widgets import OptionList

    with sqlite3.connect(path) as c:   # eight other managers: more takers than the list shows, a long shared plan
        c.executemany("INSERT INTO staff (staff_id, name, role, branch_id) VALUES (?, ?, 'manager', 'B1')",
                      [(f"M{n}", name) for n, name in enumerate(["欧阳娜娜", "司马相如", "杨海涛", "赵敏", "黄俊杰",
                                                                  "王强", "刘婷"], 3)])
    app = WorkbenchApp(path, now=NOW, lang=lang, user="S1")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await hand_over_screen_for(pilot, "M1")
        box, takers = screen.query_one("#hand-over"), screen.query_one("#takers", OptionList)
        assert takers.option_count > takers.scrollable_content_region.height   # the list must scroll
        for _ in range(takers.option_count - 1):
            await pilot.press("down")
            await settle(pilot)
            line = takers._index_to_line[takers.highlighted]
            assert takers.scroll_y <= line < takers.scroll_y + takers.scrollable_content_region.height
            assert box.content_region.contains_region(takers.region)
        await highlight_option(pilot, "#takers", TO_ALL)
        await pilot.press("l")   # leaving: the longest words under the plan
        await settle(pilot)
        plan = screen.query_one("#hand-over-plan", Static)
        assert "→" in plain(plan)
        assert plan.parent.max_scroll_y > 0   # the plan shared among eight is longer than its room: it scrolls there
        assert screen.region.contains_region(box.region)
        for part in ("#hand-over-title", "#takers", "#hand-over-leave", ".hint"):
            assert box.content_region.contains_region(screen.query_one(part).region), part


@pytest.mark.parametrize("lang, active, line", [
    ("zh_CN", 611, "→ 王丽娟  M001  周建华的 611 名客户 · 1.11亿元 · 27 条跟进"),
    ("en", 611, "→ 王丽娟  M001  611 of 周建华's customers · 111 million yuan · 27 follow-ups"),
    ("zh_CN", 589, "→ 王丽娟  M001  周建华的 589 名客户（另有 22 名不在最新全量清单中） · 1.11亿元 · 27 条跟进"),
    ("en", 589, "→ 王丽娟  M001  589 of 周建华's customers (+22 not in the latest extract) · 111 million yuan"
                " · 27 follow-ups"),
])
def test_the_plan_says_whose_customers_go_and_their_assets_in_wan_or_yi(lang, active, line):
    """'→ 王丽娟 M001 611 名客户 · 111,060,827 元' said neither whose customers they were nor the sum as tiers and AUM
    are read (万, 亿); English writes no 万 ('1.11亿 yuan' was shown): millions and billions."""
    from types import SimpleNamespace

    from workbench.i18n import set_language
    from workbench.screens.hand_over import plan_text
    from workbench.screens.labels import large_amount

    share = SimpleNamespace(manager_id="M001", name="王丽娟", customers=611, active=active, aum_fen=111_060_827_00,
                            followups=27)
    plan = SimpleNamespace(from_id="M003", from_name="周建华", shares=[share], followups_to=None, elsewhere=0,
                           elsewhere_kept=0)
    set_language(lang)   # the conftest sets English back
    assert plan_text(plan).plain.splitlines()[0] == line
    plan.from_id, plan.from_name = "M9", "M9"   # a manager an extract added by id alone: the id, set off in Chinese
    assert plan_text(plan).plain.splitlines()[0].startswith(
        {"zh_CN": "→ 王丽娟  M001  M9 的 ", "en": f"→ 王丽娟  M001  {active} of M9's customers"}[lang])
    assert [large_amount(yuan * 100) for yuan in (8_765, 50_000, 6_112_345, 99_999_999, 1_234_567_890)] == {
        "zh_CN": ["8,765", "5万", "611.2万", "1亿", "12.35亿"],
        "en": ["8,765", "50,000", "6.11 million", "100 million", "1.23 billion"]}[lang]
