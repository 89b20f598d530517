"""A supervisor who sends out `export bundle --since TODAY` every morning loses nothing unsaid: a call made here after
yesterday's bundle was written is named by the export that leaves it out, and `--since last` starts where this
terminal's bundles left off. Real database files, real bundles, the real CLI."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from test_sync_assignments import _desks
from test_sync_since import _bundle, _entries, _log, _run
from workbench import audit


def _calls(bundle) -> list[tuple[str, str]]:
    return sorted((row["customer_id"], row["at"]) for table, row in _entries(bundle) if table == "outcomes")


def _export(cli, path, when, name, *args, lang=()):
    out = path.parent / name
    r = cli("--db", path, *lang, "--now", when, "--user", "S1", "export", "bundle", "--out", out, *args)
    assert r.exit_code == 0, r.stderr
    return out, r.stdout.splitlines()[1:]   # what it says after "Wrote …"


def test_a_later_day_names_what_it_leaves_out_and_since_last_sends_it(tmp_path, cli):
    supervisor, desk = _desks(tmp_path)
    # The 24th: the morning's bundle at 10:20, then a call at 12:10 that no bundle has carried yet.
    _bundle(cli, supervisor, "2026-11-24T10:20:00", "s-1124.wbundle", "2026-11-24")
    _log(cli, supervisor, "2026-11-24T12:10:00", "C001")

    # The 25th, as every morning: the day's bundle leaves the 12:10 call out, and says so.
    out, said = _export(cli, supervisor, "2026-11-25T08:00:00", "s-1125.wbundle", "--since", "2026-11-25")
    assert _calls(out) == []
    assert said == ["warning: 1 entry made or received here since this terminal's bundles last sent everything"
                    " (s-1124.wbundle, written 2026-11-24 10:20) is from before 2026-11-25, so it is not in this"
                    " bundle; export with --since last (or --since 2026-11-24) to send it."]
    # Written again, it says so again: a bundle that left entries out is not where the next one may start.
    _out, again = _export(cli, supervisor, "2026-11-25T08:01:00", "s-1125.wbundle", "--since", "2026-11-25",
                          lang=("--lang", "zh_CN"))
    assert again == ["警告：本终端的同步包上次发出全部记录（s-1124.wbundle，写于 2026-11-24 10:20）之后，本终端产生或收到的"
                     " 1 条记录早于 2026-11-25，因此不在这个同步包里；请用 --since last（或 --since 2026-11-24）导出，"
                     "把它们发出去。"]

    out, said = _export(cli, supervisor, "2026-11-25T08:02:00", "s-last.wbundle", "--since", "last")
    assert _calls(out) == [("C001", "2026-11-24T12:10:00")]
    assert said == ["It holds what this terminal made or received since 2026-11-24 10:20, when s-1124.wbundle sent"
                    " everything before."]
    _run(cli, desk, "2026-11-25T09:00:00", "S1", "import", "bundle", out)
    with closing(sqlite3.connect(desk)) as conn:
        assert conn.execute("SELECT at FROM outcomes WHERE customer_id = 'C001'").fetchall() == [
            ("2026-11-24T12:10:00",)]

    # Sent now: the next morning's day leaves nothing out and says nothing more; --since last starts at 08:02.
    _log(cli, supervisor, "2026-11-25T11:00:00", "C003")
    out, said = _export(cli, supervisor, "2026-11-25T12:00:00", "s-noon.wbundle", "--since", "2026-11-25")
    assert (_calls(out), said) == ([("C003", "2026-11-25T11:00:00")], [])
    out, said = _export(cli, supervisor, "2026-11-26T08:00:00", "s-1126.wbundle", "--since", "last")
    assert _calls(out) == []   # 12:00 sent everything before it
    assert said == ["It holds what this terminal made or received since 2026-11-25 12:00, when s-noon.wbundle sent"
                    " everything before."]


def test_since_last_goes_by_the_bundles_of_the_same_entries(tmp_path, cli):
    supervisor, _desk = _desks(tmp_path)
    out, said = _export(cli, supervisor, "2026-11-24T10:00:00", "first.wbundle", "--since", "last")
    assert said == ["This terminal had written no bundle before, so it holds everything."]
    _log(cli, supervisor, "2026-11-24T11:00:00", "C001")   # M2's call
    _log(cli, supervisor, "2026-11-24T11:30:00", "C000")   # M1's
    out, said = _export(cli, supervisor, "2026-11-24T12:00:00", "m1.wbundle", "--manager", "M1", "--since", "last")
    assert (_calls(out), said) == ([("C000", "2026-11-24T11:30:00")], [
        "It holds what this terminal made or received since 2026-11-24 10:00, when first.wbundle sent everything"
        " before."])
    # M1's bundle sent no one else's: everyone's goes on from 10:00, and M2's call is in it.
    out, _said = _export(cli, supervisor, "2026-11-24T13:00:00", "all.wbundle", "--since", "last")
    assert _calls(out) == [("C000", "2026-11-24T11:30:00"), ("C001", "2026-11-24T11:00:00")]
    # A day later, a bundle of M1's counts only M1's entries left out, from everyone's bundle at 13:00 on.
    _log(cli, supervisor, "2026-11-24T14:00:00", "C002")   # M1's
    _log(cli, supervisor, "2026-11-24T14:10:00", "C003")   # M2's
    _out, said = _export(cli, supervisor, "2026-11-25T08:00:00", "m1-1125.wbundle", "--manager", "M1", "--since",
                         "2026-11-25")
    assert said == ["warning: 1 entry made or received here since this terminal's bundles last sent everything"
                    " (all.wbundle, written 2026-11-24 13:00) is from before 2026-11-25, so it is not in this bundle;"
                    " export with --since last (or --since 2026-11-24) to send it."]
    # A day before the point where the bundles left off leaves nothing out.
    _out, said = _export(cli, supervisor, "2026-11-25T08:05:00", "all-1124.wbundle", "--since", "2026-11-24")
    assert said == []


def test_the_help_offers_since_last(cli):
    r = cli("export", "bundle", "--help")
    said = " ".join(r.stdout.replace("│", " ").split())
    assert "'last': from where its bundles left off (everything the first time), so that nothing is left out." in said


def test_a_first_bundle_given_a_day_sent_nothing_from_before_it(tmp_path, cli):
    supervisor, desk = _desks(tmp_path)
    _log(cli, supervisor, "2026-11-23T11:00:00", "C001")   # M2's
    _log(cli, supervisor, "2026-11-23T11:30:00", "C000")   # M1's
    # The desk's first bundle ever, of the 24th: the 23rd's calls are in no bundle, and it says so.
    out, said = _export(cli, supervisor, "2026-11-24T08:00:00", "s-1124.wbundle", "--since", "2026-11-24")
    assert _calls(out) == []
    assert said == ["warning: 2 entries made or received here are from before 2026-11-24, so they are not in this"
                    " bundle, and no bundle this terminal wrote before is known to have sent them; export with --since"
                    " last to send them."]
    _out, said = _export(cli, supervisor, "2026-11-24T08:01:00", "s-1124.wbundle", "--since", "2026-11-24",
                         lang=("--lang", "zh_CN"))
    assert said == ["警告：本终端产生或收到的 2 条记录早于 2026-11-24，因此不在这个同步包里，而本终端此前导出的同步包都"
                    "无法确认已把它们发出；请用 --since last 导出，把它们发出去。"]
    # So is a first bundle of one manager's: M1's call of the 23rd, not M2's.
    _out, said = _export(cli, supervisor, "2026-11-24T08:02:00", "m1-1124.wbundle", "--manager", "M1", "--since",
                         "2026-11-24")
    assert said == ["warning: 1 entry made or received here is from before 2026-11-24, so it is not in this bundle,"
                    " and no bundle this terminal wrote before is known to have sent it; export with --since last to"
                    " send it."]

    # --since last does not start where that bundle was written: it sends the 23rd's calls, and says why.
    out, said = _export(cli, supervisor, "2026-11-24T08:05:00", "s-last.wbundle", "--since", "last")
    assert _calls(out) == [("C000", "2026-11-23T11:30:00"), ("C001", "2026-11-23T11:00:00")]
    assert said == ["It holds everything, as no bundle this terminal wrote before (the last: s-1124.wbundle) is known"
                    " to have sent everything before a time: one given a day leaves out what came before it, and an"
                    " earlier version did not record what its bundles held."]
    _run(cli, desk, "2026-11-24T09:00:00", "S1", "import", "bundle", out)
    with closing(sqlite3.connect(desk)) as conn:
        assert conn.execute("SELECT count(*) FROM outcomes").fetchone() == (2,)
    # That one sent everything: the next starts at it, and a day of it leaves nothing out.
    out, said = _export(cli, supervisor, "2026-11-24T12:00:00", "s-noon.wbundle", "--since", "last")
    assert (_calls(out), said) == ([], ["It holds what this terminal made or received since 2026-11-24 08:05, when"
                                        " s-last.wbundle sent everything before."])
    _out, said = _export(cli, supervisor, "2026-11-25T08:00:00", "s-1125.wbundle", "--since", "2026-11-25")
    assert said == []


def test_a_first_bundle_given_a_day_with_nothing_before_it_sent_everything(tmp_path, cli):
    supervisor, _desk = _desks(tmp_path)
    out, said = _export(cli, supervisor, "2026-11-24T08:00:00", "s-1124.wbundle", "--since", "2026-11-24")
    assert said == []   # nothing was left out, so it is where the next --since last starts
    _log(cli, supervisor, "2026-11-24T11:00:00", "C001")
    out, said = _export(cli, supervisor, "2026-11-24T12:00:00", "s-last.wbundle", "--since", "last")
    assert (_calls(out), said) == ([("C001", "2026-11-24T11:00:00")], [
        "It holds what this terminal made or received since 2026-11-24 08:00, when s-1124.wbundle sent everything"
        " before."])


def _exported_before_the_point_was_kept(path, name, at):
    """The audit entry an export of a bundle left before each named its since, its --manager and where it left off: its
    kind, checksum and counts alone, as the workbench wrote them up to then (a bundle of --manager M1, say)."""
    with closing(sqlite3.connect(path)) as conn, conn:
        audit.record(conn, "export", at=at, actor="S1", subject=name, detail={
            "kind": "bundle", "sha256": "0" * 64, "outcomes": 1, "followup_events": 0, "assignments": 0,
            "erasures": 0})


def test_a_bundle_exported_before_the_point_was_kept_counts_for_nothing(tmp_path, cli):
    supervisor, desk = _desks(tmp_path)
    _log(cli, supervisor, "2026-11-24T11:00:00", "C001")   # M2's
    _log(cli, supervisor, "2026-11-24T11:30:00", "C000")   # M1's
    # Before the upgrade, the desk's last bundle was M1's (or of a day): its entry does not say which.
    _exported_before_the_point_was_kept(supervisor, "old-m1.wbundle", "2026-11-24T12:00:00")
    upgraded = tmp_path / "upgraded.sqlite"
    with closing(sqlite3.connect(supervisor)) as conn, closing(sqlite3.connect(upgraded)) as copy:
        conn.backup(copy)   # WAL and all
    out, said = _export(cli, supervisor, "2026-11-25T08:00:00", "s-last.wbundle", "--since", "last")
    assert _calls(out) == [("C000", "2026-11-24T11:30:00"), ("C001", "2026-11-24T11:00:00")]   # M2's too
    assert said == ["It holds everything, as no bundle this terminal wrote before (the last: old-m1.wbundle) is known"
                    " to have sent everything before a time: one given a day leaves out what came before it, and an"
                    " earlier version did not record what its bundles held."]
    _run(cli, desk, "2026-11-25T09:00:00", "S1", "import", "bundle", out)
    with closing(sqlite3.connect(desk)) as conn:
        assert conn.execute("SELECT customer_id FROM outcomes ORDER BY 1").fetchall() == [("C000",), ("C001",)]
    # Nor is a day after it taken as leaving nothing out: the same desk, the day's bundle instead.
    _out, said = _export(cli, upgraded, "2026-11-25T08:00:00", "u-1125.wbundle", "--since", "2026-11-25")
    assert said == ["warning: 2 entries made or received here are from before 2026-11-25, so they are not in this"
                    " bundle, and no bundle this terminal wrote before is known to have sent them; export with --since"
                    " last to send them."]
