"""The date examples in `log --help`, `followup add --help` and `followup move --help` are never broken over two lines
(明 / 天, 两周 / 后, 'all / day'): a manager copies them into a command line. They are glued with a no-break space
or a word joiner (text_wrap.GLUE), neither of which is printed."""

from __future__ import annotations

import pytest

COMMON = ("tomorrow 10:00", "'all day'", "tomorrow all day", "明天", "后天", "大后天", "三天后", "两周后", "两个月后",
          "半个月后", "下个月", "下周二", "下下周五", "11月25日", "25号", "明天 10:00", "明天下午3点", "11月25日 10点",
          "明天 全天")
EXAMPLES = {"en": (*COMMON, "next monday", "fri 3pm"), "zh_CN": (*COMMON, "friday 3pm")}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("command", [("log",), ("followup", "add"), ("followup", "move")])
def test_each_date_example_is_kept_on_one_line(cli, monkeypatch, lang, command):
    for columns in range(60, 131, 7):
        monkeypatch.setenv("COLUMNS", str(columns))
        result = cli("--lang", lang, *command, "--help")
        assert result.exit_code == 0
        assert "\u2060" not in result.stdout and "\u00a0" not in result.stdout
        lines = [line.strip(" │") for line in result.stdout.splitlines()]
        flat = "".join("".join(line.split()) for line in lines)   # the text, its line breaks and spaces gone
        for example in EXAMPLES[lang]:
            whole = sum(line.count(example) for line in lines)
            assert whole and flat.count("".join(example.split())) == whole, (columns, example)


def test_glue_keeps_an_example_whole_and_is_drawn_as_a_space_or_nothing():
    from rich.console import Console
    from rich.text import Text

    from workbench.text_wrap import WrappedText, wrap

    text = Text("也可写两\u2060周\u2060后、'all\u00a0day'、明\u2060天")
    text.stylize("bold", text.plain.index("'"), len(text.plain))
    assert [line.plain for line in wrap(text, 12)] == ["也可写", "两\u2060周\u2060后、", "'all\u00a0day'、", "明\u2060天"]
    console = Console(width=12, color_system=None, record=True)
    console.print(WrappedText(text))
    assert console.export_text().splitlines() == ["也可写", "两周后、", "'all day'、", "明天"]
    bold = "".join(segment.text for segment in console.render(WrappedText(text), console.options)
                   if segment.style and segment.style.bold)
    assert bold == "'all day'、明天"
