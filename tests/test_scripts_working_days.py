"""The days a call offers to meet or to call again follow the day of the call: the next two working days (no weekend,
no public holiday), not 周四上午或者周五下午 / "Thursday morning or Friday afternoon" whatever the day, nor 我明天下午再给您
打个电话 / "tomorrow afternoon" on the eve of the Spring Festival. Read for customers of the committed sample, in both
languages."""

from datetime import date, datetime

import pytest

from committed_sample import callable_customers, open_copy

from workbench import festivals, followups
from workbench.scripts import fitting_purposes, render_script

WAN = 10_000 * 100   # 1万 in fen


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return open_copy(tmp_path_factory.mktemp("working-days"))


@pytest.fixture(scope="module")
def customers(sample):
    """A customer of M001 for each script read here, by its id. The warm lead's interest fits the warm-lead call on
    2026-11-19; a warm-lead follow-up booked for the next day, left open, keeps it fitting on every day after."""
    warm = callable_customers(sample, "EXISTS (SELECT 1 FROM outcomes o WHERE o.customer_id = c.customer_id"
                                      " AND o.business_outcome IN ('interested', 'appointment'))")
    lead = next(c for c in warm if "warm_lead" in fitting_purposes(sample, c, date(2026, 11, 19)))
    followups.schedule(sample, customer_id=lead, owner_id="M001", due_on=date(2026, 11, 20), purpose="warm_lead",
                       at=datetime(2026, 11, 20, 9, 0))
    return {
        "zh-wake-up": callable_customers(sample, "segment = 'active'")[0],
        "zh-wake-up-high-value": callable_customers(sample, "segment = 'high_value_dormant'")[0],
        "zh-tier-upgrade": callable_customers(sample, "aum_fen BETWEEN ? AND ?", 45 * WAN, 50 * WAN - 1)[0],
        "zh-warm-lead": lead,
    }


PURPOSES = {"zh-wake-up": "wake_up", "zh-wake-up-high-value": "wake_up", "zh-tier-upgrade": "tier_upgrade",
            "zh-warm-lead": "warm_lead"}


def closes(sample, customers, day: date, lang: str) -> dict[str, str]:
    out = {}
    for script_id, customer in customers.items():
        r = render_script(sample, customer, PURPOSES[script_id], today=day, lang=lang)
        assert r.script_id == script_id.replace("zh-", "zh-" if lang == "zh_CN" else "en-")
        out[script_id] = r.close
    return out


DAYS = [
    # 除夕, a Friday: the weekend is the Spring Festival, and the holiday runs to 初三, Monday 8 February.
    (date(2027, 2, 5), "下周二", "下周三", "Tuesday", "Wednesday"),
    (date(2026, 11, 23), "明天", "后天", "tomorrow", "Wednesday"),             # a Monday
    (date(2026, 11, 19), "明天", "下周一", "tomorrow", "Monday"),              # a Thursday
    (date(2027, 9, 14), "后天", "周五", "Thursday", "Friday"),                 # the eve of the Mid-Autumn Festival
    (date(2027, 9, 30), "下周一", "下周二", "Monday", "Tuesday"),              # National Day's eve: 1 to 3 October
]


@pytest.mark.parametrize("day, first, second, en_first, en_second", DAYS, ids=[str(case[0]) for case in DAYS])
def test_the_days_offered_are_the_next_two_working_days(sample, customers, day, first, second, en_first, en_second):
    zh = closes(sample, customers, day, "zh_CN")
    assert f"您看{first}上午还是{second}下午方便来网点坐坐？" in zh["zh-wake-up"]
    assert zh["zh-wake-up-high-value"].startswith(f"我{first}和{second}下午都在网点，")
    assert f"我{first}下午再给您打个电话确认" in zh["zh-tier-upgrade"] and "这周" not in zh["zh-tier-upgrade"]
    assert f"？{first}上午或者{second}下午我都在，" in zh["zh-warm-lead"]
    assert not any("这周" in text for text in zh.values())
    en = closes(sample, customers, day, "en")
    on_first = en_first if en_first == "tomorrow" else f"on {en_first}"
    assert f"Would {en_first} morning or {en_second} afternoon suit you" in en["zh-wake-up"]
    assert en["zh-wake-up-high-value"].startswith(f"I am at the branch {on_first} afternoon and on {en_second} afternoon;")
    assert f"I will call you {on_first} afternoon to confirm." in en["zh-tier-upgrade"]
    assert f"I am there {on_first} morning and on {en_second} afternoon," in en["zh-warm-lead"]


def test_a_working_day_is_a_weekday_that_is_no_public_holiday():
    # The Spring Festival 2027 from its eve to 初三, 清明, Labour Day, the Mid-Autumn Festival, National Day to the 3rd.
    assert [d.isoformat() for d in festivals.working_days(date(2027, 2, 4), 2)] == ["2027-02-04", "2027-02-09"]
    for holiday in ("2027-02-05", "2027-02-08", "2027-04-05", "2027-05-01", "2027-09-15", "2027-10-01", "2027-10-03"):
        assert not festivals.is_working_day(date.fromisoformat(holiday)), holiday
    # The Lantern Festival and the Double Ninth are greeted, but worked.
    assert festivals.is_working_day(date(2027, 2, 19)) and festivals.is_working_day(date(2027, 10, 8))
    assert festivals.is_working_day(date(2027, 10, 4)) and not festivals.is_working_day(date(2027, 10, 9))
