"""A follow-up's purpose can be a manager's own words (`log --purpose "问房贷，他儿子在上海"`): an erasure clears them
with the notes, in the follow-up events and the follow-ups, and keeps the codes and campaigns (no one's data); a bundle
from a desk that had not erased the customer never brings them back, and says nothing of the difference. A customer not
erased keeps theirs. Real database files, real bundles, the real CLI."""

from __future__ import annotations

import importlib
import json
import sqlite3
from contextlib import closing

from sync_data import terminal_id
from test_sync_assignments import _desks, _export, _import, _resigned, _run
from workbench.db import open_db
from workbench.db.followups import append_event

WORDS = "问房贷，他儿子在上海"
OTHER_WORDS = "问理财，她下月退休"
ERASED_SAID = ("Erasures of personal data: 1 new entries, 0 already here; customers erased here now: 1, erased here"
               " before: 0, not known here: 0.")


def _log(cli, path, now, purpose=WORDS, customer="C000", manager="M1"):
    """A call with a follow-up booked for the 25th, for the purpose given."""
    _run(cli, path, now, manager, "log", "--customer", customer, "--result", "reached", "--outcome", "interested",
         "--follow-up", "2026-11-25", "--purpose", purpose)


def _erase(cli, path, now="11:00", customer="C000"):
    _run(cli, path, now, "S1", "privacy", "erase", "--customer", customer, "--yes")


def _purposes(path, customer="C000") -> tuple[list, list]:
    """The purposes of the customer's follow-up events and follow-ups, sorted (None first); not those of the events
    by which the erasure cancelled their pending follow-ups (they carry none)."""
    with closing(sqlite3.connect(path)) as conn:
        return tuple(sorted((p for (p,) in conn.execute(f"SELECT purpose FROM {table} WHERE customer_id = ?{kinds}",
                                                         (customer,))), key=lambda p: (p is not None, p or ""))
                     for table, kinds in (("followup_events", " AND kind != 'cancelled'"), ("followups", "")))


def _audit(path, action) -> list[dict]:
    with closing(sqlite3.connect(path)) as conn:
        return [json.loads(d) for (d,) in conn.execute("SELECT detail FROM audit_log WHERE action = ? ORDER BY seq",
                                                       (action,))]


def _with_codes(path, customer="C000"):
    """Two follow-ups of the customer whose purposes are codes: a call back, and a campaign's notice."""
    db = open_db(path)
    with db.conn:
        for fid, purpose in (("f-code", "call_back"), ("f-campaign", "campaign:PTS-2X")):
            append_event(db.conn, followup_id=fid, customer_id=customer, kind="created", at="2026-11-19T09:00:00",
                         terminal_id=terminal_id(db.conn), by_id="M1", owner_id="M1", due_on="2026-11-26",
                         purpose=purpose)
    db.close()


def test_an_erasure_clears_the_purposes_in_a_managers_words_and_keeps_codes_and_campaigns(tmp_path, cli):
    s, _a = _desks(tmp_path)
    _with_codes(s)
    _log(cli, s, "10:00")
    _log(cli, s, "10:05", "interested")   # a code typed as the purpose: no one's data
    assert _purposes(s) == (["call_back", "campaign:PTS-2X", "interested", WORDS],) * 2
    _erase(cli, s)
    assert _purposes(s) == ([None, "call_back", "campaign:PTS-2X", "interested"],) * 2
    assert [(d["notes_cleared"], d["purposes_cleared"]) for d in _audit(s, "erase")] == [(0, 1)]
    # The access request made after it shows no more than is held.
    out = tmp_path / "c000.json"
    _run(cli, s, "11:05", "S1", "privacy", "export", "--customer", "C000", "--out", out)
    assert WORDS not in out.read_text(encoding="utf-8")


def test_a_bundle_from_a_desk_that_had_not_erased_brings_no_purpose_back(tmp_path, cli):
    s, a = _desks(tmp_path)
    _log(cli, a, "10:30")                  # desk a has not heard of the erasure: a new follow-up, in its words
    unerased = _export(cli, a, "10:40")
    _erase(cli, s)
    said = _import(cli, s, "11:10", unerased)
    assert _purposes(s) == ([None], [None])
    assert not [line for line in said if "different content" in line]
    with closing(sqlite3.connect(s)) as conn:   # the event itself arrived, its words gone, and was cancelled on arrival
        assert conn.execute("SELECT kind FROM followup_events WHERE customer_id = 'C000' ORDER BY at, kind"
                            ).fetchall() == [("created",), ("cancelled",)]
    assert _audit(s, "import")[-1]["purposes_cleared"] == 1
    # Desk a hears of the erasure and clears them too; each desk's bundle to the other then says nothing of them.
    erased = _export(cli, s, "11:15")
    assert _import(cli, a, "11:20", erased) == [ERASED_SAID]
    assert _purposes(a) == ([None], [None])
    assert _import(cli, s, "11:30", _export(cli, a, "11:25")) == []


def test_an_event_both_desks_held_before_the_erasure_is_no_different_content(tmp_path, cli):
    s, a = _desks(tmp_path)
    _log(cli, s, "10:00")
    _import(cli, a, "10:10", _export(cli, s, "10:05"))   # both desks hold the event with the words
    unerased = _export(cli, a, "10:20")
    _erase(cli, s)
    assert _import(cli, s, "11:10", unerased) == []   # held here with the purpose cleared: nothing to say
    assert _purposes(s) == ([None], [None])
    assert _import(cli, a, "11:20", _export(cli, s, "11:15")) == [ERASED_SAID]   # the other way round
    assert _purposes(a) == ([None], [None])


def test_a_purpose_missing_from_an_event_of_a_customer_not_erased_is_still_different_content(tmp_path, cli):
    s, a = _desks(tmp_path)
    _log(cli, s, "10:00")
    bundle = _export(cli, s, "10:05")
    _import(cli, a, "10:10", bundle)
    data = bundle.read_bytes()

    def without_purpose(manifest, entries):
        for entry in entries:
            if entry["table"] == "followup_events":
                entry["row"]["purpose"] = None

    changed = tmp_path / "changed.wbundle"
    changed.write_bytes(_resigned(data, without_purpose))
    said = _import(cli, a, "10:20", changed)
    assert len(said) == 1 and said[0].startswith("warning: 1 entry in the bundle reuses an id held here with different"
                                                 " content")
    assert _purposes(a) == ([WORDS], [WORDS])


def test_a_customer_not_erased_keeps_their_purposes(tmp_path, cli):
    s, a = _desks(tmp_path)
    _log(cli, s, "10:00", OTHER_WORDS, customer="C002")
    _log(cli, a, "10:30", OTHER_WORDS, customer="C002")
    _log(cli, s, "10:35")
    _erase(cli, s)
    _import(cli, s, "11:10", _export(cli, a, "11:05"))
    _import(cli, a, "11:20", _export(cli, s, "11:15"))
    for desk in (s, a):
        assert _purposes(desk) == ([None], [None])
        assert _purposes(desk, "C002") == ([OTHER_WORDS] * 2,) * 2
    # An access request lists them as they are stored.
    out = tmp_path / "c002.json"
    _run(cli, s, "11:25", "S1", "privacy", "export", "--customer", "C002", "--out", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [e["purpose"] for e in data["followup_events"]] == [f["purpose"] for f in data["followups"]] == [OTHER_WORDS] * 2


def test_the_migration_clears_the_purposes_an_earlier_erasure_left(tmp_path, cli):
    s, _a = _desks(tmp_path)
    _with_codes(s)
    _log(cli, s, "10:00")
    _log(cli, s, "10:05", OTHER_WORDS, customer="C002")
    _log(cli, s, "10:10", customer="C004")
    _erase(cli, s)
    with closing(sqlite3.connect(s)) as conn, conn:   # as an erasure before it cleared them left them
        for table in ("followup_events", "followups"):
            conn.execute(f"UPDATE {table} SET purpose = ? WHERE customer_id = 'C000' AND purpose IS NULL", (WORDS,))
        # Named by an erasure entry alone (as a customer erased on another desk, not known here when it came) ...
        conn.execute("UPDATE customers SET do_not_call_source = NULL WHERE customer_id = 'C000'")
        # ... or erased here before erasure entries were kept (migration 117 gave it one; this one has none).
        conn.execute("UPDATE customers SET do_not_call_source = 'erasure' WHERE customer_id = 'C004'")
    assert _purposes(s)[0] == ["call_back", "campaign:PTS-2X", WORDS]
    assert _purposes(s, "C004")[0] == [WORDS]
    migration = importlib.import_module("workbench.db.migrations.m0119_erased_purposes")
    with closing(sqlite3.connect(s)) as conn:
        conn.isolation_level = None
        conn.execute("BEGIN")
        migration.upgrade(conn)
        conn.execute("COMMIT")
    assert _purposes(s) == ([None, "call_back", "campaign:PTS-2X"],) * 2
    assert _purposes(s, "C004") == ([None],) * 2
    assert _purposes(s, "C002") == ([OTHER_WORDS],) * 2
