"""Record ids: random UUIDs, or the same ones again from a seeded generator (the sample's)."""

import random
import uuid
from contextlib import nullcontext
from datetime import date, datetime

from factories import seed_branch

from workbench import ids
from workbench.db import open_db
from workbench.outcomes import FollowUpRequest, log_outcome


def logged(path, seed: int | None) -> tuple[str, ...]:
    """A call logged with a follow-up booked, in a new database: the outcome's, follow-up's and events' ids."""
    db = open_db(path)
    seed_branch(db)
    with ids.seeded(random.Random(seed)) if seed is not None else nullcontext():
        done = log_outcome(db.conn, customer_id="C1", manager_id="M1", line_result="reached",
                           business_outcome="call_back", at=datetime(2026, 11, 20, 10),
                           follow_up=FollowUpRequest(date(2026, 11, 23)))
    events = [r[0] for r in db.execute("SELECT event_id FROM followup_events ORDER BY at, event_id")]
    db.close()
    return (done.outcome_id, done.followup_id, *events)


def test_a_seeded_generator_gives_the_same_ids_and_leaves_the_rest_random(tmp_path):
    first = logged(tmp_path / "a.sqlite", 7)
    assert logged(tmp_path / "b.sqlite", 7) == first
    assert len(set(first)) == len(first) == 3 and all(uuid.UUID(i).version == 4 for i in first)
    assert logged(tmp_path / "c.sqlite", 8) != first
    unseeded = logged(tmp_path / "d.sqlite", None)   # outside the block: random again
    assert not set(unseeded) & set(first) and all(uuid.UUID(i).version == 4 for i in unseeded)
