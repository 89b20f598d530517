"""The first days of head office's campaigns (org.CAMPAIGNS) in the sample, given through the workbench's own
functions: each working day since a campaign began, each manager accepts some of its suggestions, calls the
phone campaign's customers and sends the SMS campaign's as a batch. So the campaign funnel, the campaign
follow-ups still open and the warm leads they leave have something to show out of the box.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from workbench import campaigns, followups, ids
from workbench.outcomes import FollowUpRequest, log_outcome
from workbench.sample import notes, org
from workbench.sample.calls import Weighted, is_working_day, next_working_day

CALLS_PER_DAY = 3        # a phone campaign's notices a manager calls on each of its first days
SMS_PER_DAY = 8          # an SMS campaign's notices a manager sends on each of its first days
UNANSWERED, SAID, REASONS = Weighted(notes.UNANSWERED), Weighted(notes.OUTCOMES_NOTICE), Weighted(notes.REASONS)


def give_notices(conn, today: date, seed: int) -> set[str]:
    """Give the campaigns' notices of the days before today; returns the customers contacted (to rescore).

    Only customers the sample's made-up calls never rang are given a notice, so each notice's call is
    the last on their record and keeps the contact rules the tests check. Every id comes from the seed.
    """
    rng = random.Random(f"{seed}:notices")
    first = min(today + timedelta(days=c[3]) for c in org.CAMPAIGNS)
    called = {row[0] for row in conn.execute("SELECT DISTINCT customer_id FROM outcomes")}
    touched: set[str] = set()
    day = max(first, today - timedelta(days=7))
    with ids.seeded(rng):
        while day < today:
            if is_working_day(day):
                for manager_id, *_rest in org.MANAGERS:
                    touched |= _manager_day(conn, manager_id, day, called | touched, rng)
            day += timedelta(days=1)
    return touched


def _manager_day(conn, manager_id: str, day: date, called: set, rng: random.Random) -> set[str]:
    """One manager's notices of one day, to customers not in `called`."""
    morning = datetime.combine(day, time(9))
    chosen = [s for s in followups.care_suggestions(conn, manager_id, day)
              if campaigns.campaign_id(s.kind) and s.due_on == day and s.customer_id not in called]
    calls = [s for s in chosen if s.channel == "phone"][:CALLS_PER_DAY]
    texts = [s for s in chosen if s.channel == "sms"][:SMS_PER_DAY]
    # Accepted together, as "accept all" does: one working-out of the manager's suggestions.
    given, left = followups.accept_suggestions(conn, calls + texts, at=morning, by_id=manager_id)
    if left:
        raise RuntimeError("a notice worked out for this very day was refused")
    if texts:
        followups.complete_all(conn, given[len(calls):], at=morning.replace(hour=16), by_id=manager_id)
    for n, suggestion in enumerate(calls):
        _call(conn, suggestion.customer_id, manager_id, morning + timedelta(hours=1, minutes=41 * n), rng)
    return {s.customer_id for s in calls + texts}


def _call(conn, customer_id: str, manager_id: str, at: datetime, rng: random.Random) -> None:
    if rng.random() >= notes.REACH_NOTICE:
        log_outcome(conn, customer_id=customer_id, manager_id=manager_id, at=at, rescore=False,
                    line_result=UNANSWERED.pick(rng))
        return
    said = SAID.pick(rng)
    booked = None
    if said == "appointment" or (said == "interested" and rng.random() < 0.5):
        booked = FollowUpRequest(next_working_day(at.date() + timedelta(days=2)), slot="10:00")
    elif said == "call_back":
        booked = FollowUpRequest(next_working_day(at.date() + timedelta(days=3)))
    log_outcome(conn, customer_id=customer_id, manager_id=manager_id, at=at, rescore=False, line_result="reached",
                business_outcome=said, reason=REASONS.pick(rng) if said == "not_interested" else None,
                follow_up=booked)
