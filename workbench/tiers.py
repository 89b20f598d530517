"""Value tiers by AUM: which tier a customer is in, the gap to the next line, downgrades.

Tier 0 is below the first line, tier 1 is at or above the first line (5万 by default) and so on;
the lines come from settings["tiers.lines_fen"] in fen, ascending. A tier is named by its line: 50万 in
Chinese, 500k in English (no 万 in an English amount). Every function takes a scalar
(and returns plain Python numbers) or a numpy array (and returns arrays), so the scoring engine
and a single customer's profile share one definition.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from workbench.errors import WorkbenchError
from workbench.i18n import get_language, gettext

WAN_FEN = 10_000 * 100  # 1万 CNY in fen


@lru_cache(maxsize=64)
def _checked(lines: tuple) -> tuple[int, ...]:
    if not lines or any(not isinstance(v, int) or v <= 0 for v in lines) or any(
            b <= a for a, b in zip(lines, lines[1:])):
        raise WorkbenchError(gettext("tiers.lines_fen must be positive amounts in fen in ascending order, not {lines!r}.").format(
            lines=list(lines)))
    return lines


def check_lines(lines: Sequence[int]) -> tuple[int, ...]:
    """The tier lines as a tuple; they must be positive whole fen, strictly ascending."""
    return _checked(tuple(lines))


def tier_of(aum_fen, lines: Sequence[int]):
    """How many tier lines the AUM reaches: 0 below the first, len(lines) at or above the top one."""
    checked = check_lines(lines)
    if np.ndim(aum_fen) == 0:
        return bisect_right(checked, int(aum_fen))
    return np.searchsorted(np.asarray(checked, dtype=np.int64), np.asarray(aum_fen, dtype=np.int64), side="right")


def next_line(tier, lines: Sequence[int]):
    """The AUM line of the tier above (fen); 0 for customers already in the top tier."""
    checked = check_lines(lines)
    if np.ndim(tier) == 0:
        return checked[tier] if tier < len(checked) else 0
    arr = np.append(np.asarray(checked, dtype=np.int64), 0)
    return arr[np.minimum(np.asarray(tier, dtype=np.int64), arr.size - 1)]


def gap_to_next(aum_fen, lines: Sequence[int]):
    """Fen still missing to reach the next tier line; 0 in the top tier."""
    if np.ndim(aum_fen) == 0:
        target = next_line(tier_of(aum_fen, lines), lines)
        return target - int(aum_fen) if target else 0
    aum = np.asarray(aum_fen, dtype=np.int64)
    target = np.asarray(next_line(tier_of(aum, lines), lines), dtype=np.int64)
    return np.where(target > 0, target - aum, 0)


def near_next(aum_fen, lines: Sequence[int], near_pct: float):
    """True where the AUM lies within near_pct percent below the next tier line."""
    if not 0 <= float(near_pct) < 100:
        raise WorkbenchError(gettext("tiers.near_next_pct must be between 0 and 100, not {pct!r}.").format(pct=near_pct))
    aum = np.asarray(aum_fen, dtype=np.int64)
    target = np.asarray(next_line(tier_of(aum, lines), lines), dtype=np.float64)
    near = (target > 0) & (aum >= target * (1.0 - float(near_pct) / 100.0))
    return bool(near) if np.ndim(aum_fen) == 0 else near


def peak_tier_of(aum_fen, aum_peak_fen, lines: Sequence[int]):
    """The tier of the customer's peak AUM (never below the current tier; a missing peak is the current AUM)."""
    aum = np.asarray(aum_fen, dtype=np.float64)
    peak = np.asarray(aum_peak_fen, dtype=np.float64)
    peak = np.where(np.isnan(peak), aum, np.fmax(peak, aum)).astype(np.int64)
    return tier_of(int(peak) if np.ndim(peak) == 0 else peak, lines)


def is_downgraded(tier, peak_tier):
    """A downgrade: the customer once reached a tier above the present one."""
    result = np.asarray(peak_tier) > np.asarray(tier)
    return bool(result) if np.ndim(result) == 0 else result


def amount_label(fen: int, lang: str | None = None) -> str:
    """A tier line in the bank's own words: 5万, 50万, 300万, 12.5万 in Chinese; in English in thousands and
    millions, 50k, 500k, 3M, 12.5k; a line not a whole thousand yuan (or under 1万) in yuan, 8,765."""
    yuan, fen_left = divmod(fen, 100)
    if (lang or get_language()) == "zh_CN":
        if fen >= WAN_FEN and fen % (WAN_FEN // 10) == 0:
            return _one_decimal(yuan / 10_000, "") + "万"
    elif not fen_left:
        for size, unit in ((1_000_000, "M"), (1_000, "k")):
            if yuan >= size and yuan * 10 % size == 0:   # at most one decimal, as 12.5万
                return _one_decimal(yuan / size, ",") + unit
    return f"{yuan:,}"


def _one_decimal(number: float, grouping: str) -> str:
    """12.5, 300, 1,234,560: at most one decimal, never an exponent."""
    return f"{number:{grouping}.1f}".rstrip("0").rstrip(".")


def line_of_name(text: str, lines: Sequence[int]) -> int | None:
    """The tier a line's name names (500k or 50万, in either language), or None."""
    text = text.strip()
    return next((n + 1 for n, line in enumerate(check_lines(lines)) for lang in ("en", "zh_CN")
                 if amount_label(line, lang) == text), None)


def tier_name(tier: int, lines: Sequence[int], lang: str | None = None) -> str:
    """The tier's name: '50万' / '500k' (the line it reached), or 'below 5万' / 'below 50k' for tier 0."""
    return _tier_name(int(tier), check_lines(lines), lang or get_language())


@lru_cache(maxsize=256)
def _tier_name(tier: int, lines: tuple[int, ...], lang: str) -> str:
    if tier <= 0:
        return gettext("below {line}", lang).format(line=amount_label(lines[0], lang))
    return amount_label(lines[min(tier, len(lines)) - 1], lang)


def yuan(fen: int) -> str:
    """Fen as whole yuan with thousands separators, for explanations."""
    return f"{round(fen / 100):,}"
