"""The agenda's birthday greeting says the day as the card does: 今天生日 on the day, 明天生日 the day before
(not '2026-11-20 生日。' beside a card that says 今天生日); the row's day column gives the date."""

from __future__ import annotations

import sqlite3

import pytest

from tui_fixtures import NOW, build, pressed, sync
from workbench.screens.agenda import AgendaScreen
from workbench.screens.app import WorkbenchApp
from workbench.screens.customer_card import CustomerCardScreen


@pytest.fixture
def db_file(tmp_path):
    path = build(tmp_path / "birthdays.sqlite")
    with sqlite3.connect(path) as conn:   # the others' birthday is 11-23, in 3 days
        conn.execute("UPDATE customers SET birthday = '1970-11-20' WHERE customer_id = 'C0004'")
        conn.execute("UPDATE customers SET birthday = '1981-11-21' WHERE customer_id = 'C0002'")
    return path


def birthday_reasons(agenda) -> dict[str, str]:
    return {s.customer_id: s.reason for key, s in agenda.items.items() if key.startswith("suggestion-") and s.kind == "birthday"}


@pytest.mark.parametrize("lang, today, tomorrow, later, card", [
    ("zh_CN", "今天生日。", "明天生日。", "3天后生日。", "今天生日"),
    ("en", "Birthday today.", "Birthday tomorrow.", "Birthday in 3 days.", "Birthday today"),
])
@sync
async def test_the_birthday_suggestion_says_today_and_tomorrow_as_the_card_does(db_file, lang, today, tomorrow, later, card):
    async with WorkbenchApp(db_file, now=NOW, lang=lang, user="M1").run_test(size=(100, 30)) as pilot:
        agenda = await pressed(pilot, AgendaScreen, "f")
        reasons = birthday_reasons(agenda)
        assert (reasons["C0004"], reasons["C0002"], reasons["C0001"]) == (today, tomorrow, later)
        options = agenda.query_one("#agenda")
        options.highlighted = next(n for n in range(options.option_count)
                                   if options.get_option_at_index(n).id == f"suggestion-birthday-C0004-{NOW.date()}")
        shown = await pressed(pilot, CustomerCardScreen, "enter")
        assert shown.query_one("#profile").content.plain.startswith(card)
