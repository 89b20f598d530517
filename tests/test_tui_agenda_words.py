"""The agenda's words: its care-suggestion section named as `workbench followups --suggest` names it, and a key
that does nothing on the highlighted row saying why rather than nothing."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from tui_fixtures import NOW, db_rows, highlight_option, pressed, printed_in, settle, sync
from workbench.screens.agenda import AgendaScreen
from workbench.screens.app import WorkbenchApp


def headings(screen) -> list[str]:
    options = screen.query_one("#agenda")
    return [option.prompt.plain for option in (options.get_option_at_index(i) for i in range(options.option_count))
            if option.disabled]


def cli_heading(cli, db_file) -> str:
    """The heading `workbench followups --suggest` prints over the care suggestions, in Chinese."""
    result = cli("--db", db_file, "--now", NOW.isoformat(), "--lang", "zh_CN", "--user", "M1", "followups", "--suggest")
    assert result.exit_code == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line and not line.startswith(" ")][-1]   # the last heading


@sync
async def test_the_care_suggestions_are_named_as_the_cli_names_them(cli, db_file):
    said = cli_heading(cli, db_file)
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(120, 40)) as pilot:
        await pressed(pilot, AgendaScreen, "f")
        assert said in headings(app.screen) and said.startswith("关怀建议（")


@pytest.mark.parametrize("lang, said", [
    ("en", 'This follow-up is booked already; {key} takes a suggestion from "Care suggestions" below.'),
    ("zh_CN", "这条跟进已在日程上；{key} 键用于采纳下方“关怀建议”中的建议。"),
])
@sync
async def test_accepting_on_a_booked_follow_up_says_what_the_key_takes(db_file, lang, said):
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await pressed(pilot, AgendaScreen, "f")
        await highlight_option(pilot, "#agenda", "F-0003")   # 王芳's call back, booked for today
        for key in ("a", "A"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is screen   # no question asked
            assert printed_in(screen, "#agenda-status").strip() == said.format(key=key)
    assert db_rows(db_file, "SELECT count(*) FROM followups") == [(1,)]   # nothing accepted


@sync
async def test_with_no_suggestion_the_line_says_there_is_none(db_file):
    with closing(sqlite3.connect(db_file)) as conn, conn:   # no birthday, nothing to mature: no care touch
        conn.execute("UPDATE customers SET birthday = NULL, next_maturity_on = NULL")
        conn.execute("DELETE FROM holdings")
    app = WorkbenchApp(db_file, now=NOW, lang="en", user="M1")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await pressed(pilot, AgendaScreen, "f")
        assert not [key for key in screen.items if key.startswith("suggestion-")]
        await pilot.press("a")   # on 王芳's call back, the agenda's first row
        await settle(pilot)
        assert printed_in(screen, "#agenda-status").strip() == (
            "This follow-up is booked already; a takes a care suggestion, and there is none now.")


@sync
async def test_a_purpose_holding_an_escape_sequence_is_drawn_with_it_marked_not_sent_to_the_terminal(db_file):
    """A purpose from another desk's bundle with ESC ]0; in it retitled the manager's terminal from the agenda."""
    with closing(sqlite3.connect(db_file)) as conn, conn:
        conn.execute("UPDATE followups SET purpose = ? WHERE followup_id = 'F-0003'", ("\x1b]0;PWNED\x07问房贷",))
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await pressed(pilot, AgendaScreen, "f")
        row = screen.query_one("#agenda").get_option("F-0003").prompt.plain
        assert "\ufffd]0;PWNED\ufffd问房贷" in row and "\x1b" not in row and "\x07" not in row


@sync
async def test_j_and_k_move_the_highlight_as_on_the_call_list(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await pressed(pilot, AgendaScreen, "f")
        options = screen.query_one("#agenda")
        first = options.highlighted
        await pilot.press("j")
        await settle(pilot)
        assert options.highlighted is not None and options.highlighted > first
        await pilot.press("k")
        await settle(pilot)
        assert options.highlighted == first
        await pilot.press("question_mark")
        await settle(pilot)
        agenda_help = printed_in(app.screen, "#help-keys").split("跟进日程")[1].split("\n\n")[0]
        assert "  ↑,k           上移\n  ↓,j           下移" in agenda_help
