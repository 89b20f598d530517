"""A long agenda is drawn a page at a time: a section shows its first PAGE rows, then a row saying how many more
there are; the open key on it shows the next page, the highlight on the first of them. Every row read is still acted
on: accept-all counts and accepts the suggestions not drawn yet too, and a reload after `a` keeps the pages shown and
the highlight. (The busiest manager of a 200,000-customer branch has 4,000 care suggestions; drawn whole, the agenda
took over a second to appear, and again after every key that changes it.) Here PAGE is cut to 60, so the sample's
195 suggestions of M001 run to four pages."""

from __future__ import annotations

import sqlite3
from contextlib import asynccontextmanager

import pytest

from tui_fixtures import NOW, option_ids, pressed, sample_copy, settle, sync
from workbench import followups
from workbench.screens import agenda as agenda_module
from workbench.screens.agenda import MORE, AgendaScreen
from workbench.screens.app import WorkbenchApp

PAGE = 60


@pytest.fixture(autouse=True)
def short_pages(monkeypatch):
    monkeypatch.setattr(agenda_module, "PAGE", PAGE)


def suggestions_read(db) -> list:
    with sqlite3.connect(db) as conn:
        return followups.care_suggestions(conn, "M001", NOW.date())


def drawn(options) -> list[str]:
    return [key for key in option_ids(options) if key and key.startswith("suggestion-")]


def highlighted_id(options) -> str:
    return options.get_option_at_index(options.highlighted).id


@asynccontextmanager
async def agenda_of_m001(db):
    """The app on db as M001 (100 columns: a row a line), its agenda open: pilot, screen, list."""
    app = WorkbenchApp(db, now=NOW, lang="en", user="M001")
    async with app.run_test(size=(100, 30)) as pilot:
        agenda = await pressed(pilot, AgendaScreen, "f")
        yield pilot, agenda, agenda.query_one("#agenda")


@sync
async def test_the_suggestions_come_a_page_at_a_time_and_the_open_key_shows_the_next(tmp_path):
    db = sample_copy(tmp_path)
    total = len(suggestions_read(db))
    assert total > 3 * PAGE
    async with agenda_of_m001(db) as (pilot, agenda, options):
        assert len([key for key in agenda.items if key.startswith("suggestion-")]) == total   # every one read
        assert drawn(options) == agenda.sections["suggestions"][:PAGE]
        assert option_ids(options)[-1] == MORE + "suggestions"
        assert options.get_option_at_index(options.option_count - 1).prompt.plain == (
            f"  {total - PAGE} more not shown: ⏎ shows the next {PAGE}.")
        await pilot.press("end", "enter")   # the "more" row: no card opens, the next page is drawn
        await settle(pilot)
        assert pilot.app.screen is agenda
        assert drawn(options) == agenda.sections["suggestions"][:2 * PAGE]
        assert highlighted_id(options) == agenda.sections["suggestions"][PAGE]
        assert round(options.scroll_y) == options._index_to_line[options.highlighted]   # at the top, the page below
        await pilot.press("end", "enter", "end", "enter")
        await settle(pilot)
        assert drawn(options) == agenda.sections["suggestions"] and MORE + "suggestions" not in option_ids(options)


@sync
async def test_the_last_few_are_counted_without_a_next_page(tmp_path):
    db = sample_copy(tmp_path)
    left = len(suggestions_read(db)) - 3 * PAGE
    assert 1 < left < PAGE
    async with agenda_of_m001(db) as (pilot, agenda, options):
        await pilot.press("end", "enter", "end", "enter")
        await settle(pilot)
        assert options.get_option_at_index(options.option_count - 1).prompt.plain == (
            f"  {left} more not shown: ⏎ shows them.")


@sync
async def test_accept_all_takes_the_suggestions_not_drawn_yet_too(tmp_path):
    db = sample_copy(tmp_path)
    async with agenda_of_m001(db) as (pilot, agenda, options):
        shown = set(drawn(options))
        kind = "kyc"   # the sample's suggestions of this kind run past the first page
        alike = [key for key, s in agenda.items.items() if key.startswith("suggestion-") and s.kind == kind]
        assert set(alike) - shown and set(alike) & shown   # some of its kind are below the page
        options.highlighted = options.get_option_index(next(key for key in alike if key in shown))
        await pilot.press("A")
        await settle(pilot)
        question = str(pilot.app.screen.query_one("#confirm-question").render())
        assert question.startswith(f"Add all {len(alike)} suggestions of this kind")
        await pilot.press("y")
        await settle(pilot, 5)
        assert not [key for key in alike if key in agenda.items]
    assert not [s for s in suggestions_read(db) if s.kind == kind]


@sync
async def test_accepting_on_a_later_page_keeps_the_pages_and_the_highlight(tmp_path):
    db = sample_copy(tmp_path)
    async with agenda_of_m001(db) as (pilot, agenda, options):
        await pilot.press("end", "enter")
        await settle(pilot)
        ids = agenda.sections["suggestions"]
        options.highlighted = options.get_option_index(ids[PAGE + 5])
        await pilot.press("a")
        await settle(pilot, 5)
        assert ids[PAGE + 5] not in agenda.items   # a follow-up now
        assert highlighted_id(options) == ids[PAGE + 6]
        assert len(drawn(options)) == 2 * PAGE   # the second page is still drawn, one more slid up into it
