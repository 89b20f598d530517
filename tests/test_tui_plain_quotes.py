"""Quotes and dashes Unicode leaves ambiguous (“ ” ‘ ’ – —), which a GBK console or one said to draw such characters
wide draws two cells wide while the app lays them out in one: the plain-glyph filter draws them as " ' - in the
one cell they were given, whoever's text holds them (a translated sentence quoting what was typed, a page's range);
a UTF-8 console keeps them."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.segment import Segment
from textual.color import Color
from textual.widgets import Input

from plain_consoles import CONSOLES, ambiguous, use_console
from tui_fixtures import NOW, at_list, build, pressed, screen_lines, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.outcome_form import OutcomeForm
from workbench.screens.plain_glyphs import PlainGlyphs


def test_the_filter_draws_quotes_and_dashes_in_ascii_of_the_cells_they_had():
    segments = [Segment("加上“全天”，如“明天 全天”"), Segment("O’Neil ‘x’"), Segment("第 501–1,000 名——完")]
    drawn = PlainGlyphs("utf-8").apply(segments, Color(0, 0, 0))
    assert [segment.text for segment in drawn] == ['加上"全天"，如"明天 全天"', "O'Neil 'x'", "第 501-1,000 名--完"]
    assert [cell_len(segment.text) for segment in drawn] == [cell_len(segment.text) for segment in segments]
    assert PlainGlyphs("gbk").apply([Segment("╭“好”╮")], Color(0, 0, 0))[0].text == '+"好"+'


@pytest.fixture(params=CONSOLES)
def plain(request, monkeypatch) -> bool:
    return use_console(monkeypatch, request.param)


@sync
async def test_a_quoted_word_is_drawn_with_straight_quotes_where_the_console_is_plain(tmp_path, plain):
    app = WorkbenchApp(build(tmp_path / "quotes.sqlite"), now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await at_list(pilot)
        form = await pressed(pilot, OutcomeForm, "o")
        form.query_one("#when", Input).value = "abc"   # a time it cannot read, said quoting it
        await settle(pilot)
        rows = screen_lines(app)
        said = '无法识别跟进时间"abc"' if plain else "无法识别跟进时间“abc”"
        assert any(said in row for row in rows), rows
        assert not plain or ambiguous(rows) == set()
