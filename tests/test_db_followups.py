"""Follow-up state folded from events: order-independent, concurrent edits reported."""

import itertools

from workbench.db.followups import append_event, replay

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
        assert [(x.winner, x.losers) for x in conflicts] == [("e3", ("e2",))]
    assert results == {("M1", "2026-11-24", None, "done")}


def test_partial_history_waits_for_created(fresh_db):
    c = fresh_db.conn
    c.execute("INSERT INTO followup_events (event_id, followup_id, customer_id, kind, at, terminal_id)"
              " VALUES ('e9', 'F1', 'C1', 'done', '2026-11-22T10:00:00', 'T2')")
    replay(c, ["F1"])
    assert _state(c) is None
