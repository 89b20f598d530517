"""A customer's products: the AUM split over demand deposits, time deposits, wealth, funds and more.

Balances are integer fen and always add up to the customer's AUM exactly; deposits and wealth
products with a term mature at a day spread over their term, so some fall in the coming weeks.
"""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate

YUAN = 100
WAN = 10_000 * YUAN

# (name, term in days) with weights; 大额存单 needs at least 20万.
TIME_DEPOSITS = (("整存整取三个月", 91, 10), ("整存整取六个月", 182, 12), ("整存整取一年", 365, 30),
                 ("整存整取两年", 730, 15), ("整存整取三年", 1095, 25), ("整存整取五年", 1826, 8))
LARGE_DEPOSITS = (("大额存单一年期", 365), ("大额存单三年期", 1095))
WEALTH = (("稳利理财90天", 90), ("季季享理财", 91), ("安心收益180天", 180), ("年年红理财", 365),
          ("天天利现金管理", None))
FUNDS = ("沪深300指数增强A", "稳健添利债券A", "科技创新混合C", "货币市场基金A", "医疗健康股票A", "中短债债券A")
INSURANCE = ("鑫享年金保险", "康宁终身寿险", "如意两全保险")
GOLD = ("积存金", "如意金条")

COLUMNS = ("customer_id", "product_type", "product_name", "balance_fen", "opened_on", "maturity_on")


class HoldingsPicker:
    def __init__(self, rng: random.Random, today: int, iso):
        self._rng = rng
        self._today = today
        self._iso = iso
        self._td_cum = list(accumulate(w for *_, w in TIME_DEPOSITS))

    def draw(self, customer_id: str, aum_fen: int, age_years: int, opened: int,
             wealth_minded: bool) -> list[tuple]:
        rng = self._rng
        rand = rng.random
        kinds = []
        if aum_fen >= 1000 * YUAN:
            if rand() < (0.6 if age_years >= 55 else 0.35):
                kinds.append("time_deposit")
            if aum_fen >= 1 * WAN and rand() < (0.55 if wealth_minded else 0.2):
                kinds.append("wealth")
            if rand() < (0.45 if wealth_minded else 0.1) * (1.3 if age_years < 45 else 0.7):
                kinds.append("fund")
            if aum_fen >= 5 * WAN and rand() < 0.15:
                kinds.append("insurance")
            if rand() < 0.04:
                kinds.append("gold")
        weights = [0.2 + rand() for _ in kinds]
        demand_weight = 0.02 + 0.5 * rand()
        total = demand_weight + sum(weights)
        rows = []
        allotted = 0
        for kind, weight in zip(kinds, weights):
            balance = int(aum_fen * weight / total)
            allotted += balance
            rows.append(self._product(customer_id, kind, balance, opened))
        demand = (customer_id, "demand", "活期储蓄", aum_fen - allotted, self._iso(opened), None)
        return [demand, *rows]

    def _product(self, customer_id: str, kind: str, balance: int, opened: int) -> tuple:
        rng, today = self._rng, self._today
        rand = rng.random
        if kind == "time_deposit":
            if balance >= 20 * WAN and rand() < 0.5:
                name, term = LARGE_DEPOSITS[int(rand() * len(LARGE_DEPOSITS))]
            else:
                name, term, _ = TIME_DEPOSITS[bisect(self._td_cum, rand() * self._td_cum[-1])]
            return self._termed(customer_id, kind, name, term, balance, opened)
        if kind == "wealth":
            name, term = WEALTH[int(rand() * len(WEALTH))]
            if term is not None:
                return self._termed(customer_id, kind, name, term, balance, opened)
        else:
            name = {"fund": FUNDS, "insurance": INSURANCE, "gold": GOLD}[kind]
            name = name[int(rand() * len(name))]
        bought = opened + int(rand() * (today - opened + 1))
        return (customer_id, kind, name, balance, self._iso(bought), None)

    def _termed(self, customer_id, kind, name, term, balance, opened) -> tuple:
        """A product with a term that has not matured yet: its maturity lies within one term of today."""
        rand = self._rng.random
        maturity = self._today + 1 + int(rand() * term)
        start = maturity - term
        if start < opened:
            start, maturity = opened, opened + term
        return (customer_id, kind, name, balance, self._iso(start), self._iso(maturity))
