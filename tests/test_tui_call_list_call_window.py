"""The call list's header says when the day's call window of the list's branch has closed, or not opened yet, by the
app's clock: at 21:35 a tester's list invited calls with no word that the window (09:00–20:00) had closed, and a call
to an 85-year-old at 21:30 was logged (t2 F11). It follows the clock while the list is open, and the branch's window
when it is changed elsewhere."""

from __future__ import annotations

from contextlib import closing
from datetime import datetime

import pytest

from test_tui_app_shell import until
from tui_fixtures import NOW, on_screen, sample_copy, settle, sync, watched
from workbench.db import connect
from workbench.screens.app import WorkbenchApp
from workbench.screens.call_list import CallListScreen
from workbench.screens.widgets.call_header import CallHeader
from workbench.settings import set_setting

TITLES = {"zh_CN": "序号 姓名", "en": "   # Name"}


def at(hour: int, minute: int = 0) -> datetime:
    return NOW.replace(hour=hour, minute=minute)   # the sample's day, Friday 2026-11-20


async def header_rows(pilot) -> list[str]:
    """The header's rows on the screen, once the list is up."""
    await settle(pilot)
    assert isinstance(pilot.app.screen, CallListScreen)
    return on_screen(pilot.app, pilot.app.screen.query_one(CallHeader))


@pytest.mark.parametrize("lang, now, said", [
    ("zh_CN", at(8, 30), "外呼时段（09:00–20:00）尚未开始"),
    ("zh_CN", at(10), None),
    ("zh_CN", at(21, 35), "今天的外呼时段（09:00–20:00）已结束"),
    ("en", at(20), "Call window 09:00–20:00 closed for today"),   # the window's end is outside it
], ids=["before", "inside", "after", "at-the-end-en"])
@sync
async def test_the_header_says_the_call_window_has_closed_or_not_opened(tmp_path, lang, now, said):
    app = WorkbenchApp(sample_copy(tmp_path), now=now, lang=lang, user="M001")
    async with app.run_test(size=(80, 24)) as pilot:
        rows = await header_rows(pilot)
        if said is None:
            assert len(rows) == 1 and rows[0].startswith(TITLES[lang])
        else:
            assert rows[0] == said and rows[1].startswith(TITLES[lang])


@sync
async def test_the_header_follows_the_clock_and_the_branchs_window_while_the_list_is_open(tmp_path, monkeypatch):
    monkeypatch.setattr(WorkbenchApp, "WATCH_SECONDS", 0.2)
    path = sample_copy(tmp_path)
    app = WorkbenchApp(path, now=at(19, 59), lang="zh_CN", user="M001")
    async with app.run_test(size=(80, 24)) as pilot:
        assert len(await header_rows(pilot)) == 1
        header = app.screen.query_one(CallHeader)
        app._fixed_now = at(20)   # the clock passes the window's end: nothing else is read or pressed
        assert await until(pilot, lambda: header.said is not None)
        assert (await header_rows(pilot))[0] == "今天的外呼时段（09:00–20:00）已结束"
        with closing(connect(path)) as conn:   # `settings set` in another terminal: this branch calls until 21:30
            set_setting(conn, "contact.window_end", "21:30", scope="B100")
        await watched(pilot)
        assert await until(pilot, lambda: header.said is None)
        assert len(await header_rows(pilot)) == 1
        app._fixed_now = at(21, 30)
        assert await until(pilot, lambda: header.said is not None)
        assert (await header_rows(pilot))[0] == "今天的外呼时段（09:00–21:30）已结束"
