"""A follow-up due says what it is for, in the agenda's words: on the first morning back from a leave the list called
head office's campaign notices "promised follow-up" (约定跟进) while the agenda named the campaign, and an interest, a
callback and a retry all read alike."""

import datetime as dt

import pytest

from engine_rows import TODAY, WAN, add_customer, add_followup, basic_branch
from tui_fixtures import NOW as APP_NOW, TODAY as APP_TODAY
from tui_fixtures import at_list, book_elsewhere, build, printed, settle, sync
from workbench import campaigns
from workbench.calllist import call_list
from workbench.db import connect
from workbench.scoring import rescore
from workbench.screens.app import WorkbenchApp

NOW = dt.datetime(2026, 3, 10, 8, 45)
# (customer, due, slot, channel, purpose)
BOOKED = [
    ("C1", "2026-03-10", "10:00", "phone", "interested"),
    ("C2", "2026-03-08", None, "phone", "call_back"),
    ("C3", "2026-03-09", None, "phone", "campaign:CD-3Y"),
    ("C4", "2026-03-10", None, "phone", "campaign:GONE"),
    ("C5", "2026-03-10", None, "phone", "maturity"),
    ("C6", "2026-03-10", "14:30", "visit", "appointment"),
    ("C7", "2026-03-09", "15:30", "visit", "interested"),
    ("C8", "2026-03-10", None, "phone", "问问房贷的事"),
    ("C9", "2026-03-10", None, "phone", None),
]
SAID = {
    "en": {"C1": "promised follow-up due today 10:00 · Interested",
           "C2": "promised follow-up, overdue by 2 days (due 2026-03-08) · Call back later",
           "C3": "follow-up, overdue by 1 day (due 2026-03-09) · campaign “三年期大额存单限时发行”",
           "C4": "follow-up due today · campaign GONE",
           "C5": "follow-up due today · maturity roll-over",
           "C6": "visit booked today 14:30",
           "C7": "visit booked, overdue by 1 day (due 2026-03-09 15:30) · Interested",
           "C8": "promised follow-up due today · 问问房贷的事",
           "C9": "promised follow-up due today"},
    "zh_CN": {"C1": "约定今天跟进 10:00 · 有意向",
              "C2": "约定跟进已逾期2天（应于2026-03-08） · 稍后回电",
              "C3": "跟进已逾期1天（应于2026-03-09） · 活动「三年期大额存单限时发行」",
              "C4": "今天跟进 · 活动 GONE",
              "C5": "今天跟进 · 到期承接",
              "C6": "约定今天上门拜访 14:30",
              "C7": "约定上门拜访已逾期1天（应于2026-03-09 15:30） · 有意向",
              "C8": "约定今天跟进 · 问问房贷的事",
              "C9": "约定今天跟进"},
}


def launch(conn, title: str = "三年期大额存单限时发行") -> None:
    campaigns.save(conn, [campaigns.Campaign("CD-3Y", title, "年利率2.15%。", dt.date(2026, 3, 1),
                                             dt.date(2026, 12, 31), "phone")], at=NOW, by_id="M1")


@pytest.fixture
def conn(fresh_db):
    conn = fresh_db.conn
    basic_branch(conn)
    for n in range(1, 10):
        add_customer(conn, f"C{n}", name=f"客户{n}", aum_fen=10 * WAN)
    rescore(conn, TODAY)
    launch(conn)
    for n, (customer, due, slot, channel, purpose) in enumerate(BOOKED):
        add_followup(conn, f"F{n}", customer, due, slot=slot, channel=channel)
        conn.execute("UPDATE followups SET purpose = ? WHERE followup_id = ?", (purpose, f"F{n}"))
    return conn


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_reason_names_what_the_follow_up_is_for_as_the_agenda_does(conn, lang):
    said = {e.customer_id: e.reasons[0].text for e in call_list(conn, "M1", NOW, lang=lang) if e.is_follow_up}
    assert said == SAID[lang]


@pytest.mark.parametrize("lang, line", [
    ("en", "[b]大额[/b]存单: follow-up due today 11:00 · campaign “[b]大额[/b]存单”"),
    ("zh_CN", "[b]大额[/b]存单：今天跟进 11:00 · 活动「[b]大额[/b]存单」"),
])
@sync
async def test_the_line_under_the_list_names_the_campaign_of_a_notice_due(tmp_path, lang, line):
    """The line under the table, as the list gives it, with head office's title as it came (data, no markup)."""
    from workbench.screens.call_list import CallListScreen

    path = build(tmp_path / "campaign.sqlite")
    with connect(path) as db:
        launch(db, "[b]大额[/b]存单")
        db.execute("UPDATE customers SET name = '[b]大额[/b]存单' WHERE customer_id = 'C0001'")
    book_elsewhere(path, "C0001", due_on=APP_TODAY, slot="11:00", at=APP_NOW - dt.timedelta(days=2),
                   purpose="campaign:CD-3Y")
    async with WorkbenchApp(path, now=APP_NOW, lang=lang, user="M1").run_test(size=(160, 40)) as pilot:
        table, ids = await at_list(pilot)
        table.move_to(ids.index("C0001"))
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CallListScreen)
        why = printed(screen.query_one("#why"), 200)
        assert why.startswith(line), why
