"""A long name never pushes the number to dial off the card's title (the only place the full number shows):
the name is cut with an ellipsis so the customer number and the number fit, at any width."""

from __future__ import annotations

import sqlite3

import pytest
from rich.cells import cell_len

from tui_fixtures import NOW, build, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.customer_card import CustomerCardScreen

LONG = "欧阳" + "长" * 60 + "名"


@pytest.fixture
def db_file(tmp_path):
    path = build(tmp_path / "long.sqlite")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE customers SET name = ? WHERE customer_id = 'C0001'", (LONG,))
    return path


def title(app) -> str:
    return app.screen.query_one("#card-title").render().plain


async def card_title(pilot, customer_id: str) -> str:
    await settle(pilot)
    pilot.app.push_screen(CustomerCardScreen(customer_id))
    await settle(pilot)
    return title(pilot.app)


@sync
async def test_a_long_name_is_cut_so_the_number_to_dial_fits_the_title(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        shown = await card_title(pilot, "C0001")
        line = app.screen.query_one("#card-title")
        assert shown.startswith("欧阳长") and shown.endswith("…  C0001  138 0013 0001"), shown
        assert cell_len(shown) <= line.content_size.width
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        wider = title(app)
        assert wider.endswith("…  C0001  138 0013 0001") and cell_len(wider) > cell_len(shown)
        assert cell_len(wider) <= line.content_size.width


@sync
async def test_a_short_name_is_shown_whole(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        assert await card_title(pilot, "C0002") == "欧阳娜娜  C0002  138 0013 0002"
