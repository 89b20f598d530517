"""Customers generated in fixed-size batches, each from its own seed, in this process or a worker.

A batch depends only on (seed, batch index, size, today), never on which process made it or on
the batches before it, so the sample is the same however many processes share the work.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from workbench.sample import org
from workbench.sample.customers import COLUMNS, FIRST_CUSTOMER_NUMBER, CallCandidate, CustomerFactory

DORMANT_DAYS = 180
# Callable customers a batch hands on per manager for the call simulation (bounded, flat memory).
DORMANT_CANDIDATES = 3000
OTHER_CANDIDATES = 1000
NUMBER_STRIDE = 10   # customer numbers rise by at most 9, so batch k starts k * size * 10 higher
MANAGER = COLUMNS.index("manager_id")


@dataclass
class Batch:
    customers: list[tuple] = field(default_factory=list)
    holdings: list[tuple] = field(default_factory=list)
    looked_after: dict[str, int] = field(default_factory=lambda: {s[0]: 0 for s in org.MANAGERS})
    unassigned: int = 0
    dormant: dict[str, list[CallCandidate]] = field(default_factory=lambda: {s[0]: [] for s in org.MANAGERS})
    others: dict[str, list[CallCandidate]] = field(default_factory=lambda: {s[0]: [] for s in org.MANAGERS})


@lru_cache(maxsize=4)
def iso_days(today: int):
    """Every day the sample can name, from the oldest birthday to the latest maturity, as ISO text."""
    return {d: date.fromordinal(d).isoformat() for d in range(today - 100 * 366, today + 6 * 366)}.__getitem__


def make_batch(seed: int, index: int, size: int, chunk: int, today: int) -> Batch:
    """Batch number index (of chunk-sized batches) holding size customers."""
    rng = random.Random(f"{seed}/customers/{index}")
    factory = CustomerFactory(rng, today, iso_days(today), FIRST_CUSTOMER_NUMBER + index * chunk * NUMBER_STRIDE)
    batch = Batch()
    for _ in range(size):
        row, products, candidate = factory.make()
        batch.customers.append(row)
        batch.holdings.extend(products)
        manager_id = row[MANAGER]
        if manager_id is None:
            batch.unassigned += 1
            continue
        batch.looked_after[manager_id] += 1
        if candidate is None:
            continue
        idle = candidate.dormant_days
        if idle is None or idle > DORMANT_DAYS:
            if len(batch.dormant[manager_id]) < DORMANT_CANDIDATES:
                batch.dormant[manager_id].append(candidate)
        elif len(batch.others[manager_id]) < OTHER_CANDIDATES:
            batch.others[manager_id].append(candidate)
    return batch
