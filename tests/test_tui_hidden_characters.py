"""Bidi controls and zero-width characters in a customer's name (U+202E RIGHT-TO-LEFT OVERRIDE, U+200B, the
isolates U+2066..9, the marks U+200E/F) are drawn as a visible mark wherever the name is shown, in the app and
the CLI's call list, so a name can never reorder or hide what follows it on the line; the stored name is kept."""

from __future__ import annotations

import sqlite3

import pytest
from textual.widgets import DataTable

from tui_fixtures import NOW, TODAY, build, settle, sync
from workbench.db import connect
from workbench.db.followups import append_event
from workbench.db.meta import terminal_id
from workbench.screens.app import WorkbenchApp
from workbench.screens.customer_card import CustomerCardScreen
from workbench.screens.widgets.call_table import CallTable
from workbench.text_wrap import HIDDEN_MARK, shown_name

STEERING = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u200b\u200c\u200d\ufeff\x1b"
NAMES = {"C0001": "\u202e张三\u202c", "C0002": "李\u200d四\u200c五\u200b六", "C0004": "\u2066王\u2069芳\u200e\u200f"}


def clean(text: str) -> bool:
    return not any(char in STEERING for char in text)


@pytest.fixture
def db_file(tmp_path):
    path = build(tmp_path / "hidden.sqlite")
    conn = connect(path)
    try:
        with conn:
            for customer_id, name in NAMES.items():
                conn.execute("UPDATE customers SET name = ? WHERE customer_id = ?", (name, customer_id))
            conn.execute("INSERT INTO customers (customer_id, name, branch_id, aum_fen, priority, tier)"
                         " VALUES ('P1', ?, 'B1', 100000, 50, 0)", (NAMES["C0001"],))
            append_event(conn, followup_id="F-0001", customer_id="C0001", kind="created", at="2026-11-19T09:00:00",
                         terminal_id=terminal_id(conn), by_id="M1", owner_id="M1", due_on=TODAY.isoformat(),
                         channel="phone", purpose="call_back")
    finally:
        conn.close()
    return path


def test_shown_name_marks_what_would_steer_the_line_and_keeps_the_rest():
    assert shown_name("\u202e张三\u202c") == f"{HIDDEN_MARK}张三{HIDDEN_MARK}"
    assert shown_name("李\u200d四\u200c五\u200b六") == f"李{HIDDEN_MARK}四{HIDDEN_MARK}五{HIDDEN_MARK}六"
    assert shown_name("bell \x07 \x1b[31m") == f"bell {HIDDEN_MARK} {HIDDEN_MARK}[31m"
    for kept in ("王芳", "王\u3000芳", "阿依古丽·买买提", "José", "[bold]x[/]", "tab\tinside"):
        assert shown_name(kept) == kept
    assert shown_name(None) == ""


@sync
async def test_the_list_the_card_and_the_agenda_show_the_marks_not_the_characters(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="M1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(CallTable)
        drawn = {table.entry(table.scroll_offset.y + y).customer_id: table.render_line(y).text
                 for y in range(min(table.scrollable_content_region.height, table.total))}
        for customer_id in NAMES:
            assert clean(drawn[customer_id]) and HIDDEN_MARK in drawn[customer_id], drawn[customer_id]
        row = next(n for n in range(table.total) if table.entry(n).customer_id == "C0001")
        table.move_to(row)
        await settle(pilot)
        why = app.screen.query_one("#why").content.plain
        assert why.startswith(f"{HIDDEN_MARK}张三{HIDDEN_MARK}：") and clean(why)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCardScreen)
        title = app.screen.query_one("#card-title").render().plain
        assert title.startswith(f"{HIDDEN_MARK}张三{HIDDEN_MARK}  C0001") and clean(title)
        script = "".join(part.content.plain for part in app.screen.query(".script-part"))
        assert clean(script)
        await pilot.press("o")
        await settle(pilot)
        assert app.screen.customer_name == f"{HIDDEN_MARK}张三{HIDDEN_MARK}"   # the form's title and questions
        await pilot.press("escape")
        await settle(pilot)
        app.pop_screen()
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        agenda = app.screen.query_one("#agenda")
        rows = [agenda.get_option_at_index(n).prompt.plain for n in range(agenda.option_count)]
        assert any(f"{HIDDEN_MARK}张三{HIDDEN_MARK}" in row for row in rows) and all(clean(row) for row in rows)


@sync
async def test_the_pool_shows_the_marks(db_file):
    app = WorkbenchApp(db_file, now=NOW, lang="zh_CN", user="S1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one("#staff").highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        pool = app.screen.query_one("#pool", DataTable)
        assert str(pool.get_row_at(0)[1]) == f"{HIDDEN_MARK}张三{HIDDEN_MARK}"


def test_the_cli_call_list_shows_the_marks(cli, db_file):
    result = cli("--db", db_file, "--now", NOW.isoformat(), "--lang", "zh_CN", "--user", "M1", "calllist", "--manager", "M1")
    assert result.exit_code == 0 and clean(result.stdout) and f"{HIDDEN_MARK}张三{HIDDEN_MARK}" in result.stdout
    with sqlite3.connect(db_file) as conn:   # the stored name is as it was
        assert conn.execute("SELECT name FROM customers WHERE customer_id = 'C0001'").fetchone()[0] == NAMES["C0001"]
