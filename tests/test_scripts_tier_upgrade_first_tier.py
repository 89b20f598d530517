"""The tier-upgrade call names the tier the customer is short of: a customer below the first line is no VIP yet, and
was told she could be upgraded to "a higher VIP tier" (升级到更高一级的贵宾客户, "the next tier"). Read for customers of
the committed sample, in both languages."""

from datetime import date

import pytest

from committed_sample import callable_customers, open_copy

from workbench.scripts import fitting_purposes, render_script

TODAY = date(2027, 2, 5)
WAN = 10_000 * 100   # 1万 in fen; the default lines are 5万, 50万, 300万 and 600万


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return open_copy(tmp_path_factory.mktemp("tier-upgrade"))


def offers(sample, low: int, high: int) -> tuple[str, str]:
    """The tier-upgrade offer, in Chinese and in English, to the first of M001's customers holding low to high."""
    customer = callable_customers(sample, "aum_fen BETWEEN ? AND ?", low, high)[0]
    assert "tier_upgrade" in fitting_purposes(sample, customer, TODAY)
    return tuple(render_script(sample, customer, "tier_upgrade", today=TODAY, lang=lang).offer for lang in ("zh_CN", "en"))


def test_below_the_first_line(sample):
    zh, en = offers(sample, 45 * WAN // 10, 5 * WAN - 1)   # 4.5万 to 5万: below the first line, within 10% of it
    assert zh.startswith("您目前是我们的客户，资产再增加一点就能成为5万级贵宾客户，") and "更高一级" not in zh
    assert en.startswith("You are a valued customer today and only a little short of the 50k tier, which brings")


def test_in_a_tier_the_next_is_named(sample):
    zh, en = offers(sample, 45 * WAN, 50 * WAN - 1)
    assert zh.startswith("您目前是我们的5万级贵宾客户，资产再增加一点就能成为50万级贵宾客户，")
    assert en.startswith("You are a 50k tier customer today and only a little short of the 500k tier, which brings")
