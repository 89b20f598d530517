"""Enumerations in a sentence are joined one way, i18n.join_list: the list comma (、 in Chinese), and with last=AND
or OR the word before the last item (和, 或)."""

from __future__ import annotations

import pytest
from rich.text import Text

from workbench.i18n import AND, OR, join_list


@pytest.mark.parametrize("items, lang, last, said", [
    ([], "en", AND, ""),
    (["a"], "en", AND, "a"),
    (["a", "b"], "en", None, "a, b"),
    (["a", "b", "c"], "zh_CN", None, "a、b、c"),
    (["a", "b"], "en", AND, "a and b"),
    (["元旦", "国庆节", "重阳节"], "zh_CN", AND, "元旦、国庆节和重阳节"),
    (["y", "n", "esc"], "en", OR, "y, n or esc"),
    (["n", "esc"], "zh_CN", OR, "n 或 esc"),
    (["customer_id（例如“客户号”）", "name"], "zh_CN", AND, "customer_id（例如“客户号”）和 name"),
    (["王芳", "M2"], "zh_CN", AND, "王芳和 M2"),
    (["M1", "李娜", "M3"], "zh_CN", OR, "M1、李娜或 M3"),
])
def test_items_are_joined_as_the_language_lists_them(items, lang, last, said):
    assert join_list(items, lang, last=last) == said


def test_rich_text_items_stay_text_with_their_styles():
    """Names are data: a manager's bold name stays a styled span, never markup read from the text."""
    joined = join_list([Text.assemble(("[b]李娜[/b]", "bold"), " (M1)"), Text("陈静 (M2)")], "zh_CN", last=AND)
    assert isinstance(joined, Text) and joined.plain == "[b]李娜[/b] (M1)和陈静 (M2)"
    assert [(s.start, s.end, s.style) for s in joined.spans] == [(0, 9, "bold")]


@pytest.mark.parametrize("lang, keys, said", [
    ("en", ["x", "esc"], "x or esc"), ("en", ["n", "q", "esc"], "n, q or esc"), ("zh_CN", ["n", "esc"], "n 或 esc"),
])
def test_either_key_names_the_keys_any_of_which_does_it(lang, keys, said):
    from workbench.i18n import get_language, set_language
    from workbench.screens.widgets.key_bar import either_key

    before = get_language()
    set_language(lang)
    try:
        assert either_key(keys) == said
    finally:
        set_language(before)


@pytest.mark.parametrize("lang, said", [
    ("en", "SMS 1, WeChat 2, Visit 3"), ("zh_CN", "短信 1 次、微信 2 次、上门拜访 3 次"),
])
def test_the_day_summary_lists_other_channels_in_their_order(lang, said):
    from collections import Counter

    from workbench.i18n import get_language, set_language
    from workbench.screens.day_summary import Contacts

    before = get_language()
    set_language(lang)
    try:
        assert Contacts(others=Counter(visit=3, wechat=2, sms=1)).others_text() == said
        assert Contacts().others_text() == ""
    finally:
        set_language(before)
