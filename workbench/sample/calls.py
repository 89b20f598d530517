"""About sixty days of the managers' calls, played day by day, and the follow-ups they leave open.

Each manager works through due follow-ups first, then retries of unanswered numbers, then new
names, the dormant and wealthy first. Outcomes follow the funnel in workbench.sample.notes and
obey the contact rules: not-interested and complaint cool-offs, at most three attempts a week,
no more calls after a do-not-call request, a dead number or a reactivation.
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate

from workbench import holidays, ids
from workbench.holidays import is_working_day
from workbench.sample import notes
from workbench.sample.customers import CallCandidate

WINDOW_DAYS = 60
CALLS_PER_CUSTOMER_DAY = 0.026   # a manager's daily calls per customer looked after ...
MAX_CALLS_PER_DAY = 60           # ... bounded, so a million customers still give a sane log
MAX_ATTEMPTS = 4                 # unanswered attempts before a name is left alone
WEEK_BUDGET = 3                  # attempts in any seven days
FOLLOW_UP_TAKEN = 0.75           # chance a due follow-up is worked on a given day
FOLLOW_UP_GIVE_UP = 3            # unanswered follow-up calls before it is cancelled

OUTCOME_COLUMNS = ("outcome_id", "customer_id", "manager_id", "terminal_id", "at", "channel", "line_result",
                   "business_outcome", "reason", "note", "script_id", "supersedes", "recorded_at")
EVENT_COLUMNS = ("event_id", "followup_id", "customer_id", "kind", "owner_id", "due_on", "slot", "channel",
                 "purpose", "outcome_id", "at", "terminal_id", "by_id", "based_on")


def next_working_day(day: date) -> date:
    """The day itself if it is a working day (the statutory calendar's, holidays.py), else the next one."""
    return day if is_working_day(day) else holidays.next_working_day(day)


def calls_per_day(customers_looked_after: int) -> int:
    return max(1, min(MAX_CALLS_PER_DAY, round(customers_looked_after * CALLS_PER_CUSTOMER_DAY)))


class Weighted:
    """Values drawn by weight: pick(rng) gives one."""

    def __init__(self, pairs):
        self.values = [v for v, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))

    def pick(self, rng: random.Random):
        return self.values[bisect(self.cum, rng.random() * self.cum[-1])]


@dataclass
class _FollowUp:
    followup_id: str
    customer_id: str
    due: int
    purpose: str
    slot: str | None
    last_event: str
    misses: int = 0


@dataclass
class _Contact:
    candidate: CallCandidate
    dead: str | None                 # 'suspended' / 'no_such_number' when the number is gone
    attempts: list[int] = field(default_factory=list)
    blocked_until: int = 0
    finished: bool = False           # never call again (dead, do-not-call, reactivated, wrong person)
    retry: bool = False


@dataclass
class CallLog:
    outcomes: list[tuple] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)
    do_not_call: list[str] = field(default_factory=list)
    reactivated: list[tuple[str, int, int]] = field(default_factory=list)   # (id, day, new count)


class CallSimulator:
    def __init__(self, rng: random.Random, today: int, iso, terminal_id: str):
        self._rng = rng
        self._today = today
        self._iso = iso
        self._terminal = terminal_id
        self._days = [d for d in range(today - WINDOW_DAYS, today) if is_working_day(date.fromordinal(d))]
        self._unanswered = Weighted(notes.UNANSWERED)
        self._fresh = Weighted(notes.OUTCOMES_FRESH)
        self._follow = Weighted(notes.OUTCOMES_FOLLOW_UP)
        self._visit = Weighted(notes.OUTCOMES_VISIT)
        self._reasons = Weighted(notes.REASONS)
        self._hours = Weighted(notes.HOUR_WEIGHTS)
        self.log = CallLog()

    def _uuid(self) -> str:
        return ids.from_rng(self._rng)

    def run_manager(self, manager_id: str, candidates: list[CallCandidate], looked_after: int) -> None:
        """Play every working day of the window for one manager."""
        rng = self._rng
        target = calls_per_day(looked_after)
        ranked = sorted(candidates, key=lambda c: self._rank_key(c))
        queue = [_Contact(c, self._dead_kind()) for c in ranked]
        queue.reverse()                  # pop() from the end takes the best-ranked first
        retries: list[_Contact] = []
        open_followups: list[tuple[_FollowUp, _Contact]] = []
        for day in self._days:
            planned: list[tuple[_Contact, _FollowUp | None]] = []
            still_open = []
            for fu, contact in sorted(open_followups, key=lambda p: (p[0].due, p[0].followup_id)):
                if fu.due <= day and self._within_budget(contact, day) and rng.random() < FOLLOW_UP_TAKEN:
                    planned.append((contact, fu))
                    continue
                if fu.due <= day and rng.random() < 0.08:
                    self._reschedule(fu, manager_id, day)
                still_open.append((fu, contact))
            open_followups = still_open
            budget = max(1, target + int(rng.random() * 7) - 3)
            for contact in list(retries):
                if len(planned) >= budget:
                    break
                if self._may_retry(contact, day) and rng.random() < 0.5:
                    planned.append((contact, None))
                    retries.remove(contact)
            while len(planned) < budget and queue:
                planned.append((queue.pop(), None))
            times = sorted(self._time_of_day() for _ in planned)
            for (contact, fu), seconds in zip(planned, times):
                new_fu = self._call(manager_id, contact, fu, day, seconds)
                if fu is not None and fu.misses and not new_fu:
                    open_followups.append((fu, contact))      # unanswered: stays open, retried later
                if new_fu is not None:
                    open_followups.append((new_fu, contact))
                if contact.retry and not contact.finished:
                    retries.append(contact)

    def _rank_key(self, c: CallCandidate) -> float:
        """Lower first: long-idle, wealthy customers lead, with some noise."""
        idle = 3650 if c.dormant_days is None else c.dormant_days
        return -(min(idle, 1500) / 1500 + math.log10(c.aum_fen + 100) / 8 + self._rng.random() * 0.8)

    def _dead_kind(self) -> str | None:
        if self._rng.random() < notes.DEAD_NUMBER_SHARE:
            return "no_such_number" if self._rng.random() < 0.5 else "suspended"
        return None

    def _may_retry(self, contact: _Contact, day: int) -> bool:
        if contact.finished or contact.blocked_until > day or len(contact.attempts) >= MAX_ATTEMPTS:
            return False
        return self._within_budget(contact, day)

    @staticmethod
    def _within_budget(contact: _Contact, day: int) -> bool:
        """Fewer than WEEK_BUDGET attempts in the seven days up to this one, and none today yet."""
        recent = [a for a in contact.attempts if a > day - 7]
        return len(recent) < WEEK_BUDGET and (not contact.attempts or contact.attempts[-1] < day)

    def _time_of_day(self) -> int:
        hour = self._hours.pick(self._rng)
        return hour * 3600 + int(self._rng.random() * 3600)

    def _stamp(self, day: int, seconds: int) -> str:
        seconds = min(seconds, 20 * 3600 - 1)
        return f"{self._iso(day)}T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"

    def _call(self, manager_id: str, contact: _Contact, fu: _FollowUp | None, day: int,
              seconds: int) -> _FollowUp | None:
        """One contact: the outcome row, the follow-up events, and the customer's new state."""
        rng = self._rng
        cid = contact.candidate.customer_id
        visit = fu is not None and fu.purpose == "appointment"
        channel = "visit" if visit else ("wechat" if rng.random() < 0.04 else "phone")
        if visit:
            line = "reached"
        elif contact.dead and channel == "phone":
            line = contact.dead
        elif rng.random() < (notes.REACH_FOLLOW_UP if fu else notes.REACH_FRESH):
            line = "reached"
        else:
            line = "no_answer" if channel == "wechat" else self._unanswered.pick(rng)
        business = reason = None
        if line == "reached":
            table = self._visit if visit else self._follow if fu else self._fresh
            business = table.pick(rng)
            if rng.random() < (0.8 if business == "not_interested" else 0.45):
                reason = self._reasons.pick(rng)
        note = self._note(line, business, reason)
        at = self._stamp(day, seconds)
        outcome_id = self._uuid()
        recorded = self._stamp(day, seconds + 20 + int(rng.random() * 240))
        self.log.outcomes.append((outcome_id, cid, manager_id, self._terminal, at, channel, line, business,
                                  reason, note, None, None, recorded))
        if line in ("no_answer", "busy") and rng.random() < 0.01:
            corrected_at = self._stamp(day, seconds + 600 + int(rng.random() * 1800))
            self.log.outcomes.append((self._uuid(), cid, manager_id, self._terminal, at, channel, "busy",
                                      None, None, notes.CORRECTION_NOTE, None, outcome_id, corrected_at))
        contact.attempts.append(day)
        return self._after(manager_id, contact, fu, day, at, outcome_id, line, business)

    def _after(self, manager_id, contact, fu, day, at, outcome_id, line, business) -> _FollowUp | None:
        rng = self._rng
        cid = contact.candidate.customer_id
        contact.retry = False
        if line != "reached":
            if line in ("suspended", "no_such_number", "wrong_person"):
                contact.finished = True
            if fu is not None:
                fu.misses += 1
                if fu.misses >= FOLLOW_UP_GIVE_UP or contact.finished:
                    self._event(fu, "cancelled", manager_id, at, outcome_id)
                    fu.misses = 0
                return None
            contact.retry = len(contact.attempts) < MAX_ATTEMPTS
            return None
        if fu is not None:
            self._event(fu, "done", manager_id, at, outcome_id)
            fu.misses = 0
        if business == "not_interested":
            contact.blocked_until = day + 30
        elif business == "complaint":
            contact.blocked_until = day + 90
        elif business == "do_not_call":
            contact.finished = True
            self.log.do_not_call.append(cid)
        elif business == "reactivated":
            contact.finished = True
            when = min(day + int(rng.random() * 4), self._today - 1)
            when = max(when, contact.candidate.last_activity or when)
            self.log.reactivated.append((cid, when, contact.candidate.count_12m + 1))
        elif business in ("call_back", "interested"):
            return self._create(cid, manager_id, day + 1 + int(rng.random() * 8), business, None, at, outcome_id)
        elif business == "appointment":
            slot = notes.APPOINTMENT_SLOTS[int(rng.random() * len(notes.APPOINTMENT_SLOTS))]
            return self._create(cid, manager_id, day + 1 + int(rng.random() * 10), "appointment", slot, at,
                                outcome_id)
        return None

    def _next_working(self, day: int) -> int:
        return next_working_day(date.fromordinal(day)).toordinal()

    def _create(self, cid, manager_id, due, purpose, slot, at, outcome_id) -> _FollowUp:
        due = self._next_working(due)
        fid = self._uuid()
        event_id = self._uuid()
        channel = "visit" if purpose == "appointment" else "phone"
        self.log.events.append((event_id, fid, cid, "created", manager_id, self._iso(due), slot, channel, purpose,
                                outcome_id, at, self._terminal, manager_id, None))
        return _FollowUp(fid, cid, due, purpose, slot, event_id)

    def _reschedule(self, fu: _FollowUp, manager_id: str, day: int) -> None:
        fu.due = self._next_working(day + 1 + int(self._rng.random() * 4))
        at = self._stamp(day, 17 * 3600 + 1800 + int(self._rng.random() * 1800))
        event_id = self._uuid()
        self.log.events.append((event_id, fu.followup_id, fu.customer_id, "rescheduled", manager_id,
                                self._iso(fu.due), fu.slot, None, None, None, at, self._terminal, manager_id,
                                fu.last_event))
        fu.last_event = event_id

    def _event(self, fu: _FollowUp, kind: str, manager_id: str, at: str, outcome_id: str) -> None:
        event_id = self._uuid()
        self.log.events.append((event_id, fu.followup_id, fu.customer_id, kind, None, None, None, None, None,
                                outcome_id, at, self._terminal, manager_id, fu.last_event))
        fu.last_event = event_id

    def _note(self, line: str, business: str | None, reason: str | None) -> str:
        rng = self._rng
        if business is None:
            options = notes.LINE_NOTES.get(line, ())
            return options[int(rng.random() * len(options))] if options and rng.random() < 0.12 else ""
        if rng.random() > 0.55:
            return ""
        if reason is not None and rng.random() < 0.6:
            options = notes.REASON_NOTES[reason]
        else:
            options = notes.OUTCOME_NOTES[business]
        return options[int(rng.random() * len(options))]
