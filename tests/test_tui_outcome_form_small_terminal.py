"""On a terminal too short for the outcome form (60x20) the form scrolls, and the field in focus and what is said
about it stay on screen: the follow-up box being typed in, its refusal and "Not saved" were below the dialog's edge,
so the manager typed into a box they could not see and ctrl+s seemed to do nothing."""

from __future__ import annotations

import pytest
from textual.events import Paste

import test_tui_outcome_form_wrapped_lines as tallest
from test_tui_outcome_form_wrapped_lines import read
from tui_fixtures import NOW, on_screen, settle, sync
from workbench.screens.app import WorkbenchApp
from workbench.screens.outcome_form import OutcomeForm

REFUSED = {
    "en": ("Cannot read the follow-up time 'zzz'; try tomorrow 3pm, friday 10:00, next monday, +3d, next-month,"
           " 2026-11-27 or 2026-11-27 10:00.", "Not saved: The note has 3,000 characters; the most is 2,000."),
    "zh_CN": ("无法识别跟进时间“zzz”；请用明天、3天后、下周、周五、下个月、2026-11-27 或 2026-11-27 10:00。",
              "未保存：备注有 3,000 个字符，最多 2,000 个。"),
}

# The app's fixture with an SMS and a WeChat greeting due today for 王芳 (C0003): the form at its tallest.
db_file = tallest.db_file


def in_view(app, form, widget) -> bool:
    """Whether the whole of widget is inside the dialog's visible rows, above its keys, and on the screen."""
    box, keys = form.query_one("#form").region, form.query_one("#keys-hint").region
    region = widget.region
    return bool(region) and box.y < region.y and region.bottom <= keys.y and keys.bottom <= app.size.height


async def wang_fangs_form(pilot) -> OutcomeForm:
    """王芳's outcome form, opened on the settled app: the fixture's form at its tallest."""
    await settle(pilot)
    pilot.app.push_screen(OutcomeForm("C0003", "王芳"))
    await settle(pilot, 5)
    return pilot.app.screen


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_at_60x20_the_follow_up_box_its_refusal_and_not_saved_are_on_screen(db_file, lang):
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(60, 20)) as pilot:
        form = await wang_fangs_form(pilot)
        await pilot.press("1", "3", "tab", "tab", "tab")   # reached, interested; past Contact by and the reason
        note = form.query_one("#note")
        assert form.focused is note
        app.post_message(Paste("客户说下周再来。" * 375))   # 3,000 characters
        await settle(pilot)
        assert in_view(app, form, note) and in_view(app, form, form.query_one("#note-count"))
        await pilot.press("tab", *"zzz")
        await settle(pilot)
        when, preview = form.query_one("#when"), form.query_one("#when-preview")
        assert form.focused is when and in_view(app, form, when) and on_screen(app, when)[0].startswith("zzz")
        assert in_view(app, form, preview) and read(on_screen(app, preview), lang) == read([REFUSED[lang][0]], lang)
        await pilot.press("ctrl+s")
        await settle(pilot)
        status = form.query_one("#form-status")
        assert form.status_text == REFUSED[lang][1]
        assert in_view(app, form, status) and read(on_screen(app, status), lang) == read([REFUSED[lang][1]], lang)
        assert in_view(app, form, when) and in_view(app, form, preview)   # and still the box typed in
        # Back up to the note with shift+tab: it is scrolled into view again, its count under it.
        await pilot.press("shift+tab")
        await settle(pilot)
        assert form.focused is note and in_view(app, form, note) and in_view(app, form, form.query_one("#note-count"))


@sync
async def test_at_80x24_a_long_note_of_several_lines_leaves_the_follow_up_box_in_view(db_file):
    """The form at its tallest filled 80x24 with no row to spare; a long note of several lines takes two more rows,
    its count one."""
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await wang_fangs_form(pilot)
        await pilot.press("2", "tab", "tab", "tab")
        app.post_message(Paste("one\ntwo\nthree " + "x" * 2100))
        await settle(pilot)
        assert len(on_screen(app, form.query_one("#note"))) == 3   # its last three rows, wrapped; the rest scrolls
        await pilot.press("tab", *"zzz")
        await settle(pilot)
        assert in_view(app, form, form.query_one("#when")) and in_view(app, form, form.query_one("#when-preview"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert form.status_text == "Not saved: The note has 2,114 characters; the most is 2,000."
        assert in_view(app, form, form.query_one("#form-status")) and in_view(app, form, form.query_one("#when"))
