"""Head office's campaigns: notice of a new product or offer (新品与权益通知) for the customers it targets.

Head office sends campaigns as a TOML file (``workbench campaigns import``). A running campaign is a
care touch: each manager's agenda suggests it to the customers it targets (followups._campaigns), and
an accepted one is a follow-up whose purpose is ``campaign:<id>``, so it travels in the outcome logs
like any other follow-up and a customer is never told of the same campaign twice.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from pathlib import Path

from workbench import audit, codes, paths, segments, tiers, tomlfile
from workbench.db.followups import PENDING_SQL
from workbench.errors import WorkbenchError
from workbench.i18n import gettext as _, join_list
from workbench.settings import MAX_TIER, Settings, settings_by_branch
from workbench.text_wrap import holds_steering
from workbench.txn import write_transaction

PREFIX = "campaign:"
CHANNELS = tuple(c for c in codes.CHANNELS if c != "visit")   # a notice is sent or said, not a visit
# A code head office can write and a terminal can show: no spaces, no colon, at most 40 characters.
_ID = re.compile(r"^[^\s:]{1,40}$")
_LISTS = ("segments", "tags")
_COLUMNS = ("campaign_id, title, offer, starts_on, ends_on, channel, min_tier, max_tier, segments, tags, gender,"
            " min_age, max_age, branch_id, per_manager, title_en, offer_en, product_risk")
# The English title and offer: both or neither, so an English card never reads half in Chinese.
_ENGLISH = ("title_en", "offer_en")

# ---- risk levels (适当性管理): a product may be recommended only to a customer assessed at its level or above -------
#
# One scale, 1 to 5, written R1 to R5. The extracts' 风险等级 say a customer's tolerance as R1-R5, C1-C5 (the
# banks' customer scale, C3 tolerating an R3 product) or in words; a product's level as R1-R5 or 低风险 to 高风险.
RISK_LEVELS = range(1, 6)
# Each word's level. 进取型 is the top level where the scale is 保守/稳健/平衡/成长/进取 and the fourth where it is
# 谨慎/稳健/平衡/进取/激进: read as the fourth, so that a customer is never taken to tolerate more than they were assessed to.
_PRODUCT_WORDS = {"低风险": 1, "中低风险": 2, "中风险": 3, "中高风险": 4, "高风险": 5}
_CUSTOMER_WORDS = {"保守型": 1, "谨慎型": 1, "稳健型": 2, "平衡型": 3, "成长型": 4, "积极型": 4, "进取型": 4, "激进型": 5,
                   "中等风险": 3, **_PRODUCT_WORDS}
# Trimmed from both ends, as risk_sql trims: spaces, tabs and the full-width space.
_BLANKS = " \t\u3000"


def _codes(letters: str) -> dict[str, int]:
    """R1 (or C1 ...) to R5 as a risk level's value reads once its Latin letters are made capitals (risk_sql's upper
    makes only those capitals): each letter and digit also full-width (Ｒ３, ｒ３), as a Chinese keyboard types them."""
    def wide(ch: str) -> str:
        return chr(ord(ch) + 0xFEE0)

    return {f"{letter}{digit}": n for n in RISK_LEVELS for capital in letters
            for letter in (capital, wide(capital), wide(capital.lower())) for digit in (str(n), wide(str(n)))}


_PRODUCT_RISK = {**_codes("R"), **_PRODUCT_WORDS}
_CUSTOMER_RISK = {**_codes("RC"), **_CUSTOMER_WORDS}


def risk_sql(column: str = "c.risk_level") -> str:
    """SQL for a customer's risk level (the text in column) as customer_risk reads it, before the look-up: trimmed of
    _BLANKS, its Latin letters capitals."""
    return f"upper(trim({column}, ' ' || char(9) || char(12288)))"


def _read(text: str) -> str:
    """text as risk_sql has it (SQLite's upper makes only Latin letters capitals)."""
    return "".join(c.upper() if "a" <= c <= "z" else c for c in text.strip(_BLANKS))


def customer_risk(text: str | None) -> int | None:
    """A customer's risk level from the extract's 风险等级 (R3, c3, Ｃ３, 平衡型), 1 to 5; None when missing or unreadable."""
    return None if text is None else _CUSTOMER_RISK.get(_read(text))


def product_risk(value) -> int | None:
    """A product's risk level as a campaigns file gives it (R3, r3, 中风险), 1 to 5; None when it cannot be read."""
    return _PRODUCT_RISK.get(_read(value)) if isinstance(value, str) else None


def risk_name(level: int) -> str:
    """A level of the one scale as it is written: R3."""
    return f"R{level}"


@dataclass(frozen=True)
class Campaign:
    campaign_id: str
    title: str
    offer: str                     # the product or benefit in a sentence or two: the script's {campaign_offer}
    starts_on: date
    ends_on: date                  # the last day a customer can be told
    channel: str                   # phone / sms / wechat
    min_tier: int | None = None    # tiers as the workbench counts them: 0 below the first line .. 4
    max_tier: int | None = None
    segments: tuple[str, ...] = ()   # any of these (the customer's main segment or another)
    tags: tuple[str, ...] = ()       # any of these extract tags
    gender: str | None = None        # M / F
    min_age: int | None = None
    max_age: int | None = None
    branch_id: str | None = None     # only this branch's customers; None: every branch
    per_manager: int | None = None   # at most this many customers a manager, the highest priority first
    title_en: str | None = None      # head office's title and offer in English, for the English card and agenda
    offer_en: str | None = None
    product_risk: int | None = None  # the product's risk level, 1 (R1) to 5: for customers assessed at it or above only

    @property
    def purpose(self) -> str:
        return PREFIX + self.campaign_id

    def title_in(self, lang: str) -> str:
        """The title in lang: the English one in English when head office gave it, else the title."""
        return self.title_en if lang == "en" and self.title_en else self.title

    def offer_in(self, lang: str) -> str:
        """The offer in lang, as title_in."""
        return self.offer_en if lang == "en" and self.offer_en else self.offer

    def fits_age(self, age: int) -> bool:
        """Whether a customer this old is in the campaign's age range; -1 (no birthday) is in none."""
        if self.min_age is None and self.max_age is None:
            return True
        return (self.min_age or 0) <= age <= (200 if self.max_age is None else self.max_age)

    def as_dict(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        return {**out, "starts_on": self.starts_on.isoformat(), "ends_on": self.ends_on.isoformat(),
                "segments": list(self.segments), "tags": list(self.tags),
                "product_risk": None if self.product_risk is None else risk_name(self.product_risk)}

    def suits(self, risk_level: str | None) -> bool:
        """Whether the product may be recommended to a customer whose extract says risk_level: any customer when the
        campaign gives no product risk, else one whose level is known (customer_risk) and at or above it."""
        if self.product_risk is None:
            return True
        level = customer_risk(risk_level)
        return level is not None and level >= self.product_risk


def campaign_id(purpose: str | None) -> str | None:
    """The campaign a follow-up's purpose names, if it names one."""
    return purpose[len(PREFIX):] if purpose and purpose.startswith(PREFIX) else None


def names_campaign(column: str) -> str:
    """SQL true when the follow-up purpose in column names a campaign, as campaign_id reads it (LIKE would
    ignore case, and take a free-text purpose such as 'Campaign: ...' for one)."""
    return f"substr({column}, 1, {len(PREFIX)}) = '{PREFIX}'"


def title_sql(lang: str) -> str:
    """SQL for the title in lang of the campaign joined as cp, as Campaign.title_in gives it."""
    return "coalesce(nullif(cp.title_en, ''), cp.title)" if lang == "en" else "cp.title"


# A follow-up's (f's) campaign, as cp: none when this terminal has not been sent the campaign.
FOLLOWUP_CAMPAIGN_JOIN = (f"LEFT JOIN campaigns cp ON {names_campaign('f.purpose')}"
                          f" AND cp.campaign_id = substr(f.purpose, {len(PREFIX) + 1})")


def ended_sql(column: str, today: str) -> str:
    """SQL true when the follow-up purpose in column names a campaign imported here whose last day (ends_on) is
    before the day the SQL expression today gives: a notice no customer can be told any more. A campaign this
    terminal has not been sent has no known end, and its notices stay."""
    return (f"({names_campaign(column)} AND EXISTS (SELECT 1 FROM campaigns gone WHERE gone.campaign_id ="
            f" substr({column}, {len(PREFIX) + 1}) AND gone.ends_on < {today}))")


def live_sql(alias: str, today: str) -> str:
    """SQL true when the follow-up (columns prefixed by alias: 'f.', or '' for the table itself) is pending and still
    work on the day the SQL expression today gives: every pending follow-up but the notices of a campaign over
    (ended_sql), which wait on the agenda to be cancelled. The one test of a live follow-up: the call list, the card's
    script, the who-am-I screen's overdue count, and marking one done (a contact, `followup done`) all use it;
    ended() is the same test on a follow-up already loaded."""
    return f"{alias}status IN {PENDING_SQL} AND NOT {ended_sql(alias + 'purpose', today)}"


def ended(ends_on: date | None, today: date) -> bool:
    """Whether a campaign whose last day is ends_on (None: not imported here, so no known end) is over on today, as
    ended_sql has it."""
    return ends_on is not None and ends_on < today


def listed_any(listed: str, name: str, values) -> tuple[str, dict]:
    """SQL true when the comma list `listed` (an SQL expression) holds any of values as a whole item,
    and its parameters (name0, name1, ...)."""
    params = {f"{name}{n}": f",{v}," for n, v in enumerate(values)}
    return "(" + " OR ".join(f"instr(',' || {listed} || ',', :{key}) > 0" for key in params) + ")", params


def targeting(campaign: Campaign) -> tuple[str, dict]:
    """The SQL condition on customers c for whom a campaign is meant (all but the age), and its parameters."""
    where, params = ["1 = 1"], {}
    # No max_tier: no upper bound, however many tier lines the branch has set (tiers.lines_fen).
    if campaign.min_tier:
        where.append("coalesce(c.tier, 0) >= :min_tier")
        params["min_tier"] = campaign.min_tier
    if campaign.max_tier is not None:
        where.append("coalesce(c.tier, 0) <= :max_tier")
        params["max_tier"] = campaign.max_tier
    # The segments include the main segment too.
    for listed, name, values in (("coalesce(c.segment, '') || ',' || c.segments", "segments", campaign.segments),
                                 ("c.tags", "tags", campaign.tags)):
        if values:
            condition, named = listed_any(listed, name, values)
            where.append(condition)
            params.update(named)
    if campaign.gender:
        where.append("c.gender = :gender")
        params["gender"] = campaign.gender
    if campaign.branch_id:
        where.append("c.branch_id = :branch")
        params["branch"] = campaign.branch_id
    if campaign.product_risk is not None:   # Campaign.suits: a risk level read at the product's or above
        named = {f"risk{n}": text for n, (text, level) in enumerate(_CUSTOMER_RISK.items())
                 if level >= campaign.product_risk}
        where.append(f"{risk_sql()} IN ({', '.join(':' + key for key in named)})")
        params.update(named)
    return " AND ".join(where), params


# ---- the file head office sends -----------------------------------------------------------------

_KEYS = {f.name for f in fields(Campaign)} - {"campaign_id", "branch_id"} | {"id", "branch"}
_REQUIRED = ("id", "title", "offer", "starts_on", "ends_on", "channel")


def parse_campaigns_toml(text: str, source: str = "campaigns file") -> list[Campaign]:
    """Read and check a campaigns file; any problem is one WorkbenchError sentence naming the campaign."""
    data = tomlfile.loads(text, source)
    entries = data.get("campaign")
    if set(data) - {"campaign"} or not isinstance(entries, list) or not entries:
        raise WorkbenchError(_("{file} should hold [[campaign]] entries and nothing else.").format(file=source))
    out, seen = [], set()
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise WorkbenchError(_("{file}: campaign {n} is not a table.").format(file=source, n=n))
        where = _where(source, n, entry.get("id") if isinstance(entry.get("id"), str) else None)
        campaign = _campaign(entry, where)
        if campaign.campaign_id in seen:
            raise WorkbenchError(_("{where}: the id appears twice in the file.").format(where=where))
        seen.add(campaign.campaign_id)
        out.append(campaign)
    return out


def _where(source: str, n: int, campaign_id: str | None) -> str:
    """How a sentence names a campaign of a file: by its place in it and its id ('hq.toml: campaign 2 (W38)')."""
    if campaign_id is None:
        return _("{file}: campaign {n}").format(file=source, n=n)
    return _("{file}: campaign {n} ({id})").format(file=source, n=n, id=_shown(campaign_id))


def _shown(text: str) -> str:
    """text for a one-line sentence: a newline or other control character as its escape (X1\\n)."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _campaign(entry: dict, where: str) -> Campaign:
    def bad(problem: str, **values) -> WorkbenchError:
        return WorkbenchError(_("{where}: {problem}").format(where=where, problem=problem.format(**values)))

    if extra := sorted(set(entry) - _KEYS):
        raise bad(_("unknown keys {keys}."), keys=join_list(extra))
    for key in _REQUIRED:
        if key not in entry:
            raise bad(_("'{key}' is missing."), key=key)
    for key in ("id", "title", "offer", "channel", "gender", "branch", *_ENGLISH):
        if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
            raise bad(_("'{key}' must be non-empty text."), key=key)
    if sum(key in entry for key in _ENGLISH) == 1:
        raise bad(_("'{title}' and '{offer}' go together: give both, or neither."), title=_ENGLISH[0], offer=_ENGLISH[1])
    for key in ("title", "offer", *_ENGLISH):   # shown on every manager's agenda and card, and printed by the CLI
        if key in entry and holds_steering(entry[key]):
            raise bad(_("'{key}' holds a control or invisible character (an escape sequence?); write it as plain"
                        " text."), key=key)
    if not _ID.fullmatch(entry["id"]):   # match's $ would let a final newline through
        raise bad(_("the id must be at most 40 characters with no spaces or colons."))
    days = {key: _day(entry[key]) for key in ("starts_on", "ends_on")}
    for key, day in days.items():
        if day is None:
            raise bad(_("'{key}' must be a date such as 2027-01-31."), key=key)
    if days["ends_on"] < days["starts_on"]:
        raise bad(_("it ends before it starts."))
    if entry["channel"] not in CHANNELS:
        raise bad(_("the channel must be one of {channels}."), channels=join_list(CHANNELS))
    numbers = {}
    for key, low, high in (("min_tier", 0, MAX_TIER), ("max_tier", 0, MAX_TIER), ("min_age", 0, 120),
                           ("max_age", 0, 120), ("per_manager", 1, 100_000)):
        value = entry.get(key)
        if value is not None and (type(value) is not int or not low <= value <= high):
            raise bad(_("'{key}' must be a whole number from {low} to {high}."), key=key, low=low, high=high)
        numbers[key] = value
    for low, high in (("min_tier", "max_tier"), ("min_age", "max_age")):
        if numbers[low] is not None and numbers[high] is not None and numbers[low] > numbers[high]:
            raise bad(_("'{low}' is above '{high}'."), low=low, high=high)
    lists = {}
    for key in _LISTS:
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise bad(_("'{key}' must be a list of texts."), key=key)
        lists[key] = tuple(dict.fromkeys(v.strip() for v in value))
    if unknown := [s for s in lists["segments"] if s not in segments.CODES]:
        raise bad(_("unknown segments {codes}; the segments are {known}."), codes=join_list(unknown),
                  known=join_list(segments.CODES))
    if entry.get("gender") not in (None, "M", "F"):
        raise bad(_("the gender must be M or F."))
    risk = None if "product_risk" not in entry else product_risk(entry["product_risk"])
    if "product_risk" in entry and risk is None:
        raise bad(_("'product_risk' must be the product's risk level, R1 (lowest) to R5 (highest) or 低风险, 中低风险,"
                    " 中风险, 中高风险, 高风险; {value} cannot be read."), value=_shown(repr(entry["product_risk"])))
    return Campaign(
        entry["id"], entry["title"].strip(), entry["offer"].strip(), days["starts_on"], days["ends_on"], entry["channel"],
        numbers["min_tier"], numbers["max_tier"], lists["segments"], lists["tags"], entry.get("gender"),
        numbers["min_age"], numbers["max_age"], entry.get("branch"), numbers["per_manager"],
        *(entry[key].strip() if key in entry else None for key in _ENGLISH), risk,
    )


def _day(value) -> date | None:
    """A TOML date (2027-01-31) or the same written as text."""
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def read_file(path: str | Path) -> list[Campaign]:
    return parse_campaigns_toml(paths.read_text(path), Path(path).name)


# ---- the database -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Saved:
    added: list[str]
    changed: list[str]
    unchanged: list[str]
    # campaign id -> its open notices to customers its product does not suit, cancelled (or, dry run, to be)
    cancelled: dict[str, list[str]] = field(default_factory=dict)


def save(conn: sqlite3.Connection, campaigns: list[Campaign], *, at: datetime, by_id: str | None,
         source: str = "", dry_run: bool = False) -> Saved:
    """Add the campaigns, or replace those already there by id (head office corrected one), in one
    transaction with one audit entry; a branch the database does not know refuses the whole file. A campaign whose
    product risk the file gives or raises cancels, in the same transaction, its open notices to the customers its
    product does not suit (unsuited_notices): booked before, they may no longer be offered. Each is a 'cancelled'
    event, which bundles carry as the cancellations of a do-not-call request (followups.cancel_blocked_of)."""
    from workbench import followups   # late: followups imports this module

    with write_transaction(conn):
        known = {b for (b,) in conn.execute("SELECT branch_id FROM branches")}
        for_branch = settings_by_branch(conn)
        for n, c in enumerate(campaigns, 1):   # in the file's order, so a campaign is named by its place in it
            where = _where(source or _("campaigns file"), n, c.campaign_id)
            if c.branch_id is not None and c.branch_id not in known:
                raise WorkbenchError(_("{where}: branch {branch} is not one this database knows; branches come with the"
                                       " customer extracts (their branch column, 所属机构): import the extract naming"
                                       " it first, then this file.").format(where=where, branch=c.branch_id))
            _check_tiers(for_branch, c, known, where)
        before = {c.campaign_id: c for c in stored(conn)}
        added = [c.campaign_id for c in campaigns if c.campaign_id not in before]
        changed = [c.campaign_id for c in campaigns if c.campaign_id in before and before[c.campaign_id] != c]
        unchanged = [c.campaign_id for c in campaigns if before.get(c.campaign_id) == c]
        cancelled = {c.campaign_id: notices for c in campaigns if c.campaign_id in {*added, *changed}
                     and _risk_raised(before.get(c.campaign_id), c) and (notices := unsuited_notices(conn, c))}
        if dry_run or not (added or changed):
            return Saved(added, changed, unchanged, cancelled)
        conn.executemany(
            f"INSERT OR REPLACE INTO campaigns ({_COLUMNS}, imported_at, imported_by, source)"
            f" VALUES ({', '.join('?' * (_COLUMNS.count(',') + 4))})",
            [(*_row(c), at.isoformat(timespec="seconds"), by_id, source)
             for c in campaigns if c.campaign_id in {*added, *changed}],
        )
        followups.cancel_all(conn, [f for notices in cancelled.values() for f in notices], at=at, by_id=by_id)
        audit.record(conn, "campaigns_import", at=at, actor=by_id, subject=source or None,
                     detail={"added": added, "changed": changed, **({"cancelled": cancelled} if cancelled else {})})
    return Saved(added, changed, unchanged, cancelled)


def _risk_raised(before: Campaign | None, after: Campaign) -> bool:
    """Whether the campaign as after gives a product risk that before (as held here; None: new here) did not, or a
    higher one."""
    return after.product_risk is not None and (before is None or before.product_risk is None
                                               or after.product_risk > before.product_risk)


def _check_tiers(for_branch, c: Campaign, branches: set[str], where: str) -> None:
    """A min_tier no branch the campaign reaches has (tiers run 0 to the number of tier lines in force there)
    would target nobody: head office meant another. where names the campaign in its file (_where)."""
    problem = _tier_problem(for_branch, c, branches, where)
    if problem is not None:
        raise WorkbenchError(problem)


def _top(for_branch, c: Campaign, branches: set[str]) -> int:
    """The highest tier of the branches a campaign reaches: the number of tier lines in force where there are most."""
    scopes = [c.branch_id] if c.branch_id is not None else [None, *sorted(branches)]
    return max(len(for_branch(scope)["tiers.lines_fen"]) for scope in scopes)


def top_tiers(conn: sqlite3.Connection, shown: list[Campaign],
              for_branch: Callable[[str | None], Settings] | None = None) -> dict[str, int]:
    """Each campaign's highest tier any branch it reaches has (its id -> tier), for describe; for_branch: the
    caller's settings_by_branch, when it reads the branches' settings too."""
    known = {b for (b,) in conn.execute("SELECT branch_id FROM branches")}
    for_branch = for_branch or settings_by_branch(conn)
    return {c.campaign_id: _top(for_branch, c, known) for c in shown}


def _tier_problem(for_branch, c: Campaign, branches: set[str], where: str | None = None) -> str | None:
    """The sentence saying the campaign's min_tier is past the tier lines in force, if it is: naming the campaign in
    its file as the file's other refusals do (where, _where), else by its id (a campaign already here)."""
    named = c.min_tier   # a max_tier past the top still reaches the tiers up to it
    if named is None:
        return None
    top = _top(for_branch, c, branches)
    if named <= top:
        return None
    if where is not None:
        return _("{where}: {problem}").format(where=where, problem=_(
            "it names tier {tier}, but the tier lines in force stop at tier {top}.").format(tier=named, top=top))
    return _("Campaign {id} names tier {tier}, but the tier lines in force stop at tier {top}.").format(
        id=c.campaign_id, tier=named, top=top)


def beyond_the_tiers(conn: sqlite3.Connection, today: date) -> list[str]:
    """A sentence for each campaign not yet over whose lowest tier the tier lines now in force no longer
    reach (a supervisor shortened tiers.lines_fen after head office sent it): it reaches no one."""
    known = {b for (b,) in conn.execute("SELECT branch_id FROM branches")}
    for_branch = settings_by_branch(conn)
    return [_("{problem} It reaches no one while the tier lines stay as they are.").format(problem=problem)
            for c in stored(conn) if c.ends_on >= today
            for problem in [_tier_problem(for_branch, c, known)] if problem is not None]


def _row(c: Campaign) -> tuple:
    return (c.campaign_id, c.title, c.offer, c.starts_on.isoformat(), c.ends_on.isoformat(), c.channel, c.min_tier,
            c.max_tier, ",".join(c.segments), ",".join(c.tags), c.gender, c.min_age, c.max_age, c.branch_id,
            c.per_manager, c.title_en, c.offer_en, c.product_risk)


def _from_row(row) -> Campaign:
    (cid, title, offer, starts, ends, channel, min_tier, max_tier, segs, tags, gender, min_age, max_age, branch,
     per_manager, title_en, offer_en, risk) = row
    return Campaign(cid, title, offer, date.fromisoformat(starts), date.fromisoformat(ends), channel, min_tier,
                    max_tier, tuple(s for s in segs.split(",") if s), tuple(t for t in tags.split(",") if t), gender,
                    min_age, max_age, branch, per_manager, title_en, offer_en, risk)


def stored(conn: sqlite3.Connection, *, running_on: date | None = None) -> list[Campaign]:
    """Every campaign, or those running on a day; the earliest to start first."""
    where, params = ("WHERE starts_on <= :day AND ends_on >= :day", {"day": running_on.isoformat()}) if running_on \
        else ("", {})
    return [_from_row(r) for r in conn.execute(
        f"SELECT {_COLUMNS} FROM campaigns {where} ORDER BY starts_on, campaign_id", params)]


def get(conn: sqlite3.Connection, campaign_id: str) -> Campaign | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM campaigns WHERE campaign_id = ?", (campaign_id,)).fetchone()
    return _from_row(row) if row else None


# ---- suitability: whom a campaign's product does not suit -----------------------------------------------------


def unsuited(campaign: Campaign, customer_id: str, risk_level: str | None) -> str | None:
    """The sentence saying the campaign's product may not be recommended to the customer, whose extract says
    risk_level (Campaign.suits), or None when it may: check_suits' refusal, in one sentence as the other refusals of a
    campaign's notice (followups.check_not_blocked)."""
    if campaign.suits(risk_level):
        return None
    words = {"id": customer_id, "campaign": campaign.campaign_id, "risk": risk_name(campaign.product_risk)}
    level = customer_risk(risk_level)
    if level is not None:
        read = _shown(risk_level.strip(_BLANKS))
        return _("Customer {id} is assessed at {level}, below {risk}, the risk level of campaign {campaign}'s product:"
                 " a product may be recommended only to a customer assessed at its level or above, so its notice"
                 " cannot be planned.").format(**words, level=read if read == risk_name(level)
                                                else f"{read} ({risk_name(level)})")
    if risk_level is None or not risk_level.strip(_BLANKS):
        return _("Customer {id} has no risk level on record, and campaign {campaign}'s product is {risk}: a product may"
                 " be recommended only to a customer assessed at its level or above, so its notice cannot be planned"
                 " until an extract gives their risk level.").format(**words)
    return _("Customer {id}'s risk level {level} cannot be read (R1 to R5, C1 to C5, or words such as 稳健型), and"
             " campaign {campaign}'s product is {risk}: a product may be recommended only to a customer assessed at its"
             " level or above, so its notice cannot be planned.").format(**words, level=_shown(repr(risk_level)))


def check_suits(conn: sqlite3.Connection, customer_id: str, purpose: str | None) -> None:
    """Refuse a notice of a campaign (purpose campaign:ID) whose product does not suit the customer (unsuited); any
    other purpose, a campaign not imported here, or a customer not held here passes."""
    campaign = get(conn, code) if (code := campaign_id(purpose)) is not None else None
    if campaign is None or campaign.product_risk is None:
        return
    row = conn.execute("SELECT risk_level FROM customers WHERE customer_id = ?", (customer_id,)).fetchone()
    if row is not None and (refusal := unsuited(campaign, customer_id, row[0])):
        raise WorkbenchError(refusal)


@dataclass(frozen=True)
class Suitability:
    """Of the customers a campaign with a product risk would reach without it (those it targets, its ages too, who may
    be marketed to), how many its product suits and why the rest are left out; and its open notices to customers it
    does not suit (booked before head office gave the risk level, or before an extract lowered theirs)."""
    reached: int
    suited: int
    below: int                  # assessed below the product's level
    unknown: int                # no risk level on record
    unreadable: dict[str, int]  # a risk level that cannot be read -> how many customers have it
    unsuited_notices: list[str] # the open notices' follow-up ids

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def suitability(conn: sqlite3.Connection, campaign: Campaign, today: date) -> Suitability | None:
    """Campaign's Suitability on today (ages as of today), None when it gives no product risk."""
    from workbench.followups import _age_on   # late: followups imports this module; the agenda's own age rule
    from workbench.rules import CALLABLE

    if campaign.product_risk is None:
        return None
    where, params = targeting(replace(campaign, product_risk=None))
    # Counted by risk level (and birthday, when the campaign has ages): a few rows where there were a customer's each.
    born = "c.birthday" if campaign.min_age is not None or campaign.max_age is not None else "NULL"
    levels = Counter()
    for birthday, level, n in conn.execute(f"SELECT {born}, c.risk_level, count(*) FROM customers c"
                                           f" WHERE {CALLABLE} AND {where} GROUP BY 1, 2", params):
        if campaign.fits_age(_age_on(birthday, today)):
            levels[level] += n
    suited = below = unknown = 0
    unreadable: dict[str, int] = {}
    for level, n in levels.items():
        read = customer_risk(level)
        if read is not None:
            suited, below = (suited + n, below) if read >= campaign.product_risk else (suited, below + n)
        elif level is None or not level.strip(_BLANKS):
            unknown += n
        else:
            unreadable[level] = n
    return Suitability(sum(levels.values()), suited, below, unknown, unreadable, unsuited_notices(conn, campaign))


def unsuited_notices(conn: sqlite3.Connection, campaign: Campaign) -> list[str]:
    """The campaign's open notices (their follow-up ids, the earliest due first) to customers its product does not
    suit (Campaign.suits: booked before head office gave its risk level, or before an extract lowered theirs)."""
    return [followup for followup, level in conn.execute(
        f"SELECT f.followup_id, c.risk_level FROM followups f JOIN customers c ON c.customer_id = f.customer_id"
        f" WHERE f.purpose = ? AND f.status IN {PENDING_SQL} ORDER BY f.due_on, f.followup_id", (campaign.purpose,))
        if not campaign.suits(level)]


def unsuited_notices_where(conn: sqlite3.Connection, where: str, params: dict | None = None) -> list[str]:
    """The open notices (follow-up ids, the earliest due first) of campaigns with a product risk whose product does not
    suit their customer (Campaign.suits), of those the SQL condition `where` on the follow-up f (with its named
    params) picks out: read in one query, each distinct risk level worked out once, however many customers."""
    rows = conn.execute(
        f"SELECT f.followup_id, c.risk_level, cp.product_risk FROM followups f"
        f" JOIN campaigns cp ON cp.campaign_id = substr(f.purpose, {len(PREFIX) + 1})"
        f" JOIN customers c ON c.customer_id = f.customer_id"
        f" WHERE cp.product_risk IS NOT NULL AND {names_campaign('f.purpose')} AND f.status IN {PENDING_SQL}"
        f" AND ({where}) ORDER BY f.due_on, f.followup_id", params or {})
    levels: dict[str | None, int | None] = {}   # a risk level as written -> as read (customer_risk)
    unsuited = []
    for followup, level, risk in rows:
        if level not in levels:
            levels[level] = customer_risk(level)
        if levels[level] is None or levels[level] < risk:
            unsuited.append(followup)
    return unsuited


def describe(campaign: Campaign, lines_fen, top: int | None = None) -> str:
    """Whom a campaign is for, in words: '50万 and above · 高价值沉睡客户 · tags 理财偏好 · women · 50 or older'.
    Its tiers are named by lines_fen; top is the highest tier of the branches it reaches (top_tiers), when a
    branch there has more lines than lines_fen (default: the top of lines_fen)."""
    parts = [words] if (words := _tiers_taken(campaign.min_tier or 0, campaign.max_tier, lines_fen, top)) else []
    if campaign.segments:
        parts.append(join_list(segments.label(s) for s in campaign.segments))
    if campaign.tags:
        parts.append(_("tags {tags}").format(tags=join_list(campaign.tags)))
    if campaign.gender:
        parts.append(_("women") if campaign.gender == "F" else _("men"))
    if campaign.min_age is not None and campaign.max_age is not None:
        parts.append(_("aged {low} to {high}").format(low=campaign.min_age, high=campaign.max_age))
    elif campaign.min_age is not None:
        parts.append(_("{age} or older").format(age=campaign.min_age))
    elif campaign.max_age is not None:
        parts.append(_("{age} or younger").format(age=campaign.max_age))
    if campaign.branch_id:
        parts.append(_("branch {branch}").format(branch=campaign.branch_id))
    if campaign.product_risk is not None:
        parts.append(_("risk level {risk} or above").format(risk=risk_name(campaign.product_risk)))
    if campaign.per_manager:
        parts.append(_("at most {n} a manager").format(n=campaign.per_manager))
    return " · ".join(parts) or _("every customer")



def _tiers_taken(low: int, high: int | None, lines_fen, top: int | None) -> str | None:
    """The tiers from low to high (None: no upper bound) in words, or None when they take every tier. A tier
    past lines_fen is named by its number, never by the top line, which names another tier."""
    count = len(lines_fen)
    top = count if top is None else top
    if low > top:
        return _("tier {tier} (beyond the tier lines: nobody)").format(tier=low)

    def name(tier: int) -> str:
        return tiers.tier_name(tier, lines_fen) if tier <= count else _("tier {tier}").format(tier=tier)

    if high is None or high >= top:
        return None if low == 0 else _("{tier} and above").format(tier=name(low))
    if low == high:
        if low == 0:
            return name(0)   # 'below 50k'
        return (_("{tier} tier only").format(tier=name(low)) if low <= count
                else _("tier {tier} only").format(tier=low))
    if low == 0:
        return _("up to {tier}").format(tier=name(high))
    return _("{low} to {high}").format(low=name(low), high=name(high))
