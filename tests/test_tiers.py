"""Value tiers: the tier of an AUM, the gap to the next line, near-next and downgrades."""

import numpy as np
import pytest

from workbench import tiers
from workbench.errors import WorkbenchError
from workbench.settings import DEFAULTS

LINES = DEFAULTS["tiers.lines_fen"]
WAN = 1_000_000


def test_tier_of_scalar_on_and_around_each_line():
    assert tiers.tier_of(0, LINES) == 0
    assert tiers.tier_of(5 * WAN - 1, LINES) == 0
    assert tiers.tier_of(5 * WAN, LINES) == 1
    assert tiers.tier_of(49 * WAN, LINES) == 1
    assert tiers.tier_of(50 * WAN, LINES) == 2
    assert tiers.tier_of(300 * WAN, LINES) == 3
    assert tiers.tier_of(10_000 * WAN, LINES) == 4
    assert isinstance(tiers.tier_of(5 * WAN, LINES), int)


def test_tier_of_vectorised_matches_scalar():
    aum = np.array([0, 5 * WAN, 60 * WAN, 299 * WAN, 600 * WAN])
    assert tiers.tier_of(aum, LINES).tolist() == [tiers.tier_of(int(a), LINES) for a in aum] == [0, 1, 2, 2, 4]


def test_gap_to_next_tier_in_fen_and_zero_at_the_top():
    assert tiers.gap_to_next(48 * WAN, LINES) == 2 * WAN
    assert tiers.gap_to_next(0, LINES) == 5 * WAN
    assert tiers.gap_to_next(700 * WAN, LINES) == 0
    assert tiers.gap_to_next(np.array([1 * WAN, 600 * WAN]), LINES).tolist() == [4 * WAN, 0]


def test_near_next_within_the_percentage_below_the_line():
    # 10% below 50万 is 45万: 45万 counts, 44.99万 does not; at the top there is no next tier.
    assert tiers.near_next(45 * WAN, LINES, 10) is True
    assert tiers.near_next(45 * WAN - 1, LINES, 10) is False
    assert tiers.near_next(50 * WAN, LINES, 10) is False
    assert tiers.near_next(np.array([4_600_000, 700 * WAN]), LINES, 10).tolist() == [True, False]


def test_downgrade_is_a_peak_tier_above_the_current_one():
    peak = tiers.peak_tier_of(np.array([1 * WAN, 60 * WAN, 60 * WAN]), np.array([400 * WAN, np.nan, 10 * WAN]), LINES)
    assert peak.tolist() == [3, 2, 2]  # a missing or lower peak is the current AUM
    assert tiers.is_downgraded(np.array([0, 2, 2]), peak).tolist() == [True, False, False]
    assert tiers.is_downgraded(1, 1) is False


def test_tier_names_in_both_languages():
    """In Chinese the bank's names (50万); in English no 万: thousands and millions (500k, 6M), as the scripts say."""
    assert [tiers.tier_name(n, LINES, "zh_CN") for n in range(5)] == ["5万以下", "5万", "50万", "300万", "600万"]
    assert [tiers.tier_name(n, LINES, "en") for n in range(5)] == ["below 50k", "50k", "500k", "3M", "6M"]
    assert tiers.tier_name(2, LINES) == "500k"   # the language in use


@pytest.mark.parametrize("yuan, zh, en", [
    (125_000, "12.5万", "125k"), (12_500, "12,500", "12.5k"), (10_000_000, "1000万", "10M"),
    (1_500_000, "150万", "1.5M"), (1_234_560_000, "123456万", "1,234,560k"), (8_765, "8,765", "8,765"),
])
def test_a_line_is_named_in_thousands_and_millions_in_english_and_in_wan_in_chinese(yuan, zh, en):
    assert (tiers.amount_label(yuan * 100, "zh_CN"), tiers.amount_label(yuan * 100, "en")) == (zh, en)


def test_a_tier_is_found_by_its_name_in_either_language():
    assert [tiers.line_of_name(name, LINES) for name in ("50万", "500k", " 6M ", "600万", "50,000", "5")] == [
        2, 2, 4, 4, None, None]


def test_configured_lines_must_ascend():
    with pytest.raises(WorkbenchError, match="ascending"):
        tiers.tier_of(1, [50 * WAN, 5 * WAN])
    assert tiers.tier_of(20 * WAN, [10 * WAN, 100 * WAN]) == 1
