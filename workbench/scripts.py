"""Call scripts (话术): stored in the database, exchanged as TOML, filled in for one customer.

A script has an opening, an offer, an answer per dormancy reason (objection handling) and a close.
Merge fields such as ``{name}`` are filled in one pass: the values are customer data and are never
scanned for fields again, and a field the workbench does not know stays as written (an import refuses a file with
one, a lone brace, or a field outside square brackets that only another purpose's call fills: parse_scripts_toml).

A field with no value for the customer (no branch on record, no last transaction) is never read aloud as a
gap: a phrase in square brackets holding a field, ``我是[{branch}的]客户经理{manager}``, is left out whole
when any of its fields has no value; a field outside brackets is required, and a script missing one is not
shown at all (RenderedScript.missing names the fields). A date that is today, yesterday or tomorrow reads
as that word (English drops the "on" before it).

A script is offered only to a customer it fits (_About.fitting): a birthday greeting near the birthday,
the new-customer call in the first days after opening, and so on; the wake-up script fits everyone.
"""

from __future__ import annotations

import json
import re
import sqlite3
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from importlib import resources
from pathlib import Path

from workbench import campaigns, festivals, i18n, leads, segments, tiers, tomlfile
from workbench.access import known_name
from workbench.codes import DORMANCY_REASONS, MESSAGE_CHANNELS
from workbench.db.followups import PENDING_SQL
from workbench.errors import WorkbenchError
from workbench.i18n import AND, LANGUAGES, N_, _, gettext, get_language, join_list, pgettext

PURPOSES: dict[str, str] = {
    "wake_up": "Wake-up",
    "maturity_rollover": "Maturity roll-over",
    "birthday": "Birthday care",
    "new_customer_90d": "New customer, 90 days",
    "tier_upgrade": "Tier upgrade",
    "keep_warm": "Keeping a woken customer",
    "festival": "Festival greeting",
    "campaign": "Campaign notice",
    "warm_lead": "Following up an interest",
}
# The script for a suggested follow-up that is due (followups.SUGGESTED_PURPOSES): the card opens on it. The new
# customer's care SMS (MESSAGE_ONLY) sent as a message is no call's: the card shows its words (card_text.care_message)
# and a call is chosen as if it were not due (_due_care_purpose), not the 90-day call before its time. A woken
# customer's thank-you SMS keeps the keep-warm call: the customer woke, and the wake-up call their scores may still
# suggest until the next extract would be the wrong words.
SCRIPT_FOR_FOLLOW_UP = {
    "warm_lead": "warm_lead",
    "birthday": "birthday", "maturity": "maturity_rollover",
    "welcome": "new_customer_90d", "care_sms": "new_customer_90d", "kyc": "new_customer_90d",
    "woken_thanks": "keep_warm", "woken_check": "keep_warm", "woken_review": "keep_warm",
    "festival": "festival",
}
# The care touches sent as a message whose words no call says (the new customer's care SMS).
MESSAGE_ONLY = ("care_sms",)
# Every follow-up for one of head office's campaigns (purpose campaign:<id>) opens on the campaign script, but a notice
# sent as a message (an SMS or a WeChat, the agenda's to send): no call is made for it (RenderedScript.notice).
CAMPAIGN_PURPOSE = "campaign"
# SQL true for a follow-up (no alias) sent as a message (an SMS, a WeChat), not said on a call.
_MESSAGE = f"channel IN ({', '.join(repr(c) for c in MESSAGE_CHANNELS)})"
# SQL true for a follow-up (no alias) that is a campaign notice sent as a message.
_MESSAGE_NOTICE = f"({campaigns.names_campaign('purpose')} AND {_MESSAGE})"
# SQL true for a follow-up (no alias) sent as a message whose words no call script says: a care SMS (MESSAGE_ONLY), a
# campaign notice (_MESSAGE_NOTICE).
_MESSAGE_ONLY = f"(({_MESSAGE} AND purpose IN ({', '.join(repr(p) for p in MESSAGE_ONLY)})) OR {_MESSAGE_NOTICE})"
# The purposes tied to a day (a maturity, a birthday): the card opens on the one with fewer days left (choose_purpose).
DATED_PURPOSES = ("maturity_rollover", "birthday")
MERGE_FIELDS = ("name", "manager", "branch", "tier", "dormant_days", "product", "maturity_date", "festival",
                "campaign", "campaign_offer", "interest", "birthday_wish", "opened", "festival_wish", "next_tier",
                "next_workday", "second_workday", "maturity_visit")
# The {interest} field for a lead's latest reached contact, by its outcome: what the customer said ({when}: the
# contact, INTEREST_WHEN); an outcome not here (a bank's own points) says they talked.
INTEREST_SAID = {
    "interested": N_("{when} you were interested in hearing more"),
    "appointment": N_("{when} we talked about meeting"),
    "call_back": N_("{when} you asked us to call you back"),
}
INTEREST_TALKED = N_("{when} you told us about your plans")
# When and how that contact was made, by its kind (a call, a visit, a message replied to) and whether a colleague of
# the caller made it (the customer's former manager, a cover): the caller never claims a call they did not make.
INTEREST_WHEN = {
    ("call", False): N_("When we spoke on {day}"),
    ("call", True): N_("When my colleague[ {colleague}] spoke with you on {day}"),
    ("visit", False): N_("When I visited you on {day}"),
    ("visit", True): N_("When my colleague[ {colleague}] visited you on {day}"),
    ("message", False): N_("When you replied to my message on {day}"),
    ("message", True): N_("When you replied to my colleague[ {colleague}]'s message on {day}"),
}
SECTIONS = ("opening", "offer", "close")
PRODUCT_TYPES = {
    "time_deposit": "Time deposit",
    "wealth": "Wealth product",
    "fund": "Fund",
    "insurance": "Insurance",
    "gold": "Precious metals",
    "demand": "Current account",
}
# Two-character surnames (复姓); every other Chinese name takes its first character as the surname.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 闾丘 端木 独孤 南宫"
    " 西门 百里 呼延 万俟 澹台 公冶 太史 申屠 濮阳 赫连 第五 谷梁 拓跋 东郭 左丘 梁丘 司空 亓官 单于 仲孙"
    " 壤驷 宰父 夹谷 巫马 公良 乐正 漆雕 颛孙 段干 羊舌 微生 闻人 公羊 鲜于 司寇 淳于 太叔 申屠".split()
)
_FIELD = re.compile(r"\{\{|\}\}|(\b[Oo]n )?\{([A-Za-z_][A-Za-z0-9_]*)\}")
# What an imported script's text is checked for (fill_script's reading of it): {{ or }}, a {field}, or a lone brace.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
# The fields with a value only on the occasion a purpose is about (a maturity, a festival, a campaign, a birthday):
# outside an optional phrase, a script of another purpose holding one would not be shown to the customers it is for.
OCCASION_FIELDS = {"maturity_date": "maturity_rollover", "festival": "festival", "campaign": "campaign",
                   "campaign_offer": "campaign", "birthday_wish": "birthday", "festival_wish": "festival",
                   "maturity_visit": "maturity_rollover"}
# An optional phrase: square brackets around text that holds at least one field (brackets without a field
# are text); left out whole when one of its fields has no value.
OPTIONAL_PHRASE = re.compile(r"\[([^\[\]]*?\{[A-Za-z_][A-Za-z0-9_]*\}[^\[\]]*?)\]")
# What each field is, for a script that cannot be shown without it (RenderedScript.missing).
FIELD_WORDS = {
    "name": N_("the customer's name"), "manager": N_("the caller's name"), "branch": N_("the branch's name"),
    "tier": N_("the customer's tier"), "dormant_days": N_("the days since their last transaction"),
    "product": N_("the product"), "maturity_date": N_("the maturity date"), "festival": N_("the festival"),
    "campaign": N_("the campaign"), "campaign_offer": N_("the campaign's offer"), "interest": N_("what the customer said"),
    "birthday_wish": N_("the birthday wish"), "opened": N_("when the account was opened"),
    "festival_wish": N_("the festival wish"), "next_tier": N_("the next tier"),
    "next_workday": N_("the next working day"), "second_workday": N_("the working day after it"),
    "maturity_visit": N_("when to come by for the maturity"),
}
# The {birthday_wish} field, the start of a sentence: on the birthday itself, else before it (a birthday script
# fits from segments.birthday_within_days before the day to the day itself, never after: _About.fitting).
BIRTHDAY_WISH = {
    "today": N_("I am calling to wish you a happy birthday today"),
    "ahead": N_("I am calling to wish you a happy birthday in advance"),
}
# The {festival_wish} field, the start of a sentence: on a festival's own day, else before it ({festival}: the
# festivals of the greeting that day, or those still to come; a festival gone by is not named). A greeting fits from
# festivals.NEAR_DAYS before its first festival to its last, never after (festivals.next_occasion).
FESTIVAL_WISH = {
    "today": N_("Today is {festival}, and I wish you and your family a very happy holiday"),
    "ahead": N_("With {festival} coming, I wish you and your family a very happy holiday"),
}
# The {maturity_visit} field: when the customer could come by for a roll-over (maturity_visit), said after 您看 /
# "Could you come by".
MATURITY_VISIT = {
    "before": N_("a day or two before maturity"),
    "either": N_("{day} or {other_day}"),
}
# The {opened} field: when a new customer opened their account, as a person says it, by the days since (the last
# entry from its day on): 您刚/昨天/前几天/前段时间在我们这里开了户, "with us today / yesterday / a few days ago / recently".
OPENED_WORDS = ((0, N_("today")), (1, N_("yesterday")), (2, N_("a few days ago")), (7, N_("recently")))
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass
class Script:
    script_id: str
    purpose: str
    lang: str
    title: str
    opening: str
    offer: str
    close: str
    segment: str | None = None
    objections: dict[str, str] = field(default_factory=dict)
    campaign: str | None = None   # a campaign script's one campaign (its id), read before the shared one; None: any


@dataclass
class RenderedScript:
    script_id: str
    purpose: str
    lang: str
    title: str
    opening: str
    offer: str
    objections: dict[str, str]   # dormancy reason code -> the answer, in DORMANCY_REASONS order
    close: str
    fields: dict[str, str]       # the merge values used
    purposes: tuple[str, ...] = ()   # what a script for this customer can be about (fitting_purposes)
    missing: tuple[str, ...] = ()    # required fields with no value: then no section is filled in
    unnamed: str | None = None       # the staff id of the caller (or manager) whose name is not known (known_name)
    notice: Notice | None = None     # a campaign notice due to them as a message, for which no call is made
    unsuited: Unsuited | None = None   # a campaign notice of theirs skipped: its product does not suit them


@dataclass(frozen=True)
class Unsuited:
    """A campaign whose pending notice the card does not offer the customer (_campaign_notices): its product's risk
    level is above theirs (campaigns.Campaign.suits), the notice booked before head office gave the product's level or
    before an extract lowered theirs."""

    campaign: campaigns.Campaign
    risk_level: str | None           # the customer's, as the extract wrote it


@dataclass(frozen=True)
class Notice:
    """A head-office campaign notice due to the customer by SMS or WeChat (_campaign_followups): sent from the
    agenda."""

    channel: str                     # sms / wechat
    code: str                        # the campaign's code
    campaign: campaigns.Campaign | None   # None when this terminal has not been sent the campaign

    def title_in(self, lang: str) -> str:
        """The campaign's title in lang (Campaign.title_in), its code when not known here."""
        return self.campaign.title_in(lang) if self.campaign else self.code

    def offer_in(self, lang: str) -> str:
        """The notice's text in lang: the campaign's offer (Campaign.offer_in), none when not known here."""
        return self.campaign.offer_in(lang) if self.campaign else ""


# ---- merge fields -------------------------------------------------------------------------------

class RelativeDay(str):
    """A date's value that is a word (today, yesterday, tomorrow): in English it takes no "on" before it."""


def fill_script(template: str, values: dict[str, str]) -> str:
    """Replace {field} by its value in one pass; unknown fields stay, {{ and }} are literal braces.

    An optional phrase (square brackets around text holding a field) is left out whole when one of its
    fields has no value, else written without its brackets. "on {day}" with a RelativeDay value is the
    word alone ("on today" would be wrong): "On {day} you asked" reads "Yesterday you asked"."""

    def replace(match: re.Match) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        on, name = match.group(1), match.group(2)
        if name not in values:
            return token
        value = values[name]
        if on and isinstance(value, RelativeDay):
            return value[:1].upper() + value[1:] if on[0] == "O" else value
        return (on or "") + value

    def phrase(match: re.Match) -> str:
        inner = match.group(1)
        if any(not values.get(m.group(2), "x").strip() for m in _FIELD.finditer(inner) if m.group(2)):
            return ""
        return _FIELD.sub(replace, inner)

    out, at = [], 0
    for match in OPTIONAL_PHRASE.finditer(template):
        out += [_FIELD.sub(replace, template[at:match.start()]), phrase(match)]
        at = match.end()
    out.append(_FIELD.sub(replace, template[at:]))
    return "".join(out)


def missing_fields(template: str, values: dict[str, str]) -> list[str]:
    """The known fields of template outside any optional phrase whose value is empty: the script cannot be
    read to the customer without them."""
    bare = OPTIONAL_PHRASE.sub("", template)
    return [m.group(2) for m in _FIELD.finditer(bare) if m.group(2) in values and not values[m.group(2)].strip()]


def surname(name: str) -> str:
    """The family name: a 复姓 like 欧阳, the first character of other Chinese names, else the last word."""
    name = name.strip()
    if not name:
        return ""
    if _CJK.match(name) and "·" not in name and "•" not in name:
        return name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[0]
    if "·" in name or "•" in name:
        return name
    return name.split()[-1]


def honorific_name(name: str, gender: str | None, lang: str) -> str:
    """张先生 / 王女士 / 欧阳女士; Mr Smith / Ms 王; the full name when the gender is unknown."""
    name = (name or "").strip()
    if gender not in ("M", "F") or not name:
        return name
    family = surname(name)
    if lang == "zh_CN":
        return family + ("先生" if gender == "M" else "女士")
    return ("Mr " if gender == "M" else "Ms ") + family


def tier_label(tier: int | None, lines_fen: list[int], lang: str) -> str:
    """'50万级贵宾客户' / '500k tier', the tier named as the card names it (tiers.amount_label); the plain word
    for customers below the first line."""
    if not tier or tier < 1 or tier > len(lines_fen):
        return "客户" if lang == "zh_CN" else "valued"
    line = tiers.amount_label(lines_fen[tier - 1], lang)
    return f"{line}级贵宾客户" if lang == "zh_CN" else f"{line} tier"


def next_tier_label(tier: int, lines_fen: list[int], lang: str) -> str:
    """The {next_tier} field: the tier above the customer's, named as tier_label names it ('10万级贵宾客户' for a customer
    below the first line, who is no VIP yet); '' in the top tier."""
    return tier_label(tier + 1, lines_fen, lang) if 0 <= tier < len(lines_fen) else ""


def caller_introduction(caller: str | None, manager: str | None, lang: str, *, colleague: bool | None = None) -> str:
    """The {manager} field: the caller's own name, as the customer's manager's colleague when someone
    else (a supervisor) makes the call (colleague; by default, when the two names differ), so nobody is
    introduced under another person's name. A name not known is '' (known_name) and never guessed: a
    colleague whose own name is not known is the manager's colleague alone (王丽娟的同事), and '' when
    neither is known, which the shipped Chinese scripts leave out (客户经理[{manager}])."""
    caller, manager = (caller or "").strip(), (manager or "").strip()
    if colleague is None:   # by the names alone: no caller named is the manager, and so is the same name
        if not manager or caller in ("", manager):
            return caller or manager
        colleague = True
    if not colleague or not manager:
        return caller
    if lang == "zh_CN":
        return f"{manager}的同事{caller}"
    return f"{caller}, a colleague of {manager}" if caller else f"a colleague of {manager}"


def format_date(day: date | str | None, lang: str, today: date | None = None) -> str:
    """'2026年11月25日' / '25 Nov 2026', without the year in today's year, as a person says it ('11月17日'); today,
    yesterday or tomorrow as that word (a RelativeDay); '' for no date."""
    if day is None:
        return ""
    if isinstance(day, str):
        day = date.fromisoformat(day[:10])
    if today is not None and abs((day - today).days) <= 1:
        return RelativeDay(gettext(RELATIVE_DAYS[(day - today).days], lang))
    year = today is None or day.year != today.year
    if lang == "zh_CN":
        return f"{day.year}年{day.month}月{day.day}日" if year else f"{day.month}月{day.day}日"
    return f"{day.day} {_MONTHS[day.month - 1]}" + (f" {day.year}" if year else "")


# English month names as scripts read them, whatever the machine's locale (strftime's %b follows it).
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# English weekdays as scripts read them; the Chinese ones are the short names translated (周一 to 周日).
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SHORT_WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def day_words(day: date, today: date, lang: str) -> str:
    """A day from today on as said on the phone: today, tomorrow (a RelativeDay), 后天; in Chinese 周五 in this week and
    下周一 in the next, in English the weekday within six days; else with its date, 2月16日（周二） / Tuesday 16 Feb."""
    days = (day - today).days
    if days <= 1:
        return format_date(day, lang, today)
    weeks = (day - timedelta(days=day.weekday()) - (today - timedelta(days=today.weekday()))).days // 7
    if lang == "zh_CN":
        weekday = gettext(_SHORT_WEEKDAYS[day.weekday()], lang)
        if days == 2:
            return "后天"
        return weekday if weeks == 0 else "下" + weekday if weeks == 1 else f"{day.month}月{day.day}日（{weekday}）"
    weekday = _WEEKDAYS[day.weekday()]
    return weekday if days <= 6 else f"{weekday} {day.day} {_MONTHS[day.month - 1]}"


RELATIVE_DAYS = {-1: N_("yesterday"), 0: N_("today"), 1: N_("tomorrow")}


# ---- storage ------------------------------------------------------------------------------------

_COLUMNS = "script_id, purpose, segment, lang, title, opening, offer, objections, close"
# A script as read: its row and its campaign, kept beside it (script_campaigns: a new purpose rebuilds the scripts table).
_JOINED = "scripts LEFT JOIN script_campaigns k USING (script_id)"
_READ = f"SELECT {_COLUMNS}, k.campaign_id FROM {_JOINED}"


def _from_row(row: tuple) -> Script:
    script_id, purpose, segment, lang, title, opening, offer, objections, close, campaign = row
    return Script(script_id, purpose, lang, title, opening, offer, close, segment, json.loads(objections or "{}"),
                  campaign)


def list_scripts(conn: sqlite3.Connection) -> list[Script]:
    rows = conn.execute(
        f"{_READ} WHERE active = 1 ORDER BY lang, purpose, segment IS NOT NULL, segment, k.campaign_id IS NOT NULL,"
        " k.campaign_id, script_id"
    ).fetchall()
    return [_from_row(r) for r in rows]


def save_scripts(conn: sqlite3.Connection, scripts: list[Script], *, at: datetime | None = None, replace: bool = True) -> int:
    """Insert (or, with replace, update) scripts in one transaction; returns how many were written. Their campaigns are
    not (_save_campaigns): the migrations that seed the shipped scripts, none of a campaign, run before the table."""
    stamp = at.isoformat(timespec="seconds") if at else None
    # Not INSERT OR IGNORE: that would also drop, without a word, a row the table's checks refuse.
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    keep = "" if replace else " ON CONFLICT (script_id) DO NOTHING"
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    try:
        written = 0
        for s in scripts:
            cur = conn.execute(
                f"{verb} INTO scripts ({_COLUMNS}, active, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?){keep}",
                (s.script_id, s.purpose, s.segment, s.lang, s.title, s.opening, s.offer,
                 json.dumps(s.objections, ensure_ascii=False), s.close, stamp),
            )
            written += cur.rowcount
        if own:
            conn.execute("COMMIT")
    except BaseException:
        if own:
            conn.execute("ROLLBACK")
        raise
    return written


def shipped_scripts() -> list[Script]:
    """The Chinese and English scripts shipped with the workbench."""
    text = resources.files("workbench").joinpath("data/default_scripts.toml").read_text(encoding="utf-8")
    return parse_scripts_toml(text, "default_scripts.toml")


def seed_default_scripts(conn: sqlite3.Connection, *, at: datetime | None = None) -> int:
    """Put the shipped Chinese and English scripts in, leaving any script already there untouched."""
    return save_scripts(conn, shipped_scripts(), at=at, replace=False)


# ---- TOML ---------------------------------------------------------------------------------------

_SCRIPT_KEYS = {"id", "purpose", "segment", "campaign", "lang", "title", "opening", "offer", "close", "objections"}
_TOP_KEYS = {"script", "common_objections"}
# The first words of every file `scripts export` writes.
SCRIPTS_HEADER = "# Branch Workbench call scripts."
SCRIPTS_FILE_LIMIT = 16 << 20   # a scripts file is small; a larger one is something else


def parse_scripts_toml(text: str, source: str = "scripts file", campaigns: set[str] | None = None) -> list[Script]:
    """Read and check scripts; any problem is one WorkbenchError sentence naming the script, and the merge fields no
    card could fill in (_field_problems) are named all in one. campaigns: the ids of the campaigns imported here, which
    a script's campaign must be one of (None: not checked)."""
    data = tomlfile.loads(text, source)   # a file that is not TOML: where and what, in the interface language
    scripts = _read_scripts(data, source, campaigns)
    entries = data["script"]
    problems = []   # every problem of every script in the one sentence: the supervisor mends the file at once
    for n, (script, entry) in enumerate(zip(scripts, entries), 1):
        own = entry.get("objections", {})
        found = [p for key, text in [*((key, getattr(script, key)) for key in SECTIONS),
                                     *((f"objections.{code}", own[code]) for code in DORMANCY_REASONS if code in own)]
                 for p in _field_problems(key, text, {script.purpose})]
        if found:
            where = _("script {n} ({id})").format(n=n, id=script.script_id)
            problems.append(i18n.fill(_("{where} has {problems}"), where=where, problems=join_list(found, last=AND)))
    common = [p for lang, answers in data.get("common_objections", {}).items() for code, text in answers.items()
              for p in _field_problems(f"{lang}.{code}", text, {s.purpose for s, entry in zip(scripts, entries)
                                                               if s.lang == lang and not entry.get("objections", {}).get(code)})]
    if common:   # once, though every script of the language takes them
        problems.append(i18n.fill(_("{where} has {problems}"), where="common_objections", problems=join_list(common, last=AND)))
    if problems:
        raise WorkbenchError(i18n.fill(
            _("Nothing was imported from {source}: {problems}; a script may use the fields {fields}, and {braces} for a"
              " brace itself."), source=source, problems=_("; ").join(problems),
            fields=join_list(["{%s}" % f for f in MERGE_FIELDS], last=AND), braces=join_list(["{{", "}}"], last=AND)))
    return scripts


def _read_scripts(data: dict, source: str, campaigns: set[str] | None = None) -> list[Script]:
    """The scripts of parsed TOML, each checked for its keys and their values (a campaign among campaigns, if given);
    the first problem is a WorkbenchError."""
    unknown_top = set(data) - _TOP_KEYS
    if unknown_top:
        raise WorkbenchError(_("{source} has unknown top-level keys: {keys}.").format(
            source=source, keys=join_list(sorted(unknown_top))))
    common = data.get("common_objections", {})
    if not isinstance(common, dict):
        raise WorkbenchError(_("{source}: common_objections must be a table per language.").format(source=source))
    for lang, answers in common.items():
        _check_objections(answers, source + _(": ") + f"common_objections.{lang}")
    entries = data.get("script", [])
    if not isinstance(entries, list) or not entries:
        raise WorkbenchError(_("{source} holds no [[script]] entries.").format(source=source))
    scripts, seen = [], set()
    for n, entry in enumerate(entries, 1):
        where = _("{source}: script {n}").format(source=source, n=n) + (
            _(" ({text})").format(text=entry["id"]) if isinstance(entry, dict) and entry.get("id") else "")
        if not isinstance(entry, dict):
            raise WorkbenchError(_("{where} is not a table.").format(where=where))
        extra = set(entry) - _SCRIPT_KEYS
        if extra:
            raise WorkbenchError(_("{where} has unknown keys: {keys}.").format(where=where, keys=join_list(sorted(extra))))
        for key in ("id", "purpose", "lang", "title", *SECTIONS):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise WorkbenchError(_("{where} needs a non-empty text '{key}'.").format(where=where, key=key))
        if entry["purpose"] not in PURPOSES:
            raise WorkbenchError(_("{where}: purpose must be one of {purposes}, not {purpose!r}.").format(
                where=where, purposes=join_list(PURPOSES), purpose=entry["purpose"]))
        if entry["lang"] not in LANGUAGES:
            raise WorkbenchError(_("{where}: lang must be one of {languages}, not {lang!r}.").format(
                where=where, languages=join_list(LANGUAGES), lang=entry["lang"]))
        segment = entry.get("segment")
        if segment is not None and segment not in segments.CODES:   # a typo would make the script never picked
            raise WorkbenchError(_("{where}: segment must be one of {segments} (leave it out for any segment), not"
                                   " {segment!r}.").format(where=where, segments=join_list(segments.CODES), segment=segment))
        campaign = entry.get("campaign")
        if campaign is not None:
            _check_campaign(campaign, entry["purpose"], campaigns, where)
        if entry["id"] in seen:
            raise WorkbenchError(_("{where}: the id {id!r} appears twice.").format(where=where, id=entry["id"]))
        seen.add(entry["id"])
        own = entry.get("objections", {})
        _check_objections(own, _("{where} objections").format(where=where))
        answers = {code: own.get(code) or common.get(entry["lang"], {}).get(code) for code in DORMANCY_REASONS}
        scripts.append(Script(
            entry["id"], entry["purpose"], entry["lang"], entry["title"], entry["opening"], entry["offer"],
            entry["close"], segment, {k: v for k, v in answers.items() if v}, campaign,
        ))
    return scripts


def _check_campaign(campaign: object, purpose: str, known: set[str] | None, where: str) -> None:
    """A script's campaign key: only on a campaign script, and one of the campaigns imported here (known, if given), so
    that a typo or a campaigns file not yet imported is said, not a script no card ever reads."""
    if purpose != CAMPAIGN_PURPOSE:
        raise WorkbenchError(_("{where}: only a script of purpose 'campaign' may name a campaign.").format(where=where))
    if not isinstance(campaign, str) or (known is not None and campaign not in known):
        raise WorkbenchError(_("{where}: campaign must be one of the campaigns imported here ({campaigns}), not"
                               " {campaign!r}; import head office's campaigns file first.").format(
            where=where, campaigns=join_list(sorted(known or ())) or _("none"), campaign=campaign))


def _field_problems(key: str, text: str, purposes: set[str]) -> list[str]:
    """What in text (key's) the card could not fill in, each in words: an unknown field, a lone brace, and a field
    outside square brackets that only another purpose's occasion gives a value (OCCASION_FIELDS) when the text is read
    in a script of one of purposes."""
    found: list[str] = []
    for token in _TOKEN.finditer(text):
        name = token.group(1)
        if token.group(0) in ("{{", "}}") or name in MERGE_FIELDS:
            continue
        if name is None:
            found.append(i18n.fill(_("an unmatched brace in {key} (“{text}”)"), key=key, text=_excerpt(text, token.start())))
        else:
            found.append(i18n.fill(_("the unknown field {field} in {key}"), field=token.group(0), key=key))
    for token in _FIELD.finditer(OPTIONAL_PHRASE.sub("", text)):
        occasion = OCCASION_FIELDS.get(token.group(2) or "")
        if occasion and purposes - {occasion}:
            found.append(i18n.fill(_('{field} outside square brackets in {key} (it has a value only when purpose is'
                                     ' "{purpose}")'), field="{%s}" % token.group(2), key=key, purpose=occasion))
    return list(dict.fromkeys(found))


def _excerpt(text: str, at: int, around: int = 12) -> str:
    """The words around text[at] on one line, with … where they are cut: 'Bye {name.'."""
    start, end = max(at - around, 0), at + around + 1
    return ("…" if start > 0 else "") + " ".join(text[start:end].split()) + ("…" if end < len(text) else "")


def _check_objections(answers: object, where: str) -> None:
    if not isinstance(answers, dict):
        raise WorkbenchError(_("{where} must be a table of dormancy reason = answer.").format(where=where))
    for code, text in answers.items():
        if code not in DORMANCY_REASONS:
            raise WorkbenchError(_("{where}: {code!r} is not a dormancy reason ({codes}).").format(
                where=where, code=code, codes=join_list(DORMANCY_REASONS)))
        if not isinstance(text, str):
            raise WorkbenchError(_("{where}: the answer for {code} must be text.").format(where=where, code=code))


def _toml_string(text: str) -> str:
    """A TOML string: a readable multi-line literal when that is safe, else an escaped basic string."""
    safe_literal = "'''" not in text and not text.endswith("'") and not any(
        ord(c) < 32 and c not in "\n\t" or ord(c) == 127 for c in text
    )
    if "\n" in text and safe_literal:
        return "'''\n" + text + "'''"
    return json.dumps(text, ensure_ascii=False)


def dump_scripts_toml(scripts: list[Script]) -> str:
    out = [f"{SCRIPTS_HEADER} Merge fields: " + ", ".join("{%s}" % f for f in MERGE_FIELDS), ""]
    for s in scripts:
        out.append("[[script]]")
        out.append(f"id = {_toml_string(s.script_id)}")
        out.append(f"purpose = {_toml_string(s.purpose)}")
        if s.segment is not None:
            out.append(f"segment = {_toml_string(s.segment)}")
        if s.campaign is not None:
            out.append(f"campaign = {_toml_string(s.campaign)}")
        out.append(f"lang = {_toml_string(s.lang)}")
        out.append(f"title = {_toml_string(s.title)}")
        for key in SECTIONS:
            out.append(f"{key} = {_toml_string(getattr(s, key))}")
        if s.objections:
            out.append("")
            out.append("[script.objections]")
            for code in DORMANCY_REASONS:
                if code in s.objections:
                    out.append(f"{code} = {_toml_string(s.objections[code])}")
        out.append("")
    return "\n".join(out)


def is_scripts_export(path: Path) -> bool:
    """The file is an earlier `scripts export`, edited or not, to be replaced: it starts with the header comment the
    export writes, or (the comment taken out) it is TOML holding [[script]] tables and nothing but them and
    common_objections, as a scripts file does."""
    if path.stat().st_size > SCRIPTS_FILE_LIMIT:
        return False
    text = path.read_text(encoding="utf-8-sig")   # an editor's byte-order mark, as import_scripts reads it
    if text.startswith(SCRIPTS_HEADER):
        return True
    data = tomllib.loads(text)
    entries = data.get("script")
    return (set(data) <= _TOP_KEYS and isinstance(entries, list) and bool(entries)
            and all(isinstance(entry, dict) for entry in entries))


def export_scripts(conn: sqlite3.Connection, path: str | Path, *, force: bool = False) -> int:
    """Write every script to a TOML file, whole or not at all (a temporary file beside it is renamed into place).
    A file at path that is not an earlier scripts export is refused unless force."""
    from workbench.sync.files import atomic_path, may_replace

    path = Path(path)
    if path.is_dir():
        raise WorkbenchError(_("{path} is a folder, not a file.").format(path=path))
    may_replace(path, ours=is_scripts_export, kind=N_("call scripts export"), force=force)
    scripts = list_scripts(conn)
    with atomic_path(path) as tmp:
        tmp.write_text(dump_scripts_toml(scripts), encoding="utf-8")
    return len(scripts)


@dataclass(frozen=True)
class Imported:
    """The ids of a scripts file's scripts: new here, differing from (or brought back for) the one here, the same."""
    added: list[str]
    changed: list[str]
    unchanged: list[str]


def import_scripts(conn: sqlite3.Connection, path: str | Path, *, at: datetime | None = None) -> Imported:
    """Add or replace the scripts of a TOML file, all or nothing, writing only those new or changed."""
    from workbench.paths import read_text
    from workbench.txn import write_transaction

    known = {row[0] for row in conn.execute("SELECT campaign_id FROM campaigns")}
    scripts = parse_scripts_toml(read_text(path), Path(path).name, known)
    with write_transaction(conn):
        # Only an active script counts as the same: one put aside comes back with the import, its words as they are.
        here = {row[0]: _from_row(row[:-1]) if row[-1] else None
                for row in conn.execute(f"SELECT {_COLUMNS}, k.campaign_id, active FROM {_JOINED}")}
        added = [s.script_id for s in scripts if s.script_id not in here]
        unchanged = [s.script_id for s in scripts if here.get(s.script_id) == s]
        changed = [s.script_id for s in scripts if s.script_id in here and here[s.script_id] != s]
        written = [s for s in scripts if here.get(s.script_id) != s]
        save_scripts(conn, written, at=at, replace=True)
        _save_campaigns(conn, written)
    return Imported(added, changed, unchanged)


def _save_campaigns(conn: sqlite3.Connection, scripts: list[Script]) -> None:
    """The campaign of each of scripts, written as it is now: kept for one of a campaign, dropped for any other."""
    conn.executemany("DELETE FROM script_campaigns WHERE script_id = ?", [(s.script_id,) for s in scripts])
    conn.executemany("INSERT INTO script_campaigns (script_id, campaign_id) VALUES (?, ?)",
                     [(s.script_id, s.campaign) for s in scripts if s.campaign is not None])


# ---- choosing and filling a script for one customer ---------------------------------------------

# render_script's block when its caller has not read followups.marketing_block: render_script asks it.
ASK = object()


def choose_purpose(triggers: str | None, segments: list[str], *, warm: bool = False,
                   fitting: list[str] | None = None, days_left: dict[str, int] | None = None) -> str:
    """The call's purpose from the customer's triggers and segments, most time-critical first: a roll-over
    and a birthday greeting by the days left (days_left: from today to the maturity, to the birthday), the
    fewer first, the roll-over on the same day (the money leaves that day); then a warm lead
    (leads.Lead.warm), followed up before any call of the customer's segment; then the new-customer call,
    then the tier upgrade. A birthday today comes before a maturity in 11 days, a maturity today before a
    birthday in 5. With fitting, only a purpose in it (a trigger scored yesterday may no longer hold
    today); else wake-up."""
    found = {t.strip() for t in (triggers or "").split(",") if t.strip()} | set(segments)
    candidates = (
        ("maturity_rollover", any(t.startswith("matur") for t in found)),
        ("birthday", any(t.startswith("birthday") for t in found)),
        ("warm_lead", warm),
        ("new_customer_90d", any(t.startswith("new_customer") for t in found)),
        ("tier_upgrade", any(t.startswith("near") and "tier" in t for t in found)),
    )
    hits = [p for p, hit in candidates if hit and (fitting is None or p in fitting)]
    days = days_left or {}
    # The dated two first, by days left (a day not known: as pressing as today); the sort keeps the order above on a tie.
    hits.sort(key=lambda p: (0, days.get(p, 0)) if p in DATED_PURPOSES else (1, 0))
    return hits[0] if hits else "wake_up"


def pick_script(conn: sqlite3.Connection, purpose: str, segments: list[str], lang: str,
                campaign: str | None = None) -> Script | None:
    """The best script: this language before the other, then a campaign script of the campaign the call is about
    (campaign) before the one all campaigns share (another campaign's is never read), then the customer's segment
    before 'any'."""
    rows = [_from_row(r) for r in conn.execute(f"{_READ} WHERE purpose = ? AND active = 1", (purpose,))]

    def rank(s: Script) -> tuple[int, int, int, str] | None:
        if s.segment is None:
            seg_rank = len(segments)
        elif s.segment in segments:
            seg_rank = segments.index(s.segment)
        else:
            return None
        if s.campaign is not None and s.campaign != campaign:
            return None
        return (0 if s.lang == lang else 1, 0 if s.campaign is not None else 1, seg_rank, s.script_id)

    ranked = sorted((r, s) for s in rows if (r := rank(s)) is not None)
    return ranked[0][1] if ranked else None


def render_script(
    conn: sqlite3.Connection,
    customer_id: str,
    purpose: str | None = None,
    *,
    today: date,
    lang: str | None = None,
    caller_id: str | None = None,
    block: str | None | object = ASK,
) -> RenderedScript | None:
    """The script for this customer and purpose, fields filled in. Without a purpose: the one of the
    care follow-up due by today (SCRIPT_FOR_FOLLOW_UP), else one chosen from the triggers.

    None when no script fits, and for a customer who may not be marketed to (followups.marketing_block: erased, whose
    name is a placeholder, on do-not-call, or without consent); an unknown customer or purpose is a WorkbenchError.
    A roll-over for a customer with nothing left to mature (fitting_purposes) gives the wake-up script instead.
    caller_id is the staff member who makes the call (default: the customer's manager): {manager} is
    how they introduce themselves (caller_introduction). block is followups.marketing_block's answer when the caller
    has read it already (the card, which needs it too), so that it is asked once; by default it is asked here.
    A campaign notice due as a message is no call's purpose: it is given as RenderedScript.notice, beside the script.
    """
    from workbench.followups import marketing_block
    from workbench.settings import load_settings

    lang = lang or get_language()
    if purpose is not None and purpose not in PURPOSES:
        raise WorkbenchError(_("Unknown script purpose {purpose!r}; use one of {purposes}.").format(
            purpose=purpose, purposes=join_list(PURPOSES)))
    row = conn.execute(
        "SELECT c.name, c.gender, c.segment, c.segments, c.triggers, c.tier, c.aum_fen,"
        " c.last_activity_on, c.branch_id, m.staff_id, m.name, k.staff_id, k.name,"
        " coalesce(nullif(trim(b.name), ''), nullif(trim(mb.name), ''), nullif(trim(kb.name), ''))"
        " FROM customers c LEFT JOIN branches b ON b.branch_id = c.branch_id"
        " LEFT JOIN staff m ON m.staff_id = c.manager_id LEFT JOIN staff k ON k.staff_id = ?"
        " LEFT JOIN branches mb ON mb.branch_id = m.branch_id LEFT JOIN branches kb ON kb.branch_id = k.branch_id"
        " WHERE c.customer_id = ?",
        (caller_id, customer_id),
    ).fetchone()
    if row is None:
        raise WorkbenchError(_("Unknown customer {customer_id!r}.").format(customer_id=customer_id))
    (name, gender, segment, segments_text, triggers, tier, aum_fen,
     last_activity_on, branch_id, manager_id, manager_name, caller_id, caller_name, branch_name) = row
    if (marketing_block(conn, customer_id) if block is ASK else block) is not None:
        return None
    if caller_id is None:   # no caller named (or not on staff): the customer's manager calls
        caller_id, caller_name = manager_id, manager_name
    colleague = manager_id is not None and caller_id != manager_id
    caller_name, manager_name = known_name(caller_id, caller_name), known_name(manager_id, manager_name)
    # The one whose name the introduction would hold and cannot: the caller, else the manager they stand in for.
    unnamed = caller_id if caller_id and not caller_name else (manager_id if colleague and not manager_name else None)
    segments = [s for s in [segment, *(segments_text or "").split(",")] if s]
    segments = list(dict.fromkeys(s.strip() for s in segments))
    settings = load_settings(conn, branch_id)
    about = _about(conn, customer_id, today, settings)
    fitting = about.fitting()
    if purpose is None:   # the follow-up due, if its script still fits (a birthday greeting booked, the birthday past)
        purpose = about.due if about.due in fitting else choose_purpose(
            triggers, segments, warm=about.lead.warm(settings), fitting=fitting, days_left=about.days_left(today))
    elif purpose not in fitting:   # a roll-over call about nothing that matures would read wrong
        purpose = "wake_up"
    script = pick_script(conn, purpose, segments, lang, about.campaign.campaign_id if about.campaign else None) or (
        pick_script(conn, "wake_up", segments, lang) if purpose != "wake_up" else None
    )
    if script is None:
        return None
    out_lang = script.lang
    lines = list(settings["tiers.lines_fen"])
    if tier is None:
        tier = sum(1 for line in lines if (aum_fen or 0) >= line)
    dormant_days = (today - date.fromisoformat(last_activity_on[:10])).days if last_activity_on else None
    said_on, said_to = interest_contact(conn, customer_id, about.lead, caller_id)   # who heard the lead's interest
    # The days a call offers to meet, or to call again: the next two working days (no weekend, no public holiday).
    next_workday, second_workday = festivals.working_days(today + timedelta(days=1), 2)
    # Every field is a value or '': the script's optional phrases and required fields decide (fill_script,
    # missing_fields).
    values = {
        "name": honorific_name(name, gender, out_lang),
        "manager": caller_introduction(caller_name, manager_name, out_lang, colleague=colleague),
        "branch": branch_name or "",
        "tier": tier_label(tier, lines, out_lang),
        "next_tier": next_tier_label(tier, lines, out_lang),
        "next_workday": day_words(next_workday, today, out_lang),
        "second_workday": day_words(second_workday, today, out_lang),
        # Read out only when the days make the customer dormant on the product line (dormancy.product_days, the
        # rule the scores use): '您已经有2天没有在我们这里办理业务了' is no reason to call; the phrase goes.
        "dormant_days": str(dormant_days) if dormant_days is not None
        and dormant_days >= int(settings["dormancy.product_days"]) else "",
        "product": _product_label(about.product, out_lang),
        "maturity_date": format_date(about.maturity, out_lang, today),
        "maturity_visit": maturity_visit(about.maturity, today, out_lang),
        "festival": festivals.names(about.occasion.keys, out_lang) if about.occasion else "",
        "campaign": about.campaign.title_in(out_lang) if about.campaign else "",
        "campaign_offer": about.campaign.offer_in(out_lang) if about.campaign else "",
        "interest": interest_clause(about.lead, out_lang, today, channel=said_on, colleague=said_to),
        "birthday_wish": birthday_wish(about.to_birthday, out_lang),
        "opened": when_opened(about.opened_days, out_lang),
        "festival_wish": festival_wish(about.occasion, today, out_lang),
    }
    texts = [script.opening, script.offer, script.close, *script.objections.values()]
    if not any("{manager}" in text for text in texts):
        unnamed = None
    missing = tuple(dict.fromkeys(f for text in texts for f in missing_fields(text, values)))
    if missing:   # no gap is read aloud: the card says which fields the script needs instead
        return RenderedScript(script.script_id, script.purpose, out_lang, script.title, "", "", {}, "", values,
                              tuple(fitting), missing, unnamed, about.notice, about.unsuited)
    objections = {code: fill_script(script.objections[code], values)
                  for code in DORMANCY_REASONS if code in script.objections}
    return RenderedScript(
        script.script_id, script.purpose, out_lang, script.title,
        fill_script(script.opening, values), fill_script(script.offer, values), objections,
        fill_script(script.close, values), values,
        tuple(fitting), (), unnamed, about.notice, about.unsuited,
    )


def birthday_wish(to_birthday: int | None, lang: str) -> str:
    """The {birthday_wish} field (BIRTHDAY_WISH): happy birthday today on the day, in advance before it; ''
    when no birthday greeting fits (to_birthday None: _About.to_birthday)."""
    if to_birthday is None or to_birthday < 0:
        return ""
    return gettext(BIRTHDAY_WISH["today" if to_birthday == 0 else "ahead"], lang)


def maturity_visit(maturity: str | None, today: date, lang: str) -> str:
    """The {maturity_visit} field (MATURITY_VISIT): a day or two before the maturity while one of them is a working day
    (festivals.is_working_day); else the last working day before it (a maturity after a weekend or a holiday); else,
    when none is left before it (it matures today or tomorrow), the first two working days from today, today included:
    the money waits in the current account by then. '' with no maturity in the roll-over window."""
    if maturity is None:
        return ""
    day = date.fromisoformat(maturity[:10])
    left = (day - today).days
    if left >= 2:
        if any(festivals.is_working_day(day - timedelta(days=n)) for n in (1, 2)):
            return gettext(MATURITY_VISIT["before"], lang)
        before = [today + timedelta(days=n) for n in range(left)]
        if worked := [d for d in before if festivals.is_working_day(d)]:
            return day_words(worked[-1], today, lang)
    first, second = festivals.working_days(today, 2)
    return fill_script(gettext(MATURITY_VISIT["either"], lang),
                       {"day": day_words(first, today, lang), "other_day": day_words(second, today, lang)})


def festival_wish(occasion: festivals.Occasion | None, today: date, lang: str) -> str:
    """The {festival_wish} field (FESTIVAL_WISH): today's festivals on their day, else those of the greeting still to
    come; '' when no greeting fits (no occasion, or every festival of it gone by)."""
    if occasion is None:
        return ""
    on_the_day = [key for key, day in zip(occasion.keys, occasion.days) if day == today]
    coming = [key for key, day in zip(occasion.keys, occasion.days) if day > today]
    keys, when = (on_the_day, "today") if on_the_day else (coming, "ahead")
    if not keys:
        return ""
    return fill_script(gettext(FESTIVAL_WISH[when], lang), {"festival": festivals.names(keys, lang)})


def when_opened(days: int | None, lang: str) -> str:
    """The {opened} field (OPENED_WORDS); '' when the opening day is not known. An opening after today (bad data)
    reads as today, as segments.is_new counts it new."""
    if days is None:
        return ""
    days = max(days, 0)
    return pgettext("account opened", next(words for first, words in reversed(OPENED_WORDS) if days >= first), lang)


def interest_clause(lead: leads.Lead, lang: str, today: date | None = None, *, channel: str = "phone",
                    colleague: str | None = None) -> str:
    """The {interest} field, the start of a sentence: what the customer said on their latest reached contact
    (INTEREST_SAID), made on channel, by the caller or (colleague: their name, '' when not known) by a colleague of
    theirs (INTEREST_WHEN); a contact earlier today or yesterday says so: the script goes on to say this call is made
    for it. Else that they have been looking at products (an extract tag), else a plain word."""
    on = lead.intent_on
    said = next((s.code for s in lead.signals if s.kind == "outcome"), None)
    if on is not None:
        day = RelativeDay(gettext("earlier today", lang)) if on == today else format_date(on, lang, today)
        kind = "visit" if channel == "visit" else "message" if channel in MESSAGE_CHANNELS else "call"
        when = fill_script(gettext(INTEREST_WHEN[kind, colleague is not None], lang),
                           {"day": day, "colleague": colleague or ""})
        return fill_script(gettext(INTEREST_SAID.get(said, INTEREST_TALKED), lang), {"when": when})
    if lead.signals:
        return gettext("You have been looking at our products lately", lang)
    return gettext("You showed an interest in our products", lang)


def interest_contact(conn: sqlite3.Connection, customer_id: str, lead: leads.Lead,
                     caller_id: str | None) -> tuple[str, str | None]:
    """The channel of the contact whose outcome the lead's interest is (leads.LATEST_REACHED, on its day), and who
    made it when that is not the caller: their name ('' when not known: known_name), else None; ('phone', None) when
    no contact counts."""
    on = lead.intent_on
    row = on and conn.execute(
        f"SELECT i.channel, i.manager_id, k.name FROM customers c {leads.LATEST_REACHED}"
        " LEFT JOIN staff k ON k.staff_id = i.manager_id WHERE c.customer_id = :customer",
        {"customer": customer_id, "lead_since": on.isoformat(), "lead_until": (on + timedelta(days=1)).isoformat()},
    ).fetchone()
    if not row or row[0] is None:
        return "phone", None
    channel, made_by, name = row
    return channel, (None if made_by == caller_id else known_name(made_by, name))


def _due_care_purpose(conn: sqlite3.Connection, customer_id: str, today: date, unsuited: frozenset[str] = frozenset()
                      ) -> str | None:
    """The script purpose of the customer's latest pending suggested follow-up (a care touch, a warm-lead
    call, a campaign notice) due by today, if any; never a notice of a campaign that has ended, nor one sent as a
    message whose words no call says (the care SMS, MESSAGE_ONLY; _campaign_followups's notice), nor one of
    the campaigns unsuited names (_unsuited_campaigns)."""
    rows = conn.execute(
        f"SELECT purpose FROM followups WHERE customer_id = ? AND due_on <= ?"
        f" AND (purpose IN ({', '.join('?' for _p in SCRIPT_FOR_FOLLOW_UP)}) OR {campaigns.names_campaign('purpose')})"
        f" AND NOT {_MESSAGE_ONLY} AND {campaigns.live_sql('', '?')} ORDER BY due_on DESC, followup_id",
        (customer_id, today.isoformat(), *SCRIPT_FOR_FOLLOW_UP, today.isoformat()),
    )
    purpose = next((p for (p,) in rows if campaigns.campaign_id(p) not in unsuited), None)
    if purpose is None:
        return None
    return CAMPAIGN_PURPOSE if campaigns.campaign_id(purpose) else SCRIPT_FOR_FOLLOW_UP[purpose]


def _unsuited_campaigns(conn: sqlite3.Connection, customer_id: str) -> tuple[dict[str, campaigns.Campaign], str | None]:
    """The campaigns of the customer's pending notices whose product does not suit them (campaigns.Campaign.suits:
    booked before head office gave the product's risk level, or before an extract lowered theirs), by id, and the
    customer's risk level as the extract wrote it. The card offers none of them, and a call tells of none."""
    risk = conn.execute("SELECT risk_level FROM customers WHERE customer_id = ?", (customer_id,)).fetchone()
    level = risk[0] if risk else None
    codes = [campaigns.campaign_id(purpose) for (purpose,) in conn.execute(
        f"SELECT DISTINCT purpose FROM followups WHERE customer_id = ? AND status IN {PENDING_SQL}"
        f" AND {campaigns.names_campaign('purpose')}", (customer_id,))]
    if not codes:   # campaigns.product_risk is read only then (a database before migration 132 has none)
        return {}, level
    # Their products' risk levels in one query; only a campaign that does not suit them is loaded (Campaign.suits).
    read = campaigns.customer_risk(level)
    return {code: campaigns.get(conn, code) for code, risk in conn.execute(
        "SELECT campaign_id, product_risk FROM campaigns WHERE product_risk IS NOT NULL"
        " AND campaign_id IN (SELECT value FROM json_each(?))", (json.dumps(codes),))
        if read is None or read < risk}, level


def _campaign_notices(conn: sqlite3.Connection, customer_id: str, today: date, unsuited: frozenset[str] = frozenset()
                      ) -> tuple[str | None, tuple[str, str] | None, str | None]:
    """The customer's pending campaign follow-ups of campaigns not yet over, read once (after its last day, ends_on, a
    campaign is offered to no one, its notices still pending), by campaign id: the campaign of the one to be said on a
    call (the latest due by today, else the next), and (campaign, channel) of the latest notice due by today as an SMS
    or a WeChat, which the agenda sends, no call made for it. A notice of one of the campaigns unsuited names
    (_unsuited_campaigns) is neither: the third is the campaign of the first of them, which the card warns of."""
    rows = conn.execute(
        f"SELECT purpose, channel, due_on <= :today, {_MESSAGE_NOTICE} FROM followups WHERE customer_id = :customer"
        f" AND {campaigns.names_campaign('purpose')} AND {campaigns.live_sql('', ':today')}"
        f" ORDER BY due_on > :today, CASE WHEN due_on <= :today THEN due_on END DESC, due_on, followup_id",
        {"customer": customer_id, "today": today.isoformat()},
    ).fetchall()
    skipped = next((code for purpose, *_rest in rows if (code := campaigns.campaign_id(purpose)) in unsuited), None)
    rows = [row for row in rows if campaigns.campaign_id(row[0]) not in unsuited]
    said = next((campaigns.campaign_id(purpose) for purpose, _c, _due, message in rows if not message), None)
    sent = next(((campaigns.campaign_id(purpose), channel) for purpose, channel, due, message in rows
                 if message and due), None)
    return said, sent, skipped


def _campaign_followups(conn: sqlite3.Connection, customer_id: str, today: date,
                        unsuited: dict[str, campaigns.Campaign], risk_level: str | None
                        ) -> tuple[campaigns.Campaign | None, Notice | None, Unsuited | None]:
    """_campaign_notices' three, loaded: the campaign to be said on a call, the notice to send (a campaign not
    imported here is named by its code, with no text), and the campaign skipped as unsuited (_unsuited_campaigns)."""
    said, sent, skipped = _campaign_notices(conn, customer_id, today, frozenset(unsuited))
    return (campaigns.get(conn, said) if said else None,
            Notice(sent[1], sent[0], campaigns.get(conn, sent[0])) if sent else None,
            Unsuited(unsuited[skipped], risk_level) if skipped else None)


def _pending_campaign(conn: sqlite3.Connection, customer_id: str, today: date) -> campaigns.Campaign | None:
    """The campaign of the customer's pending campaign follow-up to be said on a call (_campaign_notices'), loaded
    alone: a reached call marks its notice done (outcomes.told_campaign), the one to send is no business of it, nor
    one whose product does not suit the customer (_unsuited_campaigns), which the card did not offer."""
    said = _campaign_notices(conn, customer_id, today, frozenset(_unsuited_campaigns(conn, customer_id)[0]))[0]
    return campaigns.get(conn, said) if said else None


def fitting_purposes(conn: sqlite3.Connection, customer_id: str, today: date) -> list[str]:
    """The purposes a script for this customer can be about today, in PURPOSES order (the card's p key
    goes through these only); the wake-up script fits everyone. The others fit:

    - maturity roll-over: a holding matures from today to maturity_horizon_days ahead, the window the agenda
      suggests a roll-over call in;
    - birthday care: the next birthday within segments.birthday_within_days days (today included);
    - new customer, 90 days: the account opened less than segments.new_customer_days days ago, or on a day after
      today (segments.is_new);
    - tier upgrade: AUM within tiers.near_next_pct percent below the next tier line;
    - keeping a woken customer: woke (followups.WOKEN_CADENCE) 1 to 90 days ago;
    - festival greeting: while a festival is near; campaign notice: while a follow-up for one of head
      office's campaigns is pending on a call (not as an SMS or a WeChat) and the campaign has not ended (its
      ends_on is today or later);
    - following up an interest: a warm lead (leads.threshold), or a warm-lead call due.
    """
    from workbench.settings import load_settings

    branch = conn.execute("SELECT branch_id FROM customers WHERE customer_id = ?", (customer_id,)).fetchone()
    return _about(conn, customer_id, today, load_settings(conn, branch[0] if branch else None)).fitting()


@dataclass(frozen=True)
class _About:
    """What a call to one customer today can be about."""

    product: str | None          # the holding a call is about (_focus_holding)
    maturity: str | None
    occasion: festivals.Occasion | None
    campaign: campaigns.Campaign | None
    lead: leads.Lead
    due: str | None              # the script purpose of a suggested follow-up due (_due_care_purpose)
    to_birthday: int | None = None   # days to the birthday while a greeting fits (0: today), else None
    opened_days: int | None = None   # days since the account was opened, if known
    fits: frozenset[str] = frozenset()   # the purposes whose facts hold today besides those above (_about)
    notice: Notice | None = None          # a campaign notice due as a message (_campaign_followups)
    unsuited: Unsuited | None = None      # a campaign notice skipped: its product does not suit them

    def days_left(self, today: date) -> dict[str, int]:
        """The days from today to the maturity and to the birthday, for those that fit (choose_purpose)."""
        out = {"birthday": self.to_birthday} if self.to_birthday is not None else {}
        if self.maturity is not None:
            out["maturity_rollover"] = (date.fromisoformat(self.maturity[:10]) - today).days
        return out

    def fitting(self) -> list[str]:
        """fitting_purposes."""
        return [p for p in PURPOSES
                if p == "wake_up" or p in self.fits
                or (p == "maturity_rollover" and self.maturity is not None) or (p == "festival" and self.occasion is not None)
                or (p == CAMPAIGN_PURPOSE and self.campaign is not None)]


def _about(conn: sqlite3.Connection, customer_id: str, today: date, settings) -> _About:
    from workbench.followups import WOKEN_CADENCE, maturity_horizon_days, woken_on_sql

    product, maturity = _focus_holding(conn, customer_id, today, maturity_horizon_days(settings))
    unsuited, risk_level = _unsuited_campaigns(conn, customer_id)
    lead = leads.of_customer(conn, customer_id, today, settings)
    due = _due_care_purpose(conn, customer_id, today, frozenset(unsuited))
    row = conn.execute("SELECT birthday, opened_on, aum_fen FROM customers WHERE customer_id = ?", (customer_id,)).fetchone()
    birthday, opened_on, aum_fen = row or (None, None, 0)
    to_birthday = segments.days_to_birthday(segments.month_day(birthday), today)
    opened_days = segments.days_since(opened_on, today)
    woken_for = max(step[2] for step in WOKEN_CADENCE)
    woken = conn.execute(f"SELECT woken_on FROM {woken_on_sql(one_customer=True)}",
                         {"customer": customer_id, "first": (today - timedelta(days=woken_for)).isoformat()}).fetchone()
    woken_days = segments.days_since(woken[0] if woken else None, today)
    birthday_fits = 0 <= to_birthday <= int(settings["segments.birthday_within_days"])   # NaN: unknown, never
    fits = {
        "birthday": birthday_fits,
        "new_customer_90d": segments.is_new(opened_days, settings),
        "tier_upgrade": tiers.near_next(aum_fen or 0, settings["tiers.lines_fen"], settings["tiers.near_next_pct"]),
        "keep_warm": woken_days is not None and 1 <= woken_days <= woken_for,
        leads.LEAD: lead.warm(settings) or due == leads.LEAD,
    }
    campaign, notice, skipped = _campaign_followups(conn, customer_id, today, unsuited, risk_level)
    occasion = _greeting(today, birthday, int(settings["care.festival_elder_age"]))
    return _About(product, maturity, occasion, campaign, lead, due,
                  int(to_birthday) if birthday_fits else None, None if opened_days is None else int(opened_days),
                  frozenset(p for p, fit in fits.items() if fit), notice, skipped)


def _greeting(today: date, birthday: str | None, elder_age: int) -> festivals.Occasion | None:
    """The festival greeting the card offers a customer born on birthday (festivals.next_occasion's, as the agenda
    greets them): of an occasion only the festivals they are greeted for (festivals.greeted: the Double Ninth, 敬老节,
    only when elder_age or older on its first day by their birthday, so never without one), and the next occasion when
    none of those is still to come by today."""
    from workbench.followups import _age_on   # late: followups imports this module; the agenda's own age rule

    window = today + timedelta(days=festivals.NEAR_DAYS)
    for occasion in festivals.occasions(today - timedelta(days=festivals.TOGETHER_DAYS), window):
        keys = festivals.greeted(occasion, _age_on(birthday, occasion.first) >= elder_age)
        days = tuple(day for key, day in zip(occasion.keys, occasion.days) if key in keys)
        if days and days[-1] >= today:
            return festivals.Occasion(tuple(keys), days)
    return None


def _product_label(product: str | None, lang: str) -> str:
    if product is None:
        return "产品" if lang == "zh_CN" else "product"
    return gettext(PRODUCT_TYPES[product], lang) if product in PRODUCT_TYPES else product


def _focus_holding(conn: sqlite3.Connection, customer_id: str, today: date,
                   horizon_days: int) -> tuple[str | None, str | None]:
    """The holding a call is about: the next to mature from today to horizon_days ahead (the roll-over
    window), else the largest; (name or type, maturity, None for the largest)."""
    row = conn.execute(
        "SELECT coalesce(nullif(product_name, ''), product_type), maturity_on FROM holdings"
        " WHERE customer_id = ? AND maturity_on BETWEEN ? AND ? ORDER BY maturity_on LIMIT 1",
        (customer_id, today.isoformat(), (today + timedelta(days=horizon_days)).isoformat()),
    ).fetchone()
    if row is None:
        row = conn.execute(
            "SELECT coalesce(nullif(product_name, ''), product_type), NULL FROM holdings"
            " WHERE customer_id = ? ORDER BY balance_fen DESC LIMIT 1",
            (customer_id,),
        ).fetchone()
    return (row[0], row[1]) if row else (None, None)
