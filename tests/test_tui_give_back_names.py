"""A give-back names the manager back from leave one way (handover.shown_name: the name, else the id) in the box's
title, its plan, its question and the notice after it: a manager whose name is not known (blank, as an extract may
leave it) is their id there, never a blank, 'None' or the spaces stored."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from textual.widgets import Static

from tui_fixtures import NOW, build, highlight_option, pressed, printed, settle, sync
from workbench.db import open_db
from workbench.handover import hand_over, shown_name
from workbench.screens.app import WorkbenchApp
from workbench.screens.confirm import ConfirmScreen
from workbench.screens.hand_over import HandOverScreen


def covered_without_a_name(tmp_path):
    """M1's customers covered by 陈静 (M2) until 2026-11-27, M1's name blank; (path, customers covered)."""
    path = build(tmp_path / "cover.sqlite")
    db = open_db(path)
    hand_over(db.conn, "M1", ["M2"], at=datetime(2026, 10, 23, 18, 0), by_id="S1", until=date(2026, 11, 27))
    db.close()
    with sqlite3.connect(path) as c:
        c.execute("UPDATE staff SET name = '  ' WHERE staff_id = 'M1'")
        (customers,), = c.execute("SELECT count(*) FROM covers")
    return path, customers


async def _given_back(tmp_path) -> tuple[dict, int]:
    """M1's customers given back from the app as a supervisor does it: what the box, its question and the notice
    said, and how many customers went back."""
    path, n = covered_without_a_name(tmp_path)
    app = WorkbenchApp(path, now=NOW, lang="en", user="S1")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await highlight_option(pilot, "#staff", "M1")
        screen = await pressed(pilot, HandOverScreen, "h")
        await settle(pilot)
        said = {"title": printed(screen.query_one("#hand-over-title", Static), 100).strip(),
                "plan": printed(screen.query_one("#hand-over-plan", Static), 100)}
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        said["question"] = printed(app.screen.query_one("#confirm-question"), 100).strip()
        await pilot.press("y")
        await settle(pilot, 5)
        said["notices"] = [note.message for note in app._notifications]
    return said, n


def test_the_name_shown_is_the_name_else_the_id():
    assert shown_name("M1", "李娜") == "李娜"
    assert [shown_name("M9", name) for name in (None, "", "  ", "M9", "m9")] == ["M9"] * 5


@sync
async def test_a_manager_without_a_name_is_their_id_in_the_give_back_box_and_its_question(tmp_path):
    said, n = await _given_back(tmp_path)
    assert said["title"] == "Give back the customers of M1:"
    assert f"{n} of M1's customers from 陈静" in said["plan"]
    assert said["question"] == f"Give {n} customers back to M1 from 陈静?"


@sync
async def test_the_notice_after_a_give_back_names_a_manager_without_a_name_by_their_id(tmp_path):
    said, n = await _given_back(tmp_path)
    assert f"Gave {n} customers back to M1 from 陈静." in said["notices"], said["notices"]
