"""Why not, at each step: where each customer contacted in the period stopped, and why."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from factories import add_customer, seeded_conn  # noqa: F401 (seeded_conn is the conn fixture)
from workbench import followups
from workbench.outcomes import FollowUpRequest, log_outcome
from workbench.sync.funnel import period
from workbench.sync.report import build_report
from workbench.sync.why_not import why_not


def call(conn, customer_id: str, day: int, result: str = "reached", outcome: str | None = None, *,
         follow_up: bool = False, supersedes: str | None = None, channel: str = "phone") -> str:
    return log_outcome(conn, customer_id=customer_id, manager_id="M1", line_result=result, business_outcome=outcome,
                       at=datetime(2026, 11, day, 10), supersedes=supersedes, rescore=False, channel=channel,
                       follow_up=FollowUpRequest(date(2026, 11, 30)) if follow_up else None).outcome_id


def week(conn) -> None:
    for n in range(5, 13):
        add_customer(conn, f"C{n}")
    call(conn, "C1", 16, "no_answer")
    call(conn, "C1", 17, "busy")                          # the latest contact says why
    call(conn, "C2", 16, "no_such_number")
    call(conn, "C3", 16, outcome="not_interested")
    call(conn, "C3", 18, "no_answer")                     # not reached again: still "not interested"
    call(conn, "C5", 17, outcome="interested", follow_up=True)
    call(conn, "C6", 17, outcome="interested", follow_up=True)
    followups.cancel(conn, followups.open_for_customer(conn, "C6")[0].followup_id, at=datetime(2026, 11, 18))
    # C6 is interested and has nothing open: the leak this step shows
    call(conn, "C7", 16, outcome="appointment")
    call(conn, "C7", 18, outcome="reactivated")           # all the way: no "why not"
    wrong = call(conn, "C8", 17, outcome="interested")
    call(conn, "C8", 17, outcome="call_back", supersedes=wrong)   # the corrected entry counts
    call(conn, "C9", 10, "no_answer")                     # before the period
    call(conn, "C10", 19, outcome="appointment", follow_up=True)
    call(conn, "C11", 16, outcome="interested")
    call(conn, "C11", 18, outcome="not_interested")       # took the interest back: not a lead left unbooked
    call(conn, "C12", 16, outcome="appointment", follow_up=True)
    call(conn, "C12", 19, outcome="not_interested")
    call(conn, "C12", 20, "no_answer")                    # the latest word that reached them says why


def test_each_customer_is_counted_once_at_the_step_they_stopped_with_why(conn):
    week(conn)
    rows = [(w.step, w.code, w.label, w.count) for w in why_not(conn, period("2026-11-14", "2026-11-20"))]
    assert rows == [
        ("dialled", "busy", "Busy", 1), ("dialled", "no_such_number", "Number does not exist", 1),
        ("reached", "call_back", "Call back later", 1),
        ("reached", "not_interested", "Not interested", 1),
        ("interested", "followup_open", "A follow-up is open", 1), ("interested", "no_followup", "No follow-up open", 1),
        ("interested", "not_interested", "Interested, then not interested", 1),
        ("appointment", "followup_open", "A follow-up is open", 1),
        ("appointment", "not_interested", "Appointment, then not interested", 1),
    ]


def test_the_steps_add_up_to_the_funnels_differences(conn):
    week(conn)
    report = build_report(conn, today=date(2026, 11, 20), since="2026-11-14", until="2026-11-20")
    total = report.total
    lost = {step: sum(w.count for w in report.why_not if w.step == step)
            for step in ("dialled", "reached", "interested", "appointment")}
    assert lost == {"dialled": total.dialled - total.reached, "reached": total.reached - total.interested,
                    "interested": total.interested - total.appointment,
                    "appointment": total.appointment - total.reactivated}
    assert lost == {"dialled": 2, "reached": 2, "interested": 3, "appointment": 2}


def test_the_report_gives_the_steps_as_text_json_and_html(conn):
    from workbench.sync.report import render_text, report_dict
    from workbench.sync.report_html import render_html

    week(conn)
    report = build_report(conn, today=date(2026, 11, 20), since="2026-11-14", until="2026-11-20", lang="zh_CN")
    assert report_dict(report)["why_not"][0] == {"step": "dialled", "code": "busy", "label": "占线", "count": 1}
    text = render_text(report, lang="zh_CN")
    table = text[text.index("各环节流失原因"):text.index("沉睡原因")]
    rows = [[cell.strip() for cell in line.split("│")[1:4]] for line in table.splitlines() if line.startswith("│")]
    assert rows == [["未接通", "占线", "1"], ["", "空号", "1"], ["已接通，尚无意向", "稍后回电", "1"], ["", "无意向", "1"],
                    ["有意向，尚未预约", "已安排跟进", "1"], ["", "未安排跟进", "1"], ["", "有意向，后又表示无意向", "1"],
                    ["已预约，尚未激活", "已安排跟进", "1"], ["", "已预约，后又表示无意向", "1"]]
    page = render_html(report, lang="zh_CN")
    assert "<h2>各环节流失原因</h2>" in page and "<td>已预约，尚未激活</td><td>已安排跟进</td>" in page


@pytest.mark.parametrize("lang, no_answer, no_reply", [("en", "No answer", "Sent, no reply"),
                                                       ("zh_CN", "无人接听", "已发送，未回复")])
def test_a_message_sent_with_no_reply_is_named_as_the_form_names_it_not_as_a_call_not_answered(
        conn, lang, no_answer, no_reply):
    for n in (5, 6):
        add_customer(conn, f"C{n}")
    call(conn, "C1", 16, "no_answer")                     # a call nobody answered
    call(conn, "C5", 16, "no_answer", channel="sms")      # an SMS sent, no reply yet
    call(conn, "C6", 17, "no_answer", channel="wechat")
    call(conn, "C2", 16, "no_answer", channel="sms")
    call(conn, "C2", 17, "no_answer")                     # the latest contact says why: the call
    rows = [(w.step, w.code, w.label, w.count) for w in why_not(conn, period("2026-11-14", "2026-11-20"), lang)]
    assert rows == [("dialled", "no_answer", no_answer, 2), ("dialled", "no_reply", no_reply, 2)]
    report = build_report(conn, today=date(2026, 11, 20), since="2026-11-14", until="2026-11-20", lang=lang)
    assert report.total.dialled - report.total.reached == 4 == sum(w.count for w in report.why_not)
