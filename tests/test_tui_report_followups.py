"""The report screen counts the follow-ups as `workbench report` does, in the same words and order: today's are due
(one at 14:00 while it is 10:00 too), those booked for later days are not in a period that ends today."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from textual.widgets import Static

from tui_fixtures import NOW, build, pick, printed, settle, sync
from workbench import followups
from workbench.db import connect
from workbench.screens.app import WorkbenchApp

BOOKED = datetime(2026, 11, 16, 9, 0)


def branch(path):
    """tui_fixtures' branch (F-0003, M1's, today at 14:00) and five more of M1's follow-ups: today all day, one
    overdue, one kept on time, one cancelled, one for next week."""
    build(path)
    conn = connect(path)
    try:
        def book(customer: str, day: int, slot: str | None = None) -> str:
            return followups.schedule(conn, customer_id=customer, owner_id="M1", due_on=date(2026, 11, day), slot=slot,
                                      at=BOOKED)

        book("C0004", 20)
        book("C0005", 18)
        followups.complete(conn, book("C0006", 19, "10:00"), at=datetime(2026, 11, 19, 10, 5))
        followups.cancel(conn, book("C0007", 19), at=datetime(2026, 11, 17, 9, 0))
        book("C0008", 24)
    finally:
        conn.close()
    return path


def bar_counts(text: str) -> list[tuple[str, str]]:
    """(label, figure) of each bar the screen draws."""
    return [(m[1].strip(), m[2]) for m in (re.fullmatch(r"\s*(.+?)\s+[█▏▎▍▌▋▊▉]*\s*(\d+)", line)
                                           for line in text.splitlines() if line.strip())]


def cli_counts(cli, path, lang: str) -> list[tuple[str, str]]:
    """(label, figure) of the report's follow-ups line for the app's 7 days."""
    r = cli("--db", path, "--user", "S1", "--lang", lang, "--now", NOW.isoformat(), "report", "--since", "2026-11-14")
    assert r.exit_code == 0, r.stderr
    line = r.stdout.strip().splitlines()[-1]
    return [tuple(part.replace("：", ": ").rsplit(": ", 1)) for part in line.split("  ")]


@pytest.mark.parametrize("lang, today, due", [("en", "still due today", "Follow-ups due"),
                                              ("zh_CN", "今日到期未完成", "到期跟进")])
def test_the_screen_counts_the_follow_ups_as_the_command_does(tmp_path, cli, lang, today, due):
    path = branch(tmp_path / "report.sqlite")
    expected = cli_counts(cli, path, lang)

    @sync
    async def shown():
        app = WorkbenchApp(path, now=NOW, lang=lang, user="S1")
        async with app.run_test(size=(120, 40)) as pilot:
            await pick(pilot, "M1")
            await pilot.press("r")
            await settle(pilot)
            return bar_counts(printed(app.screen.query_one("#report-followups", Static)))

    counts = shown()
    assert counts == expected
    # Due: the one kept on time, the overdue one and today's two (all day, and 14:00 at 10:00); next week's is not in it.
    assert dict(counts)[due] == "4" and dict(counts)[today] == "2" and len(counts) == 6
