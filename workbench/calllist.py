"""The explained call list: whom a manager should call now, in order, and why.

Order: the manager's pending calls and visits due on or before today come first (overdue oldest first,
then by time slot), then every other listable customer of the manager by the stored priority,
highest first, but those waiting for a call or visit the manager booked for a later day (unless a holding of
theirs matures within segments.maturity_within_days and no later than that day: the roll-over call cannot wait for
it). Customers the contact rules block at `now` (contact_state.blocked_until > now) and
customers that may never be called (do-not-call, no consent, no valid phone, inactive) are left
out, but for a visit due that no block forbids (rules.callable_for): the manager booked it on purpose.
Each entry carries its reasons, recomputed from the stored columns with the same weights that
produced the priority. resting_counts says how many the rules leave out today, and why, so that a
customer who rests is not taken for one who is lost; not_shown says, for a search, how many of the
customers it matches can never be on this list, and why (a count per reason: whose they are is said
only to a supervisor); off_list names the first of both, one by one, so that a customer who phones in is found;
left_out says all three from one read of a search's matches, and, of a customer who was the manager's and has gone
to another manager or branch, whose they are now (moved_note), when the search names them exactly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from workbench import campaigns, leads, priority, segments, tiers
from workbench.access import known_name
from workbench.assignments import IN_FORCE
from workbench.dates import short_date
from workbench.errors import WorkbenchError
from workbench.i18n import N_, get_language, gettext, join_list, ngettext
from workbench.phones import mask_phone
from workbench.priority import Reason
from workbench.privacy import ERASED_CUSTOMERS
from workbench.rules import BLOCK_REASONS, CALLABLE, FORBIDDEN_WHEN_BLOCKED, MARKETING_BLOCK, callable_for, resting_label
from workbench.settings import load_settings
from workbench.text_wrap import shown_name
from workbench.when import day_and_slot

__all__ = ["NOT_SHOWN_LABELS", "NOT_SHOWN_REASONS", "OFF_LIST_LIMIT", "CallListEntry",
           "CallListFilter", "CustomerProfile", "LeftOut", "MovedAway", "NotShown", "OffList", "Reason", "call_list",
           "count_call_list", "customer_profile", "daily_target", "explain", "left_out", "manager_settings",
           "moved_note", "not_shown", "not_shown_beyond", "not_shown_folded", "not_shown_head", "not_shown_parts",
           "off_list", "off_list_why", "resting_counts", "resting_parts"]


@dataclass(slots=True)
class CallListEntry:
    customer_id: str
    rank: int
    name: str
    phone_masked: str
    segment: str | None
    tier: int | None
    dormant_days: int | None
    last_contact_at: str | None
    priority: float | None
    is_follow_up: bool
    followup_id: str | None
    followup_due_on: str | None
    followup_slot: str | None
    overdue: bool
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class CallListFilter:
    segment: str | None = None
    tier: int | None = None
    trigger: str | None = None
    follow_ups_only: bool = False
    search: str | None = None
    customer: str | None = None   # this customer alone, by number: a card's check, read by key (still_listed)


@dataclass(frozen=True)
class NotShown:
    """How many customers a search matches that the list leaves out for one reason (NOT_SHOWN_REASONS)."""

    reason: str
    count: int
    manager_id: str | None = None     # whose they are: "other_manager" only, and only when asked (by_manager)
    manager_name: str | None = None

    def label(self, lang: str | None = None) -> str:
        """The reason in words: 'number unusable'."""
        return gettext(NOT_SHOWN_LABELS[self.reason], lang)


@dataclass
class CustomerProfile:
    customer: dict                     # every column of the customers row, phone_e164 in full
    branch_name: str | None
    manager_name: str | None
    holdings: list[dict]
    dormant_lines: list[str]
    dormant_days: int | None           # days since the last activity, as of the day asked for
    tier: int
    tier_name: str
    peak_tier: int
    gap_to_next_fen: int
    segment: str | None
    segments: list[tuple[str, str, str]]   # (code, label, reason sentence) as segments.described gives them
    reasons: list[Reason]
    contact: dict | None               # the contact_state row, if any
    lead: leads.Lead | None = None     # a warm lead's score and its signs (Lead.summary words them); None: not warm


# Everything an entry and its reasons need, for both halves of the list; named for off_list's query, which reads them too.
_ENTRY_COLUMNS = """c.customer_id, c.name, c.phone_e164, c.segment, c.tier,
CAST(julianday(:today) - julianday(c.last_activity_on) AS INTEGER) AS dormant, s.last_contact_at, c.priority"""

# The attempts counted are those on a day at most contact.budget_days days before today (or later), as in scoring.
_SELECT = f"""
{_ENTRY_COLUMNS}, c.peak_tier, c.dormancy_score, c.aum_fen, c.triggers, c.next_maturity_type,
julianday(c.next_maturity_on) - julianday(:today),
CAST(substr(c.birthday, 6, 2) AS INTEGER) * 100 + CAST(substr(c.birthday, 9, 2) AS INTEGER),
julianday(:today) - julianday(c.opened_on), c.activity_count_12m,
julianday(:today) - julianday(substr(s.last_contact_at, 1, 10)),
(SELECT count(*) FROM json_each(s.recent_attempt_days) WHERE value >= :window_start)
"""

# Not blocked by a contact rule at :now (s: the customer's contact_state).
_NOT_RESTING = "(s.blocked_until IS NULL OR s.blocked_until <= :now)"
# On the list at :now: callable and not blocked by a contact rule.
LISTABLE = f"{CALLABLE} AND {_NOT_RESTING}"

# A notice of a campaign that has ended is no call to make (the agenda keeps it apart, to be cancelled): never due here.
_LIVE = campaigns.live_sql("f.", ":today")
# The follow-ups the list is for: a call or a visit. An SMS or WeChat message is the agenda's to send (a day's batch
# marked sent there): due, it heads no call list, and booked, it keeps nobody off it.
CALL_CHANNELS = ("phone", "visit")
_CALLS = f"f.owner_id = :manager AND {_LIVE} AND f.channel IN ({', '.join(repr(c) for c in CALL_CHANNELS)})"
_DUE = f"{_CALLS} AND f.due_on <= :today"
# The customers with a due visit of the manager's that no block forbids: one on do-not-call or without consent is
# listed for it (rules.callable_for).
_VISIT_DUE = f"SELECT f.customer_id FROM followups f WHERE {_DUE} AND NOT {FORBIDDEN_WHEN_BLOCKED}"
# Callable, or listed for such a visit (SQL over customers c).
_CALLABLE_OR_VISITED = callable_for(f"c.customer_id IN ({_VISIT_DUE})")
# A call or visit the manager booked for a later day: the customer waits for it, off the priority half until then
# (reached and booked for tomorrow, they stayed high on today's list to be rung again within the hour); but not
# while a holding matures (the stored soonest maturity, within :maturity_until) on or before the booked day: the
# roll-over conversation comes before the maturity, and a call booked once the money may have left is no plan for it.
_BOOKED = (f"{_CALLS} AND f.due_on > :today"
           " AND NOT EXISTS (SELECT 1 FROM customers m WHERE m.customer_id = f.customer_id"
           " AND m.next_maturity_on BETWEEN :today AND min(f.due_on, :maturity_until))")

# A roll-over call's holding, as followups._maturities ties one to it: the customer's soonest holding maturing on or
# after the day it is due, within the roll-over horizon (:horizon_on); none, the latest that matured before that day
# within it (:horizon_back: a call moved past the maturity). [maturity day, product name, product type], or NULL.
_ROLLED_OVER = """CASE WHEN f.purpose = 'maturity' THEN coalesce(
(SELECT json_array(min(h.maturity_on), h.product_name, h.product_type) FROM holdings h WHERE h.customer_id = f.customer_id
 AND h.maturity_on BETWEEN f.due_on AND date(f.due_on, :horizon_on) HAVING count(*)),
(SELECT json_array(max(h.maturity_on), h.product_name, h.product_type) FROM holdings h WHERE h.customer_id = f.customer_id
 AND h.maturity_on >= date(f.due_on, :horizon_back) AND h.maturity_on < f.due_on HAVING count(*))) END"""

# Its channel, purpose, campaign title ({title}: campaigns.title_sql's) and a roll-over call's holding last, for the
# reason's words (a visit is named as one, what each is for as the agenda names it, and a holding that has matured
# since): the rows' other columns stand as the priority half's.
_FOLLOWUPS_SQL = f"""
SELECT f.followup_id, f.due_on, f.slot, {_SELECT}, f.channel, f.purpose, {{title}}, {_ROLLED_OVER}
FROM followups f JOIN customers c ON c.customer_id = f.customer_id
LEFT JOIN contact_state s ON s.customer_id = c.customer_id {campaigns.FOLLOWUP_CAMPAIGN_JOIN}
WHERE {_DUE} AND {callable_for(f"NOT {FORBIDDEN_WHEN_BLOCKED}")} AND {_NOT_RESTING} {{filters}}
ORDER BY f.due_on, f.slot IS NULL, f.slot, c.priority DESC, c.customer_id, f.followup_id
"""

# The priority half: the manager's scored, listable customers without a follow-up due; _PRIORITY_FROM leaves out
# those waiting for a booked one too, _BOOKED_SQL counts them.
def _priority_half(indexed: str) -> str:
    """The priority half's FROM and WHERE, reading customers through `indexed` (an INDEXED BY clause, or "")."""
    return f"""
FROM customers c{indexed} LEFT JOIN contact_state s ON s.customer_id = c.customer_id
WHERE c.manager_id = :manager AND c.priority IS NOT NULL AND {LISTABLE}
AND c.customer_id NOT IN (SELECT f.customer_id FROM followups f WHERE {_DUE})"""


# The manager's whole book is read through the list's index, in priority order.
_BY_PRIORITY = " INDEXED BY customers_calllist"
_NOT_BOOKED = f"""
AND c.customer_id NOT IN (SELECT f.customer_id FROM followups f WHERE {_BOOKED}) {{filters}}
"""
_PRIORITY_FROM = _priority_half(_BY_PRIORITY) + _NOT_BOOKED
_BOOKED_SQL = "SELECT count(*)" + _priority_half(_BY_PRIORITY) + f"""
AND c.customer_id IN (SELECT f.customer_id FROM followups f WHERE {_BOOKED}) {{filters}}
"""

_PRIORITY_SQL = "SELECT NULL, NULL, NULL, {columns} " + _PRIORITY_FROM + " ORDER BY c.priority DESC LIMIT :limit OFFSET :offset"
# Whether one customer (CallListFilter.customer) is in the priority half: by key, not by the list's index, which
# would read the manager's whole book.
_LISTED_SQL = "SELECT 1 " + _priority_half("") + _NOT_BOOKED + " LIMIT 1"


# Who would be on the list but for a block: the manager's scored customers and the due follow-ups'
# customers, read from the covering index and followups_owner_due, then their contact_state by key
# (CROSS JOIN keeps that order: most have no contact_state row, and their customer row is never read).
_RESTING_SQL = f"""
SELECT s.block_reason, count(*)
FROM contact_state s CROSS JOIN customers c ON c.customer_id = s.customer_id
WHERE s.customer_id IN ({{wanted}}) AND s.blocked_until > :now AND {_CALLABLE_OR_VISITED} {{filters}}
GROUP BY s.block_reason
"""
_RESTING_PRIORITY = "SELECT customer_id FROM customers INDEXED BY customers_calllist" \
    " WHERE manager_id = :manager AND priority IS NOT NULL"
_RESTING_DUE = f"SELECT f.customer_id FROM followups f WHERE {_DUE}"

# Why a customer a search matches is never on the list, the first that applies: the erased and those
# missing from the latest full extract, then whose they are (another manager's, or the pool's, unless
# a due follow-up of this manager lists them), then what keeps them from being called (CALLABLE's terms).
NOT_SHOWN_REASONS = ("erased", "inactive", "other_manager", "pool", "do_not_call", "no_consent", "number_unusable")
# Each reason in words (translated at display), as "{n} {reason}" counts it.
NOT_SHOWN_LABELS = {
    "erased": N_("erased"),
    "inactive": N_("inactive"),
    "other_manager": N_("with another manager"),
    "pool": N_("in the unassigned pool"),
    "do_not_call": N_("do not call"),
    "no_consent": N_("no marketing consent"),
    "number_unusable": N_("number unusable"),
}
# What keeps a customer off every list whoever's they are: a block on marketing (rules.MARKETING_BLOCK: erased,
# do_not_call, no_consent), else an unusable number; named beside another manager's or the pool's too (off_list), so
# that a supervisor who finds them does not pitch them.
_BLOCKED_CASE = f"ifnull({MARKETING_BLOCK}, iif(c.phone_valid = 0, 'number_unusable', NULL))"
# A customer's NOT_SHOWN_REASONS reason, over _LEFT_OUT_SQL's inner columns (block: _BLOCKED_CASE's, due: a due
# follow-up of the manager's lists them, callable: _CALLABLE_OR_VISITED); NULL: on the list, or resting. Whose a customer is comes before anything
# else said of them but their erasure: another manager's inactive customer is theirs, not one a manager's search may name.
_NOT_SHOWN_CASE = """CASE
    WHEN block IS 'erased' THEN 'erased'
    WHEN manager_id IS NOT :manager AND NOT due THEN iif(manager_id IS NULL, 'pool', 'other_manager')
    WHEN active = 0 THEN 'inactive'
    ELSE iif(callable, NULL, block)
END"""


def manager_settings(conn: sqlite3.Connection, manager_id: str):
    """The settings in force at the manager's branch; an unknown manager is one sentence."""
    row = conn.execute("SELECT branch_id FROM staff WHERE staff_id = ?", (manager_id,)).fetchone()
    if row is None:
        raise WorkbenchError(gettext("Unknown manager {manager_id!r}.").format(manager_id=manager_id))
    return load_settings(conn, row[0])


def daily_target(conn: sqlite3.Connection, manager_id: str) -> int:
    """How many calls the manager's branch asks for in a day (calllist.daily_target)."""
    return int(manager_settings(conn, manager_id)["calllist.daily_target"])


def _params(manager_id: str, now: dt.datetime, settings) -> dict:
    from workbench.followups import maturity_horizon_days   # late: followups reads this module's LISTABLE

    today = now.date()
    window_start = today - dt.timedelta(days=int(settings["contact.budget_days"]))
    maturity_until = today + dt.timedelta(days=int(settings["segments.maturity_within_days"]))
    horizon = maturity_horizon_days(settings)
    return {"manager": manager_id, "today": today.isoformat(), "now": now.isoformat(timespec="seconds"),
            "window_start": window_start.isoformat(), "maturity_until": maturity_until.isoformat(),
            "horizon_back": f"-{horizon} days", "horizon_on": f"+{horizon} days"}


def _filter_sql(filters: CallListFilter | None, settings, params: dict) -> str:
    """The extra WHERE terms of a filter, with their values added to params (never into the SQL)."""
    if filters is None:
        return ""
    terms = []
    if filters.segment:
        if filters.segment not in segments.CODES:
            raise WorkbenchError(gettext("Unknown segment {segment!r}; use one of: {codes}.").format(
                segment=filters.segment, codes=join_list(segments.CODES)))
        terms.append("instr(',' || c.segments || ',', :segment_item) > 0" if filters.segment != segments.ACTIVE
                     else "c.segment = :segment_code")
        params.update(segment_item=f",{filters.segment},", segment_code=filters.segment)
    if filters.tier is not None:
        top = len(settings["tiers.lines_fen"])
        if not 0 <= int(filters.tier) <= top:
            raise WorkbenchError(gettext("Tier must be between 0 and {top}, not {tier!r}.").format(top=top, tier=filters.tier))
        terms.append("c.tier = :tier")
        params["tier"] = int(filters.tier)
    if filters.trigger:
        if filters.trigger not in segments.TRIGGERS:
            raise WorkbenchError(gettext("Unknown trigger {trigger!r}; use one of: {codes}.").format(
                trigger=filters.trigger, codes=join_list(segments.TRIGGERS)))
        terms.append("instr(',' || c.triggers || ',', :trigger_item) > 0")
        params["trigger_item"] = f",{filters.trigger},"
    query = (filters.search or "").strip()
    if query:
        escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        search = ["c.name LIKE :name_pattern ESCAPE '\\'", "c.customer_id LIKE :id_pattern ESCAPE '\\'"]
        params.update(name_pattern=f"%{escaped}%", id_pattern=f"{escaped}%")
        if query.isdigit():
            search.append("c.phone_e164 LIKE :phone_pattern")
            params["phone_pattern"] = f"%{query}"
        terms.append("(" + " OR ".join(search) + ")")
    if filters.customer:
        terms.append("c.customer_id = :only_customer")
        params["only_customer"] = filters.customer
    return "".join(f" AND {t}" for t in terms)


def _prepared(conn, manager_id: str, now: dt.datetime, filters: CallListFilter | None, settings) -> tuple:
    """(settings, query parameters, filter SQL) for the manager's list; settings as given (a caller that
    already read them), else the manager's branch's."""
    settings = settings if settings is not None else manager_settings(conn, manager_id)
    params = _params(manager_id, now, settings)
    return settings, params, _filter_sql(filters, settings, params)


def call_list(conn: sqlite3.Connection, manager_id: str, now: dt.datetime, *,
              filters: CallListFilter | None = None, limit: int | None = None, offset: int = 0,
              lang: str | None = None, explain: bool = True, settings=None) -> list[CallListEntry]:
    """The manager's call list at `now`: due follow-ups first, then by priority; entries explained.

    explain=False leaves each entry's reasons empty (a follow-up's first reason aside), for a
    screen that shows the whole list and explains only the entry in view (see explain()).
    """
    if limit is not None and limit < 0 or offset < 0:
        raise WorkbenchError(gettext("The list's limit and offset must not be negative."))
    settings, params, extra = _prepared(conn, manager_id, now, filters, settings)
    rows = _followup_rows(conn, params, extra, lang)
    wanted = rows[offset:] if limit is None else rows[offset:offset + limit]
    if not (filters and filters.follow_ups_only) and (limit is None or len(wanted) < limit):
        params["offset"] = max(0, offset - len(rows))
        params["limit"] = -1 if limit is None else limit - len(wanted)
        sql = _PRIORITY_SQL.format(columns=_SELECT if explain else _ENTRY_COLUMNS, filters=extra)
        wanted = wanted + conn.execute(sql, params).fetchall()
    return _entries(wanted, offset, now.date(), settings, lang, explain=explain)


def placed_row(conn: sqlite3.Connection, manager_id: str, now: dt.datetime, filters: CallListFilter, settings,
               row: int, ids: Sequence[str], page: int) -> tuple[int, str] | None:
    """(row, customer id) a highlight belongs on in the list as it stands, having stood on `row` over ids[0] with
    ids[1:] below it: that customer wherever they are now; if they left the list, the first still listed of those
    who were below them, which now stands where they stood (the row that took their place); None if none is.

    The rows around the old one are read first (another customer called or moved shifts the list by a few); when
    the customer is still listed elsewhere, the top (a follow-up of theirs fell due), then the whole list, ids only
    (0.5 s at 100,000 customers)."""
    def rows(offset: int = 0, limit: int | None = None) -> dict[str, int]:
        entries = call_list(conn, manager_id, now, filters=filters, limit=limit, offset=offset, explain=False,
                            settings=settings)
        return {entry.customer_id: offset + n for n, entry in enumerate(entries)}

    start = max(row - page, 0)
    near = rows(start, 2 * page)
    if ids[0] not in near and still_listed(conn, manager_id, now, filters, settings, ids[0]):
        near = rows(0, 2 * page) if start else near
        if ids[0] not in near:
            near = rows()
    return next(((near[customer_id], customer_id) for customer_id in ids if customer_id in near), None)


def still_listed(conn: sqlite3.Connection, manager_id: str, now: dt.datetime, filters: CallListFilter, settings,
                 customer_id: str) -> bool:
    """Whether the customer is on the list, filters and all: a due follow-up of theirs, else the priority half, each
    read for them alone by key (however large the manager's book); a list already searched may hold them (True: read
    it)."""
    if filters.search:
        return True
    _settings, params, extra = _prepared(conn, manager_id, now, dataclasses.replace(filters, customer=customer_id),
                                         settings)
    if _followup_rows(conn, params, extra):
        return True
    return not filters.follow_ups_only and conn.execute(_LISTED_SQL.format(filters=extra), params).fetchone() is not None


def count_call_list(conn: sqlite3.Connection, manager_id: str, now: dt.datetime, *,
                    filters: CallListFilter | None = None, settings=None) -> int:
    """How many entries call_list would return without a limit."""
    _settings, params, extra = _prepared(conn, manager_id, now, filters, settings)
    count = len(_followup_rows(conn, params, extra))
    if not (filters and filters.follow_ups_only):
        count += conn.execute(f"SELECT count(*) {_PRIORITY_FROM.format(filters=extra)}", params).fetchone()[0]
    return count


BOOKED = "booked"   # resting_counts' key for those waiting for a call or visit booked for a later day


def resting_counts(conn: sqlite3.Connection, manager_id: str, now: dt.datetime, *,
                   filters: CallListFilter | None = None, settings=None) -> dict[str, int]:
    """How many customers call_list leaves out at `now` only because a contact rule blocks them, by
    block reason (rules.BLOCK_REASONS order, any other reason after), then under BOOKED how many wait
    for a call or visit booked for a later day; one grouped count, and one more."""
    _settings, params, extra = _prepared(conn, manager_id, now, filters, settings)
    # UNION ALL: IN takes each customer once however often the halves name them, without sorting them first.
    wanted = _RESTING_DUE if filters and filters.follow_ups_only else f"{_RESTING_PRIORITY} UNION ALL {_RESTING_DUE}"
    counts = dict(conn.execute(_RESTING_SQL.format(wanted=wanted, filters=extra), params).fetchall())
    booked = 0 if filters and filters.follow_ups_only else \
        conn.execute(_BOOKED_SQL.format(filters=extra), params).fetchone()[0]
    return _resting(counts, booked)


def _resting(counts: dict[str, int], booked: int) -> dict[str, int]:
    """resting_counts' counts in their order (rules.BLOCK_REASONS, any other reason after), BOOKED last if any."""
    order = {reason: n for n, reason in enumerate(BLOCK_REASONS)}
    counts = {reason: counts[reason] for reason in sorted(counts, key=lambda r: (order.get(r, len(order)), str(r)))}
    return {**counts, BOOKED: booked} if booked else counts


def not_shown(conn: sqlite3.Connection, manager_id: str, now: dt.datetime, *, filters: CallListFilter | None = None,
              settings=None, by_manager: bool = False) -> list[NotShown]:
    """For a search (nothing without one): how many of the customers it matches among the manager's branch's,
    call_list leaves out at `now` for a reason no day will lift, in NOT_SHOWN_REASONS order. Those resting under
    the contact rules are resting_counts'. Another manager's customers are only counted, unless by_manager (a
    supervisor's view): then per manager, most first, with the manager's name. left_out's count, no one named."""
    if not _searching(filters):
        return []
    return _left_out(conn, manager_id, now, filters, settings, by_manager, 0).not_shown


def _not_shown(conn, counts: dict[tuple[str, str | None], int], by_manager: bool) -> list[NotShown]:
    """not_shown's items from its counts by (reason, whose), in its order, the managers named (by_manager)."""
    names = dict(conn.execute("SELECT staff_id, name FROM staff WHERE staff_id IN (SELECT value FROM json_each(?))",
                              (json.dumps([owner for _reason, owner in counts if owner]),))) if by_manager else {}
    order = {reason: n for n, reason in enumerate(NOT_SHOWN_REASONS)}
    return [NotShown(reason, n, owner, names.get(owner)) for (reason, owner), n in
            sorted(counts.items(), key=lambda item: (order[item[0][0]], -item[1], item[0][1] or ""))]


def _searched(conn, manager_id: str, now: dt.datetime, filters: CallListFilter, settings, by_manager: bool
              ) -> tuple[dict, str]:
    """(query parameters, filter SQL) of a search over the manager's branch's customers (left_out)."""
    _settings, params, extra = _prepared(conn, manager_id, now, filters, settings)
    if filters.follow_ups_only:   # those with a due follow-up of the manager's, whoever's they are
        extra += f" AND c.customer_id IN ({_RESTING_DUE})"
    branch = conn.execute("SELECT branch_id FROM staff WHERE staff_id = ?", (manager_id,)).fetchone()[0]
    params.update(branch=branch, by_manager=int(by_manager), exact=(filters.search or "").strip())
    return params, extra


@dataclass(frozen=True)
class OffList:
    """A customer a search matches whom the list leaves out at `now`, and why (off_list)."""

    customer_id: str
    name: str
    phone_masked: str
    segment: str | None
    tier: int | None
    dormant_days: int | None
    last_contact_at: str | None
    reason: str                        # BOOKED, a contact_state.block_reason (resting) or a NOT_SHOWN_REASONS reason
    until: str | None = None           # booked: the day booked; resting: contact_state.blocked_until
    slot: str | None = None            # booked: the time booked, if any
    manager_id: str | None = None
    manager_name: str | None = None
    blocked: str | None = None         # another manager's or the pool's: do_not_call, no_consent or number_unusable


@dataclass(frozen=True)
class MovedAway:
    """A customer a search names exactly who was the manager's and is now another manager's, or in the pool, at
    this branch or another (left_out): whose they are now, and since when (moved_note)."""

    customer_id: str
    name: str
    manager_id: str | None       # None: the unassigned pool
    manager_name: str | None
    branch_name: str | None      # another branch's name (its id when it has none); None: the manager's own branch
    since: str | None            # when they came to whom they are with now, as a change recorded here says (an
                                 # extract that moved no follow-up of theirs records none)


# What moved_note says of the customers left_out found moved away, by id: their manager and branch now, and since
# when, the latest of the changes in force here that gave them to whom they are with now (a reassignment, a hand-over,
# the pool), and of the follow-ups of theirs moved to that manager (by an extract too).
_MOVED_SQL = f"""
SELECT c.customer_id, c.name, c.manager_id, (SELECT m.name FROM staff m WHERE m.staff_id = c.manager_id),
    iif(c.branch_id IS :branch, NULL, ifnull((SELECT b.name FROM branches b WHERE b.branch_id = c.branch_id),
        c.branch_id)),
    (SELECT max(a.at) FROM assignments a WHERE a.customer_id = c.customer_id AND a.to_manager_id IS c.manager_id
        AND a.status IN {IN_FORCE}),
    (SELECT max(e.at) FROM followups f JOIN followup_events e ON e.followup_id = f.followup_id
        WHERE f.customer_id = c.customer_id AND e.kind = 'reassigned' AND e.owner_id IS c.manager_id)
FROM customers c WHERE c.customer_id IN (SELECT value FROM json_each(:ids))
ORDER BY c.customer_id
"""


def _moved_away(conn, branch: str | None, ids: list[str]) -> list[MovedAway]:
    """left_out's customers moved away, read by id."""
    if not ids:
        return []
    return [MovedAway(customer_id, name, manager_id, manager_name, branch_name, max(filter(None, (given, moved)),
                                                                                    default=None))
            for customer_id, name, manager_id, manager_name, branch_name, given, moved
            in conn.execute(_MOVED_SQL, {"branch": branch, "ids": json.dumps(ids)})]


def moved_note(match: MovedAway, lang: str | None = None) -> str:
    """'徐蕾 (3100000159) is now 杨海涛's, at 城东一分理处 (since 2026-12-01)': whose a customer who was the manager's is
    now, for one who phones their old manager."""
    what = {"name": match.name, "id": match.customer_id, "branch": match.branch_name,
            "manager": known_name(match.manager_id, match.manager_name) or match.manager_id}
    if match.manager_id is None:
        said = gettext("{name} ({id}) is now in the unassigned pool", lang)
    elif match.branch_name is None:
        said = gettext("{name} ({id}) is now {manager}'s", lang)
    else:
        said = gettext("{name} ({id}) is now {manager}'s, at {branch}", lang)
    said = said.format(**what)
    if match.since:
        said = gettext("{said} (since {day})", lang).format(said=said, day=match.since[:10])
    return said


OFF_LIST_LIMIT = 50   # the most off_list reads: a search names a customer or a few; its counts say the rest
_OTHERS = ("other_manager", "pool")   # not the manager's: off_list finds them for a supervisor only
# The order off_list gives its customers in: those back soonest first, then the rest of the manager's own, then others'.
OFF_LIST_ORDER = (BOOKED, *BLOCK_REASONS, *(r for r in NOT_SHOWN_REASONS if r not in _OTHERS), *_OTHERS)
# Whose a customer is to the list: the manager's scored customers and those of their due follow-ups (resting_counts').
_OWN = f"(c.manager_id IS :manager AND c.priority IS NOT NULL OR c.customer_id IN ({_RESTING_DUE}))"
# The search named a customer exactly (c: customers): their whole number, or their whole name. Only such a customer of
# another manager's (or another branch's) is ever named to a manager, and only one who was theirs (_THEIRS).
_EXACT = "(c.customer_id = :exact OR c.name = :exact)"
# The customers who were the manager's, as far as this desk knows: a contact the manager logged with them, a follow-up
# the manager holds or held till it was closed, a change of manager in force here that took them from the manager.
# What a manager knew of a customer of theirs is what they may be told of them. Read by the manager's indexes (but for
# the assignments, one row a customer moved by hand) once a search, never row by row.
_THEIRS = f"""SELECT o.customer_id FROM outcomes o WHERE o.manager_id = :manager
    UNION ALL SELECT f.customer_id FROM followups f WHERE f.owner_id = :manager
    UNION ALL SELECT a.customer_id FROM assignments a WHERE a.from_manager_id = :manager AND a.status IN {IN_FORCE}"""
# Another manager's customer (or the pool's) the search names exactly, and one who was the manager's: wherever they
# are now (_NAMED_THEIRS, both).
_NAMED_OTHER = f"{_EXACT} AND c.manager_id IS NOT :manager"
_WAS_THEIRS = f"c.customer_id IN ({_THEIRS})"
_NAMED_THEIRS = f"({_NAMED_OTHER} AND {_WAS_THEIRS})"
# Moved away: such a customer (_NAMED_THEIRS), at any branch; not one a due follow-up of the manager's lists, nor the
# erased; and to a supervisor, who has the branch's others named one by one (off_list), only one of another branch.
# Worked out for the exact matches alone (CASE), whose they were last: a supervisor's search of the branch reads none.
_MOVED = f"""CASE WHEN {_NAMED_OTHER} AND NOT (:by_manager AND c.branch_id IS :branch)
        AND c.customer_id NOT IN ({_RESTING_DUE}) AND {_WAS_THEIRS}
    THEN c.customer_id NOT IN ({ERASED_CUSTOMERS}) ELSE 0 END"""
# The customers a search matches, of the branch and the manager's own wherever they are (and those a search names
# exactly that were theirs: _MOVED), in groups of what the list makes of them: not_shown's reason and whose
# (by_manager), resting (resting_counts' block reason), waiting for a call or visit booked for a later day
# (_BOOKED_SQL's), off_list's reason, the first that applies (NULL: listed), and moved away (named apart, not
# counted); with the ids of a group off_list or moved_away names one by one. One pass over the matches, each row's
# columns computed once (OFFSET 0 keeps the inner query from being merged into the outer one, which would compute
# every term where it is used).
_LEFT_OUT_SQL = f"""
SELECT hidden, owner, rests, block_reason, booked, off, moved, count(*),
    iif(moved OR :limit > 0 AND off != 'erased' AND (:by_manager OR off NOT IN {_OTHERS}),
        json_group_array(customer_id), NULL)
FROM (SELECT customer_id, hidden, iif(:by_manager AND hidden = 'other_manager', manager_id, NULL) AS owner, rests,
        iif(rests, block_reason, NULL) AS block_reason, booked, iif(in_branch, CASE
            WHEN hidden IS NOT NULL THEN hidden
            WHEN NOT own THEN NULL
            WHEN blocked THEN ifnull(block_reason, 'other')
            WHEN NOT due AND booked_for THEN '{BOOKED}'
        END, NULL) AS off, moved
    FROM (SELECT *, own AND callable AND blocked AS rests, scored AND callable AND NOT ifnull(blocked, 0) AND NOT due
            AND booked_for AS booked, iif(in_branch AND NOT moved, {_NOT_SHOWN_CASE}, NULL) AS hidden
        FROM (SELECT c.customer_id, c.manager_id, c.active, c.branch_id IS :branch AS in_branch, s.block_reason,
                s.blocked_until > :now AS blocked, iif(c.branch_id IS :branch, {_BLOCKED_CASE}, NULL) AS block,
                {_OWN} AS own, c.manager_id IS :manager AND c.priority IS NOT NULL AS scored,
                c.customer_id IN ({_RESTING_DUE}) AS due, {_CALLABLE_OR_VISITED} AS callable,
                c.customer_id IN (SELECT f.customer_id FROM followups f WHERE {_BOOKED}) AS booked_for,
                {_MOVED} AS moved
            FROM customers c LEFT JOIN contact_state s ON s.customer_id = c.customer_id
            WHERE (c.branch_id IS :branch OR {_OWN} OR {_NAMED_THEIRS}) {{filters}}
            LIMIT -1 OFFSET 0)))
WHERE off IS NOT NULL OR rests OR booked OR moved
GROUP BY 1, 2, 3, 4, 5, 6, 7
"""
# The customers off_list names, by id: the list's columns, the rest's end (a contact rule's) and the first call or
# visit booked for a later day (as _BOOKED_SQL counts them), and whose they are.
_OFF_LIST_SQL = f"""
SELECT {_ENTRY_COLUMNS}, s.blocked_until,
    (SELECT json_array(f.due_on, f.slot) FROM followups f WHERE f.customer_id = c.customer_id AND {_BOOKED}
     ORDER BY f.due_on, f.slot IS NULL, f.slot LIMIT 1),
    c.manager_id, (SELECT m.name FROM staff m WHERE m.staff_id = c.manager_id), {_BLOCKED_CASE}
FROM customers c LEFT JOIN contact_state s ON s.customer_id = c.customer_id
WHERE c.customer_id IN (SELECT value FROM json_each(:ids))
"""


def off_list(conn: sqlite3.Connection, manager_id: str, now: dt.datetime, *, filters: CallListFilter | None = None,
             settings=None, by_manager: bool = False, limit: int = OFF_LIST_LIMIT) -> list[OffList]:
    """For a search (nothing without one): the customers it matches whom call_list leaves out at `now`, one by one,
    those resting_counts and not_shown count, the first `limit` in OFF_LIST_ORDER then by customer number; so that a
    customer who phones in is found. The manager's own (and those of a due follow-up of theirs); another manager's or
    the pool's only with by_manager (a supervisor's view). The erased are left out: nothing of theirs is left to
    find. left_out's, those named alone."""
    if not _searching(filters):
        return []
    return _left_out(conn, manager_id, now, filters, settings, by_manager, limit).off_list


@dataclass(frozen=True)
class LeftOut:
    """Whom the list leaves out at `now`, as resting_counts, not_shown and off_list say it (left_out)."""

    resting: dict[str, int]
    not_shown: list[NotShown] = field(default_factory=list)
    off_list: list[OffList] = field(default_factory=list)
    moved: list[MovedAway] = field(default_factory=list)   # named exactly, the manager's once, another's now


def left_out(conn: sqlite3.Connection, manager_id: str, now: dt.datetime, *, filters: CallListFilter | None = None,
             settings=None, by_manager: bool = False, limit: int = OFF_LIST_LIMIT) -> LeftOut:
    """resting_counts, not_shown and off_list (its first `limit`) at once, as each would say them: for a search, one
    pass over the customers it matches, not three; without one, resting_counts alone (the others say nothing)."""
    if not _searching(filters):
        return LeftOut(resting_counts(conn, manager_id, now, filters=filters, settings=settings))
    return _left_out(conn, manager_id, now, filters, settings, by_manager, limit)


def _searching(filters: CallListFilter | None) -> bool:
    """A search is given: left_out has more to say than resting_counts."""
    return bool(filters and (filters.search or "").strip())


def _left_out(conn, manager_id: str, now: dt.datetime, filters: CallListFilter, settings, by_manager: bool,
              limit: int) -> LeftOut:
    """left_out for a search: its groups (_LEFT_OUT_SQL) counted, then off_list's first `limit` read by id."""
    params, extra = _searched(conn, manager_id, now, filters, settings, by_manager)
    params["limit"] = limit
    hidden: dict[tuple[str, str | None], int] = {}
    resting: dict[str, int] = {}
    booked = 0
    found: dict[int, list[tuple[str, str]]] = {}   # OFF_LIST_ORDER's place (any other after) -> (id, reason)
    moved: list[str] = []
    order = {reason: n for n, reason in enumerate(OFF_LIST_ORDER)}
    for reason, owner, rests, block_reason, is_booked, off, was_theirs, n, ids in conn.execute(
            _LEFT_OUT_SQL.format(filters=extra), params):
        if was_theirs:
            moved += json.loads(ids)
            continue
        if reason is not None:
            hidden[reason, owner] = hidden.get((reason, owner), 0) + n
        if rests:
            resting[block_reason] = resting.get(block_reason, 0) + n
        if is_booked:
            booked += n
        if ids is not None:
            found.setdefault(order.get(off, len(order)), []).extend((customer, off) for customer in json.loads(ids))
    first: list[tuple[str, str]] = []
    for place in sorted(found):
        if len(first) >= limit:
            break
        first += heapq.nsmallest(limit - len(first), found[place])
    return LeftOut(_resting(resting, booked), _not_shown(conn, hidden, by_manager), _off_list(conn, params, first),
                   _moved_away(conn, params["branch"], sorted(moved)[:OFF_LIST_LIMIT]))


def _off_list(conn, params: dict, first: list[tuple[str, str]]) -> list[OffList]:
    """off_list's customers, in the order given, each (id, reason) read with what it says of them."""
    if not first:
        return []
    rows = {row[0]: row for row in conn.execute(_OFF_LIST_SQL, {**params, "ids": json.dumps([c for c, _r in first])})}
    out = []
    for customer_id, reason in first:
        if customer_id not in rows:   # gone since they were counted (another process's write between the two reads)
            continue
        _id, name, phone, segment, tier, dormant, last, _priority, blocked_until, booked, owner, owner_name, blocked = \
            rows[customer_id]
        day, slot = json.loads(booked) if reason == BOOKED else (blocked_until, None)
        out.append(OffList(customer_id, name, mask_phone(phone), segment, tier, dormant, last, reason, day,
                           slot or None, owner, owner_name, blocked if reason in _OTHERS else None))
    return out


def resting_parts(counts: dict[str, int], lang: str | None = None) -> list[str]:
    """['47 resting (2 at the attempt limit', '44 not interested', '1 complained); 3 more booked for a later day']
    (resting_counts' counts), to be joined by ', ' and broken between them: the booked are not among the resting,
    and the sentence says so."""
    counts = dict(counts)
    booked = counts.pop(BOOKED, 0)
    if not counts:
        return [gettext("{n} booked for a later day", lang).format(n=booked)] if booked else []
    # The reasons go into the sentence apart (_BETWEEN) and come out as its parts, which the caller joins by ', '.
    reasons = _BETWEEN.join(gettext("{n} {reason}", lang).format(n=n, reason=resting_label(reason, lang))
                            for reason, n in counts.items())
    said = gettext("{n} resting ({reasons})", lang).format(n=sum(counts.values()), reasons=reasons)
    if booked:
        said = gettext("{resting}; {n} more booked for a later day", lang).format(resting=said, n=booked)
    return said.split(_BETWEEN)


def off_list_why(match: OffList, today: dt.date, lang: str | None = None) -> str:
    """Why a customer the search matches is off the list: 'booked for 11-21 15:00', 'resting: not interested until
    12-20' (a rest ending today until its time), 'do not call', to a supervisor 'with 陈静' or 'do not call · with
    陈静'."""
    if match.reason == BOOKED:
        return gettext("booked for {day}", lang).format(
            day=" ".join(filter(None, (short_date(match.until, today), match.slot))))
    if match.reason in NOT_SHOWN_LABELS:
        if match.reason == "other_manager" and match.manager_id:   # a manager imported without a name: the id
            whose = gettext("with {manager}", lang).format(manager=known_name(match.manager_id, match.manager_name)
                                                           or match.manager_id)
        else:
            whose = gettext(NOT_SHOWN_LABELS[match.reason], lang)
        if match.blocked:
            return gettext("{block} · {whose}", lang).format(block=gettext(NOT_SHOWN_LABELS[match.blocked], lang),
                                                             whose=whose)
        return whose
    until = match.until or ""
    return gettext("resting: {rule} until {until}", lang).format(
        rule=resting_label(match.reason, lang),
        until=until[11:16] if until[:10] == today.isoformat() else short_date(until, today))


_BETWEEN = "\x1f"   # between resting_parts' reasons until the sentence is split at them


def not_shown_beyond(items: list[NotShown], shown: list[OffList]) -> list[NotShown]:
    """not_shown's counts less the customers off_list read (shown below the list): those no screen shows."""
    def key(reason: str, manager_id: str | None) -> tuple:
        return reason, manager_id if reason == "other_manager" else None

    seen: dict[tuple, int] = {}
    for match in shown:
        at = key(match.reason, match.manager_id)
        seen[at] = seen.get(at, 0) + 1
    left = [dataclasses.replace(item, count=item.count - seen.get(key(item.reason, item.manager_id), 0))
            for item in items]
    return [item for item in left if item.count > 0]


def not_shown_parts(items: list[NotShown], lang: str | None = None, *, more: bool = False) -> list[str]:
    """['2 matches not shown: 1 number unusable', '1 do not call'], to be joined by ', ' (not_shown's order);
    another manager's customers named by their manager only when not_shown was asked to (by_manager); more: some
    others are shown (off_list's), these are the rest."""
    parts = []
    for item in items:
        if item.manager_id is not None:   # a manager imported without a name is named by the id
            who = known_name(item.manager_id, item.manager_name) or item.manager_id
            parts.append(gettext("{n} with {manager}", lang).format(n=item.count, manager=who))
        else:
            parts.append(gettext("{n} {reason}", lang).format(n=item.count, reason=item.label(lang)))
    head = not_shown_head(items, lang, more=more)
    return [head + gettext(": ", lang) + parts[0], *parts[1:]] if parts else [head]


def not_shown_folded(items: list[NotShown]) -> list[NotShown]:
    """not_shown's items with every other manager's customers in one count where the first of them stood, as a
    manager's own view has them (for a supervisor's breakdown by manager too long to show)."""
    others = [item for item in items if item.reason == "other_manager"]
    if not others:
        return items
    at, rest = items.index(others[0]), [item for item in items if item.reason != "other_manager"]
    return [*rest[:at], NotShown("other_manager", sum(item.count for item in others)), *rest[at:]]


def not_shown_head(items: list[NotShown], lang: str | None = None, *, more: bool = False) -> str:
    """'2 matches not shown' ('2 more matches not shown': besides those shown)."""
    total = sum(item.count for item in items)
    if more:
        return ngettext("{n} more match not shown", "{n} more matches not shown", total, lang).format(n=total)
    return ngettext("{n} match not shown", "{n} matches not shown", total, lang).format(n=total)


def _followup_rows(conn, params: dict, extra: str, lang: str | None = None) -> list[tuple]:
    """Due follow-ups, one per customer (the earliest), in list order; a campaign's title in lang."""
    seen, rows = set(), []
    title = campaigns.title_sql(lang or get_language())
    for row in conn.execute(_FOLLOWUPS_SQL.format(filters=extra, title=title), params):
        if row[3] not in seen:
            seen.add(row[3])
            rows.append(row)
    return rows


def _column(rows, i: int) -> np.ndarray:
    return np.array([np.nan if r[i] is None else r[i] for r in rows], dtype=np.float64)


def _entries(rows: list[tuple], offset: int, today: dt.date, settings, lang, *, explain: bool = True
             ) -> list[CallListEntry]:
    """Entries with reasons; the points of all rows are computed in one vectorised pass."""
    if not rows:
        return []
    if not explain:
        return [_entry(r, offset + i + 1, today, [], lang) for i, r in enumerate(rows)]
    lines = settings["tiers.lines_fen"]
    triggers = [set((r[14] or "").split(",")) for r in rows]
    contact = _column(rows, 20)
    pts = priority.points(priority.PriorityInputs(
        dormancy_score=_column(rows, 12), tier=np.nan_to_num(_column(rows, 7)).astype(np.int64),
        days_since_contact=np.floor(contact), attempts_recent=np.nan_to_num(_column(rows, 21)),
        **{code: np.array([code in t for t in triggers]) for code in segments.TRIGGERS},
        days_to_maturity=_column(rows, 16)), settings)
    birthdays = segments.days_to_birthday(_column(rows, 17), today).tolist()
    per_row = [dict(zip(priority.COMPONENTS, values)) for values in zip(*(pts[c].tolist() for c in priority.COMPONENTS))]
    contact = contact.tolist()
    out = []
    for i, r in enumerate(rows):
        facts = segments.Facts(
            segment=r[6] or segments.ACTIVE, dormancy_score=r[12], dormant_days=r[8], tier=r[7] or 0,
            peak_tier=r[11] or 0, aum_fen=r[13] or 0,
            days_since_contact=None if contact[i] != contact[i] else int(contact[i]), attempts=int(r[21] or 0),
            days_to_maturity=None if r[16] is None else int(r[16]), maturity_product=r[15],
            days_to_birthday=None if birthdays[i] != birthdays[i] else int(birthdays[i]),
            days_since_opened=None if r[18] is None else int(r[18]), activity_count_12m=r[19])
        out.append(_entry(r, offset + i + 1, today, priority.reasons(facts, per_row[i], lines, settings, lang), lang))
    return out


def _entry(r: tuple, rank: int, today: dt.date, reasons: list[Reason], lang) -> CallListEntry:
    due = r[1]
    if due is not None:
        reasons.insert(0, Reason("follow_up", _follow_up_text(due, r[2], *r[-4:], today, lang), 0.0))
    return CallListEntry(
        customer_id=r[3], rank=rank, name=r[4], phone_masked=mask_phone(r[5]), segment=r[6], tier=r[7],
        dormant_days=r[8], last_contact_at=r[9], priority=r[10], is_follow_up=due is not None, followup_id=r[0],
        followup_due_on=due, followup_slot=r[2], overdue=due is not None and due < today.isoformat(), reasons=reasons)


def _follow_up_text(due_on: str, slot: str | None, channel: str, purpose: str | None, title: str | None,
                    rolled_over: str | None, today: dt.date, lang) -> str:
    """Why a due follow-up heads the list, and what it is for, as the agenda names it ('… · Interested', '… · campaign
    “三年期大额存单限时发行”'): a visit says it is one, so that it is not taken for a call to make, and a care touch or
    a campaign's notice is no promise made to the customer; an appointment visited is a visit booked, said once. A
    roll-over call whose holding (rolled_over: _ROLLED_OVER's) matured before today says so and on which day ('… ·
    maturity roll-over: 稳利理财90天 matured on 2027-02-03'): the money has left it, and the call is no longer the one
    before the maturity it was booked as."""
    from workbench import followups   # late: followups reads this module's LISTABLE

    due = dt.date.fromisoformat(due_on)
    late = (today - due).days
    visit = channel == "visit"
    promised = purpose not in followups.CARE_STEPS and campaigns.campaign_id(purpose) is None
    if late > 0:   # the promised time goes inside the brackets, with the day it was due
        text = (ngettext("visit booked, overdue by {days} day (due {due})",
                         "visit booked, overdue by {days} days (due {due})", late, lang) if visit else
                ngettext("promised follow-up, overdue by {days} day (due {due})",
                         "promised follow-up, overdue by {days} days (due {due})", late, lang) if promised else
                ngettext("follow-up, overdue by {days} day (due {due})",
                         "follow-up, overdue by {days} days (due {due})", late, lang)).format(
            days=late, due=day_and_slot(due, slot))
    else:
        text = (gettext("visit booked today", lang) if visit else gettext("promised follow-up due today", lang)
                if promised else gettext("follow-up due today", lang)) + (f" {slot}" if slot else "")
    if not purpose or visit and purpose == "appointment":
        return text
    what = followups.purpose_label(purpose, lang, title=title)
    if rolled_over and (held := json.loads(rolled_over))[0] < today.isoformat():
        day, name, kind = held
        product = shown_name(name) if name else gettext(segments.PRODUCTS.get(kind or "", "product"), lang)
        what = gettext("{purpose}: {product} matured on {day}", lang).format(purpose=what, product=product, day=day)
    return gettext("{reason} · {purpose}", lang).format(reason=text, purpose=what)


def explain(conn: sqlite3.Connection, customer_id: str, today: dt.date, *, lang: str | None = None,
            manager_id: str | None = None, now: dt.datetime | None = None) -> list[Reason]:
    """The reasons behind one customer's stored priority, as on the call list; with manager_id, as that manager's
    list gives them at now (default: today's start), headed by the follow-up due that puts the customer first."""
    branch = conn.execute("SELECT branch_id FROM customers WHERE customer_id = ?", (customer_id,)).fetchone()
    if branch is None:
        raise WorkbenchError(gettext("Unknown customer {customer_id!r}.").format(customer_id=customer_id))
    settings = load_settings(conn, branch[0])
    params = _params(manager_id or "", now or dt.datetime.combine(today, dt.time()), settings)
    params["customer"] = customer_id
    due = _followup_rows(conn, params, " AND c.customer_id = :customer", lang) if manager_id else []
    row = due[0] if due else conn.execute(
        f"SELECT NULL, NULL, NULL, {_SELECT} FROM customers c"
        " LEFT JOIN contact_state s ON s.customer_id = c.customer_id WHERE c.customer_id = :customer",
        params).fetchone()
    return _entries([row], 0, today, settings, lang)[0].reasons


def customer_profile(conn: sqlite3.Connection, customer_id: str, today: dt.date, *, lang: str | None = None,
                     manager_id: str | None = None, now: dt.datetime | None = None) -> CustomerProfile:
    """Everything about one customer for the detail view, including the full phone number; the reasons as explain
    gives them (with manager_id, as that manager's list gives them at now)."""
    cur = conn.execute("SELECT * FROM customers WHERE customer_id = ?", (customer_id,))
    row = cur.fetchone()
    if row is None:
        raise WorkbenchError(gettext("Unknown customer {customer_id!r}.").format(customer_id=customer_id))
    customer = dict(zip([d[0] for d in cur.description], row))
    settings = load_settings(conn, customer["branch_id"])
    lines = settings["tiers.lines_fen"]
    branch = conn.execute("SELECT name FROM branches WHERE branch_id = ?", (customer["branch_id"],)).fetchone()
    manager = conn.execute("SELECT name FROM staff WHERE staff_id = ?", (customer["manager_id"],)).fetchone()
    hcur = conn.execute("SELECT * FROM holdings WHERE customer_id = ? ORDER BY maturity_on IS NULL, maturity_on,"
                        " holding_id", (customer_id,))
    holdings = [dict(zip([d[0] for d in hcur.description], h)) for h in hcur.fetchall()]
    ccur = conn.execute("SELECT * FROM contact_state WHERE customer_id = ?", (customer_id,))
    contact = ccur.fetchone()
    reasons = explain(conn, customer_id, today, lang=lang, manager_id=manager_id, now=now)
    tier = tiers.tier_of(customer["aum_fen"], lines)
    peak = customer["peak_tier"] if customer["peak_tier"] is not None else tier
    facts = _profile_facts(customer, tier, peak, today)
    listed = [c for c in (customer["segments"] or "").split(",") if c]
    lead = leads.of_customer(conn, customer_id, today, settings)
    return CustomerProfile(
        customer=customer, branch_name=branch[0] if branch else None, manager_name=manager[0] if manager else None,
        holdings=holdings, dormant_lines=[x for x in (customer["dormant_lines"] or "").split(",") if x],
        dormant_days=facts.dormant_days,
        tier=tier, tier_name=tiers.tier_name(tier, lines, lang), peak_tier=peak,
        gap_to_next_fen=tiers.gap_to_next(customer["aum_fen"], lines), segment=customer["segment"],
        segments=[(c, *segments.described(c, facts, lines, settings, lang)) for c in listed],
        reasons=reasons, contact=dict(zip([d[0] for d in ccur.description], contact)) if contact else None,
        lead=lead if lead.warm(settings) else None)


def _profile_facts(customer: dict, tier: int, peak: int, today: dt.date) -> segments.Facts:
    def days_since(value):
        return segments.days_since(value, today)

    birthday = segments.days_to_birthday(segments.month_day(customer["birthday"]), today)
    maturity = customer["next_maturity_on"]
    return segments.Facts(
        segment=customer["segment"] or segments.ACTIVE, dormancy_score=customer["dormancy_score"],
        dormant_days=days_since(customer["last_activity_on"]), tier=tier, peak_tier=peak, aum_fen=customer["aum_fen"],
        days_since_contact=None, attempts=0,
        days_to_maturity=None if not maturity else (dt.date.fromisoformat(maturity[:10]) - today).days,
        maturity_product=customer["next_maturity_type"],
        days_to_birthday=None if np.isnan(birthday) else int(birthday),
        days_since_opened=days_since(customer["opened_on"]), activity_count_12m=customer["activity_count_12m"])
