"""Follow-up state folded from events: order-independent, concurrent edits reported."""

import itertools

from workbench.db.followups import ConflictEvent, append_event, replay

BASE = dict(followup_id="F1", customer_id="C1")


def _state(db):
    return db.execute("SELECT owner_id, due_on, slot, status FROM followups WHERE followup_id='F1'").fetchone()


def test_lifecycle(fresh_db):
    c = fresh_db.conn
    append_event(c, **BASE, kind="created", at="2026-11-20T10:00:00", terminal_id="T1", owner_id="M1", due_on="2026-11-23", slot="10:00")
    assert _state(c) == ("M1", "2026-11-23", "10:00", "open")
    append_event(c, **BASE, kind="rescheduled", at="2026-11-21T09:00:00", terminal_id="T1", due_on="2026-11-25")
    assert _state(c) == ("M1", "2026-11-25", None, "rescheduled")
    append_event(c, **BASE, kind="reassigned", at="2026-11-21T09:30:00", terminal_id="T1", owner_id="M2")
    append_event(c, **BASE, kind="done", at="2026-11-25T11:00:00", terminal_id="T1")
    assert _state(c) == ("M2", "2026-11-25", None, "done")


def test_any_arrival_order_gives_the_same_state(fresh_db):
    c = fresh_db.conn
    events = [
        ("e1", "created", "2026-11-20T10:00:00", "T1", None, "2026-11-23"),
        ("e2", "rescheduled", "2026-11-21T10:00:00", "T1", "e1", "2026-11-24"),
        ("e3", "done", "2026-11-21T11:00:00", "T2", "e1", None),  # concurrent with e2
    ]
    results = set()
    for order in itertools.permutations(events):
        c.execute("DELETE FROM followup_events")
        c.execute("DELETE FROM followups")
        conflicts = []
        for eid, kind, at, term, based_on, due in order:
            c.execute(
                "INSERT INTO followup_events (event_id, followup_id, customer_id, kind, owner_id, due_on, at, terminal_id, based_on)"
                " VALUES (?, 'F1', 'C1', ?, 'M1', ?, ?, ?, ?)", (eid, kind, due, at, term, based_on))
            conflicts = replay(c, ["F1"])
        results.add(_state(c))
        assert [(x.events[0].event_id, tuple(e.event_id for e in x.events[1:])) for x in conflicts] == [("e3", ("e2",))]
    assert results == {("M1", "2026-11-24", None, "done")}


def test_partial_history_waits_for_created(fresh_db):
    c = fresh_db.conn
    c.execute("INSERT INTO followup_events (event_id, followup_id, customer_id, kind, at, terminal_id)"
              " VALUES ('e9', 'F1', 'C1', 'done', '2026-11-22T10:00:00', 'T2')")
    replay(c, ["F1"])
    assert _state(c) is None


def _insert(c, event_id, kind, at, terminal, based_on, due, by="M1"):
    c.execute("INSERT INTO followup_events (event_id, followup_id, customer_id, kind, owner_id, due_on, at, terminal_id,"
              " by_id, based_on) VALUES (?, 'F1', 'C1', ?, 'M1', ?, ?, ?, ?, ?)", (event_id, kind, due, at, terminal, by, based_on))


def test_a_conflict_carries_what_each_side_did_and_where(fresh_db):
    c = fresh_db.conn
    _insert(c, "e1", "created", "2026-11-20T10:00:00", "T1", None, "2026-11-23")
    _insert(c, "e2", "rescheduled", "2026-11-21T10:00:00", "T1", "e1", "2026-11-25")
    _insert(c, "e3", "rescheduled", "2026-11-21T10:05:00", "T2", "e1", "2026-11-27", by="M2")
    [conflict] = replay(c, ["F1"])
    assert (conflict.customer_id, conflict.same_terminal) == ("C1", False)
    assert conflict.events == (
        ConflictEvent("e3", "rescheduled", "2026-11-21T10:05:00", "T2", "M2", "M1", "2026-11-27", None),
        ConflictEvent("e2", "rescheduled", "2026-11-21T10:00:00", "T1", "M1", "M1", "2026-11-25", None))


def test_two_changes_from_one_point_under_one_terminal_id_are_a_copied_database_s(fresh_db):
    # One terminal bases each event on the one before; two based on the same event under one id were made on two
    # databases that share it, and are reported like any concurrent pair, not resolved silently.
    c = fresh_db.conn
    _insert(c, "e1", "created", "2026-11-20T10:00:00", "T1", None, "2026-11-23")
    _insert(c, "e2", "rescheduled", "2026-11-21T10:00:00", "T1", "e1", "2026-11-25")
    _insert(c, "e3", "rescheduled", "2026-11-21T10:05:00", "T1", "e1", "2026-11-27")
    [conflict] = replay(c, ["F1"])
    assert (conflict.events[0].event_id, tuple(e.event_id for e in conflict.events[1:]), conflict.same_terminal) == (
        "e3", ("e2",), True)
    assert _state(c) == ("M1", "2026-11-27", None, "rescheduled")


def test_a_single_terminals_chain_of_changes_is_no_conflict(fresh_db):
    c = fresh_db.conn
    append_event(c, **BASE, kind="created", at="2026-11-20T10:00:00", terminal_id="T1", owner_id="M1", due_on="2026-11-23")
    append_event(c, **BASE, kind="rescheduled", at="2026-11-21T09:00:00", terminal_id="T1", due_on="2026-11-25")
    append_event(c, **BASE, kind="done", at="2026-11-21T09:00:01", terminal_id="T1")
    assert replay(c, ["F1"]) == []
