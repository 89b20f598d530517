"""A list row's hanging indent: the text wraps under itself, and wraps whole when the line is too narrow."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from workbench.screens.widgets.hanging_text import HangingText


def test_a_hanging_row_wraps_under_its_text_not_under_its_prefix():
    console = Console(width=26, record=True, color_system=None)
    console.print(HangingText(Text("11-20 王芳  "), Text("已唤醒：回访电话。请于本周内联系")))
    lines = console.export_text().splitlines()
    assert lines == ["11-20 王芳  已唤醒：回访电", "            话。请于本周内", "            联系"]
    narrow = Console(width=20, record=True, color_system=None)   # too narrow to hang: wraps as one text
    narrow.print(HangingText(Text("11-20 王芳  "), Text("已唤醒：回访电话")))
    assert narrow.export_text().splitlines() == ["11-20 王芳  已唤醒：", "回访电话"]
