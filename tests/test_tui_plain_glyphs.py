"""On a console whose encoding cannot write the app's glyphs (GBK: no ⏎, ⌫, ▀, ▐, •), every screen is drawn in
characters it writes: the keys in words, borders, check boxes and marks in ASCII; on one that draws East-Asian-
ambiguous characters two cells wide, the app draws none of its own (read from the screen the compositor draws, after
the app's filters)."""

from __future__ import annotations

import unicodedata

from tui_fixtures import NOW, at_list, build, pressed, screen_lines, sync
from workbench.screens import glyphs
from workbench.screens.agenda import AgendaScreen
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.filters import FilterScreen
from workbench.screens.help import HelpScreen
from workbench.screens.outcome_form import OutcomeForm


SCREENS = ((OutcomeForm, "o"), (CallListScreen, "escape"), (FilterScreen, "ctrl+f"), (CallListScreen, "escape"),
           (CustomerCardScreen, "enter"), (CallListScreen, "escape"), (AgendaScreen, "f"), (HelpScreen, "question_mark"))


def unwritten(app) -> list[str]:
    """The rows of the screen GBK cannot write."""
    rows = []
    for row in screen_lines(app):
        try:
            row.encode("gbk")
        except UnicodeEncodeError:
            rows.append(row)
    return rows


@sync
async def test_every_screen_is_drawn_in_characters_gbk_writes(tmp_path, monkeypatch):
    monkeypatch.setattr(glyphs, "output_encoding", lambda: "gbk")
    monkeypatch.setattr(glyphs, "_plain_console", False)   # put back after the test
    app = WorkbenchApp(build(tmp_path / "gbk.sqlite"), now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await at_list(pilot)
        assert unwritten(app) == [] and " 回车 打开 " in screen_lines(app)[-1]
        for screen, keys in SCREENS:
            await pressed(pilot, screen, keys)
            assert unwritten(app) == [], screen


@sync
async def test_on_a_utf_8_console_the_symbols_stay(tmp_path, monkeypatch):
    monkeypatch.setattr(glyphs, "output_encoding", lambda: "utf-8")
    app = WorkbenchApp(build(tmp_path / "utf8.sqlite"), now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await at_list(pilot)
        assert " ⏎ 打开 " in screen_lines(app)[-1]
        await pressed(pilot, OutcomeForm, "o")
        assert any("▀" in row for row in screen_lines(app))


def ambiguous(app) -> set[str]:
    """The East-Asian-ambiguous characters on the screen (a customer's name's dot aside: it is theirs)."""
    rows = [row.replace("阿依古丽·", "阿依古丽") for row in screen_lines(app)]
    return {char for row in rows for char in row if unicodedata.east_asian_width(char) == "A"}


@sync
async def test_a_console_said_to_draw_ambiguous_characters_wide_gets_none_of_the_app_s(tmp_path, monkeypatch):
    monkeypatch.setattr(glyphs, "output_encoding", lambda: "utf-8")
    monkeypatch.setattr(glyphs, "_plain_console", False)   # put back after the test
    monkeypatch.setenv("WORKBENCH_AMBIGUOUS_WIDE", "1")
    app = WorkbenchApp(build(tmp_path / "wide.sqlite"), now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await at_list(pilot)
        rows = screen_lines(app)
        assert ambiguous(app) == set() and any(row.rstrip().endswith("...") for row in rows)   # a reason cut
        for screen, keys in SCREENS:
            await pressed(pilot, screen, keys)
            assert ambiguous(app) == set(), (screen, ambiguous(app))


@sync
async def test_a_gb18030_console_gets_plain_glyphs(tmp_path, monkeypatch):
    monkeypatch.setattr(glyphs, "output_encoding", lambda: "gb18030")
    monkeypatch.setattr(glyphs, "_plain_console", False)
    app = WorkbenchApp(build(tmp_path / "gb18030.sqlite"), now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await at_list(pilot)
        await pressed(pilot, OutcomeForm, "o")
        title = next(row for row in screen_lines(app) if "登记结果" in row)
        assert ambiguous(app) == set() and "登记结果 | " in title
