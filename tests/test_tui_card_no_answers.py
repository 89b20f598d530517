"""A script with no objection answers (a campaign's own, imported without any) shows no empty "If the customer
says…" heading on the card; one with answers shows it over them."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from tui_fixtures import NOW, build, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.customer_card import CustomerCardScreen


async def shown_parts(path) -> list[str]:
    """The script panel's parts on 王芳's card (C0003, the wake-up script), those displayed only."""
    async with WorkbenchApp(path, now=NOW, lang="zh_CN", user="M1").run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        pilot.app.push_screen(CustomerCardScreen("C0003"))
        await settle(pilot, 5)
        return [part.content.plain for part in pilot.app.screen.query(".script-part") if part.display]


@pytest.mark.parametrize("answers", [False, True])
@sync
async def test_the_objections_heading_is_shown_only_over_answers(tmp_path, answers):
    path = build(tmp_path / "card.sqlite")
    if not answers:
        with closing(sqlite3.connect(path)) as conn, conn:
            conn.execute("UPDATE scripts SET objections = '{}' WHERE purpose = 'wake_up'")
    parts = await shown_parts(path)
    assert ("如果客户说…" in parts) is answers and parts[-1].startswith("结束语")
    if answers:   # the heading, then the answers under it
        assert parts[parts.index("如果客户说…") + 1].startswith("▸")
    else:         # the title, the opening, the offer and the close: no empty piece between them
        assert len(parts) == 4 and not any(p.startswith("▸") for p in parts)
