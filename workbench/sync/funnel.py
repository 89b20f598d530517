"""The funnel: distinct customers at each stage, from the effective outcome log, grouped by anything.

An entry corrected by a later one is left out. Stages count distinct customers, each stage including
the ones after it: dialled -> reached -> interested -> appointment -> reactivated; confirmed
reactivations (head office saw activity after the call, see reactivation.py) are counted beside what
managers logged. The reach rate is the one the whole workbench uses: customers reached over customers
contacted. Textual-free.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import ClassVar

from workbench.i18n import N_, gettext
from workbench.rules import EFFECTIVE_OUTCOME
from workbench.sync.reactivation import CONFIRMED_ENTRIES

STAGES = ("dialled", "reached", "interested", "appointment", "reactivated", "confirmed")
STAGE_TITLES = {
    "dialled": "Contacted", "reached": "Reached", "interested": "Interested", "appointment": "Appointment",
    "reactivated": "Reactivated", "confirmed": "Confirmed by head office",
}


@dataclass
class Funnel:
    LEADING: ClassVar[dict[str, str]] = {}   # fields shown before the calls, with their column titles

    key: str
    label: str
    calls: int = 0            # contact attempts
    dialled: int = 0          # distinct customers from here on
    reached: int = 0
    interested: int = 0
    appointment: int = 0
    reactivated: int = 0
    confirmed: int = 0

    @property
    def reach_rate(self) -> float:
        return self.reached / self.dialled if self.dialled else 0.0

    def as_dict(self) -> dict:
        """Plain data for JSON, the derived figures filled in: the reach rate is null when nobody was dialled
        (a rate of nothing, not 0%)."""
        return {**asdict(self), "reach_rate": round(self.reach_rate, 4) if self.dialled else None}


def stage_values(funnel: Funnel) -> list[tuple[str, int]]:
    return [(stage, getattr(funnel, stage)) for stage in STAGES]


def column_titles(funnel_type: type[Funnel] = Funnel) -> list[str]:
    """The English titles of a funnel table's number columns, to translate where shown."""
    return [*funnel_type.LEADING.values(), "Contacts", *(STAGE_TITLES[s] for s in STAGES), "Reach rate"]


# Said under the funnel per manager: "Contacts 5135, Contacted 1716" reads as a contradiction unless the units are
# named, and a funnel of every channel's contacts is not the hour table's phone calls.
FUNNEL_UNITS = N_("Contacts counts every attempt by any channel (calls, messages, visits); Contacted and the stages "
                  "after it count customers, each once: a customer two managers contacted counts for each of them, "
                  "and once in All.")

# Said under the funnel's chart: head office's confirmations are not the stage after Reactivated, so they may be more.
CONFIRMED_NOTE = N_("Confirmed by head office: customers reached while dormant whose next extract shows activity; "
                    "counted beside Reactivated, not after it, so it may be the larger.")

NO_RATE = "—"   # a rate over nobody (a campaign no one has dialled yet) is shown as no figure, not 0%


def percent(part: int, whole: int) -> str:
    """part of whole as a whole percentage rounded half up, as one checks by hand (25 of 40: 63%, where Python's
    round-half-even format says 62%), worked in integers; NO_RATE over nothing. Every rate shown is written by it."""
    return f"{(200 * part + whole) // (2 * whole)}%" if whole else NO_RATE


def reach_rate_text(funnel: Funnel) -> str:
    """The reach rate as shown: a whole percentage, or NO_RATE when nobody was dialled."""
    return percent(funnel.reached, funnel.dialled)


def figures(funnel: Funnel) -> list[str]:
    """A funnel's numbers as shown in a table's row, in column_titles' order."""
    return [*(str(getattr(funnel, name)) for name in funnel.LEADING), str(funnel.calls),
            *(str(v) for _s, v in stage_values(funnel)), reach_rate_text(funnel)]


# The outcome entries of a period (:since, :until) that no later entry corrects, each with the stage
# it got to (an index into STAGES: 0 dialled .. 4 reactivated): the columns the funnel queries read
# (notes left out: 1.30 -> 1.18 s for the report over 206k entries).
_EFFECTIVE_ROWS = """
    SELECT o.outcome_id, o.customer_id, o.manager_id, o.at, o.channel, o.line_result, o.business_outcome,
           o.reason, o.script_id, o.segment,
           CASE WHEN o.business_outcome = 'reactivated' THEN 4
                     WHEN o.business_outcome = 'appointment' THEN 3
                     WHEN o.business_outcome = 'interested' THEN 2
                     WHEN o.line_result = 'reached' THEN 1 ELSE 0 END AS stage
    FROM outcomes o
    WHERE o.at >= :since AND o.at <= :until
      AND """ + EFFECTIVE_OUTCOME


def _rows_of(manager_id: str | None) -> str:
    """_EFFECTIVE_ROWS, only those manager_id logged when given (its parameter :manager)."""
    return _EFFECTIVE_ROWS + ("" if manager_id is None else " AND o.manager_id = :manager")


def effective(manager_id: str | None = None) -> str:
    """Those entries as the CTE eff, which the funnel queries follow; with manager_id, the ones they logged."""
    return f"eff AS ({_rows_of(manager_id)})"


EFFECTIVE = effective()


@contextmanager
def effective_once(conn: sqlite3.Connection, span: dict, manager_id: str | None = None) -> Iterator[str]:
    """An effective() to use instead for several queries over one period: the entries read once into a
    temp table, dropped on leaving (the report's eight queries: 1.8 s -> 1.2 s over 206k outcomes)."""
    conn.execute("CREATE TEMP TABLE effective_outcomes AS " + _rows_of(manager_id), {**span, "manager": manager_id})
    try:
        yield "eff AS (SELECT * FROM temp.effective_outcomes)"
    finally:
        conn.execute("DROP TABLE temp.effective_outcomes")


# What a query gives for active where the staff id is on no staff row here: entries a bundle brought from staff
# another desk has and this one has not.
NOT_ON_STAFF = -1
# A staff member's active flag, NOT_ON_STAFF for an id no row of staff st has.
STAFF_ACTIVE = f"CASE WHEN st.staff_id IS NULL THEN {NOT_ON_STAFF} ELSE st.active END"


def staff_name(name: str, active: bool | int | None, lang: str | None = None, staff_id: str | None = None) -> str:
    """A staff member's name as the report shows it: a leaver's says so, since their figures stop where they left,
    and an id not on the staff here (active NOT_ON_STAFF) is said to be unknown, not shown as if it were a name, each
    character of it that would steer the terminal marked (another desk's text, as a customer's name is). Given
    staff_id, the id follows the name in the same pair of brackets: '王丽娟 (M001)', '张晓燕 (M003, left)'."""
    if active == NOT_ON_STAFF:
        from workbench.text_wrap import shown_name   # late: only a bundle's unknown staff need it

        return gettext("{staff_id} (unknown staff)", lang).format(staff_id=shown_name(name))
    if staff_id is not None:
        return f"{name} ({staff_id})" if active or active is None else gettext(
            "{name} ({staff_id}, left)", lang).format(name=name, staff_id=staff_id)
    return name if active or active is None else gettext("{name} (left)", lang).format(name=name)


def callers(conn: sqlite3.Connection, span: dict, lang: str | None = None) -> list[tuple[str, str]]:
    """(id, name) of the staff who logged an effective entry in the period, in the funnel's order (the
    most customers first): whose reports there are to see; a leaver's name says so."""
    return [(staff_id, staff_name(name, active, lang)) for staff_id, name, active in conn.execute(
        f"SELECT o.manager_id, coalesce(st.name, o.manager_id), {STAFF_ACTIVE} FROM ({_EFFECTIVE_ROWS}) o"
        " LEFT JOIN staff st ON st.staff_id = o.manager_id"
        " GROUP BY o.manager_id ORDER BY count(DISTINCT o.customer_id) DESC, o.manager_id", span)]


# The key, its label, whether the key's staff member is active ({active}: NULL for a key that is no staff id) and
# the counts of Funnel from calls on, per key; {source} joins whatever the key needs to eff. Each
# customer's furthest stage is found first, so each stage is a sum instead of a DISTINCT count over
# the entries (the whole report over 200k entries: 0.91x the time, 1.73 -> 1.57 s; bench_report.py --outcomes).
STAGE_COUNTS = """
SELECT k, l, a, sum(calls), count(*), sum(stage >= 1), sum(stage >= 2), sum(stage >= 3), sum(stage >= 4), sum(confirmed)
FROM (SELECT {key} AS k, {label} AS l, {active} AS a, count(*) AS calls, max(eff.stage) AS stage,
             max(r.outcome_id IS NOT NULL) AS confirmed
      FROM eff {source}
      LEFT JOIN """ + CONFIRMED_ENTRIES + """ r ON r.outcome_id = eff.outcome_id
      GROUP BY k, eff.customer_id)
GROUP BY k
ORDER BY count(*) DESC, k
"""


def period(since: str | None, until: str | None) -> dict:
    """The SQL parameters of a period of days, either end open ('' and a day past any time)."""
    return {"since": since or "", "until": (until or "9999-12-31") + "T99"}
