"""A message sent with no reply yet (an SMS or WeChat logged as no_answer) is the touch its follow-up asked for:
log_outcome closes that channel's follow-ups due by the day, from the CLI as from the card. Only the card's form
did, so `workbench log --channel sms --result no_answer` left the birthday SMS open on the agenda."""

from __future__ import annotations

from tui_fixtures import NOW, build

from workbench import followups
from workbench.db import connect
from workbench.codes import MESSAGE_CHANNELS
from workbench.outcomes import log_outcome
from workbench.screens import outcome_form


def _book(conn, channel: str, day: str = "2026-11-20") -> str:
    return followups.schedule(conn, customer_id="C0001", owner_id="M1", due_on=day, at=NOW.replace(hour=8),
                              channel=channel, purpose="birthday")


def test_an_sms_sent_closes_the_sms_due_and_nothing_else(tmp_path):
    conn = connect(build(tmp_path / "w.sqlite"))
    try:
        sms, later, call = _book(conn, "sms"), _book(conn, "sms", "2026-11-27"), _book(conn, "phone")
        logged = log_outcome(conn, customer_id="C0001", manager_id="M1", line_result="no_answer", at=NOW, channel="sms")
        status = {fid: followups.get(conn, fid).status for fid in (sms, later, call)}
        assert status == {sms: "done", later: "open", call: "open"}
        done_by = conn.execute("SELECT outcome_id FROM followup_events WHERE followup_id = ? AND kind = 'done'",
                               (sms,)).fetchone()[0]
        assert done_by == logged.outcome_id
    finally:
        conn.close()


def test_a_call_unanswered_closes_no_message(tmp_path):
    conn = connect(build(tmp_path / "w.sqlite"))
    try:
        sms = _book(conn, "sms")
        log_outcome(conn, customer_id="C0001", manager_id="M1", line_result="no_answer", at=NOW)
        assert followups.get(conn, sms).status == "open"
    finally:
        conn.close()


def test_the_cli_closes_it_too(tmp_path, cli):
    path = build(tmp_path / "w.sqlite")
    conn = connect(path)
    try:
        wechat = _book(conn, "wechat")
        conn.commit()
    finally:
        conn.close()
    result = cli("--db", path, "--now", NOW.isoformat(), "--user", "M1", "log", "--customer", "C0001",
                 "--result", "no_answer", "--channel", "wechat")
    assert result.exit_code == 0, result.stderr
    conn = connect(path)
    try:
        assert followups.get(conn, wechat).status == "done"
    finally:
        conn.close()


def test_the_form_offers_the_channels_the_engine_closes():
    assert outcome_form.MESSAGE_CHANNELS is MESSAGE_CHANNELS   # one constant, in codes
