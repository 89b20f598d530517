"""Rich Text for the customer card and agenda: customer data is appended as plain text, never markup."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from workbench.codes import DORMANCY_REASONS, label
from workbench.screens.labels import money, segment_label, short_date, tier_label
from workbench.screens.localise import _


def _first(obj, *names, default=None):
    """The first attribute of obj among names that is present and not None."""
    for name in names:
        value = getattr(obj, name, None)
        if value is not None:
            return value
    return default


def _row(text: Text, key: str, value: object) -> None:
    if value in (None, ""):
        return
    text.append(f"{key}: ", style="bold")
    text.append(str(value))
    text.append("\n")


def profile_text(profile, today: date) -> Text:
    text = Text()
    segments = _first(profile, "segments", default="")
    if isinstance(segments, str):
        segments = [s for s in segments.split(",") if s]
    _row(text, _("Segment"), ", ".join(segment_label(s) for s in segments) or segment_label(_first(profile, "segment")))
    tier = _first(profile, "tier")
    _row(text, _("Tier"), tier_label(tier))
    _row(text, _("AUM (yuan)"), money(_first(profile, "aum_fen")))
    gap = _first(profile, "gap_to_next_tier_fen", "next_tier_gap_fen", "tier_gap_fen")
    if gap:
        _row(text, _("Gap to next tier (yuan)"), money(gap))
    _row(text, _("Dormant days"), _first(profile, "dormant_days"))
    lines = _first(profile, "dormant_lines", default="")
    if isinstance(lines, (list, tuple)):
        lines = ", ".join(lines)
    _row(text, _("Dormant lines"), ", ".join(_(line.strip().capitalize()) for line in lines.split(",") if line.strip()))
    _row(text, _("Manager"), _first(profile, "manager_name"))
    _row(text, _("Branch"), _first(profile, "branch_name"))
    _row(text, _("Birthday"), _first(profile, "birthday"))
    _row(text, _("Customer since"), _first(profile, "opened_on"))
    _row(text, _("Last activity"), _first(profile, "last_activity_on"))
    _row(text, _("Risk level"), _first(profile, "risk_level"))
    _row(text, _("Tags"), _first(profile, "tags"))
    return text


def holdings_text(holdings: list, today: date) -> Text:
    text = Text()
    if not holdings:
        return Text(_("none"), style="dim")
    for h in holdings:
        text.append(str(_first(h, "product_name", "product_type", default="")))
        text.append(f"  {money(_first(h, 'balance_fen'))}")
        maturity = _first(h, "maturity_on")
        if maturity:
            days = (date.fromisoformat(str(maturity)[:10]) - today).days
            style = "bold yellow" if 0 <= days <= 14 else ""
            text.append("  " + _("matures {date}").format(date=str(maturity)[:10]), style=style)
            if days >= 0:
                text.append(" (" + _("in {n} days").format(n=days) + ")", style=style)
        text.append("\n")
    return text


def reasons_text(reasons: list) -> Text:
    if not reasons:
        return Text(_("none"), style="dim")
    text = Text()
    for r in reasons:
        text.append("• ")
        text.append(str(_first(r, "text", "code", default="")))
        points = _first(r, "points")
        if points is not None:
            text.append(f"  (+{points:.0f})", style="dim")
        text.append("\n")
    return text


def followups_text(followups: list) -> Text:
    if not followups:
        return Text(_("none"), style="dim")
    text = Text()
    for f in followups:
        text.append(str(_first(f, "due_on", default="")), style="bold")
        slot = _first(f, "slot")
        if slot:
            text.append(f" {slot}")
        text.append("  " + label(_first(f, "channel", default="phone")))
        purpose = _first(f, "purpose")
        if purpose:
            text.append("  ")
            text.append(str(purpose))
        text.append("\n")
    return text


def history_text(records: list) -> Text:
    if not records:
        return Text(_("No contact yet."), style="dim")
    text = Text()
    for r in records:
        superseded = bool(_first(r, "superseded", "is_superseded", default=False))
        style = "dim strike" if superseded else ""
        text.append(str(_first(r, "at", default=""))[:16].replace("T", " "), style="bold " + style)
        text.append("  " + label(_first(r, "channel", default="phone")), style=style)
        text.append("  " + label(_first(r, "line_result")), style=style)
        outcome = _first(r, "business_outcome")
        if outcome:
            text.append(" · " + label(outcome), style=style)
        reason = _first(r, "reason")
        if reason:
            text.append(" · " + label(reason), style=style)
        note = _first(r, "note")
        if note:
            text.append("\n    ")
            text.append(str(note), style=style)
        text.append("\n")
    return text


def script_text(script) -> Text:
    if script is None:
        return Text(_("No script for this customer yet: import one with 'workbench scripts import'."), style="dim")
    from workbench.scripts import PURPOSES

    text = Text()
    text.append(script.title, style="bold underline")
    text.append("  (" + _(PURPOSES[script.purpose]) + " · " + _("p: other purpose") + ")\n", style="dim")
    for heading, body in ((_("Opening"), script.opening), (_("Offer"), script.offer)):
        text.append(f"\n{heading}\n", style="bold")
        text.append(body + "\n")
    text.append("\n" + _("If the customer says…") + "\n", style="bold")
    for code in DORMANCY_REASONS:
        if code in script.objections:
            text.append("▸ " + label(code) + "\n", style="italic")
            text.append(script.objections[code] + "\n")
    text.append("\n" + _("Close") + "\n", style="bold")
    text.append(script.close + "\n")
    return text
