"""The card's reasons are the list's: a follow-up due, which puts the customer first on the list, heads them on the
card too, in the same words (calllist.explain, the one source of both)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tui_fixtures import NOW, TODAY, at_list, book_elsewhere, build, card_after, printed, settle, sync
from workbench.calllist import call_list
from workbench.db import connect
from workbench.screens.app import WorkbenchApp


@pytest.fixture
def db_file(tmp_path):
    """M1's list, with a call promised to C0005 four days ago, now overdue."""
    path = build(tmp_path / "reasons.sqlite")
    book_elsewhere(path, "C0005", followup_id="F-0005", due_on=TODAY - timedelta(days=4), slot=None,
                   at=NOW - timedelta(days=5))
    return path


def list_reasons(path, customer_id: str, lang: str) -> list[str]:
    with connect(path) as conn:
        entry = next(e for e in call_list(conn, "M1", NOW, lang=lang) if e.customer_id == customer_id)
    return [r.text for r in entry.reasons]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_the_card_heads_its_reasons_with_the_overdue_follow_up_the_list_put_first(db_file, lang):
    said = list_reasons(db_file, "C0005", lang)
    assert said[0] == {"en": "promised follow-up, overdue by 4 days (due 2026-11-16)",
                       "zh_CN": "约定跟进已逾期4天（应于2026-11-16）"}[lang]
    async with WorkbenchApp(db_file, now=NOW, lang=lang, user="M1").run_test(size=(160, 50)) as pilot:
        _table, ids = await at_list(pilot)
        assert ids[0] == "C0005"
        assert await card_after(pilot, "enter") == "C0005"
        await settle(pilot, 5)
        shown = [line.strip() for line in printed(pilot.app.screen.query_one("#reasons"), 200).splitlines()
                 if line.strip()]
        # Each of the list's reasons, in its order, the follow-up first and with no points of its own.
        assert shown[0] == "• " + said[0]
        assert [line.removeprefix("• ").rsplit(" ", 1)[0].rstrip() for line in shown[1:]] == said[1:]


@sync
async def test_a_card_opened_from_the_agenda_names_the_follow_up_due_too(db_file):
    from workbench.screens.customer_card import CustomerCardScreen

    async with WorkbenchApp(db_file, now=NOW, lang="en", user="M1").run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        pilot.app.push_screen(CustomerCardScreen("C0003"))   # due today at 14:00 (the fixture's F-0003)
        await settle(pilot, 5)
        assert printed(pilot.app.screen.query_one("#reasons"), 200).startswith("• promised follow-up due today 14:00\n")
