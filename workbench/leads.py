"""Warm leads: customers whose signs of intent add up past a line, routed to a follow-up.

A customer's lead score adds up, capped at 100:
- the intent of their latest call that reached them within leads.window_days days (corrections
  count, superseded entries do not): leads.outcome_points gives appointment, interested and
  call back their points; any other latest word (not interested, reactivated, ...) gives none;
- each of their extract tags listed in leads.tag_points (head office's behaviour tags, such as
  browsing funds in the mobile app).

At or above leads.threshold the customer is a warm lead. With nothing pending for them, the
owner's agenda suggests a call (followups.care_suggestions, purpose LEAD) until the intent is
leads.window_days old; the reason names the score and the signs behind it. The card shows a warm
lead's score (of_customer), and `workbench leads` lists them (warm_leads): a manager's, or every
manager's and the unassigned pool's for a supervisor.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from workbench.campaigns import listed_any
from workbench.codes import label
from workbench.db.followups import pending_exists
from workbench.i18n import gettext as _
from workbench.rules import CALLABLE, EFFECTIVE_OUTCOME
from workbench.settings import settings_by_branch

LEAD = "warm_lead"
SETTINGS = ("leads.threshold", "leads.window_days", "leads.outcome_points", "leads.tag_points")

# What score() is given for customer c: the outcome and time of the call LATEST_REACHED finds, and the tags.
COLUMNS = "i.business_outcome, i.at, c.tags"
# Whether customer c has a follow-up pending.
HAS_PENDING = pending_exists("c.customer_id")
# The latest effective outcome of a call that reached customer c between :lead_since and :lead_until,
# joined as i (a correlated subquery: one probe of outcomes_customer_at per customer).
LATEST_REACHED = f"""LEFT JOIN outcomes i ON i.outcome_id = (
    SELECT o.outcome_id FROM outcomes o
    WHERE o.customer_id = c.customer_id AND o.line_result = 'reached'
      AND o.at >= :lead_since AND o.at < :lead_until
      AND {EFFECTIVE_OUTCOME}
    ORDER BY o.at DESC, o.recorded_at DESC, o.outcome_id DESC LIMIT 1)"""


@dataclass(frozen=True)
class Signal:
    """One sign of intent and its points: an outcome (code, and the day of the call) or an extract tag."""

    kind: str            # "outcome" or "tag"
    code: str            # the outcome code, or the tag as head office wrote it
    points: float
    on: date | None = None

    def text(self, lang: str | None = None) -> str:
        if self.kind == "outcome":
            words = _("{outcome} on {day}", lang).format(outcome=label(self.code, lang), day=self.on.isoformat())
        else:
            words = _("tag {tag}", lang).format(tag=self.code)
        return _("{signal} (+{points})", lang).format(signal=words, points=f"{self.points:g}")


@dataclass(frozen=True)
class Lead:
    score: float
    signals: tuple[Signal, ...]

    def warm(self, settings: Mapping) -> bool:
        """At or above the threshold, on at least one sign (a threshold of 0 does not make everyone warm)."""
        return bool(self.signals) and self.score >= float(settings["leads.threshold"])

    @property
    def intent_on(self) -> date | None:
        """The day of the call whose outcome counts, if one does."""
        return next((s.on for s in self.signals if s.kind == "outcome"), None)

    def signs(self, lang: str | None = None) -> str:
        """'Interested on 2026-11-18 (+50), tag 基金浏览 (+20)'."""
        return _(", ", lang).join(s.text(lang) for s in self.signals)

    def summary_parts(self, lang: str | None = None) -> tuple[str, str]:
        """summary() as its heading, 'Warm lead (70 points)', and the signs after it (the card sets the heading bold)."""
        signs = self.signs(lang)
        return (_("Warm lead ({score} points)", lang).format(score=f"{self.score:g}"),
                signs[:1].lower() + signs[1:])   # mid-sentence: 'interested on', the outcome's label lower case

    def summary(self, lang: str | None = None) -> str:
        """'Warm lead (70 points): interested on 2026-11-18 (+50), tag 基金浏览 (+20)', as the card, the pool and the
        agenda say it."""
        return _(": ", lang).join(self.summary_parts(lang))

    def reason(self, lang: str | None = None) -> str:
        """The agenda's suggestion: 'Warm lead (70 points): .... No follow-up is booked.'"""
        return _("{summary}. No follow-up is booked.", lang).format(summary=self.summary(lang))


def points_table(table) -> dict[str, float]:
    """A points table from settings, numbers only (a bank's override could hold anything)."""
    if not isinstance(table, Mapping):
        return {}
    return {str(k): float(v) for k, v in table.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}


def score(outcome: str | None, outcome_on: date | None, tags: str | None, settings: Mapping) -> Lead:
    """The lead score of one customer from their latest reached outcome in the window and their tags."""
    signals = []
    outcome_points = points_table(settings["leads.outcome_points"])
    if outcome in outcome_points and outcome_on is not None and outcome_points[outcome] > 0:
        signals.append(Signal("outcome", outcome, outcome_points[outcome], outcome_on))
    tag_points = points_table(settings["leads.tag_points"])
    # The import stores a comma list without blanks or repeats (importing.values.parse_tags); a hand-set
    # list is taken the same way.
    for tag in dict.fromkeys(t.strip() for t in (tags or "").split(",")):
        if tag_points.get(tag, 0) > 0:
            signals.append(Signal("tag", tag, tag_points[tag]))
    return Lead(min(100.0, sum(s.points for s in signals)), tuple(signals))


def score_columns(columns, settings: Mapping) -> Lead:
    """score() of the COLUMNS read for one customer: (outcome, its contact time, tags)."""
    outcome, at, tags = columns
    return score(outcome, date.fromisoformat(at[:10]) if at else None, tags, settings)


def tags_alone_can_warm(settings: Mapping) -> bool:
    """Whether a customer with no intent on record could reach the threshold on tags alone."""
    return sum(p for p in points_table(settings["leads.tag_points"]).values() if p > 0) >= float(settings["leads.threshold"])


def of_customer(conn: sqlite3.Connection, customer_id: str, today: date, settings: Mapping) -> Lead:
    """One customer's lead score today (warm or not), for the card."""
    row = conn.execute(f"SELECT {COLUMNS} FROM customers c {LATEST_REACHED} WHERE c.customer_id = :customer",
                       {"customer": customer_id, **_window(today, settings)}).fetchone()
    return score_columns(row, settings) if row is not None else Lead(0.0, ())


def _window(today: date, settings: Mapping) -> dict[str, str]:
    """LATEST_REACHED's parameters: calls from leads.window_days days ago to the end of today."""
    return {"lead_since": (today - timedelta(days=int(settings["leads.window_days"]))).isoformat(),
            "lead_until": (today + timedelta(days=1)).isoformat()}


def candidates(today: date, settings: Mapping, *, booked_too: bool = False) -> tuple[str, dict]:
    """The SQL condition on customer c (joined to LATEST_REACHED) of those who may be warm leads with
    nothing pending (booked_too: pending or not), and its parameters; their COLUMNS go to score()."""
    params = {**_window(today, settings),
              "lead_intents": json.dumps([code for code, p in points_table(settings["leads.outcome_points"]).items() if p > 0])}
    # Only customers called in the window can hold an intent: a set built once, from outcomes_at.
    where = ("c.customer_id IN (SELECT o.customer_id FROM outcomes o WHERE o.at >= :lead_since)"
             " AND i.business_outcome IN (SELECT value FROM json_each(:lead_intents))")
    if tags_alone_can_warm(settings):
        tagged, named = listed_any("c.tags", "lead_tag", [t for t, p in points_table(settings["leads.tag_points"]).items() if p > 0])
        params.update(named)
        where = f"({where} OR {tagged})"
    return where if booked_too else f"{where} AND NOT {HAS_PENDING}", params


@dataclass(frozen=True)
class WarmLead:
    customer_id: str
    name: str
    manager_id: str | None      # None: in the unassigned pool
    manager_name: str | None
    lead: Lead
    booked: bool                # a follow-up is pending for them, and they have a manager (see warm_leads)
    intent_by: str | None = None   # who logged the call whose outcome counts: the one to route a pool lead to
    intent_by_name: str | None = None

    def as_dict(self, lang: str | None = None) -> dict:
        return {"customer_id": self.customer_id, "name": self.name, "manager_id": self.manager_id,
                "manager_name": self.manager_name,
                "score": self.lead.score, "booked": self.booked, "intent_on": self.lead.intent_on and self.lead.intent_on.isoformat(),
                "intent_by": self.intent_by, "intent_by_name": self.intent_by_name,
                "signals": [{"kind": s.kind, "code": s.code, "points": s.points, "on": s.on and s.on.isoformat(),
                             "text": s.text(lang)} for s in self.lead.signals]}


def warm_leads(conn: sqlite3.Connection, today: date, *, manager_id: str | None = None, pool: bool = False,
               booked_too: bool = False) -> list[WarmLead]:
    """The callable warm leads of one manager (or of every branch, the pool included; pool: the
    unassigned pool's only), by each branch's settings, the highest score first; those with a follow-up
    pending only with booked_too. A pool customer's pending follow-up is no manager's booking (a
    supervisor keeps those of a leaver's customers until they get a manager): they are listed, not booked."""
    # One query for each set of branches whose lead settings are alike (usually all of them); a branch
    # with no id (an extract that named none) is '' here.
    for_branch, alike = settings_by_branch(conn), {}
    for branch in [row[0] for row in conn.execute("SELECT branch_id FROM branches")] + [None]:
        settings = for_branch(branch)
        key = json.dumps([settings[k] for k in SETTINGS], sort_keys=True)
        alike.setdefault(key, (settings, []))[1].append(branch or "")
    out = []
    for settings, branches in alike.values():
        where, params = candidates(today, settings, booked_too=True)
        # The unary + keeps SQLite off the branch and manager indexes: the customers called in the window
        # (candidates' IN list) are far fewer, looked up by their key.
        mine = " AND +c.manager_id IS NULL" if pool else "" if manager_id is None else " AND +c.manager_id = :manager"
        booked = f"(c.manager_id IS NOT NULL AND {HAS_PENDING})"
        rows = conn.execute(
            f"SELECT c.customer_id, c.name, c.manager_id, m.name, {booked}, i.manager_id, k.name, {COLUMNS}"
            f" FROM customers c LEFT JOIN staff m ON m.staff_id = c.manager_id {LATEST_REACHED}"
            f" LEFT JOIN staff k ON k.staff_id = i.manager_id"
            f" WHERE coalesce(c.branch_id, '') IN (SELECT value FROM json_each(:branches)){mine} AND {CALLABLE} AND {where}"
            f"{'' if booked_too else f' AND NOT {booked}'}",
            {**params, "branches": json.dumps(branches), "manager": manager_id})
        for cid, name, manager, manager_name, booked, intent_by, intent_by_name, *columns in rows:
            lead = score_columns(columns, settings)
            if lead.warm(settings):
                by = (intent_by, intent_by_name) if lead.intent_on else (None, None)
                out.append(WarmLead(cid, name, manager, manager_name, lead, bool(booked), *by))
    return sorted(out, key=lambda w: (-w.lead.score, w.customer_id))
