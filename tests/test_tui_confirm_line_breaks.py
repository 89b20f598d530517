"""The do-not-call question reads as Chinese is typeset: at 80x24 no line of the dialog starts with
closing punctuation (the detail's 。 fell alone onto a line of its own)."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.geometry import Region
from textual.widgets import Static
from tui_fixtures import settle, sync

from workbench import i18n
from workbench.screens.confirm import ConfirmScreen, with_name
from workbench.screens.confirm_do_not_call import ConfirmDoNotCallScreen
from workbench.text_wrap import NO_LINE_END, NO_LINE_START


async def dialog_lines(lang: str, name: str, size: tuple[int, int]) -> list[str]:
    i18n.set_language(lang)
    app = App()
    async with app.run_test(size=size) as pilot:
        await app.push_screen(ConfirmDoNotCallScreen(name))
        await settle(pilot)
        return [strip.text.rstrip() for static in app.screen.query(Static)
                for strip in static.render_lines(Region(0, 0, static.size.width, static.size.height))]


@sync
@pytest.mark.parametrize("size", [(80, 24), (50, 24), (36, 24)])
async def test_no_line_of_the_chinese_dialog_starts_with_closing_punctuation(size):
    lines = [line for line in await dialog_lines("zh_CN", "欧阳娜娜", size) if line]
    assert "".join(lines).count("。") == 1 and len(lines) >= 5
    assert not any(line[0] in NO_LINE_START for line in lines), lines
    assert not any(line[-1] in NO_LINE_END for line in lines), lines


@sync
async def test_the_english_dialog_wraps_between_words():
    lines = await dialog_lines("en", "John Smith", (80, 24))
    assert "Saving takes the customer off every call list at once" in lines
    assert "and cancels their follow-ups." in lines


@sync
@pytest.mark.parametrize("lang, name, question", [
    ("zh_CN", "努尔麦麦提", "努尔麦麦提是否要求今后不再来电？"),
    ("zh_CN", "Tom Lee", "Tom Lee 是否要求今后不再来电？"),
    ("en", "努尔麦麦提", "Did 努尔麦麦提 ask never to be called again?"),
])
async def test_the_question_sets_the_name_into_the_sentence_as_chinese_is_set(lang, name, question):
    """No space between a Chinese name and the Chinese after it (努尔麦麦提 是否 was shown); one beside Latin."""
    assert question in " ".join(await dialog_lines(lang, name, (80, 24)))



@sync
@pytest.mark.parametrize("width", range(40, 81, 4))
async def test_in_english_a_chinese_name_is_never_split_over_two_lines(width):
    """English breaks between words, and a Chinese name is one word (阿依古丽·买 / 买提 was shown)."""
    i18n.set_language("en")
    name = "阿依古丽·买买提"
    app = App()
    async with app.run_test(size=(width, 24)) as pilot:
        await app.push_screen(ConfirmScreen("Delete", with_name("The rules allow no call, SMS or WeChat to {name} today.",
                                                                name), "", "{yes} yes · {no} no"))
        await settle(pilot)
        question = app.screen.query_one("#confirm-question", Static)
        lines = [strip.text.rstrip() for strip in question.render_lines(Region(0, 0, question.size.width, question.size.height))]
    assert [line for line in lines if "阿" in line or "提" in line] == [line for line in lines if name in line], lines
    assert any(name in line for line in lines)
