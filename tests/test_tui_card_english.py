"""An English card keeps a Chinese name in English text whole, as English breaks between words: the product in the
roll-over script (your 三年期大额存单 with us), the branch (from 浦江银行城东支行), the branch in the profile; an English
script read from a Chinese interface too. The card's own widgets, at the width the app gives them and at others."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing

from rich.cells import cell_len
from tui_fixtures import NOW, printed, settle, sync

from workbench.screens.app import WorkbenchApp
from workbench.screens.customer_card import CustomerCardScreen

BRANCH, PRODUCT = "浦江银行城东支行", "三年期大额存单"
RUN = re.compile(r"[\u3400-\u9fff]+")


def long_branch(path) -> None:
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE branches SET name = ? WHERE branch_id = 'B1'", (BRANCH,))


async def card_of(pilot, customer_id: str) -> CustomerCardScreen:
    await settle(pilot)
    pilot.app.push_screen(CustomerCardScreen(customer_id))
    await settle(pilot, 5)
    card = pilot.app.screen
    assert isinstance(card, CustomerCardScreen)
    return card


def cut_runs(widget, width: int) -> list[str]:
    """The runs of Chinese characters, no longer than the line, that the widget's lines at width cut in two."""
    lines = printed(widget, width).splitlines()
    runs = {run for run in RUN.findall("".join(widget.content.plain.split())) if len(run) * 2 <= width}
    return sorted(run for run in runs if not any(run in line for line in lines))


@sync
async def test_an_english_card_keeps_a_chinese_name_in_english_text_whole(db_file):
    long_branch(db_file)
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        card = await card_of(pilot, "C0002")   # 欧阳娜娜: her 三年期大额存单 matures on 25 Nov, the roll-over is due
        assert card.purpose == "maturity_rollover"
        opening = card.query_one("#script-1")
        drawn = printed(opening, opening.content_size.width).splitlines()
        assert drawn[0] == "Opening" and any(PRODUCT in line for line in drawn) and any(BRANCH in line for line in drawn)
        assert "".join(drawn[1:]).replace(" ", "") == (f"HelloMs欧阳,thisis李娜from{BRANCH}.Aquickreminder:your{PRODUCT}"
                                                       "withusmatureson25Nov.")
        widgets = [card.query_one(f"#script-{n}") for n in range(12)] + [card.query_one("#profile")]
        for width in range(16, 61, 3):
            assert {widget.id: cut_runs(widget, width) for widget in widgets if cut_runs(widget, width)} == {}, width
        assert any(BRANCH in line for line in printed(card.query_one("#profile"), 18).splitlines())
        # Still broken between words: each line fits, and the lines are cut at spaces only.
        for width in (20, 33):
            heading, *lines = printed(opening, width).splitlines()
            assert " ".join(lines) == opening.content.plain.split("\n")[1] and max(map(cell_len, lines)) <= width


@sync
async def test_an_english_script_on_a_chinese_card_keeps_its_chinese_names_whole(db_file):
    long_branch(db_file)
    with closing(sqlite3.connect(db_file)) as conn, conn:
        conn.execute("DELETE FROM scripts WHERE script_id = 'zh-maturity-rollover'")   # the English one is read
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        card = await card_of(pilot, "C0002")
        opening = card.query_one("#script-1")
        assert opening.content.plain.startswith("开场白\nHello Ms 欧阳")
        for width in range(16, 61, 3):
            assert cut_runs(opening, width) == [], width
        # The Chinese interface's own words are set as Chinese is: the profile breaks inside a run where it must.
        assert cut_runs(card.query_one("#profile"), 16)
