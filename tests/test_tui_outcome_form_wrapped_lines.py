"""The outcome form's follow-up preview and status line wrap, Chinese as it is typeset, so that a refusal is read
whole at 80x24: the preview used to be one row cut with "…" ("…请在前面加上“上午”或“下午”，或写成 H…"), and the form
still fits, its keys on its last row, at its tallest (an SMS and a WeChat due add two rows under the title)."""

from __future__ import annotations

from contextlib import closing
from datetime import timedelta

import pytest

from tui_fixtures import NOW, TODAY, build, keys_stay, log_elsewhere, on_screen, settle, sync
from workbench.db import connect
from workbench.followups import schedule
from workbench.screens.app import WorkbenchApp
from workbench.screens.outcome_form import OutcomeForm
from workbench.text_wrap import NO_LINE_START

RETRY = ("The contact rules allow no call to 王芳 before 14:00 on 2026-11-20 (retry delay); book the follow-up for"
         " 14:00 or later, or the day alone, or send an SMS or WeChat, or plan a visit.")
# What the time's row adds while the status says another refusal.
MARKED = {"en": " · not allowed by the contact rules", "zh_CN": " · 联系规则不允许"}
# (language, keys picking the result, follow-up typed, what the preview says under what the time means, if anything)
LONG = [
    ("zh_CN", "", "3点", "“3点”可能是 03:00，也可能是 15:00；请在前面加上“上午”或“下午”，或写成 HH:MM。"),
    ("en", "", "mon 5", "Cannot read the time of day '5'; use HH:MM such as 10:00, or in Chinese 10点, 10点半 or 下午3点."),
    ("en", "", "13pm", "Cannot read the time of day '13pm'; use HH:MM such as 10:00, or in Chinese 10点, 10点半 or 下午3点."),
    ("zh_CN", "", "xyz", "无法识别跟进时间“xyz”；请用明天、3天后、下周、周五、下个月、2026-11-27 或 2026-11-27 10:00。"),
    ("en", "2", "today 1pm", "→ 2026-11-20 (Fri) 13:00\n" + RETRY),   # the longest: three rows, and the time's
    ("zh_CN", "2", "今天下午1点", "→ 2026-11-20（周五）13:00\n按联系规则，2026-11-20 14:00 之前不可给王芳打电话"
     "（重拨间隔）；请把跟进约在不早于 14:00 的时间，或只填日期，也可改发短信或微信，或改为上门拜访。"),
]


@pytest.fixture
def db_file(tmp_path):
    """The app's fixture, with an SMS and a WeChat greeting due today for 王芳 (C0003): the form at its tallest."""
    path = build(tmp_path / "m.sqlite")
    with closing(connect(path)) as conn:
        for channel in ("sms", "wechat"):
            schedule(conn, customer_id="C0003", owner_id="M1", due_on=TODAY, at=NOW - timedelta(days=2),
                     channel=channel, purpose="birthday")
    return path


def read(rows: list[str], lang: str) -> str:
    """Rows read as one text, wherever they break: English words a space apart, Chinese with no spaces at all (a
    row may break at the space between 写成 and HH:MM, which then goes)."""
    return ("" if lang == "zh_CN" else " ").join(" ".join(rows).split())


async def open_tallest(pilot) -> OutcomeForm:
    await settle(pilot)
    pilot.app.push_screen(OutcomeForm("C0003", "王芳"))
    await settle(pilot, 5)
    form = pilot.app.screen
    assert form.query_one("#due-messages").region.height == 2
    return form


@pytest.mark.parametrize("lang, keys, typed, said", LONG)
@sync
async def test_the_preview_shows_a_refusal_whole_and_the_keys_stay_at_80x24(db_file, lang, keys, typed, said):
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_tallest(pilot)
        await pilot.press(*keys)
        form.query_one("#when").value = typed
        await settle(pilot)
        preview = form.query_one("#when-preview")
        rows = on_screen(app, preview)
        assert len(rows) >= 2 and read(rows, lang) == read(said.split("\n"), lang)
        if "\n" in said:
            assert rows[0] == said.split("\n")[0]   # what the time means keeps its row
        assert not any(row[:1] in NO_LINE_START for row in rows)   # no row starts with "，" or "。"
        keys_stay(app, form)


@pytest.mark.parametrize("note", ["", "x" * 2100], ids=["note", "note-too-long"])
@pytest.mark.parametrize("lang, not_saved", [("en", "Not saved: "), ("zh_CN", "未保存：")])
@sync
async def test_the_saves_refusal_is_shown_whole_under_the_time_it_is_about(db_file, lang, not_saved, note):
    """The preview no longer repeats the rules' refusal: the two would not fit together. Nor does it say it beside
    another refusal (a note too long, its count shown): the status was laid out under the border (English) or on
    the keys' row (Chinese). The status wins the rows; the time keeps its own."""
    lang_, keys, typed, said = next(case for case in LONG if case[0] == lang and case[1])
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_tallest(pilot)
        await pilot.press(*keys)
        form.query_one("#when").value = typed
        form.query_one("#note").value = note
        await settle(pilot)
        assert bool(note) == form.query_one("#note-count").display
        await pilot.press("ctrl+s")
        await settle(pilot)
        meant, refusal = said.split("\n")
        # A note too long is the status's: the time's row still marks the time refused, not as if it were accepted.
        assert on_screen(app, form.query_one("#when-preview")) == [meant + (MARKED[lang] if note else "")]
        status = form.query_one("#form-status")
        shown = read(on_screen(app, status), lang)
        assert shown == read([form.status_text], lang) and shown.startswith(not_saved)
        assert ("2,100" in shown) if note else shown == read([not_saved + refusal], lang)
        keys_stay(app, form)
        if note:   # the note shortened, the status goes and the refusal is said whole again
            form.query_one("#note").value = "x"
            await settle(pilot)
            assert not form.status_text
            assert read(on_screen(app, form.query_one("#when-preview")), lang) == read(said.split("\n"), lang)
            keys_stay(app, form)

@sync
async def test_in_english_a_chinese_name_in_the_status_stays_whole(tmp_path):
    """English breaks between words, and a Chinese name is one: 阿依古丽·买 / 买提 was shown."""
    path = build(tmp_path / "name.sqlite")
    log_elsewhere(path, "C0004", "reached", "not_interested", at=NOW - timedelta(days=1))   # a rest until 2026-12-19
    name = "阿依古丽·买买提"
    app = WorkbenchApp(path, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(OutcomeForm("C0004", name))
        await settle(pilot, 5)
        form = app.screen
        await pilot.press("2")
        form.query_one("#when").value = "2026-12-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        rows = on_screen(app, form.query_one("#form-status"))
        assert len(rows) >= 2 and read(rows, "en").startswith("Not saved: ")
        assert [row for row in rows if any(char in row for char in name)] == [row for row in rows if name in row], rows
        assert name in " ".join(rows)

