"""The roll-over call asks the customer to come by on a day that fits the days left: it said the holding matures today
(or tomorrow) and then 您看到期前一两天来网点一趟 / "Could you come by a day or two before maturity?", a day already
past, and sent the customer to the branch on a weekend or a holiday. Read for customers of the committed sample whose
holdings mature on the days named, in both languages."""

from datetime import date

import pytest

from committed_sample import open_copy

from workbench.scripts import render_script


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return open_copy(tmp_path_factory.mktemp("maturity-visit"))


def rollover(sample, customer: str, day: date) -> tuple[str, str, str, str]:
    """The roll-over call's opening and close, in Chinese and in English."""
    zh, en = (render_script(sample, customer, "maturity_rollover", today=day, lang=lang) for lang in ("zh_CN", "en"))
    assert zh.script_id == "zh-maturity-rollover" and en.script_id == "en-maturity-rollover"
    return zh.opening, zh.close, en.opening, en.close


CASES = [
    # 3100011019's 稳利理财90天 matures on Tuesday 2026-11-24.
    ("3100011019", date(2026, 11, 24), "今天", "今天或者明天", "today", "today or tomorrow"),
    ("3100011019", date(2026, 11, 23), "明天", "今天或者明天", "tomorrow", "today or tomorrow"),
    ("3100011019", date(2026, 11, 20), "11月24日", "到期前一两天", "on 24 Nov", "a day or two before maturity"),
    # 3100002930's 整存整取一年 matures on Monday 2026-11-30: the two days before it are a weekend.
    ("3100002930", date(2026, 11, 20), "11月30日", "下周五", "on 30 Nov", "Friday 27 Nov"),
    # 3100002861's 稳利理财90天 matures on New Year's Day 2027, a Friday holiday.
    ("3100002861", date(2026, 12, 28), "2027年1月1日", "到期前一两天", "on 1 Jan 2027", "a day or two before maturity"),
    ("3100002861", date(2026, 12, 31), "明天", "今天或者下周一", "tomorrow", "today or Monday"),
    ("3100002861", date(2027, 1, 1), "今天", "下周一或者下周二", "today", "Monday or Tuesday"),
]


@pytest.mark.parametrize("customer, day, zh_when, zh_visit, en_when, en_visit", CASES,
                         ids=[f"{case[0]}-{case[1]}" for case in CASES])
def test_the_day_to_come_by_fits_the_days_left(sample, customer, day, zh_when, zh_visit, en_when, en_visit):
    zh_opening, zh_close, en_opening, en_close = rollover(sample, customer, day)
    assert zh_opening.endswith(f"将在{zh_when}到期。") and en_opening.endswith(f" matures {en_when}.")
    assert zh_close.startswith(f"您看{zh_visit}来网点一趟，我提前把方案和额度给您预留好？")
    assert en_close.startswith(f"Could you come by {en_visit}? I will have the options and the quota ready.")
