"""Snapshots of every screen at a fixed date, in a plain 80x24 terminal and a larger one."""

from __future__ import annotations

import pytest

from tui_fixtures import NOW, build, settle
from workbench.screens.app import WorkbenchApp

SIZES = {"80x24": (80, 24), "120x36": (120, 36)}


async def at_who_am_i(pilot) -> None:
    await settle(pilot)


async def at_call_list(pilot) -> None:
    await settle(pilot)
    await pilot.press("down")


async def at_card(pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def at_outcome_form(pilot) -> None:
    await at_card(pilot)
    await pilot.press("o")
    await settle(pilot)
    await pilot.press("1", "3", "w")


async def at_agenda(pilot) -> None:
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)


async def at_summary(pilot) -> None:
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)


async def at_help(pilot) -> None:
    await settle(pilot)
    await pilot.press("question_mark")
    await settle(pilot)


async def at_filters(pilot) -> None:
    await settle(pilot)
    await pilot.press("ctrl+f")
    await settle(pilot)


SCREENS = {
    "who_am_i": (None, at_who_am_i),
    "call_list": ("M1", at_call_list),
    "customer_card": ("M1", at_card),
    "outcome_form": ("M1", at_outcome_form),
    "agenda": ("M1", at_agenda),
    "day_summary": ("M1", at_summary),
    "help": ("M1", at_help),
    "filters": ("M1", at_filters),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_screen(snap_compare, tmp_path, screen, size):
    user, run_before = SCREENS[screen]
    app = WorkbenchApp(build(tmp_path / "snap.sqlite"), now=NOW, lang="en", user=user)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("screen", ["call_list", "customer_card", "outcome_form"])
def test_screen_in_chinese(snap_compare, tmp_path, screen):
    user, run_before = SCREENS[screen]
    app = WorkbenchApp(build(tmp_path / "snap.sqlite"), now=NOW, lang="zh_CN", user=user)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
