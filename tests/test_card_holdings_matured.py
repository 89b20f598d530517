"""The card's holdings line says a maturity already past as past: "matured 2026-11-19" / 2026-11-19 已到期, never
"matures" of a day gone by (a holding the extract still lists after it matured). A fixed day, 2026-11-20."""

from __future__ import annotations

from datetime import date

import pytest

from workbench.i18n import set_language
from workbench.screens.card_text import holdings_text

TODAY = date(2026, 11, 20)


def holding(maturity: str) -> str:
    return holdings_text([{"product_name": "定期", "balance_fen": 100, "maturity_on": maturity}], TODAY).plain


@pytest.mark.parametrize("lang, past, coming", [
    ("en", "定期  1.00  matured 2026-11-19\n", "matures 2026-11-20 (today)"),
    ("zh_CN", "定期  1.00  2026-11-19 已到期\n", "2026-11-20 到期（今天）"),
])
def test_a_maturity_past_is_said_as_past_and_one_to_come_as_to_come(lang, past, coming):
    set_language(lang)
    try:
        assert holding("2026-11-19") == past
        assert holding("2025-06-30").endswith("matured 2025-06-30\n" if lang == "en" else "2025-06-30 已到期\n")
        assert coming in holding("2026-11-20")
    finally:
        set_language("en")
