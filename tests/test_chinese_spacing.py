"""Chinese text puts a space between a Chinese character and Latin letters or digits (the catalogue's convention:
"客户 {id} 已改由 {manager} 管户"), as the messages are shown, with their placeholders filled in: "值应为1 到" and
"B100的 calllist.daily_target" were seen where a placeholder's value began or ended in Latin or digits."""

from __future__ import annotations

import re

import pytest

from workbench import settings
from workbench.errors import WorkbenchError
from workbench.i18n import gettext, set_language

# A Chinese character touching a Latin letter or a digit.
_TOUCHING = re.compile(r"[\u4e00-\u9fff][A-Za-z0-9]|[A-Za-z0-9][\u4e00-\u9fff]")


def _touching(text: str) -> list[str]:
    return [text[max(0, m.start() - 6):m.end() + 6] for m in _TOUCHING.finditer(text)]


@pytest.mark.parametrize("key, value", [
    ("calllist.daily_target", "x"),            # a whole number from 0 to 1,000,000
    ("tiers.near_next_pct", 120),               # a percentage from 0 to below 100
    ("contact.window_start", "9am"),            # a time of day as HH:MM
    ("segments.dormant_min_score", 0),          # a number above 0 and below 100
])
def test_a_settings_kind_follows_its_sentence_with_the_spacing_of_chinese(key, value):
    set_language("zh_CN")
    with pytest.raises(WorkbenchError) as refused:
        settings.check_value(key, value)
    said = str(refused.value)
    assert said.startswith(f"设置项 {key} 的值应为") and _touching(said) == []


@pytest.mark.parametrize("where", ["B100", "全行"])
@pytest.mark.parametrize("message", [
    "{key} for {where} is already {value}; nothing changed.",
    "{key} for {where}: {before} -> {after}.",
    "{where} has no value of its own for {key}; nothing changed.",
    "The stored setting {key} for {where} is unusable ({problem}); correct it with `workbench settings set` or remove"
    " it with `workbench settings unset`.",
    "At {where}, contact.window_start ({start}) must be before contact.window_end ({end}).",
    "At {where}, {key} ({tier}) is above the top tier of tiers.lines_fen ({top}).",
])
def test_a_scope_reads_the_same_whether_a_branch_id_or_the_bank(message, where):
    """{where} is a branch id (B100) or the bank (全行): the sentence must read right with either."""
    shown = gettext(message, "zh_CN").format(where=where, key="calllist.daily_target", value="30", before="20",
                                             after="30", problem="值有误", start="09:00", end="08:00", tier="2", top="1")
    assert _touching(shown) == [], shown


@pytest.mark.parametrize("message, name, said", [
    ("按联系规则，{day} 之前不可给 {name} 打电话", "谭刚", "按联系规则，2026-11-20 之前不可给谭刚打电话"),
    ("按联系规则，{day} 之前不可给 {name} 打电话", "Tom Lee", "按联系规则，2026-11-20 之前不可给 Tom Lee 打电话"),
    ("请输入 {name} 的密码：", "李娜", "请输入李娜的密码："),
    ("{name} 是否要求今后不再来电？", "努尔麦麦提", "努尔麦麦提是否要求今后不再来电？"),
    ("{name} 是否要求今后不再来电？", "C0012", "C0012 是否要求今后不再来电？"),
    ("由 {name}改派给 {day}", "未分配客户池", "由未分配客户池改派给 2026-11-20"),
    ("由{name}改派给{day}", "M3", "由 M3 改派给 2026-11-20"),
    ("（{name}）{day}", "王芳", "（王芳）2026-11-20"),
    ("PIN for {name}:", "李娜", "PIN for 李娜:"),
    ("Did {name} ask, by {day}?", "Tom", "Did Tom ask, by 2026-11-20?"),
])
def test_a_name_is_set_into_a_sentence_as_chinese_is_set_beside_it(message, name, said):
    """fill: no space between a Chinese name and Chinese text, a space beside Latin letters or digits (as join_list
    sets a Chinese word beside Latin); English as written."""
    from workbench.i18n import fill

    assert fill(message, name=name, day="2026-11-20") == said
