"""Display labels for the codes the app shows (segments and triggers from workbench.segments), short dates, money."""

from __future__ import annotations

from datetime import date, datetime

from rich.cells import cell_len
from rich.text import Text

from workbench import segments, tiers
from workbench.access import known_name
from workbench.dates import short_date
from workbench.i18n import get_language, gettext as _
from workbench.settings import DEFAULTS

SEGMENTS = segments.LABELS
TRIGGERS = segments.TRIGGERS     # trigger code -> the segment it stands for
DEFAULT_TIER_LINES = tuple(DEFAULTS["tiers.lines_fen"])
HALF_YEAR = 183   # days either side of today within which a month and day alone cannot be misread


def segment_label(code: str | None) -> str:
    return segments.label(code)


def trigger_label(code: str) -> str:
    return segments.label(TRIGGERS.get(code, code))


def tier_label(tier: int | None, lines=DEFAULT_TIER_LINES, *, short: bool = False) -> str:
    """A tier named by the tier lines in force ('50万'); tier 0 is 'below 5万', or '<5万' in a table's narrow
    cell (short), which says the same as the reasons and the CLI in as few cells as the other tiers take."""
    if tier is None:
        return ""
    if tier <= 0 and short:
        return "<" + tiers.amount_label(tiers.check_lines(lines)[0])
    return tiers.tier_name(tier, lines)


def tier_cells(lines=DEFAULT_TIER_LINES) -> int:
    """Cells the widest tier name takes in a table's cell under these lines ('1000万' takes 6)."""
    return max(cell_len(tier_label(tier, lines, short=True)) for tier in range(len(lines) + 1))


def glance_date(value: str | date | datetime | None, today: date) -> str:
    """At most five cells for a narrow column: '11-18' for a day this year or within half a year either
    side (on 01-05, '12-18' is the December just gone), else the year alone ('2025')."""
    text = short_date(value, today)
    if len(text) <= 5:
        return text
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return text[:4]
    return text[5:] if abs((day - today).days) <= HALF_YEAR else text[:4]


def large_amount(fen: int) -> str:
    """A sum as the workbench names tiers and AUM at a glance (50万): 1.11亿, 611.2万, 5万; under 1万 in whole yuan
    (8,765). In English, which writes no 万: 111 million, 6.11 million, 1.23 billion (three figures, as 1.11亿), under
    a million in whole yuan (50,000). Rounded: it sizes, the card gives a customer's balance to the fen."""
    yuan = round(fen / 100)
    if get_language() != "zh_CN":
        for size, word in ((1_000_000_000, "billion"), (1_000_000, "million")):
            count = yuan / size
            shown = f"{count:,.{2 if count < 10 else 1 if count < 100 else 0}f}"
            if float(shown.replace(",", "")) >= 1:   # 999,999,999 is 1 billion, not 1,000 million
                return (shown.rstrip("0").rstrip(".") if "." in shown else shown) + " " + word
        return f"{yuan:,}"
    wan = round(yuan / 10_000, 1)
    if wan >= 10_000:   # 9,999.96万 is 1亿
        return f"{yuan / 100_000_000:,.2f}".rstrip("0").rstrip(".") + "亿"
    if yuan >= 10_000:
        return f"{wan:,.1f}".rstrip("0").rstrip(".") + "万"
    return f"{yuan:,}"


def money(fen: int | None) -> str:
    """Fen as yuan with separators: 1,234,567.89."""
    if fen is None:
        return ""
    return f"{fen / 100:,.2f}"


def staff_label(name: str | None, staff_id: str, *, style: str = "bold", aside: str = "  {text}",
                marker: str | None = None) -> Text:
    """'王丽娟  M001' (aside places the id); a manager imported without a name is 'M009  (no name)' (marker),
    not the id twice. Names are data: plain text, never markup."""
    if known_name(staff_id, name):
        return Text.assemble((name, style), aside.format(text=staff_id))
    marker = marker if marker is not None else "  " + _("({text})").format(text=_("no name"))
    return Text.assemble((staff_id, style), (marker, "italic"))
