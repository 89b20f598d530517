"""Chinese line breaking for the scripts: no line starts with closing punctuation or ends with an opening
bracket, no number or Latin word is cut, every line fits, and nothing is lost or reordered."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from workbench.scripts import shipped_scripts
from workbench.text_wrap import NO_LINE_END, NO_LINE_START, WrappedText, line_starts, wrap


def lines_of(plain: str, width: int) -> list[str]:
    return [line.plain for line in wrap(Text(plain), width)]


def test_closing_punctuation_pulls_the_character_before_it_down():
    assert lines_of("为保障您的资金安全，我们不会", 10) == ["为保障您的", "资金安全，", "我们不会"]
    assert lines_of("您好，我是李娜。", 4) == ["您", "好，", "我是", "李", "娜。"]


def test_an_opening_bracket_never_ends_a_line():
    assert lines_of("可以吗？（为保障", 10) == ["可以吗？", "（为保障"]


def test_an_amount_or_a_latin_word_moves_whole_to_the_next_line():
    assert lines_of("管户资产29,624.32元", 14) == ["管户资产", "29,624.32元"]
    assert lines_of("I am calling Mr Smith today", 14) == ["I am calling", "Mr Smith today"]


def test_a_number_keeps_the_units_after_it():
    assert lines_of("到期还有165天", 11) == ["到期还有", "165天"]
    assert lines_of("沉睡365天，资产5万元", 8) == ["沉睡", "365天，", "资产", "5万元"]
    assert lines_of("天天向上", 4) == ["天天", "向上"]   # units only count after a number


def test_a_word_longer_than_the_line_is_cut_after_all():
    assert lines_of("3100019718310001971831", 10) == ["3100019718", "3100019718", "31"]


def test_newlines_stay_and_styles_follow_their_characters():
    text = Text("开场白\n")
    text.append("刘女士您好", style="bold")
    lines = wrap(text, 4)
    assert [line.plain for line in lines] == ["开场", "白", "刘女", "士您", "好"]
    assert all(span.style == "bold" for line in lines[2:] for span in line.spans) and lines[2].spans


@pytest.mark.parametrize("width", range(12, 61, 7))
def test_every_shipped_chinese_script_obeys_the_rules_at_any_width(width):
    for script in (s for s in shipped_scripts() if s.lang == "zh_CN"):
        for body in (script.opening, script.offer, script.close, *script.objections.values()):
            lines = lines_of(body, width)
            assert "".join(lines).replace(" ", "") == body.replace(" ", "")      # nothing lost or reordered
            assert all(cell_len(line) <= width for line in lines)
            assert not any(line[0] in NO_LINE_START for line in lines[1:])
            assert not any(line[-1] in NO_LINE_END for line in lines[:-1])


def test_the_renderable_draws_the_lines_it_broke():
    console = Console(width=10, record=True, color_system=None)
    console.print(WrappedText(Text("为保障您的资金安全，我们不会")))
    assert console.export_text().splitlines() == ["为保障您的", "资金安全，", "我们不会"]


def test_line_starts_of_a_short_paragraph_is_empty():
    assert line_starts("您好", 10) == [] and line_starts("", 10) == []



@pytest.mark.parametrize("width", [14, 20, 23])
def test_an_opening_quote_goes_down_with_the_word_it_opens(width):
    # Keeping {campaign} whole moves the break to just after “, which may not end a line: it moves again.
    text = "一二三四五六“{campaign}”好"
    assert lines_of(text, width) == ["一二三四五六", "“{campaign}”好"]


def test_a_narrow_non_ascii_character_belongs_to_its_word():
    assert lines_of("统计模型在0–100沉睡分", 12) == ["统计模型在", "0–100沉睡分"]   # an en dash
    assert lines_of("致电José", 7) == ["致电", "José"]
    assert lines_of("call the customer’s phone", 18) == ["call the", "customer’s phone"]


REASON = "约定跟进已逾期3天（应于2026-11-17）；降级客户：52天前有交易（沉睡分41）；50万档；3天前最后联系；从600万降至50万；近7天已尝试1次"


def test_a_list_of_clauses_breaks_after_a_clause_or_before_an_aside():
    assert [line.plain for line in wrap(Text(REASON), 27, clauses=True)] == [
        "约定跟进已逾期3天", "（应于2026-11-17）；", "降级客户：52天前有交易", "（沉睡分41）；50万档；",
        "3天前最后联系；", "从600万降至50万；", "近7天已尝试1次"]
    assert lines_of(REASON, 27)[:2] == ["约定跟进已逾期3天（应于", "2026-11-17）；降级客户："]   # without: lines filled
    assert [line.plain for line in wrap(Text("高价值沉睡客户：282天无交易（沉睡分94）；"), 25, clauses=True)] == [
        "高价值沉睡客户：", "282天无交易（沉睡分94）；"]   # a label's colon, as a comma in a list of signs


def test_a_clause_break_is_not_taken_when_it_leaves_the_line_less_than_half_full():
    assert [line.plain for line in wrap(Text("短；一二三四五六七八九十"), 12, clauses=True)] == ["短；一二三四", "五六七八九十"]
    english = "promised follow-up, overdue by 4 days (due 2026-11-16); New customer: opened 21 days ago"
    assert all(wrap(Text(english), w, clauses=True) == wrap(Text(english), w) for w in range(8, 40))


@pytest.mark.parametrize("width", range(10, 50))
def test_a_reason_keeps_its_dates_amounts_and_codes_whole(width):
    reason = REASON + "；M001于2026-11-19 10:00记录；余额1,234.56元"
    for clauses in (False, True):
        lines = [line.plain for line in wrap(Text(reason), width, clauses)]
        assert "".join(lines).replace(" ", "") == reason.replace(" ", "")
        assert all(cell_len(line) <= width for line in lines)
        for word in ("2026-11-17", "2026-11-19", "600万", "50万", "1,234.56元", "M001", "10:00", "52天"):
            assert any(word in line for line in lines), (word, lines)
        if width >= cell_len("2026-11-17）；"):   # narrower, the date's closing marks start the next line
            assert not any(line[0] in NO_LINE_START for line in lines[1:])
        assert not any(line[-1] in NO_LINE_END for line in lines[:-1])


def test_a_word_that_fits_stays_whole_though_the_closing_mark_after_it_then_starts_a_line():
    assert lines_of("（应于2026-11-17）；", 10) == ["（应于", "2026-11-17", "）；"]
    assert lines_of("(due 2026-11-16);", 10) == ["(due", "2026-11-16", ");"]   # as Rich folds it


def test_a_number_keeps_its_unit_across_a_space_or_after_another_unit():
    assert lines_of("预约 6 人，激活 0 人（总行确认 5 人）", 32) == ["预约 6 人，激活 0 人（总行确认", "5 人）"]
    assert lines_of("on 5 days", 6) == ["on 5", "days"]   # English words part at spaces
    assert lines_of("资产50万档", 8) == ["资产", "50万档"] and lines_of("共33名", 5) == ["共", "33名"]
