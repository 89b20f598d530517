"""The call list's top line counts customers as the funnel does, interested, booked or reactivated, and says so;
the day summary counts each outcome on its own. Read side by side, the two agree."""

from __future__ import annotations

from contextlib import closing

import pytest

from tui_fixtures import NOW, build, pressed, settle, sync
from workbench.db import open_db
from workbench.outcomes import log_outcome
from workbench.screens.app import WorkbenchApp
from workbench.screens.day_summary import DaySummaryScreen


@pytest.mark.parametrize(("lang", "top", "summary"), [
    ("en", "4 of 40 today · 4 reached · 3 interested or better",
     "Interested 1, Appointment booked 1, Reactivated / product bought 1"),
    ("zh_CN", "今日已联系 4/40 · 接通 4 · 有意向及以上 3", "有意向 1，已预约 1，已激活 / 已购买 1"),
])
@sync
async def test_the_top_line_names_what_it_counts_beside_the_day_summary(tmp_path, lang, top, summary):
    path = build(tmp_path / "p.sqlite")
    db = open_db(path)
    with closing(db.conn) as conn:
        for customer_id, outcome in (("C0001", "interested"), ("C0002", "appointment"), ("C0003", "reactivated"),
                                     ("C0004", "not_interested")):
            log_outcome(conn, customer_id=customer_id, manager_id="M1", line_result="reached", at=NOW,
                        business_outcome=outcome, rescore=False)
    app = WorkbenchApp(path, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert str(app.screen.query_one("#progress").render()).strip() == top
        screen = await pressed(pilot, DaySummaryScreen, "s")
        assert summary in str(screen.query_one("#summary").render())
