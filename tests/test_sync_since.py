"""`export bundle --since DAY` sends what this desk made or received since that day: entries relayed from other desks
go by when they arrived here (kept per entry, never sent on), so a supervisor who collects every desk's bundle and
sends out today's loses none. Real database files, real bundles, the real CLI."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

from test_sync_assignments import _desks


def _run(cli, path, when, user, *args):
    r = cli("--db", path, "--now", when, "--user", user, *args)
    assert r.exit_code == 0, r.stderr
    return r


def _log(cli, path, when, customer, *follow_up):
    manager = "M1" if int(customer[1:]) % 2 == 0 else "M2"   # as _desks splits them
    _run(cli, path, when, manager, "log", "--customer", customer, "--result", "no_answer",
         *(("--follow-up", follow_up[0]) if follow_up else ()))


def _bundle(cli, path, when, name, *since):
    out = path.parent / name
    _run(cli, path, when, "S1", "export", "bundle", "--out", out, *(("--since", since[0]) if since else ()))
    return out


def _entries(bundle) -> list[tuple[str, dict]]:
    lines = bundle.read_bytes().decode("utf-8").splitlines()
    return [(e["table"], e["row"]) for e in map(json.loads, lines[1:])]


def test_entries_relayed_from_another_desk_go_by_when_they_arrived(tmp_path, cli):
    supervisor, desk = _desks(tmp_path)
    _log(cli, desk, "2026-11-20T10:00:00", "C000", "2026-11-25")       # desk b logs on the 20th...
    _run(cli, desk, "2026-11-20T10:05:00", "S1", "reassign", "--customer", "C002", "--to", "M2")
    _run(cli, desk, "2026-11-20T10:10:00", "S1", "privacy", "erase", "--customer", "C004", "--yes")
    _log(cli, supervisor, "2026-11-21T09:00:00", "C001")               # the supervisor's own call on the 21st
    from_desk = _bundle(cli, desk, "2026-11-20T18:00:00", "desk.wbundle")
    _run(cli, supervisor, "2026-11-22T08:30:00", "S1", "import", "bundle", from_desk)   # ...arrives on the 22nd
    _log(cli, supervisor, "2026-11-22T09:00:00", "C003")               # and a call of the 22nd made here

    today = _entries(_bundle(cli, supervisor, "2026-11-22T18:00:00", "today.wbundle", "2026-11-22"))
    calls = sorted((row["customer_id"], row["at"]) for table, row in today if table == "outcomes")
    assert calls == [("C000", "2026-11-20T10:00:00"), ("C003", "2026-11-22T09:00:00")]   # not the 21st's own
    assert {table for table, _row in today} == {"outcomes", "followup_events", "assignments", "erasures"}
    assert [row["customer_id"] for table, row in today if table in ("assignments", "erasures")] == ["C002", "C004"]
    # The arrival is this desk's own: the rows travel as they came, with nothing added.
    with closing(sqlite3.connect(supervisor)) as conn:
        assert conn.execute("SELECT arrived_at FROM outcomes WHERE customer_id = 'C000'").fetchall() == [
            ("2026-11-22T08:30:00",)]
        assert conn.execute("SELECT arrived_at FROM outcomes WHERE customer_id = 'C003'").fetchall() == [(None,)]
    assert all("arrived_at" not in row for _table, row in today)

    # The same bundle again on the 23rd brings nothing new: what was held already keeps the day it arrived.
    _run(cli, supervisor, "2026-11-23T08:30:00", "S1", "import", "bundle", from_desk)
    assert _entries(_bundle(cli, supervisor, "2026-11-23T18:00:00", "next.wbundle", "2026-11-23")) == []
    # And the 21st still sends the supervisor's own call and everything that arrived since.
    since_21 = _entries(_bundle(cli, supervisor, "2026-11-23T18:05:00", "since21.wbundle", "2026-11-21"))
    assert sorted(row["customer_id"] for table, row in since_21 if table == "outcomes") == ["C000", "C001", "C003"]


def test_the_help_says_what_since_means(cli):
    r = cli("export", "bundle", "--help")
    assert r.exit_code == 0
    said = " ".join(r.stdout.replace("│", " ").split())
    assert ("Only entries this terminal made or received on or after this date (YYYY-MM-DD): its own by when they"
            " were recorded, those imported from other terminals by when they arrived here.") in said
