"""Property: terminals that log, reassign, assign from the pool and hand over separately and swap bundles in any
order, with repeats, end identical: the same log, the same follow-ups and the same manager for every customer."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import uuid
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync_data import add_outcome, seed_branch, terminal_id
from workbench import assignments
from workbench.db import open_db
from workbench.db.followups import append_event
from workbench.errors import WorkbenchError
from workbench.followups import reassign_customer
from workbench.handover import hand_over
from workbench.sync.bundle import EVENT_COLUMNS, OUTCOME_COLUMNS, export_bundle, import_bundle

CUSTOMERS = [f"C{i:03d}" for i in range(6)]
COMPARED = {   # the columns that travel: when an entry arrived is each desk's own (arrived_at)
    "outcomes": f"SELECT {', '.join(OUTCOME_COLUMNS)} FROM outcomes ORDER BY outcome_id",
    "followup_events": f"SELECT {', '.join(EVENT_COLUMNS)} FROM followup_events ORDER BY event_id",
    "followups": "SELECT * FROM followups ORDER BY followup_id",
    # How a follow-up stands, without which event last changed it (an import's own 'reassigned' event, say) and when;
    # the owner of a pending one. A desk that had not heard a follow-up was closed sends it along with its customer,
    # and its 'reassigned' event stands beside the close, as two desks' changes made at once do: a closed one's owner
    # is the same everywhere after the next exchange.
    "standing": "SELECT followup_id, customer_id, CASE WHEN status IN ('open', 'rescheduled') THEN owner_id END,"
                " due_on, slot, channel, purpose, status, created_at FROM followups ORDER BY followup_id",
    "managers": "SELECT customer_id, manager_id FROM customers ORDER BY customer_id",
    "assignments": f"SELECT {', '.join(assignments.COLUMNS)} FROM assignments ORDER BY assignment_id",
}
MANAGERS = ["M1", "M2", "M3"]

# One step: terminal t logs a call (maybe with a follow-up), changes a follow-up it knows, or sends
# everything since some minute to terminal u, which may import it twice.
log_step = st.tuples(st.just("call"), st.integers(0, 2), st.sampled_from(CUSTOMERS), st.booleans())
change_step = st.tuples(st.just("change"), st.integers(0, 2), st.sampled_from(["rescheduled", "done", "cancelled"]),
                        st.integers(0, 5))
send_step = st.tuples(st.just("send"), st.integers(0, 2), st.integers(0, 2), st.integers(0, 40), st.booleans())
# Terminal t gives a customer to a manager (from the pool: a pool assignment), or hands a manager's customers over to
# another manager or to the pool (None).
reassign_step = st.tuples(st.just("reassign"), st.integers(0, 2), st.sampled_from(CUSTOMERS), st.sampled_from(MANAGERS))
hand_over_step = st.tuples(st.just("hand_over"), st.integers(0, 2), st.sampled_from(MANAGERS),
                           st.sampled_from([*MANAGERS, None]))
steps = st.lists(st.one_of(log_step, change_step, send_step, reassign_step, hand_over_step), min_size=1, max_size=25)


class Terminals:
    def __init__(self, folder: Path, base: Path, n: int):
        self.folder = folder
        self.paths = []
        for i in range(n):
            path = folder / f"t{i}.sqlite"
            shutil.copy(base, path)
            with sqlite3.connect(path) as conn:
                conn.execute("UPDATE meta SET value = ? WHERE key = 'terminal_id'", (f"terminal-{i}-{uuid.uuid4()}",))
            self.paths.append(path)
        self.dbs = [open_db(p) for p in self.paths]
        self.minute = 0
        self.bundles = 0

    def tick(self) -> str:
        self.minute += 1
        return f"2026-11-20T{9 + self.minute // 60:02d}:{self.minute % 60:02d}:00"

    def call(self, t: int, customer: str, follow_up: bool) -> None:
        conn = self.dbs[t].conn
        at = self.tick()
        conn.execute("BEGIN")
        oid = add_outcome(conn, customer, at, business_outcome="call_back" if follow_up else None)
        if follow_up:
            append_event(conn, followup_id=str(uuid.uuid4()), customer_id=customer, kind="created", at=at,
                         terminal_id=terminal_id(conn), owner_id="M1", due_on="2026-11-25", outcome_id=oid)
        conn.execute("COMMIT")

    def change(self, t: int, kind: str, pick: int) -> None:
        conn = self.dbs[t].conn
        known = conn.execute("SELECT followup_id, customer_id FROM followups ORDER BY followup_id").fetchall()
        if not known:
            return
        fid, customer = known[pick % len(known)]
        conn.execute("BEGIN")
        append_event(conn, followup_id=fid, customer_id=customer, kind=kind, at=self.tick(),
                     terminal_id=terminal_id(conn), due_on="2026-11-26" if kind == "rescheduled" else None)
        conn.execute("COMMIT")

    def reassign(self, t: int, customer: str, to: str) -> None:
        conn = self.dbs[t].conn
        pooled = conn.execute("SELECT manager_id IS NULL FROM customers WHERE customer_id = ?", (customer,)).fetchone()[0]
        try:
            reassign_customer(conn, customer, to, at=datetime.fromisoformat(self.tick()), by_id="S1",
                              source="pool" if pooled else "reassign")
        except WorkbenchError:   # the customer is the manager's already
            pass

    def hand_over(self, t: int, from_id: str, to: str | None) -> None:
        try:
            hand_over(self.dbs[t].conn, from_id, None if to is None else [to], at=datetime.fromisoformat(self.tick()),
                      by_id="S1")
        except WorkbenchError:   # to themselves, or nobody to hand over
            pass

    def send(self, src: int, dst: int, since_minute: int, twice: bool) -> Path:
        self.bundles += 1
        path = self.folder / f"b{self.bundles}.wbundle"
        since = None if since_minute == 0 else "2026-11-20"   # a date: the whole day, or everything
        export_bundle(self.dbs[src].conn, path, now=datetime(2026, 11, 20, 18), since=since)
        for _ in range(2 if twice else 1):
            import_bundle(self.dbs[dst].conn, path, now=datetime(2026, 11, 20, 18))
        return path

    def tables(self, t: int) -> dict:
        return {name: self.dbs[t].conn.execute(sql).fetchall() for name, sql in COMPARED.items()}

    def close(self) -> None:
        for db in self.dbs:
            db.close()


def _base(folder: Path) -> Path:
    path = folder / "base.sqlite"
    db = open_db(path)
    seed_branch(db.conn)
    with db.conn:
        db.conn.execute("INSERT INTO staff (staff_id, name, role, branch_id) VALUES ('M3', '王经理', 'manager', 'B1')")
    db.close()
    return path


# FUZZ_EXAMPLES=1500 tries harder, before a change to how bundles merge.
@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 100)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(2, 3), plan=steps, final_order=st.randoms(use_true_random=False))
def test_any_exchange_order_ends_identical(n, plan, final_order):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        terms = Terminals(folder, _base(folder), n)
        try:
            for step in plan:
                if step[0] == "call":
                    terms.call(step[1] % n, step[2], step[3])
                elif step[0] == "change":
                    terms.change(step[1] % n, step[2], step[3])
                elif step[0] == "reassign":
                    terms.reassign(step[1] % n, step[2], step[3])
                elif step[0] == "hand_over":
                    terms.hand_over(step[1] % n, step[2], step[3])
                elif step[1] % n != step[2] % n:
                    terms.send(step[1] % n, step[2] % n, step[3], step[4])
            # Finally every terminal receives everyone's full bundle, in a random order, some twice.
            finals = [(src, dst) for src in range(n) for dst in range(n) if src != dst]
            finals += final_order.sample(finals, k=min(2, len(finals)))
            final_order.shuffle(finals)
            for src, dst in finals:
                terms.send(src, dst, 0, False)
            # After one round every customer has the same manager everywhere, every desk holds the same assignment
            # entries and every follow-up stands the same (due date, status, a pending one's owner), one booked on a
            # desk that had not yet heard of its customer's reassignment included.
            one_round = {name: terms.tables(0)[name] for name in ("managers", "assignments", "standing")}
            assert all({name: terms.tables(t)[name] for name in one_round} == one_round for t in range(1, n))
            # The 'reassigned' events the imports wrote (and so which event each follow-up was last changed by)
            # travel in the next exchange.
            for src, dst in finals:
                terms.send(src, dst, 0, False)
            first = terms.tables(0)
            for t in range(1, n):
                assert terms.tables(t) == first
            # Every bundle once more: nothing changes anywhere.
            for src, dst in finals:
                terms.send(src, dst, 0, False)
            assert all(terms.tables(t) == first for t in range(n))
            total = sum(1 for s in plan if s[0] == "call")
            assert len(first["outcomes"]) == total   # nothing lost, nothing counted twice
        finally:
            terms.close()
