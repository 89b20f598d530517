"""A hand-over moves the customers a full extract left out too, and says so apart from those on the lists:
'18 of 李娜's customers (+2 not in the latest extract)', in the plan and the question, as the pool's picker counts."""

from __future__ import annotations

import sqlite3

import pytest

from tui_fixtures import NOW, build, highlight_option, pressed, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.confirm import ConfirmScreen
from workbench.screens.hand_over import TO_ALL, HandOverScreen


@pytest.fixture
def path(tmp_path):
    """The app tests' branch, two of 李娜's twenty customers left out by the latest full extract."""
    path = build(tmp_path / "inactive.sqlite")
    with sqlite3.connect(path) as c:
        c.execute("UPDATE customers SET active = 0 WHERE customer_id IN ('C0019', 'C0020')")
    return path


def lines(widget) -> list[str]:
    """The widget's lines as drawn, without the padding to its width."""
    return ["".join(segment.text for segment in strip).rstrip()
            for strip in widget.render_lines(widget.region.reset_offset)]


@pytest.mark.parametrize("lang, plan, question", [
    ("en", ["→ 陈静  M2  18 of 李娜's customers (+2 not in the latest extract)", "  1 million yuan · 1 follow-up"],
     "Hand over 18 customers of 李娜 (+2 not in the latest extract) to 陈静 (M2)?"),
    ("zh_CN", ["→ 陈静  M2  李娜的 18 名客户（另有 2 名不在最新全量清单中）", "  100万元 · 1 条跟进"],
     "18 名客户（另有 2 名不在最新全量清单中）移交给"),
])
@sync
async def test_the_plan_and_the_question_say_the_customers_not_in_the_latest_extract_apart(path, lang, plan, question):
    app = WorkbenchApp(path, now=NOW, lang=lang, user="S1")
    async with app.run_test(size=(80, 24)) as pilot:
        await highlight_option(pilot, "#staff", "M1")
        screen = await pressed(pilot, HandOverScreen, "h")
        await highlight_option(pilot, "#takers", "M2")
        shown = lines(screen.query_one("#hand-over-plan"))
        assert shown[:2] == plan, shown
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert question in " ".join(lines(app.screen.query_one("#confirm-question"))).replace("  ", " ")


@pytest.mark.parametrize("lang, notice", [
    ("en", "Handed over 18 customers of 李娜 (+2 not in the latest extract)."),
    ("zh_CN", "已移交李娜的 18 名客户（另有 2 名不在最新全量清单中）。"),
])
@sync
async def test_the_notice_after_the_hand_over_counts_as_the_plan_counts(path, lang, notice):
    """'Handed over 20 customers of 李娜.' counted the two a full extract left out among those the plan had said."""
    app = WorkbenchApp(path, now=NOW, lang=lang, user="S1")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await highlight_option(pilot, "#staff", "M1")
        await pressed(pilot, HandOverScreen, "h")
        await highlight_option(pilot, "#takers", "M2")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot, 5)
        assert [n.message for n in app._notifications] == [notice]
    with sqlite3.connect(path) as c:   # all twenty went
        assert c.execute("SELECT count(*) FROM customers WHERE manager_id = 'M1'").fetchone() == (0,)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_at_80_columns_no_line_of_the_plan_ends_on_a_dangling_dot(path, lang):
    """The aside made a share's line longer than the dialog: it broke after "·". Lines break between parts."""
    with sqlite3.connect(path) as c:
        c.executemany("INSERT INTO staff (staff_id, name, role, branch_id) VALUES (?, ?, 'manager', 'B1')",
                      [("M3", "欧阳娜娜"), ("M4", "Alexandra Smith-Jones")])
    app = WorkbenchApp(path, now=NOW, lang=lang, user="S1")
    async with app.run_test(size=(80, 24)) as pilot:
        await highlight_option(pilot, "#staff", "M1")
        screen = await pressed(pilot, HandOverScreen, "h")
        for choice in ("M2", TO_ALL):
            await highlight_option(pilot, "#takers", choice)
            shown = lines(screen.query_one("#hand-over-plan"))
            assert not [line for line in shown if line.endswith("·")], shown
        assert any("(+" in line or "另有" in line for line in shown), shown   # the shares carry the aside too
