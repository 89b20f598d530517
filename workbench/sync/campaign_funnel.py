"""The funnel per campaign: the notices managers gave and what came of them.

A campaign's notices are its follow-ups (purpose campaign:<id>). A contact counts for the campaign
when it was made while one of the campaign's follow-ups for that customer was open: from the day it
was given until the contact that closed it, that one included, and never after the campaign's last
day. Follow-ups booked by such a contact carry the campaign on ("interested, call me Friday"), so the
appointment or purchase made on a later call counts too, however many calls later. A customer told of
two campaigns counts for both. SMS notices done as a batch have no contact behind them: they are notices
done, and only a later contact puts the customer into the funnel. Textual-free.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import ClassVar

from workbench.campaigns import PREFIX, names_campaign
from workbench.sync.funnel import STAGE_COUNTS, STAGES, Funnel, effective


@dataclass
class CampaignFunnel(Funnel):
    LEADING: ClassVar[dict[str, str]] = {"notices": "Notices", "done": "Notices done"}

    notices: int = 0      # the campaign's follow-ups given in the period
    done: int = 0         # ... done (the call made or the message sent)
    cancelled: int = 0

    @property
    def open(self) -> int:
        return self.notices - self.done - self.cancelled

    def as_dict(self) -> dict:
        return {**super().as_dict(), "open": self.open}


# Each campaign's threads: its follow-ups, then every follow-up booked by a contact made while one of
# the thread was open; with the time each was given and closed (NULL while still pending). A notice is
# told no more after its campaign's last day: it is closed then at the latest, so a contact made after
# the end is not the campaign's (a follow-up a contact booked within it still carries the campaign on).
_THREADS = f"""
thread(followup_id, campaign_id, customer_id, opened, closed) AS (
    SELECT followup_id, substr(purpose, :cut), customer_id, created_at, coalesce(min(closed, ended), closed, ended)
    FROM (SELECT *, CASE WHEN status IN ('done', 'cancelled') THEN updated_at END AS closed,
                 (SELECT ends_on || 'T23:59:59' FROM campaigns WHERE campaign_id = substr(purpose, :cut)) AS ended
          FROM followups)
    WHERE {names_campaign('purpose')}
      AND customer_id IN (SELECT customer_id FROM eff)   -- only threads with contacts in the period count
    UNION
    SELECT f.followup_id, t.campaign_id, f.customer_id, f.created_at,
           CASE WHEN f.status IN ('done', 'cancelled') THEN f.updated_at END
    FROM thread t
    JOIN outcomes o ON o.customer_id = t.customer_id AND o.at >= t.opened AND o.at <= coalesce(t.closed, '9999')
    JOIN followup_events e ON e.outcome_id = o.outcome_id AND e.kind = 'created'
    JOIN followups f ON f.followup_id = e.followup_id
),
counted AS (
    SELECT DISTINCT t.campaign_id, eff.outcome_id FROM thread t
    JOIN eff ON eff.customer_id = t.customer_id AND eff.at >= t.opened AND eff.at <= coalesce(t.closed, '9999')
)
"""

_NOTICES = f"""
SELECT substr(purpose, :cut), count(*), sum(status = 'done'), sum(status = 'cancelled')
FROM followups WHERE {names_campaign('purpose')} AND created_at >= :since AND created_at <= :until {{mine}}
GROUP BY 1
"""


def campaign_funnels(conn: sqlite3.Connection, span: dict, *, manager_id: str | None = None,
                     eff: str | None = None) -> list[CampaignFunnel]:
    """The funnel of every campaign with notices given or contacts counted in the period (funnel.period),
    the most notices first; a campaign this terminal has not imported is named by its id alone. With
    manager_id, that staff member's: the notices they hold, the contacts they logged. eff is the period's
    effective entries when already at hand (funnel.effective_once, made for the same manager)."""
    params = {**span, "cut": len(PREFIX) + 1, "manager": manager_id}
    titles = dict(conn.execute("SELECT campaign_id, title FROM campaigns"))
    found: dict[str, CampaignFunnel] = {}

    def funnel(campaign_id: str) -> CampaignFunnel:
        if campaign_id not in found:
            title = titles.get(campaign_id)
            found[campaign_id] = CampaignFunnel(campaign_id, f"{campaign_id} {title}" if title else campaign_id)
        return found[campaign_id]

    for campaign_id, notices, done, cancelled in conn.execute(
            _NOTICES.format(mine="" if manager_id is None else "AND owner_id = :manager"), params):
        row = funnel(campaign_id)
        row.notices, row.done, row.cancelled = notices, done, cancelled
    counts = STAGE_COUNTS.format(key="counted.campaign_id", label="''", active="NULL",
                                 source="JOIN counted ON counted.outcome_id = eff.outcome_id")
    eff = eff or effective(manager_id)
    for campaign_id, _label, _active, *values in conn.execute("WITH RECURSIVE " + eff + "," + _THREADS + counts, params):
        row = funnel(campaign_id)
        for name, value in zip(("calls", *STAGES), values):
            setattr(row, name, value)
    return sorted(found.values(), key=lambda f: (-f.notices, -f.dialled, f.key))
