"""Every tunable of the workbench in one place, with per-level overrides.

The defaults below are the bank's; a row in the ``settings`` table overrides one key for a scope:
``'bank'`` for the whole bank, or a branch_id for that branch and every sub-branch under it (a
sub-branch's own row wins over its branch's). Values are JSON. Money is in fen, durations carry
their unit in the key's name.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from workbench.errors import WorkbenchError
from workbench.i18n import _

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
    "care.maturity_lead_days": 7,
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
    # The app: remapped keys by binding id, e.g. {"outcome": "l", "agenda": "g"}.
    "app.keymap": {},
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
    """'bank', then each branch from the top down to branch_id."""
    chain: list[str] = []
    seen = set()
    while branch_id and branch_id not in seen:
        seen.add(branch_id)
        chain.append(branch_id)
        row = conn.execute("SELECT parent_id FROM branches WHERE branch_id = ?", (branch_id,)).fetchone()
        branch_id = row[0] if row else None
    return ["bank", *reversed(chain)]


def load_settings(conn: sqlite3.Connection, branch_id: str | None = None) -> Settings:
    values = dict(DEFAULTS)
    for scope in _scope_chain(conn, branch_id):
        for key, value in conn.execute("SELECT key, value FROM settings WHERE scope = ?", (scope,)):
            if key in DEFAULTS:
                values[key] = json.loads(value)
    return Settings(values, scope=branch_id or "bank")


def settings_by_branch(conn: sqlite3.Connection) -> Callable[[str | None], Settings]:
    """load_settings for one branch after another, each branch read once: for a pass over many customers."""
    return lru_cache(maxsize=None)(lambda branch_id: load_settings(conn, branch_id))


def set_setting(conn: sqlite3.Connection, key: str, value: Any, scope: str = "bank") -> None:
    if key not in DEFAULTS:
        raise WorkbenchError(_("Unknown setting {key!r}; see workbench/settings.py for the list.").format(key=key))
    default = DEFAULTS[key]
    if isinstance(default, bool) or type(value) is not type(default) and not (
        isinstance(default, float) and isinstance(value, int)
    ):
        raise WorkbenchError(_("Setting {key} takes a {kind}, not {value!r}.").format(
            key=key, kind=type(default).__name__, value=value))
    conn.execute(
        "INSERT INTO settings (scope, key, value) VALUES (?, ?, ?)"
        " ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value",
        (scope, key, json.dumps(value)),
    )
