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
    assert tiers.tier_name(2, LINES) == "50万"
    assert tiers.tier_name(4, LINES) == "600万"
    assert tiers.tier_name(0, LINES, "en") == "below 5万"
    assert tiers.tier_name(0, LINES, "zh_CN") == "5万以下"


def test_configured_lines_must_ascend():
    with pytest.raises(WorkbenchError, match="ascending"):
        tiers.tier_of(1, [50 * WAN, 5 * WAN])
    assert tiers.tier_of(20 * WAN, [10 * WAN, 100 * WAN]) == 1
