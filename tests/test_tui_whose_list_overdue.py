"""The supervisor's "Whose call list?" says beside each manager how many of their follow-ups are overdue: while a
manager was away three weeks nothing warned the supervisor that her promises were lapsing (the count was shown only
for the follow-ups a supervisor holds)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.widgets import OptionList

from tui_fixtures import NOW, TODAY, build, settle, sync
from workbench import campaigns
from workbench.db import connect
from workbench.db.followups import append_event
from workbench.db.meta import terminal_id
from workbench.screens.app import WorkbenchApp
from workbench.screens.who_am_i import WhoAmIScreen
from workbench.session import list_staff, managers_overdue
from workbench.txn import write_transaction


def book(conn, followup_id: str, customer_id: str, owner_id: str, days_late: int, purpose: str = "call_back",
         status: str | None = None) -> None:
    due = (TODAY - timedelta(days=days_late)).isoformat()
    append_event(conn, followup_id=followup_id, customer_id=customer_id, kind="created", at="2026-10-20T10:00:00",
                 terminal_id=terminal_id(conn), by_id=owner_id, owner_id=owner_id, due_on=due, purpose=purpose)
    if status is not None:
        append_event(conn, followup_id=followup_id, customer_id=customer_id, kind=status, at="2026-10-21T10:00:00",
                     terminal_id=terminal_id(conn), by_id=owner_id)


@pytest.fixture
def db_file(tmp_path):
    """M2 (陈静) holds three follow-ups overdue and one due today; beside them one done, one of a campaign over (no
    work left), one of M1's due today (the fixture's), none of M1's overdue."""
    path = build(tmp_path / "overdue.sqlite")
    with connect(path) as conn, write_transaction(conn):
        campaigns.save(conn, [campaigns.Campaign("OVER", "已结束的活动", "…", date(2026, 10, 1), date(2026, 10, 31),
                                                 "phone")], at=NOW, by_id="S1")
        for n, late in enumerate((20, 3, 1, 0)):
            book(conn, f"F-L{n}", "C9001", "M2", late)
        book(conn, "F-done", "C9001", "M2", 10, status="done")
        book(conn, "F-over", "C9001", "M2", 25, purpose="campaign:OVER")
    return path


def test_each_manager_with_the_follow_ups_overdue_in_one_read(db_file):
    with connect(db_file) as conn:
        supervisor, m1 = list_staff(conn)[:2]
        counts = [(m.staff_id, n) for m, n in managers_overdue(conn, supervisor, TODAY)]
        assert counts == [("M1", 0), ("M2", 3)]
        assert [(m.staff_id, n) for m, n in managers_overdue(conn, m1, TODAY)] == [("M1", 0)]   # a manager: themself


@pytest.mark.parametrize("lang, said", [("en", "陈静  M2  manager · 3 follow-ups overdue"),
                                        ("zh_CN", "陈静  M2  客户经理 · 3 项跟进已逾期")])
@sync
async def test_the_picker_shows_each_managers_overdue_follow_ups(db_file, lang, said):
    async with WorkbenchApp(db_file, now=NOW, lang=lang, user="S1").run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, WhoAmIScreen)
        options = pilot.app.screen.query_one("#staff", OptionList)
        shown = {options.get_option_at_index(i).id: options.get_option_at_index(i).prompt.plain
                 for i in range(options.option_count)}
        assert " ".join(shown["M2"].split()) == " ".join(said.split())
        assert "overdue" not in shown["M1"] and "逾期" not in shown["M1"]
