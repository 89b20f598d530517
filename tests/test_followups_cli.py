"""`workbench followup add|move|done|cancel`: one follow-up at a time, owner or supervisor only."""

import json
import sqlite3
from datetime import datetime

import pytest
from factories import seed_branch

from workbench.db import open_db
from workbench.errors import WorkbenchError
from workbench.followups import MAX_PURPOSE, reschedule
from workbench.outcomes import MAX_NOTE

NOW = "2026-11-20T10:00:00"
OUTSIDE_WINDOW = "A follow-up at {} is outside the call window (09:00–20:00); book a time inside it, or the day alone."


@pytest.fixture
def path(db_path):
    db = open_db(db_path)
    seed_branch(db)
    db.close()
    return db_path


def status(path, fid):
    return open_db(path).execute("SELECT status, due_on, slot FROM followups WHERE followup_id = ?", [fid]).fetchone()


def add(cli, path, *args):
    result = cli("--db", path, "--now", NOW, "--user", "M1", "followup", "add", "--customer", "C1", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def test_add_move_done(cli, path):
    fid = add(cli, path, "--when", "tomorrow", "--purpose", "call_back")
    assert status(path, fid) == ("open", "2026-11-21", None)
    assert cli("--db", path, "--now", NOW, "--user", "M1", "followup", "move", fid, "--when", "2026-11-24T16:00").exit_code == 0
    assert status(path, fid) == ("rescheduled", "2026-11-24", "16:00")
    assert cli("--db", path, "--now", NOW, "--user", "M1", "followup", "done", fid).exit_code == 0
    assert status(path, fid)[0] == "done"
    again = cli("--db", path, "--now", NOW, "--user", "M1", "followup", "cancel", fid)
    assert again.exit_code == 2 and again.stderr == f"error: Follow-up {fid[:8]} was already done.\n"


def test_cancel_by_supervisor_refused_for_another_manager(cli, path):
    fid = add(cli, path, "--when", "+2d")
    other = cli("--db", path, "--now", NOW, "--user", "M2", "followup", "cancel", fid)
    assert other.exit_code == 3 and "belongs to M1, not M2" in other.stderr
    assert status(path, fid)[0] == "open"
    with sqlite3.connect(path) as c:   # a refusal, written to the audit log as the README promises
        customer = c.execute("SELECT customer_id FROM followups WHERE followup_id = ?", (fid,)).fetchone()[0]
        assert c.execute("SELECT actor, subject FROM audit_log WHERE action = 'refusal'").fetchall() == [
            ("M2", f"change a follow-up ({customer})")]   # whom it was about, found by `audit show --customer`
    assert f"Follow-up {fid[:8]} belongs to M1, not M2." in other.stderr
    assert cli("--db", path, "--now", NOW, "--user", "S1", "followup", "cancel", fid).exit_code == 0
    assert status(path, fid)[0] == "cancelled"
    agenda = json.loads(cli("--db", path, "--now", NOW, "followups", "--manager", "M1", "--json").stdout)
    assert all(agenda[k] == [] for k in ("overdue", "today", "this_week", "later"))


def test_add_in_the_past_is_refused(cli, path):
    result = cli("--db", path, "--now", NOW, "--user", "M1", "followup", "add", "--customer", "C1", "--when", "2026-11-20T08:00")
    assert result.exit_code == 2 and "in the past" in result.stderr
    assert open_db(path).execute("SELECT count(*) FROM followup_events").fetchone()[0] == 0


def test_add_for_someone_elses_customer_is_refused(cli, path):
    result = cli("--db", path, "--now", NOW, "--user", "M1", "followup", "add", "--customer", "C4", "--when", "+1d")
    assert result.exit_code == 3 and result.stderr == "error: Customer C4 is not one of M1's customers.\n"
    ok = cli("--db", path, "--now", NOW, "--user", "S1", "followup", "add", "--customer", "C4", "--when", "+1d", "--manager", "M2")
    assert ok.exit_code == 0, ok.stderr
    assert status(path, ok.stdout.strip())[0] == "open"


def test_a_follow_up_inside_a_rest_is_one_sentence_and_the_agenda_says_why(cli, path):
    fid = add(cli, path, "--when", "+3d")
    logged = cli("--db", path, "--now", NOW, "--user", "M1", "log", "--customer", "C1", "--result", "reached",
                 "--outcome", "not_interested")
    assert logged.exit_code == 0, logged.stderr
    refused = cli("--db", path, "--now", NOW, "--user", "M1", "followup", "add", "--customer", "C1", "--when", "+3d")
    assert refused.exit_code == 2 and refused.stdout == ""
    assert refused.stderr.count("\n") == 1 and "before 2026-12-20 (rest after 'not interested')" in refused.stderr
    moved = cli("--db", path, "--now", NOW, "--user", "M1", "followup", "move", fid, "--when", "+5d")
    assert moved.exit_code == 2 and status(path, fid) == ("open", "2026-11-23", None)
    agenda = cli("--db", path, "--now", NOW, "followups", "--manager", "M1")
    line = next(line for line in agenda.stdout.splitlines() if "2026-11-23" in line)
    assert line.endswith("Not before 2026-12-20: rest after 'not interested'.")
    as_json = json.loads(cli("--db", path, "--now", NOW, "followups", "--manager", "M1", "--json").stdout)
    assert [(i["followup_id"], i["not_before"], i["rest_reason"]) for i in as_json["later"]] == [
        (fid, "2026-12-20", "cooloff_not_interested")]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_agenda_lists_a_time_slots_follow_ups_by_priority_then_customer_number(cli, path, lang):
    with sqlite3.connect(path) as conn:
        conn.executemany("UPDATE customers SET priority = ? WHERE customer_id = ?", [(20.0, "C1"), (90.0, "C2"), (20.0, "C3")])
    for cid in ("C3", "C1", "C2"):
        booked = cli("--db", path, "--now", NOW, "--user", "M1", "followup", "add", "--customer", cid,
                     "--when", "tomorrow 10:00")
        assert booked.exit_code == 0, booked.stderr
    out = cli("--db", path, "--now", NOW, "--lang", lang, "followups", "--manager", "M1").stdout.splitlines()
    assert [line.split()[3] for line in out if "2026-11-21 10:00" in line] == ["C2", "C1", "C3"]


def test_the_agenda_in_chinese_counts_in_full_width_brackets(cli, path):
    add(cli, path, "--when", "+2d")
    out = cli("--db", path, "--now", NOW, "--lang", "zh_CN", "followups", "--manager", "M1").stdout.splitlines()
    assert out[0] == "已逾期\uff080\uff09" and "本周\uff081\uff09" in out


@pytest.mark.parametrize("purpose", ["call_back", "no_answer", "birthday", "warm_lead", "ask about the mortgage", "问房贷",
                                     "mortgage", "nonsense"])
def test_a_purpose_is_an_outcome_code_a_care_touch_or_words(cli, path, purpose):
    fid = add(cli, path, "--when", "tomorrow", "--purpose", purpose)
    assert open_db(path).execute("SELECT purpose FROM followups WHERE followup_id = ?", [fid]).fetchone() == (purpose,)


@pytest.mark.parametrize("purpose", ["call_bak", "birthdya", "wellcome", "campaign:NOPE"])
def test_an_unknown_purpose_is_one_sentence_and_writes_nothing(cli, path, purpose):
    result = cli("--db", path, "--now", NOW, "--user", "M1", "followup", "add", "--customer", "C1", "--when",
                 "tomorrow", "--purpose", purpose)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"error: Unknown follow-up purpose {purpose!r}, which looks like a code; use an"
                                    " outcome code (not_interested,")
    assert result.stderr.count("\n") == 1 and "campaign:ID of a campaign imported here, or words" in result.stderr
    assert open_db(path).execute("SELECT count(*) FROM followup_events").fetchone() == (0,)


@pytest.mark.parametrize("purpose", ["\x1b]0;TITLE\x07问房贷", "问\u202e房贷", "ask\x1b[2J"])
def test_a_purpose_holding_an_escape_sequence_is_refused_and_one_from_elsewhere_is_drawn_harmless(cli, path, purpose):
    """A purpose is shown on every desk its bundle reaches: ESC ]0; would retitle the manager's terminal, ESC [2J
    clear it, a bidi override reverse the rest of the line."""
    for command in (("followup", "add", "--customer", "C1", "--when", "tomorrow"),
                    ("log", "--customer", "C1", "--result", "reached", "--outcome", "call_back", "--follow-up",
                     "tomorrow")):
        result = cli("--db", path, "--now", NOW, "--user", "M1", *command, "--purpose", purpose)
        assert result.exit_code == 2 and result.stdout == ""
        assert result.stderr == (f"error: The follow-up purpose {purpose!r} holds a control or invisible character (an"
                                 " escape sequence?); write it as plain words.\n")
    assert open_db(path).execute("SELECT count(*) FROM followup_events").fetchone() == (0,)
    # One that came from elsewhere (another desk's bundle, an older program): listed with each such character marked.
    fid = add(cli, path, "--when", "tomorrow", "--purpose", "call_back")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE followups SET purpose = ? WHERE followup_id = ?", (purpose, fid))
    listed = cli("--db", path, "--now", NOW, "--user", "M1", "followups").stdout
    assert "\x1b" not in listed and "\u202e" not in listed and "\ufffd" in listed


def test_a_time_outside_the_call_window_is_one_sentence_and_writes_nothing(cli, path):
    base = ("--db", path, "--now", NOW, "--user", "M1")
    added = cli(*base, "followup", "add", "--customer", "C1", "--when", "2026-11-21T21:00")
    assert added.exit_code == 2 and added.stdout == "" and added.stderr == f"error: {OUTSIDE_WINDOW.format('21:00')}\n"
    logged = cli(*base, "log", "--customer", "C1", "--result", "no_answer", "--follow-up", "2026-11-21 07:30")
    assert logged.exit_code == 2 and logged.stderr == f"error: {OUTSIDE_WINDOW.format('07:30')}\n"
    fid = cli(*base, "followup", "add", "--customer", "C1", "--when", "tomorrow").stdout.strip()
    moved = cli(*base, "--lang", "zh_CN", "followup", "move", fid, "--when", "2026-11-21 20:00")
    assert moved.exit_code == 2
    assert moved.stderr == "错误：跟进时间 20:00 不在外呼时段（09:00–20:00）内；请约在时段内，或只填日期。\n"
    written = "SELECT (SELECT count(*) FROM outcomes), (SELECT count(*) FROM followup_events)"
    assert open_db(path).execute(written).fetchone() == (0, 1)   # only the follow-up booked for tomorrow


def test_a_bad_agenda_date_names_its_option(cli, path):
    result = cli("--db", path, "--now", NOW, "--user", "M1", "followups", "--manager", "M1", "--date", "2026-13-01")
    assert result.exit_code == 2 and result.stderr == (
        "error: --date must be a date YYYY-MM-DD (like 2026-11-01), not '2026-13-01'.\n")


def test_a_retry_booked_inside_the_retry_delay_is_one_sentence_naming_the_time_and_writes_nothing(cli, path):
    base = ("--db", path, "--now", NOW, "--user", "M1")
    logged = cli(*base, "log", "--customer", "C1", "--result", "phone_off", "--follow-up", "10点半")
    assert logged.exit_code == 2 and logged.stdout == "" and logged.stderr == (
        "error: The contact rules allow no call to 客户C1 before 14:00 on 2026-11-20 (retry delay); book the"
        " follow-up for 14:00 or later, or the day alone, or send an SMS or WeChat, or plan a visit.\n")
    assert open_db(path).execute("SELECT count(*) FROM outcomes").fetchone() == (0,)
    assert cli(*base, "log", "--customer", "C1", "--result", "phone_off").exit_code == 0
    added = cli(*base, "--lang", "zh_CN", "followup", "add", "--customer", "C1", "--when", "10点半")
    assert added.exit_code == 2 and "请把跟进约在不早于 14:00 的时间" in added.stderr
    assert add(cli, path, "--when", "下午2点")   # the delay's end is offered, so it may be booked


@pytest.mark.parametrize("when, due, slot", [
    ("11月25日 10点", "2026-11-25", "10:00"), ("25号下午3点", "2026-11-25", "15:00"), ("2026/11/25", "2026-11-25", None),
    ("11/25 全天", "2026-11-25", None), ("大后天", "2026-11-23", None), ("1月5日", "2027-01-05", None)])
def test_the_common_date_forms_book(cli, path, when, due, slot):
    assert status(path, add(cli, path, "--when", when)) == ("open", due, slot)


def test_a_date_gone_is_refused_as_past(cli, path):
    result = cli("--db", path, "--now", NOW, "--user", "M1", "followup", "add", "--customer", "C1", "--when", "11月19日")
    assert result.exit_code == 2 and result.stderr == "error: The follow-up time 2026-11-19 is in the past.\n"


def test_booking_the_same_follow_up_twice_is_refused_naming_the_first(cli, path):
    first = add(cli, path, "--channel", "visit", "--when", "明天10点")
    again = cli("--db", path, "--now", NOW, "--user", "M1", "followup", "add", "--customer", "C1", "--channel", "visit",
                "--when", "明天10点")
    assert again.exit_code == 2 and again.stdout == "" and again.stderr == (
        f"error: 客户C1 already has this follow-up: 2026-11-21 10:00, Visit ({first[:8]}); move or cancel that one instead"
        " of booking it again.\n")
    agenda = cli("--db", path, "--now", NOW, "followups", "--manager", "M1").stdout
    assert agenda.count("2026-11-21 10:00") == 1
    assert add(cli, path, "--channel", "visit", "--when", "明天11点") != first   # another time is another follow-up


def test_a_purpose_longer_than_a_note_is_one_sentence_and_writes_nothing(cli, path):
    """Held to a note's 2,000 characters, every entry the workbench writes fits a bundle line (sync.bundle.LINE_MAX),
    so no desk's bundles are refused for a purpose pasted whole."""
    assert MAX_PURPOSE == MAX_NOTE
    for command in (("followup", "add", "--customer", "C1", "--when", "tomorrow"),
                    ("log", "--customer", "C1", "--result", "reached", "--outcome", "call_back", "--follow-up",
                     "tomorrow")):
        result = cli("--db", path, "--now", NOW, "--user", "M1", *command, "--purpose", "问" * (MAX_PURPOSE + 1))
        assert result.exit_code == 2 and result.stdout == ""
        assert result.stderr == "error: The follow-up purpose has 2,001 characters; the most is 2,000.\n"
    assert open_db(path).execute("SELECT count(*) FROM followup_events").fetchone() == (0,)
    fid = add(cli, path, "--when", "tomorrow", "--purpose", "问" * MAX_PURPOSE)
    db = open_db(path)
    with pytest.raises(WorkbenchError, match="^The follow-up purpose has 2,001 characters; the most is 2,000.$"):
        reschedule(db.conn, fid, due_on="2026-11-23", at=datetime(2026, 11, 20, 10), purpose="x" * (MAX_PURPOSE + 1))
    assert db.execute("SELECT count(*) FROM followup_events").fetchone() == (1,)
