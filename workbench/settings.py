"""Every tunable of the workbench in one place, with per-level overrides.

The defaults below are the bank's; a row in the ``settings`` table overrides one key for a scope:
``'bank'`` for the whole bank, or a branch_id for that branch and every sub-branch under it (a
sub-branch's own row wins over its branch's). Values are JSON. Money is in fen, durations carry
their unit in the key's name.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from workbench import audit, keymap
from workbench.branches import lineage, parents_of
from workbench.codes import BUSINESS_OUTCOMES
from workbench.errors import WorkbenchError
from workbench.i18n import N_, _, join_list
from workbench.txn import write_transaction

WAN = 10_000 * 100  # 1万 CNY in fen

DEFAULTS: dict[str, Any] = {
    # Dormancy by business line: a customer is dormant on a line when its rule holds.
    "dormancy.product_days": 180,        # no deposit / wealth activity for this many days
    "dormancy.channel_days": 90,         # no mobile-banking login for this many days
    "dormancy.asset_floor_fen": 1 * WAN, # AUM below this line...
    "dormancy.asset_drop_pct": 50,       # ...or fallen this many percent from its peak
    "dormancy.min_customers_to_fit": 500,  # fewer: the BG/NBD fit falls back to the rule score
    "dormancy.statistical_weight": 0.5,  # share of p_alive in the 0-100 dormancy score
    # Value tiers: AUM lines in fen (5万 / 50万 / 300万 / 600万 CNY).
    "tiers.lines_fen": [5 * WAN, 50 * WAN, 300 * WAN, 600 * WAN],
    "tiers.near_next_pct": 10,           # within this percent below the next line counts as near
    # Segments.
    "segments.high_value_min_tier": 2,   # tier index (1 = 5万 ...) from which dormant means high-value
    "segments.new_customer_days": 90,
    "segments.maturity_within_days": 14,
    "segments.birthday_within_days": 7,
    "segments.dormant_min_score": 60,    # dormancy score from which a customer counts as dormant
    "segments.prospect_max_activity": 2, # at most this many activities in 12 months: never converted
    # Contact rules.
    "contact.window_start": "09:00",
    "contact.window_end": "20:00",
    "contact.budget_attempts": 3,        # at most this many attempts...
    "contact.budget_days": 7,            # ...in this many days, across all campaigns
    "contact.retry_no_answer_hours": 4,  # after no answer / busy / phone off; then next day
    "contact.cooloff_not_interested_days": 30,
    "contact.cooloff_complaint_days": 90,
    # Priority weights of the call list (points per component, see workbench/priority.py).
    "priority.weight_dormancy": 1.0,
    "priority.weight_tier": 10.0,
    "priority.weight_days_since_contact": 0.2,
    "priority.weight_maturity": 25.0,
    "priority.weight_birthday": 10.0,
    "priority.weight_near_tier": 15.0,
    "priority.weight_downgraded": 15.0,
    "priority.penalty_recent_attempt": 10.0,
    "priority.days_since_contact_cap": 180,  # contact gaps count up to this many days (never = cap)
    "priority.days_since_contact_step": 7,   # ...in whole steps of this many days, so a day more
                                             # does not reshuffle the list (1 = every day counts)
    # Rescoring: the morning run rescores only the customers whose scores are due to change, and
    # everyone when the settings changed or the last full run is this many days old.
    "scoring.full_rescore_days": 7,
    "scoring.refit_days": 30,            # BG/NBD is fitted anew per branch at least this often
    "calllist.daily_target": 40,
    # Care touches.
    "care.maturity_lead_days": 7,       # roll-over calls: the longer of this and segments.maturity_within_days
    "care.birthday_lead_days": 3,
    "care.festival_lead_days": 3,        # a festival greeting is suggested this many days before its eve
    "care.festival_min_tier": 2,         # ...to customers at or above this tier (2: the 50万 line)
    "care.festival_elder_age": 60,       # the Double Ninth (敬老) greeting goes only to customers this old
    "care.campaign_at_once": 50,         # a campaign suggests at most this many customers at a time, the
                                         # highest priority first; the next come as those are accepted
    # Warm leads (workbench/leads.py): signs of intent add up to a 0-100 score; at the threshold the
    # agenda suggests a call to a customer with nothing booked.
    "leads.threshold": 50,
    "leads.window_days": 30,             # an outcome counts for this many days after the call
    "leads.outcome_points": {"appointment": 60, "interested": 50, "call_back": 40},
    "leads.tag_points": {"基金浏览": 20, "理财偏好": 10},   # head office's extract tags (browsed funds in the
                                                          # app; likes wealth products)
    # Sync with head office.
    "sync.reactivation_window_days": 30,
    # A --full import that would make inactive more than this percentage of a branch's active customers is
    # refused unless confirmed with --yes (a partial file taken for a full one would empty the branch's lists).
    "import.full_inactivate_max_pct": 50,
    # The app: remapped keys by binding id, e.g. {"outcome": "l", "agenda": "g"}.
    "app.keymap": {},
}


# What each setting does, in a sentence: `workbench settings show` prints them (translated).
DESCRIPTIONS: dict[str, str] = {
    "dormancy.product_days": N_("Days without deposit or wealth activity after which the product line counts as dormant."),
    "dormancy.channel_days": N_("Days without a mobile-banking login after which the channel line counts as dormant."),
    "dormancy.asset_floor_fen": N_("AUM below this (fen) makes the asset line dormant."),
    "dormancy.asset_drop_pct": N_("AUM fallen this many percent from its peak makes the asset line dormant."),
    "dormancy.min_customers_to_fit": N_("A branch with fewer customers scores by the rules alone, without the BG/NBD fit."),
    "dormancy.statistical_weight": N_("Share of the statistical p(alive) in the 0-100 dormancy score; the rest is the rules."),
    "tiers.lines_fen": N_("Value tier lines by AUM (fen), each above the last; tier N is reaching the N-th line."),
    "tiers.near_next_pct": N_("Within this many percent below the next tier line counts as near it."),
    "segments.high_value_min_tier": N_("The tier from which a dormant customer is high-value."),
    "segments.new_customer_days": N_("Days after opening during which a customer is new."),
    "segments.maturity_within_days": N_("A holding maturing within this many days makes the customer maturing soon."),
    "segments.birthday_within_days": N_("A birthday within this many days puts the customer in birthday soon."),
    "segments.dormant_min_score": N_("The dormancy score from which a customer counts as dormant."),
    "segments.prospect_max_activity": N_("At most this many activities in 12 months: a prospect never converted."),
    "contact.window_start": N_("The earliest time of day to call (HH:MM)."),
    "contact.window_end": N_("The latest time of day to call (HH:MM)."),
    "contact.budget_attempts": N_("At most this many attempts per customer in contact.budget_days days."),
    "contact.budget_days": N_("The period, in days, that contact.budget_attempts counts over."),
    "contact.retry_no_answer_hours": N_("Hours to wait before calling again after no answer, busy or phone off."),
    "contact.cooloff_not_interested_days": N_("Days a customer rests after saying they are not interested."),
    "contact.cooloff_complaint_days": N_("Days a customer rests after a complaint."),
    "priority.weight_dormancy": N_("Call-list points per point of dormancy score."),
    "priority.weight_tier": N_("Call-list points per value tier."),
    "priority.weight_days_since_contact": N_("Call-list points per day since the last contact, counted in whole steps."),
    "priority.weight_maturity": N_("Call-list points for a holding maturing soon: this many at the window's end, rising"
                                    " to twice this on the maturity day."),
    "priority.weight_birthday": N_("Call-list points for a birthday soon."),
    "priority.weight_near_tier": N_("Call-list points for being near the next tier line."),
    "priority.weight_downgraded": N_("Call-list points for a customer who fell a tier."),
    "priority.penalty_recent_attempt": N_("Call-list points taken off per attempt in the last contact.budget_days days."),
    "priority.days_since_contact_cap": N_("Days since the last contact count up to this many (never contacted counts as this)."),
    "priority.days_since_contact_step": N_("Days since the last contact count in whole steps of this many days."),
    "scoring.full_rescore_days": N_("The morning rescore covers every customer once the last full run is this many days old."),
    "scoring.refit_days": N_("Days after which each branch's BG/NBD fit is made anew."),
    "calllist.daily_target": N_("The number of calls a manager is asked to make each day."),
    "care.maturity_lead_days": N_("The agenda suggests a roll-over call, due by the maturity day, for a holding maturing"
                                  " within this many days, or within segments.maturity_within_days when that is longer."),
    "care.birthday_lead_days": N_("Days before a birthday that the agenda suggests a greeting."),
    "care.festival_lead_days": N_("Days before a festival's eve that the agenda suggests a greeting."),
    "care.festival_min_tier": N_("Festival greetings go to customers at or above this tier."),
    "care.festival_elder_age": N_("The Double Ninth greeting goes to customers this old or older."),
    "care.campaign_at_once": N_("A campaign suggests at most this many customers at a time, the highest priority first."),
    "leads.threshold": N_("The lead score (0-100) from which a customer is a warm lead."),
    "leads.window_days": N_("Days an outcome counts towards the lead score after the call."),
    "leads.outcome_points": N_("Lead points for the latest reached outcome, by outcome code."),
    "leads.tag_points": N_("Lead points for head office's extract tags, by tag."),
    "sync.reactivation_window_days": N_("Activity in a newer extract within this many days of a reached call confirms it as a reactivation."),
    "import.full_inactivate_max_pct": N_("An import with --full that would make inactive more than this percentage of a branch's active"
                                         " customers is refused unless confirmed with --yes."),
    "app.keymap": N_("Keys remapped by binding id, e.g. {\"outcome\": \"l\"}; the bank's alone, read as the app starts."),
}


class Settings(Mapping[str, Any]):
    """The effective settings for one scope: defaults overlaid by bank, branch and sub-branch rows."""

    def __init__(self, values: dict[str, Any], scope: str = "bank"):
        self._values = values
        self.scope = scope

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def _scope_chain(conn: sqlite3.Connection, branch_id: str | None) -> list[str]:
    """'bank', then each branch from the top down to branch_id (branches.lineage)."""
    return ["bank", *reversed(lineage(branch_id, parents_of(conn, above=branch_id)))] if branch_id else ["bank"]


def load_settings(conn: sqlite3.Connection, branch_id: str | None = None) -> Settings:
    return Settings(_layered(conn, branch_id)[0], scope=branch_id or "bank")


def _layered(conn: sqlite3.Connection, branch_id: str | None) -> tuple[dict[str, Any], dict[str, str]]:
    """Each key's value in force at branch_id, and the level it comes from ('default', 'bank', a branch)."""
    values, source = dict(DEFAULTS), dict.fromkeys(DEFAULTS, "default")
    for scope in _scope_chain(conn, branch_id):
        for key, value in conn.execute("SELECT key, value FROM settings WHERE scope = ?", (scope,)):
            if key in DEFAULTS:
                values[key], source[key] = _stored(scope, key, value), scope
    return values, source


def check_stored(conn: sqlite3.Connection) -> list[str]:
    """Every stored row read as load_settings reads it, so a bad one stops a command before it starts (the
    app's screens would otherwise each fail on it); returns the keys no longer known (left from an older
    version, ignored)."""
    unknown = []
    for scope, key, value in conn.execute("SELECT scope, key, value FROM settings ORDER BY scope, key"):
        if key in DEFAULTS:
            _stored(scope, key, value)
        else:
            unknown.append(key)
    return unknown


def settings_by_branch(conn: sqlite3.Connection) -> Callable[[str | None], Settings]:
    """load_settings for one branch after another, each branch read once: for a pass over many customers."""
    return lru_cache(maxsize=None)(lambda branch_id: load_settings(conn, branch_id))


def set_setting(conn: sqlite3.Connection, key: str, value: Any, scope: str = "bank") -> None:
    """Write key's own value at scope, checked (no audit: `change_setting` is the one people use)."""
    value = check_value(key, value)
    conn.execute(
        "INSERT INTO settings (scope, key, value) VALUES (?, ?, ?)"
        " ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value",
        (scope, key, json.dumps(value, ensure_ascii=False)),
    )


@dataclass(frozen=True)
class InForce:
    """One setting as it stands at a scope: its value and where that comes from ('default', 'bank', a branch)."""
    key: str
    value: Any
    source: str

    @property
    def is_default(self) -> bool:
        """The value in force equals the default, whether or not some level stores it."""
        return self.value == DEFAULTS[self.key]


@dataclass(frozen=True)
class SettingChange:
    key: str
    scope: str
    before: Any      # the value in force at the scope before, whichever level gave it
    after: Any
    changed: bool    # the scope's own value changed (set, replaced or removed), even if the value in force did not
    rechecked: int = 0   # customers whose stored contact blocks were worked out again under the new value


_HH_MM = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_key(key: str) -> None:
    if key not in DEFAULTS:
        raise WorkbenchError(_("Unknown setting {key!r}; `workbench settings show` lists them.").format(key=key))


DAYS_MAX = 36_500      # a hundred years: any longer and a date worked out from it leaves the calendar
FEN_MAX = 2 ** 53      # money in fen stays exact as a double and fits SQLite's integers
MAX_TIER = 20          # no bank has more tier lines (campaigns files are held to it too)
# The span a number must lie in, where it is not the default for its kind (see _span).
_SPANS: dict[str, tuple[float, float]] = {
    "dormancy.product_days": (1, DAYS_MAX), "dormancy.channel_days": (1, DAYS_MAX),   # the engine divides by them
    "priority.days_since_contact_step": (1, DAYS_MAX),
    "dormancy.asset_floor_fen": (0, FEN_MAX),
    "dormancy.statistical_weight": (0, 1),
    "leads.threshold": (0, 100),
    "import.full_inactivate_max_pct": (0, 100),
    "contact.budget_attempts": (1, 1_000),
    "contact.retry_no_answer_hours": (0, 8_760),
    "care.campaign_at_once": (1, 100_000),
    "care.festival_elder_age": (0, 150),
    "segments.high_value_min_tier": (0, MAX_TIER), "care.festival_min_tier": (0, MAX_TIER),
}
# Spans open at one end, which the engine relies on: (test, what the key takes).
_OPEN = {
    "segments.dormant_min_score": (lambda v: 0 < v < 100, N_("a number above 0 and below 100")),
    "dormancy.asset_drop_pct": (lambda v: 0 < v <= 100, N_("a percentage above 0 and at most 100")),
    "tiers.near_next_pct": (lambda v: 0 <= v < 100, N_("a percentage from 0 to below 100")),
}


def _span(key: str) -> tuple[float, float]:
    if key in _SPANS:
        return _SPANS[key]
    if key.endswith(("_days", "_cap", "_step")):
        return (0, DAYS_MAX)
    return (0, 1_000_000)   # weights, counts, targets: generous, but finite and far from overflow


def check_value(key: str, value: Any, *, names: bool = True) -> Any:
    """value as setting key takes it; a value of the wrong kind, or out of the key's span, is one sentence
    saying what it takes. names: a code-keyed table names only codes there are (checked where a value is
    set; a row stored before that check keeps working, its unknown names doing nothing)."""
    check_key(key)
    default = DEFAULTS[key]
    if key == "app.keymap":
        # A stored row's bindings are not checked (names=False): the app ignores one it cannot bind (keymap.in_force),
        # where a refusal here stopped the app and every command until the row was mended outside it.
        ok, kind = isinstance(value, dict) and (not names or all(map(keymap.is_keys, value.values()))), \
            _("a table of binding ids to keys, e.g. {\"outcome\": \"l\"}")
        if ok and names:
            _check_names(key, keymap.unknown_ids(value), sorted(keymap.BINDING_IDS))
            _check_clash(keymap.first_clash(value))
    elif isinstance(default, dict):
        ok, kind = isinstance(value, dict) and all(_number(v) and 0 <= v <= 100 for v in value.values()), \
            _("a table of names to points from 0 to 100, e.g. {\"interested\": 50}")
        if ok and names and key == "leads.outcome_points":
            _check_names(key, sorted(set(value) - set(BUSINESS_OUTCOMES)), list(BUSINESS_OUTCOMES))
    elif key == "tiers.lines_fen":
        ok, kind = isinstance(value, list) and 0 < len(value) <= MAX_TIER and \
            all(_whole(v) and 0 < v <= FEN_MAX for v in value) and all(b > a for a, b in zip(value, value[1:])), \
            _("a list of up to {n} amounts in fen, each above the last").format(n=MAX_TIER)
    elif isinstance(default, str):
        ok, kind = isinstance(value, str) and _HH_MM.fullmatch(value) is not None, _("a time of day as HH:MM")
    elif key in _OPEN:
        test, kind = _OPEN[key]
        ok, kind = _number(value) and test(value), _(kind)
    else:
        low, high = _span(key)
        whole = not isinstance(default, float)
        ok = (_whole(value) if whole else _number(value)) and low <= value <= high
        kind = (_("a whole number from {low} to {high}") if whole else _("a number from {low} to {high}")).format(
            low=f"{low:,}", high=f"{high:,}")
    if not ok:
        raise WorkbenchError(_("Setting {key} takes {kind}, not {value}.").format(
            key=key, kind=kind, value=json.dumps(value, ensure_ascii=False)))
    return float(value) if isinstance(default, float) else value


def _check_clash(clash: keymap.Clash | None) -> None:
    """A keymap gives no key to two things on one screen: Textual would keep one and silently drop the other."""
    if clash is None:
        return
    if clash.fixed:
        raise WorkbenchError(_("Setting app.keymap gives {key} to {binding}, but on {screen} {key} is kept for"
                               " {what}; pick another key.").format(
            key=keymap.key_shown(clash.key), binding=keymap.binding_label(clash.binding), screen=_(clash.screen),
            what=_(clash.other)))
    raise WorkbenchError(_("Setting app.keymap gives {key} to both {binding} and {other} on {screen}; give each its"
                           " own key.").format(key=keymap.key_shown(clash.key), binding=keymap.binding_label(clash.binding),
                                               other=keymap.binding_label(clash.other), screen=_(clash.screen)))


def _check_names(key: str, unknown: list[str], known: list[str]) -> None:
    """A table keyed by codes (outcomes, key bindings) names only codes there are: a misspelt one would do
    nothing, silently."""
    if unknown:
        raise WorkbenchError(_("Setting {key} names {names}, which it does not know; it takes: {known}.").format(
            key=key, names=join_list(unknown), known=join_list(known)))


# The settings scores are worked out with (workbench/scoring): a change to one makes the next run a full one.
_SCORING_PREFIXES = ("dormancy.", "tiers.", "segments.", "priority.")


def affects_scores(key: str) -> bool:
    return key.startswith(_SCORING_PREFIXES) or key == "contact.budget_days"   # recent attempts lower priority


def scoring_part(settings: Mapping) -> dict[str, Any]:
    return {key: settings[key] for key in settings if affects_scores(key)}


def check_together(settings: Mapping, where: str) -> None:
    """What one key alone cannot say: the call window runs forward, and tiers named exist on the lines."""
    start, end = settings["contact.window_start"], settings["contact.window_end"]
    if start >= end:
        raise WorkbenchError(_("At {where}, contact.window_start ({start}) must be before contact.window_end ({end}).")
                             .format(where=where, start=start, end=end))
    top = len(settings["tiers.lines_fen"])
    for key in ("segments.high_value_min_tier", "care.festival_min_tier"):
        if settings[key] > top:
            raise WorkbenchError(_("At {where}, {key} ({tier}) is above the top tier of tiers.lines_fen ({top}).")
                                 .format(where=where, key=key, tier=settings[key], top=top))


def _stored(scope: str, key: str, text: str) -> Any:
    """A value read from the settings table; a bad one (written by hand) stops with what to do about it."""
    try:
        return check_value(key, json.loads(text), names=False)
    except (ValueError, WorkbenchError) as exc:
        problem = str(exc) if isinstance(exc, WorkbenchError) else _("it is not JSON")
        where = scope_label(scope)
        raise WorkbenchError(_("The stored setting {key} for {where} is unusable ({problem}); correct it with "
                               "`workbench settings set` or remove it with `workbench settings unset`.").format(
            key=key, where=where, problem=problem.rstrip(".。"))) from None   # its full stop goes, in either language


def check_scope(conn: sqlite3.Connection, branch_id: str | None, *, leftover_key: str | None = None) -> str:
    """'bank' for no branch, else the branch id, which must be known, unless a row of leftover_key is left
    there (a branch gone from the extracts): then it may still be removed."""
    from workbench.staffing import check_branch

    if branch_id is None:
        return "bank"
    if leftover_key is None or _own(conn, branch_id, leftover_key) is None:
        check_branch(conn, branch_id)
    return branch_id


def scope_label(scope: str) -> str:
    """'the bank' (translated) or the branch id."""
    return _("the bank") if scope == "bank" else scope


def in_force(conn: sqlite3.Connection, branch_id: str | None = None) -> list[InForce]:
    """Every setting in force at branch_id (the bank's when None), each with the level it comes from."""
    values, source = _layered(conn, branch_id)
    return [InForce(key, values[key], source[key]) for key in DEFAULTS]


def _own(conn: sqlite3.Connection, scope: str, key: str) -> tuple | None:
    """(value,) of scope's own row for key, None without one."""
    row = conn.execute("SELECT value FROM settings WHERE scope = ? AND key = ?", (scope, key)).fetchone()
    if row is None:
        return None
    try:
        return (json.loads(row[0]),)
    except ValueError:
        return (row[0],)


def _key_in_force(conn: sqlite3.Connection, scope: str, key: str) -> Any:
    """key's value in force at scope from its own rows along the chain; an unreadable row is given as its raw
    text, so mending one bad row never needs another mended first."""
    value = DEFAULTS.get(key)
    for level in _scope_chain(conn, None if scope == "bank" else scope):
        own = _own(conn, level, key)
        if own is not None:
            value = own[0]
    return value


def change_setting(conn: sqlite3.Connection, key: str, value: Any, *, scope: str, at: datetime,
                   by_id: str | None, told: Callable[[int], None] | None = None) -> SettingChange:
    """Set key's own value at scope (None removes it, so the level above holds), audited, in one transaction.
    A key no longer known can still be removed where a row of it is left. A value that makes the settings
    disagree at scope or a branch under it (check_together) is refused and nothing is written. A contact rule's
    new value is applied to the stored blocks of the customers it reaches in the same transaction (told, if given,
    hears how many before that begins: rules.recheck_blocks)."""
    from workbench.rules import FOLD_SETTINGS, recheck_where_moved

    if key not in DEFAULTS and (value is not None or _own(conn, scope, key) is None):
        check_key(key)
    if key == "app.keymap" and scope != "bank" and value is not None:
        raise WorkbenchError(_("app.keymap is set for the bank alone: the app reads its keys before anyone signs in,"
                               " so a branch's own keys would never apply."))
    with write_transaction(conn):   # set_setting checks the value; a refusal rolls back
        own_before = _own(conn, scope, key)
        before = _key_in_force(conn, scope, key)
        reached = {level: _key_in_force(conn, level or "bank", key) for level in _levels(conn, scope)} \
            if key in FOLD_SETTINGS else {}
        if value is None:
            conn.execute("DELETE FROM settings WHERE scope = ? AND key = ?", (scope, key))
        else:
            set_setting(conn, key, value, scope)
            _check_below(conn, scope)
        changed = _own(conn, scope, key) != own_before
        rechecked = recheck_where_moved(conn, reached, lambda level: _key_in_force(conn, level or "bank", key),
                                        told) if changed and reached else 0
        change = SettingChange(key, scope, before, _key_in_force(conn, scope, key), changed, rechecked)
        if change.changed:
            audit.record(conn, "setting", at=at, actor=by_id, subject=key,
                         detail={"scope": scope, "before": before, "after": change.after, "removed": value is None,
                                 **({"rechecked": rechecked} if rechecked else {})})
    return change


def _levels(conn: sqlite3.Connection, scope: str) -> list[str | None]:
    """The levels a value set at scope reaches: the branch and every branch under it; for the bank every branch, and
    None for the customers of no branch it knows."""
    parents = parents_of(conn)
    branches = sorted(parents)
    return [None, *branches] if scope == "bank" else [b for b in branches if scope in lineage(b, parents)]


def _check_below(conn: sqlite3.Connection, scope: str) -> None:
    """check_together at scope and every branch under it (all of them for the bank); a level whose other
    rows cannot be read is left to the sentence those rows give everywhere else."""
    for level in _levels(conn, scope):
        try:
            settings = load_settings(conn, level)
        except WorkbenchError:
            continue
        check_together(settings, scope_label(level or "bank"))
