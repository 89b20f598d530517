"""One customer at a time: identity, contact details, money, activity, flags and tags."""

from __future__ import annotations

import math
import random
from bisect import bisect
from itertools import accumulate
from typing import NamedTuple

from workbench.sample import org
from workbench.sample.activity import draw_history
from workbench.sample.holdings import YUAN, HoldingsPicker
from workbench.sample.names import NamePicker
from workbench.sample.phones import PhonePicker

COLUMNS = (
    "customer_id", "name", "gender", "birthday", "phone_raw", "phone_e164", "phone_valid", "phone_kind",
    "phone_problem", "phone_ext", "manager_id", "branch_id", "aum_fen", "aum_peak_fen", "opened_on",
    "first_activity_on", "last_activity_on", "last_login_on", "activity_count_12m", "risk_level",
    "do_not_call", "do_not_call_source", "consent", "tags", "active", "updated_at",
)

# Age brackets of a branch's retail customers: (youngest, oldest, weight).
AGE_BRACKETS = ((18, 29, 14), (30, 39, 19), (40, 49, 20), (50, 59, 19), (60, 69, 16), (70, 79, 9), (80, 92, 3))
NEW_CUSTOMER_SHARE = 0.05     # accounts opened within the last 90 days
NEVER_USED_SHARE = 0.01       # opened, never transacted
MEAN_ACCOUNT_YEARS = 5
AUM_MEDIAN_YUAN = 30_000      # long tail: lognormal around 3万 ...
AUM_SIGMA = 1.9               # ... giving every tier from under 5万 to over 600万
AUM_CAP_YUAN = 30_000_000
DO_NOT_CALL_SHARE = 0.02
NO_CONSENT_SHARE = 0.03
INACTIVE_SHARE = 0.003        # missing from the latest full extract
RISK_LEVELS = ("R1", "R2", "R3", "R4", "R5")
RISK_WEIGHTS_YOUNG = (10, 30, 37, 15, 8)
RISK_WEIGHTS_OLD = (35, 42, 18, 4, 1)


class CallCandidate(NamedTuple):
    """What the call simulation needs to know about a customer a manager may phone."""

    customer_id: str
    manager_id: str
    aum_fen: int
    dormant_days: int | None
    last_activity: int | None
    count_12m: int


FIRST_CUSTOMER_NUMBER = 3_100_000_000


class CustomerFactory:
    def __init__(self, rng: random.Random, today: int, iso, first_number: int = FIRST_CUSTOMER_NUMBER):
        self._rng = rng
        self._today = today
        self._iso = iso
        self._names = NamePicker(rng)
        self._phones = PhonePicker(rng)
        self._holdings = HoldingsPicker(rng, today, iso)
        owners = [(s[0], s[3]) for s in org.MANAGERS] + [(None, None)]
        shares = [s[4] * (1 - org.UNASSIGNED_SHARE) / sum(m[4] for m in org.MANAGERS) for s in org.MANAGERS]
        self._owners = owners
        self._owner_cum = list(accumulate(shares + [org.UNASSIGNED_SHARE]))
        self._pool_branches = [b[0] for b in org.BRANCHES if b[3] != "bank"]
        self._age_cum = list(accumulate(w for *_, w in AGE_BRACKETS))
        self._risk_young = list(accumulate(RISK_WEIGHTS_YOUNG))
        self._risk_old = list(accumulate(RISK_WEIGHTS_OLD))
        self._next_id = first_number   # numbers rise by 1-9, so they look issued, not counted
        self._updated_at = iso(today) + "T07:30:00"
        self._today_year = int(iso(today)[:4])

    def make(self) -> tuple[tuple, list[tuple], CallCandidate | None]:
        """(customer row, holdings rows, call candidate or None when rules forbid calling)."""
        rng, today, iso = self._rng, self._today, self._iso
        rand = rng.random
        self._next_id += 1 + int(rand() * 9)
        cid = str(self._next_id)
        manager_id, branch_id = self._owners[bisect(self._owner_cum, rand() * self._owner_cum[-1])]
        if manager_id is None:
            branch_id = self._pool_branches[int(rand() * len(self._pool_branches))]
        gender = "M" if rand() < 0.49 else "F"
        lo, hi, _ = AGE_BRACKETS[bisect(self._age_cum, rand() * self._age_cum[-1])]
        # Uniform over the bracket in days, safely inside the birthdays that make the ages lo..hi.
        age_days = round(lo * 365.25) + 1 + int(rand() * ((hi - lo + 1) * 365.25 - 3))
        age = int(age_days / 365.25)
        birth = today - age_days
        name = self._names.full(gender, self._today_year - age)
        phone_raw, e164, phone_valid, phone_kind, phone_problem, phone_ext = self._phones.draw()

        adult_days = age_days - 18 * 365
        if rand() < NEW_CUSTOMER_SHARE:
            account_days = int(rand() * 90)
        else:
            account_days = min(int(rng.expovariate(1 / (MEAN_ACCOUNT_YEARS * 365))), adult_days, 30 * 365)
        opened = today - account_days
        if rand() < NEVER_USED_SHARE:
            first = last = None
            count = 0
        else:
            first = opened if rand() < 0.7 else opened + int(rand() * min(30, account_days + 1))
            last, count = draw_history(rng, first, today)
        idle = None if last is None else today - last

        aum_yuan = min(rng.lognormvariate(math.log(AUM_MEDIAN_YUAN), AUM_SIGMA), AUM_CAP_YUAN)
        if idle is None or idle > 365:
            aum_yuan *= 0.5
            if rand() < 0.1:
                aum_yuan = rand() * 200   # a forgotten account with loose change in it
        aum = int(aum_yuan * YUAN)
        if rand() < (0.25 if idle is None or idle > 180 else 0.06):
            peak = int(aum * (2 + rand() * 10)) + 10_000 * YUAN
        else:
            peak = int(aum * (1 + rng.expovariate(8)))

        login = None
        uses_app = rand() < (0.92 if age < 40 else 0.78 if age < 60 else 0.4)
        if uses_app and last is not None:
            if idle <= 90 or rand() < 0.15:
                login = today - int(rand() * 21)     # active, or browsing while asleep
            else:
                login = min(today - 1, last + int(rand() * 60))
            login = max(login, opened)

        risk_cum = self._risk_old if age >= 60 else self._risk_young
        risk = RISK_LEVELS[bisect(risk_cum, rand() * risk_cum[-1])] if rand() > 0.02 else None
        do_not_call = 1 if rand() < DO_NOT_CALL_SHARE else 0
        consent = 0 if rand() < NO_CONSENT_SHARE else 1
        active = 0 if rand() < INACTIVE_SHARE else 1
        wealth_minded = rand() < (0.2 if age >= 60 else 0.4)
        holdings = self._holdings.draw(cid, aum, age, opened, wealth_minded)
        tags = self._tags(age, login is not None, holdings)

        row = (cid, name, gender, iso(birth), phone_raw, e164, phone_valid, phone_kind, phone_problem, phone_ext,
               manager_id, branch_id, aum, peak, iso(opened), iso(first) if first is not None else None,
               iso(last) if last is not None else None, iso(login) if login is not None else None, count,
               risk, do_not_call, "extract" if do_not_call else None, consent, ",".join(tags), active, self._updated_at)
        candidate = None
        if manager_id is not None and phone_valid and not do_not_call and consent and active:
            candidate = CallCandidate(cid, manager_id, aum, idle, last, count)
        return row, holdings, candidate

    def _tags(self, age: int, uses_app: bool, holdings: list[tuple]) -> list[str]:
        rng = self._rng
        rand = rng.random
        kinds = {h[1] for h in holdings}
        tags = []
        if age >= 60:
            tags.append("老年客户")
        if 22 <= age < 60 and rand() < 0.25:
            tags.append("代发工资")
        if kinds & {"wealth", "fund"}:
            tags.append("理财偏好")
        if uses_app:
            if rand() < (0.3 if "fund" in kinds else 0.08):
                tags.append("基金浏览")
            if rand() < 0.05:
                tags.append("保险浏览")
            if rand() < (0.4 if "gold" in kinds else 0.04):
                tags.append("贵金属浏览")
        if rand() < 0.3:
            tags.append("信用卡")
        if 28 <= age < 58 and rand() < 0.1:
            tags.append("房贷客户")
        if age >= 50 and rand() < 0.15:
            tags.append("社保卡")
        return tags
