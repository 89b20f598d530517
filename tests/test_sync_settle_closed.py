"""The import-time settling of a follow-up by a contact that reached the customer writes nothing for one the contact
itself closed on its own desk, and a desk's own changes made one after the other are never said to come from two
databases sharing its terminal id (finding 2 of the month on three desks). Real database files, real bundles, the real
CLI."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from contextlib import closing

import sync_data

SHARED = "which two databases share"


def _desks(tmp_path):
    """Desks s, a and b: copies of one seeded branch (C001 is M2's), each with its own terminal id."""
    s, a = sync_data.two_terminals(tmp_path, ("s.sqlite", "a.sqlite"))
    b = tmp_path / "b.sqlite"
    shutil.copy(s, b)
    with closing(sqlite3.connect(b)) as conn, conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'terminal_id'", (str(uuid.uuid4()),))
    return s, a, b


def _run(cli, path, at, user, *args):
    r = cli("--db", path, "--lang", "en", "--now", f"2026-11-{at}:00", "--user", user, *args)
    assert r.exit_code == 0, r.stderr
    return r.stdout.splitlines()


def _bundle(cli, path, at, tmp_path):
    out = tmp_path / f"{path.stem}-{at.replace(':', '').replace('T', '-')}.wbundle"
    _run(cli, path, at, "S1", "export", "bundle", "--out", out, "--since", "last")
    return out


def _pending(path, customer="C001"):
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT followup_id FROM followups WHERE customer_id = ? AND status IN ('open',"
                            " 'rescheduled') ORDER BY created_at", (customer,)).fetchone()[0]


def _events(path, followup_id):
    """(kind, terminal, by) of each of the follow-up's events, as folded."""
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT kind, terminal_id, by_id FROM followup_events WHERE followup_id = ?"
                            " ORDER BY at, terminal_id, event_id", (followup_id,)).fetchall()


def _terminal(path):
    with closing(sqlite3.connect(path)) as conn:
        return sync_data.terminal_id(conn)


def test_a_follow_up_the_contact_marked_done_on_its_desk_gets_no_cancellation_where_it_arrives(tmp_path, cli):
    """x7: M2 books a callback F on desk b; a and s get it. At 09:00 on the 26th M2 reaches the customer on b, which
    marks F done and books the next step; at 11:00 S1, not yet told, moves F on desk a. Desk a's import of b's bundle
    names the clash and writes no 'cancelled' event in M2's name under a's terminal id; once S1 marks F done there, s
    hears of both desks' changes and says no terminal id is shared."""
    s, a, b = _desks(tmp_path)
    _run(cli, b, "24T09:30", "M2", "log", "--customer", "C001", "--result", "reached", "--outcome", "call_back",
         "--follow-up", "2026-11-26T10:30")
    first = _bundle(cli, b, "24T18:00", tmp_path)
    for desk in (a, s):
        _run(cli, desk, "25T08:30", "S1", "import", "bundle", first)
    f = _pending(a)
    _run(cli, b, "26T09:00", "M2", "log", "--customer", "C001", "--result", "reached", "--outcome", "interested",
         "--follow-up", "2026-11-30T14:00")
    second = _bundle(cli, b, "26T18:00", tmp_path)
    _run(cli, a, "26T11:00", "S1", "followup", "move", f[:8], "--when", "2026-11-27T10:30")
    on_a = _run(cli, a, "27T08:30", "S1", "import", "bundle", second)
    assert [line for line in on_a if "follow-up of" in line][0].endswith(
        f"if the customer's answer stands, mark it done or cancel it: `workbench followup done {f[:8]}` (or `cancel"
        f" {f[:8]}`)."), on_a
    here, there = _terminal(a), _terminal(b)
    assert _events(a, f) == [("created", there, "M2"), ("done", there, "M2"), ("rescheduled", here, "S1")]
    _run(cli, a, "27T09:00", "S1", "followup", "done", f[:8])
    from_a = _bundle(cli, a, "27T18:00", tmp_path)
    on_s = _run(cli, s, "28T08:30", "S1", "import", "bundle", second) + _run(cli, s, "28T08:31", "S1", "import",
                                                                             "bundle", from_a)
    on_b = _run(cli, b, "28T08:30", "S1", "import", "bundle", from_a)
    assert not [line for line in on_s + on_b if SHARED in line], on_s + on_b
    assert _events(s, f) == _events(a, f) == _events(b, f) == [
        ("created", there, "M2"), ("done", there, "M2"), ("rescheduled", here, "S1"), ("done", here, "S1")]


def test_a_settling_dated_before_a_change_made_here_and_a_later_close_here_are_no_shared_terminal_id(tmp_path, cli):
    """M2 books a callback F on desk a that desk b never held; at 09:00 on the 25th M2 reaches the customer on b and
    books the next step; at 11:00 S1 moves F on a; a's import of b's bundle settles F there, dated 09:00 (before the
    move, so F stays moved), and S1 then marks F done on a. Both a's events are based on the move: made one after the
    other on a, which desks s and b, importing a's bundle, do not take for a copied database."""
    s, a, b = _desks(tmp_path)
    _run(cli, a, "24T09:30", "M2", "log", "--customer", "C001", "--result", "reached", "--outcome", "call_back",
         "--follow-up", "2026-11-26T10:30")
    f = _pending(a)
    _run(cli, b, "25T09:00", "M2", "log", "--customer", "C001", "--result", "reached", "--outcome", "interested",
         "--follow-up", "2026-11-30T14:00")
    from_b = _bundle(cli, b, "25T09:30", tmp_path)
    _run(cli, a, "25T11:00", "S1", "followup", "move", f[:8], "--when", "2026-11-27T10:30")
    _run(cli, a, "25T12:00", "S1", "import", "bundle", from_b)
    here = _terminal(a)
    assert _events(a, f) == [("created", here, "M2"), ("cancelled", here, "M2"), ("rescheduled", here, "S1")]
    _run(cli, a, "25T13:00", "S1", "followup", "done", f[:8])
    from_a = _bundle(cli, a, "25T18:00", tmp_path)
    told = [_run(cli, desk, "26T08:30", "S1", "import", "bundle", from_a) for desk in (s, b)]
    assert not [line for lines in told for line in lines if "follow-up of" in line], told
    assert _events(s, f) == _events(b, f) == _events(a, f)
