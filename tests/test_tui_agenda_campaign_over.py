"""The agenda's "Campaign over" section: the open notices of a campaign past its last day, under their own heading
with the day it ended; c cancels one, C every one of its campaign, after a question."""

from __future__ import annotations

from contextlib import asynccontextmanager, closing
from datetime import date

from tui_fixtures import NOW, book_elsewhere, highlight_option, option_ids, screen_lines, settle, sync
from workbench import campaigns
from workbench.db import connect
from workbench.screens.app import WorkbenchApp


def ended_campaign(path) -> None:
    """Campaign CD-OLD, over on 2026-11-15 (NOW is 2026-11-20), with notices for C0005 (overdue) and C0006 (moved
    past its end), and one of a campaign still running for C0007."""
    with closing(connect(path)) as conn:
        campaigns.save(conn, [
            campaigns.Campaign("CD-OLD", "大额存单限时发行", "年利率2.15%。", date(2026, 11, 1), date(2026, 11, 15), "phone"),
            campaigns.Campaign("GOLD", "积存金", "买金送礼。", date(2026, 11, 1), date(2026, 11, 30), "phone"),
        ], at=NOW, by_id="S1")
    book_elsewhere(path, "C0005", followup_id="F-OLD1", due_on=date(2026, 11, 10), purpose="campaign:CD-OLD")
    book_elsewhere(path, "C0006", followup_id="F-OLD2", due_on=date(2026, 11, 23), purpose="campaign:CD-OLD")
    book_elsewhere(path, "C0007", followup_id="F-GOLD", due_on=date(2026, 11, 19), purpose="campaign:GOLD")


def statuses(path) -> dict[str, str]:
    with closing(connect(path)) as conn:
        return dict(conn.execute("SELECT followup_id, status FROM followups WHERE followup_id LIKE 'F-%'"))


@asynccontextmanager
async def agenda_open(db_file, lang: str, size: tuple[int, int]):
    """The app on M1's agenda, the ended campaign's notices in place: (app, pilot)."""
    ended_campaign(db_file)
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        yield app, pilot


async def asked(pilot, option_id: str, key: str) -> str:
    """Press key on the agenda's row option_id and return the question it asks."""
    await highlight_option(pilot, "#agenda", option_id)
    await pilot.press(key)
    await settle(pilot)
    return pilot.app.screen.question.plain


async def yes(pilot) -> None:
    await pilot.press("y")
    await settle(pilot)


@sync
async def test_the_notices_of_an_ended_campaign_wait_apart_and_C_cancels_them_all(db_file):
    async with agenda_open(db_file, "zh_CN", (120, 30)) as (app, pilot):
        options = app.screen.query_one("#agenda")
        ids = option_ids(options)
        assert ids.index("F-GOLD") < ids.index("F-0003") < ids.index("F-OLD1") < ids.index("F-OLD2")
        assert str(options.get_option_at_index(ids.index("F-OLD1") - 1).prompt) == "活动已结束（2）"
        lines = [line for line in screen_lines(app) if "活动「大额存单限时发行」" in line]
        assert len(lines) == 2 and all("活动已于 2026-11-15 结束，不再通知；请取消。" in line for line in lines), lines
        assert await asked(pilot, "F-OLD2", "C") == "取消活动「大额存单限时发行」全部 2 条待办通知？该活动已于 2026-11-15 结束。"
        await yes(pilot)
        assert statuses(db_file) == {"F-0003": "open", "F-OLD1": "cancelled", "F-OLD2": "cancelled", "F-GOLD": "open"}
        assert "已取消2条通知。" in [n.message for n in app._notifications]
        assert "活动已结束" not in "\n".join(screen_lines(app))


@sync
async def test_c_on_one_cancels_that_notice_alone_and_a_running_campaigns_is_completed_as_before(db_file):
    async with agenda_open(db_file, "en", (160, 40)) as (app, pilot):
        assert await asked(pilot, "F-OLD1", "c") == ("Cancel the notice of campaign “大额存单限时发行” to [bold]x[/]? The"
                                                     " campaign ended on 2026-11-15.")   # a name is data, never markup
        await yes(pilot)
        assert statuses(db_file)["F-OLD1"] == "cancelled" and statuses(db_file)["F-OLD2"] == "open"
        assert (await asked(pilot, "F-GOLD", "c")).endswith("as done, without logging a call?")
        await yes(pilot)
        assert statuses(db_file)["F-GOLD"] == "done"
