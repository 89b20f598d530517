"""Formula neutralisation: dangerous first characters get an apostrophe, everything else is untouched."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.sync.cells import FORMULA_STARTS, neutralise, restore


def test_the_known_injections_are_neutralised():
    for text in ("=1+1", "+86 138", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x","点我")', "'=1"):
        assert neutralise(text) == "'" + text
    for text in ("", "张三", "138****5678", "a=b", " =1", "2026-11-20", "1-2"):
        assert neutralise(text) == text


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_every_string_comes_back_byte_for_byte(text):
    cell = neutralise(text)
    assert restore(cell) == text
    assert not cell or cell[0] not in FORMULA_STARTS - {"'"}
    if not text or text[0] not in FORMULA_STARTS:
        assert cell == text
