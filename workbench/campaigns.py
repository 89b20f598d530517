"""Head office's campaigns: notice of a new product or offer (新品与权益通知) for the customers it targets.

Head office sends campaigns as a TOML file (``workbench campaigns import``). A running campaign is a
care touch: each manager's agenda suggests it to the customers it targets (followups._campaigns), and
an accepted one is a follow-up whose purpose is ``campaign:<id>``, so it travels in the outcome logs
like any other follow-up and a customer is never told of the same campaign twice.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, fields
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
            " min_age, max_age, branch_id, per_manager, title_en, offer_en")
# The English title and offer: both or neither, so an English card never reads half in Chinese.
_ENGLISH = ("title_en", "offer_en")


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
                "segments": list(self.segments), "tags": list(self.tags)}


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
    return Campaign(
        entry["id"], entry["title"].strip(), entry["offer"].strip(), days["starts_on"], days["ends_on"], entry["channel"],
        numbers["min_tier"], numbers["max_tier"], lists["segments"], lists["tags"], entry.get("gender"),
        numbers["min_age"], numbers["max_age"], entry.get("branch"), numbers["per_manager"],
        *(entry[key].strip() if key in entry else None for key in _ENGLISH),
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


def save(conn: sqlite3.Connection, campaigns: list[Campaign], *, at: datetime, by_id: str | None,
         source: str = "", dry_run: bool = False) -> Saved:
    """Add the campaigns, or replace those already there by id (head office corrected one), in one
    transaction with one audit entry; a branch the database does not know refuses the whole file."""
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
        if dry_run or not (added or changed):
            return Saved(added, changed, unchanged)
        conn.executemany(
            f"INSERT OR REPLACE INTO campaigns ({_COLUMNS}, imported_at, imported_by, source)"
            f" VALUES ({', '.join('?' * 20)})",
            [(*_row(c), at.isoformat(timespec="seconds"), by_id, source)
             for c in campaigns if c.campaign_id in {*added, *changed}],
        )
        audit.record(conn, "campaigns_import", at=at, actor=by_id, subject=source or None,
                     detail={"added": added, "changed": changed})
    return Saved(added, changed, unchanged)


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
            c.per_manager, c.title_en, c.offer_en)


def _from_row(row) -> Campaign:
    (cid, title, offer, starts, ends, channel, min_tier, max_tier, segs, tags, gender, min_age, max_age, branch,
     per_manager, title_en, offer_en) = row
    return Campaign(cid, title, offer, date.fromisoformat(starts), date.fromisoformat(ends), channel, min_tier,
                    max_tier, tuple(s for s in segs.split(",") if s), tuple(t for t in tags.split(",") if t), gender,
                    min_age, max_age, branch, per_manager, title_en, offer_en)


def stored(conn: sqlite3.Connection, *, running_on: date | None = None) -> list[Campaign]:
    """Every campaign, or those running on a day; the earliest to start first."""
    where, params = ("WHERE starts_on <= :day AND ends_on >= :day", {"day": running_on.isoformat()}) if running_on \
        else ("", {})
    return [_from_row(r) for r in conn.execute(
        f"SELECT {_COLUMNS} FROM campaigns {where} ORDER BY starts_on, campaign_id", params)]


def get(conn: sqlite3.Connection, campaign_id: str) -> Campaign | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM campaigns WHERE campaign_id = ?", (campaign_id,)).fetchone()
    return _from_row(row) if row else None


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
