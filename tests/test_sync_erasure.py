"""A privacy erasure made on one desk travels in bundles as an erasure entry and erases the customer on every desk that
imports it, as `privacy erase` does there; a bundle from a desk that has not erased them never brings their notes
back. Real database files, real bundles, the real CLI."""

from __future__ import annotations

import importlib
import json
import sqlite3
import uuid
from contextlib import closing

import pytest

from sync_data import add_outcome, as_version_2, dump
from test_sync_assignments import _attempt, _desks, _export, _import, _resigned, _run
from workbench.db import open_db
from workbench.codes import ERASED_NAME

NOTE = "客户说女儿在上海读书，下月再联系"
LATER_NOTE = "客户说换了新号码 13912345678"


def _desks_with_a_note(tmp_path, *names):
    """Desks s and a (and more, named), copies of one branch whose C000 has a call with NOTE, each its own id."""
    s, a = _desks(tmp_path)
    db = open_db(s)
    with db.conn:
        add_outcome(db.conn, "C000", "2026-11-19T10:00:00", note=NOTE, outcome_id="o-note")
    db.close()
    copies = []
    for name in ("a", *names):
        copy = tmp_path / f"{name}.sqlite"
        copy.write_bytes(s.read_bytes())
        with closing(sqlite3.connect(copy)) as c, c:
            c.execute("UPDATE meta SET value = ? WHERE key = 'terminal_id'", (str(uuid.uuid4()),))
        copies.append(copy)
    return s, *copies


def _person(path, customer="C000"):
    """What the desk holds on the customer that is personal: name, phone, do-not-call and its source, every note."""
    with closing(sqlite3.connect(path)) as conn:
        row = conn.execute("SELECT name, phone_e164, do_not_call, do_not_call_source FROM customers"
                           " WHERE customer_id = ?", (customer,)).fetchone()
        notes = [n for (n,) in conn.execute("SELECT note FROM outcomes WHERE customer_id = ? AND note != ''"
                                            " ORDER BY at", (customer,))]
    return row, notes


ERASED = (ERASED_NAME, None, 1, "erasure")


def _erase(cli, path, now="11:00", customer="C000"):
    _run(cli, path, now, "S1", "privacy", "erase", "--customer", customer, "--yes")


def _log_with_note(cli, path, now, note=LATER_NOTE):
    _run(cli, path, now, "M1", "log", "--customer", "C000", "--result", "reached", "--outcome", "interested",
         "--note", note)


def test_an_erasure_travels_and_erases_the_customer_on_the_desk_that_imports_it(tmp_path, cli):
    s, a = _desks_with_a_note(tmp_path)
    _erase(cli, s)
    bundle = _export(cli, s, "11:05")
    assert _person(a) == (("客户0", "+8613800000000", 0, None), [NOTE])
    said = _import(cli, a, "11:10", bundle)
    assert _person(a) == (ERASED, [])
    assert said == ["Erasures of personal data: 1 new entries, 0 already here; customers erased here now: 1, erased"
                    " here before: 0, not known here: 0."]   # and no word of an entry held here with other content
    with closing(sqlite3.connect(a)) as conn, closing(sqlite3.connect(s)) as there:
        made = there.execute("SELECT erasure_id, customer_id, at, terminal_id, by_id, status FROM erasures").fetchall()
        assert [m[1:3] + m[4:] for m in made] == [("C000", "2026-11-20T11:00:00", "S1", "made_here")]
        assert conn.execute("SELECT erasure_id, customer_id, at, terminal_id, by_id, status FROM erasures").fetchall() \
            == [made[0][:5] + ("applied",)]
        # The same function as `privacy erase` here, the same audit entry, naming the entry, who made it and where.
        actor, subject, detail = conn.execute("SELECT actor, subject, detail FROM audit_log WHERE action = 'erase'").fetchone()
        detail = json.loads(detail)
        assert (actor, subject, detail["notes_cleared"], detail["erasure"], detail["by"], detail["terminal"],
                detail["erased_at"], detail["bundle"]) == ("S1", "C000", 1, made[0][0], "S1", made[0][3],
                                                           "2026-11-20T11:00:00", bundle.name)
        assert conn.execute("SELECT priority FROM customers WHERE customer_id = 'C000'").fetchone() == (None,)
        assert json.loads(conn.execute("SELECT detail FROM audit_log WHERE action = 'import'").fetchone()[0])[
            "erasures_new"] == 1
    # Again: nothing new, no second erasure, nothing said of it.
    before = dump(a)
    assert _import(cli, a, "11:20", bundle) == []
    after = dump(a)
    assert [after[t] == before[t] for t in ("customers", "outcomes", "erasures")] == [True] * 3
    assert [r for r in after["audit_log"] if r[3] == "erase"] == [r for r in before["audit_log"] if r[3] == "erase"]


def test_a_bundle_made_before_the_erasure_brings_no_note_back_to_the_desk_that_erased(tmp_path, cli):
    s, a = _desks_with_a_note(tmp_path)
    _log_with_note(cli, a, "10:30")                    # desk a has not heard of the erasure: a new call, a new note
    unerased = _export(cli, a, "10:40")
    _erase(cli, s)
    said = _import(cli, s, "11:10", unerased)
    assert _person(s) == (ERASED, [])
    assert said == ["1 note the bundle brought about a customer erased here was cleared."]   # no "different content"
    with closing(sqlite3.connect(s)) as conn:
        assert conn.execute("SELECT count(*) FROM outcomes WHERE customer_id = 'C000'").fetchone() == (2,)
        assert json.loads(conn.execute("SELECT detail FROM audit_log WHERE action = 'import'").fetchone()[0])[
            "notes_cleared"] == 1
    # Then desk a hears of it, and each desk's bundle to the other adds nothing and says nothing.
    erased = _export(cli, s, "11:15")
    assert _import(cli, a, "11:20", erased)[0].startswith("Erasures of personal data: 1 new entries")
    assert _person(a) == (ERASED, [])
    assert _import(cli, s, "11:30", _export(cli, a, "11:25")) == []
    assert _import(cli, a, "11:40", erased) == []
    assert _person(s) == _person(a) == (ERASED, [])


@pytest.mark.parametrize("erasure_first", [True, False])
def test_a_third_desk_ends_erased_whichever_bundle_comes_first(tmp_path, cli, erasure_first):
    s, a, c = _desks_with_a_note(tmp_path, "c")
    _log_with_note(cli, a, "10:30")
    unerased = _export(cli, a, "10:40")
    _erase(cli, s)
    erased = _export(cli, s, "11:05")
    said = [_import(cli, c, "11:10", b) for b in ((erased, unerased) if erasure_first else (unerased, erased))]
    assert _person(c) == (ERASED, [])
    if erasure_first:   # the note of the call made on desk a arrives after the erasure and is cleared on arrival
        assert said[1] == ["1 note the bundle brought about a customer erased here was cleared."]
    else:               # both notes arrive first and go with the erasure
        assert said == [[], ["Erasures of personal data: 1 new entries, 0 already here; customers erased here now: 1,"
                             " erased here before: 0, not known here: 0."]]
        with closing(sqlite3.connect(c)) as conn:
            assert json.loads(conn.execute("SELECT detail FROM audit_log WHERE action = 'erase'").fetchone()[0])[
                "notes_cleared"] == 2


def test_an_erasure_of_a_customer_unknown_here_is_kept_and_clears_their_notes_when_they_come(tmp_path, cli):
    s, a, c = _desks_with_a_note(tmp_path, "c")
    with closing(sqlite3.connect(s)) as conn, conn:   # C009 is known on desks s and a only
        conn.execute("INSERT INTO customers (customer_id, name, manager_id, branch_id) VALUES ('C009', '客户9', 'M1', 'B1')")
    with closing(sqlite3.connect(a)) as conn, conn:
        conn.execute("INSERT INTO customers (customer_id, name, manager_id, branch_id) VALUES ('C009', '客户9', 'M1', 'B1')")
    _run(cli, a, "10:30", "M1", "log", "--customer", "C009", "--result", "reached",
         "--outcome", "interested", "--note", LATER_NOTE)
    _erase(cli, s, customer="C009")
    assert _import(cli, c, "11:10", _export(cli, s, "11:05")) == [
        "Erasures of personal data: 1 new entries, 0 already here; customers erased here now: 0, erased here before: 0,"
        " not known here: 1.",
        "warning: 1 new entry in the bundle concerns a customer not known here; it was kept, but no one's call list"
        " here shows it."]
    _import(cli, c, "11:20", _export(cli, a, "11:15"))
    with closing(sqlite3.connect(c)) as conn:
        assert conn.execute("SELECT status FROM erasures").fetchall() == [("unknown_customer",)]
        assert conn.execute("SELECT note FROM outcomes WHERE customer_id = 'C009'").fetchall() == [("",)]


def test_a_bundle_for_one_manager_carries_every_erasure(tmp_path, cli):
    s, a = _desks_with_a_note(tmp_path)
    _erase(cli, s)
    bundle = tmp_path / "m2.wbundle"
    _run(cli, s, "11:05", "S1", "export", "bundle", "--manager", "M2", "--out", bundle)   # C000 is M1's
    assert json.loads(bundle.read_bytes().split(b"\n", 1)[0])["counts"]["erasures"] == 1
    _import(cli, a, "11:10", bundle)
    assert _person(a)[0] == ERASED


def _erasure(entries) -> dict:
    return next(e["row"] for e in entries if e["table"] == "erasures")


@pytest.mark.parametrize("spoil", [
    lambda row: row.update(at="2026-11-20 11:00:00"),
    lambda row: row.update(at="2026-11-20T11:00:00+08:00"),
    lambda row: row.update(by_id=""),
    lambda row: row.update(by_id=None),
    lambda row: row.update(customer_id="C000 "),
    lambda row: row.update(status="applied"),          # what a desk made of it never travels
    lambda row: row.pop("terminal_id"),
])
def test_a_spoiled_erasure_entry_refuses_the_bundle_whole(tmp_path, cli, spoil):
    s, a = _desks_with_a_note(tmp_path)
    _erase(cli, s)
    data = _export(cli, s, "11:05").read_bytes()
    before = dump(a)
    message = _attempt(a, _resigned(data, lambda manifest, entries: spoil(_erasure(entries))), tmp_path)
    assert message.startswith("Refused x.wbundle: line ") and message.endswith(
        " is not an outcome, follow-up, assignment or erasure entry; nothing was imported.")
    assert dump(a) == before


def test_a_version_2_bundle_written_before_erasures_travelled_still_imports(tmp_path, cli):
    s, a = _desks_with_a_note(tmp_path)
    data = _export(cli, s, "11:05").read_bytes()

    def without_erasures(manifest, entries):
        as_version_2(manifest, entries)
        del manifest["counts"]["erasures"]

    assert _attempt(a, _resigned(data, without_erasures), tmp_path) is None

    def holding_one_it_does_not_count(manifest, entries):
        as_version_2(manifest, entries)
        del manifest["counts"]["erasures"]
        entries.append({"table": "erasures", "row": {"erasure_id": "e1", "customer_id": "C000", "at": "2026-11-20T11:00:00",
                                                     "terminal_id": "t", "by_id": "S1"}})

    assert "its row counts do not match its manifest" in _attempt(a, _resigned(data, holding_one_it_does_not_count),
                                                                   tmp_path)


def test_the_migration_gives_an_earlier_erasure_an_entry_and_clears_the_notes_that_came_back(tmp_path, cli):
    s, _a = _desks_with_a_note(tmp_path)
    _erase(cli, s)
    migration = importlib.import_module("workbench.db.migrations.m0117_erasures")
    with closing(sqlite3.connect(s)) as conn:
        conn.isolation_level = None
        conn.execute("BEGIN")
        conn.execute("DROP TABLE erasures")   # as before migration 117, with the note a bundle brought back
        conn.execute("UPDATE outcomes SET note = ? WHERE customer_id = 'C000'", (NOTE,))
        migration.upgrade(conn)
        conn.execute("COMMIT")
        here = conn.execute("SELECT value FROM meta WHERE key = 'terminal_id'").fetchone()[0]
        assert conn.execute("SELECT customer_id, at, terminal_id, by_id, status FROM erasures").fetchall() == [
            ("C000", "2026-11-20T11:00:00", here, "S1", "made_here")]
        assert conn.execute("SELECT note FROM outcomes WHERE customer_id = 'C000'").fetchall() == [("",)]
