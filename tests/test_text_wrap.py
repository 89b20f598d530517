"""Chinese line breaking for the scripts: no line starts with closing punctuation or ends with an opening
bracket, no number or Latin word is cut, every line fits, and nothing is lost or reordered."""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import given, settings, strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from workbench import text_wrap
from workbench.scripts import shipped_scripts
from workbench.text_wrap import NO_LINE_END, NO_LINE_START, WrappedText, line_starts, wrap


def lines_of(plain: str, width: int) -> list[str]:
    return [line.plain for line in wrap(Text(plain), width)]


def test_closing_punctuation_pulls_the_character_before_it_down():
    assert lines_of("为保障您的资金安全，我们不会", 10) == ["为保障您的", "资金安全，", "我们不会"]
    assert lines_of("您好，我是李娜。", 4) == ["您", "好，", "我是", "李", "娜。"]


def test_a_paragraph_does_not_end_on_a_lone_chinese_character():
    doctor = "查数据库：完整性、结构版本、各表行数、文件权限和已保存的设置项。"
    assert lines_of(doctor, 20) == ["查数据库：完整性、结", "构版本、各表行数、文", "件权限和已保存的设", "置项。"]
    assert all(len(lines_of(doctor, width)[-1].rstrip("。")) >= 2 for width in range(6, 70))
    assert lines_of("您好，我是李娜。", 4) == ["您", "好，", "我是", "李", "娜。"]   # 李娜。 would not fit
    assert lines_of("请拨 95588 或 1", 14) == ["请拨 95588 或", "1"]   # not Chinese: as broken
    assert lines_of("请回电 中", 8) == ["请回电", "中"]   # after a space: a word of its own


def test_the_ordinal_stays_with_its_number():
    assert lines_of("最高只到第 3 档。", 11) == ["最高只到", "第 3 档。"]
    assert lines_of("最高只到第3档。", 10) == ["最高只到", "第3档。"]


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
            # One exception, line_starts' own: a word kept whole though its closing mark then starts the next line,
            # when the two do not fit together ('[{manager}]。' is 13 cells).
            assert not any(line[0] in NO_LINE_START and not _word_filling(before, line[0], width)
                           for before, line in zip(lines, lines[1:]))
            assert not any(line[-1] in NO_LINE_END for line in lines[:-1])


def _word_filling(line: str, mark: str, width: int) -> bool:
    """Whether `line` is one word (no Chinese in it) too wide to take `mark` after it."""
    return not any("\u4e00" <= ch <= "\u9fff" for ch in line) and cell_len(line) + cell_len(mark) > width


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


def reference_line_starts(plain: str, width: int, clauses: bool = False) -> list[int]:
    """line_starts as it was before it was made linear (afc20fc^): every line measured from its start and each
    rule walked in full. Slow on long runs, plainly right: the oracle the linear one must match break for break."""
    _joined = text_wrap._joined
    starts: list[int] = []
    start, used, i = 0, 0, 0
    while i < len(plain):
        cells = cell_len(plain[i])
        if used + cells <= width or i == start:
            used += cells
            i += 1
            continue
        cut, moved = i, True
        while moved:
            before = cut
            while cut > start + 1 and (plain[cut] in NO_LINE_START or plain[cut - 1] in NO_LINE_END):
                cut -= 1
            if _joined(plain, cut):
                word = cut - 1
                while word > start and _joined(plain, word):
                    word -= 1
                cut = word if word > start else cut
            moved = cut != before
        if _joined(plain, cut):
            end = cut
            while end < len(plain) and _joined(plain, end):
                end += 1
            cut = end if end <= i else i
        if clauses:
            cut = text_wrap._clause_break(plain, start, cut, width)
        while cut < len(plain) and plain[cut] == " ":
            cut += 1
        if cut >= len(plain):
            break
        starts.append(cut)
        start, used, i = cut, 0, cut
    return starts


# Every kind of character a rule looks at: Chinese, units, digits, letters, spaces, closing marks, opening
# brackets, a combining accent (no width) and an emoji (two cells).
TYPESET = "中文客户资产天万人名档" + "0123456789" + "abcXYé" + "  -–.," + "，。、；：！？）》」…—·％;:!?)]%”’" + "（《「“‘([{" + "\u0301😀"
# Runs that once cost a rescan per line: a word, a number, closing marks, opening brackets; and the rest.
RUNS = ["a", "3100019718", "。", "（", "！", "…", "“a", "a。", "1天", "1 天 ", "（中", "中，", "；中文中文", "a" * 30 + "，"]


# Texts the rules fight over: any mix, a few characters mixed at length (。；4 or ‘！), and a short unit repeated.
TEXTS = (st.text(TYPESET, max_size=160)
         | st.lists(st.sampled_from(TYPESET), min_size=2, max_size=5).flatmap(lambda few: st.text(few, max_size=300))
         | st.builds(lambda unit, n: unit * n, st.text(TYPESET, min_size=1, max_size=4), st.integers(1, 80)))


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 600)), deadline=None)
@given(TEXTS, st.integers(1, 50), st.booleans())
def test_the_linear_breaker_breaks_where_the_reference_does(plain, width, clauses):
    assert line_starts(plain, width, clauses) == reference_line_starts(plain, width, clauses)


def test_mixes_of_a_few_characters_break_where_the_reference_does():
    """Seeded, many and quick: two to five characters mixed at random is where the rules meet (–「「「–「「 at 16)."""
    rng = random.Random(5)
    for _ in range(6000):
        few = rng.sample(TYPESET, rng.randint(2, 5))
        plain = "".join(rng.choice(few) for _ in range(rng.randint(1, 120)))
        width, clauses = rng.randint(1, 40), rng.random() < 0.5
        assert line_starts(plain, width, clauses) == reference_line_starts(plain, width, clauses), (plain, width, clauses)


@pytest.mark.parametrize("unit", RUNS)
def test_long_runs_break_where_the_reference_does_at_every_width(unit):
    plain = (unit * 400)[:400] + "中文" + unit * 5
    for width in (1, 2, 3, 5, 8, 13, 40, 97, 400):
        for clauses in (False, True):
            assert line_starts(plain, width, clauses) == reference_line_starts(plain, width, clauses), (width, clauses)


class _Counted(frozenset):
    """A character set that counts the look-ups line_starts makes in it."""

    steps = [0]

    def __contains__(self, char) -> bool:
        self.steps[0] += 1
        return frozenset.__contains__(self, char)


@pytest.mark.parametrize("unit", RUNS + ["中文，资产29,624.32元（沉睡分41）；"])
def test_the_work_grows_with_the_text_and_not_with_the_width(monkeypatch, unit):
    """Look-ups, word checks and measurements per character, counted instead of timed: a 3,000-letter word cost
    115 each at width 40 when every line rescanned the word, a run of 。 379 at width 400; now never 20."""
    steps = _Counted.steps
    joined, measure = text_wrap._joined, text_wrap.cell_len
    monkeypatch.setattr(text_wrap, "NO_LINE_START", _Counted(NO_LINE_START))
    monkeypatch.setattr(text_wrap, "NO_LINE_END", _Counted(NO_LINE_END))
    monkeypatch.setattr(text_wrap, "_joined", lambda plain, i: steps.__setitem__(0, steps[0] + 1) or joined(plain, i))
    monkeypatch.setattr(text_wrap, "cell_len", lambda text: steps.__setitem__(0, steps[0] + 1) or measure(text))
    plain = (unit * 3000)[:3000]
    for width in (40, 400):
        for clauses in (False, True):
            steps[0] = 0
            line_starts(plain, width, clauses)
            assert steps[0] < 20 * len(plain), (width, clauses, steps[0] / len(plain))


# English text (words): Latin words and runs of Chinese characters as Rich sets them, each no longer than a line.
LATIN_WORDS = st.text("abcXYZé0123456789,.;:!?'’()-–", min_size=1, max_size=9)
CHINESE_RUNS = st.builds(lambda run, end: run + end, st.text("整存取两年浦江银行城东支行中文", min_size=1, max_size=7),
                         st.sampled_from(["", ".", ",", "’s", ")", "，"]))


def test_english_text_keeps_a_chinese_name_whole_where_chinese_text_would_break_it():
    sentence = "Hello Mr 杨, this is 杨海涛 from 浦江银行城东支行. A quick reminder: your 整存整取两年 with us matures tomorrow."
    english = [line.plain for line in wrap(Text(sentence), 40, words=True)]
    assert english == ["Hello Mr 杨, this is 杨海涛 from", "浦江银行城东支行. A quick reminder: your", "整存整取两年 with us matures tomorrow."]
    assert lines_of(sentence, 40) == ["Hello Mr 杨, this is 杨海涛 from 浦江银",   # as Chinese is typeset: cut
                                      "行城东支行. A quick reminder: your 整存", "整取两年 with us matures tomorrow."]


def test_english_text_folds_a_chinese_run_longer_than_the_line_on_a_line_of_its_own():
    assert [line.plain for line in wrap(Text("your 整存整取两年期大额存单 with us"), 12, words=True)] == [
        "your", "整存整取两年", "期大额存单", "with us"]


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 600)) // 2, deadline=None)
@given(st.lists(LATIN_WORDS | CHINESE_RUNS, min_size=1, max_size=14), st.integers(0, 30))
def test_english_text_breaks_between_words_as_rich_does(words, extra):
    """Lines break at the spaces only, where Rich breaks English (as before, for Latin words): a Chinese name in
    English text is a word like any other."""
    plain, width = " ".join(words), max(cell_len(word) for word in words) + extra
    rich = [line.plain.rstrip() for line in Text(plain).wrap(Console(width=200), width)]
    assert [line.plain for line in wrap(Text(plain), width, words=True)] == rich
