"""A desk not yet told of a reorganisation sends its last bundle late: the follow-ups a leaver booked there go, on the
desk that knows they left, to the customers' managers (a supervisor for a customer without one at work), as a
hand-over with --leave sends a leaver's follow-ups, and the import says so; entries dated before this month are said
to change that month's report. Real database files, real bundles, the real CLI."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from test_sync_assignments import _desks
from workbench.db import open_db
from workbench.db.followups import append_event

LEAVERS = {
    "en": ("3 pending follow-ups were booked for staff who have left here (M2 张经理), so they went to M1 李经理 (1),"
           " M3 王经理 (1), S1 主管王 (1): as at a hand-over with --leave, a leaver's follow-ups go to their customers'"
           " managers, or to a supervisor for a customer without one at work."),
    "zh_CN": ("有 3 条待办跟进约给了在本终端已离职的员工（M2 张经理），现已转给 M1 李经理（1）、M3 王经理（1）、S1 主管王（1）："
              "与 hand-over --leave 一样，离职员工的跟进转给其客户的客户经理，客户没有在职客户经理的转给主管。"),
}


def _as(cli, path, at, user, *args, lang="en"):
    r = cli("--db", path, "--lang", lang, "--now", at, "--user", user, *args)
    assert r.exit_code == 0, r.stderr
    return r.stdout.splitlines()


def _owners(path) -> dict[str, str]:
    with closing(sqlite3.connect(path)) as conn:
        return dict(conn.execute("SELECT customer_id, owner_id FROM followups WHERE status IN ('open', 'rescheduled')"))


def _booked_by_a_leaver(cli, tmp_path):
    """Desk s hands M2's customers (C001, C003) over to M3 at 09:00 and marks M2 as left; desk a, not told, lets M2 book
    follow-ups at 11:00 for C001 (M2's there), and S1 books M2 ones for C000 (M1's) and C005 (in the pool on both
    desks); a sends its bundle."""
    s, a = _desks(tmp_path, pool=("C005",))
    _as(cli, s, "2026-11-20T09:00:00", "S1", "staff", "hand-over", "M2", "--to", "M3", "--leave")
    for user, customer, when in (("M2", "C001", "2026-11-24T10:00"), ("S1", "C000", "2026-11-25T10:00"),
                                 ("S1", "C005", "2026-11-26T10:00")):
        _as(cli, a, "2026-11-20T11:00:00", user, "followup", "add", "--customer", customer, "--when", when,
            "--manager", "M2")
    bundle = tmp_path / "a-last.wbundle"
    _as(cli, a, "2026-11-20T18:00:00", "S1", "export", "bundle", "--out", bundle)
    return s, a, bundle


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_leavers_follow_ups_from_a_desk_not_told_go_to_the_customers_managers_and_the_import_says_so(tmp_path, cli,
                                                                                                       lang):
    """Finding 1: the follow-ups M2 booked on desk a after leaving on desk s would stay M2's on s, on nobody's agenda.
    They go to C001's manager (M3, by the hand-over), C000's (M1) and, C005 being in the pool, to the supervisor
    importing; one sentence says how many and to whom, and the audit entry names each."""
    s, _a, bundle = _booked_by_a_leaver(cli, tmp_path)
    lines = _as(cli, s, "2026-11-21T09:00:00", "S1", "import", "bundle", bundle, lang=lang)
    assert LEAVERS[lang] in lines, lines
    assert _owners(s) == {"C001": "M3", "C000": "M1", "C005": "S1"}
    with closing(sqlite3.connect(s)) as conn:
        detail = json.loads(conn.execute("SELECT detail FROM audit_log WHERE action = 'import'"
                                         " ORDER BY seq DESC LIMIT 1").fetchone()[0])
        moved = conn.execute("SELECT followup_id, owner_id, at FROM followup_events WHERE kind = 'reassigned'"
                             " AND at > '2026-11-20T10:00:00' ORDER BY owner_id").fetchall()
    assert sorted(detail["followups_of_leavers"].values()) == ["M1", "M3", "S1"]
    assert detail["followups_arrived"] == {}
    # A 'reassigned' event each, dated a second past the booking (as every desk would date it), to travel on.
    assert [(owner, at) for _f, owner, at in moved] == [("M1", "2026-11-20T11:00:01"), ("M3", "2026-11-20T11:00:01"),
                                                         ("S1", "2026-11-20T11:00:01")]
    assert set(detail["followups_of_leavers"]) == {fid for fid, _o, _at in moved}


def test_the_desk_not_told_comes_to_the_same_owners_from_the_next_exchange(tmp_path, cli):
    """Desk s's bundle (the hand-over's entries and the follow-ups' moves) reaches desk a, where M2 is on the staff
    until the leave the entries carry marks her left there too (0947abb): the customers go to M3 there too, and every
    follow-up has the same owner on both desks, with no follow-up left to give on."""
    s, a, bundle = _booked_by_a_leaver(cli, tmp_path)
    _as(cli, s, "2026-11-21T09:00:00", "S1", "import", "bundle", bundle)
    back = tmp_path / "s.wbundle"
    _as(cli, s, "2026-11-21T09:10:00", "S1", "export", "bundle", "--out", back)
    lines = _as(cli, a, "2026-11-21T09:20:00", "S1", "import", "bundle", back)
    assert not [line for line in lines if "follow-up of" in line or
                ("left here" in line and not line.startswith("Marked as left here"))], lines
    assert "Marked as left here, as the hand-over with --leave on another terminal did: M2 张经理." in lines
    assert _owners(a) == _owners(s) == {"C001": "M3", "C000": "M1", "C005": "S1"}


def test_a_follow_up_that_slipped_in_before_is_reached_by_handing_the_leaver_over_again(tmp_path, cli):
    """A follow-up left with a leaver (as an import before this rule left them) is given on by `staff hand-over` of the
    leaver, who has no customers left: to the customer's manager, as --leave gives it."""
    s, a = _desks(tmp_path)
    _as(cli, s, "2026-11-20T09:00:00", "S1", "staff", "hand-over", "M2", "--to", "M3", "--leave")
    db = open_db(s)   # as an import before this rule left it: booked for M2 on desk a, on M1's customer
    with db.conn:
        append_event(db.conn, followup_id="F9", customer_id="C000", kind="created", at="2026-11-20T11:00:00",
                     terminal_id="other-desk", by_id="M2", owner_id="M2", due_on="2026-11-24")
    db.close()
    lines = _as(cli, s, "2026-11-21T09:00:00", "S1", "staff", "hand-over", "M2", "--to", "M3")
    assert lines == ["M2 张经理 has no customers to hand over.",
                     "M2's 1 other pending follow-up went to its customer's manager."]
    assert _owners(s) == {"C000": "M1"}


# --- entries dated before this month ------------------------------------------------------------------------------


def _late(cli, tmp_path, calls: list[str], follow_up: bool = True):
    """Desk a logs a call to C000 at each time given (the last with a follow-up booked, unless not follow_up) and
    sends its bundle."""
    tmp_path.mkdir(exist_ok=True)
    s, a = _desks(tmp_path)
    for i, at in enumerate(calls):
        extra = ("--follow-up", "2026-12-03T10:00") if follow_up and i == len(calls) - 1 else ()
        _as(cli, a, at, "M1", "log", "--customer", "C000", "--result", "reached", "--outcome", "interested", *extra)
    bundle = tmp_path / "a-late.wbundle"
    _as(cli, a, "2026-11-30T18:00:00", "S1", "export", "bundle", "--out", bundle)
    return s, bundle


@pytest.mark.parametrize("lang, said", [
    ("en", "3 of the new entries are dated before 2026-12-01 (the earliest 2026-11-30 10:00): the report for 2026-11"
           " changes."),
    ("zh_CN", "新增记录中有 3 条日期早于 2026-12-01（最早 2026-11-30 10:00）：2026-11 的报告会随之改变。"),
])
def test_a_late_bundle_says_how_many_of_its_new_entries_change_an_earlier_months_report(tmp_path, cli, lang, said):
    """Finding 7: two calls and a follow-up booked on 11-30 reach the head desk on 12-07, when November's figures may
    have gone out: the import says so, once, after what it imported."""
    s, bundle = _late(cli, tmp_path, ["2026-11-30T10:00:00", "2026-11-30T15:00:00"])
    lines = _as(cli, s, "2026-12-07T09:00:00", "S1", "import", "bundle", bundle, lang=lang)
    assert lines[1] == said, lines
    again = _as(cli, s, "2026-12-07T09:05:00", "S1", "import", "bundle", bundle)   # nothing new: nothing said
    assert not [line for line in again if "new entries" in line], again


def test_months_before_last_and_a_single_entry_are_said_so_and_this_months_are_not(tmp_path, cli):
    s, bundle = _late(cli, tmp_path, ["2026-10-30T10:00:00", "2026-11-30T10:00:00"])
    lines = _as(cli, s, "2026-12-07T09:00:00", "S1", "import", "bundle", bundle)
    assert ("3 of the new entries are dated before 2026-12-01 (the earliest 2026-10-30 10:00): the report for 2026-10"
            " to 2026-11 changes.") in lines, lines
    one, bundle = _late(cli, tmp_path / "one", ["2026-11-30T10:00:00"], follow_up=False)
    lines = _as(cli, one, "2026-12-01T08:00:00", "S1", "import", "bundle", bundle, lang="zh_CN")
    assert "新增记录中有 1 条日期为 2026-11-30 10:00，早于 2026-12-01：2026-11 的报告会随之改变。" in lines, lines
    on_time, bundle = _late(cli, tmp_path / "on-time", ["2026-11-20T10:00:00"])
    lines = _as(cli, on_time, "2026-11-30T19:00:00", "S1", "import", "bundle", bundle)
    assert not [line for line in lines if "new entries" in line], lines
