"""Plain glyphs, for a console that cannot show the app's usual ones (GBK) or draws East-Asian-ambiguous characters
two cells wide (GB18030, or WORKBENCH_AMBIGUOUS_WIDE=1): when they are used, the key names in words, the ASCII
stand-ins, each as wide as what it stands for, and the mark of a cut text."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.color import Color

from workbench import i18n
from workbench.screens import glyphs
from workbench.screens.glyphs import plain_console, plain_text
from workbench.screens.plain_glyphs import PlainGlyphs
from workbench.screens.widgets.columns import cut, fit
from workbench.screens.widgets.key_bar import key_display


@pytest.fixture
def plain(monkeypatch):
    monkeypatch.setattr(glyphs, "_plain_console", True)


@pytest.mark.parametrize("encoding", ["gbk", "GBK", "cp936"])
def test_a_console_that_cannot_write_the_glyphs_gets_plain_ones(encoding):
    assert plain_console(encoding, {})


def test_a_utf_8_console_keeps_the_glyphs():
    assert not plain_console("utf-8", {}) and not plain_console("UTF8", {})


def test_a_console_in_a_chinese_locale_draws_ambiguous_characters_wide():
    # GB18030 writes every glyph, but its locale's consoles draw … · ─ │ two cells wide.
    assert plain_console("gb18030", {}) and plain_console("GB18030", {})


def test_the_setting_says_what_the_locale_cannot():
    assert plain_console("utf-8", {"WORKBENCH_AMBIGUOUS_WIDE": "1"})
    assert not plain_console("gb18030", {"WORKBENCH_AMBIGUOUS_WIDE": "0"})
    assert plain_console("gbk", {"WORKBENCH_AMBIGUOUS_WIDE": "0"})   # GBK cannot write ⏎ whatever it draws


def test_keys_textual_spells_with_a_symbol_are_named_in_words(plain):
    assert [key_display(k) for k in ("enter", "backspace", "ctrl+s", "escape", "up")] == \
        ["enter", "backspace", "^s", "esc", "up"]
    i18n.set_language("zh_CN")
    assert [key_display(k) for k in ("enter", "backspace", "down")] == ["回车", "退格", "下"]


def test_a_console_that_shows_them_keeps_the_symbols(monkeypatch):
    monkeypatch.setattr(glyphs, "_plain_console", True)   # put back after the test
    assert glyphs.start("utf-8", {}) is False
    assert [key_display(k) for k in ("enter", "backspace")] == ["⏎", "⌫"]


def test_borders_check_boxes_arrows_bars_and_bullets_become_ascii_as_wide():
    drawn = {
        "█▀▀▀▀█": "#----#",       # a dialog's thick border
        "╭──╮│╰──╯": "+--+|+--+",   # the agenda's round one
        "▊▔▔▎▁": "|--|-",         # a text box's tall one
        "▐X▌": "|X|",             # Textual's check box
        "▼ ▸ • ■": "v > * #",     # a drop-down's arrow, the card's marks
        "████▌": "####|",         # the report's bar
    }
    for glyph, ascii in drawn.items():
        assert plain_text(glyph, "gbk") == ascii and cell_len(ascii) == cell_len(glyph)


def test_what_the_encoding_cannot_write_is_a_question_mark_as_wide():
    assert plain_text("⏎ 吴晓婷", "gbk") == "? 吴晓婷"
    assert plain_text("吴晓婷 “好” …", "gbk") == "吴晓婷 “好” …"   # what GBK writes stays


def test_the_app_s_separator_becomes_a_bar_and_a_name_keeps_its_dot():
    assert plain_text("登记结果 · 阿依古丽·买买提", "utf-8") == "登记结果 | 阿依古丽·买买提"
    assert plain_text("筛选：无  ·  共 640 位客户", "gb18030") == "筛选：无  |  共 640 位客户"
    assert plain_text(" · ", "gb18030") == " | " and plain_text("·", "utf-8") == "|"


def test_a_cut_text_ends_with_three_dots_on_a_plain_console(plain):
    assert cut("跟进已逾期4天（应于2026-11-16）", 12) == "跟进已逾..." and fit("阿依古丽·买买提", 14) == "阿依古丽·买..."
    assert cut("abcdef", 3) == "abc" and cut("abc", 3) == "abc"


def test_a_cut_text_ends_with_an_ellipsis_elsewhere(monkeypatch):
    monkeypatch.setattr(glyphs, "_plain_console", False)
    assert cut("跟进已逾期4天（应于2026-11-16）", 12) == "跟进已逾期4…"


def test_the_filter_changes_only_what_is_not_ascii():
    style = Style.parse("bold #e05252")
    segments = [Segment("esc "), Segment("█▀▀█", style), Segment("\x1b[0m", None, [])]
    drawn = PlainGlyphs("gbk").apply(segments, Color(0, 0, 0))
    assert drawn == [Segment("esc "), Segment("#--#", style), Segment("\x1b[0m", None, [])]


def test_a_separator_after_a_closing_bracket_is_the_app_s_too():
    assert plain_text("交还（先确认）· esc 取消", "gb18030") == "交还（先确认）| esc 取消"
