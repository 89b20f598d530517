"""The day summary counts phone calls as calls, with their answer rate, as the report's hours do; visits, WeChat
and SMS are counted on their own beside them. It once counted every contact as a call (外呼 480 次, 接通 198 次,
where the log held 444 calls, 172 answered, 21 visits and 15 WeChat messages)."""

from __future__ import annotations

from contextlib import closing
from datetime import timedelta

import pytest
from textual.widgets import Sparkline

from tui_fixtures import NOW, build, pick, pressed, settle, sync
from workbench.db import open_db
from workbench.outcomes import log_outcome
from workbench.screens.app import WorkbenchApp
from workbench.screens.day_summary import DaySummaryScreen

YESTERDAY = NOW - timedelta(days=1)

# customer, manager, channel, line result, outcome, when: M1's day is 4 calls (2 answered), a visit, two WeChat
# messages and an SMS to 8 customers, 4 of them reached; yesterday a call and a visit; M2 one call today.
CONTACTS = [
    ("C0001", "M1", "phone", "reached", "interested", NOW),
    ("C0002", "M1", "phone", "no_answer", None, NOW),
    ("C0003", "M1", "phone", "busy", None, NOW),
    ("C0004", "M1", "phone", "reached", "not_interested", NOW),
    ("C0005", "M1", "visit", "reached", "appointment", NOW),
    ("C0006", "M1", "wechat", "reached", "interested", NOW),
    ("C0007", "M1", "wechat", "no_answer", None, NOW),
    ("C0010", "M1", "sms", "no_answer", None, NOW),
    ("C0008", "M1", "phone", "no_answer", None, YESTERDAY),
    ("C0009", "M1", "visit", "reached", "interested", YESTERDAY),
    ("C9001", "M2", "phone", "reached", "interested", NOW),
]

_SAID = {
    "en": {"legend": "2026-10-22 to 2026-11-20: calls 5, answered 2\nOther contacts: SMS 1, WeChat 2, Visit 2",
           "M1": "calls 4 · answered 2 · answer rate 50% · customers 8, reached 4",
           "M1 others": "Other contacts: SMS 1, WeChat 2, Visit 1",
           "M2": "calls 1 · answered 1 · answer rate 100% · customers 1, reached 1",
           "all legend": "2026-10-22 to 2026-11-20: calls 6, answered 3\nOther contacts: SMS 1, WeChat 2, Visit 2"},
    "zh_CN": {"legend": "2026-10-22 至 2026-11-20：外呼 5 次，接通 2 次\n另有短信 1 次、微信 2 次、上门拜访 2 次",
              "M1": "外呼 4 次 · 接通 2 次 · 接通率（按通话）50% · 联系客户 8 位，接通 4 位",
              "M1 others": "另有短信 1 次、微信 2 次、上门拜访 1 次",
              "M2": "外呼 1 次 · 接通 1 次 · 接通率（按通话）100% · 联系客户 1 位，接通 1 位",
              "all legend": "2026-10-22 至 2026-11-20：外呼 6 次，接通 3 次\n另有短信 1 次、微信 2 次、上门拜访 2 次"},
}


@pytest.fixture
def db_file(tmp_path):
    path = build(tmp_path / "summary.sqlite")
    with closing(open_db(path).conn) as conn:
        for customer_id, manager_id, channel, line_result, outcome, at in CONTACTS:
            log_outcome(conn, customer_id=customer_id, manager_id=manager_id, line_result=line_result, at=at,
                        business_outcome=outcome, channel=channel, rescore=False)
    return path


def lines(screen) -> list[str]:
    return [line.strip() for line in str(screen.query_one("#summary").render()).splitlines()]


def legend(screen) -> str:
    return screen.query_one("#spark-legend").content.plain   # WrappedText: its sentence


async def opened(pilot) -> DaySummaryScreen:
    """The day summary, opened with s and loaded."""
    screen = await pressed(pilot, DaySummaryScreen, "s")
    await settle(pilot)
    return screen


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_calls_are_phone_calls_and_other_channels_are_counted_on_their_own(db_file, lang):
    said = _SAID[lang]
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot)
        assert legend(screen) == said["legend"]
        assert list(screen.query_one("#spark", Sparkline).data)[-3:] == [0, 1, 4]   # calls a day, not contacts
        assert lines(screen)[1:3] == [said["M1"], said["M1 others"]]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@sync
async def test_a_supervisor_sees_each_managers_calls_and_other_contacts_only_where_there_are_some(db_file, lang):
    said = _SAID[lang]
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="S1")
    async with app.run_test(size=(120, 36)) as pilot:
        await pick(pilot, "M1")
        screen = await opened(pilot)
        assert legend(screen) == said["all legend"]
        shown = lines(screen)
        assert shown[1:3] == [said["M1"], said["M1 others"]]
        m2 = shown.index(said["M2"])
        assert shown[m2 - 1] == "陈静"
        others = said["M1 others"][:3]
        assert [line for line in shown[m2:] if line.startswith(others)] == []   # M2 only called: no line of others


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@sync
async def test_at_80_columns_the_legend_shows_the_other_channels_whole_on_a_line_of_their_own(db_file, lang):
    """With four channels in it, one line would run past 80 columns and lose its end."""
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M1")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        shown = screen.query_one("#spark-legend")
        assert [shown.render_line(y).text.strip() for y in range(shown.size.height)] == _SAID[lang]["legend"].split("\n")


@pytest.mark.parametrize("lang, said", [
    ("en", "No calls logged today. On the call list, ⏎ opens a customer and o logs a call."),
    ("zh_CN", "今天还没有登记外呼。在外呼名单上，⏎ 打开客户，o 登记外呼。"),
])
@sync
async def test_an_empty_day_says_where_calls_are_logged(db_file, lang, said):
    app = WorkbenchApp(db_file, now=NOW + timedelta(days=1), lang=lang, user="M2")   # M2's one call was the day before
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot)
        assert " ".join(lines(screen)) == said


@pytest.mark.parametrize("lang, heading", [("en", "Dormancy reasons: "), ("zh_CN", "沉睡原因：")])
@sync
async def test_the_reasons_logged_are_headed_as_dormancy_reasons_as_the_form_and_report_name_them(db_file, lang,
                                                                                                  heading):
    with closing(open_db(db_file).conn) as conn:
        log_outcome(conn, customer_id="C9001", manager_id="M2", line_result="reached", at=NOW,
                    business_outcome="not_interested", reason="poor_service", rescore=False)
    app = WorkbenchApp(db_file, now=NOW, lang=lang, user="M2")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot)
        assert [line for line in lines(screen) if line.startswith(heading)]
