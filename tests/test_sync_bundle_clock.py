"""An entry dated where no right clock dates one (more than a day past the importing desk's clock, or before 2020)
is left out of the merge and named, not merged silently: one desk's wrong clock would otherwise rest a customer or
decide their manager on every desk until that day. An erasure is taken whatever its time. Real database files, real
bundles, the real CLI, the wrong clock given with --now."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

from test_sync_assignments import _desks, _managers

from workbench.privacy import ERASED_NAME
from workbench.sync.bundle import _canonical, _digest


def _at(cli, path, now, user, *args):
    r = cli("--db", path, "--lang", "en", "--now", now, "--user", user, *args)
    assert r.exit_code == 0, r.stderr
    return r


def _ids(path, table, column, customer):
    with closing(sqlite3.connect(path)) as conn:
        return [i for (i,) in conn.execute(f"SELECT {column} FROM {table} WHERE customer_id = ? ORDER BY at", (customer,))]


def test_entries_dated_a_day_ahead_or_before_2020_are_left_out_and_named(tmp_path, cli):
    s, a = _desks(tmp_path)
    ahead = "2099-01-01T10:00:00"   # desk s's clock, wrong
    _at(cli, s, ahead, "M1", "log", "--customer", "C000", "--result", "reached", "--outcome", "interested",
        "--follow-up", "tomorrow")
    _at(cli, s, ahead, "S1", "reassign", "--customer", "C002", "--to", "M2")
    _at(cli, s, ahead, "S1", "privacy", "erase", "--customer", "C004", "--yes")
    _at(cli, s, "2019-12-31T23:59:00", "M1", "log", "--customer", "C000", "--result", "no_answer")
    _at(cli, s, "2026-11-20T09:00:00", "M1", "log", "--customer", "C000", "--result", "no_answer")
    bundle = tmp_path / "s.wbundle"
    _at(cli, s, "2026-11-20T10:00:00", "S1", "export", "bundle", "--out", bundle)
    outcomes, events = _ids(s, "outcomes", "outcome_id", "C000"), _ids(s, "followup_events", "event_id", "C000")
    (assignment,) = _ids(s, "assignments", "assignment_id", "C002")

    r = _at(cli, a, "2026-11-20T11:00:00", "S1", "import", "bundle", bundle)
    lines = r.stdout.splitlines()
    assert lines[0].endswith("outcome entries 1 new, 0 already here; follow-up events 0 new, 0 already here.")
    assert lines[1] == (
        "warning: 4 new entries in the bundle were left out: they are dated after 2026-11-21 11:00 (a day past this"
        " terminal's clock) or before 2020-01-01, where no right clock dates an entry; check the clocks of the"
        " terminals that made them. One dated ahead is merged when a bundle brings it again once its time has come.")
    terminal = _ids(s, "outcomes", "terminal_id", "C000")[0][:8]
    assert lines[2:6] == [   # in the bundle's order: its outcome entries, follow-up events, then assignment entries
        f"Left out: outcome entry {outcomes[0]} for 客户0 (C000), dated 2019-12-31 23:59, made on terminal {terminal}.",
        f"Left out: outcome entry {outcomes[2]} for 客户0 (C000), dated 2099-01-01 10:00, made on terminal {terminal}.",
        f"Left out: follow-up event {events[0]} for 客户0 (C000), dated 2099-01-01 10:00, made on terminal {terminal}.",
        f"Left out: assignment entry {assignment} for 客户2 (C002), dated 2099-01-01 10:00, made on terminal {terminal}."]
    assert "Erasures of personal data: 1 new entries" in r.stdout
    with closing(sqlite3.connect(a)) as conn:
        assert conn.execute("SELECT last_contact_at, blocked_until FROM contact_state WHERE customer_id = 'C000'"
                            ).fetchone()[0] == "2026-11-20T09:00:00"   # not 2099
        assert conn.execute("SELECT count(*) FROM followups").fetchone() == (0,)
        assert conn.execute("SELECT name FROM customers WHERE customer_id = 'C004'").fetchone() == (ERASED_NAME,)
        detail = json.loads(conn.execute("SELECT detail FROM audit_log WHERE action = 'import'").fetchone()[0])
    assert _managers(a)["C002"] == "M1"   # the reassignment dated 2099 would have decided C002's manager till then
    assert detail["left_out"] == {outcomes[0]: ["outcomes", "2019-12-31T23:59:00"],
                                  outcomes[2]: ["outcomes", ahead], events[0]: ["followup_events", ahead],
                                  assignment: ["assignments", ahead]}
    zh = cli("--db", a, "--lang", "zh_CN", "--now", "2026-11-20T11:00:00", "--user", "S1", "import", "bundle", bundle)
    assert "警告：同步包中 4 条新记录未导入：其时间晚于 2026-11-21 11:00（本终端时钟之后一天）或早于 2020-01-01" in zh.stdout
    assert f"未导入：客户0（C000）的外呼记录 {outcomes[2]}，时间 2099-01-01 10:00，写于终端 {terminal}。" in zh.stdout


def test_an_entry_dated_ahead_is_merged_once_its_time_is_within_a_day(tmp_path, cli):
    """The desks converge: the desk that left an entry out takes it when a bundle brings it again in time."""
    s, a = _desks(tmp_path)
    _at(cli, s, "2026-11-23T10:00:00", "M1", "log", "--customer", "C000", "--result", "no_answer")   # 3 days ahead
    bundle = tmp_path / "s.wbundle"
    _at(cli, s, "2026-11-23T10:05:00", "S1", "export", "bundle", "--out", bundle)
    early = _at(cli, a, "2026-11-20T11:00:00", "S1", "import", "bundle", bundle)
    assert "outcome entries 0 new" in early.stdout and "1 new entry in the bundle was left out" in early.stdout
    later = _at(cli, a, "2026-11-22T10:00:00", "S1", "import", "bundle", bundle)   # 24 hours before the entry's time
    assert later.stdout.splitlines() == [
        "This bundle was already imported on 2026-11-20 11:00; entries already here were skipped.",
        later.stdout.splitlines()[1],   # and nothing left out, but the clocks a day apart said
        "Entries in this bundle were recorded up to 24 hours later than this terminal's clock says it is now: one of"
        " the two clocks is wrong; check this terminal's date and time before logging more calls."]
    assert "outcome entries 1 new, 0 already here" in later.stdout
    assert _ids(a, "outcomes", "at", "C000") == ["2026-11-23T10:00:00"]


def test_an_entry_dated_ahead_held_here_already_is_no_entry_left_out(tmp_path, cli):
    """One an earlier version merged is already here, as the summary counts it: not said to be left out."""
    s, a = _desks(tmp_path)
    _at(cli, s, "2099-01-01T10:00:00", "M1", "log", "--customer", "C000", "--result", "no_answer")
    bundle = tmp_path / "s.wbundle"
    _at(cli, s, "2026-11-20T10:00:00", "S1", "export", "bundle", "--out", bundle)
    with closing(sqlite3.connect(a)) as conn, conn:
        conn.execute("ATTACH ? AS s", (str(s),))
        conn.execute("INSERT INTO outcomes SELECT * FROM s.outcomes")
    r = _at(cli, a, "2026-11-20T11:00:00", "S1", "import", "bundle", bundle)
    assert "outcome entries 0 new, 1 already here" in r.stdout and "left out" not in r.stdout


def test_a_time_no_local_clock_can_say_is_left_out_and_named_as_written(tmp_path, cli):
    """An edited line (its checksum computed again, as anyone can) with the year 9999 and an offset: left out, and
    said as written, where it has no local time."""
    s, a = _desks(tmp_path)
    _at(cli, s, "2026-11-20T09:00:00", "M1", "log", "--customer", "C000", "--result", "no_answer")
    bundle = tmp_path / "s.wbundle"
    _at(cli, s, "2026-11-20T10:00:00", "S1", "export", "bundle", "--out", bundle)
    manifest, line = (json.loads(text) for text in bundle.read_bytes().splitlines())
    line["row"]["at"] = line["row"]["recorded_at"] = "9999-12-31T23:59:00-12:00"
    body = _canonical(line) + b"\n"
    manifest["sha256"] = _digest(manifest, body)
    edited = tmp_path / "edited.wbundle"
    edited.write_bytes(_canonical(manifest) + b"\n" + body)
    r = _at(cli, a, "2026-11-20T11:00:00", "S1", "import", "bundle", edited)
    assert r.stdout.splitlines()[2].startswith("Left out: outcome entry ")
    assert r.stdout.splitlines()[2].endswith(" for 客户0 (C000), dated 9999-12-31T23:59:00-12:00, made on terminal"
                                             f" {line['row']['terminal_id'][:8]}.")
    assert _ids(a, "outcomes", "at", "C000") == []
