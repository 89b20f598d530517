"""Why not, at each step of the funnel: where the period's contacted customers stopped, and why.

Each customer contacted in the period stopped at their furthest stage (funnel.py's, from the
effective outcome log). Those never reached are counted by the line result of their latest contact
(no answer, a number that does not exist; a message sent with no reply yet apart from a call not answered); those reached but not interested by the business outcome
of their latest call that reached them (not interested, call back later); those
interested, or with an appointment, not yet further by their latest word when it took the interest back (not
interested), else by whether a follow-up is open for them now, since an interested customer with nothing booked is
one the branch is about to lose. Textual-free.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from itertools import groupby

from workbench.codes import MESSAGE_CHANNELS, label, result_label
from workbench.db.followups import pending_exists
from workbench.i18n import gettext
from workbench.sync.funnel import EFFECTIVE, STAGES

# The step each customer stopped at, by the stage they got to (funnel.STAGES): after it, not the next one.
STEPS = {
    "dialled": "Not reached",
    "reached": "Reached, no interest yet",
    "interested": "Interested, no appointment yet",
    "appointment": "Appointment, not reactivated yet",
}
REASONS = {"followup_open": "A follow-up is open", "no_followup": "No follow-up open"}
# Why a customer who got to a step and then said "not interested" stopped there, per step: not a lead left unbooked.
WITHDRAWN = "not_interested"
WITHDRAWN_LABELS = {"interested": "Interested, then not interested", "appointment": "Appointment, then not interested"}
# Why a customer whose latest contact was a message sent with no reply yet was not reached: not "no answer", a call's.
NO_REPLY = "no_reply"


@dataclass
class WhyNot:
    step: str      # a key of STEPS
    code: str      # a line result, NO_REPLY, a business outcome (WITHDRAWN after an interest), or a key of REASONS
    label: str
    count: int     # customers


_MESSAGES = ", ".join(f"'{channel}'" for channel in MESSAGE_CHANNELS)   # codes, as SQL literals
# A row per customer who stopped before reactivation: their furthest stage (eff's, 0 dialled .. 3
# appointment) and why; the latest contact of each found by SQLite's max() taking its row's other columns along.
_WHY = """,
furthest AS (SELECT customer_id, max(stage) AS stage FROM eff GROUP BY customer_id),
latest AS (SELECT customer_id, max(at || outcome_id), line_result, channel FROM eff GROUP BY customer_id),
latest_reached AS (
    SELECT customer_id, max(at || outcome_id), business_outcome FROM eff WHERE line_result = 'reached'
    GROUP BY customer_id
)
SELECT f.stage,
       CASE f.stage WHEN 0 THEN iif(l.line_result = 'no_answer' AND l.channel IN (""" + _MESSAGES + """), '""" + NO_REPLY + """',
                                    l.line_result)
                    WHEN 1 THEN r.business_outcome
                    ELSE CASE WHEN r.business_outcome = '""" + WITHDRAWN + """' THEN r.business_outcome
                              WHEN """ + pending_exists("f.customer_id") + """
                              THEN 'followup_open' ELSE 'no_followup' END END AS why,
       count(*)
FROM furthest f
JOIN latest l ON l.customer_id = f.customer_id
LEFT JOIN latest_reached r ON r.customer_id = f.customer_id
WHERE f.stage < 4
GROUP BY 1, 2
ORDER BY 1, 3 DESC, 2
"""


def by_step(rows: list[WhyNot], lang: str | None = None) -> list[tuple[str, list[WhyNot]]]:
    """why_not's rows under their step's title, in the language, as each rendering lists them."""
    return [(gettext(STEPS[step], lang), list(group)) for step, group in groupby(rows, key=lambda w: w.step)]


def why_not(conn: sqlite3.Connection, span: dict, lang: str | None = None, *, eff: str = EFFECTIVE) -> list[WhyNot]:
    """Where the customers contacted in the period (funnel.period) stopped and why, step by step,
    the commonest reason first within a step; eff is the period's effective entries (funnel.effective_once)."""
    return [WhyNot(STAGES[stage], code, _label(STAGES[stage], code, lang), n)
            for stage, code, n in conn.execute("WITH " + eff + _WHY, span)]


def _label(step: str, code: str, lang: str | None) -> str:
    if code in REASONS:
        return gettext(REASONS[code], lang)
    if step in WITHDRAWN_LABELS:   # code is WITHDRAWN: after an interest, not the reached step's plain "Not interested"
        return gettext(WITHDRAWN_LABELS[step], lang)
    if code == NO_REPLY:   # as the outcome form and the card name it
        return result_label("no_answer", MESSAGE_CHANNELS[0], lang)
    return label(code, lang)
