"""A supervisor who sends out `export bundle --since TODAY` every morning loses nothing unsaid: a call made here after
yesterday's bundle was written is named by the export that leaves it out, and `--since last` starts where this
terminal's bundles left off. Real database files, real bundles, the real CLI."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from test_sync_assignments import _desks
from test_sync_since import _bundle, _entries, _log, _run


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
