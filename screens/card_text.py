"""Rich Text for the customer card and agenda: customer data is appended as plain text, never markup."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.text import Text

from workbench import leads
from workbench.codes import DORMANCY_REASONS, MESSAGE_CHANNELS, label, result_label
from workbench.dormancy import line_label
from workbench.followups import NO_USABLE_NUMBER, number_problem_label, purpose_label
from workbench.screens.contrast import HEED, WARNING
from workbench.screens.labels import money, segment_label, tier_label
from workbench.screens.glyphs import mark
from workbench.screens.widgets.columns import cut
from workbench.i18n import N_, get_language, gettext, pgettext
from workbench.screens.localise import _
from workbench.dates import to_the_minute
from workbench.phones import mask_phone
from workbench.text_wrap import WrappedText, in_words, shown_name


# What the card marks: a warning (what keeps a customer from being called, a product that does not suit them) and what to
# heed (a maturity within two weeks, a script not shown, a message that is no call). Marks, not colours: the card's
# panes draw them in the theme's error and warning colours, readable on their ground (contrast.MarksReadable); Rich's
# own red was 1.7-5.3:1 on the title bar (under 4.5 in 18 of the 20 themes), its yellow 2.1-2.7:1 on a light theme's
# screen.
HEED_BOLD = Style(bold=True) + HEED


def field_of(obj, *names, default=None):
    """The first of names found on obj (attribute or key), or in its `customer` row, that is not None."""
    sources = [obj, getattr(obj, "customer", None)]
    for name in names:
        for source in sources:
            if source is None:
                continue
            value = source.get(name) if isinstance(source, dict) else getattr(source, name, None)
            if value is not None:
                return value
    return default


def title_line(heading: str, name: str, *rest: str) -> Text:
    """'Heading · 李娜 · 2026-11-20': the person's name is data, appended as plain text."""
    text = Text(heading + " · ")
    text.append(name)
    for part in rest:
        text.append(f" · {part}")
    return text


# What keeps a customer from being marketed to at all, as the call list's search names it (calllist.NOT_SHOWN_LABELS),
# the card's title says in its place, and why the card shows no script.
BLOCK_TITLES = {"do_not_call": N_("Do not call: no marketing, visits only"),
                "no_consent": N_("No marketing consent: visits only")}
BLOCK_SCRIPTS = {
    "erased": N_("No script: this customer's personal data was erased, and no contact with them can be logged."),
    "do_not_call": N_("No script: the customer asked not to be marketed to. A visit, or a contact the customer"
                      " starts, can still be logged."),
    "no_consent": N_("No script: the customer has not consented to marketing. A visit, or a contact the customer"
                     " starts, can still be logged."),
}


def card_title(name: str, customer_id: str, phone: str | None, customer: dict | None, width: int | None = None, *,
               block: str | None = None) -> Text:
    """'李娜  3100000002  138 1234 5678': the name is data, as plain text; a number marked unusable (by a call's
    line result or by the import) is struck through and followed by why, in the interface language; for a
    customer who may not be marketed to (block: followups.marketing_block's), the number masked as the list shows
    it, followed by the block. At width cells a long name is cut with an ellipsis so the customer number and the
    number to dial always fit: the card is the only place the full number shows."""
    customer = customer or {}
    said = BLOCK_TITLES.get(block)
    unusable = customer.get("phone_valid") == 0
    title = Text()
    title.append(f"  {customer_id}  ")
    if said:   # their full number is not read (fetch_card): the list's mask, then why they are not called
        masked = mask_phone(customer.get("phone_e164"))
        title.append(masked, style="dim strike" if unusable else "dim")
        title.append(("  " if masked else "") + _(said), style=WARNING)
    elif unusable:
        problem = number_problem_label(customer.get("phone_problem") or NO_USABLE_NUMBER)
        title.append(phone or "", style="dim strike")
        title.append(("  " if phone else "") + _("Number unusable ({problem})").format(problem=problem), style=WARNING)
    else:
        title.append(phone or _("no phone"), style="bold")
    shown = Text()
    name = shown_name(name)
    shown.append(name if width is None else cut(name, max(width - title.cell_len, 1)), style="bold")
    return shown.append_text(title)


def _row(text: Text, key: str, value: object) -> None:
    if value in (None, ""):
        return
    text.append(key + _(": "), style="bold")
    text.append(shown_name(str(value)))   # tags, risk level, a lead's signs: the extract's text, drawn safely
    text.append("\n")


def profile_text(profile, today: date, block: str | None = None) -> Text:
    """The profile's facts; block: what forbids marketing to the customer (followups.marketing_block), or None."""
    text = Text()
    segments = getattr(profile, "segments", None) or field_of(profile, "segments", default="")
    if isinstance(segments, str):
        segments = [s for s in segments.split(",") if s]
    if segments and isinstance(segments[0], (tuple, list)):   # (code, label, why) from the engine (segments.described)
        for _code, name, why in segments:
            if why.casefold().startswith(name.casefold()):   # 'Downgraded from 6M to 500k', the label not said twice
                text.append(name, style="bold").append(why[len(name):] + "\n")
                continue
            text.append(f"{name}", style="bold")
            if why:
                text.append(_(": ") + why)
            text.append("\n")
    else:
        _row(text, _("Segment"), pgettext("list", ", ").join(segment_label(s) for s in segments) or segment_label(field_of(profile, "segment")))
    lead: leads.Lead | None = field_of(profile, "lead")
    # 'Warm lead (50 points): interested on 2026-11-18 (+50)', as Lead.summary says it; not for a customer who may not
    # be marketed to, whom it would invite a pitch to (the title says the block instead).
    if lead is not None and block is None:
        _row(text, *lead.summary_parts())
    _row(text, _("Tier"), field_of(profile, "tier_name") or tier_label(field_of(profile, "tier")))
    _row(text, _("AUM (yuan)"), money(field_of(profile, "aum_fen")))
    gap = field_of(profile, "gap_to_next_fen", "gap_to_next_tier_fen")
    if gap:
        _row(text, _("Gap to next tier (yuan)"), money(gap))
    if _dormant(segments, field_of(profile, "segment")):   # a new or an active customer has no 沉睡天数 (their last
        _row(text, _("Dormant days"), field_of(profile, "dormant_days"))   # activity's day is below)
    lines = getattr(profile, "dormant_lines", None) or field_of(profile, "dormant_lines", default="")
    if isinstance(lines, (list, tuple)):
        lines = ",".join(lines)
    _row(text, _("Dormant lines"), pgettext("list", ", ").join(line_label(line.strip()) for line in lines.split(",") if line.strip()))
    _row(text, _("Manager"), field_of(profile, "manager_name"))
    _row(text, _("Branch"), field_of(profile, "branch_name"))
    _row(text, _("Birthday"), field_of(profile, "birthday"))
    _row(text, _("Customer since"), field_of(profile, "opened_on"))
    _row(text, _("Last activity"), field_of(profile, "last_activity_on"))
    _row(text, _("Risk level"), field_of(profile, "risk_level"))
    _row(text, _("Tags"), field_of(profile, "tags"))
    return text


# The segments of a customer the engine counts dormant (segments.flags: the dormancy score at its line).
DORMANT_SEGMENTS = frozenset({"high_value_dormant", "low_value_dormant"})


def _dormant(segments: list, segment: str | None) -> bool:
    """Whether the card counts the customer dormant: one of their segments (codes, or (code, label, why)) is dormant
    and none says they are new (a customer of a few days, whom the score may already call dormant, is new); when no
    segment is known, yes, as the days alone said before."""
    codes = {s[0] if isinstance(s, (tuple, list)) else s for s in segments} | ({segment} if segment else set())
    return not codes or (bool(codes & DORMANT_SEGMENTS) and "new_customer" not in codes)


def holdings_text(holdings: list, today: date) -> Text:
    text = Text()
    if not holdings:
        return Text(_("none"), style="dim")
    for h in holdings:
        text.append(str(field_of(h, "product_name", "product_type", default="")))
        text.append(f"  {money(field_of(h, 'balance_fen'))}")
        maturity = field_of(h, "maturity_on")
        if maturity:
            days = (date.fromisoformat(str(maturity)[:10]) - today).days
            style = HEED_BOLD if 0 <= days <= 14 else ""
            said = _("matures {date}") if days >= 0 else _("matured {date}")   # one past is said as past
            text.append("  " + said.format(date=str(maturity)[:10]), style=style)
            if days >= 0:
                when = _("today") if days == 0 else _("tomorrow") if days == 1 else _("in {n} days").format(n=days)
                text.append(_(" ({text})").format(text=when), style=style)
        text.append("\n")
    return text


def reasons_title(listed: bool | None, why_not: str | None = None) -> Text:
    """The heading over the card's reasons: why the customer is on the open call list, or (listed False) that they are
    not on it and why, in the words a search on the list says it (calllist.off_list_why), when it names a reason."""
    if listed is not False:
        return Text(_("Why on the list"))
    return Text(_("Not on today's list: {why}").format(why=why_not) if why_not else _("Not on today's list"))


def reasons_text(reasons: list, listed: bool | None = None) -> Text:
    """The reasons behind the customer's priority, one a line; for a customer not on the open list (listed False)
    said to be what ranks them when they are on it, not why they are."""
    if not reasons:
        return Text(_("none"), style="dim")
    text = Text(_("When on the list, ranked by:") + "\n", style="dim") if listed is False else Text()
    for r in reasons:
        text.append("• ")
        text.append(str(field_of(r, "text", "code", default="")))
        points = field_of(r, "points")
        if points is not None and field_of(r, "code") != "follow_up":   # a follow-up due heads the list, by no points
            text.append(" " + _(" ({text})").format(text=f"{points:+.0f}"), style="dim")
        text.append("\n")
    return text


def _made_by(text: Text, by: Mapping[str, str] | None, key: object, style: str = "") -> None:
    """' · 陈志刚' after a line whose contact or booking (key: its id) another staff member than the customer's manager
    made (by: the card's, outcomes.made_by), so a manager tells their own from a colleague's."""
    name = (by or {}).get(str(key))
    if name:
        text.append(" · ", style=style).append(shown_name(name), style=style)   # a staff name is an extract's data


def followups_text(followups: list, by: Mapping[str, str] | None = None) -> Text:
    """The pending follow-ups, earliest first; one booked by another staff member than the customer's manager names
    them (by: follow-up id -> name, outcomes.made_by)."""
    if not followups:
        return Text(_("none"), style="dim")
    text = Text()
    for f in followups:
        text.append(str(field_of(f, "due_on", default="")), style="bold")
        slot = field_of(f, "slot")
        if slot:
            text.append(f" {slot}")
        text.append("  " + label(field_of(f, "channel", default="phone")))
        purpose = field_of(f, "purpose")
        if purpose:
            text.append("  ")
            text.append(purpose_label(str(purpose), title=field_of(f, "campaign_title")))
        _made_by(text, by, field_of(f, "followup_id"))
        text.append("\n")
    return text


def history_text(records: list, by: Mapping[str, str] | None = None) -> Text:
    """The contacts, newest first; one made by another staff member than the customer's manager names them (by: entry
    id -> name, outcomes.made_by)."""
    if not records:
        return Text(_("No contact yet."), style="dim")
    text = Text()
    for r in records:
        superseded = bool(field_of(r, "superseded_by", "superseded", default=False))
        style = "dim strike" if superseded else ""
        text.append(to_the_minute(field_of(r, "at")), style="bold " + style)
        channel = field_of(r, "channel", default="phone")
        text.append("  " + label(channel), style=style)
        text.append("  " + result_label(field_of(r, "line_result"), channel), style=style)   # an SMS is "sent, no reply"
        outcome = field_of(r, "business_outcome")
        if outcome:
            text.append(" · " + label(outcome), style=style)
        reason = field_of(r, "reason")
        if reason:
            text.append(" · " + label(reason), style=style)
        _made_by(text, by, field_of(r, "outcome_id"), style)
        note = field_of(r, "note")
        if note:
            text.append("\n    ")
            text.append(shown_name(str(note)), style=style)   # a note keeps its lines; a bidi override is shown
        text.append("\n")
    return text


def script_heading(script, purpose_key: str = "p") -> tuple[Text, Text]:
    """The script's title, which names it (and so its purpose) once, and the hint saying what the purpose key does
    (p, or the key a bank's keymap gives it): that no other script fits the customer when this is the only one."""
    only = len(getattr(script, "purposes", ()) or ()) == 1
    hint = _("no other script fits") if only else _("{key}: other purpose").format(key=purpose_key)
    return Text(script.title, style="bold underline"), Text(_("({text})").format(text=hint), style="dim")


def unnamed_text(script, supervisor: bool = False) -> Text:
    """Said once, quietly, when the caller's (or the manager's) name is not on record and the script goes
    without it (RenderedScript.unnamed): to a supervisor, the command that records it; to a manager, who may not
    run it, to ask a supervisor. Empty otherwise."""
    staff_id = getattr(script, "unnamed", None)
    if not staff_id:
        return Text()
    said = (_("Staff member {id} has no name on record; `workbench staff set {id} --name NAME` records it.") if supervisor
            else _("Staff member {id} has no name on record; ask a supervisor to record it."))
    return Text(said.format(id=staff_id), style="dim")


def unsuited_text(script) -> Text:
    """The one line saying the card skipped a campaign notice of the customer's whose product does not suit them
    (RenderedScript.unsuited): its product's risk level above theirs, in the interface's language; empty otherwise.
    The campaign's offer is not shown."""
    from workbench.campaigns import customer_risk, risk_name

    unsuited = getattr(script, "unsuited", None)
    if unsuited is None:
        return Text()
    campaign, level = unsuited.campaign, unsuited.risk_level
    if level is None or not level.strip():
        theirs = _("none on record")
    else:
        read = customer_risk(level)
        theirs = shown_name(level.strip()) + ("" if read is None or risk_name(read) == level.strip()
                                             else _(" ({text})").format(text=risk_name(read)))
    return Text(_("Campaign {open}{title}{close} not offered: its product is {risk}, and this customer's risk level is"
                  " {level}. Cancel its notice.").format(open=mark("“"), title=shown_name(campaign.title_in(get_language())),
                                                         close=mark("”"), risk=risk_name(campaign.product_risk),
                                                         level=theirs), style=WARNING)


def missing_text(script) -> Text:
    """Why a script is not shown: the fields it needs that the customer's record lacks (RenderedScript.missing)."""
    from workbench.scripts import FIELD_WORDS

    fields = pgettext("list", ", ").join(_(FIELD_WORDS.get(f, f)) for f in script.missing)
    return Text(_("Not shown: this script needs {fields}, which this customer's record does not have.").format(
        fields=fields), style=HEED_BOLD)


class TitleWithHint:
    """A Rich renderable: the title and the hint on one line when both fit the width drawn at, else the hint whole
    on a line of its own, so it is never cut inside a word (切换场/景）); each broken as Chinese is typeset, or
    between words for an English script (words, as WrappedText's)."""

    def __init__(self, title: Text, hint: Text, words: bool = False) -> None:
        self.title, self.hint, self.words = title, hint, words
        self.plain = Text("  ").join([title, hint]).plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        together = Text("  ").join([self.title, self.hint])
        yield WrappedText(together if together.cell_len <= options.max_width else Text("\n").join([self.title, self.hint]),
                          words=self.words)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, Text("  ").join([self.title, self.hint]))


SCRIPT_PARTS = 5 + len(DORMANCY_REASONS)   # title, opening, offer, objections heading, one per reason, close


def _padded(parts: list) -> list:
    """parts, then empty pieces up to SCRIPT_PARTS: one per widget of the script panel."""
    return parts + [WrappedText(Text()) for _n in range(SCRIPT_PARTS - len(parts))]


# The words of a care touch sent as a message (an SMS or a WeChat the agenda holds: the new-customer and woken-customer
# cadences' SMS, a birthday's or a festival's greeting), filled in as a script is (scripts.fill_script: a phrase in
# square brackets is left out when its field has no value). No call script is read for them: the card shows these.
CARE_MESSAGES = {
    "care_sms": N_("Hello[ {name}], this is your relationship manager[ {manager}][ at {branch}]. Thank you for opening"
                   " your account with us! Is everything working well, mobile banking included? Whenever you have a"
                   " question or need anything, reply to this message or call me."),
    "woken_thanks": N_("Hello[ {name}], this is your relationship manager[ {manager}][ at {branch}]. Thank you for"
                       " banking with us again recently! Whenever you need anything, reply to this message or call me."),
    "birthday": N_("Hello[ {name}], this is your relationship manager[ {manager}][ at {branch}]. Happy birthday!"
                   " Wishing you good health and every happiness."),
    "festival": N_("Hello[ {name}], this is your relationship manager[ {manager}][ at {branch}]. [For {festival}, ]I"
                   " wish you and your family a very happy holiday!"),
}


@dataclass(frozen=True)
class CareMessage:
    """A care touch that goes to the customer as a message (CARE_MESSAGES), sent from the agenda: no call is made
    for it, as for a campaign's notice sent as a message (scripts.Notice)."""

    channel: str   # sms / wechat
    purpose: str   # the care step (followups.CARE_STEPS)
    text: str      # its words, filled in for the customer in the script's language; '' with no script to fill from


def care_message(purpose: str | None, channel: str, script) -> CareMessage | None:
    """The care touch of purpose as a message on channel, its words filled in with the values of the customer's
    script (RenderedScript.fields, in its language); None when it is no message (a call, a visit) or has no words
    of its own."""
    from workbench.scripts import fill_script

    if purpose not in CARE_MESSAGES or channel not in MESSAGE_CHANNELS:
        return None
    text = fill_script(gettext(CARE_MESSAGES[purpose], script.lang), script.fields) if script is not None else ""
    return CareMessage(channel, purpose, text)


def notice_parts(notice, script_key: str | None = None) -> list[WrappedText]:
    """The script panel of a customer whose campaign notice (scripts.Notice) or care touch (CareMessage) is due as a
    message, shown in the script's place (off today's list, or opened from the agenda's row of it): that it is sent
    from the agenda, not said on a call, and its words (a campaign's offer, a care touch's message); no script.
    script_key: the key that shows the call script instead, for a customer on today's list."""
    channel, lang = label(notice.channel), get_language()
    care = isinstance(notice, CareMessage)
    if care:
        step = purpose_label(notice.purpose)
        said = Text(_("{step}, not a call").format(step=step[:1].upper() + step[1:]), style="bold underline")
    else:
        said = Text(_("{channel} notice, not a call").format(channel=channel), style="bold underline")
    if script_key:
        said.append("  " + _("({text})").format(text=_("{key}: call script").format(key=script_key)), style="dim")
    said.append("\n")
    if care:
        said.append(_("It goes to this customer by {channel}, sent from the agenda: there is no call script for it.")
                    .format(channel=channel), style=HEED_BOLD)
    else:
        said.append(_("Head office's campaign {open}{title}{close} goes to this customer by {channel}, sent from the"
                      " agenda: there is no call script for it.").format(title=shown_name(notice.title_in(lang)),
                                                                         channel=channel, open=mark("“"),
                                                                         close=mark("”")),
                    style=HEED_BOLD)
    parts = [WrappedText(said, words=in_words())]
    if care and notice.text:   # filled with the customer's name: plain text
        parts.append(WrappedText(Text(_("The {channel} message").format(channel=channel) + "\n", style="bold")
                                 .append(shown_name(notice.text)), words=in_words()))
    elif not care and (offer := notice.offer_in(lang)):   # the campaign's words, data: plain text
        parts.append(WrappedText(Text(_("The notice") + "\n", style="bold").append(shown_name(offer)),
                                 words=in_words()))
    return _padded(parts)


def notice_refusal(notice) -> str:
    """What the script key says on a card showing a notice (notice_parts) for a customer not on today's list: why there
    is no script to switch to."""
    if isinstance(notice, CareMessage):
        return _("No call script: this customer's {step} goes by {channel}, sent from the agenda, and they are not on"
                 " today's call list.").format(step=purpose_label(notice.purpose), channel=label(notice.channel))
    return _("No call script: this customer's campaign notice goes by {channel}, sent from the agenda, and they are not"
             " on today's call list.").format(channel=label(notice.channel))


def script_parts(script, purpose_key: str = "p", block: str | None = None, *,
                 supervisor: bool = False) -> list[TitleWithHint | WrappedText]:
    """The script in SCRIPT_PARTS pieces, one per widget, so only the pieces in view are drawn; each broken as
    Chinese is typeset (it is read aloud), or between words for an English script, a Chinese name in it (the
    product, the branch) kept whole; the heading's hint going whole to the next line if need be. A customer who
    may not be marketed to (block: followups.marketing_block's) gets no script, but one sentence saying why. A name
    not on record is noted as unnamed_text says it to a supervisor or not."""
    if block is not None or script is None:
        empty = (Text(_(BLOCK_SCRIPTS[block]), style=HEED_BOLD) if block is not None else
                 Text(_("No script for this customer yet: a supervisor adds them with 'workbench scripts import'."), style="dim"))
        return _padded([WrappedText(empty, words=in_words())])
    words = in_words(getattr(script, "lang", None))

    def section(heading: str, body: str, style: str = "bold") -> WrappedText:
        text = Text(heading + "\n", style=style)
        text.append(shown_name(body))   # filled in with the customer's name
        return WrappedText(text, words=words)

    unnamed, unsuited = unnamed_text(script, supervisor), unsuited_text(script)
    if getattr(script, "missing", ()):   # never a gap read aloud: what it needs instead, in the interface's language
        needs = missing_text(script)
        for note in (unnamed, unsuited):
            if note:
                needs.append("\n").append_text(note)
        return _padded([TitleWithHint(*script_heading(script, purpose_key), words=words),
                        WrappedText(needs, words=in_words())])
    opening = section(_("Opening"), script.opening)
    if unnamed:   # beside the sentence the name is missing from
        opening.text.append("\n").append_text(unnamed)
    if unsuited:   # above the script read instead, in the interface's language; the script's words keep their style
        opening = WrappedText(Text().append_text(unsuited).append("\n").append_text(opening.text), words=words)
    # The objections' heading only over answers: a script without any (a campaign's own, say) shows none.
    heading = Text(_("If the customer says{ellipsis}").format(ellipsis=mark("…")), style="bold") if script.objections \
        else Text()
    parts = [TitleWithHint(*script_heading(script, purpose_key), words=words), opening,
             section(_("Offer"), script.offer), WrappedText(heading, words=words)]
    parts += [section("▸ " + label(code), script.objections[code], "italic") if code in script.objections
              else WrappedText(Text()) for code in DORMANCY_REASONS]
    parts.append(section(_("Close"), script.close))
    return parts
